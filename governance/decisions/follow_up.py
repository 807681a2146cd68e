"""Where the actions stand at a review: open, overdue, closed since last month (as of the period's last day).

Reckoned as of the period's end, not as of today, so a review run again later says what it said then: an
action decided after a period's review (its own period or later) does not exist yet for that period.
"""

from __future__ import annotations

import pandas as pd

from governance.core.periods import period_bounds, shift_period


def standing_at(actions: pd.DataFrame, period: str) -> pd.DataFrame:
    """The actions that exist at `period`'s review, with `state` (open | closed | dropped as of its last day),
    `overdue` (open, and due before that day: an action due on it is not late yet) and `closed_now` (closed or dropped during the period)."""
    if actions.empty:
        return actions.assign(
            state=pd.Series(dtype=str), overdue=pd.Series(dtype=bool), closed_now=pd.Series(dtype=bool)
        )
    last = pd.Timestamp(period_bounds(period)[1])
    previous_last = pd.Timestamp(period_bounds(shift_period(period, -1))[1])
    existing = actions[actions["period"] < period].copy()
    closed_on = pd.to_datetime(existing["closed_on"])
    done = existing["status"].isin(["closed", "dropped"]) & closed_on.notna() & (closed_on <= last)
    existing["state"] = existing["status"].where(done, "open")
    existing["overdue"] = ~done & (pd.to_datetime(existing["due_on"]) < last)
    existing["closed_now"] = done & (closed_on > previous_last)
    return existing


def overdue_exceptions(actions: pd.DataFrame, period: str) -> pd.DataFrame:
    """(project_id, dimension, body_id: the body that decided it) of every action overdue at `period`'s review."""
    standing = standing_at(actions, period)
    return standing.loc[standing["overdue"], ["project_id", "dimension", "body_id"]].drop_duplicates()
