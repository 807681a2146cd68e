"""`pmo governance propose`: a starting governance model for the consultant to edit.

The proposal follows from three facts: the PMO type (supportive, controlling, directive), the organisation's
size (staff and number of projects, from pmo.yaml) and, when an assessment is stored, its governance maturity.
Type and maturity set a control level (light, standard, strong) that decides how many bodies, gates and
documents, how tight the tolerances and how often projects report; size sets the budget thresholds of the tiers.

A proposal carries a hash of its own content on a marker line: a file whose content still matches was
written by `propose` and nobody changed it, so it may be replaced; anything else is the consultant's work.
"""
from __future__ import annotations

import hashlib
import math
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from governance.core.atomic import write_text_atomic
from governance.structure.model import MANDATE_FUNCTIONS, parse_governance, to_yaml

CONTROL_LEVELS = ("light", "standard", "strong")
TYPE_CONTROL = {"supportive": 0, "controlling": 1, "directive": 2}
MARKER = re.compile(r"^# pmo-kit proposal sha256:([0-9a-f]{64})\b.*$", re.MULTILINE)


def T(fr: str, en: str) -> dict:
    return {"fr": fr, "en": en}


def L(fr: list[str], en: list[str]) -> dict:
    return {"fr": fr, "en": en}


# ---------------------------------------------------------------- the catalogue

ROLES = {
    "pmo_manager": ("pmo", T("Responsable du PMO", "PMO manager"), L(
        ["Diriger le PMO et rendre compte de son activité à la direction",
         "Préparer et animer le comité de portefeuille",
         "Faire appliquer le cadre de gouvernance, les tolérances et les revues de jalon",
         "Accompagner les chefs de projet et fixer les priorités de l'équipe PMO"],
        ["Run the PMO and report on its work to the executive team",
         "Prepare and facilitate the portfolio board",
         "Enforce the governance framework, tolerances and stage-gate reviews",
         "Support project managers and set the PMO team's priorities"])),
    "pmo_analyst": ("pmo", T("Analyste PMO", "PMO analyst"), L(
        ["Collecter les données d'avancement des projets et en contrôler la qualité",
         "Calculer les indicateurs (valeur acquise, écarts, tendances) et signaler les dépassements de tolérance",
         "Produire les tableaux de bord et le dossier de revue du portefeuille",
         "Instruire les nouvelles demandes de projet"],
        ["Collect project status data and check its quality",
         "Compute the indicators (earned value, variances, trends) and flag tolerance breaches",
         "Produce the dashboards and the portfolio review pack",
         "Analyse new project requests"])),
    "pmo_process_specialist": ("pmo", T("Spécialiste méthodes PMO", "PMO process specialist"), L(
        ["Concevoir et faire évoluer les processus, standards et modèles de documents",
         "Former et accompagner les équipes projet à la méthode",
         "Vérifier la complétude des dossiers de passage de jalon",
         "Animer le retour d'expérience et la base de connaissances"],
        ["Design and improve processes, standards and document templates",
         "Train and coach project teams in the method",
         "Check that stage-gate files are complete",
         "Run lessons learned and the knowledge base"])),
    "pmo_coordinator": ("pmo", T("Coordinateur PMO", "PMO coordinator"), L(
        ["Organiser les instances : calendrier, ordres du jour, comptes rendus",
         "Tenir le registre des décisions et suivre les actions",
         "Gérer la base documentaire des projets",
         "Diffuser les communications du PMO"],
        ["Organise governance meetings: calendar, agendas, minutes",
         "Keep the decision log and follow up actions",
         "Manage the project document repository",
         "Send out the PMO's communications"])),
    "chief_executive": ("executive", T("Directeur général", "Chief executive"), L(
        ["Présider la revue du portefeuille en comité de direction",
         "Fixer les priorités stratégiques et l'enveloppe du portefeuille",
         "Approuver la charte de gouvernance et ses révisions"],
        ["Chair the executive committee's portfolio review",
         "Set strategic priorities and the portfolio budget",
         "Approve the governance charter and its revisions"])),
    "portfolio_director": ("executive", T("Directeur du portefeuille (membre du comité de direction)",
                                          "Portfolio director (executive committee member)"), L(
        ["Présider le comité de portefeuille",
         "Arbitrer les priorités et les budgets entre projets",
         "Porter les escalades majeures devant le comité de direction"],
        ["Chair the portfolio board",
         "Arbitrate priorities and budgets across projects",
         "Take major escalations to the executive committee"])),
    "finance_controller": ("executive", T("Contrôleur de gestion", "Finance controller"), L(
        ["Valider les budgets des projets et leurs prévisions de coût",
         "Évaluer l'impact financier des demandes de changement",
         "Suivre la réalisation des bénéfices financiers"],
        ["Validate project budgets and cost forecasts",
         "Assess the financial impact of change requests",
         "Track the realisation of financial benefits"])),
    "sponsor": ("project", T("Sponsor du projet", "Project sponsor"), L(
        ["Porter le projet devant la direction et garantir son alignement stratégique",
         "Présider le comité de pilotage du projet",
         "Décider au-delà des tolérances du chef de projet",
         "Rendre compte des bénéfices attendus"],
        ["Champion the project with the executive team and keep it aligned with strategy",
         "Chair the project steering committee",
         "Decide on matters beyond the project manager's tolerances",
         "Answer for the expected benefits"])),
    "project_owner": ("project", T("Propriétaire du projet (métier)", "Project owner (business)"), L(
        ["Exprimer les besoins métier et les critères d'acceptation",
         "Réceptionner les livrables",
         "Préparer l'organisation métier au changement et mesurer les bénéfices"],
        ["State business needs and acceptance criteria",
         "Accept deliverables",
         "Prepare the business for the change and measure benefits"])),
    "project_manager": ("project", T("Chef de projet", "Project manager"), L(
        ["Planifier et piloter le projet dans les tolérances accordées",
         "Publier le rapport d'avancement au rythme fixé pour le niveau du projet",
         "Tenir les registres des risques, problèmes, décisions et changements",
         "Préparer les dossiers de passage de jalon"],
        ["Plan and run the project within its tolerances",
         "Publish the status report at the rhythm set for the project's tier",
         "Keep the risk, issue, decision and change logs",
         "Prepare stage-gate files"])),
    "core_team": ("project", T("Équipe projet", "Project core team"), L(
        ["Réaliser les travaux planifiés",
         "Signaler au chef de projet les risques et les problèmes",
         "Contribuer au retour d'expérience"],
        ["Deliver the planned work",
         "Report risks and issues to the project manager",
         "Contribute to lessons learned"])),
}

