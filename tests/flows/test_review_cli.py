"""End to end on the example engagement: `pmo review` through the CLI, the flow, the store, the pack and workbook."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select
from typer.testing import CliRunner

from flows.cli import app
from governance.core.store import open_store, transaction
from governance.review.store import ReviewPeriod, ReviewSnapshot
from support import document_text

runner = CliRunner()
PERIODS = [
    "2025-11",
    "2025-12",
    "2026-01",
    "2026-02",
    "2026-03",
    "2026-04",
    "2026-05",
    "2026-06",
    "2026-07",
    "2026-08",
    "2026-09",
    "2026-10",
]


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def stored(engagement: Path, period: str | None = None) -> tuple[int, int, list[str]]:
    engine = open_store(f"sqlite:///{engagement / 'pmo.db'}")
    try:
        with transaction(engine) as session:
            snapshots = select(func.count()).select_from(ReviewSnapshot)
            if period:
                snapshots = snapshots.where(ReviewSnapshot.period == period)
            return (
                session.execute(snapshots).scalar_one(),
                session.execute(select(func.count()).select_from(ReviewPeriod)).scalar_one(),
                list(session.execute(select(ReviewPeriod.source_sha256).order_by(ReviewPeriod.period)).scalars()),
            )
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def reviewed(example_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("reviewed") / "engagement"
    shutil.copytree(example_template, root)
    result = invoke("review", str(root), "--period", "2026-10", "--json")
    assert result.exit_code == 0, result.output
    return root, json.loads(result.stdout)


def test_first_run_stores_the_history_and_reviews_the_period(reviewed):
    root, payload = reviewed
    assert payload["ok"] and payload["period"] == "2026-10"
    assert payload["computed_periods"] == PERIODS and payload["stored_periods"] == PERIODS
    k = payload["kpis"]
    assert (k["projects"], k["expected"], k["missing"], k["red"]) == (23, 24, 1, 2)
    assert (k["worsening"], k["escalations"], k["exceptions"]) == (3, 1, 2)
    exceptions = {(e["project_id"], e["dimension"]): e for e in payload["exceptions"]}
    assert set(exceptions) == {("PRJ-005", "cost"), ("PRJ-009", "schedule")}
    # Red three months running: one body above the tier's escalation body (portfolio board -> executive board).
    assert exceptions["PRJ-005", "cost"]["escalated"] and exceptions["PRJ-005", "cost"]["body_id"] == "executive_board"
    assert exceptions["PRJ-009", "schedule"]["body_id"] == "steering_committee"
    flags = {(d["project_id"], d["flag"]) for d in payload["data_quality"]}
    assert flags == {
        ("PRJ-012", "missing"),
        ("PRJ-017", "stale"),
        ("PRJ-007", "ac_without_ev"),
        ("PRJ-020", "percent_inconsistent"),
    }
    snapshots, periods, _ = stored(root, "2026-10")
    assert (snapshots, periods) == (23, 12)
    total = sum(
        len((root / "data" / "status" / f"{p}.csv").read_text(encoding="utf-8-sig").splitlines()) - 1 for p in PERIODS
    )
    assert stored(root)[0] == total


def test_json_carries_every_project(reviewed):
    """Per project what a script needs, recomputed here from the status file (EVM) and checked against the
    portfolio figures of the same payload (RAG counts, escalations)."""
    root, payload = reviewed
    projects = {p["project_id"]: p for p in payload["projects"]}
    lines = (root / "data" / "status" / "2026-10.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    rows = {line.split(";")[0]: dict(zip(header, line.split(";"))) for line in lines[1:]}
    assert set(projects) == set(rows) and len(projects) == payload["kpis"]["projects"]

    def amount(text: str) -> float:
        return float(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))

    for project_id, row in rows.items():
        evm = projects[project_id]["evm"]
        ev, ac, pv, bac = (
            amount(row[c]) for c in ("Valeur acquise (VA)", "Coût réel (CR)", "Valeur planifiée (VP)", "Budget (BAC)")
        )
        assert (evm["ev"], evm["ac"], evm["bac"]) == (ev, ac, bac)
        assert evm["cv"] == pytest.approx(ev - ac) and evm["sv"] == pytest.approx(ev - pv)
        assert evm["cpi"] == (pytest.approx(ev / ac) if ac else None)
    overall = [p["rag"]["overall"] for p in projects.values()]
    assert overall.count("red") == payload["kpis"]["red"] and overall.count("green") == payload["kpis"]["green"]
    escalated = {p for p, v in projects.items() if v["escalation"]["escalated"]}
    assert escalated == {e["project_id"] for e in payload["exceptions"] if e["escalated"]} == {"PRJ-005"}
    assert projects["PRJ-005"]["escalation"]["body_id"] == "executive_board" and projects["PRJ-005"]["red_streak"] == 3
    assert projects["PRJ-017"]["flags"] == ["stale"] and projects["PRJ-017"]["on_time"] is False
    assert set(projects["PRJ-001"]["rag"]) == {"schedule", "cost", "scope", "risk", "benefits", "overall", "self"}
    # The example's objectives: on-time reporting measured, stage-gate reviews recorded by the PMO
    # (data/pmo_measures.csv: 75 % in October), governance maturity not assessed in this run (no value).
    on_time, gates, maturity = payload["objectives"]
    assert on_time["metric"] == "reporting_on_time" and on_time["value"] == payload["kpis"]["on_time_share"]
    assert on_time["target"] == 0.95 and on_time["status"] in ("on_track", "at_risk")
    assert (gates["metric"], gates["value"], gates["status"]) == ("gate_compliance", 0.75, "on_track")
    assert maturity["status"] == "no_value"


def test_trends_come_from_the_stored_history(reviewed):
    root, _ = reviewed
    engine = open_store(f"sqlite:///{root / 'pmo.db'}")
    try:
        with transaction(engine) as session:
            rows = session.execute(
                select(
                    ReviewSnapshot.project_id,
                    ReviewSnapshot.period,
                    ReviewSnapshot.rag_overall,
                    ReviewSnapshot.trend,
                    ReviewSnapshot.red_streak,
                ).where(ReviewSnapshot.project_id.in_(["PRJ-004", "PRJ-005"]))
            ).all()
    finally:
        engine.dispose()
    by = {(r.project_id, r.period): r for r in rows}
    assert by["PRJ-004", "2026-04"].rag_overall == "red" and by["PRJ-004", "2026-10"].trend == "improving"
    assert [by["PRJ-005", p].rag_overall for p in ("2026-08", "2026-09", "2026-10")] == ["red"] * 3
    assert by["PRJ-005", "2026-10"].red_streak == 3


def test_pack_reads_back_with_the_exceptions(reviewed):
    _, payload = reviewed
    pack = Path(payload["pack"])
    assert pack.name == "revue-gouvernance-2026-10.docx" and pack.parent.name == "2026-10"
    text = document_text(pack)
    assert "{{" not in text and "{%" not in text
    for expected in (
        "Revue mensuelle de gouvernance",
        "Groupe Valmont Logistique — octobre 2026",
        # The PMO scorecard opens the pack: two objectives measured, one without a value yet.
        "Objectifs du PMO",
        "Part des rapports d'avancement reçus à temps",
        "≥ 95\u00a0%",  # French spacing: a no-break space before %
        "À risque (en recul)",
        "Part des revues de jalon tenues selon le processus",
        "En bonne voie (en progrès)",
        "Pas de valeur ce mois-ci",
        "Synthèse",
        "Décisions attendues, par instance",
        "Exceptions et décisions attendues",
        "Liste des exceptions",
        "Qualité des données",
        "PRJ-005 — Électrification de la flotte urbaine",
        "PRJ-009 — Traçabilité colis RFID",
        "Comité exécutif du groupe — revue du portefeuille",
        "Comité de pilotage projet",
        "Rouge depuis 3 mois : décider de poursuivre",
        "Valider un plan de rattrapage",
        "Aucun statut reçu pour la période",
        "septembre 2026",
    ):
        assert expected in text, expected
    assert payload["project_pages"] == 3 and text.splitlines().count("Valeur acquise") == 3  # one page each
    assert "Utilisez" not in text and "Exception list" not in text  # French throughout, no English headings
    assert len(Document(str(pack)).inline_shapes) == 4  # heat map and three trend charts (the logo is in the header)


def test_workbook_has_every_view(reviewed):
    _, payload = reviewed
    workbook = load_workbook(payload["workbook"], read_only=True)
    assert workbook.sheetnames == [
        "Synthèse",
        "Projets",
        "Exceptions",
        "Attention",
        "Qualité des données",
        "Tendances",
        "Tolérances",
    ]
    projects = list(workbook["Projets"].iter_rows(values_only=True))
    assert len(projects) == 24 and projects[0][:3] == ("Code projet", "Projet", "Niveau")
    assert {r[0] for r in projects[1:]} >= {"PRJ-005", "PRJ-009", "PRJ-020"}
    assert len(list(workbook["Exceptions"].iter_rows(values_only=True))) == 3
    assert len(list(workbook["Tendances"].iter_rows(values_only=True))) == 13
    attention = list(workbook["Attention"].iter_rows(values_only=True))
    assert [r[-1] for r in attention[1:]] == ["oui", "oui", "oui"]


def test_artifact_with_kpis_and_exceptions_is_published(reviewed):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["governance-review-2026-10"]))
        )
    assert artifacts
    markdown = max(artifacts, key=lambda a: a.created).data
    assert "# Revue de gouvernance 2026-10" in markdown and "| Projets revus | 23 / 24 |" in markdown
    assert "PRJ-005 Électrification de la flotte urbaine" in markdown


def test_rerun_keeps_counts_and_recomputes_corrected_input(example):
    assert invoke("review", str(example), "--period", "2026-10").exit_code == 0
    first = stored(example)
    again = invoke("review", str(example), "--period", "2026-10", "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["computed_periods"] == ["2026-10"]
    assert stored(example) == first
    # The client corrects PRJ-005's actual cost: the period is recomputed from the file, not from a cache.
    path = example / "data" / "status" / "2026-10.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    ev, ac = header.index("Valeur acquise (VA)"), header.index("Coût réel (CR)")
    for i, line in enumerate(lines):
        if line.startswith("PRJ-005;"):
            cells = line.split(";")
            cells[ac] = cells[ev]
            lines[i] = ";".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    corrected = invoke("review", str(example), "--period", "2026-10", "--json")
    payload = json.loads(corrected.stdout)
    assert {e["project_id"] for e in payload["exceptions"]} == {"PRJ-009"}
    after = stored(example)
    assert after[:2] == first[:2] and after[2][:-1] == first[2][:-1] and after[2][-1] != first[2][-1]


def test_bad_input_exits_2_names_every_problem_and_stores_nothing(example):
    status = example / "data" / "status"
    october = (status / "2026-10.csv").read_text(encoding="utf-8-sig").splitlines()
    october[3] = october[3].replace("30/10/2026", "31/09/2026").replace("29/10/2026", "31/09/2026")
    (status / "2026-10.csv").write_text("\n".join(october) + "\n", encoding="utf-8-sig")
    september = (status / "2026-09.csv").read_text(encoding="utf-8-sig").splitlines()
    september.append(september[1])  # the same project twice
    (status / "2026-09.csv").write_text("\n".join(september) + "\n", encoding="utf-8-sig")
    result = invoke("review", str(example), "--period", "2026-10")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"data/status/2026-09.csv: row 2: column Code projet: project id 'PRJ-001' appears on rows 2, "
        f"{len(september)}; expected one row per project",
        "data/status/2026-10.csv: row 4: column Date de statut: '31/09/2026' is not a date; expected a date as "
        "dd/mm/yyyy or yyyy-mm-dd",
    ]
    assert "Traceback" not in result.output
    assert stored(example)[:2] == (0, 0)


def test_missing_period_file_and_input_option(example):
    result = invoke("review", str(example), "--period", "2026-11")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "data/status/2026-11.csv: no status file for 2026-11; expected "
        "data/status/2026-11.csv or .xlsx, one row per project (or give one with "
        "--input PATH)"
    )
    result = invoke(
        "review",
        str(example),
        "--period",
        "2026-11",
        "--input",
        str(example / "data" / "status" / "2026-10.csv"),
        "--json",
    )
    assert result.exit_code == 2
    problems = json.loads(result.stdout)["problems"]
    assert problems and all("is outside the period 2026-11" in p["message"] for p in problems)
    assert invoke("review", str(example), "--period", "2026-13").exit_code == 2


def test_english_engagement(tmp_path):
    root = tmp_path / "en"
    assert invoke("init", str(root), "--lang", "en").exit_code == 0
    result = invoke("review", str(root), "--period", "2026-10", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert Path(payload["pack"]).name == "governance-review-2026-10.docx"
    text = document_text(Path(payload["pack"]))
    for expected in (
        "Monthly governance review",
        "October 2026",
        "Decisions expected, by body",
        "Portfolio heat map",
        "Red for 3 months: decide whether to continue",
        "Project steering committee",
    ):
        assert expected in text, expected
    for french in ("Synthèse", "Décision", "Rouge", "Comité"):
        assert french not in text, french
    assert load_workbook(payload["workbook"], read_only=True).sheetnames[:3] == ["Summary", "Projects", "Exceptions"]


def test_serving_uses_the_configured_prefect_server(monkeypatch):
    import subprocess

    from flows import deployments

    def no_server(*args, **kwargs):
        raise AssertionError("no local server may be started when PREFECT_API_URL is set")

    monkeypatch.setattr(subprocess, "Popen", no_server)
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    with deployments.local_api() as url:
        assert url == "http://prefect.example:4200/api"
