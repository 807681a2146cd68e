"""Governance model versions: every setup that changes the model adds one, with who, when and a content hash."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Text, UniqueConstraint, func, select
from sqlmodel import Column, Field, Session, SQLModel

from governance.structure.model import canonical_json, content_hash


class GovernanceVersion(SQLModel, table=True):
    __tablename__ = "governance_version"
    __table_args__ = (UniqueConstraint("engagement", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200, index=True)
    version: int
    content_hash: str = Field(max_length=64)
    model_json: str = Field(sa_column=Column(Text, nullable=False))
    stored_by: str = Field(max_length=200)
    stored_at: datetime


@dataclass(frozen=True)
class StoredVersion:
    version: int
    content_hash: str
    stored_by: str
    stored_at: datetime
    model: dict
    created: bool  # False when the model was unchanged and the latest version is returned


def _stored(row: GovernanceVersion, created: bool) -> StoredVersion:
    return StoredVersion(
        row.version, row.content_hash, row.stored_by, row.stored_at, json.loads(row.model_json), created
    )


def latest_version(*, session: Session, engagement: str) -> StoredVersion | None:
    row = session.execute(
        select(GovernanceVersion)
        .where(GovernanceVersion.engagement == engagement)
        .order_by(GovernanceVersion.version.desc())
        .limit(1)
    ).scalar_one_or_none()
    return _stored(row, False) if row else None


def save_version(
    *, session: Session, engagement: str, model: dict, stored_by: str, stored_at: datetime | None = None
) -> StoredVersion:
    """Store `model` as the next version unless it equals the latest one (same content hash)."""
    digest = content_hash(model)
    latest = latest_version(session=session, engagement=engagement)
    if latest is not None and latest.content_hash == digest:
        return latest
    row = GovernanceVersion(
        engagement=engagement,
        version=(latest.version if latest else 0) + 1,
        content_hash=digest,
        model_json=canonical_json(model),
        stored_by=stored_by[:200],
        stored_at=stored_at or datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return _stored(row, True)


def get_version(*, session: Session, engagement: str, version: int) -> StoredVersion | None:
    row = session.execute(
        select(GovernanceVersion).where(
            GovernanceVersion.engagement == engagement, GovernanceVersion.version == version
        )
    ).scalar_one_or_none()
    return _stored(row, False) if row else None


def list_versions(*, session: Session, engagement: str) -> list[tuple[int, str, str, datetime]]:
    """(version, hash, who, when) of every stored version, oldest first."""
    return [
        tuple(r)
        for r in session.execute(
            select(
                GovernanceVersion.version,
                GovernanceVersion.content_hash,
                GovernanceVersion.stored_by,
                GovernanceVersion.stored_at,
            )
            .where(GovernanceVersion.engagement == engagement)
            .order_by(GovernanceVersion.version)
        ).all()
    ]


def count_versions(*, session: Session, engagement: str) -> int:
    return session.execute(
        select(func.count()).select_from(GovernanceVersion).where(GovernanceVersion.engagement == engagement)
    ).scalar_one()


def all_versions(*, session: Session, engagement: str) -> list[StoredVersion]:
    """Every stored version with its model, oldest first (a model is a few kB; engagements have tens)."""
    rows = (
        session.execute(
            select(GovernanceVersion)
            .where(GovernanceVersion.engagement == engagement)
            .order_by(GovernanceVersion.version)
        )
        .scalars()
        .all()
    )
    return [_stored(row, False) for row in rows]