BODIES = {
    "executive_board": dict(
        name=T("Comité de direction — revue du portefeuille", "Executive committee — portfolio review"),
        purpose=T("Aligner le portefeuille sur la stratégie, fixer son enveloppe budgétaire et trancher les "
                  "escalades majeures.",
                  "Align the portfolio with strategy, set its budget and settle major escalations."),
        chair="chief_executive", members=["chief_executive", "portfolio_director", "finance_controller", "pmo_manager"],
        quorum=3,
        decision_rights=L(["Fixer les priorités stratégiques et l'enveloppe du portefeuille",
                           "Trancher les escalades du comité de portefeuille",
                           "Approuver la charte de gouvernance et ses révisions"],
                          ["Set strategic priorities and the portfolio budget",
                           "Settle escalations from the portfolio board",
                           "Approve the governance charter and its revisions"]),
        inputs=L(["Synthèse trimestrielle du portefeuille", "Escalades du comité de portefeuille"],
                 ["Quarterly portfolio summary", "Escalations from the portfolio board"]),
        outputs=L(["Orientations stratégiques et enveloppe budgétaire", "Décisions sur les escalades"],
                  ["Strategic direction and portfolio budget", "Decisions on escalations"]),
    ),
    "portfolio_board": dict(
        name=T("Comité de portefeuille", "Portfolio board"),
        purpose=T("Arbitrer le portefeuille : lancer, prioriser, suspendre ou arrêter les projets et allouer les "
                  "budgets en fonction de la stratégie.",
                  "Steer the portfolio: start, prioritise, pause or stop projects and allocate budgets in line with "
                  "strategy."),
        chair="portfolio_director", members=["portfolio_director", "finance_controller", "pmo_manager", "sponsor"],
        quorum=3,
        decision_rights=L(["Lancer ou refuser une demande de projet",
                           "Fixer les priorités entre projets",
                           "Décider des changements et dépassements au-delà des tolérances des comités de pilotage",
                           "Suspendre ou arrêter un projet"],
                          ["Approve or reject a project request",
                           "Set priorities across projects",
                           "Decide on changes and breaches beyond steering committees' tolerances",
                           "Pause or stop a project"]),
        inputs=L(["Tableau de bord du portefeuille et dossier de revue mensuelle",
                  "Demandes de projet instruites par le PMO",
                  "Escalades des comités de pilotage"],
                 ["Portfolio dashboard and monthly review pack",
                  "Project requests analysed by the PMO",
                  "Escalations from steering committees"]),
        outputs=L(["Relevé de décisions", "Priorités et budgets mis à jour"],
                  ["Decision record", "Updated priorities and budgets"]),
    ),
    "steering_committee": dict(
        name=T("Comité de pilotage projet", "Project steering committee"),
        purpose=T("Piloter un projet : valider ses orientations, lever les obstacles et décider dans ses tolérances. "
                  "Un comité par projet, sur le créneau commun du calendrier.",
                  "Steer one project: confirm its direction, remove obstacles and decide within its tolerances. "
                  "One committee per project, in the shared calendar slot."),
        chair="sponsor", members=["sponsor", "project_owner", "project_manager", "pmo_analyst"],
        quorum=3,
        decision_rights=L(["Approuver le plan du projet et ses mises à jour",
                           "Décider des actions correctives dans les tolérances du projet",
                           "Accepter les livrables majeurs"],
                          ["Approve the project plan and its updates",
                           "Decide corrective actions within the project's tolerances",
                           "Accept major deliverables"]),
        inputs=L(["Rapport d'avancement du projet",
                  "Registres des risques, problèmes et changements",
                  "Dossier de passage de jalon, le cas échéant"],
                 ["Project status report",
                  "Risk, issue and change logs",
                  "Stage-gate file, when a gate is due"]),
        outputs=L(["Décisions et actions", "Rapport d'exception en cas de dépassement de tolérance"],
                  ["Decisions and actions", "Exception report when a tolerance is breached"]),
    ),
    "change_board": dict(
        name=T("Comité des changements", "Change control board"),
        purpose=T("Examiner les demandes de changement (périmètre, délai, coût) et décider de celles qui restent "
                  "dans les tolérances du projet.",
                  "Review change requests (scope, schedule, cost) and decide those that stay within the project's "
                  "tolerances."),
        chair="pmo_manager", members=["pmo_manager", "finance_controller", "project_owner", "project_manager"],
        quorum=3,
        decision_rights=L(["Approuver, refuser ou reporter les demandes de changement dans les tolérances",
                           "Transmettre au comité de portefeuille les changements qui les dépassent"],
                          ["Approve, reject or defer change requests within tolerances",
                           "Refer changes beyond tolerances to the portfolio board"]),
        inputs=L(["Demandes de changement avec leur analyse d'impact", "Journal des changements"],
                 ["Change requests with their impact analysis", "Change log"]),
        outputs=L(["Décisions sur les changements", "Journal des changements mis à jour"],
                  ["Decisions on changes", "Updated change log"]),
    ),
    "pmo_review": dict(
        name=T("Revue PMO", "PMO review"),
        purpose=T("Point interne de l'équipe PMO : consolider l'avancement, contrôler la qualité des données et "
                  "préparer les instances.",
                  "The PMO team's own meeting: consolidate progress, check data quality and prepare governance "
                  "meetings."),
        chair="pmo_manager", members=["pmo_manager", "pmo_analyst", "pmo_process_specialist", "pmo_coordinator"],
        quorum=2,
        decision_rights=L(["Relancer les projets dont le rapport manque",
                           "Décider des alertes à porter aux comités",
                           "Prioriser le travail de l'équipe PMO"],
                          ["Chase projects whose report is missing",
                           "Decide which alerts go to the committees",
                           "Prioritise the PMO team's work"]),
        inputs=L(["Rapports d'avancement reçus", "Alertes de qualité des données", "Calendrier des jalons"],
                 ["Status reports received", "Data-quality alerts", "Gate calendar"]),
        outputs=L(["Tableau de bord consolidé", "Alertes et escalades préparées", "Ordres du jour des instances"],
                  ["Consolidated dashboard", "Alerts and escalations prepared", "Agendas of governance meetings"]),
    ),
}

