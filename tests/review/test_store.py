"""Review snapshots and KPIs in the store: replacing a period, failures, history reads (SQLite and PostgreSQL)."""

from __future__ import annotations

import math
from datetime import UTC

import pandas as pd
import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import DBAPIError

from governance.assessment import maturity_progress
from governance.core.store import open_store, transaction
from governance.review.kpis import portfolio_kpis
from governance.review.metrics import compute_period
from governance.review.policy import default_policy
from governance.review.store import (
    ReviewPeriod,
    ReviewSnapshot,
    count_rows,
    kpi_history,
    latest_snapshots,
    period_snapshots,
    replace_period,
    stored_periods,
)
from support.review import row, status


@pytest.fixture
def engine(database_url):
    engine = open_store(database_url)
    yield engine
    engine.dispose()


def review_of(period: str, rows: list[dict], previous: pd.DataFrame | None = None):
    review = compute_period(status(rows), previous, default_policy(), period)
    return review, portfolio_kpis(review)


def store(engine, period: str, rows: list[dict], engagement: str = "acme", previous=None) -> None:
    review, kpis = review_of(period, rows, previous)
    with transaction(engine) as session:
        replace_period(
            session=session,
            engagement=engagement,
            review=review,
            kpis=kpis,
            policy_source="default",
            source_file=f"data/status/{period}.csv",
            source_sha256="0" * 64,
        )


def test_schema_matches_the_models(engine):
    inspector = inspect(engine)
    for model in (ReviewSnapshot, ReviewPeriod):
        table = model.__table__
        assert {c["name"] for c in inspector.get_columns(table.name)} == {c.name for c in table.columns}
    assert any(
        set(u["column_names"]) == {"engagement", "period", "project_id"}
        for u in inspector.get_unique_constraints("review_snapshot")
    )


def test_rerunning_a_period_keeps_the_counts_and_takes_the_new_values(engine):
    rows = [row(f"P{i}", status_date="2026-10-30") for i in range(5)]
    for _ in range(3):
        store(engine, "2026-10", rows)
    store(engine, "2026-10", rows, engagement="other")
    with transaction(engine) as session:
        assert count_rows(session=session, engagement="acme") == (5, 1)
        assert count_rows(session=session, engagement="other") == (5, 1)
    corrected = [row("P0", ac=900.0)] + rows[1:]
    store(engine, "2026-10", corrected)
    with transaction(engine) as session:
        snapshots = period_snapshots(session=session, engagement="acme", period="2026-10").set_index("project_id")
        assert count_rows(session=session, engagement="acme") == (5, 1)
    assert snapshots.at["P0", "ac"] == 900.0 and snapshots.at["P0", "cpi"] == pytest.approx(500 / 900)
    assert snapshots.at["P0", "rag_cost"] == "red" and snapshots.at["P1", "rag_cost"] == "green"


def test_undefined_values_are_stored_as_null(engine):
    store(engine, "2026-10", [row("P0", pv=0.0, ev=0.0, ac=0.0)])
    with transaction(engine) as session:
        stored = session.execute(select(ReviewSnapshot)).scalar_one().model_dump()
    assert stored["spi"] is None and stored["cpi"] is None and stored["eac"] is None and stored["rag_cost"] is None
    assert stored["eac_atypical"] == 1000.0 and stored["trend"] == "new"
    assert stored["status_date"].isoformat() == "2026-10-30"


def test_a_failure_mid_way_leaves_the_previous_state(engine):
    store(engine, "2026-10", [row("P0", ac=500.0), row("P1")])
    review, kpis = review_of("2026-10", [row("P0", ac=700.0), row("P1"), row("P2")])
    review.snapshots.loc[2, "project_name"] = None  # NOT NULL: the bulk insert fails after the delete
    with pytest.raises(DBAPIError):
        with transaction(engine) as session:
            replace_period(
                session=session,
                engagement="acme",
                review=review,
                kpis=kpis,
                policy_source="default",
                source_file="x.csv",
                source_sha256="1" * 64,
            )
    with transaction(engine) as session:
        assert count_rows(session=session, engagement="acme") == (2, 1)
        snapshots = period_snapshots(session=session, engagement="acme", period="2026-10")
        sha = session.execute(select(ReviewPeriod.source_sha256)).scalar_one()
    assert snapshots.set_index("project_id").at["P0", "ac"] == 500.0 and sha == "0" * 64


