"""The portfolio board pack: a small pack built by hand, rendered in both languages and read back as a board member
reads it (ranked order, scores and costs as printed, the gain over the baseline, the frontier's next step worked out
by hand, the limits reached, each deferred reason, the decision sheet), and the template's contract."""

from __future__ import annotations

import io
import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml
from docx import Document
from PIL import Image

from governance.core.docx import inspect_template
from governance.core.docx.template_source import default_templates_dir
from governance.engagement.config import load_engagement
from governance.kit.context import RENDERER_VARIABLES
from governance.portfolio.frontier_chart import frontier_png, next_step
from governance.portfolio.pack import BoardPack, output_name, pack_context, render_pack
from support import document_text

NAN = math.nan
SHEET = {"fr": "decisions-portefeuille-2026-11-20.xlsx", "en": "portfolio-decisions-2026-11-20.xlsx"}
REASONS = {
    "fr": {
        "D-5": [
            "Le budget 2027 ne suffit pas : il manque 1,9\u00a0M€.",
            "Développeur au-delà de sa capacité au T2 2027.",
        ],
        "D-4": ["Aucun évaluateur ne l'a notée."],
    },
    "en": {
        "D-5": ["The 2027 budget falls short by EUR 1.9 M.", "Developer over capacity in Q2 2027."],
        "D-4": ["No reviewer scored it."],
    },
}


def picture(width_px: int, height_px: int) -> bytes:
    """A plain PNG drawn at 150 dpi, as the kit's charts are."""
    buffer = io.BytesIO()
    Image.new("RGB", (width_px, height_px), "#DDEBF7").save(buffer, format="PNG", dpi=(150, 150))
    return buffer.getvalue()


def board_pack(language: str, heat_before: bytes | None = None, heat_after: bytes | None = None) -> BoardPack:
    """Five candidate demands over 2027-2028, D-3, D-1 (mandatory) and D-2 proposed, D-5 and D-4 (unscored) not;
    D-0 approved already (outside the selection, its cost committed)."""
    columns = ["rank", "demand_id", "title", "sponsor", "score", "reviewers", "flagged", "total_cost", "status"]
    ranked = pd.DataFrame(
        [
            (1, "D-3", "Portail client", "Direction commerciale", 4.38, 3, False, 1_200_000.0, "submitted"),
            (2, "D-1", "Conformité RGPD", "DPO", 4.0, 3, False, 800_000.0, "under_review"),
            (3, "D-0", "Migration du CRM", "DSI", 3.9, 3, False, 2_000_000.0, "approved"),
            (4, "D-5", "Entrepôt de données", "DSI", 3.6, 2, True, 2_400_000.0, "submitted"),
            (5, "D-2", "Refonte du SIRH", "DRH", 3.22, 3, False, 660_000.0, "submitted"),
            (6, "D-4", "Application mobile", "Marketing", NAN, 0, False, 300_000.0, "submitted"),
        ],
        columns=columns,
    )
    ranked["mandatory"] = [False, True, False, False, False, False]
    ranked["selected"] = [True, True, True, False, True, False]  # an approved demand counts as selected
    budget = pd.DataFrame(
        {
            "year": [2027, 2028],
            "budget": [4_500_000.0, NAN],
            "committed": [2_000_000.0, 500_000.0],
            "selected": [2_200_000.0, 450_000.0],
            "greedy": [2_100_000.0, 900_000.0],
        }
    )
    # Current budget 4.5 M; 5.0 M buys nothing more (the flat of a step); 5.4 M adds 3.6 points and one demand.
    frontier = pd.DataFrame(
        {
            "total_budget": [3_000_000.0, 3_600_000.0, 4_500_000.0, 5_000_000.0, 5_400_000.0, 6_750_000.0],
            "score": [7.0, 9.5, 11.6, 11.6, 15.2, 15.2],
            "count": [2, 3, 3, 3, 4, 4],
            "is_current": [False, False, True, False, False, False],
        }
    )
    bottleneck_columns = ["role", "months_over", "peak", "peak_month", "overload_days"]
    reasons = REASONS[language]
    return BoardPack(
        client="Acme",
        consultant="Claire Martin",
        body_name="Comité de portefeuille" if language == "fr" else "Portfolio board",
        prepared_on=date(2026, 11, 20),
        currency="EUR",
        ranked=ranked,
        budget=budget,
        frontier=frontier,
        heat_before=heat_before if heat_before is not None else picture(1885, 460),
        heat_after=heat_after if heat_after is not None else picture(1885, 460),
        bottlenecks_before=pd.DataFrame([("developpeur", 2, 1.12, "2027-05", 14.4)], columns=bottleneck_columns),
        bottlenecks_after=pd.DataFrame(
            [("developpeur", 4, 1.35, "2027-06", 38.0), ("chef de projet", 1, 1.05, "2028-02", 2.0)],
            columns=bottleneck_columns,
        ),
        selection_score=11.6,
        greedy_score=10.7,
        gap=0.078,  # 0.9 / 11.6, as selection.gap() divides; the pack says 0.9 / 10.7, the gain over the baseline
        solver_seconds=0.42,
        binding=[
            {"kind": "budget", "key": "2027", "used": 4_200_000.0, "available": 4_500_000.0},
            {"kind": "capacity", "key": "developpeur 2027-Q2", "used": 410.0, "available": 420.0},
        ],
        deferred=pd.DataFrame(
            {
                "demand_id": ["D-5", "D-4"],
                "title": ["Entrepôt de données", "Application mobile"],
                "score": [3.6, NAN],
                "reasons": [reasons["D-5"], reasons["D-4"]],
            }
        ),
        warnings=["Les évaluateurs divergent sur D-5.", "D-4 n'est pas notée."],
        decision_sheet=SHEET[language],
        role_labels={
            "developpeur": "Développeur" if language == "fr" else "Developer",
            "chef de projet": "Chef de projet",
        },
    )


