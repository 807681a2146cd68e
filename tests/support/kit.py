"""Shared by the document kit tests: a hand-written governance model (the contract's shape) and readers."""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document

from support import document_text  # noqa: F401 (re-exported for the kit tests)

# Small on purpose: two tiers, two bodies, two gates. Values are chosen so that expected texts and dates
# can be worked out by hand.
GOVERNANCE = {
    "pmo_type": "controlling",
    "mandate": ["tracking", "control"],
    "roles": [
        {
            "id": "pmo_manager",
            "name": {"fr": "Responsable du PMO", "en": "PMO manager"},
            "kind": "pmo",
            "responsibilities": {"fr": ["Diriger le PMO"], "en": ["Run the PMO"]},
        },
        {
            "id": "pmo_coordinator",
            "name": {"fr": "Coordinatrice PMO", "en": "PMO coordinator"},
            "kind": "pmo",
            "responsibilities": {"fr": ["Organiser les instances"], "en": ["Organise meetings"]},
        },
        {
            "id": "ceo",
            "name": {"fr": "Directrice générale", "en": "Chief executive"},
            "kind": "executive",
            "responsibilities": {"fr": ["Arbitrer"], "en": ["Arbitrate"]},
        },
        {
            "id": "sponsor",
            "name": {"fr": "Sponsor", "en": "Sponsor"},
            "kind": "project",
            "responsibilities": {"fr": ["Porter la justification"], "en": ["Own the justification"]},
        },
        {
            "id": "project_manager",
            "name": {"fr": "Chef de projet", "en": "Project manager"},
            "kind": "project",
            "responsibilities": {"fr": ["Piloter le projet"], "en": ["Run the project"]},
        },
    ],
    "bodies": [
        {
            "id": "board",
            "name": {"fr": "Conseil de portefeuille", "en": "Portfolio council"},
            "purpose": {"fr": "Arbitrer le portefeuille.", "en": "Decide on the portfolio."},
            "chair": "ceo",
            "members": ["ceo", "pmo_manager", "sponsor"],
            "quorum": 2,
            "cadence": {"frequency": "quarterly", "rule": "first monday", "time": "10:00", "duration_minutes": 120},
            "decision_rights": {"fr": ["Lancer un projet"], "en": ["Start a project"]},
            "inputs": {"fr": ["Synthèse du portefeuille"], "en": ["Portfolio summary"]},
            "outputs": {"fr": ["Décisions"], "en": ["Decisions"]},
            "escalates_to": None,
        },
        {
            "id": "steering",
            "name": {"fr": "Comité de pilotage", "en": "Steering committee"},
            "purpose": {"fr": "Piloter un projet.", "en": "Steer a project."},
            "chair": "sponsor",
            "members": ["sponsor", "project_manager", "pmo_manager"],
            "quorum": 2,
            "cadence": {"frequency": "biweekly", "rule": "wednesday", "time": "14:00", "duration_minutes": 60},
            "decision_rights": {"fr": ["Valider les livrables"], "en": ["Accept deliverables"]},
            "inputs": {
                "fr": ["Rapport d'avancement", "Registre des risques"],
                "en": ["Status report", "Risk register"],
            },
            "outputs": {"fr": ["Actions"], "en": ["Actions"]},
            "escalates_to": "board",
        },
    ],
    "tiers": [
        {
            "id": "major",
            "name": {"fr": "Niveau A — majeur", "en": "Tier A — major"},
            "budget_min": 500000,
            "budget_max": None,
            "gates": ["go", "close"],
            "documents": ["project_charter", "business_case", "status_report", "risk_register"],
            "reporting": "monthly",
            "escalation_body": "board",
            "tolerances": {
                "schedule": {"amber": 0.05, "red": 0.1},
                "cost": {"amber": 0.05, "red": 0.1},
                "scope": {"amber": 0.05, "red": 0.1},
                "risk": {"amber": 0.1, "red": 0.2},
                "benefits": {"amber": 0.1, "red": 0.2},
            },
        },
        {
            "id": "minor",
            "name": {"fr": "Niveau B — courant", "en": "Tier B — standard"},
            "budget_min": 0,
            "budget_max": 500000,
            "gates": ["close"],
            "documents": ["project_charter", "status_report"],
            "reporting": "quarterly",
            "escalation_body": "steering",
            "tolerances": {
                "schedule": {"amber": 0.15, "red": 0.25},
                "cost": {"amber": 0.15, "red": 0.25},
                "scope": {"amber": 0.15, "red": 0.25},
                "risk": {"amber": 0.2, "red": 0.3},
                "benefits": {"amber": 0.2, "red": 0.3},
            },
        },
    ],
    "gates": [
        {
            "id": "close",
            "name": {"fr": "Prêt pour la clôture", "en": "Ready for closing"},
            "order": 2,
            "approver": "steering",
            "approver_by_tier": {"major": "board"},
            "entry_criteria": {"fr": ["Livrables réceptionnés"], "en": ["Deliverables accepted"]},
            "exit_criteria": {"fr": ["Retour d'expérience conduit"], "en": ["Lessons gathered"]},
        },
        {
            "id": "go",
            "name": {"fr": "Prêt pour l'exécution", "en": "Ready for executing"},
            "order": 1,
            "approver": "board",
            "entry_criteria": {"fr": ["Charte signée", "Budget détaillé"], "en": ["Charter signed", "Detailed budget"]},
            "exit_criteria": {"fr": ["Référence approuvée"], "en": ["Baseline approved"]},
        },
    ],
    "raci": [
        {
            "process": "status_reporting",
            "name": {"fr": "Reporting", "en": "Reporting"},
            "assignments": {"project_manager": "R", "sponsor": "A", "pmo_manager": "I", "pmo_coordinator": "S"},
        },
    ],
}


def governance() -> dict:
    return copy.deepcopy(GOVERNANCE)


def headings(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.style.name.startswith(("Heading", "Title"))]
