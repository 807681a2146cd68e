"""Engagement identity: the stable id in pmo.yaml that keys every stored row, and the register that keeps one
folder per id in a store."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import yaml
from sqlalchemy import Engine, inspect, text
from sqlmodel import Field, Session, SQLModel

from governance.core.atomic import write_text_atomic
from governance.core.locks import run_lock, run_wait
from governance.core.problems import InputError, Problem
from governance.core.store import open_store, transaction
from governance.engagement.config import CONFIG_FILE, Engagement, load_engagement, slugify

_PREFIX_CHARS = 20


class EngagementRecord(SQLModel, table=True):
    __tablename__ = "engagement_record"

    engagement_id: str = Field(primary_key=True, max_length=64)
    folder: str
    client_name: str = Field(max_length=200)
    registered_at: datetime


def new_engagement_id(client_name: str) -> str:
    """A fresh id: a short reminder of the client, then 32 random bits that make it unique. The prefix is
    frozen once written; renaming the client later changes nothing."""
    prefix = slugify(client_name)[:_PREFIX_CHARS].strip("-") or "engagement"
    return f"{prefix}-{secrets.token_hex(4)}"


def _claimant_id(folder: Path) -> str | None:
    """The id another folder's pmo.yaml claims now (None when it is gone or unreadable)."""
    try:
        raw = yaml.safe_load((folder / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    return raw.get("engagement_id") if isinstance(raw, dict) else None


def _keyed_tables(session: Session) -> list[str]:
    inspector = inspect(session.connection())
    return [
        table
        for table in inspector.get_table_names()
        if table not in ("run_lock", "legacy_engagement_key")
        and "engagement" in {c["name"] for c in inspector.get_columns(table)}
    ]


def _adopt_legacy_rows(*, session: Session, engagement_id: str, legacy_key: str) -> int:
    """Rows stored before ids existed, under the slug of this client's name, now filed under the id."""
    found = session.execute(
        text("SELECT 1 FROM legacy_engagement_key WHERE engagement = :k"), {"k": legacy_key}
    ).scalar()
    if not found:
        return 0
    moved = 0
    for table in _keyed_tables(session):
        result = session.execute(
            text(f"UPDATE {table} SET engagement = :id WHERE engagement = :k"), {"id": engagement_id, "k": legacy_key}
        )
        moved += result.rowcount or 0
    session.execute(text("DELETE FROM legacy_engagement_key WHERE engagement = :k"), {"k": legacy_key})
    return moved


def check_claim(*, session: Session, engagement: Engagement) -> EngagementRecord | None:
    """The engagement's record, after checking this folder may use its id: on a shared store
    (PMO_DATABASE_URL), a second folder claiming an id whose folder still claims it is refused. Writes nothing."""
    record = session.get(EngagementRecord, engagement.id)
    folder = str(engagement.root.resolve())
    # A store inside the folder (the default SQLite file) travels with it: a copy has its own history.
    shared = engagement.database_url() != engagement.local_database_url()
    if record and shared and record.folder != folder and _claimant_id(Path(record.folder)) == engagement.id:
        raise InputError(
            [
                Problem(
                    CONFIG_FILE,
                    f"engagement id {engagement.id!r} is already the id of {record.folder}, and this folder "
                    f"({folder}) claims it too; a copied engagement needs an id of its own: "
                    f"run `pmo id {engagement.root} --new`",
                    key="engagement_id",
                    code="engagement-id-taken",
                )
            ]
        )
    return record


def record_claim(*, session: Session, engagement: Engagement) -> None:
    """Register this folder as the engagement's (an engagement whose folder moved, or its client renamed,
    follows)."""
    record = session.get(EngagementRecord, engagement.id) or EngagementRecord(
        engagement_id=engagement.id, folder="", client_name="", registered_at=datetime.now(UTC)
    )
    folder, client = str(engagement.root.resolve()), engagement.config.client.name
    if (record.folder, record.client_name) != (folder, client):
        record.folder, record.client_name = folder, client
        session.add(record)


def claim_engagement(*, session: Session, engagement: Engagement) -> int:
    """Check and register the folder's claim on its id in one go; returns the rows adopted from before ids."""
    record = check_claim(session=session, engagement=engagement)
    adopted = (
        0 if record else _adopt_legacy_rows(session=session, engagement_id=engagement.id, legacy_key=engagement.slug)
    )
    record_claim(session=session, engagement=engagement)
    return adopted


@contextmanager
def engagement_store(engagement: Engagement, capability: str, *, wait: float | None = None) -> Iterator[Engine]:
    """The store of a run of `capability` on `engagement`: migrated, the folder's claim on its id checked, the
    run lock held until the block ends, and the claim recorded once the run has succeeded (a refused run
    leaves the store as it was). The engine is disposed after."""
    engagement_id = engagement.id  # a missing id, or a bad PMO_RUN_WAIT, is refused before the store is touched
    wait = run_wait() if wait is None else wait
    engine = open_store(engagement.database_url())
    try:
        with transaction(engine) as session:
            if check_claim(session=session, engagement=engagement) is None:
                # Rows stored before ids existed are filed under the id before anything reads them: this
                # finishes migration 0005, once, whatever the run then does.
                _adopt_legacy_rows(session=session, engagement_id=engagement_id, legacy_key=engagement.slug)
        with run_lock(engine, engagement=engagement_id, capability=capability, wait=wait):
            yield engine
            with transaction(engine) as session:
                record_claim(session=session, engagement=engagement)
    finally:
        engine.dispose()


def assign_engagement_id(root: Path, *, renew: bool = False) -> tuple[str, bool]:
    """Give the engagement at `root` an id in its pmo.yaml (a new one with `renew`, for a copied folder).
    Returns the id and whether pmo.yaml changed. Only that line is written; comments and order stay."""
    engagement = load_engagement(root)
    current = engagement.config.engagement_id
    if current and not renew:
        return current, False
    new_id = new_engagement_id(engagement.config.client.name)
    path = Path(root) / CONFIG_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = f"engagement_id: {new_id}\n"
    existing = [i for i, text in enumerate(lines) if re.match(r"engagement_id\s*:", text)]
    if existing:
        lines[existing[0]] = line
    else:  # after the opening comment block, so the file still reads from its title
        at = next((i for i, text in enumerate(lines) if not text.startswith("#")), len(lines))
        lines.insert(at, line)
    write_text_atomic(path, "".join(lines))
    return new_id, True
