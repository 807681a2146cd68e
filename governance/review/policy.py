"""Tolerances, tiers and escalation path of the monthly review, from the governance model or defaults.

The governance model (issue 3, `governance.yaml`) is consumed as the plain dict of its contract, so the
review works the same whether it comes from that loader, a test, or nowhere (then the defaults below,
a common three-tier PRINCE2-style set-up, apply).
"""
from __future__ import annotations

import importlib
import importlib.util
import math
from dataclasses import dataclass, field

DIMENSIONS = ("schedule", "cost", "scope", "risk", "benefits")


@dataclass(frozen=True)
class Band:
    """A deviation >= amber is amber, >= red is red (fractions, amber < red)."""

    amber: float
    red: float


@dataclass(frozen=True)
class Tier:
    id: str
    name: dict[str, str]
    budget_min: float
    budget_max: float | None
    escalation_body: str | None
    tolerances: dict[str, Band]

    def label(self, language: str) -> str:
        return self.name.get(language) or next(iter(self.name.values()), self.id)


@dataclass(frozen=True)
class Body:
    id: str
    name: dict[str, str]
    escalates_to: str | None

    def label(self, language: str) -> str:
        return self.name.get(language) or next(iter(self.name.values()), self.id)


@dataclass(frozen=True)
class ReviewPolicy:
    tiers: tuple[Tier, ...]
    bodies: dict[str, Body] = field(default_factory=dict)
    source: str = "defaults"  # "governance.yaml" or "defaults"

    def tier(self, tier_id: str) -> Tier | None:
        return next((t for t in self.tiers if t.id == tier_id), None)

    def body_label(self, body_id: str | None, language: str) -> str:
        if not body_id:  # a tier of the governance model without an escalation body
            return "instance non désignée" if language == "fr" else "no body named"
        body = self.bodies.get(body_id)
        return body.label(language) if body else body_id

    def steps_to_top(self, body_id: str | None) -> int:
        """0 for the top body (it escalates to no one), 1 for the one below it... (cycles are cut)."""
        steps, seen = 0, set()
        while body_id and body_id in self.bodies and body_id not in seen and self.bodies[body_id].escalates_to:
            seen.add(body_id)
            body_id = self.bodies[body_id].escalates_to
            steps += 1
        return steps

    def escalate(self, body_id: str | None) -> str | None:
        """The body one level above `body_id`; the top body escalates to itself."""
        if not body_id:
            return None
        body = self.bodies.get(body_id)
        return body.escalates_to if body and body.escalates_to else body_id


_DEFAULT_BODIES = (
    Body("steering_committee", {"fr": "Comité de pilotage", "en": "Steering committee"}, "portfolio_board"),
    Body("portfolio_board", {"fr": "Comité de portefeuille", "en": "Portfolio board"}, "executive_committee"),
    Body("executive_committee", {"fr": "Comité de direction", "en": "Executive committee"}, None),
)


def _bands(schedule: tuple, cost: tuple, scope: tuple, risk: tuple, benefits: tuple) -> dict[str, Band]:
    return {d: Band(*b) for d, b in zip(DIMENSIONS, (schedule, cost, scope, risk, benefits))}


# Larger projects get tighter tolerances and escalate higher.
_DEFAULT_TIERS = (
    Tier("tier1", {"fr": "Niveau 1 — stratégique", "en": "Tier 1 — strategic"}, 1_000_000, None,
         "portfolio_board", _bands((0.05, 0.10), (0.05, 0.10), (0.05, 0.10), (0.10, 0.20), (0.10, 0.20))),
    Tier("tier2", {"fr": "Niveau 2 — majeur", "en": "Tier 2 — major"}, 300_000, 1_000_000,
         "steering_committee", _bands((0.10, 0.15), (0.10, 0.15), (0.10, 0.15), (0.15, 0.25), (0.15, 0.25))),
    Tier("tier3", {"fr": "Niveau 3 — courant", "en": "Tier 3 — standard"}, 0, 300_000,
         "steering_committee", _bands((0.15, 0.25), (0.15, 0.25), (0.15, 0.25), (0.20, 0.30), (0.20, 0.30))),
)
# A tier of the governance model that leaves a dimension out gets the middle tier's band for it.
_FALLBACK_BANDS = _DEFAULT_TIERS[1].tolerances


def default_policy() -> ReviewPolicy:
    return ReviewPolicy(tiers=_DEFAULT_TIERS, bodies={b.id: b for b in _DEFAULT_BODIES}, source="defaults")


def _text(value: object, fallback: str) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v}
    return {"fr": str(value), "en": str(value)} if value else {"fr": fallback, "en": fallback}


def _number(value: object, default: float | None) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def policy_from_governance(governance: dict | None) -> ReviewPolicy:
    """The review policy from the governance model's plain dict (contract of issue 3), or the defaults.

    A model without tiers keeps the default tiers but still contributes its bodies.
    """
    if not governance:
        return default_policy()
    bodies = {}
    for raw in governance.get("bodies") or []:
        if isinstance(raw, dict) and raw.get("id"):
            bodies[raw["id"]] = Body(raw["id"], _text(raw.get("name"), raw["id"]), raw.get("escalates_to") or None)
    tiers = []
    for raw in governance.get("tiers") or []:
        if not isinstance(raw, dict) or not raw.get("id"):
            continue
        tolerances = dict(_FALLBACK_BANDS)
        for dimension, band in (raw.get("tolerances") or {}).items():
            if dimension in DIMENSIONS and isinstance(band, dict):
                amber = _number(band.get("amber"), _FALLBACK_BANDS[dimension].amber)
                red = _number(band.get("red"), _FALLBACK_BANDS[dimension].red)
                tolerances[dimension] = Band(amber, red)
        tiers.append(Tier(raw["id"], _text(raw.get("name"), raw["id"]), _number(raw.get("budget_min"), 0.0) or 0.0,
                          _number(raw.get("budget_max"), None), raw.get("escalation_body") or None, tolerances))
    if not tiers:
        tiers = list(_DEFAULT_TIERS)
        bodies = {**{b.id: b for b in _DEFAULT_BODIES}, **bodies}
    return ReviewPolicy(tiers=tuple(tiers), bodies=bodies, source="governance.yaml")


def governance_dict(engagement) -> dict | None:
    """The engagement's governance model as a plain dict, or None when there is none.

    The loader belongs to the governance-model capability; if that module is not installed the review
    still runs on its defaults. Errors inside the module (and an invalid governance.yaml) are not hidden.
    """
    if importlib.util.find_spec("governance.structure.model") is None:
        return None
    module = importlib.import_module("governance.structure.model")
    model = module.load_governance(engagement)
    if model is None:
        return None
    return model.model_dump(mode="json") if hasattr(model, "model_dump") else dict(model)


def load_policy(engagement) -> ReviewPolicy:
    return policy_from_governance(governance_dict(engagement))
