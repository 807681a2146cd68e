"""End to end on the example engagement: `pmo governance` through the CLI, the flow, the store and the outputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import func, select
from typer.testing import CliRunner

from flows.cli import app
from governance.core.store import open_store, transaction
from governance.engagement.config import load_engagement
from governance.structure.model import load_governance
from governance.structure.store import GovernanceVersion
from support import document_text

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def versions(engagement: Path) -> int:
    if not (engagement / "pmo.db").exists():
        return 0
    engine = open_store(f"sqlite:///{engagement / 'pmo.db'}")
    try:
        with transaction(engine) as session:
            return session.execute(select(func.count()).select_from(GovernanceVersion)).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def setup_done(example_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("governance") / "engagement"
    shutil.copytree(example_template, root)
    result = invoke("governance", "setup", str(root), "--start", "2027-01", "--json")
    assert result.exit_code == 0, result.output
    return root, json.loads(result.stdout)


def test_setup_stores_a_version_and_writes_every_output(setup_done):
    root, payload = setup_done
    assert payload["ok"] and payload["version"] == 1 and payload["created"] is True
    assert payload["stored_by"] == "Claire Dumont, consultante PMO" and len(payload["content_hash"]) == 64
    assert payload["bodies"] == [
        "executive_board",
        "portfolio_board",
        "steering_committee",
        "change_board",
        "pmo_review",
    ]
    assert payload["calendar_from"] == "2027-01-01" and payload["calendar_to"] == "2027-12"
    # 4 quarterly + 12 + 12 monthly + 26 biweekly + 52 weekly meetings in 2027.
    assert payload["meetings"] == 4 + 12 + 12 + 26 + 52
    folder = root / "out" / "governance"
    assert {Path(payload[k]).name for k in ("charter", "raci", "calendar", "diagram")} == {
        "charte-gouvernance.docx",
        "matrice-raci.xlsx",
        "calendrier-gouvernance.ics",
        "structure-gouvernance.png",
    }
    assert all(Path(payload[k]).parent == folder for k in ("charter", "raci", "calendar", "diagram"))
    assert versions(root) == 1 and payload["warnings"] == []


def test_charter_reads_back_with_every_body_gate_and_the_raci(setup_done):
    root, payload = setup_done
    model = load_governance(load_engagement(root))
    text = document_text(Path(payload["charter"]))
    assert "{{" not in text and "{%" not in text
    assert "Charte de gouvernance du PMO" in text and "Groupe Valmont Logistique" in text
    for body in model.bodies:
        assert body.name.fr in text, body.id
    for gate in model.gates:
        assert gate.name.fr in text, gate.id
        for criterion in gate.entry_criteria.fr + gate.exit_criteria.fr:
            assert criterion in text
    for role in model.roles:
        assert role.name.fr in text
    assert "5\u00a0% / 10\u00a0%" in text  # tier 1 schedule tolerance, French percent
    assert (
        "Comité de pilotage projet → Comité de portefeuille → Comité exécutif du groupe — revue du portefeuille" in text
    )
    assert "Janvier 2027" in text and "Décembre 2027" in text and "lun. 4, 11, 18, 25" in text
    document = Document(payload["charter"])
    assert any(shape.width > 0 for shape in document.inline_shapes)  # the structure diagram
    raci = next(t for t in document.tables if t.rows[0].cells[0].text == "Processus")
    raci_roles = {role for row in model.raci for role in row.assignments}
    assert len(raci.rows[0].cells) == 1 + len(raci_roles)
    assert len(raci.rows) == 1 + len(model.raci)
    intake = next(r for r in raci.rows if r.cells[0].text == "Instruction des demandes de projet")
    headers = [c.text for c in raci.rows[0].cells]
    assert intake.cells[headers.index("Directeur du portefeuille")].text == "A"
    # The process column is wide, the role columns share the rest (as fitted after rendering).
    widths = [c.width.cm for c in raci.rows[0].cells]
    assert round(widths[0], 1) == 4.2 and round(sum(widths), 1) == 16.0


def test_raci_workbook(setup_done):
    root, payload = setup_done
    model = load_governance(load_engagement(root))
    sheet = load_workbook(payload["raci"])["RACI"]
    header = [c.value for c in sheet[5]]
    assert header[:2] == ["Processus", "Id"] and header[-1] == "Nombre de A"
    assert sheet.freeze_panes == "C6"
    roles = {r.name.fr: r.id for r in model.roles}
    for number, row in enumerate(model.raci, start=6):
        assert sheet.cell(row=number, column=2).value == row.process
        for column, name in enumerate(header[2:-1], start=3):
            letter = row.assignments.get(roles[name])
            cell = sheet.cell(row=number, column=column)
            assert cell.value == letter
            if letter:
                assert cell.fill.fgColor.rgb.endswith(
                    {"R": "9DC3E6", "A": "F4B183", "S": "C5E0B4", "C": "FFE699", "I": "E7E6E6"}[letter]
                )
        assert sheet.cell(row=number, column=len(header)).value.startswith("=COUNTIF(")


def test_calendar_file_has_one_recurring_event_per_body(setup_done):
    root, payload = setup_done
    calendar = Calendar.from_ical(Path(payload["calendar"]).read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == len(payload["bodies"]) and all("RRULE" in e for e in events)
    assert str(calendar.walk("VTIMEZONE")[0]["tzid"]) == "Europe/Paris"
    assert str(calendar["x-wr-calname"]) == "Gouvernance PMO — Groupe Valmont Logistique"


def test_setup_twice_stores_one_version_and_a_change_makes_a_second(example):
    assert invoke("governance", "setup", str(example)).exit_code == 0
    again = invoke("governance", "setup", str(example))
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Governance model unchanged: version 1 kept.")
    assert versions(example) == 1
    path = example / "governance.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("cost: {amber: 0.05, red: 0.10}") == 1  # tier 1 only
    path.write_text(text.replace("cost: {amber: 0.05, red: 0.10}", "cost: {amber: 0.05, red: 0.15}"), encoding="utf-8")
    changed = invoke("governance", "setup", str(example), "--json")
    payload = json.loads(changed.stdout)
    assert payload["version"] == 2 and payload["created"]
    assert payload["changes"] == ["niveau tier1 : tolérance cost.red passe de 0,10 à 0,15"]
    assert versions(example) == 2
    diff = invoke("governance", "diff", str(example))
    assert diff.exit_code == 0
    lines = diff.stdout.splitlines()
    assert lines[0].startswith("Modifications de la version 1 (Claire Dumont, consultante PMO, ")
    assert lines[1:] == ["  - niveau tier1 : tolérance cost.red passe de 0,10 à 0,15"]
    as_json = json.loads(invoke("governance", "diff", str(example), "--json").stdout)
    assert as_json["from"]["version"] == 1 and as_json["to"]["version"] == 2
    assert as_json["changes"][0]["path"] == "tolerances.cost.red" and as_json["changes"][0]["new"] == 0.15
    charter = document_text(example / "out" / "governance" / "charte-gouvernance.docx")
    assert "1 modification(s) : niveau tier1 : tolérance cost.red passe de 0,10 à 0,15" in charter
    missing = invoke("governance", "diff", str(example), "--from", "7")
    assert missing.exit_code == 2 and missing.stderr == "--from: version 7 is not stored; stored versions: 1, 2\n"


BROKEN = [
    ("  chair: sponsor\n", "  chair: sponsr\n"),
    ("assignments: {pmo_manager: A, project_manager: R,", "assignments: {pmo_manager: A, project_manager: A,"),
]


def test_invalid_model_exits_2_with_one_line_per_problem_and_stores_nothing(example):
    path = example / "governance.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in BROKEN:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    chair_line = next(n for n, line in enumerate(lines, start=1) if line == "  chair: sponsr")
    raci_line = next(n for n, line in enumerate(lines, start=1) if "project_manager: A," in line)
    result = invoke("governance", "setup", str(example))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"governance.yaml: line {chair_line}: bodies[steering_committee].chair: role 'sponsr' does not exist; expected "
        "one of pmo_manager, pmo_analyst, pmo_process_specialist, pmo_coordinator, chief_executive, portfolio_director, "
        "finance_controller, sponsor, project_owner, project_manager, core_team",
        f"governance.yaml: line {raci_line}: raci[change_approval].assignments: expected exactly one A (Accountable), "
        "found 2 (pmo_manager, project_manager)",
    ]
    assert versions(example) == 0 and not (example / "out" / "governance").exists()


def test_setup_without_model_and_diff_without_versions(example):
    (example / "governance.yaml").unlink()
    result = invoke("governance", "setup", str(example), "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["problems"][0]["text"] == (
        "governance.yaml: file not found; write a starting model with `pmo governance propose DIR`, then edit it"
    )
    diff = invoke("governance", "diff", str(example))
    assert diff.exit_code == 2 and "no governance model version is stored yet" in diff.stderr


def test_propose_keeps_the_consultants_model_unless_forced(example):
    path = example / "governance.yaml"
    before = path.read_text(encoding="utf-8")
    refused = invoke("governance", "propose", str(example))
    assert refused.exit_code == 2 and refused.stderr.startswith("governance.yaml: was edited (or not written by")
    assert path.read_text(encoding="utf-8") == before
    elsewhere = invoke("governance", "propose", str(example), "-o", str(example / "proposal.yaml"), "--json")
    payload = json.loads(elsewhere.stdout)
    assert payload["ok"] and payload["control"] == "standard" and payload["maturity"] is None
    assert (example / "proposal.yaml").read_text(encoding="utf-8").startswith("# Modèle de gouvernance du PMO")
    light = json.loads(invoke("governance", "propose", str(example), "--force", "--maturity", "1", "--json").stdout)
    assert (
        light["was_edited"]
        and light["control"] == "light"
        and light["gates"] == ["ready_for_executing", "ready_for_closing"]
    )
    # The file propose wrote, unchanged, is replaced without --force.
    again = invoke("governance", "propose", str(example), "--maturity", "4")
    assert again.exit_code == 0 and "strong control" in again.stdout
    bad = invoke("governance", "propose", str(example), "--maturity", "9")
    assert bad.exit_code == 2 and bad.stderr == "--maturity: 9 is not allowed; expected a level from 1 to 5\n"


def test_english_charter(example):
    """The outputs in English, through the flow's steps without a Prefect run."""
    from flows.governance_setup import load_model, render_outputs, store_model
    from governance.core.publish import publish, staged_outputs
    from governance.core.store import session_scope

    config = example / "pmo.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: fr", "language: en"), encoding="utf-8")
    setup = load_model.fn(str(example), "2027-01")
    with staged_outputs(setup.engagement.out_dir) as staging:
        with session_scope(setup.engagement.database_url()) as session:
            stored, history, _ = store_model.fn(setup, session)
            outputs = render_outputs.fn(setup, stored, history, staging)
        publish(staging, "governance")
    model = setup.model
    assert Path(outputs["charter"]).name == "governance-charter.docx"
    text = document_text(Path(outputs["charter"]))
    assert "PMO governance charter" in text and "{{" not in text
    for body in model.bodies:
        assert body.name.en in text
    for gate in model.gates:
        assert gate.name.en in text
    assert "Charte" not in text and "Comité" not in text and "5% / 10%" in text
    assert "Meetings from January 2027 to December 2027 (time zone Europe/Paris)" in text
    assert load_workbook(outputs["raci"])["RACI"]["A5"].value == "Process"


