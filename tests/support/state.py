"""The observable state of an engagement: its store's rows and its published files, comparable with ==.

`state_of(folder)` before and after a refused command must be equal: that is "nothing stored, nothing
half-written". Rows are compared by content (a digest of every row of every table, sorted), not by counts,
and files by their SHA-256.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.engine import make_url

DB_FILE = "pmo.db"
OUT_DIR = "out"


def _database_url(engagement_dir: Path, database_url: str | None) -> str:
    return database_url or os.environ.get("PMO_DATABASE_URL") or f"sqlite:///{(engagement_dir / DB_FILE).resolve()}"


def _table_digests(url: str) -> dict[str, str]:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        if not Path(parsed.database).exists():
            return {}  # no store yet; do not create one by looking
    engine = create_engine(parsed)
    try:
        metadata = MetaData()
        metadata.reflect(bind=engine)
        digests: dict[str, str] = {}
        with engine.connect() as connection:
            for name, table in sorted(metadata.tables.items()):
                columns = sorted(table.columns.keys())
                rows = sorted(
                    repr(tuple((column, row._mapping[column]) for column in columns))
                    for row in connection.execute(select(table))
                )
                digest = hashlib.sha256()
                digest.update(repr(columns).encode("utf-8"))
                for row in rows:
                    digest.update(row.encode("utf-8", "surrogatepass"))
                    digest.update(b"\n")
                digests[name] = f"{len(rows)}:{digest.hexdigest()}"
        return digests
    finally:
        engine.dispose()


def _file_hashes(out: Path) -> dict[str, str]:
    if not out.exists():
        return {}
    hashes: dict[str, str] = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if path.is_dir():
            hashes[relative + "/"] = "dir"
        else:
            hashes[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def state_of(engagement_dir: Path, database_url: str | None = None) -> dict:
    """{"store": {table: "rows:digest"}, "out": {relative path: sha256}} for an engagement folder."""
    engagement_dir = Path(engagement_dir)
    return {
        "store": _table_digests(_database_url(engagement_dir, database_url)),
        "out": _file_hashes(engagement_dir / OUT_DIR),
    }
