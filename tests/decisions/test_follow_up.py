"""The follow-up rules on hand-made actions: where actions stand at a month's end, which exception an overdue
action escalates (one body above the one that decided it, only while that dimension is red), and the store
keeping each action's follow-up when registers are imported again or out of order."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlmodel import Session

from governance.core.problems import InputError
from governance.core.store import open_store
from governance.decisions import standing_at
from governance.decisions.importing import RegistersRead, store_registers
from governance.decisions.reading import RegisterRead
from governance.decisions.store import ACTION_COLUMNS, actions_frame
from governance.review.metrics import compute_period
from governance.review.policy import default_policy
from support.review import row, status


def actions(*rows: tuple) -> pd.DataFrame:
    """(ref, period, body, project, dimension, due, status, closed_on) -> an actions frame as the store gives it."""
    return pd.DataFrame(
        [
            {
                "ref": ref,
                "period": period,
                "body_id": body,
                "project_id": project,
                "dimension": dimension,
                "action": ref,
                "owner": "X",
                "owner_known": True,
                "due_on": due,
                "status": state,
                "closed_on": closed,
                "comment": "",
            }
            for ref, period, body, project, dimension, due, state, closed in rows
        ],
        columns=ACTION_COLUMNS,
    )


def test_where_actions_stand_at_a_months_end():
    frame = actions(
        ("due-before", "2026-09", "b", "P1", "cost", date(2026, 10, 30), "open", None),
        ("due-last-day", "2026-09", "b", "P1", "cost", date(2026, 10, 31), "open", None),
        ("closed-in-october", "2026-09", "b", "P1", "cost", date(2026, 10, 1), "closed", date(2026, 10, 24)),
        ("closed-in-september", "2026-08", "b", "P1", "cost", date(2026, 9, 1), "closed", date(2026, 9, 20)),
        ("closed-in-november", "2026-09", "b", "P1", "cost", date(2026, 10, 1), "dropped", date(2026, 11, 2)),
        ("decided-in-october", "2026-10", "b", "P1", "cost", date(2026, 10, 1), "open", None),
    )
    standing = standing_at(frame, "2026-10").set_index("ref")
    # Decided after October's review: it does not exist for October yet.
    assert "decided-in-october" not in standing.index
    assert standing["state"].to_dict() == {
        "due-before": "open",
        "due-last-day": "open",
        "closed-in-october": "closed",
        "closed-in-september": "closed",
        "closed-in-november": "open",  # as of 31 October it was still open
    }
    assert set(standing.index[standing["overdue"]]) == {"due-before", "closed-in-november"}
    assert set(standing.index[standing["closed_now"]]) == {"closed-in-october"}


def _review(overdue: pd.DataFrame, streak_previous: int = 0):
    """P1 red on schedule only (SPI 0.5), P2 green; tier2 reports to the steering committee."""
    frame = status([row("P1", pv=1000.0, ev=500.0, ac=500.0), row("P2")])
    return compute_period(frame, None, default_policy(), "2026-10", None, overdue)


@pytest.mark.parametrize(
    ("overdue", "body"),
    [
        ([], "steering_committee"),  # nothing overdue
        ([("P1", "schedule", "steering_committee")], "portfolio_board"),  # one above the steering committee
        ([("P1", "schedule", "portfolio_board")], "executive_committee"),  # one above the deciding body
        ([("P1", "cost", "steering_committee")], "steering_committee"),  # cost is not red: no escalation
        ([("P2", "schedule", "steering_committee")], "steering_committee"),  # another project's action
        (
            [("P1", "schedule", "steering_committee"), ("P1", "schedule", "portfolio_board")],
            "executive_committee",  # the highest of the two
        ),
    ],
)
def test_an_overdue_action_escalates_its_red_exception_above_the_body_that_decided_it(overdue, body):
    frame = pd.DataFrame(overdue, columns=["project_id", "dimension", "body_id"])
    review = _review(frame)
    p1 = review.snapshots.set_index("project_id").loc["P1"]
    assert p1["rag_schedule"] == 2 and p1["rag_cost"] == 0
    assert p1["escalation_body"] == body
    assert bool(p1["escalated"]) == (body != "steering_committee")
    assert review.snapshots.set_index("project_id").loc["P2", "escalation_body"] == "steering_committee"
    [exception] = review.exceptions.to_dict("records")
    assert (exception["project_id"], exception["escalation_body"]) == ("P1", body)


def _register(period: str, body: str, actions: list[tuple[str, str]], follow_ups: list[dict] | None = None):
    read = RegisterRead(f"{period}-{body}.xlsx", period, body)
    read.decisions = [
        {"project_id": "P1", "project_name": "P1", "dimension": "cost", "decision": "go", "meeting_on": None}
    ]
    read.actions = [
        {
            "ref": f"{period}/{body}/P1/cost/{n}",
            "project_id": "P1",
            "dimension": "cost",
            "action": text,
            "owner": owner,
            "owner_known": True,
            "due_on": date(2026, 11, 30),
        }
        for n, (text, owner) in enumerate(actions, start=1)
    ]
    read.follow_ups = follow_ups or []
    return read


class _Engagement:
    id = "eng-0000"


def _import(session: Session, *registers: RegisterRead) -> dict:
    return store_registers(session=session, engagement=_Engagement(), read=RegistersRead(list(registers), []))


@pytest.fixture
def session(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'pmo.db'}")
    with Session(engine) as session:
        yield session
    engine.dispose()


def test_importing_again_keeps_the_follow_up_and_an_older_register_never_reopens(session):
    ref = "2026-09/pb/P1/cost/1"
    _import(session, _register("2026-09", "pb", [("Plan", "A"), ("Audit", "B")]))
    closed = {"ref": ref, "status": "closed", "closed_on": date(2026, 10, 24), "comment": "done"}
    _import(session, _register("2026-10", "pb", [], [closed]))
    # September's register imported again on its own: its decisions are replaced, the follow-up stays.
    _import(session, _register("2026-09", "pb", [("Plan", "A (typo fixed)"), ("Audit", "B")]))
    # October's register imported after November's: November's follow-up stands.
    reopened = {"ref": ref, "status": "open", "closed_on": None, "comment": "en cours"}
    later = {"ref": ref, "status": "closed", "closed_on": date(2026, 10, 24), "comment": "confirmed"}
    _import(session, _register("2026-11", "pb", [], [later]))
    counts = _import(session, _register("2026-10", "pb", [], [reopened]))
    assert counts["older_follow_ups_ignored"] == 1 and counts["follow_ups"] == 0
    stored = actions_frame(session=session, engagement="eng-0000").set_index("ref")
    assert stored.loc[ref, ["owner", "status", "closed_on", "comment"]].tolist() == [
        "A (typo fixed)",
        "closed",
        date(2026, 10, 24),
        "confirmed",
    ]


def test_moving_a_followed_up_action_is_refused(session):
    _import(session, _register("2026-09", "pb", [("Plan", "A"), ("Audit", "B")]))
    closed = {"ref": "2026-09/pb/P1/cost/1", "status": "closed", "closed_on": date(2026, 10, 24), "comment": ""}
    _import(session, _register("2026-10", "pb", [], [closed]))
    with pytest.raises(InputError) as refused:
        _import(session, _register("2026-09", "pb", [("Audit", "B")]))  # "Plan" deleted: "Audit" would move up
    [problem] = refused.value.problems
    assert problem.code == "action-moved" and "'Plan'" in problem.message and "now 'Audit'" in problem.message
