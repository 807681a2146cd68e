"""Maturity change, lessons by category and the year itself, on small hand-made frames."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from governance.annual import CampaignScores, ReportYear, lesson_record, maturity_change


def campaign(name: str, medians: dict[str, float], levels: dict[str, int]) -> CampaignScores:
    scores = pd.DataFrame([{"dimension_id": d, "median": m, "level": levels[d]} for d, m in medians.items()])
    return CampaignScores(name, date(2026, 4, 1), 5, min(levels.values()), scores)


def test_maturity_change_and_gap_to_target():
    start = campaign("2026-04", {"governance": 1.5, "risk": 2.0}, {"governance": 1, "risk": 2})
    latest = campaign(
        "2026-10", {"governance": 2.5, "risk": 2.0, "benefits": 3.5}, {"governance": 2, "risk": 2, "benefits": 3}
    )
    frame = maturity_change(start, latest, {"governance": 4, "risk": 3, "benefits": 3}).set_index("dimension_id")
    assert frame.loc["governance", ["start_median", "latest_median", "change", "target", "gap"]].tolist() == [
        1.5,
        2.5,
        1.0,
        4,
        1.5,
    ]
    assert frame.loc["risk", "change"] == 0.0 and frame.loc["benefits", "gap"] == -0.5
    assert pd.isna(frame.loc["benefits", "start_median"]) and pd.isna(frame.loc["benefits", "change"])
    assert latest.mean_score == pytest.approx(2.67)
    alone = maturity_change(None, latest, {"governance": 4, "risk": 3, "benefits": 3})
    assert alone["start_median"].isna().all() and alone["latest_level"].tolist() == [2.0, 2.0, 3.0]


def test_lessons_by_category_with_recent_examples():
    lessons = pd.DataFrame(
        [
            {"project": "P1", "category": "Risques", "lesson": "a", "recorded_on": date(2026, 1, 5)},
            {"project": "P2", "category": "Risques", "lesson": "b", "recorded_on": date(2026, 3, 5)},
            {"project": "P2", "category": "Risques", "lesson": "c", "recorded_on": date(2026, 2, 5)},
            {"project": "P3", "category": " ", "lesson": "d", "recorded_on": date(2026, 2, 1)},
            {"project": "P3", "category": "Budget", "lesson": "e", "recorded_on": date(2026, 6, 1)},
        ]
    )
    record = lesson_record(lessons, per_category=2)
    assert (record.total, record.projects) == (5, 3)
    assert record.by_category.values.tolist() == [["Risques", 3], ["", 1], ["Budget", 1]]
    assert record.examples["lesson"].tolist() == ["b", "c", "d", "e"]
    assert lesson_record(pd.DataFrame()).total == 0


def test_the_year_is_the_twelve_months_ending_at_to():
    year = ReportYear("2026-02")
    assert (year.first, year.months[:2], year.months[-1]) == ("2025-03", ["2025-03", "2025-04"], "2026-02")
    assert (year.start, year.end) == (date(2025, 3, 1), date(2026, 2, 28))
