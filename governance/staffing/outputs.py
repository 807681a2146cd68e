"""The staffing plan's outputs: the Word plan (with its org chart and heat map), the Excel workbook, and the
result the command prints.

Both files are rendered into a staging copy of out/staffing/ while the flow's transaction is still open, and
published together after the commit (governance.core.publish): a refused template leaves the store and out/
as they were.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from governance.core.i18n import words
from governance.core.publish import Staging
from governance.engagement.config import Engagement
from governance.engagement.staffing_settings import ROLES
from governance.staffing.mandate import model_of
from governance.staffing.plan import StaffingInputs, StaffingPlan
from governance.staffing.profiles import role_name
from governance.staffing.report import report_context, top_body_name
from governance.staffing.sizing import DEFAULT_SALARIES
from governance.staffing.workbook import write_workbook

OUTPUT_FOLDER = "staffing"  # under out/


def check_template(engagement: Engagement) -> None:
    """Parse and lint the plan's template before anything is stored or written (the render reuses it)."""
    from governance.core.docx import branding_for, prepare_template
    from governance.core.docx.template_source import template_path

    template, label = template_path("staffing_plan", engagement.language, engagement.templates_dir)
    prepare_template(template, language=engagement.language, branding=branding_for(engagement), template_label=label)


def render_outputs(
    engagement: Engagement,
    inputs: StaffingInputs,
    plan: StaffingPlan,
    previous_period: str | None,
    progress: pd.DataFrame | None,
    staging: Staging,
) -> dict[str, Any]:
    """Write out/staffing/ into `staging`: the plan (.docx) and the skills matrix and training plan (.xlsx); the
    paths returned are where they are published."""
    # Imported here: matplotlib and the Word renderer are needed to render, not to import the package.
    from governance.core.docx import branding_for, render_docx
    from governance.core.docx.template_source import template_path
    from governance.staffing.charts import heat_map, org_chart

    config = engagement.config
    language = config.language
    settings = config.staffing
    people = inputs.people
    labels = words("staffing", language)
    context = report_context(
        plan=plan,
        profiles=inputs.profiles,
        catalogue=inputs.catalogue,
        governance=inputs.governance,
        portfolio_source=inputs.portfolio.source,
        language=language,
        client=config.client.name,
        consultant=config.consultant,
        people_source=people.source if people else None,
        assessment_campaign=inputs.assessment_campaign,
        dimension_names=inputs.dimension_names,
        previous_period=previous_period,
        progress=progress,
        salaries_note={**DEFAULT_SALARIES, **settings.salaries},
        employer_on_cost=settings.employer_on_cost,
        people_count=len(people.people) if people else 0,
        training=settings.training,
    )
    colour = config.branding.primary_colour
    entries = {}
    for t in plan.team:
        entries[t.role] = {
            "name": role_name(inputs.profiles, t.role, language, inputs.governance),
            "fte": t.target_fte,
            "people": t.people,
            "recruit": t.difference if t.action == "recruit" else 0,
        }
    members = [entries[r] for r in ROLES[1:] if plan.sizing.fte(r) > 0 or entries[r]["people"]]
    # The body the PMO reports to: the same one the kit and the review name (the default model without governance.yaml).
    top = top_body_name(model_of(inputs.governance, inputs.configured_pmo_type), language)
    images = {"org_chart": (org_chart(top, entries["pmo_manager"], members, colour, language), 15.5)}
    if not plan.matrix.empty:
        short = {s.id: s.short(language) for s in inputs.profiles.skills}
        images["heat_map"] = (heat_map(plan.matrix, short, language, labels["legend"]), 16.0)
    else:
        context["heat_map"] = ""
    template, label = template_path("staffing_plan", language, engagement.templates_dir)
    folder = staging.folder(OUTPUT_FOLDER)
    rendered = render_docx(
        template,
        context,
        folder / f"{labels['files']['plan']}.docx",
        language=language,
        branding=branding_for(engagement),
        images=images,
        template_label=label,
    )
    workbook = write_workbook(
        folder / f"{labels['files']['workbook']}.xlsx", context, plan, inputs.profiles, language, colour
    )
    return {
        "document": str(staging.final(rendered.path)),
        "workbook": str(staging.final(workbook)),
        "warnings": rendered.warnings,
    }


def snapshot_period(today: date | None = None) -> str:
    """The month a skills snapshot is stored under: the current one."""
    return (today or date.today()).strftime("%Y-%m")


def result_of(
    engagement: Engagement, inputs: StaffingInputs, plan: StaffingPlan, outputs: dict, previous_period: str | None
) -> dict[str, Any]:
    """What `pmo staffing plan --json` prints."""
    sizing = plan.sizing
    team = {t.role: t for t in plan.team}
    costs = {c.role: c for c in plan.costs}
    outputs = dict(outputs)
    return {
        "engagement": str(engagement.root),
        "pmo_type": sizing.pmo_type,
        "mandate": list(sizing.mandate),
        "mandate_source": plan.mandate_source,
        "projects_source": inputs.portfolio.source,
        "projects_by_tier": sizing.projects_by_tier,
        "weighted_projects": round(sizing.weighted_projects, 4),
        "roles": [
            {
                "role": r.role,
                "hours_per_month": r.hours_per_month,
                "computed_fte": r.computed_fte,
                "fte": r.fte,
                "rule": r.rule,
                "current_fte": team[r.role].current_fte,
                "people": team[r.role].people,
                "action": team[r.role].action,
                "salary": costs[r.role].salary,
                "annual_cost": costs[r.role].annual_cost,
                "employer_cost": costs[r.role].employer_cost,
            }
            for r in sizing.roles
        ],
        "total_fte": sizing.total_fte,
        "total_annual_cost": round(sum(c.annual_cost for c in plan.costs), 2),
        "total_employer_cost": round(sum(c.employer_cost for c in plan.costs), 2),
        "people": len(inputs.people.people) if inputs.people else 0,
        "gaps": plan.gaps.assign(level=plan.gaps["level"].astype(int)).to_dict("records")
        if not plan.gaps.empty
        else [],
        "training": [
            {
                "order": line.order,
                "quarter": line.quarter,
                "person": line.person,
                "item": line.item,
                "kind": line.kind,
                "skills": list(line.skills),
                "reason": line.reason,
                "days": line.days,
                "cost": line.cost,
            }
            for line in plan.lines
        ],
        "workshops": [
            {"dimension": w.dimension, "level": w.level, "sessions": w.sessions, "cost": w.cost, "quarter": w.quarter}
            for w in plan.workshops
        ],
        "assessment_campaign": inputs.assessment_campaign,
        "first_quarter": plan.start.isoformat(),
        "budget": [{**row, "start": row["start"].isoformat()} for row in plan.budget],
        "training_total": plan.training_total,
        "previous_skills_period": previous_period,
        "warnings": [str(w) for w in plan.warnings] + outputs.pop("warnings", []),
        **outputs,
    }