GATES = {
    "ready_for_planning": dict(
        name=T("Prêt pour la planification", "Ready for planning"), approver="portfolio_board",
        entry_criteria=L(["Demande de projet enregistrée et qualifiée par le PMO",
                          "Dossier d'opportunité (business case) rédigé",
                          "Sponsor et chef de projet désignés"],
                         ["Project request logged and qualified by the PMO",
                          "Business case written",
                          "Sponsor and project manager appointed"]),
        exit_criteria=L(["Charte de projet approuvée",
                         "Budget de la phase de planification accordé",
                         "Niveau du projet confirmé"],
                        ["Project charter approved",
                         "Budget for the planning phase granted",
                         "Project tier confirmed"])),
    "ready_for_executing": dict(
        name=T("Prêt pour l'exécution", "Ready for executing"), approver="steering_committee",
        entry_criteria=L(["Plan de projet finalisé : planning, budget détaillé, organisation",
                          "Registre des risques initialisé et revu",
                          "Ressources clés confirmées"],
                         ["Project plan complete: schedule, detailed budget, organisation",
                          "Risk register set up and reviewed",
                          "Key resources confirmed"]),
        exit_criteria=L(["Référence de coût et de délai figée",
                         "Tolérances du projet approuvées",
                         "Plan de communication validé"],
                        ["Cost and schedule baseline frozen",
                         "Project tolerances approved",
                         "Communication plan approved"])),
    "ready_for_closing": dict(
        name=T("Prêt pour la clôture", "Ready for closing"), approver="steering_committee",
        entry_criteria=L(["Livrables réceptionnés par le propriétaire du projet",
                          "Problèmes ouverts clos ou transférés à l'exploitation"],
                         ["Deliverables accepted by the project owner",
                          "Open issues closed or handed over to operations"]),
        exit_criteria=L(["Retour d'expérience réalisé et partagé",
                         "Bilan des coûts et des bénéfices établi",
                         "Rapport de fin de projet approuvé"],
                        ["Lessons learned captured and shared",
                         "Cost and benefits review done",
                         "Project-end report approved"])),
}

