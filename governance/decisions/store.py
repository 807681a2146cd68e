"""Decisions and actions tables: what each body decided on each exception, and the actions that follow.

Functions take a keyword-only `session` and never commit: the caller owns the transaction, so a refused import
stores nothing. A decision is keyed by (period, body, project, dimension): importing a register again replaces
its decisions and actions, but never the follow-up (status, closing date) recorded since.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import DateTime, Index, Text, UniqueConstraint, delete, select, update
from sqlmodel import Column, Field, Session, SQLModel

ACTION_STATUSES = ("open", "closed", "dropped")


class DecisionRecord(SQLModel, table=True):
    __tablename__ = "governance_decision"
    __table_args__ = (UniqueConstraint("engagement", "period", "body_id", "project_id", "dimension"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    period: str = Field(max_length=7)  # the review period whose exception it answers
    body_id: str = Field(max_length=100)
    meeting_on: date | None = None
    project_id: str = Field(max_length=100)
    project_name: str = Field(max_length=300)
    dimension: str = Field(max_length=20)
    decision: str = Field(sa_column=Column(Text, nullable=False))
    register_file: str = Field(sa_column=Column(Text, nullable=False))
    imported_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ActionRecord(SQLModel, table=True):
    __tablename__ = "governance_action"
    __table_args__ = (
        UniqueConstraint("engagement", "ref"),
        Index("ix_governance_action_origin", "engagement", "period", "body_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    ref: str = Field(max_length=200)  # <period>/<body>/<project>/<dimension>/<n>: stable across imports
    period: str = Field(max_length=7)
    body_id: str = Field(max_length=100)
    project_id: str = Field(max_length=100)
    dimension: str = Field(max_length=20)
    action: str = Field(sa_column=Column(Text, nullable=False))
    owner: str = Field(max_length=200)
    owner_known: bool = True
    due_on: date
    status: str = Field(default="open", max_length=10)  # open | closed | dropped
    closed_on: date | None = None
    comment: str = Field(default="", sa_column=Column(Text, nullable=False))
    followed_in: str = Field(default="", max_length=7)  # the period of the register that gave the follow-up
    updated_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


DECISION_COLUMNS = ["period", "body_id", "meeting_on", "project_id", "project_name", "dimension", "decision"]
ACTION_COLUMNS = [
    "ref",
    "period",
    "body_id",
    "project_id",
    "dimension",
    "action",
    "owner",
    "owner_known",
    "due_on",
    "status",
    "closed_on",
    "comment",
]


def now() -> datetime:
    return datetime.now(UTC)


def replace_register(
    *,
    session: Session,
    engagement: str,
    period: str,
    body_id: str,
    decisions: list[dict],
    actions: list[dict],
    register_file: str,
) -> None:
    """A register's decisions and actions as filled now. Actions already stored keep their follow-up (status,
    closing date, comment); actions no longer in the register are removed."""
    origin = (ActionRecord.engagement == engagement, ActionRecord.period == period, ActionRecord.body_id == body_id)
    kept = {
        r.ref: r
        for r in session.execute(
            select(
                ActionRecord.ref,
                ActionRecord.status,
                ActionRecord.closed_on,
                ActionRecord.comment,
                ActionRecord.followed_in,
            ).where(*origin)
        )
    }
    session.execute(
        delete(DecisionRecord).where(
            DecisionRecord.engagement == engagement, DecisionRecord.period == period, DecisionRecord.body_id == body_id
        )
    )
    session.execute(delete(ActionRecord).where(*origin))
    stamp = now()
    if decisions:
        session.execute(
            DecisionRecord.__table__.insert(),
            [
                {
                    **d,
                    "engagement": engagement,
                    "period": period,
                    "body_id": body_id,
                    "register_file": register_file,
                    "imported_at": stamp,
                }
                for d in decisions
            ],
        )
    rows = []
    for a in actions:
        before = kept.get(a["ref"])
        follow_up = (
            {
                "status": before.status,
                "closed_on": before.closed_on,
                "comment": before.comment,
                "followed_in": before.followed_in,
            }
            if before
            else {"status": "open", "closed_on": None, "comment": "", "followed_in": ""}
        )
        rows.append(
            {**a, **follow_up, "engagement": engagement, "period": period, "body_id": body_id, "updated_at": stamp}
        )
    if rows:
        session.execute(ActionRecord.__table__.insert(), rows)


def follow_up(
    *, session: Session, engagement: str, ref: str, status: str, closed_on: date | None, comment: str, period: str
) -> bool:
    """An action's status as the register of `period` reports it; an older register than the one that last
    followed the action up changes nothing (importing September's again must not reopen what October closed).
    Whether it applied."""
    result = session.execute(
        update(ActionRecord)
        .where(ActionRecord.engagement == engagement, ActionRecord.ref == ref, ActionRecord.followed_in <= period)
        .values(
            status=status,
            closed_on=closed_on if status != "open" else None,
            comment=comment,
            followed_in=period,
            updated_at=now(),
        )
    )
    return bool(result.rowcount)


def stored_actions(*, session: Session, engagement: str) -> dict[str, tuple[str, bool]]:
    """Every stored action's text, and whether a register has followed it up, by reference."""
    rows = session.execute(
        select(ActionRecord.ref, ActionRecord.action, ActionRecord.followed_in).where(
            ActionRecord.engagement == engagement
        )
    )
    return {r.ref: (r.action, bool(r.followed_in)) for r in rows}


def decisions_frame(*, session: Session, engagement: str, body: str | None = None) -> pd.DataFrame:
    """Every stored decision (oldest period first), optionally one body's."""
    query = select(*(getattr(DecisionRecord, c) for c in DECISION_COLUMNS)).where(
        DecisionRecord.engagement == engagement
    )
    if body:
        query = query.where(DecisionRecord.body_id == body)
    rows = session.execute(query.order_by(DecisionRecord.period, DecisionRecord.body_id, DecisionRecord.project_id))
    return pd.DataFrame([r._asdict() for r in rows], columns=DECISION_COLUMNS)


def actions_frame(*, session: Session, engagement: str, body: str | None = None) -> pd.DataFrame:
    """Every stored action (oldest first) with its follow-up, optionally one body's."""
    query = select(*(getattr(ActionRecord, c) for c in ACTION_COLUMNS)).where(ActionRecord.engagement == engagement)
    if body:
        query = query.where(ActionRecord.body_id == body)
    rows = session.execute(query.order_by(ActionRecord.period, ActionRecord.ref))
    return pd.DataFrame([r._asdict() for r in rows], columns=ACTION_COLUMNS)
