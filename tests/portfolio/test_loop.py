"""The portfolio loop end to end on the example, through the command line: the register taken in, the two
reviewers' scores merged, capacity against demand, the exact selection and its board pack, the board's decisions
and the projects they start (the same documents as the kit's for those projects)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from flows.cli import app
from governance.core.paths import DATA_DIR
from governance.core.store import open_store, transaction
from governance.engagement.config import load_engagement
from governance.kit import load_project_list
from governance.portfolio.decision_sheet import LETTERS, MEETING_ABOVE
from governance.portfolio.store import DemandRecord, PortfolioDecisionRecord, ScoreRecord
from governance.structure import resolve_governance
from support import deck_text, document_text

runner = CliRunner()
STORY = yaml.safe_load((DATA_DIR / "example_portfolio.yaml").read_text(encoding="utf-8"))
WEIGHTS = {"strategic_alignment": 0.30, "value": 0.25, "risk": 0.15, "urgency": 0.15, "feasibility": 0.15}


def run(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows(root: Path, model) -> list:
    engagement = load_engagement(root)
    engine = open_store(engagement.database_url())
    try:
        with transaction(engine) as session:
            found = [r[0] for r in session.execute(select(model).where(model.engagement == engagement.id))]
            session.expunge_all()
            return found
    finally:
        engine.dispose()


RUNNING = {p["id"] for p in STORY["running"]}


def quarters_of(start: str, count: int) -> list[str]:
    index = int(start[:4]) * 4 + int(start[-1]) - 1
    return [f"{(index + k) // 4}-Q{(index + k) % 4 + 1}" for k in range(count)]


def quarter_load(items: set[str]) -> dict[tuple[str, str], float]:
    """Days per (role, quarter) of the story's demands and running projects in `items`, spread evenly."""
    load: dict[tuple[str, str], float] = {}
    for item in STORY["demands"] + STORY["running"]:
        if item["id"] in items:
            for role, days in item["effort"].items():
                for quarter in quarters_of(item["start"], item["quarters"]):
                    load[role, quarter] = load.get((role, quarter), 0.0) + round(days / item["quarters"], 1)
    return load


def quarter_capacity(role: str, quarter: str) -> float:
    """FTE x availability x 17.5 days over the quarter's three months, for the story's resources of `role`."""
    year, number = int(quarter[:4]), int(quarter[-1])
    months = [f"{year}-{3 * number - 2 + k:02d}" for k in range(3)]
    return sum(
        r["fte"] * r.get("away", {}).get(month, 1.0) * 17.5
        for r in STORY["resources"]
        if r["role"] == role
        for month in months
    )


def by_hand(demand_id: str) -> float:
    """The weighted score of a demand from the story's two reviewers: each criterion's mean, weighted."""
    scores = next(d["scores"] for d in STORY["demands"] if d["id"] == demand_id)
    means = [(a + b) / 2 for a, b in zip(*scores)]
    return sum(w * m for w, m in zip(WEIGHTS.values(), means))


