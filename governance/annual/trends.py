"""Section 3: the portfolio's KPIs for each month of the year, as the monthly reviews stored them."""

from __future__ import annotations

import pandas as pd

from governance.annual.year import ReportYear

TREND_COLUMNS = [
    "projects",
    "expected",
    "green",
    "amber",
    "red",
    "on_time_share",
    "on_schedule_share",
    "on_budget_share",
    "milestone_hit_rate",
    "milestones_due",
    "milestones_hit",
    "portfolio_cpi",
    "portfolio_spi",
    "exceptions",
    "escalations",
]


def year_kpis(kpis: pd.DataFrame, year: ReportYear) -> pd.DataFrame:
    """One row per month of the year (oldest first), with the stored KPIs; a month not reviewed has `reviewed`
    False and undefined figures."""
    stored = kpis[kpis["period"].isin(year.months)] if len(kpis) else pd.DataFrame(columns=["period", *TREND_COLUMNS])
    frame = pd.DataFrame({"period": year.months}).merge(stored[["period", *TREND_COLUMNS]], on="period", how="left")
    frame["reviewed"] = frame["period"].isin(set(stored["period"]))
    for column in TREND_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


def unreviewed(kpis: pd.DataFrame, year: ReportYear) -> list[str]:
    """The months of the year with no stored review."""
    return year_kpis(kpis, year).loc[lambda f: ~f["reviewed"], "period"].tolist()
