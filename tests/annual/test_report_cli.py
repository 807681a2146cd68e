"""End to end: `pmo report annual` on the example engagement after a year of reviews, two assessments, the
lessons and a few decisions and actions; on an engagement with nothing stored; and its refusals."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from flows.cli import app
from governance.core.store import open_store, transaction
from governance.decisions.store import ActionRecord, DecisionRecord
from governance.engagement.config import load_engagement
from support import document_text
from support.state import state_of

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def seed_decisions(root: Path) -> None:
    """Two decisions of two bodies and three actions: one closed in 20 days, one overdue, one not due yet."""
    engagement = load_engagement(root)
    stamp = datetime(2026, 10, 20, tzinfo=UTC)
    engine = open_store(engagement.database_url())
    decision = {"engagement": engagement.id, "register_file": "data/decisions/x.xlsx", "imported_at": stamp}
    action = {"engagement": engagement.id, "owner_known": True, "comment": "", "updated_at": stamp}
    try:
        with transaction(engine) as session:
            session.add_all(
                [
                    DecisionRecord(
                        **decision,
                        period="2026-08",
                        body_id="portfolio_board",
                        meeting_on=date(2026, 9, 8),
                        project_id="PRJ-005",
                        project_name="Électrification de la flotte urbaine",
                        dimension="cost",
                        decision="Budget complémentaire refusé : réduire le périmètre",
                    ),
                    DecisionRecord(
                        **decision,
                        period="2026-09",
                        body_id="steering_committee",
                        meeting_on=date(2026, 10, 6),
                        project_id="PRJ-009",
                        project_name="Traçabilité colis RFID",
                        dimension="schedule",
                        decision="Plan de rattrapage validé",
                    ),
                    ActionRecord(
                        **action,
                        ref="2026-08/portfolio_board/PRJ-005/cost/1",
                        period="2026-08",
                        body_id="portfolio_board",
                        project_id="PRJ-005",
                        dimension="cost",
                        action="Chiffrer la réduction de périmètre",
                        owner="Karim Benali",
                        due_on=date(2026, 9, 30),
                        status="closed",
                        closed_on=date(2026, 9, 28),
                    ),
                    ActionRecord(
                        **action,
                        ref="2026-09/steering_committee/PRJ-009/schedule/1",
                        period="2026-09",
                        body_id="steering_committee",
                        project_id="PRJ-009",
                        dimension="schedule",
                        action="Replanifier la recette avec l'intégrateur",
                        owner="Sophie Laurent",
                        due_on=date(2026, 10, 15),
                        status="open",
                    ),
                    ActionRecord(
                        **action,
                        ref="2026-09/steering_committee/PRJ-009/schedule/2",
                        period="2026-09",
                        body_id="steering_committee",
                        project_id="PRJ-009",
                        dimension="schedule",
                        action="Renforcer l'équipe de recette",
                        owner="Sophie Laurent",
                        due_on=date(2026, 12, 15),
                        status="open",
                    ),
                ]
            )
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def year(example_template, tmp_path_factory):
    """The example after `pmo assess run`, `pmo review --period 2026-10` (the 12 months), `pmo lessons import`
    and the decisions seeded; then `pmo report annual --json`."""
    root = tmp_path_factory.mktemp("annual") / "engagement"
    shutil.copytree(example_template, root)
    for args in (["assess", "run"], ["review", "--period", "2026-10"], ["lessons", "import"]):
        command = [args[0], str(root), *args[1:]] if args[0] == "review" else [*args, str(root)]
        result = invoke(*command)
        assert result.exit_code == 0, result.output
    seed_decisions(root)
    result = invoke("report", "annual", str(root), "--json")
    assert result.exit_code == 0, result.output
    return root, json.loads(result.stdout)


def test_the_years_figures(year):
    root, payload = year
    assert payload["ok"] and (payload["from"], payload["to"]) == ("2025-11", "2026-10")
    assert len(payload["reviewed_months"]) == 12 and payload["missing"] == []
    maturity = payload["maturity"]
    assert (maturity["start_campaign"], maturity["latest_campaign"]) == ("2026-04", "2026-10")
    on_time, gates, level = payload["objectives"]
    assert on_time["statuses"] == ["achieved"] * 11 + ["at_risk"]
    assert on_time["start"] == ["2025-11", 1.0] and on_time["end"] == ["2026-10", 0.9167]  # 22 of 24 on time
    # Gate compliance, recorded by the PMO from March 2026 (40 %) to October (75 %): 5 points a month reaches
    # 100 % by March 2027, except in August (62 %: 4.4 points a month, 7 months left: 93 %).
    assert gates["statuses"] == ["no_value"] * 4 + ["on_track"] * 5 + ["at_risk"] + ["on_track"] * 2
    assert gates["start"] == ["2026-03", 0.4] and gates["end"] == ["2026-10", 0.75]
    # The governance median (maturity:governance), from the first assessment on: on track with no pace yet, then
    # 1.9 -> 2.2 in six months does not reach 3 by October 2027.
    assert level["statuses"] == ["no_value"] * 5 + ["on_track"] + ["at_risk"] * 6
    assert (level["start"], level["end"]) == (["2026-04", 1.9], ["2026-10", 2.2])
    e = payload["exceptions"]
    # PRJ-005 cost red from 2026-08 (3 months), PRJ-009 schedule red from 2026-09 (2 months), one schedule
    # exception raised and resolved after 4 months in the year.
    assert (e["raised"], e["resolved"], e["open"], e["carried"]) == (3, 1, 2, 0)
    assert (e["mean_months"], e["open_mean_months"]) == (4.0, 2.5)
    assert e["by_dimension"]["cost"]["open"] == 1 and e["by_dimension"]["schedule"]["raised"] == 2
    a = payload["actions"]
    assert {k: a[k] for k in ("decisions", "opened", "closed", "dropped", "open", "overdue")} == {
        "decisions": 2,
        "opened": 3,
        "closed": 1,
        "dropped": 0,
        "open": 2,
        "overdue": 1,
    }
    assert a["mean_days_to_close"] == 20.0
    assert payload["lessons"]["total"] == 14  # of the 16 imported, two are dated before November 2025
    assert payload["staffing"]["target_fte"] == 3.3 and payload["staffing"]["current_fte"] == 2.8
    assert payload["recommendations"] and payload["report"].endswith("out/annual/bilan-annuel-pmo-2026-10.docx")


def test_the_word_report_says_them(year):
    root, payload = year
    text = document_text(Path(payload["report"]))
    assert "Bilan annuel du PMO" in text and "novembre 2025 – octobre 2026" in text
    # Section 1: the two campaigns side by side.
    assert "1,9 (niveau 1)" in text and "2,2 (niveau 2)" in text and "+0,3" in text
    # Section 2: the scorecard's values at the start and the end, and its statuses.
    assert "100\u00a0%\n(novembre 2025)" in text and "92\u00a0%\n(octobre 2026)" in text
    assert "≥\u00a095\u00a0%" in text and "À risque" in text and "En bonne voie" in text
    assert "75\u00a0%\n(octobre 2026)" in text
    # Section 4: the exception counts.
    assert "3 exception(s) ouverte(s) dans l'année et 0 déjà ouverte(s) à son début" in text
    assert "PRJ-005 — Électrification de la flotte urbaine" in text
    # Section 5: decisions per body and the open actions, the overdue one with its days.
    assert "2 décision(s) enregistrée(s) dans l'année" in text and "Délai moyen de clôture\u00a0: 20 jours" in text
    assert "Comité de portefeuille" in text and "Comité de pilotage projet" in text
    assert "PRJ-009\u00a0: Replanifier la recette avec l'intégrateur" in text and "en retard de 16 j" in text
    assert "PRJ-009\u00a0: Renforcer l'équipe de recette" in text
    assert "Chiffrer la réduction" not in text  # closed: not among the open actions
    # Sections 6 to 8.
    assert "Fournisseurs" in text and "Responsable du PMO" in text and "Mathilde Rousseau" in text
    assert "Harmoniser la gouvernance sur l’ensemble des projets" in text
    assert "1 action(s) des instances en retard à fin octobre 2026" in text


def test_an_earlier_year_and_english(year, tmp_path):
    root, _ = year
    copy = tmp_path / "engagement"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("out"))
    config = (copy / "pmo.yaml").read_text(encoding="utf-8").replace("language: fr", "language: en")
    (copy / "pmo.yaml").write_text(config, encoding="utf-8")
    result = invoke("report", "annual", str(copy), "--to", "2026-06", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert (payload["from"], payload["to"]) == ("2025-07", "2026-06")
    # The decisions seeded answer August and September 2026: none in this year.
    assert [m["what"] for m in payload["missing"]] == [
        "maturity re-assessment",
        "months not reviewed",
        "decisions and actions",
    ]
    assert payload["missing"][1]["months"] == ["2025-07", "2025-08", "2025-09", "2025-10"]
    assert payload["actions"]["opened"] == 0 and payload["actions"]["open"] == 0
    text = document_text(Path(payload["report"]))
    assert payload["report"].endswith("pmo-annual-report-2026-06.docx") and "PMO annual report" in text
    assert "Only one assessment is stored (2026-04)" in text
    assert "Months with no stored review: July 2025, August 2025, September 2025, October 2025" in text


def test_nothing_stored_still_renders_and_says_what_is_missing(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    config = {"engagement_id": "vide-0a1b2c3d", "client": {"name": "Client vide"}, "language": "fr"}
    (root / "pmo.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = invoke("report", "annual", str(root), "--to", "2026-10")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "PMO annual report 2025-11 to 2026-10: 0 month(s) reviewed."
    assert f"  section 1, maturity assessment: pmo assess run {root}" in lines
    assert "  section 2, PMO objectives (pmo.yaml pmo.objectives)" in lines
    assert f"  section 3, monthly reviews: pmo review {root} --all" in lines
    assert f"  section 5, decisions and actions: pmo decisions import {root}" in lines
    assert f"  section 6, lessons learned: pmo lessons import {root}" in lines
    assert any(line.startswith("  section 7, staffing plan (data/projects.csv: file not found") for line in lines)
    text = document_text(root / "out" / "annual" / "bilan-annuel-pmo-2026-10.docx")
    for sentence in (
        "Aucune évaluation de la maturité n'est enregistrée\u00a0: «\u00a0pmo assess run empty\u00a0»",
        "Aucune revue mensuelle n'est enregistrée pour novembre 2025 – octobre 2026\u00a0: «\u00a0pmo review empty --all\u00a0»",
        "Aucune décision ni action n'est enregistrée",
        "«\u00a0pmo lessons import empty\u00a0»",
        "Le plan d'effectifs ne peut pas être calculé",
        "Aucun objectif n'est défini dans pmo.yaml",
    ):
        assert sentence in text


@pytest.mark.parametrize("to", ["2026-13", "octobre", "2026-1"])
def test_a_bad_to_is_refused(example, to):
    before = state_of(example)
    result = invoke("report", "annual", str(example), "--to", to)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"--to: {to!r} is not a period; expected a month as YYYY-MM, e.g. 2026-10"
    assert state_of(example) == before


def test_a_broken_override_template_is_refused(example):
    from docx import Document

    template = example / "templates" / "annual_report.fr.docx"
    template.parent.mkdir(exist_ok=True)
    document = Document()
    document.add_paragraph("{{ client.__class__ }} {% if %}")
    document.save(str(template))
    result = invoke("report", "annual", str(example), "--to", "2026-10")
    assert result.exit_code == 2
    assert result.stderr.startswith("templates/annual_report.fr.docx: ")
    assert not (example / "out" / "annual").exists()
