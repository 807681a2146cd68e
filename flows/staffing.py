"""Flow `pmo_staffing`: portfolio, people and assessment in; team sized, skills and training planned; Word and
Excel out."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from prefect import flow

from flows.common import input_errors_fail, step
from governance.engagement.config import Engagement, load_engagement
from governance.core.problems import InputError, Problem
from governance.staffing.skills import People, RoleProfiles, load_role_profiles, people_file, read_people
from governance.staffing.sizing import (Portfolio, default_tiers, next_quarter, portfolio_from_settings, quarter_start,
                                 read_portfolio, tiers_of)
from governance.staffing.plan import StaffingInputs, StaffingPlan, build_plan
from governance.staffing.training import Catalogue, load_catalogue

PROJECT_FILES = ("projects.csv", "projects.xlsx", "projets.csv", "projets.xlsx")


@dataclass
class Loaded:
    engagement: Engagement
    governance: dict | None
    inputs: StaffingInputs
    dimension_names: dict[str, str]


def governance_of(engagement: Engagement) -> dict | None:
    """The governance model as the plain dict of the contract, or None without governance.yaml."""
    try:
        from governance.structure.model import governance_dict, load_governance
    except ImportError:  # the governance capability is not installed: read the file as it is
        from governance.engagement.config import load_yaml

        path = engagement.root / "governance.yaml"
        raw = load_yaml(path, "governance.yaml") if path.is_file() else None
        return raw if isinstance(raw, dict) else None
    model = load_governance(engagement)
    return governance_dict(model) if model is not None else None


def load_portfolio(engagement: Engagement, tiers: list[dict]) -> Portfolio:
    settings = engagement.config.staffing
    if settings.projects_by_tier is not None:
        return portfolio_from_settings(settings.projects_by_tier, [t["id"] for t in tiers])
    if settings.projects_file:
        path = engagement.resolve(settings.projects_file)
        if not path.is_file():
            raise InputError([Problem("pmo.yaml", f"{settings.projects_file}: file not found; expected the project "
                                      "list", key="staffing.projects_file")])
    else:
        path = next((engagement.data_dir / name for name in PROJECT_FILES if (engagement.data_dir / name).is_file()),
                    None)
        if path is None:
            raise InputError([Problem("data/projects.csv", "file not found; expected the project list (columns id, "
                                      "name, sponsor, manager, tier, budget, start, end) or the number of projects "
                                      "per tier under staffing.projects_by_tier in pmo.yaml")])
    return read_portfolio(path, engagement.display(path), tiers)


def latest_scores(engagement: Engagement) -> tuple[str | None, pd.DataFrame | None]:
    """The latest stored assessment's dimension scores (None before the first `pmo assess run`)."""
    from governance.assessment.store import dimension_scores, latest_assessment
    from governance.core.store import session_scope

    with session_scope(engagement.database_url()) as session:
        latest = latest_assessment(session=session, engagement=engagement.slug)
        if latest is None:
            return None, None
        return latest.campaign, dimension_scores(session=session, assessment_id=latest.id)


def dimension_names(engagement: Engagement) -> dict[str, str]:
    from governance.assessment.bank import load_question_bank

    setting = engagement.config.assessment.question_bank
    try:
        bank = load_question_bank(engagement.resolve(setting) if setting else None, setting)
    except InputError:
        return {}
    return {d.id: d.name(engagement.language) for d in bank.dimensions}


