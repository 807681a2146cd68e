"""The portfolio over several boards, through the command line: a demand deferred then approved at a later
meeting, a started project that a later sheet cannot reject, provisioning without a project list, a reviewer who
returns a blank workbook, and rejected demands left out of the capacity balance."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli import app
from governance.portfolio.scoring_workbook import META_SHEET
from governance.portfolio.store import ScoreRecord

from .test_loop import fill_decisions, rows

runner = CliRunner()


def run(*args: str, code: int = 0) -> dict:
    result = runner.invoke(app, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def selected(example_template, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("boards") / "engagement"
    shutil.copytree(example_template, root)
    run("portfolio", "score", str(root))
    run("portfolio", "select", str(root))
    return root


@pytest.fixture
def board(selected, tmp_path) -> tuple[Path, Path]:
    root = tmp_path / "engagement"
    shutil.copytree(selected, root)
    return root, next((root / "out" / "portfolio" / "board").glob("decisions-*.xlsx"))


def decisions_dir(root: Path) -> Path:
    return root / "data" / "portfolio" / "decisions"


def test_a_demand_deferred_at_one_board_is_approved_at_the_next(board):
    root, sheet = board
    fill_decisions(sheet, decisions_dir(root) / "b1.xlsx", {"DEM-009": ("Différée", "")}, date(2026, 11, 10))
    first = run("portfolio", "decide", str(root))
    assert first["decisions"] == {"approved": 0, "rejected": 0, "deferred": 1} and first["projects"] == []
    fill_decisions(
        sheet, decisions_dir(root) / "b2.xlsx", {"DEM-009": ("Approuvée", "Inès Lambert")}, date(2026, 11, 24)
    )
    second = run("portfolio", "decide", str(root))
    assert second["decisions"] == {"approved": 1, "rejected": 0, "deferred": 0}
    assert [(p["demand_id"], p["project_id"], p["manager"]) for p in second["projects"]] == [
        ("DEM-009", "PRJ-026", "Inès Lambert")
    ]
    assert run("portfolio", "decide", str(root))["projects"] == []  # deciding again starts nothing twice


def test_the_same_demand_twice_at_one_meeting_is_refused(board):
    root, sheet = board
    fill_decisions(sheet, decisions_dir(root) / "a.xlsx", {"DEM-009": ("Différée", "")}, date(2026, 11, 10))
    fill_decisions(sheet, decisions_dir(root) / "b.xlsx", {"DEM-009": ("Approuvée", "")}, date(2026, 11, 10))
    refused = run("portfolio", "decide", str(root), code=2)
    assert [p["code"] for p in refused["problems"]] == ["decided-twice"]


def test_a_started_project_is_not_rejected_by_a_later_sheet(board):
    root, sheet = board
    fill_decisions(sheet, decisions_dir(root) / "b1.xlsx", {"DEM-001": ("Approuvée", "")}, date(2026, 11, 10))
    assert run("portfolio", "decide", str(root))["projects"][0]["project_id"] == "PRJ-026"
    listed = (root / "data" / "projects.csv").read_bytes()
    fill_decisions(sheet, decisions_dir(root) / "b2.xlsx", {"DEM-001": ("Rejetée", "")}, date(2026, 11, 24))
    refused = run("portfolio", "decide", str(root), code=2)
    assert [p["code"] for p in refused["problems"]] == ["decision-on-started-project"]
    assert "PRJ-026" in refused["problems"][0]["message"]
    assert (root / "data" / "projects.csv").read_bytes() == listed


def test_without_a_project_list_the_first_project_is_prj_001(board):
    root, sheet = board
    (root / "data" / "projects.csv").unlink()
    workbook = load_workbook(root / "data" / "portfolio" / "demands.xlsx")
    effort = workbook.worksheets[1]
    for row in range(effort.max_row, 0, -1):  # the running projects' effort goes with the list
        if str(effort.cell(row, 1).value or "").startswith("PRJ-"):
            effort.delete_rows(row)
    workbook.save(root / "data" / "portfolio" / "demands.xlsx")
    fill_decisions(sheet, decisions_dir(root) / "b1.xlsx", {"DEM-004": ("Approuvée", "Hugo Blanc")}, date(2026, 11, 10))
    decided = run("portfolio", "decide", str(root))
    assert [(p["demand_id"], p["project_id"], p["tier"]) for p in decided["projects"]] == [
        ("DEM-004", "PRJ-001", "tier1")
    ]
    text = (root / "data" / "projects.csv").read_text(encoding="utf-8-sig").splitlines()
    assert text[0] == "id;nom;sponsor;chef_de_projet;niveau;budget;debut;fin" and text[1].startswith("PRJ-001;WMS")
    assert run("portfolio", "intake", str(root))["demands"] == 20  # the register is still taken in


def test_a_blank_returned_workbook_takes_the_reviewer_s_voice_away(board):
    root, _ = board
    path = root / "data" / "portfolio" / "scores" / "notation-demandes-mathilde-rousseau.xlsx"
    workbook = load_workbook(path)
    identity = dict((str(a), b) for a, b in workbook[META_SHEET].iter_rows(max_col=2, values_only=True) if a)
    ws = workbook[identity["sheet"]]
    first, column = int(identity["first_row"]), int(identity["first_criterion_column"])
    for row in range(first, first + 20):
        for k in range(5):
            ws.cell(row, column + k).value = None
    workbook.save(path)
    scored = run("portfolio", "score", str(root))
    assert [r.reviewer for r in rows(root, ScoreRecord)].count("Mathilde Rousseau") == 0
    demands = {d["demand_id"]: d for d in scored["demands"]}
    assert demands["DEM-001"]["reviewers"] == 1
    assert demands["DEM-001"]["score"] == pytest.approx(0.3 * 4 + 0.25 * 3 + 0.15 * 4 + 0.15 * 5 + 0.15 * 4)  # Hélène's


def test_rejected_demands_are_left_out_of_the_capacity_balance(board):
    root, _ = board
    workbook = load_workbook(root / "data" / "portfolio" / "demands.xlsx")
    demands = workbook.worksheets[0]
    header = next(r for r in range(1, 12) if demands.cell(r, 1).value in ("Réf.", "Id", "ID", "id", "Référence"))
    status = next(
        c for c in range(1, demands.max_column + 1) if str(demands.cell(header, c).value).startswith("Statut")
    )
    for row in range(header + 1, demands.max_row + 1):
        if demands.cell(row, 1).value:
            demands.cell(row, status).value = "Rejetée"
    workbook.save(root / "data" / "portfolio" / "demands.xlsx")
    capacity = run("portfolio", "capacity", str(root))
    assert all(r["candidate_days"] == 0 for r in capacity["roles"])
    assert capacity["bottlenecks"] == capacity["bottlenecks_committed_only"]
