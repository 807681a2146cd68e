"""Assessment tables and the functions that store and read them (caller owns the transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import UniqueConstraint, delete, func, select
from sqlmodel import Field, Session, SQLModel

from governance.core.store import upsert


class Assessment(SQLModel, table=True):
    __tablename__ = "assessment"
    __table_args__ = (UniqueConstraint("engagement", "campaign"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    campaign: str = Field(max_length=100)
    assessed_on: date
    bank_id: str = Field(max_length=100)
    respondents: int
    overall_level: int | None = None
    stored_at: datetime


class AssessmentResponse(SQLModel, table=True):
    __tablename__ = "assessment_response"
    __table_args__ = (UniqueConstraint("assessment_id", "respondent", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    respondent: str = Field(max_length=200)
    role: str = Field(default="", max_length=200)
    question_id: str = Field(max_length=100)
    dimension_id: str = Field(max_length=100)
    score: int | None = None  # None: answered "N/A" or not answered (see status)
    status: str = Field(max_length=20)  # answered | na | not_answered
    source_file: str = Field(default="", max_length=500)
    source_row: int | None = None


class DimensionScore(SQLModel, table=True):
    __tablename__ = "dimension_score"
    __table_args__ = (UniqueConstraint("assessment_id", "dimension_id"),)

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    dimension_id: str = Field(max_length=100)
    respondents: int
    mean: float | None = None
    median: float | None = None
    min: float | None = None
    max: float | None = None
    std: float | None = None
    spread: float | None = None
    level: int | None = None
    target: int
    gap: float | None = None
    disagreement: bool = False


RESPONSE_COLUMNS = ["respondent", "role", "question_id", "dimension_id", "score", "status", "source_file", "source_row"]
SCORE_COLUMNS = [
    "dimension_id",
    "respondents",
    "mean",
    "median",
    "min",
    "max",
    "std",
    "spread",
    "level",
    "target",
    "gap",
    "disagreement",
]


def _records(frame: pd.DataFrame, columns: list[str], **extra: object) -> list[dict]:
    # NaN and pandas NA become None so both SQLite and PostgreSQL store NULL.
    clean = frame[columns].astype(object).where(frame[columns].notna(), None)
    return [{**extra, **row} for row in clean.to_dict("records")]


def save_assessment(
    *,
    session: Session,
    engagement: str,
    campaign: str,
    assessed_on: date,
    bank_id: str,
    overall_level: int | None,
    responses: pd.DataFrame,
    scores: pd.DataFrame,
) -> int:
    """Store one campaign, replacing what was stored for it before. Returns the assessment id."""
    respondents = int(responses["respondent"].nunique())
    upsert(
        session,
        Assessment.__table__,
        [
            {
                "engagement": engagement,
                "campaign": campaign,
                "assessed_on": assessed_on,
                "bank_id": bank_id,
                "respondents": respondents,
                "overall_level": overall_level,
                "stored_at": datetime.now(UTC),
            }
        ],
        key=["engagement", "campaign"],
    )
    assessment_id = session.execute(
        select(Assessment.id).where(Assessment.engagement == engagement, Assessment.campaign == campaign)
    ).scalar_one()
    session.execute(delete(AssessmentResponse).where(AssessmentResponse.assessment_id == assessment_id))
    session.execute(delete(DimensionScore).where(DimensionScore.assessment_id == assessment_id))
    response_rows = _records(responses, RESPONSE_COLUMNS, assessment_id=assessment_id)
    score_rows = _records(scores, SCORE_COLUMNS, assessment_id=assessment_id)
    if response_rows:
        session.execute(AssessmentResponse.__table__.insert(), response_rows)
    if score_rows:
        session.execute(DimensionScore.__table__.insert(), score_rows)
    return assessment_id


def previous_assessment(*, session: Session, engagement: str, campaign: str) -> Assessment | None:
    """The stored assessment of this engagement that came just before `campaign` (by date, then name)."""
    stored = list_assessments(session=session, engagement=engagement)
    names = [a.campaign for a in stored]
    position = names.index(campaign) if campaign in names else len(stored)
    return stored[position - 1] if position > 0 else None


def latest_assessment(*, session: Session, engagement: str) -> Assessment | None:
    stored = list_assessments(session=session, engagement=engagement)
    return stored[-1] if stored else None


def dimension_scores(*, session: Session, assessment_id: int) -> pd.DataFrame:
    rows = session.execute(select(DimensionScore).where(DimensionScore.assessment_id == assessment_id)).scalars().all()
    return pd.DataFrame([r.model_dump() for r in rows], columns=["id", "assessment_id", *SCORE_COLUMNS])


def list_assessments(*, session: Session, engagement: str) -> list[Assessment]:
    return list(
        session.execute(
            select(Assessment)
            .where(Assessment.engagement == engagement)
            .order_by(Assessment.assessed_on, Assessment.campaign)
        ).scalars()
    )


@dataclass(frozen=True)
class Maturity:
    """The latest stored assessment: its campaign, overall level and level per dimension (None: not measured)."""

    campaign: str
    assessed_on: date
    overall_level: int | None
    levels: dict[str, int | None]


def latest_maturity(*, session: Session, engagement: str) -> Maturity | None:
    """The latest stored assessment's maturity per dimension; None before the first `pmo assess run`."""
    latest = latest_assessment(session=session, engagement=engagement)
    if latest is None:
        return None
    scores = dimension_scores(session=session, assessment_id=latest.id)
    levels = {
        row["dimension_id"]: None if pd.isna(row["level"]) else int(row["level"]) for row in scores.to_dict("records")
    }
    return Maturity(latest.campaign, latest.assessed_on, latest.overall_level, levels)


