"""Skills snapshots: each staffing plan stores the team's levels for its month, to show progress next time.

Functions take a keyword-only session and never commit: the caller owns the transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import UniqueConstraint, delete, select
from sqlmodel import Field, Session, SQLModel


class SkillSnapshot(SQLModel, table=True):
    __tablename__ = "skill_snapshot"
    __table_args__ = (UniqueConstraint("engagement", "period", "person", "skill"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    period: str = Field(max_length=7)  # YYYY-MM
    person: str = Field(max_length=200)
    role: str = Field(max_length=100)
    skill: str = Field(max_length=100)
    level: int | None = None  # None: not assessed
    required: int
    stored_at: datetime


def save_skills(*, session: Session, engagement: str, period: str, matrix: pd.DataFrame) -> int:
    """Replace the snapshot of `period` with `matrix` (person, role, skill, level, required). Returns rows."""
    session.execute(delete(SkillSnapshot).where(SkillSnapshot.engagement == engagement, SkillSnapshot.period == period))
    columns = ["person", "role", "skill", "level", "required"]
    clean = matrix[columns].astype(object).where(matrix[columns].notna(), None)
    now = datetime.now(UTC)
    rows = [
        {
            **row,
            "level": None if row["level"] is None else int(row["level"]),
            "required": int(row["required"]),
            "engagement": engagement,
            "period": period,
            "stored_at": now,
        }
        for row in clean.to_dict("records")
    ]
    if rows:
        session.execute(SkillSnapshot.__table__.insert(), rows)
    return len(rows)


def previous_skills(*, session: Session, engagement: str, period: str) -> tuple[str | None, pd.DataFrame]:
    """The latest snapshot before `period`: (its period, person/skill/level rows), or (None, empty)."""
    earlier = session.execute(
        select(SkillSnapshot.period)
        .where(SkillSnapshot.engagement == engagement, SkillSnapshot.period < period)
        .order_by(SkillSnapshot.period.desc())
        .limit(1)
    ).scalar_one_or_none()
    columns = ["person", "skill", "level"]
    if earlier is None:
        return None, pd.DataFrame(columns=columns)
    rows = session.execute(
        select(SkillSnapshot.person, SkillSnapshot.skill, SkillSnapshot.level).where(
            SkillSnapshot.engagement == engagement, SkillSnapshot.period == earlier
        )
    ).all()
    return earlier, pd.DataFrame([tuple(r) for r in rows], columns=columns)


def skills_progress(matrix: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Skills whose level changed since the previous snapshot (people in both), largest change first."""
    columns = ["person", "role", "skill", "before", "now", "change"]
    if previous.empty:
        return pd.DataFrame(columns=columns)
    merged = matrix[["person", "role", "skill", "level"]].merge(
        previous.rename(columns={"level": "before"}), on=["person", "skill"], how="inner"
    )
    merged = merged.rename(columns={"level": "now"})
    both = merged["now"].notna() & merged["before"].notna()
    merged = merged[both].copy()
    merged["change"] = merged["now"].astype(int) - merged["before"].astype(int)
    changed = merged[merged["change"] != 0]
    ordered = changed.sort_values(["change", "person"], ascending=[False, True], kind="stable")
    return ordered[columns].reset_index(drop=True)


def store_snapshot(
    *, session: Session, engagement: str, period: str, matrix: pd.DataFrame
) -> tuple[str | None, pd.DataFrame | None]:
    """Replace this month's skills snapshot; return the previous snapshot's period and the changes since."""
    if matrix.empty:
        return None, None
    save_skills(session=session, engagement=engagement, period=period, matrix=matrix)
    earlier, previous = previous_skills(session=session, engagement=engagement, period=period)
    return earlier, skills_progress(matrix, previous) if earlier else None
