"""Assessment: campaigns, every response, every dimension score.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False),
        sa.Column("campaign", sa.String(100), nullable=False),
        sa.Column("assessed_on", sa.Date, nullable=False),
        sa.Column("bank_id", sa.String(100), nullable=False),
        sa.Column("respondents", sa.Integer, nullable=False),
        sa.Column("overall_level", sa.Integer),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("engagement", "campaign"),
    )
    op.create_table(
        "assessment_response",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessment.id"), nullable=False, index=True),
        sa.Column("respondent", sa.String(200), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("dimension_id", sa.String(100), nullable=False),
        sa.Column("score", sa.Integer),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("source_file", sa.String(500), nullable=False),
        sa.Column("source_row", sa.Integer),
        sa.UniqueConstraint("assessment_id", "respondent", "question_id"),
    )
    op.create_table(
        "dimension_score",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessment.id"), nullable=False, index=True),
        sa.Column("dimension_id", sa.String(100), nullable=False),
        sa.Column("respondents", sa.Integer, nullable=False),
        sa.Column("mean", sa.Float),
        sa.Column("median", sa.Float),
        sa.Column("min", sa.Float),
        sa.Column("max", sa.Float),
        sa.Column("std", sa.Float),
        sa.Column("spread", sa.Float),
        sa.Column("level", sa.Integer),
        sa.Column("target", sa.Integer, nullable=False),
        sa.Column("gap", sa.Float),
        sa.Column("disagreement", sa.Boolean, nullable=False),
        sa.UniqueConstraint("assessment_id", "dimension_id"),
    )


def downgrade() -> None:
    op.drop_table("dimension_score")
    op.drop_table("assessment_response")
    op.drop_table("assessment")
