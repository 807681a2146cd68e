"""Governance model versions (issue 3): one row per stored version of an engagement's governance model.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "governance_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("model_json", sa.Text, nullable=False),
        sa.Column("stored_by", sa.String(200), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("engagement", "version"),
    )


def downgrade() -> None:
    op.drop_table("governance_version")
