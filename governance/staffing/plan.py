"""The whole staffing and training plan from its inputs: sizing, team comparison, skills, training, budget.

Pure: the inputs are already read and validated (inputs.py reads them); nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from governance.core.problems import Problem
from governance.engagement.staffing_settings import StaffingSettings
from governance.staffing.mandate import mandate_of, pmo_type_of, tiers_of
from governance.staffing.profiles import RoleProfiles
from governance.staffing.sizing import (
    RoleCost,
    RoleStaffing,
    Sizing,
    compare_team,
    effective_ratios,
    size_team,
    team_costs,
)
from governance.staffing.skills import People, current_by_role, skill_gaps, skills_matrix
from governance.staffing.training import (
    Catalogue,
    PlanLine,
    WorkshopLine,
    budget_by_quarter,
    pm_workshops,
    schedule,
    staff_plan,
)

if TYPE_CHECKING:
    from governance.staffing.inputs import Portfolio


@dataclass
class StaffingInputs:
    settings: StaffingSettings
    configured_pmo_type: str
    governance: dict | None
    portfolio: Portfolio
    people: People | None
    profiles: RoleProfiles
    catalogue: Catalogue
    scores: pd.DataFrame | None = None  # latest stored assessment's dimension scores
    assessment_campaign: str | None = None
    start: date = field(default_factory=date.today)
    warnings: list[Problem] = field(default_factory=list)
    tiers: list[dict] | None = None  # the tiers projects were counted in (default: the governance's)
    dimension_names: dict[str, str] = field(default_factory=dict)  # the question bank's, for the workshops


@dataclass
class StaffingPlan:
    sizing: Sizing
    mandate_source: str
    costs: list[RoleCost]
    team: list[RoleStaffing]
    matrix: pd.DataFrame
    gaps: pd.DataFrame
    lines: list[PlanLine]
    workshops: list[WorkshopLine]
    weak_without_workshop: list[str]
    budget: list[dict]
    start: date
    project_managers: int
    tiers: list[dict]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def training_total(self) -> float:
        return sum(row["total"] for row in self.budget)


def build_plan(inputs: StaffingInputs) -> StaffingPlan:
    settings = inputs.settings
    training = settings.training
    tiers = inputs.tiers or tiers_of(inputs.governance, inputs.configured_pmo_type)
    ratios = effective_ratios(settings.sizing, [t["id"] for t in tiers])
    pmo_type = pmo_type_of(inputs.governance, inputs.configured_pmo_type)
    mandate, mandate_source = mandate_of(inputs.governance, pmo_type)
    sizing = size_team(inputs.portfolio.projects_by_tier, pmo_type, mandate, ratios)
    costs = team_costs(sizing, settings.salaries, settings.employer_on_cost)
    people = inputs.people.people if inputs.people else []
    team = compare_team(sizing, current_by_role(people))
    matrix = skills_matrix(people, inputs.profiles)
    gaps = skill_gaps(matrix)
    lines = schedule(
        staff_plan(
            people,
            matrix,
            inputs.profiles,
            inputs.catalogue,
            role_certifications=training.role_certifications,
            pmi_member=training.pmi_member,
        ),
        training.days_per_quarter,
    )
    managers = training.project_managers if training.project_managers is not None else inputs.portfolio.managers
    warnings = [*inputs.warnings, *inputs.portfolio.warnings, *(inputs.people.warnings if inputs.people else [])]
    if inputs.scores is not None and not inputs.scores.empty and not managers:
        warnings.append(
            Problem(
                "",
                "number of project managers unknown (no manager column in the project list): "
                "one session per workshop; set staffing.training.project_managers in pmo.yaml",
                code="project-managers-unknown",
                severity="warning",
            )
        )
    workshops, without = pm_workshops(
        inputs.scores,
        inputs.catalogue,
        max_level=training.workshop_max_level,
        max_workshops=training.max_workshops,
        project_managers=managers,
        group_size=training.group_size,
        per_quarter=training.workshops_per_quarter,
    )
    return StaffingPlan(
        sizing=sizing,
        mandate_source=mandate_source,
        costs=costs,
        team=team,
        matrix=matrix,
        gaps=gaps,
        lines=lines,
        workshops=workshops,
        weak_without_workshop=without,
        budget=budget_by_quarter(lines, workshops, inputs.start),
        start=inputs.start,
        project_managers=managers,
        tiers=tiers,
        warnings=warnings,
    )
