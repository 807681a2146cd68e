"""Section 8: recommendations for year two, from the gaps the latest assessment leaves, the objectives missed or
at risk and the overdue actions."""

from __future__ import annotations

from typing import Any

import pandas as pd

from governance.annual.maturity import CampaignScores
from governance.assessment import QuestionBank, build_roadmap

REVISIT = ("missed", "at_risk")


def assessment_steps(
    latest: CampaignScores, targets: dict[str, int], bank: QuestionBank, library: Any, language: str
) -> pd.DataFrame:
    """The first step of each dimension still below its target (the assessment's recommendation library, its
    roadmap's order): where year two starts."""
    scores = latest.scores[["dimension_id", "median", "level"]].copy()
    scores = scores[scores["dimension_id"].isin(list(targets))]
    scores["median"] = pd.to_numeric(scores["median"], errors="coerce")
    scores["level"] = pd.to_numeric(scores["level"], errors="coerce").astype("Int64")
    scores["target"] = scores["dimension_id"].map(targets)
    scores["gap"] = scores["target"] - scores["median"]
    roadmap = build_roadmap(scores, bank, library, language)
    return roadmap.drop_duplicates("dimension_id", keep="first").reset_index(drop=True)


def objectives_to_revisit(standings: list[dict]) -> list[dict]:
    """The objectives that end the year missed or at risk."""
    return [s for s in standings if s["status"] in REVISIT]
