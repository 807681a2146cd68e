"""What the staffing and training plan says: the Word template's context, its two pictures and the workbook."""

from __future__ import annotations

from datetime import date
from typing import Any

from governance.assessment import pmo_type_name
from governance.core.formatting import number
from governance.core.i18n import pick, words
from governance.engagement.staffing_settings import ROLES, TrainingSettings
from governance.staffing.plan import StaffingPlan
from governance.staffing.profiles import RoleProfiles, responsibilities, role_name
from governance.staffing.sizing import DEFAULT_SALARIES
from governance.staffing.training import Catalogue, quarter_date, quarter_label


def _text(value: Any, language: str) -> str | None:
    """A bilingual name from the governance model; None when there is none."""
    return (pick(value, language) or None) if isinstance(value, dict | str) else None


def tier_name(tier: dict, language: str) -> str:
    name = _text(tier.get("name"), language)
    if name:
        return name
    digits = "".join(c for c in tier["id"] if c.isdigit())
    return f"{words('staffing', language)['tier']} {digits}" if digits else tier["id"]


def top_body_name(governance: dict | None, language: str) -> str:
    """The body at the top of the escalation path: the PMO reports there."""
    for body in (governance or {}).get("bodies") or []:
        if isinstance(body, dict) and body.get("escalates_to") is None and _text(body.get("name"), language):
            return _text(body["name"], language)
    return words("staffing", language)["top_body"]


def item_name(catalogue: Catalogue, item_id: str | None, language: str) -> str:
    if item_id is None:
        return words("staffing", language)["on_the_job"]
    return catalogue.item(item_id).name(language)


