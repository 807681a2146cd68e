"""Everything a portfolio run reads from the engagement folder, checked together: the deciding body and its
criteria, the demand register, the delivery capacity and the project list; every problem of every file at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from governance.core.problems import InputError, Problem, Problems
from governance.engagement.config import Engagement
from governance.kit import find_project_list, load_project_list
from governance.portfolio.capacity import Resources, read_resources, unknown_roles
from governance.portfolio.criteria import Scoring, load_scoring
from governance.portfolio.intake import find_register, read_register
from governance.portfolio.model import DemandRegister
from governance.structure import resolve_governance

PORTFOLIO_FOLDER = "portfolio"
RESOURCE_FILES = ("resources.csv", "resources.xlsx", "ressources.csv", "ressources.xlsx")


def portfolio_dir(engagement: Engagement) -> Path:
    return engagement.data_dir / PORTFOLIO_FOLDER


def find_resources(engagement: Engagement) -> Path | None:
    folder = portfolio_dir(engagement)
    return next((folder / name for name in RESOURCE_FILES if (folder / name).is_file()), None)


@dataclass
class PortfolioInputs:
    engagement: Engagement
    scoring: Scoring
    register: DemandRegister
    resources: Resources | None
    projects: list[dict]  # the project list (kit's reader): id, name, sponsor, manager, tier, budget, start, end
    project_list: Path | None
    tiers: list[dict]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.engagement.config.language


def load_inputs(engagement: Engagement, *, need_capacity: bool) -> PortfolioInputs:
    """Read and check every input; InputError with all problems when any is wrong.

    `need_capacity`: the capacity file must exist (capacity and selection), and every role of the effort sheet
    must have capacity."""
    problems = Problems()
    scoring = register = resources = None
    with problems.collecting():
        scoring = load_scoring(engagement)
    # What cannot be read is reported once: without the governance model the project list's tiers are not
    # checked, and without the project list the effort rows of running projects are not checked against it.
    tiers = resolve_governance(engagement).as_dict()["tiers"] if scoring is not None else None
    project_list = find_project_list(engagement.data_dir)
    projects: list[dict] | None = [] if project_list is None else None
    if project_list is not None and tiers is not None:
        with problems.collecting():
            projects = load_project_list(project_list, engagement.display(project_list), tiers)
    files: list[Path] | None = None
    with problems.collecting():
        files = find_register(engagement.data_dir)
    if files is None:
        pass
    elif not files:
        folder = engagement.display(portfolio_dir(engagement))
        problems.add(
            f"{folder}/demands.xlsx",
            "file not found; expected the demand register (demands.xlsx from the kit, or demands.csv with "
            "effort.csv): `pmo templates generate` writes a blank one",
            code="no-demand-register",
        )
    else:
        with problems.collecting():
            register, notes = read_register(
                files,
                [engagement.display(f) for f in files],
                project_ids=None if projects is None else {p["id"] for p in projects},
                language=engagement.config.language,
            )
            problems.extend(notes)
    path = find_resources(engagement)
    if path is None and need_capacity:
        problems.add(
            f"{engagement.display(portfolio_dir(engagement))}/resources.csv",
            "file not found; expected the delivery capacity (columns nom;rôle;ETP, then one column per month "
            "YYYY-MM with the availability in %)",
            code="no-capacity-file",
        )
    elif path is not None:
        with problems.collecting():
            resources = read_resources(path, engagement.display(path))
    if need_capacity and register is not None and resources is not None:
        problems.extend(unknown_roles(register.effort, resources.role_labels, engagement.config.language))
    problems.raise_if_errors()
    if scoring is None or register is None:  # pragma: no cover - raise_if_errors raised
        raise InputError(problems.errors)
    return PortfolioInputs(
        engagement=engagement,
        scoring=scoring,
        register=register,
        resources=resources,
        projects=projects or [],
        project_list=project_list,
        tiers=tiers or [],
        warnings=list(scoring.warnings) + problems.warnings,
    )
