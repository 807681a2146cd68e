"""What the governance charter says: the context handed to the charter template, built from the model."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from governance.core.docx.documents import format_number
from governance.engagement.config import EngagementConfig
from governance.structure.calendar import add_months, cadence_text, calendar_rows, meeting_dates, month_label
from governance.structure.model import TOLERANCE_DIMENSIONS, GovernanceModel
from governance.structure.raci import raci_matrix

PMO_TYPES = {
    "fr": {"supportive": ("de support", "il fournit aux projets des modèles, des bonnes pratiques, de la formation "
                                        "et le partage du retour d'expérience ; son niveau de contrôle est faible."),
           "controlling": ("de contrôle", "il demande aux projets d'appliquer une méthode, des modèles et un cadre "
                                          "de gouvernance communs, et vérifie qu'ils le font ; son niveau de "
                                          "contrôle est moyen."),
           "directive": ("de pilotage direct", "il prend en charge la conduite des projets, dont les chefs de projet "
                                               "lui sont rattachés ; son niveau de contrôle est élevé.")},
    "en": {"supportive": ("supportive", "it gives projects templates, good practice, training and access to lessons "
                                        "learned; its degree of control is low."),
           "controlling": ("controlling", "it requires projects to follow a common method, templates and governance "
                                          "framework, and checks that they do; its degree of control is moderate."),
           "directive": ("directive", "it manages the projects itself, and project managers report to it; its "
                                      "degree of control is high.")},
}
FUNCTIONS = {
    "fr": {"planning": ("Planification", "procédures, périmètre et découpage en phases des projets"),
           "process_improvement": ("Amélioration des processus", "faire évoluer les méthodes à partir des constats"),
           "resource_allocation": ("Allocation des ressources", "personnes, budgets, outils et moyens entre projets"),
           "tracking": ("Suivi", "indicateurs, avancement, respect des délais et des budgets"),
           "control": ("Maîtrise", "risques, problèmes, opportunités et prise de décision"),
           "templates_training": ("Modèles et formation", "modèles, bonnes pratiques et formation des chefs de "
                                                          "projet"),
           "knowledge_management": ("Gestion des connaissances", "méthodes, standards et retours d'expérience "
                                                                "capitalisés"),
           "governance_alignment": ("Gouvernance et alignement", "cohérence des projets avec la stratégie"),
           "portfolio_view": ("Vue portefeuille", "vision consolidée et arbitrages entre projets")},
    "en": {"planning": ("Planning", "procedures, scope and phasing of projects"),
           "process_improvement": ("Process improvement", "improving the methods from what is observed"),
           "resource_allocation": ("Resource allocation", "people, funding, tools and materials across projects"),
           "tracking": ("Tracking", "indicators, progress, on time and on budget"),
           "control": ("Control", "risks, issues, opportunities and decision making"),
           "templates_training": ("Templates and training", "templates, good practice and training for project "
                                                            "managers"),
           "knowledge_management": ("Knowledge management", "methods, standards and lessons learned kept for reuse"),
           "governance_alignment": ("Governance and alignment", "keeping projects in line with strategy"),
           "portfolio_view": ("Portfolio view", "a consolidated view and trade-offs across projects")},
}
DIMENSIONS = {
    "fr": {"schedule": ("Délais", "le plus grand de 1 − SPI et du glissement de la date de fin rapporté à la durée "
                                  "prévue"),
           "cost": ("Coûts", "le plus grand de 1 − CPI et de (EAC − BAC) / BAC"),
           "scope": ("Périmètre", "part du périmètre modifiée, lorsque la donnée existe"),
           "risk": ("Risques", "exposition aux risques rapportée au budget (BAC)"),
           "benefits": ("Bénéfices", "1 − bénéfices réalisés / bénéfices prévus")},
    "en": {"schedule": ("Schedule", "the larger of 1 − SPI and the end-date slip over the planned duration"),
           "cost": ("Cost", "the larger of 1 − CPI and (EAC − BAC) / BAC"),
           "scope": ("Scope", "share of scope changed, where the data exists"),
           "risk": ("Risk", "risk exposure over the budget (BAC)"),
           "benefits": ("Benefits", "1 − benefits realised / benefits planned")},
}
REPORTING = {"fr": {"weekly": "Hebdomadaire", "biweekly": "Tous les quinze jours", "monthly": "Mensuel",
                    "quarterly": "Trimestriel"},
             "en": {"weekly": "Weekly", "biweekly": "Every two weeks", "monthly": "Monthly",
                    "quarterly": "Quarterly"}}
KINDS = {"fr": {"pmo": "PMO", "executive": "Direction", "project": "Projet"},
         "en": {"pmo": "PMO", "executive": "Executive", "project": "Project"}}
# Titles of the kit's documents (issue 4 owns the kit; an id not listed here is shown as it is).
DOCUMENTS = {
    "fr": {"pmo_charter": "charte du PMO", "project_charter": "charte de projet", "business_case": "dossier "
           "d'opportunité", "status_report": "rapport d'avancement", "risk_register": "registre des risques",
           "issue_log": "registre des problèmes", "decision_log": "registre des décisions", "change_request":
           "demande de changement", "change_log": "journal des changements", "lessons_learned": "retour "
           "d'expérience", "communication_plan": "plan de communication", "project_handbook": "manuel de projet",
           "quality_plan": "plan qualité", "stakeholder_matrix": "matrice des parties prenantes",
           "gate_checklist": "liste de contrôle de jalon",
           "stage_gate_checklist": "liste de contrôle de jalon", "project_end_report": "rapport de fin de projet",
           "meeting_agenda": "ordre du jour", "meeting_minutes": "compte rendu"},
    "en": {"pmo_charter": "PMO charter", "project_charter": "project charter", "business_case": "business case",
           "status_report": "status report", "risk_register": "risk register", "issue_log": "issue log",
           "decision_log": "decision log", "change_request": "change request", "change_log": "change log",
           "lessons_learned": "lessons learned", "communication_plan": "communication plan",
           "project_handbook": "project handbook", "quality_plan": "quality plan",
           "stakeholder_matrix": "stakeholder matrix", "gate_checklist": "gate checklist",
           "stage_gate_checklist": "stage-gate checklist",
           "project_end_report": "project-end report", "meeting_agenda": "meeting agenda",
           "meeting_minutes": "meeting minutes"},
}
WORDS = {"fr": {"and": "et", "none": "aucun", "all_tiers": "tous niveaux", "tier": "niveau", "tiers": "niveaux",
                "from": "à partir de", "below": "moins de", "to": "à", "initial": "Version initiale",
                "changes": "{n} modification(s) : {first}"},
         "en": {"and": "and", "none": "none", "all_tiers": "all tiers", "tier": "tier", "tiers": "tiers",
                "from": "from", "below": "below", "to": "to", "initial": "First version",
                "changes": "{n} change(s): {first}"}}


def short_name(name: str) -> str:
    """A role's name without its explanation in brackets, for narrow columns."""
    return re.sub(r"\s*\(.*?\)", "", name).strip() or name


