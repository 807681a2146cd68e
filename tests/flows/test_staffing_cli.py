"""End to end on the example engagement: `pmo staffing plan` through the CLI, the flow, the store and the outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select
from typer.testing import CliRunner

from flows.cli import app
from governance.core.formatting import number as format_number
from governance.core.store import open_store, transaction
from governance.engagement.config import load_engagement
from governance.example.engagement import create_example_engagement
from governance.example.portfolio import PROJECTS
from governance.staffing.store import SkillSnapshot, save_skills
from support import document_text

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def ensure_project_list(root: Path) -> None:
    """`pmo init` writes data/projects.csv from the example portfolio; written here the same way if absent."""
    path = root / "data" / "projects.csv"
    if path.exists():
        return
    lines = ["id;name;sponsor;manager;tier;budget;start;end"]
    lines += [
        f"{p.id};{p.name};{p.sponsor};{p.manager};{p.tier};{p.budget:.0f};{p.start:%d/%m/%Y};{p.end:%d/%m/%Y}"
        for p in PROJECTS
    ]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))


def set_staffing(root: Path, text: str) -> None:
    config = root / "pmo.yaml"
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")


def euros(value: float) -> str:
    return f"{format_number(value, 'fr')} €"


@pytest.fixture(scope="module")
def planned(example_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("staffed") / "engagement"
    shutil.copytree(example_template, root)
    ensure_project_list(root)
    set_staffing(root, "staffing:\n  training:\n    start: 2027-Q1\n")
    assert invoke("assess", "run", str(root)).exit_code == 0
    # An earlier skills snapshot: Karim Benali had assessed his tools at 2 (now 4).
    engine = open_store(f"sqlite:///{root / 'pmo.db'}")
    with transaction(engine) as session:
        save_skills(
            session=session,
            engagement=load_engagement(root).id,
            period="2026-01",
            matrix=pd.DataFrame(
                [{"person": "Karim Benali", "role": "pmo_analyst", "skill": "tools", "level": 2, "required": 4}]
            ),
        )
    engine.dispose()
    result = invoke("staffing", "plan", str(root), "--json")
    assert result.exit_code == 0, result.output
    return root, json.loads(result.stdout)


def test_sizing_of_the_example_portfolio(planned):
    _, payload = planned
    assert payload["ok"] and payload["pmo_type"] == "controlling" and payload["mandate_source"] == "governance"
    assert payload["mandate"] == [
        "planning",
        "tracking",
        "control",
        "templates_training",
        "knowledge_management",
        "governance_alignment",
        "portfolio_view",
    ]
    assert payload["projects_by_tier"] == {"tier1": 6, "tier2": 10, "tier3": 9}
    # W = 6 + 10 x 0.5 + 9 x 0.25 = 13.25. Hours a month by hand (default ratios, controlling factor 1):
    # manager 40 + 0.5W + (4 + W) + (12 + W) + (6 + 0.5W) = 62 + 3W = 101.75 -> 0.76 -> 0.8 -> full time;
    # analyst 2W + (10 + 5W) + 2W + (10 + W) = 20 + 10W = 152.5 -> 1.14; specialist (4 + W) + (16 + 1.5W)
    # + (2 + 0.5W) = 22 + 3W = 61.75 -> 0.46; coordinator W + 2W + W + 0.5W + (6 + W) + (6 + 0.5W) = 12 + 6W = 91.5
    # -> 0.69. FTE = hours x 12 / 1600.
    assert payload["weighted_projects"] == 13.25
    roles = {r["role"]: r for r in payload["roles"]}
    assert {r: v["hours_per_month"] for r, v in roles.items()} == pytest.approx(
        {"pmo_manager": 101.75, "pmo_analyst": 152.5, "pmo_process_specialist": 61.75, "pmo_coordinator": 91.5}
    )
    assert {r: v["fte"] for r, v in roles.items()} == {
        "pmo_manager": 1.0,
        "pmo_analyst": 1.1,
        "pmo_process_specialist": 0.5,
        "pmo_coordinator": 0.7,
    }
    assert payload["total_fte"] == 3.3
    # 55,000 + 1.1 x 34,000 + 0.5 x 45,000 + 0.7 x 42,000
    assert payload["total_annual_cost"] == 144_300
    assert roles["pmo_process_specialist"]["action"] == "recruit" and roles["pmo_coordinator"]["current_fte"] == 0.8


def test_plan_budget_adds_up(planned):
    _, payload = planned
    assert payload["people"] == 3 and payload["first_quarter"] == "2027-01-01"
    assert payload["assessment_campaign"] == "2026-10" and payload["workshops"]
    staff = sum(t["cost"] for t in payload["training"])
    workshops = sum(w["cost"] for w in payload["workshops"])
    assert payload["training_total"] == staff + workshops == sum(b["total"] for b in payload["budget"])
    pmp = next(t for t in payload["training"] if t["item"] == "pmp")
    assert pmp["person"] == "Mathilde Rousseau" and pmp["cost"] == 2563  # 655 USD x 0.86 + 2,000 preparation


def test_document_lists_roles_and_costs(planned):
    root, payload = planned
    path = Path(payload["document"])
    assert path == root / "out" / "staffing" / "plan-effectifs-formation.docx"
    text = document_text(path)
    assert "{{" not in text and "{%" not in text
    for name in ("Responsable du PMO", "Analyste PMO", "Spécialiste méthodes PMO", "Coordinateur PMO"):
        assert name in text
    for role in payload["roles"]:
        assert euros(role["annual_cost"]) in text and euros(role["salary"]) in text
    assert euros(payload["total_annual_cost"]) in text and euros(payload["training_total"]) in text
    assert "Project Management Professional (PMP)" in text and "T1 2027" in text
    assert "Mathilde Rousseau" in text and "Atelier de gestion des risques" in text
    assert payload["previous_skills_period"] == "2026-01" and "Évolution depuis la mesure de 2026-01" in text
    assert len(Document(str(path)).inline_shapes) == 2  # organisation chart and heat map


def test_workbook_holds_matrix_and_plan(planned):
    _, payload = planned
    workbook = load_workbook(payload["workbook"])
    assert workbook.sheetnames == [
        "Matrice des compétences",
        "Niveaux requis",
        "Écarts",
        "Plan de formation",
        "Formation chefs de projet",
        "Budget par trimestre",
        "Effectifs",
    ]
    matrix = list(workbook["Matrice des compétences"].iter_rows(values_only=True))
    assert [row[0] for row in matrix[1:]] == ["Mathilde Rousseau", "Karim Benali", "Élodie Marchand"]
    assert matrix[2][matrix[0].index("Méthodologie")] == 1  # Karim's self-assessment
    plan = list(workbook["Plan de formation"].iter_rows(values_only=True))
    assert len(plan) == 1 + len(payload["training"])
    budget = list(workbook["Budget par trimestre"].iter_rows(values_only=True))
    assert budget[-1][0] == "Total" and budget[-1][3].startswith("=SUM(")


def test_skills_snapshot_stored_once_per_month(planned):
    root, _ = planned
    engine = open_store(f"sqlite:///{root / 'pmo.db'}")
    try:
        with transaction(engine) as session:
            assert session.execute(select(func.count()).select_from(SkillSnapshot)).scalar_one() == 1 + 3 * 11
    finally:
        engine.dispose()


def test_missing_project_list_exit_2(example):
    (example / "data" / "projects.csv").unlink(missing_ok=True)
    result = invoke("staffing", "plan", str(example))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "data/projects.csv: file not found; expected the project list (columns id, name, sponsor, manager, tier, "
        "budget, start, end) or the number of projects per tier under staffing.projects_by_tier in pmo.yaml"
    )
    assert not (example / "out" / "staffing").exists()


def test_bad_people_file_exit_2_names_file_row_column(example):
    ensure_project_list(example)
    people = example / "data" / "people.csv"
    lines = people.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[2].split(";")
    cells[1], cells[4] = "Stagiaire", "6"
    lines[2] = ";".join(cells)
    people.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("staffing", "plan", str(example), "--json")
    assert result.exit_code == 2
    problems = json.loads(result.stdout)["problems"]
    assert [(p["file"], p["row"], p["column"]) for p in problems] == [
        ("data/people.csv", 3, "rôle"),
        ("data/people.csv", 3, "analyse"),
    ]
    assert "unknown role 'Stagiaire'" in problems[0]["text"] and "level '6'" in problems[1]["text"]


def test_english_supportive_pmo_without_team_or_assessment(tmp_path):
    root = tmp_path / "new"
    create_example_engagement(root, "en")
    (root / "governance.yaml").unlink(missing_ok=True)
    (root / "data" / "people.csv").unlink()
    config = root / "pmo.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("type: controlling", "type: supportive")
        + "staffing:\n  projects_by_tier: {tier1: 2, tier2: 4, tier3: 8}\n",
        encoding="utf-8",
    )
    result = invoke("staffing", "plan", str(root), "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    # hand-computed in test_staffing_sizing: supportive, W = 6
    assert {r["role"]: r["fte"] for r in payload["roles"]} == {
        "pmo_manager": 0.5,
        "pmo_analyst": 0.2,
        "pmo_process_specialist": 0.3,
        "pmo_coordinator": 0.1,
    }
    assert payload["projects_source"] == "pmo.yaml (staffing.projects_by_tier)"
    assert payload["people"] == 0 and payload["training"] == []
    assert all(r["action"] in ("recruit", "reinforce") for r in payload["roles"])
    text = document_text(Path(payload["document"]))
    assert Path(payload["document"]).name == "staffing-training-plan.docx"
    assert "No maturity assessment is stored yet" in text and "every position is to be filled" in text
    assert "PMO manager" in text and "€27,500" in text  # 0.5 x 55,000
    assert any("no data/people.csv" in w for w in payload["warnings"])
