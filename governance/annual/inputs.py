"""What the annual report reads: the engagement's settings and files first (nothing from the store), then every
stored input in one session. Whatever is missing is read as empty: the report says so, section by section."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from governance import staffing
from governance.annual.deck import check_annual_deck
from governance.annual.maturity import CampaignScores
from governance.annual.year import ReportYear
from governance.assessment import dimension_scores, list_assessments, load_bank_and_library
from governance.core.docx import branding_for, prepare_template, template_path
from governance.core.periods import check_period, default_period, shift_period
from governance.core.problems import InputError
from governance.decisions import actions_frame, decisions_frame
from governance.engagement.config import Engagement
from governance.lessons import lessons_for_period
from governance.review import (
    DIMENSIONS,
    ReviewPolicy,
    kpi_history,
    latest_snapshots,
    load_policy,
    objective_history,
)

TEMPLATE_ID = "annual_report"
# The months read before the year: what a standing's pace reads (the review's 12 stored months), and where an
# exception open when the year began was raised.
LOOKBACK_MONTHS = 12
SNAPSHOT_COLUMNS = ("project_id", "project_name", "period", "escalation_body", *(f"rag_{d}" for d in DIMENSIONS))


@dataclass
class StaffingView:
    """The staffing plan computed from the engagement's files (as `pmo staffing plan` does), or why it cannot be."""

    plan: Any = None  # governance.staffing.StaffingPlan
    inputs: Any = None  # governance.staffing.StaffingInputs
    problem: str | None = None

    @property
    def has_people(self) -> bool:
        return self.inputs is not None and self.inputs.people is not None


@dataclass
class Prepared:
    """Everything read before the store: the engagement, the period asked for, the policy, the question bank and
    recommendation library, the staffing plan; the report's and the deck's templates already checked."""

    engagement: Engagement
    to: str | None
    policy: ReviewPolicy
    bank: Any
    library: Any
    staffing: StaffingView


@dataclass
class AnnualInputs:
    prepared: Prepared
    year: ReportYear
    campaigns: list[CampaignScores]  # stored assessments up to the year's end, oldest first
    kpis: pd.DataFrame  # stored period KPIs up to the year's end (lookback months included), dimension medians
    snapshots: pd.DataFrame  # SNAPSHOT_COLUMNS of every stored project and period, the lookback months included
    decisions: pd.DataFrame
    actions: pd.DataFrame
    lessons: pd.DataFrame
    last_staffing_plan: str | None
    warnings: list[str] = field(default_factory=list)

    @property
    def engagement(self) -> Engagement:
        return self.prepared.engagement


def check_template(engagement: Engagement) -> None:
    """Parse and lint the report's template and check the deck's (overrides or defaults) before anything is read:
    a broken or unsafe one is refused here; the render reuses the parsed report template."""
    template, label = template_path(TEMPLATE_ID, engagement.language, engagement.templates_dir)
    prepare_template(template, language=engagement.language, branding=branding_for(engagement), template_label=label)
    check_annual_deck(engagement.language, engagement.templates_dir)


def staffing_view(engagement: Engagement) -> StaffingView:
    """The plan from the project list, the team and the PMO type; a problem with them makes the section say so
    (the first problem named) rather than refuse the report."""
    try:
        inputs = staffing.load_inputs(engagement)
        return StaffingView(staffing.build_plan(inputs), inputs)
    except InputError as exc:
        first = exc.problems[0]
        return StaffingView(problem=str(first) + (f" (+{exc.total - 1})" if exc.total > 1 else ""))


def prepare(engagement: Engagement, to: str | None) -> Prepared:
    """--to checked, the template linted, the settings and files the report needs read (bad input refused)."""
    to = check_period(to, "--to") if to is not None else None
    check_template(engagement)
    bank, library = load_bank_and_library(engagement)
    return Prepared(engagement, to, load_policy(engagement), bank, library, staffing_view(engagement))


def _campaigns(engagement_id: str, year: ReportYear, *, session: Session) -> list[CampaignScores]:
    stored = [a for a in list_assessments(session=session, engagement=engagement_id) if a.assessed_on <= year.end]
    # The baseline and the latest are all the report compares; the ones between are not read.
    chosen = stored if len(stored) <= 2 else [stored[0], stored[-1]]
    return [
        CampaignScores(
            a.campaign,
            a.assessed_on,
            a.respondents,
            a.overall_level,
            dimension_scores(session=session, assessment_id=a.id)[["dimension_id", "median", "level"]],
        )
        for a in chosen
    ]


def _snapshots(engagement_id: str, periods: list[str], *, session: Session) -> pd.DataFrame:
    frames = [
        latest_snapshots(
            session=session,
            engagement=engagement_id,
            since=period,
            before=shift_period(period, 1),
            columns=SNAPSHOT_COLUMNS,
        )
        for period in periods
    ]
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(SNAPSHOT_COLUMNS))


def _lessons(engagement_id: str, year: ReportYear, *, session: Session) -> pd.DataFrame:
    rows = [row for month in year.months for row in lessons_for_period(session, month, engagement_id)]
    return pd.DataFrame(
        rows, columns=["project", "category", "lesson", "tags", "recorded_on", "recommendation", "owner"]
    )


def _last_staffing_plan(engagement_id: str, *, session: Session) -> str | None:
    snapshot = staffing.SkillSnapshot
    return session.execute(
        select(func.max(snapshot.period)).where(snapshot.engagement == engagement_id)
    ).scalar_one_or_none()


def read_inputs(prepared: Prepared, *, session: Session) -> AnnualInputs:
    """Every stored input in one session: the year (ending at --to, else the latest reviewed month, else last
    month), the assessments, the KPI history, the snapshots, the decisions and actions, the lessons."""
    engagement = prepared.engagement
    engagement_id = engagement.id
    latest = kpi_history(session=session, engagement=engagement_id, until="9999-12", months=1)
    to = prepared.to or (latest["period"].iloc[-1] if len(latest) else default_period(engagement.config.timezone))
    year = ReportYear(to)
    since = shift_period(year.first, -LOOKBACK_MONTHS)
    # With each dimension's maturity and the PMO's recorded measures at each month, as the review reads them.
    kpis = objective_history(session=session, engagement=engagement_id, until=year.last, months=12 + LOOKBACK_MONTHS)
    stored = [p for p in kpis["period"] if p >= since]
    return AnnualInputs(
        prepared=prepared,
        year=year,
        campaigns=_campaigns(engagement_id, year, session=session),
        kpis=kpis,
        snapshots=_snapshots(engagement_id, stored, session=session),
        decisions=decisions_frame(session=session, engagement=engagement_id),
        actions=actions_frame(session=session, engagement=engagement_id),
        lessons=_lessons(engagement_id, year, session=session),
        last_staffing_plan=_last_staffing_plan(engagement_id, session=session),
    )
