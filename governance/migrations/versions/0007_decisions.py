"""Decisions and actions (issue 13): what each body decided on each exception, and the actions that follow; the
measures the PMO records itself each month.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "governance_decision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("body_id", sa.String(100), nullable=False),
        sa.Column("meeting_on", sa.Date, nullable=True),
        sa.Column("project_id", sa.String(100), nullable=False),
        sa.Column("project_name", sa.String(300), nullable=False),
        sa.Column("dimension", sa.String(20), nullable=False),
        sa.Column("decision", sa.Text, nullable=False),
        sa.Column("register_file", sa.Text, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("engagement", "period", "body_id", "project_id", "dimension"),
    )
    op.create_table(
        "governance_action",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False),
        sa.Column("ref", sa.String(200), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("body_id", sa.String(100), nullable=False),
        sa.Column("project_id", sa.String(100), nullable=False),
        sa.Column("dimension", sa.String(20), nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("owner_known", sa.Boolean, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("closed_on", sa.Date, nullable=True),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("followed_in", sa.String(7), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("engagement", "ref"),
    )
    op.create_index("ix_governance_action_origin", "governance_action", ["engagement", "period", "body_id"])
    op.create_table(
        "recorded_measure",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("measure", sa.String(100), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("source_file", sa.String(500), nullable=False),
        sa.UniqueConstraint("engagement", "period", "measure"),
    )


def downgrade() -> None:
    op.drop_table("recorded_measure")
    op.drop_index("ix_governance_action_origin", "governance_action")
    op.drop_table("governance_action")
    op.drop_table("governance_decision")
