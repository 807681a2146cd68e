"""THE governance model of an engagement: its governance.yaml when it has one, else THE default model.

Every capability (document kit, monthly review, staffing plan) asks here, so that without governance.yaml they
all name the same bodies, tiers and mandate. The default is data (governance/data/default_governance.yaml,
default_mandates.yaml) validated by the same schema and rules as a consultant's governance.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import yaml

from governance.core.paths import DATA_DIR
from governance.structure.model import GovernanceModel, load_governance, parse_governance

DEFAULT_MODEL_FILE = DATA_DIR / "default_governance.yaml"
DEFAULT_MANDATES_FILE = DATA_DIR / "default_mandates.yaml"
DEFAULT_CRITERIA_FILE = DATA_DIR / "portfolio_criteria.yaml"
# The body the proposal gives the default scoring criteria to, and the one they are assumed for without any.
PORTFOLIO_BODY = "portfolio_board"
# An unknown PMO type (pmo.yaml is validated, so only a caller's mistake) gets the controlling PMO's default.
FALLBACK_PMO_TYPE = "controlling"


@dataclass(frozen=True)
class ResolvedGovernance:
    """The engagement's governance model and where it comes from."""

    model: GovernanceModel
    source: Literal["governance.yaml", "default"]

    def as_dict(self) -> dict:
        """The plain-data form the kit, the review and the staffing plan consume (the model's contract)."""
        return self.model.model_dump(mode="json")


@cache
def _mandates() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(DEFAULT_MANDATES_FILE.read_text(encoding="utf-8")) or {}
    return {pmo_type: tuple(functions) for pmo_type, functions in data.items()}


def default_mandate(pmo_type: str) -> list[str]:
    """THE default mandate (PMO functions) of a PMO type."""
    mandates = _mandates()
    return list(mandates.get(pmo_type, mandates[FALLBACK_PMO_TYPE]))


@cache
def _criteria_text() -> str:
    return DEFAULT_CRITERIA_FILE.read_text(encoding="utf-8")


def default_portfolio_scoring() -> dict:
    """The default `portfolio:` section of the deciding body (its scoring criteria), as plain data (a fresh copy)."""
    return yaml.safe_load(_criteria_text())


@cache
def _default_model(pmo_type: str) -> GovernanceModel:
    text = DEFAULT_MODEL_FILE.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    raw["pmo_type"] = pmo_type
    raw["mandate"] = default_mandate(pmo_type)
    return parse_governance(raw, DEFAULT_MODEL_FILE.name, text)


def default_governance(pmo_type: str) -> GovernanceModel:
    """THE default governance model for a PMO type (a fresh copy: callers may change it)."""
    known = pmo_type if pmo_type in _mandates() else FALLBACK_PMO_TYPE
    return _default_model(known).model_copy(deep=True)


def resolve_governance(engagement) -> ResolvedGovernance:
    """governance.yaml (validated: InputError when it is not) or, without one, the default for the PMO type."""
    model = load_governance(engagement)
    if model is not None:
        return ResolvedGovernance(model, "governance.yaml")
    return ResolvedGovernance(default_governance(engagement.config.pmo.type), "default")
