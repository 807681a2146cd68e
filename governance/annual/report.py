"""Every section of the annual report computed from its inputs (pure: nothing read or written here)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from governance.annual.actions import ActionRecord, action_record
from governance.annual.exceptions import ExceptionRecord, exception_episodes, exception_record
from governance.annual.inputs import AnnualInputs
from governance.annual.lessons import LessonRecord, lesson_record
from governance.annual.maturity import CampaignScores, maturity_change, targets_for
from governance.annual.recommendations import assessment_steps, objectives_to_revisit
from governance.annual.scorecard import monthly_standings
from governance.annual.team import team_rows
from governance.annual.trends import year_kpis
from governance.annual.year import ReportYear
from governance.review import DIMENSIONS


@dataclass
class AnnualReport:
    inputs: AnnualInputs
    start: CampaignScores | None  # the baseline assessment (None: fewer than two)
    latest: CampaignScores | None
    maturity: pd.DataFrame | None  # maturity_change, when an assessment exists
    targets: dict[str, int]
    standings: list[dict]
    kpis: pd.DataFrame  # one row per month of the year
    exceptions: ExceptionRecord
    actions: ActionRecord
    lessons: LessonRecord
    team: pd.DataFrame | None  # team_rows, when the plan could be computed
    steps: pd.DataFrame | None  # the assessment's next steps, when an assessment exists
    revisit: list[dict]

    @property
    def year(self) -> ReportYear:
        return self.inputs.year


def compute_report(inputs: AnnualInputs) -> AnnualReport:
    prepared = inputs.prepared
    engagement = prepared.engagement
    settings = engagement.config.assessment
    targets = targets_for(prepared.bank.dimension_ids, settings.target, settings.default_target)
    campaigns = inputs.campaigns
    latest = campaigns[-1] if campaigns else None
    start = campaigns[0] if len(campaigns) > 1 else None
    standings = monthly_standings(engagement.config.pmo.objectives, inputs.kpis, inputs.year.months)
    plan = prepared.staffing.plan
    return AnnualReport(
        inputs=inputs,
        start=start,
        latest=latest,
        maturity=maturity_change(start, latest, targets) if latest else None,
        targets=targets,
        standings=standings,
        kpis=year_kpis(inputs.kpis, inputs.year),
        exceptions=exception_record(exception_episodes(inputs.snapshots, DIMENSIONS), inputs.year, DIMENSIONS),
        actions=action_record(inputs.decisions, inputs.actions, inputs.year),
        lessons=lesson_record(inputs.lessons),
        team=team_rows(plan.team) if plan is not None else None,
        steps=(
            assessment_steps(latest, targets, prepared.bank, prepared.library, engagement.language) if latest else None
        ),
        revisit=objectives_to_revisit(standings),
    )