@pytest.fixture
def engagement(tmp_path):
    folder = tmp_path / "engagement"
    folder.mkdir()
    (folder / "pmo.yaml").write_text(
        yaml.safe_dump({"engagement_id": "t-0a1b2c3d", "client": {"name": "Acme"}, "language": "fr"}), encoding="utf-8"
    )
    return load_engagement(folder)


def table_with(document, header: str):
    return next(t for t in document.tables if t.rows[0].cells[0].text == header)


def column(table, index: int) -> list[str]:
    return [row.cells[index].text for row in table.rows[1:]]


def render(engagement, tmp_path: Path, language: str, pack: BoardPack | None = None) -> Path:
    target = tmp_path / output_name(language, date(2026, 11, 20))
    result = render_pack(pack or board_pack(language), target, engagement=engagement, language=language)
    assert result.path == target and target.is_file()
    return target


# Narrow no-break space: Babel's French thousands separator; no-break space before units, %, : and inside « ».
NNBSP, NBSP = "\u202f", "\u00a0"


def test_french_pack_reads_as_the_board_reads_it(engagement, tmp_path):
    path = render(engagement, tmp_path, "fr")
    assert path.name == "dossier-comite-portefeuille-2026-11-20.docx"
    document = Document(str(path))
    text = document_text(path)

    assert "Dossier du comité de portefeuille" in text
    assert "Acme — Comité de portefeuille" in text
    assert "Dossier préparé par Claire Martin, le 20/11/2026." in text
    # 1. Summary: the proposal, the gain over the baseline, capacity, the decision expected.
    assert (
        f"Le PMO propose de retenir 3 des 5 demandes candidates, pour un score pondéré total de 11,6 et un coût total "
        f"de 2,7{NBSP}M€. Dont 1 demande obligatoire, retenue d'office. La demande déjà approuvée reste engagée "
        f"(2,0{NBSP}M€)."
    ) in text
    assert (
        f"La sélection obtient +8,4{NBSP}% de score par rapport à la référence qui retient les demandes par score par "
        "euro (11,6 contre 10,7)."
    ) in text
    assert (
        f"Capacité{NBSP}: 1 rôle en surcharge avec les projets en cours et les demandes approuvées, 2 rôles avec la proposition."
        in text
    )
    budget = table_with(document, "Année")
    assert [c.text for c in budget.rows[1].cells] == [
        "2027",
        f"4{NNBSP}500{NBSP}k€",
        f"2{NNBSP}000{NBSP}k€",
        f"2{NNBSP}200{NBSP}k€",
        f"300{NBSP}k€",
        f"2{NNBSP}100{NBSP}k€",
    ]
    assert [c.text for c in budget.rows[2].cells] == [
        "2028",
        "sans budget",
        f"500{NBSP}k€",
        f"450{NBSP}k€",
        "",
        f"900{NBSP}k€",
    ]
    assert [c.text for c in budget.rows[3].cells][0] == "Total"
    assert "Les évaluateurs divergent sur D-5." in text and "D-4 n'est pas notée." in text

    # 2. Ranked, best first, with the scores to one decimal, the disagreement flag, the costs and proposals.
    ranked = table_with(document, "N°")
    assert column(ranked, 0) == ["1", "2", "3", "4", "5", "6"]
    assert column(ranked, 1) == ["D-3", "D-1", "D-0", "D-5", "D-2", "D-4"]
    assert column(ranked, 4) == ["4,4", "4,0", "3,9", "▲ 3,6", "3,2", "n. d."]  # ▲: the reviewers disagree
    assert column(ranked, 5) == ["3", "3", "3", "2", "3", "0"]
    assert column(ranked, 6)[:4] == [
        f"1{NNBSP}200{NBSP}k€",
        f"800{NBSP}k€",
        f"2{NNBSP}000{NBSP}k€",
        f"2{NNBSP}400{NBSP}k€",
    ]
    assert column(ranked, 7) == ["Soumise", "En instruction", "Approuvée", "Soumise", "Soumise", "Soumise"]
    assert column(ranked, 8) == ["Retenue", "Obligatoire", "Déjà approuvée", "Non retenue", "Retenue", "Non notée"]

    # 3. The frontier: from 4.5 M, 5.0 M buys nothing more; 5.4 M adds 15.2 - 11.6 = 3.6 points and one demand.
    assert (
        f"Le palier suivant au-delà du budget disponible (4,5{NBSP}M€) coûte 900{NBSP}k€ de plus (5,4{NBSP}M€ au total) et "
        "apporte 3,6 points de score pondéré (1 demande de plus)."
    ) in text

    # 4. Capacity: both heat maps, the bottleneck roles with their labels, peak and month.
    before, after = [t for t in document.tables if t.rows[0].cells[0].text == "Rôle"]
    assert [c.text for c in before.rows[1].cells] == ["Développeur", "2", f"112{NBSP}%", "mai 2027", "14"]
    assert column(after, 0) == ["Développeur", "Chef de projet"]
    assert len(document.inline_shapes) == 3  # the frontier, the heat map before, the heat map after

    # 5. The selection and the limits it reaches, in words.
    selection = [t for t in document.tables if t.rows[0].cells[0].text == "N°"][1]
    assert column(selection, 1) == ["D-3", "D-1", "D-2"]
    assert f"Budget 2027{NBSP}: 4,2{NBSP}M€ utilisés sur 4,5{NBSP}M€" in text
    assert f"Développeur, T2 2027{NBSP}: 410 jours sur 420" in text
    assert "0,42 s de calcul" in text

    # 6. Each deferred demand and each of its reasons.
    deferred = table_with(document, "Réf.")
    assert column(deferred, 0) == ["D-5", "D-4"]
    assert column(deferred, 2) == ["3,6", "n. d."]
    reasons = [p.text for p in deferred.rows[1].cells[3].paragraphs]
    assert reasons == [r.replace(" :", f"{NBSP}:") for r in REASONS["fr"]["D-5"]]
    assert [p.text for p in deferred.rows[2].cells[3].paragraphs] == REASONS["fr"]["D-4"]

    # 7. The decision sheet, named, and the command that reads it.
    assert f"Feuille de décision{NBSP}: decisions-portefeuille-2026-11-20.xlsx" in text
    assert f"«{NBSP}decisions-portefeuille-2026-11-20.xlsx{NBSP}»" in text
    assert f"«{NBSP}pmo portfolio decide{NBSP}»" in text
    assert "{{" not in text and "{%" not in text


