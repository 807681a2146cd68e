"""The annual report's committee deck as `pmo report annual` writes it: beside the Word report, saying what the
report says (read back from both files), from the engagement's own template when it has one, an unsafe one
refused before anything is written, what is missing said on an engagement with nothing stored, and a conversion to
one image per slide by LibreOffice."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
import yaml
from docx import Document
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from governance.annual import compute_report, prepare, read_inputs
from governance.annual.deck import DECK_VARIABLES, check_annual_deck, deck_context
from governance.annual.run import report_material
from governance.core.docx.template_source import default_templates_dir
from governance.core.store import open_store, transaction
from governance.engagement.config import load_engagement
from support import deck_text
from tests.annual.test_report_cli import invoke, year  # noqa: F401  (the fixture: a year stored, then reported)

SCORECARD = "Objectifs du PMO sur l'année"
EXCEPTIONS = "Exceptions\u00a0: ouvertes, résolues, durées"
BY_DIMENSION = "Exceptions par dimension"
OPEN_ACTIONS = "Actions en cours à fin octobre 2026"


def titles(presentation) -> list[str]:
    return [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in presentation.slides]


def slide_titled(presentation, title: str):
    return next(s for s in presentation.slides if s.shapes.title is not None and s.shapes.title.text == title)


def deck_rows(slide) -> list[list[str]]:
    (table,) = [shape.table for shape in slide.shapes if shape.has_table]
    return [[cell.text for cell in row.cells] for row in table.rows]


def word_rows(path: str | Path, *headers: str) -> list[list[str]]:
    """The rows (the header row first) of the Word report's table whose headers start with `headers`."""
    for table in Document(str(path)).tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and [one_line(h) for h in rows[0][: len(headers)]] == list(headers):
            return rows
    raise AssertionError(f"no table headed {headers} in {path}")


