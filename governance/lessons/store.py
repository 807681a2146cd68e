"""The lessons-learned database: storing lessons (upsert on their natural key) and searching them.

Search uses the database's full-text index where it has one, created by migration 0004: an FTS5 table on
SQLite, a stored tsvector column (to_tsvector('simple', search_text)) with a GIN index on PostgreSQL; any other
case falls back to LIKE.
All three search the same `search_text` (lower case, no accents), so a word typed with or without accents
finds the same lessons. Every word must match: as a word prefix with full-text search (fournisseur finds
fournisseurs), anywhere in a word with LIKE.
Functions take a keyword-only session and never commit; `lessons_for_period(session, period)` also takes
them positionally, as the monthly review calls it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Float, Integer, Text, UniqueConstraint, func, literal_column, select, text
from sqlmodel import Field, Session, SQLModel

from governance.core.problems import InputError, Problem
from governance.core.store import upsert
from governance.core.tabular import plain_text
from governance.lessons.read import FRAME_COLUMNS, search_words

FTS_TABLE = "lesson_fts"
KEY_CHUNK = 500


class Lesson(SQLModel, table=True):
    __tablename__ = "lesson"
    __table_args__ = (UniqueConstraint("engagement", "lesson_key"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    lesson_key: str = Field(max_length=64)
    project: str = Field(max_length=200)
    category: str = Field(default="", max_length=200)
    lesson: str = Field(sa_type=Text)
    tags: str = Field(default="", sa_type=Text)  # as written, comma separated
    tag_keys: str = Field(default="", sa_type=Text)  # ",normalised,tags," for exact tag filters
    recorded_on: date = Field(index=True)
    recommendation: str = Field(default="", sa_type=Text)
    owner: str = Field(default="", max_length=200)
    search_text: str = Field(default="", sa_type=Text)
    source_file: str = Field(default="", max_length=500)
    source_row: int | None = None
    imported_at: datetime


STORED = FRAME_COLUMNS  # every column the reader produces is stored


def save_lessons(*, session: Session, engagement: str, lessons: pd.DataFrame) -> dict[str, int]:
    """Insert new lessons, update known ones (same natural key) whose content changed, leave the rest alone:
    importing the same file again writes nothing. Returns how many were added, updated and unchanged."""
    if lessons.empty:
        return {"added": 0, "updated": 0, "unchanged": 0}
    clean = lessons[STORED].astype(object).where(lessons[STORED].notna(), None)
    now = datetime.now(UTC)
    rows = [{**row, "engagement": engagement, "imported_at": now} for row in clean.to_dict("records")]
    content = [c for c in STORED if c != "lesson_key"]
    columns = [getattr(Lesson, c) for c in content]
    stored: dict[str, tuple] = {}
    keys = [row["lesson_key"] for row in rows]
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        for key, *values in session.execute(
            select(Lesson.lesson_key, *columns).where(Lesson.engagement == engagement, Lesson.lesson_key.in_(chunk))
        ):
            stored[key] = tuple(values)
    new = [row for row in rows if row["lesson_key"] not in stored]
    changed = [
        row
        for row in rows
        if row["lesson_key"] in stored and tuple(row[c] for c in content) != stored[row["lesson_key"]]
    ]
    if new:
        session.execute(Lesson.__table__.insert(), new)
    upsert(session, Lesson.__table__, changed, key=["engagement", "lesson_key"])
    return {"added": len(new), "updated": len(changed), "unchanged": len(rows) - len(new) - len(changed)}


def count_lessons(*, session: Session, engagement: str) -> int:
    return session.execute(select(func.count()).select_from(Lesson).where(Lesson.engagement == engagement)).scalar_one()


def search_method(session: Session) -> str:
    """fts5, tsvector or like: what this database offers for full-text search."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return "tsvector"
    if dialect == "sqlite":
        found = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": FTS_TABLE}
        ).first()
        return "fts5" if found else "like"
    return "like"


def _row(lesson: Lesson) -> dict[str, Any]:
    return {
        "project": lesson.project,
        "category": lesson.category,
        "lesson": lesson.lesson,
        "tags": lesson.tags,
        "recorded_on": lesson.recorded_on,
        "recommendation": lesson.recommendation,
        "owner": lesson.owner,
        "source_file": lesson.source_file,
        "source_row": lesson.source_row,
    }


def search_lessons(
    *,
    session: Session,
    engagement: str,
    query: str = "",
    tags: list[str] | tuple[str, ...] = (),
    project: str | None = None,
    limit: int = 20,
    method: str | None = None,
) -> tuple[list[dict], str]:
    """Lessons matching every word of `query` (in project, category, lesson, tags, recommendation) and every
    tag of `tags` exactly; best matches first (most recent first without words). Returns (rows, method)."""
    words = search_words(query)
    method = method or search_method(session)
    statement = select(Lesson).where(Lesson.engagement == engagement)
    for tag in tags:
        key = plain_text(tag)
        if key:
            statement = statement.where(Lesson.tag_keys.like(f"%,{key},%"))
    if project:
        statement = statement.where(Lesson.project == project.strip())
    if words and method == "fts5":
        # Each word quoted (no FTS syntax from the user) and matched as a prefix.
        match = " AND ".join(f'"{w}"*' for w in words)
        ranked = (
            text(f"SELECT rowid AS id, bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match")
            .bindparams(match=match)
            .columns(id=Integer, rank=Float)
            .subquery("ranked")
        )
        statement = statement.join(ranked, ranked.c.id == Lesson.id).order_by(ranked.c.rank, Lesson.recorded_on.desc())
    elif words and method == "tsvector":
        # search_vector: a stored column generated from search_text, GIN-indexed (migration 0004, PostgreSQL only).
        vector = literal_column("lesson.search_vector")
        tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), " & ".join(f"{w}:*" for w in words))
        statement = statement.where(vector.op("@@")(tsquery)).order_by(
            func.ts_rank(vector, tsquery).desc(), Lesson.recorded_on.desc()
        )
    else:
        for word in words:
            statement = statement.where(Lesson.search_text.like(f"%{word}%"))
        statement = statement.order_by(Lesson.recorded_on.desc())
        if words:
            method = "like"
    rows = session.execute(statement.order_by(Lesson.id).limit(limit)).scalars().all()
    return [_row(r) for r in rows], method


def lessons_for_period(session: Session, period: str, engagement: str | None = None) -> list[dict]:
    """Lessons recorded in the month `period` ('YYYY-MM'), oldest first; for the monthly review pack."""
    import re

    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", str(period).strip())
    if not match:
        raise InputError(
            [
                Problem(
                    "period",
                    f"{period!r} is not a period; expected a month as YYYY-MM, e.g. 2026-10",
                    code="invalid-period",
                )
            ]
        )
    year, month = int(match.group(1)), int(match.group(2))
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    statement = select(Lesson).where(Lesson.recorded_on >= first, Lesson.recorded_on < following)
    if engagement is not None:
        statement = statement.where(Lesson.engagement == engagement)
    rows = session.execute(statement.order_by(Lesson.recorded_on, Lesson.project, Lesson.id)).scalars().all()
    return [_row(r) for r in rows]
