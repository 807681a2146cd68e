"""Monthly review: a snapshot per project and period, and the period's portfolio KPIs (issue 5).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_snapshot",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("project_id", sa.String(100), nullable=False),
        sa.Column("project_name", sa.String(300), nullable=False),
        sa.Column("tier", sa.String(100), nullable=False),
        sa.Column("tier_id", sa.String(100), nullable=False),
        sa.Column("sponsor", sa.String(200), nullable=False),
        sa.Column("project_manager", sa.String(200), nullable=False),
        sa.Column("status_date", sa.Date, nullable=False),
        sa.Column("start_date", sa.Date),
        sa.Column("start_basis", sa.String(20), nullable=False),
        sa.Column("first_status_date", sa.Date, nullable=False),
        sa.Column("bac", sa.Float, nullable=False),
        sa.Column("pv", sa.Float, nullable=False),
        sa.Column("ev", sa.Float, nullable=False),
        sa.Column("ac", sa.Float, nullable=False),
        sa.Column("percent_complete", sa.Float),
        sa.Column("baseline_end", sa.Date),
        sa.Column("forecast_end", sa.Date),
        sa.Column("next_milestone", sa.String(300), nullable=False),
        sa.Column("milestone_baseline", sa.Date),
        sa.Column("milestone_forecast", sa.Date),
        sa.Column("open_risks", sa.Integer),
        sa.Column("open_issues", sa.Integer),
        sa.Column("risk_exposure", sa.Float),
        sa.Column("benefits_planned", sa.Float),
        sa.Column("benefits_realised", sa.Float),
        sa.Column("scope_change", sa.Float),
        sa.Column("rag_self", sa.String(10)),
        sa.Column("rag_self_text", sa.String(50), nullable=False),
        sa.Column("sv", sa.Float, nullable=False),
        sa.Column("cv", sa.Float, nullable=False),
        sa.Column("spi", sa.Float),
        sa.Column("cpi", sa.Float),
        sa.Column("eac", sa.Float),
        sa.Column("eac_cpi", sa.Float),
        sa.Column("eac_atypical", sa.Float),
        sa.Column("eac_composite", sa.Float),
        sa.Column("etc", sa.Float),
        sa.Column("vac", sa.Float),
        sa.Column("tcpi_bac", sa.Float),
        sa.Column("tcpi_eac", sa.Float),
        sa.Column("duration_days", sa.Float),
        sa.Column("end_slip_days", sa.Float),
        sa.Column("end_slip_share", sa.Float),
        sa.Column("milestone_slip_days", sa.Float),
        sa.Column("milestone_slip_share", sa.Float),
        sa.Column("dev_schedule", sa.Float),
        sa.Column("dev_cost", sa.Float),
        sa.Column("dev_scope", sa.Float),
        sa.Column("dev_risk", sa.Float),
        sa.Column("dev_benefits", sa.Float),
        sa.Column("rag_schedule", sa.String(10)),
        sa.Column("rag_cost", sa.String(10)),
        sa.Column("rag_scope", sa.String(10)),
        sa.Column("rag_risk", sa.String(10)),
        sa.Column("rag_benefits", sa.String(10)),
        sa.Column("rag_overall", sa.String(10)),
        sa.Column("severity", sa.Float),
        sa.Column("trend", sa.String(20), nullable=False),
        sa.Column("streak", sa.Integer, nullable=False),
        sa.Column("red_streak", sa.Integer, nullable=False),
        sa.Column("rag_disagrees", sa.Boolean, nullable=False),
        sa.Column("escalation_body", sa.String(100)),
        sa.Column("escalated", sa.Boolean, nullable=False),
        sa.Column("on_time", sa.Boolean, nullable=False),
        sa.Column("milestone_due", sa.Boolean, nullable=False),
        sa.Column("milestone_hit", sa.Boolean, nullable=False),
        sa.Column("flags", sa.String(200), nullable=False),
        sa.Column("bac_first", sa.Float, nullable=False),
        sa.Column("source_file", sa.String(500), nullable=False),
        sa.Column("source_row", sa.Integer),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("engagement", "period", "project_id"),
    )
    # Trends look up each project's latest earlier period.
    op.create_index("ix_review_snapshot_project", "review_snapshot", ["engagement", "project_id", "period"])
    op.create_table(
        "review_period",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engagement", sa.String(200), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        *(
            sa.Column(name, sa.Integer, nullable=False)
            for name in (
                "projects",
                "expected",
                "missing",
                "stale",
                "green",
                "amber",
                "red",
                "not_assessed",
                "new",
                "improving",
                "stable",
                "worsening",
            )
        ),
        *(
            sa.Column(name, sa.Float, nullable=False)
            for name in ("bac_total", "eac_total", "vac_total", "pv_total", "ev_total", "ac_total")
        ),
        *(
            sa.Column(name, sa.Float)
            for name in ("portfolio_spi", "portfolio_cpi", "on_time_share", "on_schedule_share", "on_budget_share")
        ),
        sa.Column("milestones_due", sa.Integer, nullable=False),
        sa.Column("milestones_hit", sa.Integer, nullable=False),
        *(
            sa.Column(name, sa.Float)
            for name in ("milestone_hit_rate", "benefits_planned", "benefits_realised", "benefits_share")
        ),
        *(
            sa.Column(name, sa.Integer, nullable=False)
            for name in ("exceptions", "exception_projects", "escalations", "data_quality_issues", "rag_disagreements")
        ),
        sa.Column("maturity_level", sa.Integer),
        sa.Column("maturity_previous_level", sa.Integer),
        sa.Column("maturity_campaign", sa.String(100)),
        sa.Column("maturity_previous_campaign", sa.String(100)),
        sa.Column("maturity_score", sa.Float),
        sa.Column("maturity_previous_score", sa.Float),
        sa.Column("policy_source", sa.String(50), nullable=False),
        sa.Column("source_file", sa.String(500), nullable=False),
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("engagement", "period"),
    )


def downgrade() -> None:
    op.drop_table("review_period")
    op.drop_index("ix_review_snapshot_project", table_name="review_snapshot")
    op.drop_table("review_snapshot")