PROCESSES = {
    "project_intake": T("Instruction des demandes de projet", "Project intake"),
    "gate_approval": T("Approbation des jalons", "Gate approval"),
    "change_approval": T("Approbation des changements", "Change approval"),
    "risk_escalation": T("Escalade des risques", "Risk escalation"),
    "status_reporting": T("Rapport d'avancement", "Status reporting"),
    "benefits_review": T("Revue des bénéfices", "Benefits review"),
    "lessons_learned": T("Retour d'expérience", "Lessons learned"),
}

# Who does what, by PMO type: the more control the PMO has, the more it is accountable itself.
RACI = {
    "supportive": {
        "project_intake": {"portfolio_director": "A", "sponsor": "R", "pmo_analyst": "S", "pmo_manager": "C",
                           "finance_controller": "C", "project_manager": "I"},
        "gate_approval": {"sponsor": "A", "project_manager": "R", "pmo_process_specialist": "S",
                          "project_owner": "C", "pmo_manager": "I"},
        "change_approval": {"sponsor": "A", "project_manager": "R", "project_owner": "C", "finance_controller": "C",
                            "pmo_analyst": "I"},
        "risk_escalation": {"sponsor": "A", "project_manager": "R", "pmo_analyst": "S", "pmo_manager": "I",
                            "portfolio_director": "I"},
        "status_reporting": {"project_manager": "A", "pmo_analyst": "R", "core_team": "S", "sponsor": "I",
                             "pmo_manager": "I"},
        "benefits_review": {"sponsor": "A", "project_owner": "R", "pmo_analyst": "S", "finance_controller": "C",
                            "portfolio_director": "I"},
        "lessons_learned": {"pmo_process_specialist": "A", "project_manager": "R", "pmo_coordinator": "S",
                            "core_team": "C", "sponsor": "I"},
    },
    "controlling": {
        "project_intake": {"portfolio_director": "A", "pmo_analyst": "R", "pmo_manager": "S", "sponsor": "C",
                           "finance_controller": "C", "project_manager": "I"},
        "gate_approval": {"sponsor": "A", "project_manager": "R", "pmo_process_specialist": "S", "pmo_manager": "C",
                          "project_owner": "C", "core_team": "I"},
        "change_approval": {"pmo_manager": "A", "project_manager": "R", "pmo_analyst": "S", "finance_controller": "C",
                            "project_owner": "C", "sponsor": "I"},
        "risk_escalation": {"sponsor": "A", "project_manager": "R", "pmo_analyst": "S", "pmo_manager": "C",
                            "portfolio_director": "I"},
        "status_reporting": {"pmo_manager": "A", "project_manager": "R", "pmo_analyst": "S", "sponsor": "I",
                             "portfolio_director": "I"},
        "benefits_review": {"sponsor": "A", "project_owner": "R", "pmo_analyst": "S", "finance_controller": "C",
                            "portfolio_director": "I"},
        "lessons_learned": {"pmo_process_specialist": "A", "project_manager": "R", "pmo_coordinator": "S",
                            "core_team": "C", "pmo_manager": "I"},
    },
    "directive": {
        "project_intake": {"portfolio_director": "A", "pmo_manager": "R", "pmo_analyst": "S", "sponsor": "C",
                           "finance_controller": "C"},
        "gate_approval": {"portfolio_director": "A", "pmo_manager": "R", "project_manager": "S",
                          "pmo_process_specialist": "S", "sponsor": "C"},
        "change_approval": {"pmo_manager": "A", "project_manager": "R", "finance_controller": "C", "sponsor": "C",
                            "project_owner": "C"},
        "risk_escalation": {"pmo_manager": "A", "project_manager": "R", "pmo_analyst": "S", "sponsor": "C",
                            "portfolio_director": "I"},
        "status_reporting": {"pmo_manager": "A", "project_manager": "R", "pmo_analyst": "S", "sponsor": "I",
                             "portfolio_director": "I"},
        "benefits_review": {"portfolio_director": "A", "project_owner": "R", "pmo_analyst": "S",
                            "finance_controller": "C", "sponsor": "C"},
        "lessons_learned": {"pmo_process_specialist": "A", "project_manager": "R", "pmo_coordinator": "S",
                            "core_team": "C"},
    },
}

