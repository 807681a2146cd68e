"""Section 6: the lessons learned recorded in the year, by category, with a few examples."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

LESSON_COLUMNS = ["project", "category", "lesson", "tags", "recorded_on", "recommendation", "owner"]


@dataclass
class LessonRecord:
    total: int
    projects: int
    by_category: pd.DataFrame  # category ("" uncategorised), lessons; most lessons first
    examples: pd.DataFrame  # a few lessons per category, most recent first


def lesson_record(lessons: pd.DataFrame, per_category: int = 2, most: int = 12) -> LessonRecord:
    """Counts by category (blank categories together) and up to `per_category` recent examples of each, at
    most `most` in all, the largest categories first."""
    frame = lessons if len(lessons) else pd.DataFrame(columns=LESSON_COLUMNS)
    frame = frame.assign(category=frame["category"].fillna("").astype(str).str.strip())
    counts = frame.groupby("category").size().rename("lessons").reset_index()
    counts = counts.sort_values(["lessons", "category"], ascending=[False, True], kind="stable").reset_index(drop=True)
    order = {category: rank for rank, category in enumerate(counts["category"])}
    recent = frame.sort_values("recorded_on", ascending=False, kind="stable")
    examples = recent.groupby("category", sort=False).head(per_category)
    examples = examples.assign(_rank=examples["category"].map(order)).sort_values(["_rank"], kind="stable")
    return LessonRecord(
        total=len(frame),
        projects=int(frame["project"].nunique()),
        by_category=counts,
        examples=examples.drop(columns="_rank").head(most).reset_index(drop=True),
    )
