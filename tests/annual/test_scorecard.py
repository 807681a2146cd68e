"""The objectives' standing month by month, as each monthly review judged it, worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd

from governance.annual import ReportYear, monthly_standings
from governance.annual.scorecard import as_reviewed, status_counts
from governance.engagement.config import Objective

YEAR = ReportYear("2026-03")  # 2025-04 .. 2026-03: the first nine months have no review


def kpis(rows: dict[str, tuple[float | None, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"period": p, "on_schedule_share": s, "milestone_hit_rate": m} for p, (s, m) in rows.items()]
    ).astype({"on_schedule_share": float, "milestone_hit_rate": float})


OBJECTIVES = [
    Objective(text="On schedule", metric="on_schedule_share", target="90 %", due=date(2026, 12, 31)),
    Objective(text="Stage gates for large projects", target="100 %"),
    Objective(text="Milestones", metric="milestone_hit_rate", target="80 %", due=date(2026, 6, 30)),
]


def test_standings_month_by_month():
    history = kpis({"2026-01": (0.80, None), "2026-02": (0.85, 0.5), "2026-03": (0.92, 0.6)})
    on_time, text_only, milestones = monthly_standings(OBJECTIVES, history, YEAR.months)
    # 2026-01: first value, 11 months left: on track; 2026-02: pace +5 points a month reaches 90 % by December:
    # on track; 2026-03: 92 % >= 90 %: achieved.
    assert on_time["statuses"] == ["no_value"] * 9 + ["on_track", "on_track", "achieved"]
    assert (on_time["start"], on_time["end"], on_time["status"]) == (("2026-01", 0.80), ("2026-03", 0.92), "achieved")
    # 2026-02: first value, 4 months to the due date: on track; 2026-03: +10 points a month gives 90 % by June.
    assert milestones["statuses"] == ["no_value"] * 10 + ["on_track", "on_track"]
    assert (milestones["start"], milestones["end"]) == (("2026-02", 0.5), ("2026-03", 0.6))
    assert text_only["statuses"] == ["not_measured"] * 12 and text_only["start"] is None
    assert status_counts([on_time, text_only, milestones]) == {
        "achieved": 1,
        "on_track": 1,
        "at_risk": 0,
        "missed": 0,
        "no_value": 0,
        "not_measured": 1,
    }


def test_a_month_is_judged_on_the_history_its_review_read():
    """The review of a month reads the last 12 stored months: a value older than that sets no pace."""
    history = kpis({"2025-01": (0.20, None), **{f"2026-{m:02d}": (0.80, None) for m in (1, 2, 3)}})
    assert as_reviewed(history, "2026-03")["period"].tolist() == ["2025-01", "2026-01", "2026-02", "2026-03"]
    long = kpis({**{f"2025-{m:02d}": (0.20, None) for m in range(1, 13)}, "2026-01": (0.80, None)})
    assert as_reviewed(long, "2026-01")["period"].iloc[0] == "2025-02"


def test_missed_once_the_due_date_passed():
    late = [Objective(text="Milestones", metric="milestone_hit_rate", target="80 %", due=date(2026, 1, 31))]
    [standing] = monthly_standings(late, kpis({"2026-01": (None, 0.5), "2026-02": (None, 0.6)}), YEAR.months)
    assert standing["statuses"][-3:] == ["missed", "missed", "no_value"]
    assert standing["end"] == ("2026-02", 0.6) and standing["status"] == "no_value"
