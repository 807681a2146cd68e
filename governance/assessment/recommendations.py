"""Recommendations and the roadmap: one step per level between where a dimension is and its target.

Ordering follows dependency before gap: a dimension whose prerequisites (e.g. governance, standards)
still have a gap waits one wave for them. Waves are the roadmap horizons 0-3, 3-6 and 6-12 months.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from governance.assessment.bank import QuestionBank, Text
from governance.core.paths import DATA_DIR
from governance.core.problems import InputError, Problem
from governance.engagement.config import load_yaml

BUILTIN_LIBRARY = DATA_DIR / "recommendations.yaml"
HORIZONS = ("0-3", "3-6", "6-12")


class Actions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fr: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)


class Recommendation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Text
    actions: Actions
    effort: str = "medium"


class Library(BaseModel):
    model_config = ConfigDict(extra="forbid")
    recommendations: dict[str, dict[int, Recommendation]]


def load_library(path: Path | None = None, label: str | None = None) -> Library:
    path = path or BUILTIN_LIBRARY
    label = label or str(path)
    try:
        return Library.model_validate(load_yaml(path, label))
    except ValidationError as exc:
        raise InputError(
            [
                Problem(label, e["msg"], key=".".join(map(str, e["loc"])), code="invalid-recommendations")
                for e in exc.errors()
            ]
        ) from None


def dependency_waves(bank: QuestionBank, gapped: set[str]) -> dict[str, int]:
    """Wave 0 when no prerequisite has a gap, else one after its latest gapped prerequisite (max 2)."""
    waves: dict[str, int] = {}

    def wave(dimension_id: str, seen: frozenset[str] = frozenset()) -> int:
        if dimension_id in waves:
            return waves[dimension_id]
        prerequisites = [p for p in bank.dimension(dimension_id).depends_on if p in gapped and p not in seen]
        value = min(2, 1 + max(wave(p, seen | {dimension_id}) for p in prerequisites)) if prerequisites else 0
        waves[dimension_id] = value
        return value

    for d in bank.dimension_ids:
        wave(d)
    return waves


def build_roadmap(scores: pd.DataFrame, bank: QuestionBank, library: Library, language: str) -> pd.DataFrame:
    """Ranked recommendations with their horizon; one row per level step to climb."""
    below = scores[(scores["gap"] > 0) & scores["level"].notna()]
    waves = dependency_waves(bank, set(below["dimension_id"]))
    order = {d: i for i, d in enumerate(bank.dimension_ids)}
    rows = []
    for dimension_id, level, target, gap in below[["dimension_id", "level", "target", "gap"]].itertuples(index=False):
        steps = library.recommendations.get(dimension_id, {})
        for k, from_level in enumerate(range(int(level), int(target))):
            recommendation = steps.get(from_level)
            if recommendation is None:
                continue
            wave = min(2, waves[dimension_id] + k)
            rows.append(
                {
                    "dimension_id": dimension_id,
                    "dimension": bank.dimension(dimension_id).name(language),
                    "from_level": from_level,
                    "to_level": from_level + 1,
                    "gap": float(gap),
                    "wave": wave,
                    "horizon": HORIZONS[wave],
                    "title": recommendation.title(language),
                    "actions": list(getattr(recommendation.actions, language)),
                    "effort": recommendation.effort,
                    "_order": order[dimension_id],
                }
            )
    columns = [
        "rank",
        "dimension_id",
        "dimension",
        "from_level",
        "to_level",
        "gap",
        "wave",
        "horizon",
        "title",
        "actions",
        "effort",
    ]
    if not rows:
        return pd.DataFrame(columns=columns)
    plan = pd.DataFrame(rows).sort_values(
        ["wave", "gap", "_order", "from_level"], ascending=[True, False, True, True], kind="stable"
    )
    plan["rank"] = range(1, len(plan) + 1)
    return plan[columns].reset_index(drop=True)
