"""The PMO's own vocabulary, shared by pmo.yaml, the governance model and the staffing plan: its types, roles
and the functions a mandate gives it."""

from __future__ import annotations

from typing import Literal

PmoType = Literal["supportive", "controlling", "directive"]
PMO_TYPES: tuple[str, ...] = ("supportive", "controlling", "directive")
PMO_ROLES: tuple[str, ...] = ("pmo_manager", "pmo_analyst", "pmo_process_specialist", "pmo_coordinator")
MANDATE_FUNCTIONS: tuple[str, ...] = (
    "planning",
    "process_improvement",
    "resource_allocation",
    "tracking",
    "control",
    "templates_training",
    "knowledge_management",
    "governance_alignment",
    "portfolio_view",
)
