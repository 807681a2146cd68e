"""Decisions and actions over the year, against counts worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd

from governance.annual import ReportYear, action_record
from governance.decisions.store import ACTION_COLUMNS, DECISION_COLUMNS

YEAR = ReportYear("2026-12")  # 2026-01-01 .. 2026-12-31


def decision(period: str, body: str, project: str, dimension: str, meeting_on: date | None) -> dict:
    return {
        "period": period,
        "body_id": body,
        "meeting_on": meeting_on,
        "project_id": project,
        "project_name": f"Project {project}",
        "dimension": dimension,
        "decision": "Decided.",
    }


def action(ref: str, period: str, body: str, project: str, dimension: str, due: date, status: str, closed=None):
    return {
        "ref": ref,
        "period": period,
        "body_id": body,
        "project_id": project,
        "dimension": dimension,
        "action": f"Action {ref}",
        "owner": "Owner",
        "owner_known": True,
        "due_on": due,
        "status": status,
        "closed_on": closed,
        "comment": "",
    }


def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    decisions = pd.DataFrame(
        [
            decision("2026-03", "steering", "P1", "schedule", date(2026, 4, 7)),
            decision("2026-05", "board", "P2", "cost", None),  # no meeting date: opened at the period's end
            decision("2025-11", "steering", "P3", "cost", date(2025, 12, 5)),  # the year before
        ],
        columns=DECISION_COLUMNS,
    )
    actions = pd.DataFrame(
        [
            # Opened 2026-04-07, closed 2026-05-07: 30 days.
            action("A1", "2026-03", "steering", "P1", "schedule", date(2026, 5, 31), "closed", date(2026, 5, 7)),
            # Open, due 2026-07-31: overdue at the year's end by 153 days.
            action("A2", "2026-05", "board", "P2", "cost", date(2026, 7, 31), "open"),
            # Open, due after the year: not overdue.
            action("A3", "2026-05", "board", "P2", "cost", date(2027, 2, 28), "open"),
            # Opened the year before, dropped in it.
            action("A4", "2025-11", "steering", "P3", "cost", date(2026, 1, 31), "dropped", date(2026, 2, 15)),
            # Closed after the year's end: open and overdue (due 2026-06-30, 184 days) at the end.
            action("A5", "2026-03", "steering", "P1", "schedule", date(2026, 6, 30), "closed", date(2027, 1, 10)),
            # Opened 2026-05-31 (no meeting date), closed 2026-06-30: 30 days.
            action("A6", "2026-05", "board", "P2", "cost", date(2026, 6, 30), "closed", date(2026, 6, 30)),
            # Decided after the year: not the year's.
            action("A7", "2027-01", "board", "P2", "cost", date(2027, 3, 31), "open"),
        ],
        columns=ACTION_COLUMNS,
    )
    return decisions, actions


def test_counts_by_body_and_time_to_close():
    record = action_record(*frames(), YEAR)
    assert record.totals == {
        "decisions": 2,
        "opened": 5,
        "closed": 2,
        "dropped": 1,
        "open": 3,
        "overdue": 2,
        "mean_days_to_close": 30.0,
    }
    assert record.by_body.to_dict("index") == {
        "board": {"decisions": 1, "opened": 3, "closed": 1, "dropped": 0, "open": 2, "overdue": 1},
        "steering": {"decisions": 1, "opened": 2, "closed": 1, "dropped": 1, "open": 1, "overdue": 1},
    }


def test_open_actions_earliest_due_first_with_days_overdue():
    record = action_record(*frames(), YEAR)
    rows = record.open_actions[["ref", "overdue", "days_overdue"]].to_dict("records")
    assert [r["ref"] for r in rows] == ["A5", "A2", "A3"]
    assert [r["overdue"] for r in rows] == [True, True, False]
    assert [r["days_overdue"] for r in rows[:2]] == [184, 153] and pd.isna(rows[2]["days_overdue"])


def test_nothing_recorded():
    record = action_record(pd.DataFrame(columns=DECISION_COLUMNS), pd.DataFrame(columns=ACTION_COLUMNS), YEAR)
    assert record.totals["decisions"] == record.totals["open"] == 0
    assert record.totals["mean_days_to_close"] is None and record.by_body.empty and record.open_actions.empty
