"""Everything the staffing plan reads: the governance model's tiers, roles and mandate, the project list, the
PMO staff, role profiles, training catalogue and the latest assessment; every problem of every file at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from sqlmodel import Session

from governance.core.problems import InputError, Problem, Problems
from governance.engagement.config import Engagement
from governance.engagement.staffing_settings import one_of, quarter_start
from governance.staffing.mandate import governance_of, tiers_of
from governance.staffing.plan import StaffingInputs
from governance.staffing.profiles import load_role_profiles
from governance.staffing.skills import people_file, read_people
from governance.staffing.training import load_catalogue

# ----------------------------------------------------------------------------------------- the project list


@dataclass
class Portfolio:
    projects_by_tier: dict[str, int]
    managers: int  # distinct project managers named in the list
    source: str  # file label or "pmo.yaml"
    warnings: list[Problem] = field(default_factory=list)


def read_portfolio(path: Path, label: str, tiers: list[dict]) -> Portfolio:
    """Count the projects of data/projects.csv (or .xlsx) by tier, with the kit's project-list reader
    (French or English headers, a blank tier placed by the budget bands)."""
    from governance.kit import load_project_list

    projects = load_project_list(path, label, tiers)
    counts = dict.fromkeys((t["id"] for t in tiers), 0)
    for project in projects:
        counts[project["tier"]] += 1
    managers = {" ".join(str(p["manager"]).lower().split()) for p in projects if str(p["manager"]).strip()}
    return Portfolio(counts, len(managers), label)


def portfolio_from_settings(counts: dict[str, int], tier_ids: list[str]) -> Portfolio:
    unknown = [t for t in counts if t not in tier_ids]
    if unknown:
        raise InputError(
            [
                Problem(
                    "pmo.yaml",
                    f"unknown tier {t!r}; expected one of {one_of(tier_ids)}",
                    key=f"staffing.projects_by_tier.{t}",
                    code="unknown-tier",
                )
                for t in unknown
            ]
        )
    return Portfolio({t: int(counts.get(t, 0)) for t in tier_ids}, 0, "pmo.yaml (staffing.projects_by_tier)")


def load_portfolio(engagement: Engagement, tiers: list[dict]) -> Portfolio:
    """The portfolio from pmo.yaml's counts, the configured project list, or data/projects.csv (or .xlsx)."""
    settings = engagement.config.staffing
    if settings.projects_by_tier is not None:
        return portfolio_from_settings(settings.projects_by_tier, [t["id"] for t in tiers])
    if settings.projects_file:
        path = engagement.resolve(settings.projects_file)
        if not path.is_file():
            raise InputError(
                [
                    Problem(
                        "pmo.yaml",
                        f"{settings.projects_file}: file not found; expected the project list",
                        key="staffing.projects_file",
                        code="file-not-found",
                    )
                ]
            )
    else:
        from governance.kit import find_project_list

        path = find_project_list(engagement.data_dir)
        if path is None:
            raise InputError(
                [
                    Problem(
                        "data/projects.csv",
                        "file not found; expected the project list (columns id, "
                        "name, sponsor, manager, tier, budget, start, end) or the number of projects "
                        "per tier under staffing.projects_by_tier in pmo.yaml",
                        code="no-project-list",
                    )
                ]
            )
    return read_portfolio(path, engagement.display(path), tiers)


# ----------------------------------------------------------------------------------------- quarters and assessment


def next_quarter(day: date) -> date:
    first_month = 3 * ((day.month - 1) // 3) + 1
    index = day.year * 12 + first_month - 1 + 3
    return date(index // 12, index % 12 + 1, 1)


def latest_scores(engagement: Engagement, *, session: Session) -> tuple[str | None, pd.DataFrame | None]:
    """The latest stored assessment's dimension scores (None before the first `pmo assess run`)."""
    from governance.assessment import dimension_scores, latest_assessment

    latest = latest_assessment(session=session, engagement=engagement.id)
    if latest is None:
        return None, None
    return latest.campaign, dimension_scores(session=session, assessment_id=latest.id)


def dimension_names(engagement: Engagement) -> dict[str, str]:
    """Dimension names of the engagement's question bank, for the workshops (none if the bank does not load)."""
    from governance.assessment import load_question_bank

    setting = engagement.config.assessment.question_bank
    try:
        bank = load_question_bank(engagement.resolve(setting) if setting else None, setting)
    except InputError:
        return {}
    return {d.id: d.name(engagement.language) for d in bank.dimensions}


# ----------------------------------------------------------------------------------------- all inputs


def load_inputs(engagement: Engagement) -> StaffingInputs:
    """Read and validate everything the plan needs from files; every problem of every file is reported together.

    The latest assessment is added from the store by `with_assessment`.
    """
    settings = engagement.config.staffing
    problems = Problems()
    governance = None
    with problems.collecting():
        governance = governance_of(engagement)
    tiers = tiers_of(governance, engagement.config.pmo.type)
    profiles = catalogue = portfolio = people = None
    with problems.collecting():
        profiles = load_role_profiles(
            engagement.resolve(settings.role_profiles) if settings.role_profiles else None, settings.role_profiles
        )
    if profiles is not None:
        extension = settings.training.catalogue
        if extension and not engagement.resolve(extension).is_file():
            problems.add(
                "pmo.yaml",
                f"{extension}: file not found; expected a training catalogue",
                key="staffing.training.catalogue",
                code="file-not-found",
            )
        else:
            with problems.collecting():
                catalogue = load_catalogue(
                    profiles,
                    engagement.resolve(extension) if extension else None,
                    extension,
                    settings.training.exchange_rates,
                )
    with problems.collecting():
        portfolio = load_portfolio(engagement, tiers)
    path = engagement.resolve(settings.people_file) if settings.people_file else people_file(engagement.data_dir)
    if settings.people_file and not path.is_file():
        problems.add(
            "pmo.yaml",
            f"{settings.people_file}: file not found; expected the PMO staff list",
            key="staffing.people_file",
            code="file-not-found",
        )
    elif path is not None and profiles is not None and catalogue is not None:
        with problems.collecting():
            people = read_people(
                path, engagement.display(path), profiles, catalogue.aliases(), governance, engagement.language
            )
    problems.raise_if_errors()
    start = quarter_start(settings.training.start) if settings.training.start else next_quarter(date.today())
    # No file prefix: the text names the missing file itself.
    warnings = (
        []
        if path is not None
        else [
            Problem(
                "",
                "no data/people.csv: the current team is taken as empty and no skills are assessed",
                code="no-people-file",
                severity="warning",
            )
        ]
    )
    return StaffingInputs(
        settings=settings,
        configured_pmo_type=engagement.config.pmo.type,
        governance=governance,
        portfolio=portfolio,
        people=people,
        profiles=profiles,
        catalogue=catalogue,
        start=start,
        warnings=warnings,
        tiers=tiers,
        dimension_names=dimension_names(engagement),
    )


def with_assessment(inputs: StaffingInputs, engagement: Engagement, *, session: Session) -> StaffingInputs:
    """The inputs with the latest stored assessment's dimension scores (for the project managers' workshops)."""
    inputs.assessment_campaign, inputs.scores = latest_scores(engagement, session=session)
    return inputs
