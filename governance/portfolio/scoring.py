"""Scoring the demands: reviewers' 1-5 scores per criterion merged into one weighted score per demand (pandas).

One voice per reviewer: on each demand and criterion, every reviewer who gave a score counts once and a blank is
no opinion (left out, never a 0). The criterion's score is the mean of those voices, with their min, max, spread
and count; the demand's score weighs the criterion means by the criteria's weights. Reviewers far apart on a
criterion (spread at or above the flag) put the demand up for discussion before it is ranked for good.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from governance.portfolio.model import Criterion

# Weights written as fractions sum to 1, written as percent (the usual form in a governance document) to 100:
# either is what the author meant, so normalising them says nothing. Any other sum is normalised with a note.
WEIGHT_SUMS = (1.0, 100.0)
WEIGHT_TOLERANCE = 1e-6
# Weighted scores are rounded to 9 decimals: sums of products of floats differ in the last bits ((0.3 * 3.5) / 0.3
# is 3.5000000000000004), so two demands a person sees tied would rank apart, and 3.6 computed by hand would not
# be 3.6. Nine decimals is far below any difference on a 1-5 scale.
SCORE_DECIMALS = 9
STATS = ("mean", "min", "max", "spread", "n")
_DIGITS = re.compile(r"(\d+)")


def normalise_weights(raw: dict[str, float]) -> tuple[dict[str, float], str | None]:
    """Weights scaled to sum 1, and a note when their sum was neither 1 nor 100 (within 1e-6).

    ValueError when they sum to 0 (nothing to weigh with) or when one is negative.
    """
    negative = [key for key, value in raw.items() if value < 0]
    if negative:
        raise ValueError(f"weights of {', '.join(negative)} are negative; expected weights >= 0")
    total = float(sum(raw.values()))
    if total <= 0:
        raise ValueError("the weights sum to 0; expected at least one criterion with a weight above 0")
    weights = {key: float(value) / total for key, value in raw.items()}
    if any(abs(total - usual) <= WEIGHT_TOLERANCE for usual in WEIGHT_SUMS):
        return weights, None
    return weights, f"weights sum to {total:g}; normalised to 100 %"


def criterion_stats(scores: pd.DataFrame) -> pd.DataFrame:
    """Per demand and criterion scored: mean, min, max, spread (max - min) and n, the reviewers who scored it.

    A reviewer counts once per demand and criterion: should a frame hold two of their scores there, their mean is
    their one voice.
    """
    columns = ["demand_id", "criterion", *STATS]
    if scores.empty:
        return pd.DataFrame(columns=columns)
    voices = (
        scores.assign(score=scores["score"].astype(float))
        .groupby(["reviewer", "demand_id", "criterion"], as_index=False, sort=False)["score"]
        .mean()
    )
    stats = voices.groupby(["demand_id", "criterion"], as_index=False, sort=False)["score"].agg(
        mean="mean", min="min", max="max", n="count"
    )
    stats["spread"] = stats["max"] - stats["min"]
    return stats[columns]


def _natural(text: str) -> tuple:
    """'D-2' before 'D-10': digits compare as numbers, the rest as text."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(str(text)) if part)


def merge_scores(
    scores: pd.DataFrame, criteria: list[Criterion], demand_ids: list[str], spread_flag: float
) -> pd.DataFrame:
    """One row per demand of `demand_ids`, in that order:

    demand_id, score (weighted, 1-5; NaN when nobody scored the demand), coverage (the share of the total weight
    its score rests on, 0-1), reviewers (how many scored it on any criterion), flagged, flagged_criteria (ids, in
    criteria order, whose spread >= spread_flag), rank (1 = best; ties by demand id; <NA> when unscored), then per
    criterion id c: `c:<id>` the mean, `min:<id>`, `max:<id>`, `spread:<id>` and `n:<id>` (reviewers who scored it).

    Scores of criteria or demands not listed are left out.
    """
    ids = [c.id for c in criteria]
    scores = scores[scores["criterion"].isin(ids) & scores["demand_id"].isin(demand_ids)]
    stats = criterion_stats(scores)
    index = pd.Index(list(demand_ids), name="demand_id")
    wide = {
        stat: stats.pivot(index="demand_id", columns="criterion", values=stat).reindex(index=index, columns=ids)
        if not stats.empty
        else pd.DataFrame(np.nan, index=index, columns=ids)
        for stat in STATS
    }
    means = wide["mean"].astype(float)
    weights = pd.Series({c.id: c.weight for c in criteria}, dtype=float)[ids]
    scored = means.notna()
    # A criterion nobody scored on a demand is left out of its weighting, not counted as 0: a 0 would be a score
    # below the scale's worst (1), and "no opinion" would sink the demand. The weights of the criteria scored are
    # scaled back up to 1 instead, and `coverage` says how much of the whole weight the score rests on.
    covered = scored.mul(weights, axis=1).sum(axis=1)
    weighted = means.fillna(0.0).mul(weights, axis=1).sum(axis=1)
    frame = pd.DataFrame(index=index)
    frame["score"] = (weighted / covered).where(covered > 0).round(SCORE_DECIMALS)
    frame["coverage"] = covered
    counts = scores.groupby("demand_id")["reviewer"].nunique() if not scores.empty else pd.Series(dtype=int)
    frame["reviewers"] = counts.reindex(index).fillna(0).astype(int)
    wide_spread = wide["spread"].astype(float)
    over = wide_spread.ge(spread_flag - WEIGHT_TOLERANCE)  # NaN (nobody or one voice apart) is never over
    frame["flagged"] = over.any(axis=1)
    frame["flagged_criteria"] = [[c for c in ids if row[c]] for row in over.to_dict("records")]
    ranked = frame["score"].dropna()
    order = sorted(ranked.index, key=lambda d: (-ranked[d], _natural(d), str(d)))
    frame["rank"] = pd.Series(range(1, len(order) + 1), index=order, dtype="Int64").reindex(index)
    for stat, prefix in (("mean", "c"), ("min", "min"), ("max", "max"), ("spread", "spread"), ("n", "n")):
        table = wide[stat].astype(float)
        if stat == "n":
            table = table.fillna(0).astype(int)
        frame = frame.join(table.add_prefix(f"{prefix}:"))
    return frame.reset_index()