def maturity_progress(*, session: Session, engagement: str, until: date) -> dict | None:
    """The latest capability assessment up to `until` and the one before it (level, campaign, mean of the
    dimension medians), when assessments exist: what the monthly review reports."""
    assessments = (
        session.execute(
            select(Assessment)
            .where(Assessment.engagement == engagement, Assessment.assessed_on <= until)
            .order_by(Assessment.assessed_on.desc(), Assessment.campaign.desc())
            .limit(2)
        )
        .scalars()
        .all()
    )
    if not assessments:
        return None
    scores = dict(
        session.execute(
            select(DimensionScore.assessment_id, func.avg(DimensionScore.median))
            .where(DimensionScore.assessment_id.in_([a.id for a in assessments]))
            .group_by(DimensionScore.assessment_id)
        ).all()
    )

    def score(assessment_id: int) -> float | None:
        value = scores.get(assessment_id)
        return None if value is None else round(float(value), 2)

    latest = assessments[0]
    result = {
        "maturity_level": latest.overall_level,
        "maturity_campaign": latest.campaign,
        "maturity_score": score(latest.id),
    }
    if len(assessments) > 1:
        earlier = assessments[1]
        result.update(
            maturity_previous_level=earlier.overall_level,
            maturity_previous_campaign=earlier.campaign,
            maturity_previous_score=score(earlier.id),
        )
    return result


def dimension_medians(*, session: Session, engagement: str) -> pd.DataFrame:
    """Every assessment's median score per dimension (assessed_on, campaign, dimension_id, median), oldest first:
    what an objective bound to a dimension's maturity is measured with."""
    rows = session.execute(
        select(Assessment.assessed_on, Assessment.campaign, DimensionScore.dimension_id, DimensionScore.median)
        .join(DimensionScore, DimensionScore.assessment_id == Assessment.id)
        .where(Assessment.engagement == engagement)
        .order_by(Assessment.assessed_on, Assessment.campaign)
    )
    return pd.DataFrame([r._asdict() for r in rows], columns=["assessed_on", "campaign", "dimension_id", "median"])