MANDATES = {
    "supportive": ["tracking", "templates_training", "knowledge_management", "process_improvement"],
    "controlling": ["planning", "tracking", "control", "templates_training", "knowledge_management",
                    "governance_alignment"],
    "directive": ["planning", "resource_allocation", "tracking", "control", "templates_training",
                  "knowledge_management", "governance_alignment", "portfolio_view"],
}

# Per control level, per tier from the largest to the smallest.
GATE_SETS = {
    "light": [["ready_for_executing", "ready_for_closing"], ["ready_for_executing"], []],
    "standard": [["ready_for_planning", "ready_for_executing", "ready_for_closing"],
                 ["ready_for_executing", "ready_for_closing"], ["ready_for_executing"]],
    "strong": [["ready_for_planning", "ready_for_executing", "ready_for_closing"],
               ["ready_for_planning", "ready_for_executing", "ready_for_closing"],
               ["ready_for_executing", "ready_for_closing"]],
}
DOCUMENT_SETS = {
    "light": [["project_charter", "business_case", "status_report", "risk_register"],
              ["project_charter", "status_report", "risk_register"],
              ["project_charter", "status_report"]],
    "standard": [["project_charter", "business_case", "status_report", "risk_register", "issue_log",
                  "change_request", "lessons_learned"],
                 ["project_charter", "business_case", "status_report", "risk_register", "change_request",
                  "lessons_learned"],
                 ["project_charter", "status_report", "risk_register"]],
    "strong": [["project_charter", "business_case", "status_report", "risk_register", "issue_log", "decision_log",
                "change_request", "communication_plan", "lessons_learned"],
               ["project_charter", "business_case", "status_report", "risk_register", "issue_log",
                "change_request", "lessons_learned"],
               ["project_charter", "status_report", "risk_register", "lessons_learned"]],
}
REPORTING = {"light": ["monthly", "monthly", "quarterly"], "standard": ["monthly", "monthly", "monthly"],
             "strong": ["biweekly", "monthly", "monthly"]}
# (amber, red) for the largest tier; smaller tiers get wider bands (TIER_WIDENING).
TOLERANCES = {
    "light": {"schedule": (0.10, 0.20), "cost": (0.10, 0.20), "scope": (0.10, 0.20), "risk": (0.15, 0.30),
              "benefits": (0.15, 0.30)},
    "standard": {"schedule": (0.05, 0.10), "cost": (0.05, 0.10), "scope": (0.05, 0.10), "risk": (0.10, 0.20),
                 "benefits": (0.10, 0.20)},
    "strong": {"schedule": (0.03, 0.07), "cost": (0.03, 0.07), "scope": (0.05, 0.10), "risk": (0.08, 0.15),
               "benefits": (0.08, 0.15)},
}
TIER_WIDENING = [1.0, 1.5, 2.0]
# Budget thresholds (EUR) between tiers, largest first, by organisation size.
THRESHOLDS = {"small": [250_000], "medium": [1_000_000, 300_000], "large": [5_000_000, 1_000_000]}
TIER_NAMES = {
    3: [T("Niveau 1 — stratégique", "Tier 1 — strategic"), T("Niveau 2 — majeur", "Tier 2 — major"),
        T("Niveau 3 — courant", "Tier 3 — standard")],
    2: [T("Niveau 1 — majeur", "Tier 1 — major"), T("Niveau 2 — courant", "Tier 2 — standard")],
}


# ---------------------------------------------------------------- deciding

def organisation_size(staff: int, projects: int) -> str:
    """small, medium or large from staff and number of projects; 0 means unknown."""
    if staff >= 1000 or projects >= 60:
        return "large"
    known = [(value, limit) for value, limit in ((staff, 100), (projects, 10)) if value]
    if known and all(value < limit for value, limit in known):
        return "small"
    return "medium"


def control_level(pmo_type: str, maturity: int | None) -> str:
    """Type sets the base; low maturity lightens control (fewer gates), high maturity strengthens it."""
    shift = 0 if maturity is None else (-1 if maturity <= 2 else 0 if maturity == 3 else 1)
    return CONTROL_LEVELS[max(0, min(2, TYPE_CONTROL[pmo_type] + shift))]


@dataclass(frozen=True)
class Basis:
    """What a proposal was derived from, said in the proposal's header."""

    pmo_type: str
    staff: int
    projects: int
    maturity: int | None
    maturity_source: str = ""  # e.g. "governance 2026-10"

    @property
    def size(self) -> str:
        return organisation_size(self.staff, self.projects)

    @property
    def control(self) -> str:
        return control_level(self.pmo_type, self.maturity)


def _cadence(frequency: str, rule: str, time: str, minutes: int, months: list[int] | None = None) -> dict:
    cadence = {"frequency": frequency, "rule": rule, "time": time, "duration_minutes": minutes}
    if months:
        cadence["months"] = months
    return cadence


