"""PMO objectives bound to measures, on hand-made KPI histories: each status, the trend, a missing value, and
pmo.yaml refusing a measure that does not exist."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from governance.core.problems import InputError
from governance.engagement.config import Objective, parse_config
from governance.review.objectives import objective_standing


def history(column: str, values: dict[str, float | None]) -> pd.DataFrame:
    return pd.DataFrame({"period": list(values), column: [float("nan") if v is None else v for v in values.values()]})


def standing(metric: str, target: str, due: date | None, column: str, values: dict, period: str = "2026-10") -> dict:
    objective = Objective(text="Objectif", metric=metric, target=target, due=due)
    [result] = objective_standing([objective], history(column, values), period)
    return result


@pytest.mark.parametrize(
    ("name", "metric", "target", "due", "column", "values", "status", "trend"),
    [
        # 0.96 >= 0.95: achieved, whatever the due date.
        (
            "achieved",
            "reporting_on_time",
            "95 %",
            date(2027, 6, 30),
            "on_time_share",
            {"2026-08": 0.90, "2026-09": 0.93, "2026-10": 0.96},
            "achieved",
            "improving",
        ),
        # 0.80 -> 0.86 in 2 months (+0.03 a month), 8 months to go: 0.86 + 0.24 >= 0.95.
        (
            "on track",
            "reporting_on_time",
            "95 %",
            date(2027, 6, 30),
            "on_time_share",
            {"2026-08": 0.80, "2026-09": 0.83, "2026-10": 0.86},
            "on_track",
            "improving",
        ),
        # +0.005 a month: 0.81 + 8 x 0.005 = 0.85 < 0.95.
        (
            "too slow",
            "reporting_on_time",
            "95 %",
            date(2027, 6, 30),
            "on_time_share",
            {"2026-08": 0.80, "2026-09": 0.805, "2026-10": 0.81},
            "at_risk",
            "improving",
        ),
        # Due in September: October's 0.90 is short of the target for good.
        (
            "missed",
            "reporting_on_time",
            "95 %",
            date(2026, 9, 30),
            "on_time_share",
            {"2026-09": 0.90, "2026-10": 0.90},
            "missed",
            "stable",
        ),
        # Lower is better: 2 escalations against at most 1, going the wrong way.
        (
            "count, lower is better",
            "escalations",
            "1",
            date(2027, 3, 31),
            "escalations",
            {"2026-09": 1.0, "2026-10": 2.0},
            "at_risk",
            "worsening",
        ),
        # No milestone was due in October: no value this month (earlier months do not stand in for it).
        (
            "missing value",
            "milestone_hit_rate",
            "80 %",
            date(2027, 3, 31),
            "milestone_hit_rate",
            {"2026-09": 0.5, "2026-10": None},
            "no_value",
            None,
        ),
        # A single month measured, far from the due date: no pace yet, on track.
        (
            "first month",
            "maturity_level",
            "3",
            date(2027, 10, 31),
            "maturity_level",
            {"2026-10": 2.0},
            "on_track",
            None,
        ),
        (
            "first month near the due date",
            "maturity_level",
            "3",
            date(2026, 12, 31),
            "maturity_level",
            {"2026-10": 2.0},
            "at_risk",
            None,
        ),
        # Without a due date: improving is on track.
        (
            "no due date",
            "on_budget_share",
            "0.9",
            None,
            "on_budget_share",
            {"2026-09": 0.7, "2026-10": 0.75},
            "on_track",
            "improving",
        ),
    ],
)
def test_status_and_trend(name, metric, target, due, column, values, status, trend):
    result = standing(metric, target, due, column, values)
    assert (result["status"], result["trend"]) == (status, trend), name
    assert result["value"] == values["2026-10"]


def test_the_target_is_read_as_its_measure_reads_it():
    assert standing("reporting_on_time", "95 %", None, "on_time_share", {"2026-10": 0.5})["target"] == 0.95
    assert standing("reporting_on_time", "0,9", None, "on_time_share", {"2026-10": 0.5})["target"] == 0.9
    assert standing("maturity_level", "3", None, "maturity_level", {"2026-10": 2.0})["target"] == 3.0
    explicit = Objective(text="x", metric="escalations", comparator="<", target="2")
    [result] = objective_standing([explicit], history("escalations", {"2026-10": 2.0}), "2026-10")
    assert (result["comparator"], result["status"]) == ("<", "at_risk")  # 2 < 2 is false, no pace, no due date


def test_an_unbound_objective_stays_text():
    [result] = objective_standing([Objective(text="Des revues de jalon")], history("on_time_share", {}), "2026-10")
    assert result["status"] == "not_measured" and "value" not in result


@pytest.mark.parametrize(
    ("objective", "key", "says"),
    [
        (
            {"text": "x", "metric": "gate_compliance", "target": "1"},
            "pmo.objectives.0.metric",
            "unknown measure 'gate_compliance'; expected one of reporting_on_time, on_time_share",
        ),
        ({"text": "x", "metric": "on_budget_share", "target": "beaucoup"}, "pmo.objectives.0", "has no number"),
        (
            {"text": "x", "metric": "on_budget_share", "target": "1", "comparator": "=>"},
            "pmo.objectives.0.comparator",
            "",
        ),
    ],
)
def test_pmo_yaml_refuses_a_bad_binding(objective, key, says):
    with pytest.raises(InputError) as refused:
        parse_config({"client": {"name": "x"}, "pmo": {"objectives": [objective]}}, "pmo.yaml")
    [problem] = refused.value.problems
    assert problem.key == key and says in problem.message