def test_latest_snapshot_of_each_project_as_the_computation_needs_it(engine):
    store(engine, "2026-08", [row("A", pv=1000.0, ev=800.0, ac=800.0), row("B")])
    store(engine, "2026-09", [row("A", status_date="2026-09-29", pv=1000.0, ev=800.0, ac=800.0)])
    store(engine, "2026-10", [row("A", status_date="2026-10-29")])
    store(engine, "2026-09", [row("X")], engagement="other")
    with transaction(engine) as session:
        latest = latest_snapshots(session=session, engagement="acme", since="2025-10", before="2026-10")
        excluded = latest_snapshots(
            session=session, engagement="acme", since="2025-10", before="2026-11", exclude=["2026-09", "2026-10"]
        )
        recent = latest_snapshots(session=session, engagement="acme", since="2026-09", before="2026-11")
        assert stored_periods(session=session, engagement="acme") == ["2026-08", "2026-09", "2026-10"]
        kpis = kpi_history(session=session, engagement="acme", until="2026-09")
    assert dict(zip(latest["project_id"], latest["period"], strict=True)) == {"A": "2026-09", "B": "2026-08"}
    assert dict(zip(excluded["project_id"], excluded["period"], strict=True)) == {"A": "2026-08", "B": "2026-08"}
    assert dict(zip(recent["project_id"], recent["period"], strict=True)) == {"A": "2026-10"}
    a = latest.set_index("project_id").loc["A"]
    assert a["rag_overall"] == 2.0 and a["streak"] == 1.0  # stored as 'red', read back as the code
    assert a["status_date"] == pd.Timestamp("2026-09-29") and a["first_status_date"] == pd.Timestamp("2026-09-29")
    assert a["start_basis"] == "first_status" and a["bac_first"] == 1000.0
    assert kpis["period"].tolist() == ["2026-08", "2026-09"] and kpis["red"].tolist() == [1, 1]


def test_maturity_progress_from_stored_assessments(engine):
    from datetime import date, datetime

    from governance.assessment.store import Assessment, DimensionScore

    with transaction(engine) as session:
        for campaign, level, medians in (
            ("2026-04", 1, [1.5, 2.5]),
            ("2026-10", 2, [2.5, 3.0]),
            ("2027-04", 3, [3.5, 3.5]),
        ):
            session.add(
                Assessment(
                    engagement="acme",
                    campaign=campaign,
                    assessed_on=date.fromisoformat(f"{campaign}-15"),
                    bank_id="b",
                    respondents=3,
                    overall_level=level,
                    stored_at=datetime.now(UTC),
                )
            )
            session.flush()
            assessment_id = session.execute(select(Assessment.id).where(Assessment.campaign == campaign)).scalar_one()
            for i, median in enumerate(medians):
                session.add(
                    DimensionScore(
                        assessment_id=assessment_id, dimension_id=f"d{i}", respondents=3, median=median, target=3
                    )
                )
    with transaction(engine) as session:
        progress = maturity_progress(session=session, engagement="acme", until=date(2026, 10, 31))
        none = maturity_progress(session=session, engagement="nobody", until=date(2026, 10, 31))
    assert progress == {
        "maturity_level": 2,
        "maturity_campaign": "2026-10",
        "maturity_score": 2.75,
        "maturity_previous_level": 1,
        "maturity_previous_campaign": "2026-04",
        "maturity_previous_score": 2.0,
    }
    assert none is None


def test_kpis_by_hand():
    review, kpis = review_of(
        "2026-10",
        [
            row("R", pv=1000.0, ev=800.0, ac=800.0, bac=2000.0),  # red schedule; cost on budget
            row("G", pv=500.0, ev=500.0, ac=400.0),  # green, CPI 1.25
            row("N", pv=0.0, ev=0.0, ac=0.0, status_date="2026-10-02"),  # not assessed, stale
        ],
    )
    assert (kpis["red"], kpis["amber"], kpis["green"], kpis["not_assessed"]) == (1, 0, 1, 1)
    assert kpis["bac_total"] == 4000.0
    assert kpis["eac_total"] == pytest.approx(2000.0 + 800.0 + 1000.0)  # N has no EAC yet: counted at its BAC
    assert kpis["vac_total"] == pytest.approx(200.0)
    assert kpis["portfolio_spi"] == pytest.approx(1300 / 1500) and kpis["portfolio_cpi"] == pytest.approx(1300 / 1200)
    assert kpis["on_time_share"] == pytest.approx(2 / 3) and kpis["stale"] == 1
    assert kpis["on_schedule_share"] == pytest.approx(1 / 2) and kpis["on_budget_share"] == 1.0
    assert kpis["milestone_hit_rate"] is None and kpis["benefits_share"] is None
    assert kpis["exceptions"] == 1 and kpis["new"] == 3
    assert all(not isinstance(v, float) or math.isfinite(v) for v in kpis.values())
