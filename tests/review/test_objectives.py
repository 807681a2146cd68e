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
    from governance.review.pack import scorecard_rows

    [row] = scorecard_rows([Objective(text="Des revues de jalon")], history("on_time_share", {}), "2026-10", "fr")
    assert (row["text"], row["status"], row["value"]) == ("Des revues de jalon", "Non mesuré (objectif rédigé)", "")


@pytest.mark.parametrize(
    ("objective", "key", "says"),
    [
        (
            {"text": "x", "metric": "team_happiness", "target": "1"},
            "pmo.objectives.0.metric",
            "unknown measure 'team_happiness'; expected one of reporting_on_time, on_time_share",
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


def test_a_dimensions_maturity_is_measured_from_the_latest_assessment_of_each_month():
    """Assessments on 15 April (governance 2.0) and 20 October (3.5): April to September read 2.0, October 3.5,
    March nothing; target 3 by October 2027 is achieved in October."""
    from governance.review.objectives import with_dimension_maturity

    kpis = pd.DataFrame({"period": ["2026-03", "2026-04", "2026-09", "2026-10"], "on_time_share": [0.9] * 4})
    medians = pd.DataFrame(
        {
            "assessed_on": [date(2026, 4, 15), date(2026, 4, 15), date(2026, 10, 20)],
            "campaign": ["2026-04", "2026-04", "2026-10"],
            "dimension_id": ["governance", "risk", "governance"],
            "median": [2.0, 1.5, 3.5],
        }
    )
    joined = with_dimension_maturity(kpis, medians)
    assert joined["maturity:governance"].tolist()[1:] == [2.0, 2.0, 3.5] and pd.isna(joined["maturity:governance"][0])
    assert joined["maturity:risk"].tolist()[1:] == [1.5, 1.5, 1.5]
    objective = Objective(text="Gouvernance niveau 3", metric="maturity:governance", target="3", due=date(2027, 10, 31))
    [september] = objective_standing([objective], joined, "2026-09")
    [october] = objective_standing([objective], joined, "2026-10")
    # Flat since April (2.0 -> 2.0): no pace to reach 3, at risk.
    assert (september["value"], september["status"], september["kind"]) == (2.0, "at_risk", "score")
    assert (october["value"], october["status"], october["trend"]) == (3.5, "achieved", "improving")
    assert october["label"]["fr"] == "Maturité : Gouvernance (médiane, 1 à 5)"


def test_an_unknown_dimension_is_refused_with_the_dimensions_that_exist():
    with pytest.raises(InputError) as refused:
        parse_config(
            {
                "client": {"name": "x"},
                "pmo": {"objectives": [{"text": "x", "metric": "maturity:cuisine", "target": "3"}]},
            },
            "pmo.yaml",
        )
    [problem] = refused.value.problems
    assert problem.key == "pmo.objectives.0.metric"
    assert "unknown measure 'maturity:cuisine'" in problem.message and "maturity:governance" in problem.message