def _band(amber: float, red: float, widening: float) -> dict:
    if widening == 1:
        return {"amber": amber, "red": red}
    # Widened bands are rounded to the nearest 5 % so they read like a decision, not a computation.
    step = lambda value, cap: min(math.floor(value * 20 + 0.5) / 20, cap)  # noqa: E731
    return {"amber": step(amber * widening, 0.4), "red": step(red * widening, 0.6)}


def propose_governance(pmo_type: str, staff: int = 0, projects: int = 0, maturity: int | None = None) -> dict:
    """A complete, valid governance model (plain data, the contract's shape) for these facts."""
    basis = Basis(pmo_type, staff, projects, maturity)
    size, control = basis.size, basis.control
    supportive, directive = pmo_type == "supportive", pmo_type == "directive"
    executive = directive or size == "large"
    change_board = not supportive and control != "light"

    thresholds = THRESHOLDS[size]
    count = len(thresholds) + 1
    profiles = [0, 1, 2] if count == 3 else [0, 2]  # a two-tier model: largest and smallest profiles
    bounds = [None, *thresholds, 0]
    tiers = []
    for position, profile in enumerate(profiles):
        tier_id = f"tier{position + 1}"
        widening = TIER_WIDENING[profile]
        escalation = "portfolio_board" if profile == 0 or (directive and profile == 1) else "steering_committee"
        tiers.append({
            "id": tier_id,
            "name": TIER_NAMES[count][position],
            "budget_min": bounds[position + 1],
            "budget_max": bounds[position],
            "gates": list(GATE_SETS[control][profile]),
            "documents": list(DOCUMENT_SETS[control][profile]),
            "reporting": REPORTING[control][profile],
            "escalation_body": escalation,
            "tolerances": {d: _band(*TOLERANCES[control][d], widening) for d in TOLERANCES[control]},
        })

    used_gates = [g for g in GATES if any(g in t["gates"] for t in tiers)]
    gates = []
    for order, gate_id in enumerate(used_gates, start=1):
        spec = GATES[gate_id]
        gate = {"id": gate_id, "name": spec["name"], "order": order, "approver": spec["approver"]}
        if gate_id == "ready_for_executing" and control != "light":
            # Committing the budget of the largest projects is a portfolio decision.
            gate["approver_by_tier"] = {tiers[0]["id"]: "portfolio_board"}
        gate["entry_criteria"] = spec["entry_criteria"]
        gate["exit_criteria"] = spec["exit_criteria"]
        gates.append(gate)

    bodies = []
    if executive:
        bodies.append(_body("executive_board", _cadence("quarterly", "second thursday", "10:00", 120, [1, 4, 7, 10]),
                            None))
    portfolio_cadence = (_cadence("quarterly", "first tuesday", "09:00", 120, [1, 4, 7, 10]) if supportive
                         else _cadence("monthly", "first tuesday", "09:00", 120))
    bodies.append(_body("portfolio_board", portfolio_cadence, "executive_board" if executive else None))
    bodies.append(_body("steering_committee", _cadence("monthly", "second thursday", "14:00", 90), "portfolio_board"))
    if change_board:
        weekly = control == "strong" or size == "large"
        bodies.append(_body("change_board", _cadence("weekly" if weekly else "biweekly", "wednesday", "11:00", 60),
                            "portfolio_board"))
    light_review = supportive or size == "small"
    bodies.append(_body("pmo_review", _cadence("biweekly" if light_review else "weekly", "monday", "09:30", 60),
                        "portfolio_board"))
    if executive:
        bodies[1]["outputs"] = L(bodies[1]["outputs"]["fr"] + ["Escalades vers le comité de direction"],
                                 bodies[1]["outputs"]["en"] + ["Escalations to the executive committee"])
    if not change_board:
        steering = next(b for b in bodies if b["id"] == "steering_committee")
        steering["decision_rights"] = L(
            steering["decision_rights"]["fr"] + ["Approuver les demandes de changement dans les tolérances du projet"],
            steering["decision_rights"]["en"] + ["Approve change requests within the project's tolerances"])

    role_ids = list(dict.fromkeys(
        [r for b in bodies for r in [b["chair"], *b["members"]]]
        + [r for rows in RACI[pmo_type].values() for r in rows]))
    order = list(ROLES)
    roles = []
    for role_id in sorted(role_ids, key=order.index):
        kind, name, responsibilities = ROLES[role_id]
        if directive and role_id == "project_manager":
            name = T("Chef de projet (rattaché au PMO)", "Project manager (reporting to the PMO)")
        roles.append({"id": role_id, "name": name, "kind": kind, "responsibilities": responsibilities})

    raci = []
    for process, assignments in RACI[pmo_type].items():
        assignments = dict(assignments)
        if executive and process in ("project_intake", "benefits_review"):
            assignments["chief_executive"] = "I"
        raci.append({"process": process, "name": PROCESSES[process], "assignments": assignments})

    mandate = set(MANDATES[pmo_type])
    if control == "strong":
        mandate.add("process_improvement")
    if size == "large":
        mandate.add("portfolio_view")
    return {
        "pmo_type": pmo_type,
        "mandate": [f for f in MANDATE_FUNCTIONS if f in mandate],
        "roles": roles,
        "bodies": bodies,
        "tiers": tiers,
        "gates": gates,
        "raci": raci,
    }