def _euros(value: int, language: str) -> str:
    return format_number(value, language, 0) + ("\u00a0€" if language == "fr" else " EUR")


def budget_text(low: int, high: int | None, language: str) -> str:
    words = WORDS[language]
    if high is None:
        return f"{words['from']} {_euros(low, language)}"
    if low == 0:
        return f"{words['below']} {_euros(high, language)}"
    return f"{_euros(low, language)} {words['to']} {_euros(high, language)}"


def _joined(items: list[str], language: str) -> str:
    if not items:
        return WORDS[language]["none"]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {WORDS[language]['and']} {items[-1]}"


def _percent(value: float, language: str) -> str:
    return format_number(value * 100, language, 0 if round(value * 100, 1).is_integer() else 1) + (
        "\u00a0%" if language == "fr" else "%")


def _or_dash(items: list[str]) -> list[str]:
    # A table cell or a list without any paragraph is invalid in Word: show a dash instead.
    return items or ["—"]


def charter_context(
    *,
    config: EngagementConfig,
    model: GovernanceModel,
    version: int,
    content_hash: str,
    stored_at: datetime,
    history: list[dict],
    calendar_first: date,
    calendar_end: date,
    ics_name: str,
    today: date | None = None,
) -> dict[str, Any]:
    language = config.language
    words = WORDS[language]
    roles = {r.id: r.name(language) for r in model.roles}
    bodies = {b.id: b.name(language) for b in model.bodies}
    tier_numbers = {t.id: str(position) for position, t in enumerate(model.tiers, start=1)}

    def tiers_text(tier_ids: list[str]) -> str:
        if not tier_ids:
            return words["none"]
        if len(tier_ids) == len(model.tiers):
            return words["all_tiers"]
        numbers = [tier_numbers[t] for t in tier_ids]
        return f"{words['tiers' if len(numbers) > 1 else 'tier']} {_joined(numbers, language)}"

    type_label, type_text = PMO_TYPES[language][model.pmo_type]
    body_rows = []
    for body in model.bodies:
        approves = []
        for gate in model.gates:
            tiers = [t.id for t in model.tiers if gate.id in t.gates and gate.approver_for(t.id) == body.id]
            if tiers:
                approves.append(f"{gate.name(language)} ({tiers_text(tiers)})")
        body_rows.append({
            "id": body.id,
            "name": body.name(language),
            "purpose": body.purpose(language) if body.purpose else "",
            "chair": roles[body.chair],
            "members": ", ".join(roles[m] for m in body.members) or "—",
            "quorum": body.quorum,
            "cadence": cadence_text(body.cadence, language),
            "escalates_to": bodies[body.escalates_to] if body.escalates_to else "—",
            "decision_rights": _or_dash(body.decision_rights(language)),
            "inputs": _or_dash(body.inputs(language)),
            "outputs": _or_dash(body.outputs(language)),
            "approves": (" ; " if language == "fr" else "; ").join(approves) or "—",
            "meetings": len(meeting_dates(body.cadence, calendar_first, calendar_end)),
        })

    role_rows = [{"id": r.id, "name": r.name(language), "kind": KINDS[language][r.kind],
                  "responsibilities": _or_dash(r.responsibilities(language))}
                 for kind in ("pmo", "executive", "project") for r in model.roles if r.kind == kind]

    tier_rows = []
    for tier in model.tiers:
        gate_names = [model.gate(g).name(language) for g in tier.gates]
        documents = [DOCUMENTS[language].get(d, d) for d in tier.documents]
        tier_rows.append({
            "id": tier.id,
            "name": tier.name(language),
            "budget": budget_text(tier.budget_min, tier.budget_max, language),
            "gates": ", ".join(gate_names) or "—",
            "documents": ", ".join(documents) or "—",
            "reporting": REPORTING[language][tier.reporting],
            "escalation": bodies[tier.escalation_body],
            "tolerances": {d: f"{_percent(getattr(tier.tolerances, d).amber, language)} / "
                              f"{_percent(getattr(tier.tolerances, d).red, language)}" for d in TOLERANCE_DIMENSIONS},
        })

    gate_rows = []
    for gate in model.gates:
        tiers = [t.id for t in model.tiers if gate.id in t.gates]
        exceptions = [f"{tiers_text([t])} : {bodies[b]}" if language == "fr" else f"{tiers_text([t])}: {bodies[b]}"
                      for t, b in gate.approver_by_tier.items() if t in tiers and b != gate.approver]
        approver = bodies[gate.approver] + (f" ({'; '.join(exceptions)})" if exceptions else "")
        entry, exit_ = gate.entry_criteria(language), gate.exit_criteria(language)
        length = max(len(entry), len(exit_), 1)
        criteria = [{"entry": entry[i] if i < len(entry) else "", "exit": exit_[i] if i < len(exit_) else ""}
                    for i in range(length)]
        gate_rows.append({"id": gate.id, "order": gate.order, "name": gate.name(language), "approver": approver,
                          "tiers": tiers_text(tiers), "criteria": criteria})

    paths = []
    for body in model.bodies:
        if body.escalates_to is None:
            continue
        paths.append(" → ".join(bodies[b] for b in model.escalation_path(body.id)))
    matrix = raci_matrix(model, language)
    for role in matrix["roles"]:
        role["short"] = short_name(role["name"])

    months = calendar_rows(model, language, calendar_first, calendar_end)
    for month in months:
        if not month["meetings"]:
            month["meetings"] = [{"body": "—", "days": "", "body_id": "", "time": "", "count": 0}]
    approvals = []
    for role_id in dict.fromkeys([next(b.chair for b in model.bodies if b.escalates_to is None), "pmo_manager"]):
        if role_id in roles:
            approvals.append({"role": roles[role_id]})
    status = {"fr": "À approuver", "en": "For approval"}[language]
    return {
        "document": {"version": str(version), "date": stored_at, "author": config.consultant,
                     "approvers": ", ".join(a["role"] for a in approvals), "status": status},
        "client": config.client.name,
        "consultant": config.consultant,
        "today": today or date.today(),
        "version": version,
        "content_hash": content_hash[:12],
        "stored_at": stored_at,
        "document_history": history,
        "mission": config.pmo.mission,
        "vision": config.pmo.vision,
        "pmo_type": type_label,
        "pmo_type_text": type_text,
        "mandate": [{"id": f, "name": FUNCTIONS[language][f][0], "description": FUNCTIONS[language][f][1]}
                    for f in model.mandate],
        "bodies": body_rows,
        "roles": role_rows,
        "tiers": tier_rows,
        "gates": gate_rows,
        "dimensions": [{"id": d, "name": DIMENSIONS[language][d][0], "measure": DIMENSIONS[language][d][1]}
                       for d in TOLERANCE_DIMENSIONS],
        "escalation_paths": paths,
        "raci": matrix,
        "calendar": months,
        "calendar_from": month_label(calendar_first, language, sentence=True),
        "calendar_to": month_label(add_months(calendar_end, -1), language, sentence=True),
        "timezone": config.timezone,
        "ics_name": ics_name,
        "approvals": approvals,
    }


def history_rows(versions: list[tuple[int, str, datetime, list[str]]], language: str) -> list[dict]:
    """Document-control rows, newest first: (version, who, when, change texts against the version before)."""
    words = WORDS[language]
    rows = []
    for number, who, when, changes in versions:
        if number == 1 or not changes:
            summary = words["initial"] if number == 1 else "—"
        else:
            summary = words["changes"].format(n=len(changes), first=changes[0]) + (" …" if len(changes) > 1 else "")
        rows.append({"version": str(number), "date": when, "author": who, "approvers": "", "changes": summary})
    return list(reversed(rows))