@pytest.fixture(scope="module")
def loop(example_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("portfolio") / "engagement"
    shutil.copytree(example_template, root)
    results = {"intake": run("portfolio", "intake", str(root))}
    results["score"] = run("portfolio", "score", str(root))
    results["capacity"] = run("portfolio", "capacity", str(root))
    results["select"] = run("portfolio", "select", str(root))
    return root, results


def test_intake_stores_every_demand_of_the_register(loop):
    root, results = loop
    intake = results["intake"]
    assert intake["demands"] == 20 and intake["by_status"]["submitted"] == 20 and intake["mandatory"] == 2
    stored = {r.demand_id: r for r in rows(root, DemandRecord)}
    assert len(stored) == 20
    assert json.loads(stored["DEM-003"].costs) == {"2027": 250000.0, "2028": 320000.0}
    assert stored["DEM-003"].dependencies == "DEM-002" and stored["DEM-009"].mandatory
    expected_2028 = sum(d["costs"].get(2028, 0) for d in STORY["demands"])
    assert intake["cost_by_year"]["2028"] == expected_2028


def test_scores_are_merged_one_voice_per_reviewer(loop):
    root, results = loop
    score = results["score"]
    assert score["reviewers_returned"] == ["Hélène Vasseur", "Mathilde Rousseau"]
    demands = {d["demand_id"]: d for d in score["demands"]}
    for demand_id in ("DEM-001", "DEM-004", "DEM-012", "DEM-015"):
        assert demands[demand_id]["score"] == pytest.approx(by_hand(demand_id), abs=1e-3)
    assert demands["DEM-001"]["score"] == pytest.approx(3.825, abs=1e-9)  # (4,3,4,5,3.5) x (.3,.25,.15,.15,.15)
    # DEM-012: strategic alignment scored 4 and 2, two points apart: flagged for the board.
    assert score["flagged"] == ["DEM-012"] and demands["DEM-012"]["flagged_criteria"] == ["strategic_alignment"]
    assert len(rows(root, ScoreRecord)) == 2 * 20 * 5


def test_capacity_against_demand_by_role(loop):
    _, results = loop
    roles = {r["role"]: r for r in results["capacity"]["roles"]}
    # Developers: a team of 7 (60 % in August of both years) and a contractor of 2 (away the first quarter of
    # 2028), 17.5 days a month, 21 months from January 2027 to September 2028.
    assert roles["Développeur"]["capacity_days"] == pytest.approx(7 * 17.5 * (21 - 2 * 0.4) + 2 * 17.5 * 18, abs=0.1)
    # Committed: the running projects' remaining developer days from the story.
    committed = sum(p["effort"].get("developpeur", 0) for p in STORY["running"])
    assert roles["Développeur"]["committed_days"] == pytest.approx(committed, abs=0.5)
    assert "Développeur" in [b["role"] for b in results["capacity"]["bottlenecks"]]
    assert [Path(f).name for f in results["capacity"]["files"]] == [
        "carte-de-charge.png",
        "equilibre-charge-capacite.xlsx",
    ]


def test_the_selection_keeps_every_rule_and_beats_the_greedy_ranking(loop):
    root, results = loop
    chosen = results["select"]
    selected = set(chosen["selected"])
    assert {"DEM-001", "DEM-009"} <= selected  # mandatory
    needs = {d["id"]: d.get("dependencies", []) for d in STORY["demands"]}
    assert all(set(needs[d]) <= selected for d in selected)
    for year in chosen["budget"]:
        assert year["selected"] <= year["budget"] + 1e-6
    # Capacity per role and quarter, by hand from the story: what the selected demands use there fits in what the
    # running projects leave of it.
    for (role, quarter), used in quarter_load(selected).items():
        free = max(quarter_capacity(role, quarter) - quarter_load(RUNNING).get((role, quarter), 0.0), 0.0)
        assert used <= free + 1e-6, (role, quarter, used, free)
    assert chosen["score"] == pytest.approx(sum(by_hand(d) for d in selected), abs=1e-6)
    assert chosen["score"] >= chosen["greedy"]["score"]
    assert chosen["gap"]["gain"] == pytest.approx(chosen["score"] / chosen["greedy"]["score"] - 1, abs=1e-4)
    deferred = {d["demand_id"]: d["reasons"] for d in chosen["deferred"]}
    assert set(deferred) == {d["id"] for d in STORY["demands"]} - selected
    assert any("dépend de DEM-007" in r for r in deferred["DEM-008"]) or "DEM-007" in selected
    pack, sheet = (Path(f) for f in chosen["files"])
    text = document_text(pack)
    assert all(d in text for d in selected)
    assert sheet.name in text  # the pack names the sheet the board fills
    # Reproducible: the same inputs, the same selection.
    assert run("portfolio", "select", str(root))["selected"] == chosen["selected"]


def fill_decisions(sheet: Path, target: Path, decisions: dict[str, tuple[str, str]], meeting: date) -> Path:
    workbook = load_workbook(sheet)
    ws = workbook.worksheets[0]
    first = next(r for r in range(1, 60) if ws[f"A{r}"].value == next(iter(decisions)))
    ids = {}
    for row in range(1, ws.max_row + 1):
        ids[ws[f"A{row}"].value] = row
    first = min(ids[d] for d in ids if isinstance(d, str) and d.startswith("DEM-"))
    ws[f"C{first - MEETING_ABOVE}"] = meeting
    for demand_id, (decision, manager) in decisions.items():
        ws[f"{LETTERS['decision']}{ids[demand_id]}"] = decision
        ws[f"{LETTERS['manager']}{ids[demand_id]}"] = manager
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def test_approved_demands_become_projects_like_the_kit_makes_them(loop, tmp_path):
    root, results = loop
    sheet = Path(results["select"]["files"][1])
    fill_decisions(
        sheet,
        root / "data" / "portfolio" / "decisions" / "comite-2026-11.xlsx",
        {
            "DEM-001": ("Approuvée", "Émilie Garnier"),
            "DEM-004": ("Approuvée", "Hugo Blanc"),
            "DEM-015": ("Rejetée", ""),
        },
        date(2026, 11, 24),
    )
    decided = run("portfolio", "decide", str(root))
    assert decided["decisions"] == {"approved": 2, "rejected": 1, "deferred": 0}
    projects = {p["demand_id"]: p for p in decided["projects"]}
    assert projects["DEM-001"]["project_id"] == "PRJ-026" and projects["DEM-004"]["project_id"] == "PRJ-027"
    assert projects["DEM-004"]["tier"] == "tier1" and projects["DEM-001"]["tier"] == "tier2"  # 2.0 M€, 480 k€
    engagement = load_engagement(root)
    tiers = resolve_governance(engagement).as_dict()["tiers"]
    listed = {p["id"]: p for p in load_project_list(root / "data" / "projects.csv", "projects.csv", tiers)}
    assert listed["PRJ-027"]["name"] == "WMS — extension à l'entrepôt de Lille"
    assert listed["PRJ-027"]["manager"] == "Hugo Blanc" and listed["PRJ-027"]["budget"] == 2_000_000
    assert str(listed["PRJ-027"]["start"])[:10] == "2027-04-01" and str(listed["PRJ-027"]["end"])[:10] == "2028-03-31"
    stored = {r.demand_id: r for r in rows(root, PortfolioDecisionRecord)}
    assert stored["DEM-004"].project_id == "PRJ-027" and stored["DEM-015"].decision == "rejected"
    # Parity: the kit, asked for the whole project list, writes the same documents for the new projects.
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)
    shutil.rmtree(twin / "out" / "projects")
    result = runner.invoke(app, ["templates", "generate", str(twin), "--projects", "data/projects.csv"])
    assert result.exit_code == 0, result.output
    made = sorted((root / "out" / "projects" / "PRJ-027").glob("*.docx"))
    assert [p.name for p in made] == sorted(p.name for p in (twin / "out" / "projects" / "PRJ-027").glob("*.docx"))
    assert len(made) >= 3  # charter, business case, status report at least (tier 1)
    for path in made:
        assert document_text(path) == document_text(twin / "out" / "projects" / "PRJ-027" / path.name)
    assert "Hugo Blanc" in document_text(made[0]) or any("Hugo Blanc" in document_text(p) for p in made)
    # Deciding again starts nothing twice.
    again = run("portfolio", "decide", str(root))
    assert again["projects"] == []
    assert sum(1 for line in (root / "data" / "projects.csv").read_text(encoding="utf-8-sig").splitlines()) == 28


def test_the_committee_deck_carries_the_proposal_and_the_decisions(loop):
    root, results = loop
    sheet = Path(results["select"]["files"][1])
    fill_decisions(
        sheet,
        root / "data" / "portfolio" / "decisions" / "comite-deck.xlsx",
        {"DEM-016": ("Différée", "")},
        date(2026, 11, 24),
    )
    run("portfolio", "decide", str(root))
    reviewed = run("review", str(root), "--period", "2026-10")
    text = deck_text(reviewed["deck"])
    assert "Portefeuille : proposition du" in text
    assert "DEM-004 — WMS — extension à l'entrepôt de Lille" in text
    assert "Différée" in text  # DEM-016, decided at the board after the proposal
