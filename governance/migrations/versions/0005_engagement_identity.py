"""Engagement identity (issue 11): rows keyed by the stable id in pmo.yaml, a register of engagements, run locks.

Until now every row's `engagement` column held a slug of the client's display name. Those keys cannot be mapped
to ids here (the ids live in each folder's pmo.yaml), so they are listed in `legacy_engagement_key`: the first
engagement that registers under a new id and whose client name gives that slug adopts the rows
(governance.engagement.identity). No row is changed or lost by the migration itself.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    inspector = sa.inspect(connection)
    keyed = [t for t in inspector.get_table_names() if "engagement" in {c["name"] for c in inspector.get_columns(t)}]
    op.create_table(
        "engagement_record",
        sa.Column("engagement_id", sa.String(64), primary_key=True),
        sa.Column("folder", sa.Text, nullable=False),
        sa.Column("client_name", sa.String(200), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table("legacy_engagement_key", sa.Column("engagement", sa.String(200), primary_key=True))
    if keyed:
        union = " UNION ".join(f"SELECT engagement FROM {table}" for table in sorted(keyed))
        op.execute(f"INSERT INTO legacy_engagement_key (engagement) {union}")
    # Who runs what now, on SQLite (PostgreSQL uses advisory locks, released when the connection dies).
    op.create_table(
        "run_lock",
        sa.Column("engagement", sa.String(64), primary_key=True),
        sa.Column("capability", sa.String(64), primary_key=True),
        sa.Column("holder", sa.String(300), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("run_lock")
    op.drop_table("legacy_engagement_key")
    op.drop_table("engagement_record")