def _body(body_id: str, cadence: dict, escalates_to: str | None) -> dict:
    spec = BODIES[body_id]
    return {"id": body_id, "name": spec["name"], "purpose": spec["purpose"], "chair": spec["chair"],
            "members": list(spec["members"]), "quorum": spec["quorum"], "cadence": cadence,
            "decision_rights": spec["decision_rights"], "inputs": spec["inputs"], "outputs": spec["outputs"],
            "escalates_to": escalates_to}


# ---------------------------------------------------------------- the file

SECTION_COMMENTS = {
    "fr": {
        "pmo_type": "Type de PMO : supportive (support) | controlling (contrôle) | directive (pilotage direct)",
        "mandate": "Fonctions du PMO parmi : " + ", ".join(MANDATE_FUNCTIONS),
        "roles": "Rôles : id (minuscules et _), name, kind (pmo | project | executive), responsibilities",
        "bodies": "Instances : président (chair) et membres = ids de rôles ; cadence weekly | biweekly | monthly | "
                  "quarterly ; rule 'first tuesday' (mensuel, trimestriel) ou 'tuesday' (hebdomadaire) ; "
                  "escalates_to = instance supérieure (null au sommet)",
        "tiers": "Niveaux de projet, du plus gros au plus petit budget (EUR ; budget_min inclus, budget_max exclu, "
                 "null = sans plafond) ; tolérances en fractions (0.05 = 5 %), ambre < rouge",
        "gates": "Jalons (PM²) dans l'ordre ; approver = instance qui approuve (approver_by_tier pour un niveau "
                 "particulier)",
        "raci": "RASCI par processus : R réalise, A rend compte (un seul), S soutient, C consulté, I informé",
    },
    "en": {
        "pmo_type": "PMO type: supportive | controlling | directive",
        "mandate": "PMO functions, among: " + ", ".join(MANDATE_FUNCTIONS),
        "roles": "Roles: id (lower case and _), name, kind (pmo | project | executive), responsibilities",
        "bodies": "Bodies: chair and members are role ids; cadence weekly | biweekly | monthly | quarterly; "
                  "rule 'first tuesday' (monthly, quarterly) or 'tuesday' (weekly, biweekly); escalates_to = the "
                  "body above (null at the top)",
        "tiers": "Project tiers, largest budget first (EUR; budget_min inclusive, budget_max exclusive, null = no "
                 "upper bound); tolerances as fractions (0.05 = 5%), amber < red",
        "gates": "Stage gates (PM²) in order; approver = approving body (approver_by_tier for a given tier)",
        "raci": "RASCI per process: R responsible, A accountable (exactly one), S support, C consulted, I informed",
    },
}
_SIZE = {"fr": {"small": "petite", "medium": "moyenne", "large": "grande"},
         "en": {"small": "small", "medium": "medium-sized", "large": "large"}}
_CONTROL = {"fr": {"light": "allégé", "standard": "standard", "strong": "renforcé"},
            "en": {"light": "light", "standard": "standard", "strong": "strong"}}
_TYPE = {"fr": {"supportive": "de support", "controlling": "de contrôle", "directive": "de pilotage direct"},
         "en": {"supportive": "supportive", "controlling": "controlling", "directive": "directive"}}


def basis_sentence(basis: Basis, language: str) -> str:
    if language == "fr":
        maturity = (f"maturité {basis.maturity} ({basis.maturity_source})" if basis.maturity is not None
                    else "sans évaluation de maturité enregistrée")
        return (f"PMO {_TYPE['fr'][basis.pmo_type]}, organisation de {_SIZE['fr'][basis.size]} taille "
                f"({basis.staff} personnes, {basis.projects} projets), {maturity} : contrôle "
                f"{_CONTROL['fr'][basis.control]}")
    maturity = (f"maturity {basis.maturity} ({basis.maturity_source})" if basis.maturity is not None
                else "no stored maturity assessment")
    return (f"{_TYPE['en'][basis.pmo_type]} PMO, {_SIZE['en'][basis.size]} organisation ({basis.staff} staff, "
            f"{basis.projects} projects), {maturity}: {_CONTROL['en'][basis.control]} control")


