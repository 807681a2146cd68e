"""Maturity scoring of a multi-respondent assessment (pandas, vectorised).

Each respondent is one voice per dimension: their dimension score is the mean of the questions they
answered in it. Per dimension we report the median, mean, min, max, standard deviation and spread of
those voices. The dimension's level is the level the median respondent has fully reached
(floor of the median), and the overall staged level is the lowest dimension level.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
import pandas as pd

from governance.assessment.bank import QuestionBank

RESPONSE_STATUSES = ("answered", "na", "not_answered")


def respondent_scores(responses: pd.DataFrame) -> pd.DataFrame:
    """Mean score per respondent and dimension, over answered questions only."""
    answered = responses[responses["status"] == "answered"]
    return (
        answered.assign(score=answered["score"].astype(float))
        .groupby(["respondent", "role", "dimension_id"], as_index=False, sort=False)["score"]
        .mean()
    )


def score_dimensions(
    responses: pd.DataFrame,
    bank: QuestionBank,
    targets: dict[str, int],
    disagreement_spread: float,
) -> pd.DataFrame:
    """One row per dimension of the bank, in bank order, with statistics, level, target and gap."""
    voices = respondent_scores(responses)
    stats = voices.groupby("dimension_id")["score"].agg(
        respondents="count", mean="mean", median="median", min="min", max="max", std="std"
    )
    frame = pd.DataFrame(index=pd.Index(bank.dimension_ids, name="dimension_id")).join(stats)
    frame["respondents"] = frame["respondents"].fillna(0).astype(int)
    # A single voice has no spread to speak of: std is 0, not undefined.
    frame.loc[frame["respondents"] == 1, "std"] = 0.0
    frame["spread"] = frame["max"] - frame["min"]
    frame["level"] = np.floor(frame["median"] + 1e-9).clip(1, 5).astype("Int64")
    frame["target"] = [int(targets[d]) for d in frame.index]
    frame["gap"] = frame["target"] - frame["median"]
    frame["disagreement"] = (frame["spread"] >= disagreement_spread).fillna(False).astype(bool)
    return frame.reset_index()


def scores_by_role(responses: pd.DataFrame, dimension_ids: list[str]) -> pd.DataFrame:
    """Median respondent score per role (rows) and dimension (columns)."""
    voices = respondent_scores(responses)
    table = voices.pivot_table(index="role", columns="dimension_id", values="score", aggfunc="median")
    counts = voices.groupby("role")["respondent"].nunique().rename("respondents")
    return table.reindex(columns=dimension_ids).join(counts).reset_index()


def overall_level(scores: pd.DataFrame) -> int | None:
    """The staged level: an organisation is at the level of its weakest dimension."""
    levels = scores["level"].dropna()
    return int(levels.min()) if len(levels) else None


def targets_for(bank: QuestionBank, configured: dict[str, int], default: int) -> dict[str, int]:
    return {d: int(configured.get(d, default)) for d in bank.dimension_ids}


def unknown_target_keys(bank: QuestionBank, configured: dict[str, int]) -> list[str]:
    return [key for key in configured if key not in bank.dimension_ids]


def completion(responses: pd.DataFrame) -> dict[str, int]:
    counts = responses["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in RESPONSE_STATUSES}


def progress(current: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """Median and level change per dimension since an earlier assessment (empty when there is none)."""
    columns = ["dimension_id", "previous_median", "previous_level", "median", "level", "change"]
    if previous is None or previous.empty:
        return pd.DataFrame(columns=columns)
    merged = current[["dimension_id", "median", "level"]].merge(
        previous[["dimension_id", "median", "level"]].rename(
            columns={"median": "previous_median", "level": "previous_level"}
        ),
        on="dimension_id",
        how="left",
    )
    merged["change"] = merged["median"] - merged["previous_median"]
    return merged[columns]


def campaign_date(campaign: str, fallback: date) -> date:
    """A campaign named YYYY-MM (or YYYY-MM-DD) is dated by its name; any other by its files."""
    for fmt, length in (("%Y-%m-%d", 10), ("%Y-%m", 7)):
        try:
            return datetime.strptime(campaign[:length], fmt).date()
        except ValueError:
            continue
    return fallback


def is_defined(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and value is not pd.NA
