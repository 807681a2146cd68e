"""The governance model as staffing reads it: tiers to count projects in, the PMO type, its mandate, the body the
PMO reports to. Without governance.yaml, THE default model of governance.structure (the kit and the review use
the same one)."""

from __future__ import annotations

from governance.engagement.config import Engagement
from governance.engagement.staffing_settings import FUNCTIONS
from governance.structure import default_governance, default_mandate, resolve_governance


def governance_of(engagement: Engagement) -> dict | None:
    """The engagement's governance.yaml, validated, as the plain dict of the contract; None without one.

    A consultant's model also names the PMO roles and their responsibilities; the default model does not
    replace the role profiles' (they follow the mandate)."""
    resolved = resolve_governance(engagement)
    return resolved.as_dict() if resolved.source == "governance.yaml" else None


def model_of(governance: dict | None, configured_pmo_type: str) -> dict:
    """The governance model staffing works with: the engagement's, else the default for its PMO type."""
    if governance:
        return governance
    return default_governance(configured_pmo_type).model_dump(mode="json")


def tiers_of(governance: dict | None, configured_pmo_type: str = "controlling") -> list[dict]:
    """The tiers projects are counted in (largest first), with their budget bands."""
    model = model_of(governance, configured_pmo_type)
    return [t for t in model.get("tiers") or [] if isinstance(t, dict) and t.get("id")]


def default_tiers() -> list[dict]:
    """Without governance.yaml: the default model's tiers, so that staffing and the kit place projects alike."""
    return tiers_of(None)


def pmo_type_of(governance: dict | None, configured: str) -> str:
    """governance.yaml's PMO type (the model is validated), else pmo.yaml's."""
    return (governance or {}).get("pmo_type") or configured


def mandate_of(governance: dict | None, pmo_type: str) -> tuple[list[str], str]:
    """The PMO's functions in the model's order and where they come from ("governance" or "default")."""
    mandate = (governance or {}).get("mandate")
    if mandate:
        return [f for f in FUNCTIONS if f in mandate], "governance"
    default = default_mandate(pmo_type)
    return [f for f in FUNCTIONS if f in default], "default"