def test_english_pack(engagement, tmp_path):
    path = render(engagement, tmp_path, "en")
    assert path.name == "portfolio-board-pack-2026-11-20.docx"
    document = Document(str(path))
    text = document_text(path)
    assert "Portfolio board pack" in text and "Pack prepared by Claire Martin, on 2026-11-20." in text
    assert (
        "The PMO proposes 3 of the 5 candidate demands, for a total weighted score of 11.6 and a total cost of "
        f"2.7{NBSP}M€. Of which 1 mandatory demand, proposed by rule. The demand already approved stays committed "
        f"(2.0{NBSP}M€)."
    ) in text
    assert (
        "The selection scores +8.4% over the baseline that takes demands by score per euro (11.6 against 10.7)." in text
    )
    ranked = table_with(document, "#")
    assert column(ranked, 1) == ["D-3", "D-1", "D-0", "D-5", "D-2", "D-4"]
    assert column(ranked, 4) == ["4.4", "4.0", "3.9", "▲ 3.6", "3.2", "n/a"]
    assert column(ranked, 6)[0] == f"1,200{NBSP}k€"
    assert column(ranked, 8) == ["Proposed", "Mandatory", "Already approved", "Not proposed", "Proposed", "Not scored"]
    assert (
        f"The next step beyond the available budget (4.5{NBSP}M€) costs 900{NBSP}k€ more (5.4{NBSP}M€ in all) and adds "
        "3.6 points of weighted score (1 more demand)."
    ) in text
    assert f"Budget 2027: 4.2{NBSP}M€ used of 4.5{NBSP}M€" in text
    assert "Developer, Q2 2027: 410 days of 420" in text
    for reason in [*REASONS["en"]["D-5"], *REASONS["en"]["D-4"]]:
        assert reason in text
    assert "Decision sheet: portfolio-decisions-2026-11-20.xlsx" in text
    assert "“pmo portfolio decide”" in text
    assert "{{" not in text and "{%" not in text


