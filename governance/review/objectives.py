"""Where each PMO objective of pmo.yaml stands at a review: its measure's value (stored with every period),
the target, the status and the trend.

Status: `achieved` when the value meets the target; `missed` when it does not and the due date has passed;
otherwise `on_track` when the pace since the first measured month reaches the target by the due date (without a
due date: when the value improved on last month), else `at_risk`; `no_value` when the measure has no value this
month (no milestone due, no assessment yet...). An objective without a measure stays text: `not_measured`.
"""

from __future__ import annotations

import operator
from datetime import date

import pandas as pd

from governance.core.periods import period_bounds
from governance.engagement.config import Objective
from governance.engagement.measures import MATURITY_PREFIX, Measure, find_measure

COMPARE = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}
# With a single month measured there is no pace: far enough from the due date, the objective is on track.
NO_PACE_MONTHS = 3
DECIMALS = 9


def _months(first: str, last: str) -> int:
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:])


def _value(history: pd.DataFrame, column: str, period: str) -> float | None:
    row = history[history["period"] == period]
    if row.empty or pd.isna(row[column].iloc[0]):
        return None
    return float(row[column].iloc[0])


def _trend(measure: Measure, value: float | None, previous: float | None) -> str | None:
    if value is None or previous is None:
        return None
    if value == previous:
        return "stable"
    return "improving" if (value > previous) == (measure.better == "higher") else "worsening"


def _status(meets, value: float, first: tuple[str, float] | None, period: str, due: date | None, trend) -> str:
    if meets(value):
        return "achieved"
    period_end = period_bounds(period)[1]
    if due is not None and period_end >= due:
        return "missed"
    if due is None:
        return "on_track" if trend == "improving" else "at_risk"
    months_left = _months(period, f"{due.year:04d}-{due.month:02d}")
    if first is None or first[0] >= period:
        return "on_track" if months_left > NO_PACE_MONTHS else "at_risk"
    pace = (value - first[1]) / _months(first[0], period)
    # Rounded: 0.75 + 5 x 0.07 must reach a target of 1.0 however the floats fall.
    return "on_track" if meets(round(value + pace * months_left, DECIMALS)) else "at_risk"


def with_dimension_maturity(history: pd.DataFrame, medians: pd.DataFrame) -> pd.DataFrame:
    """`history` with a `maturity:<dimension>` column per assessed dimension: each period gets the median score of
    the latest assessment that scored it on or before its last day (governance.assessment.dimension_medians)."""
    if history.empty or medians.empty:
        return history
    wide = medians.pivot_table(index="assessed_on", columns="dimension_id", values="median", aggfunc="last")
    # A re-assessment that left a dimension out keeps that dimension's last score.
    wide = wide.sort_index().ffill().add_prefix(MATURITY_PREFIX).reset_index()
    wide["assessed_on"] = pd.to_datetime(wide["assessed_on"])
    ends = pd.DataFrame({"period": history["period"], "_end": pd.to_datetime(history["period"].map(_last_day))})
    joined = pd.merge_asof(
        ends.sort_values("_end"), wide.sort_values("assessed_on"), left_on="_end", right_on="assessed_on"
    )
    extra = joined.drop(columns=["_end", "assessed_on"]).set_index("period")
    return history.join(extra, on="period")


def _last_day(period: str) -> date:
    return period_bounds(period)[1]


def objective_standing(objectives: list[Objective], history: pd.DataFrame, period: str) -> list[dict]:
    """Each objective at `period`, from the stored period KPIs (`history`: one row per period, up to `period`)."""
    history = history[history["period"] <= period].sort_values("period") if len(history) else history
    results = []
    for number, objective in enumerate(objectives, start=1):
        entry = {"number": number, "text": objective.text, "metric": objective.metric, "due": objective.due}
        if objective.metric is None:
            results.append({**entry, "status": "not_measured"})
            continue
        measure = find_measure(objective.metric)
        comparator = objective.comparator or measure.comparator
        target = measure.target_value(objective.target)
        column = measure.kpi
        known = history[history[column].notna()] if column in history else history.iloc[0:0]
        earlier = known[known["period"] < period]
        value = _value(history, column, period) if column in history else None
        previous = float(earlier[column].iloc[-1]) if len(earlier) else None
        first = (known["period"].iloc[0], float(known[column].iloc[0])) if len(known) else None
        trend = _trend(measure, value, previous)
        meets = lambda v, c=comparator, t=target: COMPARE[c](v, t)  # noqa: E731
        status = "no_value" if value is None else _status(meets, value, first, period, objective.due, trend)
        results.append(
            {
                **entry,
                "label": measure.label,
                "kind": measure.kind,
                "comparator": comparator,
                "target": target,
                "value": value,
                "previous": previous,
                "trend": trend,
                "status": status,
            }
        )
    return results