def test_real_process_prints_only_the_problem_lines(example):
    """As a user runs it: a fresh process, Prefect's ephemeral API, no traceback on bad input."""
    path = example / "governance.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  quorum: 2\n", "  quorum: 9\n", 1), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-c", "from flows.cli import main; main()", "governance", "setup", str(example)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 2, completed.stderr
    assert completed.stdout == ""
    assert (
        completed.stderr.count("\n") == 1
        and "bodies[pmo_review].quorum: quorum 9 is more than the 4 role(s)" in completed.stderr
    )


def test_charter_opens_in_libreoffice(setup_done, tmp_path):
    """LibreOffice (like Word) opens the charter without a repair prompt and lays out all its pages."""
    import re

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    _, payload = setup_done
    completed = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), payload["charter"]],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / (Path(payload["charter"]).stem + ".pdf")
    assert completed.returncode == 0 and pdf.is_file(), completed.stderr
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
    assert pages >= 7, pages


def test_propose_uses_the_latest_stored_assessment(example):
    """The CLI reads the maturity from the assessment's store (the structure layer never does)."""
    from datetime import date

    import pandas as pd

    from flows.governance_setup import assessed_maturity
    from governance.assessment.store import save_assessment

    engagement = load_engagement(example)
    assert assessed_maturity(engagement) is None  # no store yet, and none is created
    assert not (example / "pmo.db").exists()
    responses = pd.DataFrame(
        columns=["respondent", "role", "question_id", "dimension_id", "score", "status", "source_file", "source_row"]
    )

    def scores(level):
        return pd.DataFrame(
            [
                {
                    "dimension_id": "governance",
                    "respondents": 3,
                    "mean": level + 0.2,
                    "median": level + 0.2,
                    "min": 1,
                    "max": 5,
                    "std": 1.0,
                    "spread": 4,
                    "level": level,
                    "target": 3,
                    "gap": 0,
                    "disagreement": False,
                }
            ]
        )

    engine = open_store(engagement.database_url())
    with transaction(engine) as session:
        for campaign, level in (("2026-04", 1), ("2026-10", 4)):
            save_assessment(
                session=session,
                engagement=engagement.id,
                campaign=campaign,
                assessed_on=date(2026, 10, 1),
                bank_id="builtin",
                overall_level=1,
                responses=responses,
                scores=scores(level),
            )
    engine.dispose()
    found = assessed_maturity(engagement)
    assert (found.level, found.campaign, found.source) == (4, "2026-10", "governance")
    payload = json.loads(invoke("governance", "propose", str(example), "-o", str(example / "p.yaml"), "--json").stdout)
    assert payload["control"] == "strong" and payload["maturity_source"] == "gouvernance, évaluation 2026-10"
