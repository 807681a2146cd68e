"""People, skills and lessons learned (issue 6): skill snapshots, lessons and their full-text index.

The full-text index depends on the database: an FTS5 table kept in step by triggers on SQLite (when the
SQLite library has FTS5), a stored generated tsvector column with a GIN index on PostgreSQL (12 or later).
Without either, searching falls back to LIKE (governance/lessons_store.py).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FTS_TRIGGERS = {
    "lesson_fts_insert": "AFTER INSERT ON lesson BEGIN "
    "INSERT INTO lesson_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "lesson_fts_delete": "AFTER DELETE ON lesson BEGIN "
    "INSERT INTO lesson_fts(lesson_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "lesson_fts_update": "AFTER UPDATE OF search_text ON lesson BEGIN "
    "INSERT INTO lesson_fts(lesson_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO lesson_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
}


def _sqlite_has_fts5(connection) -> bool:
    return bool(connection.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar())


def upgrade() -> None:
    op.create_table(
        "skill_snapshot",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("skill", sa.String(100), nullable=False),
        sa.Column("level", sa.Integer),
        sa.Column("required", sa.Integer, nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("engagement", "period", "person", "skill"),
    )
    op.create_table(
        "lesson",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False),
        sa.Column("lesson_key", sa.String(64), nullable=False),
        sa.Column("project", sa.String(200), nullable=False),
        sa.Column("category", sa.String(200), nullable=False),
        sa.Column("lesson", sa.Text, nullable=False),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("tag_keys", sa.Text, nullable=False),
        sa.Column("recorded_on", sa.Date, nullable=False, index=True),
        sa.Column("recommendation", sa.Text, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("source_file", sa.String(500), nullable=False),
        sa.Column("source_row", sa.Integer),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("engagement", "lesson_key"),
    )
    connection = op.get_bind()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        # A stored vector: ranking reads it instead of parsing every matching lesson again.
        op.execute(
            "ALTER TABLE lesson ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple'::regconfig, search_text)) STORED"
        )
        op.execute("CREATE INDEX ix_lesson_search ON lesson USING gin (search_vector)")
    elif dialect == "sqlite" and _sqlite_has_fts5(connection):
        # External-content FTS5: the text lives once, in lesson; triggers keep the index in step.
        op.execute(
            "CREATE VIRTUAL TABLE lesson_fts USING fts5(search_text, content='lesson', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        for name, body in FTS_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        for name in FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS lesson_fts")
    elif connection.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_lesson_search")
    op.drop_table("lesson")
    op.drop_table("skill_snapshot")
