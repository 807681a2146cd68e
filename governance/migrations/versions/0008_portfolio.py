"""Portfolio (issue 14): the demands taken in, the reviewers' scores, the selections put to the board and the
board's decisions on demands.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _stamp(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "portfolio_demand",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False),
        sa.Column("demand_id", sa.String(100), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("sponsor", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("objective", sa.Text, nullable=False),
        sa.Column("benefits", sa.Text, nullable=False),
        sa.Column("benefit_value", sa.Float, nullable=True),
        sa.Column("risk", sa.Integer, nullable=True),
        sa.Column("earliest_start", sa.String(7), nullable=False),
        sa.Column("dependencies", sa.Text, nullable=False),
        sa.Column("mandatory", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("costs", sa.Text, nullable=False),
        sa.Column("effort_days", sa.Float, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        _stamp("imported_at"),
        sa.UniqueConstraint("engagement", "demand_id"),
    )
    op.create_table(
        "portfolio_score",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("demand_id", sa.String(100), nullable=False),
        sa.Column("criterion", sa.String(100), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("workbook", sa.Text, nullable=False),
        _stamp("imported_at"),
        sa.UniqueConstraint("engagement", "reviewer", "demand_id", "criterion"),
    )
    op.create_table(
        "portfolio_decision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False),
        sa.Column("demand_id", sa.String(100), nullable=False),
        sa.Column("body_id", sa.String(100), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("sheet", sa.Text, nullable=False),
        sa.Column("project_id", sa.String(100), nullable=True),
        _stamp("imported_at"),
        sa.UniqueConstraint("engagement", "demand_id"),
    )
    op.create_table(
        "portfolio_proposal",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False, index=True),
        sa.Column("body_id", sa.String(100), nullable=False),
        sa.Column("prepared_on", sa.Date, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("greedy_score", sa.Float, nullable=False),
        sa.Column("demands", sa.Text, nullable=False),
        sa.Column("budget", sa.Text, nullable=False),
        _stamp("created_at"),
    )


def downgrade() -> None:
    op.drop_table("portfolio_proposal")
    op.drop_table("portfolio_decision")
    op.drop_table("portfolio_score")
    op.drop_table("portfolio_demand")
