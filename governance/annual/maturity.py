"""Section 1: maturity per dimension at the baseline assessment against the latest re-assessment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

CHANGE_COLUMNS = [
    "dimension_id",
    "start_median",
    "start_level",
    "latest_median",
    "latest_level",
    "change",
    "target",
    "gap",
]


@dataclass(frozen=True)
class CampaignScores:
    """A stored assessment: campaign, date, respondents, overall level and its dimension scores (median, level)."""

    campaign: str
    assessed_on: date
    respondents: int
    overall_level: int | None
    scores: pd.DataFrame

    @property
    def mean_score(self) -> float | None:
        """The mean of the dimension medians: the score the monthly review reports with the level."""
        medians = pd.to_numeric(self.scores["median"], errors="coerce").dropna() if len(self.scores) else []
        return round(float(medians.mean()), 2) if len(medians) else None


def targets_for(dimension_ids: list[str], configured: dict[str, int], default: int) -> dict[str, int]:
    """Each dimension's target: pmo.yaml `assessment.target`, else `default_target`."""
    return {d: int(configured.get(d, default)) for d in dimension_ids}


def maturity_change(start: CampaignScores | None, latest: CampaignScores, targets: dict[str, int]) -> pd.DataFrame:
    """One row per dimension of `targets` (the question bank's order): the baseline's and the latest median and
    level, the change between them, the target and the gap still to close (target - latest median; <= 0 reached).
    `start` None: a single assessment, nothing to compare with (start and change undefined)."""

    def by_dimension(scores: CampaignScores | None) -> pd.DataFrame:
        if scores is None or scores.scores.empty:
            return pd.DataFrame(columns=["median", "level"], index=pd.Index([], name="dimension_id"), dtype=float)
        frame = scores.scores.set_index("dimension_id")[["median", "level"]]
        return frame.apply(pd.to_numeric, errors="coerce").astype(float)

    frame = pd.DataFrame(index=pd.Index(list(targets), name="dimension_id"))
    frame = frame.join(by_dimension(start).add_prefix("start_")).join(by_dimension(latest).add_prefix("latest_"))
    frame["change"] = frame["latest_median"] - frame["start_median"]
    frame["target"] = [targets[d] for d in frame.index]
    frame["gap"] = frame["target"] - frame["latest_median"]
    return frame.reset_index()[CHANGE_COLUMNS]
