"""The governance loop end to end on the example: the review writes each body's register, the meeting fills it,
`pmo decisions import` stores it, and the next review follows the actions up (open, overdue, closed) and
escalates a red exception whose action is overdue one body higher."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select
from typer.testing import CliRunner

from flows.cli import app
from governance.core.store import open_store, transaction
from governance.decisions import ActionRecord, DecisionRecord
from governance.engagement.config import load_engagement
from governance.example.decisions import fill_register

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def review(root: Path, period: str, *more: str) -> dict:
    result = invoke("review", str(root), "--period", period, "--json", *more)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def register(root: Path, period: str, body: str) -> Path:
    return root / "out" / "reviews" / period / f"registre-decisions-{body}-{period}.xlsx"


def stored(root: Path, model) -> list:
    engagement = load_engagement(root)
    engine = open_store(engagement.database_url())
    try:
        with transaction(engine) as session:
            rows = [r[0] for r in session.execute(select(model).where(model.engagement == engagement.id))]
            session.expunge_all()  # plain objects, readable after the transaction
            return rows
    finally:
        engine.dispose()


def pack_text(path: str) -> str:
    document = Document(path)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def september(example_template, tmp_path_factory):
    """The example without its filled registers, reviewed up to September: the registers the review wrote."""
    root = tmp_path_factory.mktemp("loop") / "engagement"
    shutil.copytree(example_template, root)
    shutil.rmtree(root / "data" / "decisions")
    result = review(root, "2026-09", "--all")
    return root, result


def test_the_review_writes_one_register_per_body_with_an_exception(september):
    root, result = september
    assert sorted(Path(p).name for p in result["registers"]) == [
        "registre-decisions-portfolio_board-2026-09.xlsx",
        "registre-decisions-steering_committee-2026-09.xlsx",
    ]
    assert {(e["project_id"], e["dimension"], e["body_id"]) for e in result["exceptions"]} == {
        ("PRJ-005", "cost", "portfolio_board"),
        ("PRJ-009", "schedule", "steering_committee"),
    }
    assert result["actions"] == {"open": 0, "overdue": 0, "closed": 0}


def test_register_round_trip_then_the_next_review_follows_the_actions_up(september, tmp_path):
    root = tmp_path / "engagement"
    shutil.copytree(september[0], root)
    inbox = root / "data" / "decisions"
    fill_register(
        register(root, "2026-09", "portfolio_board"),
        inbox / "pb-09.xlsx",
        meeting_on=date(2026, 10, 14),  # the calendar said the 13th: the meeting moved
        decisions={
            "PRJ-005/cost": {
                "decision": "Plan de réduction des coûts demandé",
                "actions": [
                    {"action": "Présenter le plan", "owner": "Antoine Faure", "due": date(2026, 10, 10)},
                    {"action": "Auditer les fournisseurs", "owner": "Karim Benali", "due": date(2026, 10, 31)},
                ],
            }
        },
    )
    fill_register(
        register(root, "2026-09", "steering_committee"),
        inbox / "sc-09.xlsx",
        decisions={
            "PRJ-009/schedule": {
                "decision": "Rattrapage validé",
                "actions": [{"action": "Renforcer l'équipe", "owner": "Quelqu'un d'autre", "due": date(2026, 10, 15)}],
            }
        },
    )
    result = invoke("decisions", "import", str(root), "--json")
    assert result.exit_code == 0, result.output
    imported = json.loads(result.stdout)
    assert (imported["registers"], imported["decisions"], imported["actions"]) == (2, 2, 3)
    # An owner nobody knows is kept as written, with a warning naming the cell.
    [warning] = [w for w in imported["warnings"] if "owner" in w]
    assert "sc-09.xlsx: sheet Décisions: row" in warning and "column K (Responsable)" in warning
    actions = {a.action: a for a in stored(root, ActionRecord)}
    assert actions["Renforcer l'équipe"].owner_known is False and actions["Présenter le plan"].owner_known is True
    assert actions["Auditer les fournisseurs"].ref == "2026-09/portfolio_board/PRJ-005/cost/2"
    # The meeting date: as the secretary wrote it, else the body's next meeting in the governance calendar.
    assert {d.body_id: d.meeting_on for d in stored(root, DecisionRecord)} == {
        "portfolio_board": date(2026, 10, 14),
        "steering_committee": date(2026, 10, 15),
    }

    october = review(root, "2026-10")
    # Open at the end of October: all three; overdue: due before 31 October (the audit, due on the 31st, is not).
    assert october["actions"] == {"open": 3, "overdue": 2, "closed": 0}
    bodies = {(e["project_id"], e["dimension"]): e["body_id"] for e in october["exceptions"]}
    # PRJ-009's schedule is still red and its action overdue: one body up (steering committee -> portfolio board).
    assert bodies[("PRJ-009", "schedule")] == "portfolio_board"
    text = pack_text(october["pack"])
    assert "Actions en retard" in text and "Renforcer l'équipe" in text and "Auditer les fournisseurs" in text

    # The October steering committee register lists the open action; the meeting closes it on 28 October.
    follow_up = register(root, "2026-10", "steering_committee")
    assert follow_up.is_file()
    ref = "2026-09/steering_committee/PRJ-009/schedule/1"
    fill_register(
        follow_up, inbox / "sc-10.xlsx", follow_ups={ref: {"status": "Close", "closed_on": date(2026, 10, 28)}}
    )
    result = invoke("decisions", "import", str(root), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["closed"] == 1
    again = review(root, "2026-10")
    assert again["actions"] == {"open": 2, "overdue": 1, "closed": 1}
    assert {(e["project_id"], e["dimension"]): e["body_id"] for e in again["exceptions"]}[
        ("PRJ-009", "schedule")
    ] == "steering_committee"
    text = pack_text(again["pack"])
    assert "Actions closes depuis le mois dernier" in text and "28/10/2026" in text
    closed = {a.ref: a for a in stored(root, ActionRecord)}[ref]
    assert (closed.status, closed.closed_on) == ("closed", date(2026, 10, 28))

    listed = invoke("decisions", "list", str(root), "--open", "--body", "portfolio_board", "--json")
    payload = json.loads(listed.stdout)
    assert [a["action"] for d in payload["decisions"] for a in d["actions"]] == [
        "Présenter le plan",
        "Auditer les fournisseurs",
    ]