def report_context(
    *,
    plan: StaffingPlan,
    profiles: RoleProfiles,
    catalogue: Catalogue,
    governance: dict | None,
    portfolio_source: str,
    language: str,
    client: str,
    consultant: str,
    people_source: str | None,
    assessment_campaign: str | None,
    dimension_names: dict[str, str],
    previous_period: str | None,
    progress,
    salaries_note: dict[str, float],
    employer_on_cost: float,
    people_count: int,
    training: TrainingSettings,
) -> dict[str, Any]:
    labels = words("staffing", language)
    sizing = plan.sizing
    skill_short = {s.id: s.short(language) for s in profiles.skills}
    skill_long = {s.id: s.name(language) for s in profiles.skills}
    names = {r: role_name(profiles, r, language, governance) for r in ROLES}
    levels = {n: profiles.levels[n](language) for n in profiles.levels}
    costs = {c.role: c for c in plan.costs}

    tiers = []
    for tier in plan.tiers:
        count = sizing.projects_by_tier.get(tier["id"], 0)
        weight = sizing.weights.get(tier["id"], 0.0)
        tiers.append({"name": tier_name(tier, language), "count": count, "weight": weight, "weighted": count * weight})

    roles = []
    for r in sizing.roles:
        profile = profiles.role(r.role)
        certifications = [catalogue.item(c).name(language) for c in profile.certifications]
        roles.append(
            {
                "id": r.role,
                "name": names[r.role],
                "summary": profile.summary(language),
                "fte": r.fte,
                "computed_fte": r.computed_fte,
                "hours": r.hours_per_month,
                "note": labels["rule"].get(r.rule, "") if r.rule else "",
                "salary": costs[r.role].salary,
                "annual_cost": costs[r.role].annual_cost,
                "employer_cost": costs[r.role].employer_cost,
                "responsibilities": responsibilities(profiles, r.role, list(sizing.mandate), language, governance),
                "skills": [
                    {"name": skill_long[s], "level": lvl, "level_name": levels.get(lvl, "")}
                    for s, lvl in profile.skills.items()
                    if lvl > 0
                ],
                "certifications": labels["or"].join(certifications),
            }
        )
    functions = [
        {"name": profiles.functions[f.function](language), "hours": f.hours, "fte": f.hours * 12 / sizing.annual_hours}
        for f in sizing.functions
    ]

    team = []
    for t in plan.team:
        team.append(
            {
                "role": names[t.role],
                "target": t.target_fte,
                "current": t.current_fte,
                "difference": t.difference,
                "people": ", ".join(t.people) or "—",
                "action": labels["action"][t.action],
                "recruit": t.action == "recruit",
            }
        )
    to_recruit = sum(t.difference for t in plan.team if t.action == "recruit")

    matrix = plan.matrix
    gaps = [
        {
            "person": g["person"],
            "role": names.get(g["role"], g["role"]),
            "skill": skill_long[g["skill"]],
            "level": int(g["level"]),
            "required": int(g["required"]),
            "gap": int(g["gap"]),
        }
        for g in plan.gaps.to_dict("records")
    ]
    not_assessed = []
    if not matrix.empty:
        missing = matrix[matrix["status"] == "not_assessed"]
        for person, group in missing.groupby("person", sort=False):
            not_assessed.append({"person": person, "skills": ", ".join(skill_short[s] for s in group["skill"])})

    plan_rows = [
        {
            "order": line.order,
            "quarter": quarter_label(_quarter(plan, line.quarter), language),
            "person": line.person,
            "role": names.get(line.role, line.role),
            "item": item_name(catalogue, line.item, language),
            "kind": labels["kind"][line.kind],
            "skills": ", ".join(skill_short[s] for s in line.skills) or "—",
            "reason": labels["reason"][line.reason],
            "days": line.days,
            "cost": line.cost,
        }
        for line in plan.lines
    ]
    used = list(dict.fromkeys(line.item for line in plan.lines if line.item))
    price_notes = [
        {
            "name": catalogue.item(i).name(language),
            "note": catalogue.item(i).price_note(language) if catalogue.item(i).price_note else "",
            "prerequisites": catalogue.item(i).prerequisites(language) if catalogue.item(i).prerequisites else "",
            "estimate": catalogue.item(i).estimate,
        }
        for i in used
        if catalogue.item(i).price_note
    ]

    workshops = [
        {
            "quarter": quarter_label(_quarter(plan, w.quarter), language),
            "dimension": dimension_names.get(w.dimension, w.dimension),
            "level": w.level,
            "median": w.median,
            "title": w.workshop.title(language),
            "audience": w.workshop.audience(language),
            "days": w.workshop.days,
            "sessions": w.sessions,
            "delivered_by": labels["delivered_by"][w.workshop.delivered_by],
            "external": w.workshop.delivered_by == "external",
            "cost": w.cost,
        }
        for w in plan.workshops
    ]

    budget = [
        {
            "quarter": quarter_label(row["start"], language),
            "staff": row["staff"],
            "project_managers": row["project_managers"],
            "total": row["total"],
        }
        for row in plan.budget
    ]
    progress_rows = (
        []
        if progress is None
        else [
            {
                "person": p["person"],
                "skill": skill_long[p["skill"]],
                "before": int(p["before"]),
                "now": int(p["now"]),
                "change": int(p["change"]),
            }
            for p in progress.to_dict("records")
        ]
    )
    rates = catalogue.exchange_rates
    return {
        "client": client,
        "consultant": consultant,
        "today": date.today(),
        "pmo_type": pmo_type_name(sizing.pmo_type, language),
        "directive": sizing.pmo_type == "directive",
        "mandate": [profiles.functions[f](language) for f in sizing.mandate],
        "mandate_source": labels["mandate_source"][plan.mandate_source],
        "portfolio_source": portfolio_source,
        "projects": sizing.projects,
        "weighted_projects": sizing.weighted_projects,
        "type_factor": sizing.type_factor,
        "annual_hours": sizing.annual_hours,
        "tiers": tiers,
        "functions": functions,
        "function_hours": sum(f["hours"] for f in functions),
        "roles": roles,
        "total_fte": sizing.total_fte,
        "small_roles": any(0 < r.fte < 0.5 for r in sizing.roles),
        "total_annual_cost": sum(c.annual_cost for c in plan.costs),
        "total_employer_cost": sum(c.employer_cost for c in plan.costs),
        "employer_on_cost": employer_on_cost,
        "team": team,
        "current_fte": sum(t.current_fte for t in plan.team),
        "to_recruit": to_recruit,
        "people_source": people_source or "",
        "people_count": people_count,
        "has_people": people_count > 0,
        "gaps": gaps,
        "gap_count": len(gaps),
        "not_assessed": not_assessed,
        "plan": plan_rows,
        "plan_total": sum(line.cost for line in plan.lines),
        "plan_days": sum(line.days for line in plan.lines),
        "price_notes": price_notes,
        "has_assessment": assessment_campaign is not None,
        "assessment_campaign": assessment_campaign or "",
        "workshops": workshops,
        "workshops_total": sum(w.cost for w in plan.workshops),
        "weak_without_workshop": [dimension_names.get(d, d) for d in plan.weak_without_workshop],
        "project_managers": plan.project_managers,
        "group_size": training.group_size,
        "workshop_max_level": training.workshop_max_level,
        "days_per_quarter": training.days_per_quarter,
        "days_per_quarter_text": number(
            training.days_per_quarter, language, 0 if float(training.days_per_quarter).is_integer() else 1
        ),
        "budget": budget,
        "budget_total": plan.training_total,
        "first_quarter": quarter_label(plan.start, language),
        "previous_period": previous_period or "",
        "progress": progress_rows,
        "salaries": [
            {"role": names[r], "salary": salaries_note[r], "published": salaries_note[r] == DEFAULT_SALARIES[r]}
            for r in ROLES
        ],
        "usd_rate": rates.get("USD"),
        "levels": [{"level": n, "name": levels[n]} for n in sorted(levels)],
        "skill_levels": [
            {"name": skill_long[s], "levels": [profiles.required(r, s) or "—" for r in ROLES]}
            for s in profiles.skill_ids
        ],
    }


def _quarter(plan: StaffingPlan, offset: int) -> date:
    return quarter_date(plan.start, offset)