@step
def load_inputs(engagement_dir: str) -> Loaded:
    """Read and validate everything the plan needs; every problem of every file is reported together."""
    engagement = load_engagement(engagement_dir)
    settings = engagement.config.staffing
    language = engagement.language
    problems: list[Problem] = []

    def attempt(action, default=None):
        try:
            return action()
        except InputError as exc:
            problems.extend(exc.problems)
            return default

    governance = attempt(lambda: governance_of(engagement))
    tiers = tiers_of(governance) if governance and governance.get("tiers") else default_tiers()
    profiles: RoleProfiles | None = attempt(lambda: load_role_profiles(
        engagement.resolve(settings.role_profiles) if settings.role_profiles else None, settings.role_profiles))
    catalogue: Catalogue | None = None
    if profiles is not None:
        extension = settings.training.catalogue
        if extension and not engagement.resolve(extension).is_file():
            problems.append(Problem("pmo.yaml", f"{extension}: file not found; expected a training catalogue",
                                    key="staffing.training.catalogue"))
        else:
            catalogue = attempt(lambda: load_catalogue(profiles, engagement.resolve(extension) if extension else None,
                                                       extension, settings.training.exchange_rates))
    portfolio = attempt(lambda: load_portfolio(engagement, tiers))
    people: People | None = None
    path = engagement.resolve(settings.people_file) if settings.people_file else people_file(engagement.data_dir)
    if settings.people_file and not path.is_file():
        problems.append(Problem("pmo.yaml", f"{settings.people_file}: file not found; expected the PMO staff list",
                                key="staffing.people_file"))
    elif path is not None and profiles is not None and catalogue is not None:
        people = attempt(lambda: read_people(path, engagement.display(path), profiles, catalogue.aliases(),
                                             governance, language))
    if problems:
        raise InputError(problems)
    start = quarter_start(settings.training.start) if settings.training.start else next_quarter(date.today())
    campaign, scores = latest_scores(engagement)
    warnings = [] if path is not None else [
        "no data/people.csv: the current team is taken as empty and no skills are assessed"]
    inputs = StaffingInputs(settings=settings, configured_pmo_type=engagement.config.pmo.type, governance=governance,
                            portfolio=portfolio, people=people, profiles=profiles, catalogue=catalogue,
                            scores=scores, assessment_campaign=campaign, start=start, warnings=warnings,
                            tiers=tiers)
    return Loaded(engagement, governance, inputs, dimension_names(engagement))


@step
def compute_plan(loaded: Loaded) -> StaffingPlan:
    return build_plan(loaded.inputs)


@step(retries=2, retry_delay_seconds=2)
def store_skills(loaded: Loaded, plan: StaffingPlan, period: str):
    """Replace this month's skills snapshot; return the previous snapshot's period and the changes since."""
    from governance.staffing.store import previous_skills, save_skills, skills_progress
    from governance.core.store import session_scope

    if plan.matrix.empty:
        return None, None
    with session_scope(loaded.engagement.database_url()) as session:
        save_skills(session=session, engagement=loaded.engagement.slug, period=period, matrix=plan.matrix)
        earlier, previous = previous_skills(session=session, engagement=loaded.engagement.slug, period=period)
    return earlier, skills_progress(plan.matrix, previous) if earlier else None


@step
def render_outputs(loaded: Loaded, plan: StaffingPlan, previous_period: str | None, progress) -> dict:
    from governance.core.docx.documents import branding_for, render_docx
    from governance.staffing.skills import role_name
    from governance.staffing.sizing import DEFAULT_SALARIES, ROLES
    from governance.staffing.charts import heat_map, org_chart
    from governance.staffing.report import LABELS, report_context, top_body_name, write_workbook
    from governance.core.docx.template_source import template_path

    engagement, inputs = loaded.engagement, loaded.inputs
    config = engagement.config
    language = config.language
    settings = config.staffing
    people = inputs.people
    context = report_context(
        plan=plan, profiles=inputs.profiles, catalogue=inputs.catalogue, governance=loaded.governance,
        portfolio=inputs.portfolio, language=language, client=config.client.name, consultant=config.consultant,
        people_source=people.source if people else None, assessment_campaign=inputs.assessment_campaign,
        dimension_names=loaded.dimension_names, previous_period=previous_period, progress=progress,
        salaries_note={**DEFAULT_SALARIES, **settings.salaries}, employer_on_cost=settings.employer_on_cost,
        people_count=len(people.people) if people else 0, training=settings.training,
    )
    colour = config.branding.primary_colour
    entries = {}
    for t in plan.team:
        entries[t.role] = {"name": role_name(inputs.profiles, t.role, language, loaded.governance), "fte": t.target_fte,
                           "people": t.people, "recruit": t.difference if t.action == "recruit" else 0}
    members = [entries[r] for r in ROLES[1:] if plan.sizing.fte(r) > 0 or entries[r]["people"]]
    images = {"org_chart": (org_chart(top_body_name(loaded.governance, language), entries["pmo_manager"], members,
                                      colour, language), 15.5)}
    if not plan.matrix.empty:
        short = {s.id: s.short(language) for s in inputs.profiles.skills}
        images["heat_map"] = (heat_map(plan.matrix, short, language, LABELS[language]["legend"]), 16.0)
    else:
        context["heat_map"] = ""
    template, label = template_path("staffing_plan", language, engagement.templates_dir)
    folder = engagement.out_dir / "staffing"
    stem = "plan-effectifs-formation" if language == "fr" else "staffing-training-plan"
    rendered = render_docx(template, context, folder / f"{stem}.docx", language=language,
                           branding=branding_for(engagement), images=images, template_label=label)
    workbook_stem = "matrice-competences-plan-formation" if language == "fr" else "skills-matrix-training-plan"
    workbook = write_workbook(folder / f"{workbook_stem}.xlsx", context, plan, inputs.profiles, language, colour)
    return {"document": str(rendered.path), "workbook": str(workbook), "warnings": rendered.warnings}