def one_line(text: str) -> str:
    """A cell's words, whatever separates them: the Word report's "92 %\\n(octobre 2026)" is the deck's
    "92 % (octobre 2026)", on one line, its month kept whole by a no-break space."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def deck(year):  # noqa: F811
    root, payload = year
    return payload, Presentation(payload["deck"])


def test_the_deck_is_written_beside_the_report(deck):
    payload, presentation = deck
    assert Path(payload["deck"]) == Path(payload["report"]).with_suffix(".pptx")
    assert payload["deck"].endswith("out/annual/bilan-annuel-pmo-2026-10.pptx") and payload["warnings"] == []
    seen = titles(presentation)
    for title in (
        "Bilan annuel du PMO",
        "L'année en bref",
        "Maturité\u00a0: point de départ et réévaluation",
        "Maturité par dimension",
        SCORECARD,
        "Objectifs du PMO mois par mois",
        "Tendances du portefeuille",
        EXCEPTIONS,
        BY_DIMENSION,
        "Décisions et actions des instances",
        OPEN_ACTIONS,
        "Retours d'expérience par catégorie",
        "Effectifs du PMO\u00a0: plan et équipe réelle",
        "Deuxième année\u00a0: les pas de maturité",
        "Deuxième année\u00a0: objectifs et actions",
    ):
        assert title in seen
    cover = [s.text_frame.text for s in presentation.slides[0].shapes if s.has_text_frame]
    assert "Groupe Valmont Logistique — novembre 2025 – octobre 2026" in cover
    shapes = slide_titled(presentation, "Tendances du portefeuille").shapes
    pictures = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE and s.name != "Logo"]
    assert len(pictures) == 3  # the Word report's three trend charts


def test_the_scorecard_is_the_reports(deck):
    payload, presentation = deck
    word = word_rows(payload["report"], "N°", "Objectif", "Mesure")
    shown = deck_rows(slide_titled(presentation, SCORECARD))
    assert shown[0] == ["N°", "Objectif", "Mesure", "Cible", "Début", "Fin", "Statut à fin", "Échéance"]
    assert [[one_line(c) for c in r] for r in shown[1:]] == [[one_line(c) for c in r] for r in word[1:]]
    assert len(shown) - 1 == len(payload["objectives"]) > 0
    # Each status in the review deck's colours: met or on track green, at risk amber, missed red, else grey.
    colours = {"achieved": "3A9D23", "on_track": "3A9D23", "at_risk": "F0A30A", "missed": "C00000"}
    (table,) = [s.table for s in slide_titled(presentation, SCORECARD).shapes if s.has_table]
    for index, objective in enumerate(payload["objectives"], start=1):
        assert str(table.cell(index, 6).fill.fore_color.rgb) == colours.get(objective["status"], "D9D9D9")
    # Month by month: the Word report's grid, its marks on their colours.
    first = payload["from"]
    word = word_rows(payload["report"], "N°", f"{first[5:]} {first[:4]}")
    grid = deck_rows(slide_titled(presentation, "Objectifs du PMO mois par mois"))
    assert grid[0] == [h.replace("\n", "/") for h in word[0]] and grid[1:] == word[1:]
    measured = [o for o in payload["objectives"] if o["status"] != "not_measured"]
    assert [r[0] for r in grid[1:]] == [str(o["number"]) for o in measured]


def test_the_exception_counts_are_the_reports(deck):
    payload, presentation = deck
    e = payload["exceptions"]
    tiles = slide_titled(presentation, EXCEPTIONS)
    values = [p.text for s in tiles.shapes if s.has_text_frame for p in s.text_frame.paragraphs[1:2]]
    assert values[:3] == [str(e["raised"]), str(e["resolved"]), str(e["open"])]
    word = word_rows(payload["report"], "Dimension", "Ouvertes dans l'année")
    shown = deck_rows(slide_titled(presentation, BY_DIMENSION))
    assert shown[1:] == word[1:]  # the total row included
    assert shown[-1][:4] == ["Total", str(e["raised"]), str(e["resolved"]), str(e["open"])]


def test_the_open_actions_are_the_reports(deck):
    payload, presentation = deck
    word = word_rows(payload["report"], "Instance", "Action", "Responsable")
    shown = deck_rows(slide_titled(presentation, OPEN_ACTIONS))
    assert shown[1:] == word[1:]
    assert [r[1] for r in shown[1:]] == [
        f"{a['project_id']}\u00a0: {a['action']}" for a in payload["actions"]["open_actions"]
    ]
    # The overdue ones say by how much, in red; the others say nothing there.
    (table,) = [s.table for s in slide_titled(presentation, OPEN_ACTIONS).shapes if s.has_table]
    overdue = [a["overdue"] for a in payload["actions"]["open_actions"]]
    assert sum(overdue) == payload["actions"]["overdue"] > 0
    for index, late in enumerate(overdue, start=1):
        assert bool(shown[index][4]) == late
        if late:
            assert shown[index][4].startswith("en retard de ")
            assert str(table.cell(index, 4).text_frame.paragraphs[0].runs[0].font.color.rgb) == "C00000"
    assert "Chiffrer la réduction" not in deck_text(payload["deck"])  # closed in the year: not open


def test_the_template_reads_only_what_the_deck_supplies(year):  # noqa: F811
    for language in ("fr", "en"):
        check_annual_deck(language, None)  # the default templates pass the check
    root, _ = year
    engagement = load_engagement(root)
    engine = open_store(engagement.database_url())
    try:
        with transaction(engine) as session:
            report = compute_report(read_inputs(prepare(engagement, "2026-10"), session=session))
    finally:
        engine.dispose()
    context, _ = report_material(report)
    values = deck_context(context, "fr", "2026-10")
    assert set(values) == DECK_VARIABLES
    assert (values["period_label"], values["previous_label"]) == (
        "novembre 2025 – octobre 2026",
        "novembre 2024 – octobre 2025",
    )


# ------------------------------------------------------------------------------- the engagement's template


def override(root: Path, text: str) -> Path:
    """The default French deck template with `text` as its cover's subtitle, in templates/."""
    deck = Presentation(str(default_templates_dir() / "annual_deck.fr.pptx"))
    deck.slides[0].placeholders[1].text_frame.text = text
    target = root / "templates" / "annual_deck.fr.pptx"
    target.parent.mkdir(exist_ok=True)
    deck.save(str(target))
    return target


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_override_template_is_used(example):
    override(example, "{{ client }} — COMITÉ ANNUEL {{ year_label }}")
    result = invoke("report", "annual", str(example), "--to", "2026-10", "--json")
    assert result.exit_code == 0, result.output
    cover = Presentation(json.loads(result.stdout)["deck"]).slides[0]
    assert (
        cover.placeholders[1].text_frame.text
        == "Groupe Valmont Logistique — COMITÉ ANNUEL novembre 2025 – octobre 2026"
    )


