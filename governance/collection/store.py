"""Status collection tables: the forms sent for a period, every message written or sent, every return merged.

Functions take a keyword-only `session` and never commit: the caller owns the transaction, so a refused run
stores nothing. A message is keyed by (period, kind, recipient): a re-run finds it and does not send it again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import DateTime, Index, Text, UniqueConstraint, delete, select
from sqlmodel import Column, Field, Session, SQLModel

MESSAGE_KINDS = ("request", "reminder", "escalation")


class CollectionForm(SQLModel, table=True):
    __tablename__ = "collection_form"
    __table_args__ = (UniqueConstraint("engagement", "period", "project_id"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    period: str = Field(max_length=7)
    project_id: str = Field(max_length=100)
    project_name: str = Field(max_length=300)
    tier_id: str = Field(default="", max_length=100)
    project_manager: str = Field(default="", max_length=200)
    sponsor: str = Field(default="", max_length=200)
    due_on: date
    form_file: str = Field(sa_column=Column(Text, nullable=False))
    sheet: str = Field(max_length=31)
    prepared_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class CollectionMessage(SQLModel, table=True):
    __tablename__ = "collection_message"
    __table_args__ = (UniqueConstraint("engagement", "period", "kind", "recipient"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    period: str = Field(max_length=7)
    kind: str = Field(max_length=20)  # request | reminder | escalation
    recipient: str = Field(max_length=200)
    email: str = Field(default="", max_length=320)
    projects: str = Field(sa_column=Column(Text, nullable=False))  # comma-separated project ids
    subject: str = Field(max_length=500)
    file: str = Field(default="", sa_column=Column(Text, nullable=False))  # the .eml written under out/
    message_id: str = Field(default="", max_length=300)
    written_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class CollectionReturn(SQLModel, table=True):
    __tablename__ = "collection_return"
    __table_args__ = (Index("ix_collection_return_period", "engagement", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    period: str = Field(max_length=7)
    project_id: str = Field(max_length=100)
    source_form: str = Field(sa_column=Column(Text, nullable=False))  # a path, or an e-mail's path [attachment]
    sha256: str = Field(default="", max_length=64)
    received_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    outcome: str = Field(max_length=20)  # merged | superseded | refused
    merged_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


def now() -> datetime:
    return datetime.now(UTC)


def replace_forms(*, session: Session, engagement: str, period: str, rows: list[dict]) -> None:
    """The period's forms as prepared now (a re-run of prepare replaces them)."""
    session.execute(
        delete(CollectionForm).where(CollectionForm.engagement == engagement, CollectionForm.period == period)
    )
    if rows:
        session.execute(
            CollectionForm.__table__.insert(), [{**r, "engagement": engagement, "period": period} for r in rows]
        )


def prepared_forms(*, session: Session, engagement: str, period: str) -> list[CollectionForm]:
    return list(
        session.execute(
            select(CollectionForm)
            .where(CollectionForm.engagement == engagement, CollectionForm.period == period)
            .order_by(CollectionForm.project_id)
        ).scalars()
    )


def recorded_messages(*, session: Session, engagement: str, period: str) -> dict[tuple[str, str], CollectionMessage]:
    """The period's messages by (kind, recipient)."""
    rows = session.execute(
        select(CollectionMessage).where(CollectionMessage.engagement == engagement, CollectionMessage.period == period)
    ).scalars()
    return {(m.kind, m.recipient): m for m in rows}


def record_message(*, session: Session, engagement: str, period: str, values: dict) -> None:
    """Insert the message, or update the one already recorded for its kind and recipient (its first sending
    time is kept: sent once stays sent)."""
    found = session.execute(
        select(CollectionMessage).where(
            CollectionMessage.engagement == engagement,
            CollectionMessage.period == period,
            CollectionMessage.kind == values["kind"],
            CollectionMessage.recipient == values["recipient"],
        )
    ).scalar_one_or_none()
    if found is None:
        session.add(CollectionMessage(engagement=engagement, period=period, **values))
        return
    sent_at = found.sent_at or values.get("sent_at")
    for key, value in values.items():
        setattr(found, key, value)
    found.sent_at = sent_at


def replace_returns(*, session: Session, engagement: str, period: str, rows: list[dict]) -> None:
    session.execute(
        delete(CollectionReturn).where(CollectionReturn.engagement == engagement, CollectionReturn.period == period)
    )
    if rows:
        session.execute(
            CollectionReturn.__table__.insert(), [{**r, "engagement": engagement, "period": period} for r in rows]
        )


def mark_sent(*, session: Session, engagement: str, period: str, message_ids: list[str], when: datetime) -> None:
    """Messages sent now (by Message-ID); one sent before keeps its first sending time."""
    if not message_ids:
        return
    rows = session.execute(
        select(CollectionMessage).where(
            CollectionMessage.engagement == engagement,
            CollectionMessage.period == period,
            CollectionMessage.message_id.in_(message_ids),
        )
    ).scalars()
    for row in rows:
        row.sent_at = row.sent_at or when
