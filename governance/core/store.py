"""The one store: SQLModel over SQLite by default, PostgreSQL (or any SQLAlchemy URL) via PMO_DATABASE_URL.

Functions that read or write take a keyword-only `session` and never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, Table, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

from governance.core.paths import MIGRATIONS_DIR


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, a busy timeout and write transactions that lock up front."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        # The `postgres` extra installs psycopg 3; SQLAlchemy 2.0 would otherwise look for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy emit BEGIN itself (pysqlite's implicit BEGIN is deferred and can fail
        # with "database is locked" at the first write of a read-then-write transaction).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


# Any fixed 64-bit number: the advisory lock key of schema migrations on PostgreSQL.
MIGRATION_LOCK_KEY = 0x706D6F2D6B6974  # "pmo-kit"


def migrate(engine: Engine) -> str | None:
    """Bring the schema to the latest migration; cheap when already there. Returns the revision."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current != head:
        with engine.begin() as connection:
            # Two first runs on an empty store (two deployments starting at 07:00) would both create the tables:
            # the second waits here and then finds the schema up to date. SQLite's BEGIN IMMEDIATE does the same.
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    return head


def open_store(url: str) -> Engine:
    """Engine for `url` with the schema migrated: the factory every command uses."""
    engine = make_engine(url)
    migrate(engine)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits at the end, rolls everything back on any error."""
    with Session(engine) as session:
        with session.begin():
            yield session


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """Open the store at `url` (migrated), run one transaction, and release its connections."""
    engine = open_store(url)
    try:
        with transaction(engine) as session:
            yield session
    finally:
        engine.dispose()


def upsert(session: Session, table: Table, rows: Sequence[dict], key: Sequence[str]) -> None:
    """Insert rows, updating the non-key columns of rows whose `key` already exists (ON CONFLICT)."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only the two supported back ends
        raise ValueError(f"upsert is not supported on {dialect}")
    statement = insert(table)
    updates = {c: statement.excluded[c] for c in rows[0] if c not in key}
    session.execute(statement.on_conflict_do_update(index_elements=list(key), set_=updates), list(rows))