@flow(name="pmo_staffing", log_prints=False)
@input_errors_fail
def pmo_staffing(engagement_dir: str) -> dict:
    """Size the PMO team, assess its skills and plan training; write the Word plan and the Excel workbook."""
    loaded = load_inputs(engagement_dir)
    plan = compute_plan(loaded)
    period = date.today().strftime("%Y-%m")
    previous_period, progress = store_skills(loaded, plan, period)
    outputs = render_outputs(loaded, plan, previous_period, progress)
    return result_of(loaded, plan, outputs, previous_period)


def result_of(loaded: Loaded, plan: StaffingPlan, outputs: dict, previous_period: str | None) -> dict:
    sizing = plan.sizing
    team = {t.role: t for t in plan.team}
    costs = {c.role: c for c in plan.costs}
    return {
        "engagement": str(loaded.engagement.root),
        "pmo_type": sizing.pmo_type,
        "mandate": list(sizing.mandate),
        "mandate_source": plan.mandate_source,
        "projects_source": loaded.inputs.portfolio.source,
        "projects_by_tier": sizing.projects_by_tier,
        "weighted_projects": round(sizing.weighted_projects, 4),
        "roles": [{"role": r.role, "hours_per_month": r.hours_per_month, "computed_fte": r.computed_fte,
                   "fte": r.fte, "rule": r.rule, "current_fte": team[r.role].current_fte,
                   "people": team[r.role].people, "action": team[r.role].action,
                   "salary": costs[r.role].salary, "annual_cost": costs[r.role].annual_cost,
                   "employer_cost": costs[r.role].employer_cost} for r in sizing.roles],
        "total_fte": sizing.total_fte,
        "total_annual_cost": round(sum(c.annual_cost for c in plan.costs), 2),
        "total_employer_cost": round(sum(c.employer_cost for c in plan.costs), 2),
        "people": len(loaded.inputs.people.people) if loaded.inputs.people else 0,
        "gaps": plan.gaps.assign(level=plan.gaps["level"].astype(int)).to_dict("records") if not plan.gaps.empty else [],
        "training": [{"order": l.order, "quarter": l.quarter, "person": l.person, "item": l.item, "kind": l.kind,
                      "skills": list(l.skills), "reason": l.reason, "days": l.days, "cost": l.cost}
                     for l in plan.lines],
        "workshops": [{"dimension": w.dimension, "level": w.level, "sessions": w.sessions, "cost": w.cost,
                       "quarter": w.quarter} for w in plan.workshops],
        "assessment_campaign": loaded.inputs.assessment_campaign,
        "first_quarter": plan.start.isoformat(),
        "budget": [{**row, "start": row["start"].isoformat()} for row in plan.budget],
        "training_total": plan.training_total,
        "previous_skills_period": previous_period,
        "warnings": plan.warnings + outputs.pop("warnings", []),
        **outputs,
    }
