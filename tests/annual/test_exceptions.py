"""Exception episodes and their durations, against figures worked out by hand on a small history."""

from __future__ import annotations

import pandas as pd
import pytest

from governance.annual import ReportYear, exception_episodes, exception_record

DIMENSIONS = ("schedule", "cost", "scope", "risk", "benefits")
YEAR = ReportYear("2026-12")  # 2026-01 .. 2026-12


def snapshot(project: str, period: str, body: str | None = "steering", **rags: str | None) -> dict:
    return {
        "project_id": project,
        "project_name": f"Project {project}",
        "period": period,
        "escalation_body": body,
        **{f"rag_{d}": rags.get(d, "green") for d in DIMENSIONS},
    }


@pytest.fixture
def history() -> pd.DataFrame:
    rows = [
        # P1 schedule: red 2025-11..12 (carried in, resolved 2026-01 after 2 months); red again from 2026-02, no
        # status in 2026-04 (not a resolution), red 2026-05, amber 2026-06: resolved after 4 months.
        snapshot("P1", "2025-11", schedule="red"),
        snapshot("P1", "2025-12", schedule="red"),
        snapshot("P1", "2026-01"),
        snapshot("P1", "2026-02", schedule="red"),
        snapshot("P1", "2026-03", schedule="red"),
        snapshot("P1", "2026-05", schedule="red"),
        snapshot("P1", "2026-06", schedule="amber"),
        # P2 cost: red from 2026-10 to the end (escalated one body up in 2026-12), schedule red in 2026-12.
        snapshot("P2", "2026-10", "portfolio_board", cost="red"),
        snapshot("P2", "2026-11", "portfolio_board", cost="red"),
        snapshot("P2", "2026-12", "executive_board", cost="red", schedule="red"),
        # P3 cost: red and resolved before the year: not the year's.
        snapshot("P3", "2025-06", cost="red"),
        snapshot("P3", "2025-07"),
        # P4 risk: red from 2025-12, not assessed in 2026-01 (says nothing), red in 2026-02, then no more status.
        snapshot("P4", "2025-12", None, risk="red"),
        snapshot("P4", "2026-01", None, risk=None),
        snapshot("P4", "2026-02", None, risk="red"),
    ]
    return pd.DataFrame(rows)


def test_episodes_run_over_months_without_status(history):
    episodes = exception_episodes(history, DIMENSIONS)
    found = {
        (e["project_id"], e["dimension"], e["raised"]): (e["resolved"], e["last_red"], e["body_id"])
        for e in episodes.to_dict("records")
    }
    resolved = {k: (None if not isinstance(v[0], str) else v[0], v[1], v[2]) for k, v in found.items()}
    assert resolved == {
        ("P1", "schedule", "2025-11"): ("2026-01", "2025-12", "steering"),
        ("P1", "schedule", "2026-02"): ("2026-06", "2026-05", "steering"),
        ("P2", "cost", "2026-10"): (None, "2026-12", "portfolio_board"),
        ("P2", "schedule", "2026-12"): (None, "2026-12", "executive_board"),
        ("P3", "cost", "2025-06"): ("2025-07", "2025-06", "steering"),
        ("P4", "risk", "2025-12"): (None, "2026-02", None),
    }


def test_the_years_counts_and_durations(history):
    record = exception_record(exception_episodes(history, DIMENSIONS), YEAR, DIMENSIONS)
    t = record.totals
    # Raised in 2026: P1 schedule (02), P2 cost (10), P2 schedule (12); carried in: P1 schedule (2025-11), P4 risk.
    assert (t["raised"], t["carried"], t["resolved"], t["open"]) == (3, 2, 2, 3)
    # Resolved after 2 and 4 months; open for 3 (P2 cost), 1 (P2 schedule) and 13 (P4 risk, 2025-12..2026-12).
    assert (t["mean_months"], t["median_months"]) == (3.0, 3.0)
    assert t["open_mean_months"] == pytest.approx(17 / 3)
    by_dimension = record.by_dimension
    assert by_dimension.loc["schedule", ["raised", "resolved", "open"]].tolist() == [2, 2, 1]
    assert by_dimension.loc["schedule", "mean_months"] == 3.0
    assert by_dimension.loc["cost", ["raised", "resolved", "open"]].tolist() == [1, 0, 1]
    assert pd.isna(by_dimension.loc["cost", "mean_months"])
    assert by_dimension.loc["risk", ["raised", "resolved", "open"]].tolist() == [0, 0, 1]
    assert by_dimension.loc["scope", ["raised", "resolved", "open"]].tolist() == [0, 0, 0]
    assert list(by_dimension.index) == list(DIMENSIONS)
    by_body = record.by_body[["raised", "resolved", "open"]].to_dict("index")
    assert by_body == {
        "steering": {"raised": 1, "resolved": 2, "open": 0},
        "portfolio_board": {"raised": 1, "resolved": 0, "open": 1},
        "executive_board": {"raised": 1, "resolved": 0, "open": 1},
        "": {"raised": 0, "resolved": 0, "open": 1},
    }
    longest = record.longest_open[["project_id", "dimension", "months"]].values.tolist()
    assert longest == [["P4", "risk", 13], ["P2", "cost", 3], ["P2", "schedule", 1]]
    assert record.open_by_month == [1, 2, 2, 2, 2, 1, 1, 1, 1, 2, 2, 3]
    assert record.new_by_month == [0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]


def test_a_quiet_year_has_nothing_to_count():
    quiet = pd.DataFrame([snapshot("P1", "2026-03"), snapshot("P1", "2026-04", scope=None)])
    episodes = exception_episodes(quiet, DIMENSIONS)
    record = exception_record(episodes, YEAR, DIMENSIONS)
    assert episodes.empty and record.episodes.empty
    assert (record.totals["raised"], record.totals["open"], record.totals["mean_months"]) == (0, 0, None)
    assert record.by_dimension["raised"].tolist() == [0] * 5 and record.by_body.empty
    empty = exception_record(exception_episodes(pd.DataFrame(), DIMENSIONS), YEAR, DIMENSIONS)
    assert empty.totals["resolved"] == 0 and empty.open_by_month == [0] * 12
