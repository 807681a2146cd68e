"""Scores recomputed by hand on a two-dimension, three-respondent example."""

from __future__ import annotations

import pandas as pd
import pytest

from governance.assessment import scoring
from governance.assessment.bank import Text
from governance.assessment.recommendations import Actions, Library, Recommendation, build_roadmap, dependency_waves
from governance.assessment.responses import validate_responses


def answers(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["respondent", "role", "question_id", "score"])
    frame["_row"] = range(2, len(frame) + 2)
    frame["source_file"] = "answers.csv"
    return frame


@pytest.fixture
def responses(tiny_bank):
    raw = answers(
        [
            # Ann: governance (2+3)/2 = 2.5, risk (1+N/A) = 1
            ("Ann", "PM", "governance.1", "2"),
            ("Ann", "PM", "governance.2", "3"),
            ("Ann", "PM", "risk.1", "1"),
            ("Ann", "PM", "risk.2", "N/A"),
            # Bob: governance 4, risk (5+5)/2 = 5 ; governance.2 left blank
            ("Bob", "Sponsor", "governance.1", "4"),
            ("Bob", "Sponsor", "governance.2", ""),
            ("Bob", "Sponsor", "risk.1", "5"),
            ("Bob", "Sponsor", "risk.2", "5"),
            # Cat: governance (1+2)/2 = 1.5 ; never mentions risk.2 -> not answered ; risk 2
            ("Cat", "PM", "governance.1", "1"),
            ("Cat", "PM", "governance.2", "2"),
            ("Cat", "PM", "risk.1", "2"),
        ]
    )
    frame, problems = validate_responses(raw, tiny_bank)
    assert problems == []
    return frame


def test_unanswered_is_recorded_never_zero(responses):
    assert len(responses) == 12  # 3 respondents x 4 questions, gaps filled
    status = responses.set_index(["respondent", "question_id"])["status"]
    assert status[("Bob", "governance.2")] == "not_answered"
    assert status[("Cat", "risk.2")] == "not_answered"
    assert status[("Ann", "risk.2")] == "na"
    assert responses["score"].min() == 1  # no zero anywhere
    assert scoring.completion(responses) == {"answered": 9, "na": 1, "not_answered": 2}


def test_dimension_statistics_by_hand(responses, tiny_bank):
    scores = scoring.score_dimensions(responses, tiny_bank, {"governance": 3, "risk": 4}, 2.0).set_index("dimension_id")
    g = scores.loc["governance"]
    # respondent voices 2.5, 4.0, 1.5
    assert g["respondents"] == 3
    assert g["mean"] == pytest.approx((2.5 + 4 + 1.5) / 3)
    assert g["median"] == 2.5
    assert (g["min"], g["max"], g["spread"]) == (1.5, 4.0, 2.5)
    assert g["std"] == pytest.approx(pd.Series([2.5, 4, 1.5]).std())
    assert g["level"] == 2 and g["gap"] == pytest.approx(0.5) and bool(g["disagreement"])
    r = scores.loc["risk"]
    # voices 1, 5, 2
    assert (r["median"], r["level"], r["gap"], r["spread"]) == (2.0, 2, 2.0, 4.0)
    assert scoring.overall_level(scores.reset_index()) == 2


def test_single_voice_has_no_spread(tiny_bank):
    raw = answers([("Ann", "PM", "governance.1", "4"), ("Ann", "PM", "governance.2", "5")])
    frame, _ = validate_responses(raw, tiny_bank)
    scores = scoring.score_dimensions(frame, tiny_bank, {"governance": 3, "risk": 3}, 2.0).set_index("dimension_id")
    assert scores.loc["governance", "std"] == 0 and scores.loc["governance", "level"] == 4
    assert scores.loc["governance", "gap"] == pytest.approx(-1.5)
    # nobody answered risk: no level, no gap, not a zero
    assert scores.loc["risk", "respondents"] == 0 and pd.isna(scores.loc["risk", "level"])
    assert scoring.overall_level(scores.reset_index()) == 4


def test_scores_by_role(responses, tiny_bank):
    roles = scoring.scores_by_role(responses, tiny_bank.dimension_ids).set_index("role")
    assert roles.loc["PM", "governance"] == pytest.approx((2.5 + 1.5) / 2)
    assert roles.loc["PM", "respondents"] == 2 and roles.loc["Sponsor", "risk"] == 5


@pytest.mark.parametrize(
    "prereq_gap, expected", [(True, {"governance": 0, "risk": 1}), (False, {"governance": 0, "risk": 0})]
)
def test_dependency_waves(tiny_bank, prereq_gap, expected):
    gapped = {"risk", "governance"} if prereq_gap else {"risk"}
    assert dependency_waves(tiny_bank, gapped) == expected


def test_roadmap_steps_ranked_by_dependency_then_gap(responses, tiny_bank):
    def step(d, n):
        return Recommendation(title=Text(fr=f"{d} {n}", en=f"{d} {n}"), actions=Actions(fr=["a"], en=["a"]))

    library = Library(recommendations={d: {n: step(d, n) for n in (1, 2, 3, 4)} for d in ("governance", "risk")})
    scores = scoring.score_dimensions(responses, tiny_bank, {"governance": 3, "risk": 4}, 2.0)
    plan = build_roadmap(scores, tiny_bank, library, "en")
    # governance level 2 -> 3: one step, wave 0; risk level 2 -> 4: two steps, waves 1 and 2 (waits for governance)
    assert plan[["title", "horizon"]].values.tolist() == [
        ["governance 2", "0-3"],
        ["risk 2", "3-6"],
        ["risk 3", "6-12"],
    ]
    assert plan["rank"].tolist() == [1, 2, 3]


def test_progress_against_previous(responses, tiny_bank):
    current = scoring.score_dimensions(responses, tiny_bank, {"governance": 3, "risk": 4}, 2.0)
    previous = current.assign(median=[1.0, 2.5], level=[1, 2])
    change = scoring.progress(current, previous).set_index("dimension_id")["change"]
    assert change["governance"] == pytest.approx(1.5) and change["risk"] == pytest.approx(-0.5)
    assert scoring.progress(current, None).empty


@pytest.mark.parametrize(
    "name, expected", [("2026-10", "2026-10-01"), ("2026-04-15", "2026-04-15"), ("baseline", "2020-01-01")]
)
def test_campaign_date(name, expected):
    from datetime import date

    assert scoring.campaign_date(name, date(2020, 1, 1)).isoformat() == expected