def test_an_unsafe_override_is_refused_and_nothing_is_written(example):
    override(example, "{{ lipsum.__globals__ }}")
    out = example / "out"
    before = files_under(out) if out.exists() else {}
    result = invoke("report", "annual", str(example), "--to", "2026-10")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("templates/annual_deck.fr.pptx: ") and "Traceback" not in result.output
    assert (files_under(out) if out.exists() else {}) == before
    assert not (out / "annual").exists()


# ------------------------------------------------------------------------------- what is missing


def test_nothing_stored_still_renders_and_says_what_is_missing(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    config = {"engagement_id": "vide-0a1b2c3d", "client": {"name": "Client vide"}, "language": "fr"}
    (root / "pmo.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = invoke("report", "annual", str(root), "--to", "2026-10", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert result.exit_code == 0 and payload["deck"].endswith("out/annual/bilan-annuel-pmo-2026-10.pptx")
    presentation = Presentation(payload["deck"])
    assert titles(presentation)[1] == "Ce que le bilan n'a pas trouvé"
    slide = slide_titled(presentation, "Tendances du portefeuille")
    said = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s != slide.shapes.title]
    assert said == [
        "Aucune revue mensuelle n'est enregistrée pour novembre 2025 – octobre 2026\u00a0: "
        "«\u00a0pmo review empty --all\u00a0» calcule chaque mois de data/status/."
    ]
    text = deck_text(payload["deck"])
    report = Document(payload["report"])
    for sentence in [p.text for p in report.paragraphs if p.style.name == "List Bullet"]:
        assert sentence in text  # every missing input the Word report lists
    for sentence in (
        "Aucune évaluation de la maturité n'est enregistrée",
        "Aucun objectif n'est défini dans pmo.yaml",
        "Aucune décision ni action n'est enregistrée",
        "«\u00a0pmo lessons import empty\u00a0»",
        "Le plan d'effectifs ne peut pas être calculé",
    ):
        assert sentence in text
    assert not [s for s in presentation.slides for shape in s.shapes if shape.has_table]


def test_the_english_deck_of_an_earlier_year(year, tmp_path):  # noqa: F811
    root, _ = year
    copy = tmp_path / "engagement"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("out"))
    config = (copy / "pmo.yaml").read_text(encoding="utf-8").replace("language: fr", "language: en")
    (copy / "pmo.yaml").write_text(config, encoding="utf-8")
    result = invoke("report", "annual", str(copy), "--to", "2026-06", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["deck"].endswith("pmo-annual-report-2026-06.pptx")
    presentation = Presentation(payload["deck"])
    seen = titles(presentation)
    assert seen[:3] == ["PMO annual report", "The year in brief", "Maturity: baseline and re-assessment"]
    # One assessment only: the table has no baseline column and says a re-assessment is missing.
    table = slide_titled(presentation, "Maturity by dimension")
    assert deck_rows(table)[0] == ["Dimension", "2026-04", "Target", "Gap left"]
    assert "Only one assessment is stored (2026-04)" in deck_text(payload["deck"])
    decisions = slide_titled(presentation, "The bodies' decisions and actions")
    assert any("No decision or action is stored" in s.text_frame.text for s in decisions.shapes if s.has_text_frame)


# ----------------------------------------------------------------------------- what LibreOffice shows


def test_the_deck_converts_to_one_image_per_slide(deck, tmp_path):
    payload, presentation = deck
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice (soffice) and poppler (pdftoppm) are not installed")
    # A profile of its own: another LibreOffice running on the machine must not swallow the job.
    profile = Path("/tmp") / f"pmo-annual-deck-{uuid.uuid4().hex}"
    try:
        completed = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                payload["deck"],
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = tmp_path / (Path(payload["deck"]).stem + ".pdf")
    assert completed.returncode == 0 and pdf.is_file(), completed.stderr
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "slide")], check=True, timeout=300)
    assert len(sorted(tmp_path.glob("slide-*.png"))) == len(presentation.slides) > 15
