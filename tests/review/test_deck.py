"""The review's committee deck: the pack's context as slides, read back as a committee member would see them, the
engagement's override template, refusals before anything is written, and a conversion to images by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation

from governance.core.docx import branding_for
from governance.core.pptx import Cell, Detail, Pictures, Table, Tiles
from governance.core.pptx.brand import palette
from governance.core.problems import InputError
from governance.engagement.config import load_engagement
from governance.review.charts import RAG_COLOURS
from governance.review.deck import (
    DECK_VARIABLES,
    check_review_deck,
    deck_context,
    deck_name,
    deck_slides,
    rag_cell,
    render_review_deck,
)
from governance.review.inputs import find_inputs
from governance.review.kpis import portfolio_kpis
from governance.review.metrics import PREVIOUS_COLUMNS, compute_period, latest_before
from governance.review.pack import PackSources, pack_context, pack_images, rag_mark
from governance.review.status_input import check_status_file

ACTIONS = {
    "open": [
        {
            "action": f"Plan de redressement n° {n} : chiffrer les options avec le sponsor",
            "owner": "Paul Brunet",
            "due": "15/11/2026",
            "body": "Comité de pilotage projet",
            "project": "PRJ-005",
            "status": "En cours",
        }
        for n in range(1, 15)
    ],
    "overdue": [
        {
            "action": "Valider le budget complémentaire de l'électrification",
            "owner": "Antoine Faure",
            "due": "30/09/2026",
            "body": "Comité exécutif du groupe",
            "project": "PRJ-005",
            "status": "En retard",
        }
    ],
    "closed": [],
}


def review_of(root: Path):
    """The example engagement's last period computed after every earlier one (as `pmo review --all` would), with
    its pack context and charts: a real month of 25 projects, exceptions, pages and twelve months of trends."""
    engagement = load_engagement(root)
    found = find_inputs(engagement, None, None)
    config = engagement.config
    snapshots, kpis = [], []
    for period in sorted(found.found):
        status, _ = check_status_file(found.found[period], period, period, config.review)
        previous = latest_before(pd.concat(snapshots) if snapshots else None, period)
        review = compute_period(status.frame, previous, found.policy, period, config.review)
        snapshots.append(review.snapshots[list(PREVIOUS_COLUMNS)])
        kpis.append(portfolio_kpis(review))
    history = pd.DataFrame(kpis)
    context = pack_context(
        config=config,
        policy=found.policy,
        settings=config.review,
        review=review,
        kpis=kpis[-1],
        history=history,
        sources=PackSources("data/status/2026-10.csv", "0" * 64, sorted(found.found)),
    )
    return engagement, context, pack_images(config=config, review=review, history=history)


@pytest.fixture(scope="module")
def month(example_template):
    return review_of(example_template)


@pytest.fixture(scope="module")
def deck(month, tmp_path_factory):
    engagement, context, images = month
    target = tmp_path_factory.mktemp("deck") / deck_name("fr", context["period"])
    result = render_review_deck(
        context,
        images,
        target,
        language="fr",
        branding=branding_for(engagement),
        overrides_dir=engagement.templates_dir,
        actions=ACTIONS,
    )
    return result, Presentation(str(target))


def titles(presentation) -> list[str]:
    return [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in presentation.slides]


def slide_titled(presentation, title: str):
    return next(s for s in presentation.slides if s.shapes.title is not None and s.shapes.title.text == title)


def tables(slide) -> list:
    return [shape.table for shape in slide.shapes if shape.has_table]


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


# ------------------------------------------------------------------------------------------ the specs


def test_the_slides_follow_the_pack(month):
    _, context, images = month
    slides = deck_slides(context, images, language="fr", actions=ACTIONS)
    assert [s.title for s in slides[:6]] == [
        "Revue mensuelle de gouvernance",
        "Synthèse",
        "Indicateurs clés",
        "Objectifs du PMO",
        "Météo du portefeuille",
        "Tendances",
    ]
    tiles = next(s for s in slides if isinstance(s, Tiles))
    assert [(t.label, t.value) for t in tiles.tiles] == [(r["label"], r["value"]) for r in context["kpis"]]
    assert tiles.tiles[0].note == f"septembre 2026 : {context['kpis'][0]['previous']}"
    trends = next(s for s in slides if isinstance(s, Pictures) and s.title == "Tendances")
    assert len(trends.images) == 3
    projects = [s for s in slides if isinstance(s, Detail)]
    assert [s.title for s in projects] == [f"{p['id']} — {p['name']}" for p in context["projects"]]
    assert [s.title for s in slides if isinstance(s, Table) and s.title.startswith("Actions")] == [
        "Actions ouvertes",
        "Actions en retard",
        "Actions clôturées depuis le mois dernier",
    ]
    without = deck_slides(context, images, language="fr")
    assert not [s for s in without if s.title.startswith("Actions")], "no actions given: no action slides"


def test_rag_cells_from_the_packs_marks_words_and_codes():
    assert rag_cell(rag_mark(2, "fr"), "fr") == Cell("Rouge", RAG_COLOURS[2], bold=True)
    assert rag_cell(rag_mark(None, "en"), "en") == Cell("n/a", RAG_COLOURS[None])
    assert rag_cell("Amber", "en") == Cell("Amber", RAG_COLOURS[1], bold=True)
    assert rag_cell(0.0, "fr") == Cell("Vert", RAG_COLOURS[0], bold=True)
    assert rag_cell(float("nan"), "fr").fill == RAG_COLOURS[None]


def test_the_template_reads_only_what_the_deck_supplies(month):
    _, context, _ = month
    assert set(deck_context(context, "fr")) == DECK_VARIABLES
    for language in ("fr", "en"):
        check_review_deck(language, None)  # the default templates pass the check


# --------------------------------------------------------------------------------- the deck, read back


def test_the_deck_reads_as_the_committee_sees_it(deck, month):
    engagement, context, _ = month
    result, presentation = deck
    seen = titles(presentation)
    assert result.slides == len(seen) and result.warnings == []
    assert seen[:6] == [
        "Revue mensuelle de gouvernance",
        "Synthèse",
        "Indicateurs clés",
        "Objectifs du PMO",
        "Météo du portefeuille",
        "Tendances",
    ]
    cover = [s.text_frame.text for s in presentation.slides[0].shapes if s.has_text_frame]
    assert f"{context['client']} — octobre 2026" in cover
    summary = slide_titled(presentation, "Synthèse").placeholders[1].text_frame.text
    assert summary.split("\n") == context["summary"]

    (scorecard,) = tables(slide_titled(presentation, "Objectifs du PMO"))
    objective = context["objectives"][0]
    assert rows(scorecard)[0] == ["Objectif", "Mesure", "Ce mois-ci", "Cible", "Statut", "Échéance"]
    assert rows(scorecard)[1] == [
        objective["text"],
        objective["measure"],
        objective["value"],
        objective["target"],
        f"{objective['status']} ({objective['trend']})",
        objective["due"],
    ]
    assert objective["status"] == "À risque" and str(scorecard.cell(1, 4).fill.fore_color.rgb) == "F0A30A"

    (exceptions,) = tables(slide_titled(presentation, "Exceptions"))
    shown = [r[0] for r in rows(exceptions)[1:]]
    assert shown == [e["project"] for e in context["exceptions"]] and shown[0].startswith("PRJ-005")
    for body in context["bodies"]:
        (decisions,) = tables(slide_titled(presentation, f"Décisions attendues — {body['body']}"))
        assert [r[2] for r in rows(decisions)[1:]] == [p["decision"] for p in body["projects"]]


def test_actions_are_listed_and_long_lists_continue(deck):
    _, presentation = deck
    opened = [
        s for s in presentation.slides if s.shapes.title is not None and "Actions ouvertes" in s.shapes.title.text
    ]
    assert [s.shapes.title.text for s in opened] == ["Actions ouvertes"] + ["Actions ouvertes (suite)"] * (
        len(opened) - 1
    )
    actions = [r[0] for s in opened for r in rows(tables(s)[0])[1:]]
    assert actions == [a["action"] for a in ACTIONS["open"]]
    (late,) = tables(slide_titled(presentation, "Actions en retard"))
    assert rows(late)[1][:2] == ["Valider le budget complémentaire de l'électrification", "Antoine Faure"]
    assert str(late.cell(1, 2).text_frame.paragraphs[0].runs[0].font.color.rgb) == "C00000"
    closed = slide_titled(presentation, "Actions clôturées depuis le mois dernier")
    assert not tables(closed) and any(s.has_text_frame and s.text_frame.text == "Aucune action." for s in closed.shapes)


def test_one_slide_per_project_needing_attention(deck, month):
    _, context, _ = month
    _, presentation = deck
    assert context["projects"], "the example month has projects needing attention"
    for page in context["projects"]:
        slide = slide_titled(presentation, f"{page['id']} — {page['name']}")
        facts, dims, evm = tables(slide)
        values = dict((r[0], r[1]) for r in rows(facts))
        assert values["Sponsor"] == page["sponsor"] and values["Niveau"] == page["tier"]
        overall = next(row.cells[1] for row in facts.rows if row.cells[0].text == "Météo calculée")
        assert overall.text in ("Rouge", "Orange") and "#" + str(overall.fill.fore_color.rgb) in (
            RAG_COLOURS[2],
            RAG_COLOURS[1],
        )
        assert [r[0] for r in rows(dims)[1:]] == [d["name"] for d in page["dims"]]
        assert rows(evm)[0][:2] == [page["evm"][0]["l1"], page["evm"][0]["v1"]]
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        for exception in page["exceptions"]:
            assert exception["decision"] in text


def test_brand_font_colour_and_logo_on_every_slide(deck, month):
    engagement, _, _ = month
    _, presentation = deck
    branding = branding_for(engagement)
    colours = palette(branding)
    for slide in list(presentation.slides)[1:]:
        title = slide.shapes.title.text_frame.paragraphs[0].runs[0]
        assert title.font.name == branding.font and "#" + str(title.font.color.rgb) == colours.title
        for table in tables(slide):
            for row in table.rows:
                for cell in row.cells:
                    assert {r.font.name for p in cell.text_frame.paragraphs for r in p.runs} <= {branding.font}
    header = tables(slide_titled(presentation, "Exceptions"))[0].cell(0, 0)
    assert "#" + str(header.fill.fore_color.rgb) == branding.primary_colour.upper()
    assert branding.logo is not None and branding.logo.is_file()
    for slide in presentation.slides:
        assert [s.name for s in slide.shapes].count("Logo") == 1


def test_the_english_deck(month, tmp_path):
    engagement, context, images = month
    # The same month in English: the pack's words are French, the deck's own are English.
    target = tmp_path / deck_name("en", "2026-10")
    render_review_deck(context, images, target, language="en", branding=branding_for(engagement), overrides_dir=None)
    assert target.name == "governance-review-2026-10.pptx"
    seen = titles(Presentation(str(target)))
    assert seen[:4] == ["Monthly governance review", "Summary", "Key figures", "PMO objectives"]
    assert "Exceptions" in seen and not [t for t in seen if t.startswith("Open actions")]


# ------------------------------------------------------------------------------- the engagement's template


def test_an_override_in_the_engagements_templates_folder_is_used(example, month, tmp_path):
    _, context, images = month
    engagement = load_engagement(example)
    override = example / "templates" / "review_deck.fr.pptx"
    template = Presentation(str(Path(__file__).resolve().parents[2] / "document_templates" / "review_deck.fr.pptx"))
    template.slides[0].shapes.title.text_frame.paragraphs[0].runs[0].text = "Comité de {{ client }}"
    template.save(str(override))
    target = tmp_path / "deck.pptx"
    render_review_deck(
        context,
        images,
        target,
        language="fr",
        branding=branding_for(engagement),
        overrides_dir=engagement.templates_dir,
    )
    assert Presentation(str(target)).slides[0].shapes.title.text == f"Comité de {context['client']}"


def test_an_unsafe_override_is_refused_before_anything_is_written(example, month, tmp_path):
    _, context, images = month
    engagement = load_engagement(example)
    override = example / "templates" / "review_deck.fr.pptx"
    template = Presentation(str(Path(__file__).resolve().parents[2] / "document_templates" / "review_deck.fr.pptx"))
    template.slides[0].shapes.title.text_frame.paragraphs[0].runs[0].text = "{{ cycler.__init__.__globals__ }}"
    template.core_properties.subject = "{{ budget_secret }}"
    template.save(str(override))
    with pytest.raises(InputError) as caught:
        check_review_deck("fr", engagement.templates_dir)
    assert [p.file for p in caught.value.problems] == ["templates/review_deck.fr.pptx"] * 2
    assert "__globals__" in caught.value.problems[0].message
    assert "'budget_secret'" in caught.value.problems[1].message
    target = tmp_path / "out" / "deck.pptx"
    with pytest.raises(InputError):
        render_review_deck(
            context,
            images,
            target,
            language="fr",
            branding=branding_for(engagement),
            overrides_dir=example / "templates",
        )
    assert not target.parent.exists(), "nothing written, not even the folder"


def test_a_missing_template_is_named():
    with pytest.raises(InputError) as caught:
        check_review_deck("de", None)
    assert str(caught.value) == "document_templates/review_deck.de.pptx: template not found"


# ----------------------------------------------------------------------------- what LibreOffice shows


def test_the_deck_converts_to_one_image_per_slide(deck, tmp_path):
    result, presentation = deck
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice and shutil.which("pdftoppm"), "LibreOffice (Impress) and poppler are installed here"
    # A profile of its own: another LibreOffice running on the machine must not swallow the job.
    completed = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(result.path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = tmp_path / (result.path.stem + ".pdf")
    assert completed.returncode == 0 and pdf.is_file(), completed.stderr
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")], check=True, timeout=300)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(presentation.slides) == result.slides
