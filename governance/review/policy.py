"""Tolerances, tiers and escalation path of the monthly review, from THE governance model of the engagement.

The model comes from governance.structure's one resolver (governance.yaml, else the one default model the kit
and the staffing plan use too) and is consumed as the plain dict of its contract, so a test can hand one in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from governance.core.i18n import bilingual, pick, words
from governance.structure import ResolvedGovernance, default_governance, resolve_governance

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
        return pick(self.name, language) or self.id


@dataclass(frozen=True)
class Body:
    id: str
    name: dict[str, str]
    escalates_to: str | None

    def label(self, language: str) -> str:
        return pick(self.name, language) or self.id


@dataclass(frozen=True)
class ReviewPolicy:
    tiers: tuple[Tier, ...]
    bodies: dict[str, Body] = field(default_factory=dict)
    source: str = "default"  # where the model comes from: "governance.yaml" or "default" (ResolvedGovernance)

    def tier(self, tier_id: str) -> Tier | None:
        return next((t for t in self.tiers if t.id == tier_id), None)

    def body_label(self, body_id: str | None, language: str) -> str:
        if not body_id:  # a tier of the governance model without an escalation body
            return words("review", language)["no_body"]
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


def default_policy(pmo_type: str = "controlling") -> ReviewPolicy:
    """The policy of THE default governance model (what an engagement without governance.yaml gets)."""
    return _policy(ResolvedGovernance(default_governance(pmo_type), "default"))


def _text(value: object, fallback: str) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v}
    return bilingual(str(value), str(value)) if value else bilingual(fallback, fallback)


def _number(value: object, default: float | None) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def _bodies(governance: dict) -> dict[str, Body]:
    return {
        raw["id"]: Body(raw["id"], _text(raw.get("name"), raw["id"]), raw.get("escalates_to") or None)
        for raw in governance.get("bodies") or []
        if isinstance(raw, dict) and raw.get("id")
    }


def _fallback_bands() -> dict[str, Band]:
    """For a partial dict's tier that leaves a dimension out: the default model's middle tier's band."""
    tiers = default_policy().tiers
    return tiers[len(tiers) // 2].tolerances


def _tiers(governance: dict) -> list[Tier]:
    tiers = []
    for raw in governance.get("tiers") or []:
        if not isinstance(raw, dict) or not raw.get("id"):
            continue
        tolerances = {}
        for dimension in DIMENSIONS:
            band = (raw.get("tolerances") or {}).get(dimension)
            band = band if isinstance(band, dict) else {}
            amber, red = _number(band.get("amber"), None), _number(band.get("red"), None)
            if amber is None or red is None:  # never for a validated model: only then is the default read
                fallback = _fallback_bands()[dimension]
                amber, red = fallback.amber if amber is None else amber, fallback.red if red is None else red
            tolerances[dimension] = Band(amber, red)
        tiers.append(
            Tier(
                raw["id"],
                _text(raw.get("name"), raw["id"]),
                _number(raw.get("budget_min"), 0.0) or 0.0,
                _number(raw.get("budget_max"), None),
                raw.get("escalation_body") or None,
                tolerances,
            )
        )
    return tiers


def policy_from_governance(governance: dict | None, source: str = "governance.yaml") -> ReviewPolicy:
    """The review policy from a governance model's plain dict (its contract); None gives the default policy.

    A partial dict (a test's, a hand-made one) is completed from the default model: without tiers it gets the
    default tiers and bodies (its own bodies win); a tier without a dimension gets the default middle tier's band.
    """
    if not governance:
        return default_policy()
    bodies = _bodies(governance)
    tiers = _tiers(governance)
    if not tiers:
        default = default_policy()
        tiers, bodies = list(default.tiers), {**default.bodies, **bodies}
    return ReviewPolicy(tiers=tuple(tiers), bodies=bodies, source=source)


def _policy(resolved: ResolvedGovernance) -> ReviewPolicy:
    return policy_from_governance(resolved.as_dict(), source=resolved.source)


def load_policy(engagement) -> ReviewPolicy:
    """The engagement's policy: its governance.yaml (validated) or THE default model for its PMO type."""
    return _policy(resolve_governance(engagement))
