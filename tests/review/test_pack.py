"""Pack context (caps, words, formats), the workbook writer, the Prefect markdown and the policy loader."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from governance.core.xlsx.frames import Column, Sheet, column_letter, write_workbook
from governance.engagement.config import load_engagement, parse_config
from governance.engagement.review_settings import ReviewSettings
from governance.review.kpis import markdown_summary, portfolio_kpis
from governance.review.metrics import compute_period
from governance.review.pack import PackSources, pack_context, period_label
from governance.review.policy import default_policy, load_policy, policy_from_governance
from governance.review.wording import describe_flag
from governance.review.workbook import write_review_workbook
from governance.structure import default_governance
from support.review import row, status


def red_portfolio(count: int) -> pd.DataFrame:
    """`count` red projects (SPI 0.5), each a little worse than the previous one."""
    return status([row(f"P{i:03d}", pv=1000.0, ev=500.0 - i, ac=500.0 - i) for i in range(count)])


def config(language: str = "fr"):
    return parse_config(
        {"client": {"name": "ACME & Fils <SA>"}, "language": language, "consultant": "C. D."}, "pmo.yaml"
    )


def history_for(kpis: dict) -> pd.DataFrame:
    return pd.DataFrame([kpis])


def test_pages_and_exception_rows_are_capped_most_severe_first():
    review = compute_period(red_portfolio(7), None, default_policy(), "2026-10")
    kpis = portfolio_kpis(review)
    settings = ReviewSettings(max_project_pages=2, max_exception_rows=3)
    context = pack_context(
        config=config(),
        policy=default_policy(),
        settings=settings,
        review=review,
        kpis=kpis,
        history=history_for(kpis),
        sources=PackSources("data/status/2026-10.csv", "ab" * 32, ["2026-10"]),
    )
    assert [p["id"] for p in context["projects"]] == ["P006", "P005"]  # the worst two
    assert context["attention_total"] == 7 and context["attention_more"] == 5
    assert len(context["exceptions"]) == 3 and context["exceptions_more"] == 4 and context["exceptions_total"] == 7
    assert context["exceptions"][0]["deviation"] == "51\u00a0%" and context["exceptions"][0]["threshold"] == "15\u00a0%"
    assert context["period_label"] == "octobre 2026" and context["previous_label"] == ""
    page = context["projects"][0]
    assert page["evm"][0] == {"l1": "BAC", "v1": "1,0\u00a0k€", "l2": "SPI", "v2": "0,49"}
    assert [d["deviation"] for d in page["dims"]][:2] == ["50,6\u00a0%", "0,0\u00a0%"]


def test_undefined_figures_read_not_defined_in_both_languages():
    review = compute_period(status([row("P0", pv=0.0, ev=0.0, ac=0.0)]), None, default_policy(), "2026-10")
    kpis = portfolio_kpis(review)
    review.snapshots["rag_overall"] = 2.0  # force a page for it
    for language, undefined in (("fr", "n. d."), ("en", "n/a")):
        context = pack_context(
            config=config(language),
            policy=default_policy(),
            settings=ReviewSettings(),
            review=review,
            kpis=kpis,
            history=history_for(kpis),
            sources=PackSources("x.csv", "0" * 64, ["2026-10"]),
        )
        page = context["projects"][0]
        evm = {e["l2"]: e["v2"] for e in page["evm"]}
        assert evm["SPI"] == undefined and evm["CPI"] == undefined and evm["EAC"] == undefined
        assert "inf" not in str(context)


@pytest.mark.parametrize(
    "flag, value, reference, language, expected",
    [
        (
            "stale",
            pd.Timestamp("2026-10-06"),
            25,
            "fr",
            "Statut daté du 06/10/2026, 25 jours avant la fin de la période",
        ),
        (
            "stale",
            pd.Timestamp("2026-10-06"),
            25,
            "en",
            "Status dated 2026-10-06, 25 days before the end of the period",
        ),
        (
            "ac_without_ev",
            18400.0,
            0.0,
            "fr",
            "Coût réel en hausse de 18\u202f400 € sans valeur acquise supplémentaire",
        ),
        ("percent_inconsistent", 0.85, 0.67, "en", "Reported 85% complete while EV/BAC gives 67%"),
        (
            "missing",
            pd.Timestamp("2026-09-29"),
            "2026-09",
            "fr",
            "Aucun statut reçu pour la période (dernier statut : 29/09/2026, période 2026-09)",
        ),
    ],
)
def test_data_quality_sentences(flag, value, reference, language, expected):
    assert describe_flag(flag, value, reference, language) == expected


def test_markdown_for_the_prefect_ui_escapes_table_cells():
    frame = red_portfolio(2)
    frame.loc[1, "project_name"] = "Pipe | project"  # the worst of the two: first in the table
    review = compute_period(frame, None, default_policy(), "2026-10")
    markdown = markdown_summary(portfolio_kpis(review), review.exceptions, default_policy(), "en", limit=1)
    assert markdown.startswith("# Governance review 2026-10\n")
    assert "| Projects reviewed | 2 / 2 |" in markdown and "| Red / Amber / Green | 2 / 0 / 0 |" in markdown
    assert "Pipe \\| project" in markdown and "… and 1 more in the workbook." in markdown


def test_workbook_is_formula_injection_safe_and_typed(tmp_path):
    frame = status(
        [
            row(
                "P1",
                project_name='=HYPERLINK("http://evil","clic")',
                sponsor="@SUM(A1)",
                project_manager="Dupont & <Fils>\x0b",
                pv=1000.0,
                ev=500.0,
                ac=0.0,
                baseline_end="2026-12-31",
            )
        ]
    )
    review = compute_period(frame, None, default_policy(), "2026-10")
    kpis = portfolio_kpis(review)
    target = write_review_workbook(
        tmp_path / "r.xlsx",
        review=review,
        kpis=kpis,
        history=history_for(kpis),
        policy=default_policy(),
        settings=ReviewSettings(),
        language="en",
        source_file="x.csv",
        kpi_rows=[{"label": "a", "value": "=1+1", "previous": ""}],
        header_fill="1F4E79",
        title="T",
        author="A",
    )
    workbook = load_workbook(target)
    projects = workbook["Projects"]
    header = [c.value for c in projects[1]]
    values = dict(zip(header, [c.value for c in projects[2]], strict=True))
    assert values["Project"] == '\'=HYPERLINK("http://evil","clic")' and values["Sponsor"] == "'@SUM(A1)"
    assert values["Project manager"] == "Dupont & <Fils>"
    assert values["CPI"] is None and values["SPI"] == 0.5  # undefined ratio: empty cell, never inf
    assert values["Baseline end"].date().isoformat() == "2026-12-31"
    assert projects["A2"].data_type == "s" and workbook["Summary"]["B2"].value == "'=1+1"
    assert projects.freeze_panes == "A2" and projects.auto_filter.ref.startswith("A1:")
    assert all(c.data_type != "f" for sheet in workbook for r in sheet.iter_rows() for c in r)


def test_xlsx_writer_basics(tmp_path):
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    frame = pd.DataFrame(
        {
            "name": ["a", None, "c"],
            "amount": [1.5, float("nan"), float("inf")],
            "day": pd.to_datetime(["2026-10-31", None, "2024-02-29"]),
        }
    )
    path = write_workbook(
        tmp_path / "x.xlsx",
        [
            Sheet(
                "Feuille: [1]?",
                frame,
                [Column("Nom", "name"), Column("Montant", "amount", "money"), Column("Jour", "day", "date")],
            ),
            Sheet("Empty", frame.head(0), [Column("Nom", "name")]),
        ],
    )
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    assert workbook.sheetnames == ["Feuille 1", "Empty"]
    assert [[c.value for c in r] for r in sheet.iter_rows(min_row=2)] == [
        ["a", 1.5, pd.Timestamp("2026-10-31").to_pydatetime()],
        [None, None, None],
        ["c", None, pd.Timestamp("2024-02-29").to_pydatetime()],
    ]
    assert sheet["B2"].number_format == "#,##0" and sheet["C2"].number_format == "dd/mm/yyyy"


def test_policy_defaults_and_from_the_governance_model(tmp_path):
    policy = default_policy()
    assert [t.id for t in policy.tiers] == ["tier1", "tier2", "tier3"] and policy.source == "default"
    assert policy.escalate("portfolio_board") == "executive_committee"
    assert policy.escalate("executive_committee") == "executive_committee"  # the top stays at the top
    assert policy_from_governance(None) == policy and policy_from_governance({}) == policy
    # A partial model without tiers keeps the default tiers and adds its bodies.
    only_bodies = policy_from_governance({"bodies": [{"id": "board", "name": {"en": "Board"}}]})
    assert [t.id for t in only_bodies.tiers] == ["tier1", "tier2", "tier3"] and "board" in only_bodies.bodies
    # A tier leaving dimensions out gets the default middle tier's bands for them.
    partial = policy_from_governance(
        {
            "bodies": [],
            "tiers": [
                {
                    "id": "t",
                    "name": {"fr": "T"},
                    "budget_min": 0,
                    "budget_max": None,
                    "escalation_body": "b",
                    "tolerances": {"cost": {"amber": 0.2, "red": 0.4}},
                }
            ],
        }
    )
    assert partial.source == "governance.yaml" and partial.tiers[0].tolerances["cost"].red == 0.4
    assert partial.tiers[0].tolerances["schedule"] == policy.tiers[1].tolerances["schedule"]


def test_without_governance_yaml_the_review_names_the_kits_bodies(tmp_path):
    """The bug of issue 9: with no governance.yaml the review used its own bodies; now THE default model's."""
    (tmp_path / "pmo.yaml").write_text("client:\n  name: ACME\nlanguage: fr\nconsultant: C. D.\n", encoding="utf-8")
    engagement = load_engagement(tmp_path)
    policy = load_policy(engagement)
    model = default_governance(engagement.config.pmo.type)
    assert policy.source == "default" and policy == default_policy(engagement.config.pmo.type)
    assert {b: policy.body_label(b, "en") for b in policy.bodies} == {b.id: b.name.en for b in model.bodies}
    assert [(t.id, t.escalation_body) for t in policy.tiers] == [(t.id, t.escalation_body) for t in model.tiers]


