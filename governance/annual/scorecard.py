"""Section 2: where each PMO objective stood month by month over the year, as each monthly review saw it."""

from __future__ import annotations

import pandas as pd

from governance.engagement.config import Objective
from governance.review import objective_standing

# A review judges an objective on the stored months it reads: the last 12 (governance.review.store.kpi_history).
REVIEW_HISTORY = 12


def as_reviewed(kpis: pd.DataFrame, period: str) -> pd.DataFrame:
    """The KPI history the review of `period` read: the last stored months up to it."""
    if kpis.empty:
        return kpis
    return kpis[kpis["period"] <= period].sort_values("period").tail(REVIEW_HISTORY)


def monthly_standings(objectives: list[Objective], kpis: pd.DataFrame, months: list[str]) -> list[dict]:
    """Each objective of pmo.yaml: its standing every month (objective_standing, from the stored KPIs), its first
    and last value in the year (with their months) and its status at the end. `kpis`: one row per stored period
    (the year and the months before it, which a standing's pace reads)."""
    per_month = [objective_standing(objectives, as_reviewed(kpis, month), month) for month in months]
    results = []
    for index in range(len(objectives)):
        standings = [month[index] for month in per_month]
        last = standings[-1]
        values = [s.get("value") for s in standings]
        known = [(month, value) for month, value in zip(months, values, strict=True) if value is not None]
        results.append(
            {
                **{k: last.get(k) for k in ("number", "text", "metric", "due", "label", "kind", "comparator")},
                "target": last.get("target"),
                "statuses": [s["status"] for s in standings],
                "values": values,
                "start": known[0] if known else None,
                "end": known[-1] if known else None,
                "status": last["status"],
                "trend": last.get("trend"),
            }
        )
    return results


def status_counts(standings: list[dict]) -> dict[str, int]:
    """How many objectives end the year in each status."""
    counts = dict.fromkeys(("achieved", "on_track", "at_risk", "missed", "no_value", "not_measured"), 0)
    for standing in standings:
        counts[standing["status"]] += 1
    return counts