def header_lines(client: str, language: str, intro: str) -> list[str]:
    if language == "fr":
        return [f"# Modèle de gouvernance du PMO — {client}", f"# {intro}",
                "# Modifiez ce fichier, puis lancez `pmo governance setup DOSSIER` pour le valider et produire la "
                "charte, la matrice RACI et le calendrier.",
                "# Textes : {fr: ..., en: ...} ; un texte simple vaut pour les deux langues."]
    return [f"# PMO governance model — {client}", f"# {intro}",
            "# Edit this file, then run `pmo governance setup DIR` to validate it and produce the charter, the "
            "RACI matrix and the calendar.",
            "# Texts: {fr: ..., en: ...}; a plain text stands for both languages."]


def model_yaml(model: dict, language: str) -> str:
    return to_yaml(model, SECTION_COMMENTS[language])


def _body_hash(body: str) -> str:
    return hashlib.sha256(body.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def proposal_text(model: dict, basis: Basis, client: str, language: str, today: date | None = None) -> str:
    """The proposal file: header, marker line with the hash of what follows, then the model."""
    day = (today or date.today()).isoformat()
    intro = (f"Proposé par `pmo governance propose` le {day} — {basis_sentence(basis, 'fr')}." if language == "fr"
             else f"Proposed by `pmo governance propose` on {day} — {basis_sentence(basis, 'en')}.")
    body = "\n" + model_yaml(model, language)
    note = ("ne pas modifier cette ligne : elle permet de savoir si le fichier a été modifié" if language == "fr"
            else "do not edit this line: it tells whether the file was changed")
    return "\n".join(header_lines(client, language, intro)) + f"\n# pmo-kit proposal sha256:{_body_hash(body)} ({note})\n" + body


def proposal_state(path: Path) -> str:
    """'absent', 'unedited' (written by propose, unchanged since) or 'edited' (anything else)."""
    if not path.is_file():
        return "absent"
    text = path.read_text(encoding="utf-8", errors="replace")
    match = MARKER.search(text)
    if not match:
        return "edited"
    body = text[match.end() + 1:]
    return "unedited" if _body_hash(body) == match.group(1) else "edited"


def write_proposal(path: Path, text: str, force: bool, label: str) -> str:
    """Write unless that would replace the consultant's work; returns the state the file was in."""
    from governance.core.problems import InputError, Problem

    state = proposal_state(path)
    if state == "edited" and not force:
        raise InputError([Problem(label, "was edited (or not written by `pmo governance propose`) and is kept; "
                                         "use --force to replace it, or -o FILE to write the proposal elsewhere")])
    write_text_atomic(path, text)
    return state


@dataclass(frozen=True)
class Maturity:
    level: int
    campaign: str
    source: str  # "governance" (the governance dimension's level) or "overall"


def assessed_maturity(engagement) -> Maturity | None:
    """The latest stored assessment's governance level (else its overall level); None without one.

    Does not create a store: no database yet means no assessment yet.
    """
    from governance.engagement.config import DEFAULT_DB_FILE

    if not os.environ.get("PMO_DATABASE_URL") and not (engagement.root / DEFAULT_DB_FILE).is_file():
        return None
    from governance.assessment.store import dimension_scores, latest_assessment
    from governance.core.store import session_scope

    with session_scope(engagement.database_url()) as session:
        latest = latest_assessment(session=session, engagement=engagement.slug)
        if latest is None:
            return None
        campaign, overall = latest.campaign, latest.overall_level
        scores = dimension_scores(session=session, assessment_id=latest.id)
    governance_rows = scores[scores["dimension_id"] == "governance"]["level"].dropna()
    if not governance_rows.empty:
        return Maturity(int(governance_rows.iloc[0]), campaign, "governance")
    if overall is not None:
        return Maturity(int(overall), campaign, "overall")
    return None


def propose_for(engagement, maturity_override: int | None = None,
                pmo_type: str | None = None) -> tuple[dict, Basis]:
    """The proposal for an engagement: its PMO type and size from pmo.yaml, its maturity from the store."""
    config = engagement.config
    if maturity_override is not None:
        level = maturity_override
        source = "donnée par --maturity" if engagement.language == "fr" else "given by --maturity"
    else:
        found = assessed_maturity(engagement)
        level = found.level if found else None
        if found is None:
            source = ""
        elif engagement.language == "fr":
            source = f"{'gouvernance' if found.source == 'governance' else 'globale'}, évaluation {found.campaign}"
        else:
            source = f"{found.source}, assessment {found.campaign}"
    kind = pmo_type or config.pmo.type
    basis = Basis(kind, config.client.staff, config.client.projects, level, source)
    model = propose_governance(kind, config.client.staff, config.client.projects, level)
    parse_governance(model, "proposal")  # a proposal is always valid: a failure here is a bug, said loudly
    return model, basis

