"""Monthly review tables: one snapshot per project and period, and the period's portfolio KPIs.

Functions take a keyword-only `session` and never commit: the caller replaces every period it computed in
one transaction, so a failure leaves the previous state as it was.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
from sqlalchemy import Date, Float, Index, Integer, String, UniqueConstraint, delete, func, select, type_coerce
from sqlmodel import Field, Session, SQLModel

from governance.review.metrics import PREVIOUS_COLUMNS, RAG_CODES, PeriodReview, rag_labels
from governance.review.policy import DIMENSIONS


class ReviewSnapshot(SQLModel, table=True):
    __tablename__ = "review_snapshot"
    __table_args__ = (
        UniqueConstraint("engagement", "period", "project_id"),
        Index("ix_review_snapshot_project", "engagement", "project_id", "period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    period: str = Field(max_length=7)
    project_id: str = Field(max_length=100)
    project_name: str = Field(max_length=300)
    tier: str = Field(default="", max_length=100)
    tier_id: str = Field(max_length=100)
    sponsor: str = Field(default="", max_length=200)
    project_manager: str = Field(default="", max_length=200)
    status_date: date
    start_date: date | None = None
    start_basis: str = Field(max_length=20)
    first_status_date: date
    bac: float
    pv: float
    ev: float
    ac: float
    percent_complete: float | None = None
    baseline_end: date | None = None
    forecast_end: date | None = None
    next_milestone: str = Field(default="", max_length=300)
    milestone_baseline: date | None = None
    milestone_forecast: date | None = None
    open_risks: int | None = None
    open_issues: int | None = None
    risk_exposure: float | None = None
    benefits_planned: float | None = None
    benefits_realised: float | None = None
    scope_change: float | None = None
    rag_self: str | None = Field(default=None, max_length=10)
    rag_self_text: str = Field(default="", max_length=50)
    sv: float
    cv: float
    spi: float | None = None
    cpi: float | None = None
    eac: float | None = None
    eac_cpi: float | None = None
    eac_atypical: float | None = None
    eac_composite: float | None = None
    etc: float | None = None
    vac: float | None = None
    tcpi_bac: float | None = None
    tcpi_eac: float | None = None
    duration_days: float | None = None
    end_slip_days: float | None = None
    end_slip_share: float | None = None
    milestone_slip_days: float | None = None
    milestone_slip_share: float | None = None
    dev_schedule: float | None = None
    dev_cost: float | None = None
    dev_scope: float | None = None
    dev_risk: float | None = None
    dev_benefits: float | None = None
    rag_schedule: str | None = Field(default=None, max_length=10)
    rag_cost: str | None = Field(default=None, max_length=10)
    rag_scope: str | None = Field(default=None, max_length=10)
    rag_risk: str | None = Field(default=None, max_length=10)
    rag_benefits: str | None = Field(default=None, max_length=10)
    rag_overall: str | None = Field(default=None, max_length=10)
    severity: float | None = None
    trend: str = Field(max_length=20)
    streak: int
    red_streak: int
    rag_disagrees: bool
    escalation_body: str | None = Field(default=None, max_length=100)
    escalated: bool
    on_time: bool
    milestone_due: bool
    milestone_hit: bool
    flags: str = Field(default="", max_length=200)
    bac_first: float
    source_file: str = Field(default="", max_length=500)
    source_row: int | None = None
    stored_at: datetime


class ReviewPeriod(SQLModel, table=True):
    __tablename__ = "review_period"
    __table_args__ = (UniqueConstraint("engagement", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    period: str = Field(max_length=7)
    projects: int
    expected: int
    missing: int
    stale: int
    green: int
    amber: int
    red: int
    not_assessed: int
    new: int
    improving: int
    stable: int
    worsening: int
    bac_total: float
    eac_total: float
    vac_total: float
    pv_total: float
    ev_total: float
    ac_total: float
    portfolio_spi: float | None = None
    portfolio_cpi: float | None = None
    on_time_share: float | None = None
    on_schedule_share: float | None = None
    on_budget_share: float | None = None
    milestones_due: int
    milestones_hit: int
    milestone_hit_rate: float | None = None
    benefits_planned: float | None = None
    benefits_realised: float | None = None
    benefits_share: float | None = None
    exceptions: int
    exception_projects: int
    escalations: int
    data_quality_issues: int
    rag_disagreements: int
    maturity_level: int | None = None
    maturity_previous_level: int | None = None
    maturity_campaign: str | None = Field(default=None, max_length=100)
    maturity_previous_campaign: str | None = Field(default=None, max_length=100)
    maturity_score: float | None = None
    maturity_previous_score: float | None = None
    policy_source: str = Field(max_length=50)
    source_file: str = Field(default="", max_length=500)
    source_sha256: str = Field(default="", max_length=64)
    stored_at: datetime


INSERT_ROWS = 5000
SNAPSHOT_COLUMNS = [c.name for c in ReviewSnapshot.__table__.columns if c.name not in ("id", "engagement", "stored_at")]
PERIOD_COLUMNS = [c.name for c in ReviewPeriod.__table__.columns if c.name not in ("id", "engagement", "stored_at")]
_RAG_COLUMNS = [f"rag_{d}" for d in DIMENSIONS] + ["rag_overall"]
_DATE_COLUMNS = [c.name for c in ReviewSnapshot.__table__.columns if isinstance(c.type, Date)]
_INT_COLUMNS = [c.name for c in ReviewSnapshot.__table__.columns if isinstance(c.type, Integer) and c.name != "id"]
_NUMBER_COLUMNS = [
    c.name for c in ReviewSnapshot.__table__.columns if c.name != "id" and isinstance(c.type, (Integer, Float))
]


def snapshot_records(
    review: PeriodReview, engagement: str, source_file: str, start: int = 0, stop: int | None = None
) -> list[dict]:
    """Snapshot rows [start, stop) to insert, with NULL for every undefined value (SQLite and PostgreSQL alike)."""
    frame = review.snapshots.iloc[start:stop].assign(source_file=source_file)
    columns: dict[str, list] = {}
    for name in SNAPSHOT_COLUMNS:
        series = frame[name]
        if name in _RAG_COLUMNS:
            values = rag_labels(series.to_numpy(dtype=float))
        elif name in _DATE_COLUMNS:
            dates = pd.to_datetime(series)
            values = np.where(dates.isna(), None, dates.dt.date.astype(object))
        elif name in _INT_COLUMNS:
            numbers = series.to_numpy(dtype=float)
            values = np.where(np.isnan(numbers), None, np.nan_to_num(numbers).astype(np.int64).astype(object))
        elif series.dtype == bool:
            values = series.to_numpy().astype(object)
        elif pd.api.types.is_float_dtype(series):
            numbers = series.to_numpy(dtype=float)
            values = np.where(np.isfinite(numbers), numbers.astype(object), None)
        else:
            values = series.astype(object).where(series.notna(), None).to_numpy()
        columns[name] = values.tolist()
    stored_at = datetime.now(UTC)
    base = {"engagement": engagement, "stored_at": stored_at}
    return [{**base, **dict(zip(SNAPSHOT_COLUMNS, row, strict=True))} for row in zip(*columns.values(), strict=True)]


def replace_period(
    *,
    session: Session,
    engagement: str,
    review: PeriodReview,
    kpis: dict,
    policy_source: str,
    source_file: str,
    source_sha256: str,
) -> int:
    """Replace everything stored for this period (delete, then one bulk insert). Returns the rows stored."""
    session.execute(
        delete(ReviewSnapshot).where(ReviewSnapshot.engagement == engagement, ReviewSnapshot.period == review.period)
    )
    session.execute(
        delete(ReviewPeriod).where(ReviewPeriod.engagement == engagement, ReviewPeriod.period == review.period)
    )
    stored = 0
    # In slices, so that a 50,000-project month never holds every row as dicts at once (same transaction).
    for first in range(0, len(review.snapshots), INSERT_ROWS):
        rows = snapshot_records(review, engagement, source_file, first, first + INSERT_ROWS)
        session.execute(ReviewSnapshot.__table__.insert(), rows)
        stored += len(rows)
    period_row = {c: kpis.get(c) for c in PERIOD_COLUMNS}
    period_row.update(
        engagement=engagement,
        period=review.period,
        policy_source=policy_source,
        source_file=source_file,
        source_sha256=source_sha256,
        stored_at=datetime.now(UTC),
    )
    session.execute(ReviewPeriod.__table__.insert(), [period_row])
    return stored


def stored_periods(*, session: Session, engagement: str) -> list[str]:
    return list(
        session.execute(
            select(ReviewPeriod.period).where(ReviewPeriod.engagement == engagement).order_by(ReviewPeriod.period)
        ).scalars()
    )


def latest_snapshots(
    *,
    session: Session,
    engagement: str,
    since: str,
    before: str,
    exclude: list[str] | tuple[str, ...] = (),
    columns: tuple[str, ...] = PREVIOUS_COLUMNS,
) -> pd.DataFrame:
    """Each project's latest snapshot with since <= period < before (minus `exclude`d periods), with the
    columns a later period needs (governance.review.metrics.PREVIOUS_COLUMNS) or those asked for.

    One row per project, picked in SQL. rag_overall comes back as a code, dates as datetimes, other numbers as
    floats.
    """
    table = ReviewSnapshot.__table__
    conditions = [table.c.engagement == engagement, table.c.period >= since, table.c.period < before]
    if exclude:
        conditions.append(table.c.period.not_in(list(exclude)))
    last = (
        select(table.c.project_id, func.max(table.c.period).label("period"))
        .where(*conditions)
        .group_by(table.c.project_id)
        .subquery()
    )
    # Dates are read as text and parsed in one go: SQLAlchemy's per-value date parsing dominated the read.
    selected = [type_coerce(table.c[c], String).label(c) if c in _DATE_COLUMNS else table.c[c] for c in columns]
    statement = (
        select(*selected)
        .join_from(table, last, (table.c.project_id == last.c.project_id) & (table.c.period == last.c.period))
        .where(table.c.engagement == engagement)
    )
    rows = session.execute(statement).all()
    # Column by column from plain tuples: DataFrame.from_records probes every Row for attributes.
    values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    frame = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in zip(columns, values, strict=True)})
    for column in columns:
        if column in _DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column].astype("string"), format="%Y-%m-%d", errors="coerce")
        elif column in _NUMBER_COLUMNS:
            frame[column] = pd.to_numeric(frame[column]).astype(float)
    if "rag_overall" in frame:
        frame["rag_overall"] = frame["rag_overall"].map(RAG_CODES).astype(float)
    return frame


def kpi_history(*, session: Session, engagement: str, until: str, months: int = 12) -> pd.DataFrame:
    """The stored period KPIs up to `until` (the last `months` of them), oldest first."""
    rows = (
        session.execute(
            select(ReviewPeriod)
            .where(ReviewPeriod.engagement == engagement, ReviewPeriod.period <= until)
            .order_by(ReviewPeriod.period.desc())
            .limit(months)
        )
        .scalars()
        .all()
    )
    frame = pd.DataFrame([r.model_dump() for r in rows], columns=["id", "engagement", *PERIOD_COLUMNS, "stored_at"])
    return frame.sort_values("period").reset_index(drop=True)


def period_snapshots(*, session: Session, engagement: str, period: str) -> pd.DataFrame:
    """Every stored snapshot column of one period (for reading back)."""
    table = ReviewSnapshot.__table__
    rows = (
        session.execute(
            select(table).where(table.c.engagement == engagement, table.c.period == period).order_by(table.c.project_id)
        )
        .mappings()
        .all()
    )
    return pd.DataFrame([dict(r) for r in rows])


def count_rows(*, session: Session, engagement: str, period: str | None = None) -> tuple[int, int]:
    """(snapshots, periods) stored for the engagement, or for one period."""
    snapshot = select(func.count()).select_from(ReviewSnapshot).where(ReviewSnapshot.engagement == engagement)
    periods = select(func.count()).select_from(ReviewPeriod).where(ReviewPeriod.engagement == engagement)
    if period:
        snapshot = snapshot.where(ReviewSnapshot.period == period)
        periods = periods.where(ReviewPeriod.period == period)
    return session.execute(snapshot).scalar_one(), session.execute(periods).scalar_one()


class RecordedMeasure(SQLModel, table=True):
    """A measure the PMO recorded for a month (data/pmo_measures.csv), stored with the review that read it."""

    __tablename__ = "recorded_measure"
    __table_args__ = (UniqueConstraint("engagement", "period", "measure"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    period: str = Field(max_length=7)
    measure: str = Field(max_length=100)
    value: float
    source_file: str = Field(max_length=500)


def replace_recorded(*, session: Session, engagement: str, recorded: pd.DataFrame, source_file: str) -> None:
    """The recorded measures as the file holds them now (the file is the record: what it no longer has goes)."""
    session.execute(delete(RecordedMeasure).where(RecordedMeasure.engagement == engagement))
    if len(recorded):
        session.execute(
            RecordedMeasure.__table__.insert(),
            [{**r, "engagement": engagement, "source_file": source_file} for r in recorded.to_dict("records")],
        )


def recorded_frame(*, session: Session, engagement: str) -> pd.DataFrame:
    rows = session.execute(
        select(RecordedMeasure.period, RecordedMeasure.measure, RecordedMeasure.value).where(
            RecordedMeasure.engagement == engagement
        )
    )
    return pd.DataFrame([r._asdict() for r in rows], columns=["period", "measure", "value"])