def test_heat_maps_print_at_their_drawn_size_within_the_page(engagement, tmp_path):
    """A heat map drawn 1885 px wide at 150 dpi (31.9 cm) is shrunk to the landscape width, 25 cm; one drawn 900 px
    (15.2 cm) prints at its own size; a tall one is narrowed so that it stays 10 cm high; an empty one is left out."""
    pack = board_pack("fr", heat_before=picture(900, 300), heat_after=picture(1000, 900))
    document = Document(str(render(engagement, tmp_path, "fr", pack)))
    widths = [round(shape.width.cm, 1) for shape in document.inline_shapes]
    assert widths == [15.5, 15.2, 11.1]
    pack = board_pack("fr", heat_after=b"")
    document = Document(str(render(engagement, tmp_path, "fr", pack)))
    assert [round(shape.width.cm, 1) for shape in document.inline_shapes] == [15.5, 25.0]


def test_frontier_next_step_edge_cases():
    frontier = board_pack("fr").frontier
    step = next_step(frontier)
    assert step.current["total_budget"] == 4_500_000 and step.next["total_budget"] == 5_400_000
    assert (round(step.extra_budget), round(step.extra_score, 6), step.extra_count) == (900_000, 3.6, 1)
    top = frontier.assign(is_current=[False] * 4 + [True, False])  # 5.4 M: nothing above scores more
    assert next_step(top).next is None
    assert next_step(frontier.assign(is_current=False)) is None
    pack = board_pack("en")
    pack.frontier = top
    assert pack_context(pack, language="en")["frontier"]["next"].startswith(
        f"No higher budget adds any score: beyond the available budget (5.4{NBSP}M€)"
    )
    pack.frontier = frontier.iloc[0:0]
    context = pack_context(pack, language="en")["frontier"]
    assert context["ok"] is False and context["none"].startswith("The frontier could not be computed")


def test_gain_over_the_baseline_is_said_from_the_two_scores():
    pack = board_pack("en")
    pack.greedy_score = 11.6
    assert pack_context(pack, language="en")["summary"][1] == (
        "The baseline that takes demands by score per euro reaches the same score (11.6): the proposed selection "
        "confirms it."
    )
    pack.greedy_score, pack.gap = 0.0, 1.0  # a baseline that scores nothing: the gap as given
    assert pack_context(pack, language="en")["summary"][1].startswith("The selection scores +100.0% over")


def test_frontier_chart_is_a_150_dpi_png():
    png = frontier_png(board_pack("fr").frontier, language="fr", currency="EUR")
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and round(image.info["dpi"][0]) == 150
        assert 900 < image.size[0] < 1200


def test_template_reads_what_pack_context_supplies():
    """Each language's template reads exactly the context's keys (the charts included) and the renderer's own
    variables: StrictUndefined would fail a render on a missing one, a key no template reads is dead."""
    from docxtpl import DocxTemplate

    for language in ("fr", "en"):
        template = default_templates_dir() / f"portfolio_pack.{language}.docx"
        info = inspect_template(template, language)
        assert info.problems == []
        context = pack_context(board_pack(language), language=language, doc=DocxTemplate(str(template)))
        assert info.variables == set(context) | RENDERER_VARIABLES


def test_an_engagement_template_overrides_the_kit(engagement, tmp_path):
    document = Document(str(default_templates_dir() / "portfolio_pack.fr.docx"))
    document.add_paragraph("Modèle du client pour {{ body_name }}")
    (engagement.templates_dir).mkdir(exist_ok=True)
    document.save(str(engagement.templates_dir / "portfolio_pack.fr.docx"))
    assert "Modèle du client pour Comité de portefeuille" in document_text(render(engagement, tmp_path, "fr"))
