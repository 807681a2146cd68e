"""Section 5: the bodies' decisions and the follow-up of their actions over the year.

An action is opened at the meeting that decided it (the decision's `meeting_on`; without one, the last day of
the period the decision answers); it is open at the year's end unless it was closed or dropped by then (a
status recorded later counts as open at the end); it is overdue when still open and due before the year's last
day. Days to close: from opening to `closed_on`, for the actions closed in the year.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from governance.annual.year import ReportYear
from governance.core.periods import period_bounds

DECISION_KEY = ["period", "body_id", "project_id", "dimension"]
BODY_COLUMNS = ["decisions", "opened", "closed", "dropped", "open", "overdue"]


@dataclass
class ActionRecord:
    """The year's decisions and actions, counted, by body, and the actions still open at its end."""

    totals: dict
    by_body: pd.DataFrame  # index: body id; BODY_COLUMNS
    open_actions: pd.DataFrame  # open at the year's end, earliest due first, with `overdue` and `days_overdue`


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce")


def action_record(decisions: pd.DataFrame, actions: pd.DataFrame, year: ReportYear) -> ActionRecord:
    """The figures of section 5 from decisions_frame and actions_frame (governance.decisions)."""
    end, start = pd.Timestamp(year.end), pd.Timestamp(year.start)
    decided = decisions[decisions["period"].isin(year.months)]
    actions = actions[actions["period"] <= year.last].copy()
    meetings = decisions[[*DECISION_KEY, "meeting_on"]].drop_duplicates(DECISION_KEY)
    actions = actions.merge(meetings, on=DECISION_KEY, how="left")
    period_end = (
        pd.to_datetime([period_bounds(p)[1] for p in actions["period"]]) if len(actions) else pd.DatetimeIndex([])
    )
    actions["opened_on"] = _dates(actions["meeting_on"]).fillna(pd.Series(period_end, index=actions.index))
    closed_on = _dates(actions["closed_on"])
    finished = actions["status"].isin(["closed", "dropped"])
    # A follow-up recorded after the year's end does not count in it; one without a date counts as done.
    done_by_end = finished & (closed_on.isna() | (closed_on <= end))
    in_year = finished & closed_on.between(start, end)
    actions["open_at_end"] = ~done_by_end
    due = _dates(actions["due_on"])
    actions["overdue"] = actions["open_at_end"] & (due < end)
    actions["days_overdue"] = (end - due).dt.days.where(actions["overdue"])
    actions["opened_in_year"] = actions["period"].isin(year.months)
    actions["closed_in_year"] = in_year & (actions["status"] == "closed")
    actions["dropped_in_year"] = in_year & (actions["status"] == "dropped")
    days = (closed_on - actions["opened_on"]).dt.days[actions["closed_in_year"]]
    totals = {
        "decisions": len(decided),
        "opened": int(actions["opened_in_year"].sum()),
        "closed": int(actions["closed_in_year"].sum()),
        "dropped": int(actions["dropped_in_year"].sum()),
        "open": int(actions["open_at_end"].sum()),
        "overdue": int(actions["overdue"].sum()),
        "mean_days_to_close": float(days.mean()) if len(days) else None,
    }
    counts = {
        "decisions": decided.groupby("body_id").size(),
        "opened": actions.groupby("body_id")["opened_in_year"].sum(),
        "closed": actions.groupby("body_id")["closed_in_year"].sum(),
        "dropped": actions.groupby("body_id")["dropped_in_year"].sum(),
        "open": actions.groupby("body_id")["open_at_end"].sum(),
        "overdue": actions.groupby("body_id")["overdue"].sum(),
    }
    by_body = pd.DataFrame(counts, columns=BODY_COLUMNS).fillna(0).astype(int)
    by_body = by_body[by_body.sum(axis=1) > 0]
    by_body.index.name = "body_id"
    open_actions = actions[actions["open_at_end"]].assign(due=due[actions["open_at_end"]])
    open_actions = open_actions.sort_values(["due", "ref"], kind="stable").drop(columns="due").reset_index(drop=True)
    return ActionRecord(totals, by_body, open_actions)