def test_governance_yaml_gives_the_policy(example):
    policy = load_policy(load_engagement(example))
    assert policy.source == "governance.yaml" and policy.tiers


def test_period_labels():
    assert period_label("2026-02", "fr") == "février 2026" and period_label("2026-08", "en") == "August 2026"


def test_template_variables_are_all_supplied():
    """Every variable the default templates read is in the context (StrictUndefined would fail a run)."""
    from governance.core.docx import undeclared_variables
    from governance.core.docx.template_source import default_templates_dir

    review = compute_period(red_portfolio(2), None, default_policy(), "2026-10")
    kpis = portfolio_kpis(review)
    context = pack_context(
        config=config(),
        policy=default_policy(),
        settings=ReviewSettings(),
        review=review,
        kpis=kpis,
        history=history_for(kpis),
        sources=PackSources("x.csv", "0" * 64, ["2026-10"]),
    )
    supplied = set(context) | {
        "heatmap",
        "rag_trend",
        "kpi_trend",
        "index_trend",
        "logo",
        "footer_text",
        "classification",
    }
    for language in ("fr", "en"):
        template = Path(default_templates_dir()) / f"review_pack.{language}.docx"
        assert undeclared_variables(template, language) <= supplied


def test_maturity_row_shows_whole_levels_both_months():
    """Last month's KPIs come back from the store with the level as a float (1.0): the row still reads "1"."""
    from governance.review.pack_summary import kpi_rows

    kpis = portfolio_kpis(compute_period(red_portfolio(2), None, default_policy(), "2026-10"))
    current = {**kpis, "maturity_level": 1, "maturity_score": 2.1, "maturity_campaign": "2026-10"}
    previous = {**kpis, "maturity_level": 1.0, "maturity_score": 1.9, "maturity_campaign": "2026-04"}
    [row] = [r for r in kpi_rows(current, previous, "fr") if r["label"].startswith("Maturité")]
    assert (row["value"], row["previous"]) == ("1 (2,1, 2026-10)", "1 (1,9, 2026-04)")
