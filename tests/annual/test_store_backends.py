"""The annual report's reads on both back ends: a few months stored through the review, a decision and its
action, lessons; the year read in one session and computed (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest
import yaml

from governance.annual import compute_report, prepare, read_inputs
from governance.core.store import open_store, transaction
from governance.decisions.store import ActionRecord, DecisionRecord
from governance.engagement.config import load_engagement
from governance.lessons import Lesson
from governance.review.kpis import portfolio_kpis
from governance.review.metrics import PREVIOUS_COLUMNS, compute_period
from governance.review.policy import default_policy
from governance.review.store import replace_period
from support.review import row, status

ENGAGEMENT = "acme-0a1b2c3d"
OVERRUN = {"ac": 800.0}  # CPI 0.625: cost red in every tier
MONTHS = {
    "2026-08": {"P1": OVERRUN, "P2": {}},
    "2026-09": {"P1": OVERRUN, "P2": {}},
    "2026-10": {"P1": {}, "P2": OVERRUN},
}


@pytest.fixture
def engagement(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("PMO_DATABASE_URL", database_url)
    (tmp_path / "pmo.yaml").write_text(
        yaml.safe_dump({"engagement_id": ENGAGEMENT, "client": {"name": "Acme"}, "language": "en"}), encoding="utf-8"
    )
    engagement = load_engagement(tmp_path)
    engine = open_store(database_url)
    previous = None
    stamp = datetime.now(UTC)
    try:
        for period, projects in MONTHS.items():
            rows = [row(p, status_date=f"{period}-28", **figures) for p, figures in projects.items()]
            review = compute_period(status(rows), previous, default_policy(), period)
            previous = review.snapshots[list(PREVIOUS_COLUMNS)]
            with transaction(engine) as session:
                replace_period(
                    session=session,
                    engagement=ENGAGEMENT,
                    review=review,
                    kpis=portfolio_kpis(review),
                    policy_source="default",
                    source_file=f"data/status/{period}.csv",
                    source_sha256="",
                )
        with transaction(engine) as session:
            session.add(
                DecisionRecord(
                    engagement=ENGAGEMENT,
                    period="2026-08",
                    body_id="portfolio_board",
                    meeting_on=date(2026, 9, 8),
                    project_id="P1",
                    project_name="Project P1",
                    dimension="cost",
                    decision="Savings plan",
                    register_file="x.xlsx",
                    imported_at=stamp,
                )
            )
            session.add(
                ActionRecord(
                    engagement=ENGAGEMENT,
                    ref="2026-08/portfolio_board/P1/cost/1",
                    period="2026-08",
                    body_id="portfolio_board",
                    project_id="P1",
                    dimension="cost",
                    action="Cost the savings plan",
                    owner="Ann",
                    due_on=date(2026, 10, 1),
                    status="open",
                    updated_at=stamp,
                )
            )
            for n, recorded in enumerate((date(2026, 3, 2), date(2025, 10, 31), date(2026, 10, 31))):
                session.add(
                    Lesson(
                        engagement=ENGAGEMENT,
                        lesson_key=f"k{n}",
                        project="P1",
                        category="Risk",
                        lesson=f"Lesson {n}",
                        recorded_on=recorded,
                        imported_at=stamp,
                    )
                )
    finally:
        engine.dispose()
    return engagement


def test_the_year_read_and_computed(engagement):
    engine = open_store(engagement.database_url())
    try:
        with transaction(engine) as session:
            inputs = read_inputs(prepare(engagement, None), session=session)
    finally:
        engine.dispose()
    report = compute_report(inputs)
    assert inputs.year.last == "2026-10"  # the latest reviewed month
    assert report.kpis.loc[report.kpis["reviewed"], "period"].tolist() == list(MONTHS)
    assert sorted(inputs.snapshots["period"].unique()) == list(MONTHS) and len(inputs.snapshots) == 6
    episodes = report.exceptions.episodes.set_index("project_id")
    assert episodes.loc["P1", ["dimension", "raised", "resolved", "months"]].tolist() == [
        "cost",
        "2026-08",
        "2026-10",
        2,
    ]
    assert episodes.loc["P2", ["raised", "months"]].tolist() == ["2026-10", 1] and pd.isna(
        episodes.loc["P2", "resolved"]
    )
    t = report.actions.totals
    assert (t["decisions"], t["opened"], t["open"], t["overdue"]) == (1, 1, 1, 1)
    assert report.actions.open_actions["days_overdue"].tolist() == [30]
    assert report.lessons.total == 2  # the one of October 2025 is before the year
    assert report.latest is None and report.team is None
