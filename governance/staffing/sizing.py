"""Sizing the PMO team: explicit workload ratios, from the portfolio, the PMO type and the mandate.

The model, which a consultant can read, check by hand and override in pmo.yaml (`staffing:`):

1. Weighted projects W = sum over tiers of (projects in the tier x tier weight). A tier-1 project weighs 1;
   by default each smaller tier weighs half the one above (tier1 1, tier2 0.5, tier3 0.25).
2. For each role, hours a month = management hours (fixed + per weighted project, the PMO's own running)
   + for each function of the mandate (fixed + per weighted project) x the PMO type factor
   (supportive 0.7, controlling 1, directive 1.4: the more control, the more work per project).
3. FTE = hours a month x 12 / productive hours a year (1,600 by default: the French legal 1,607 h, rounded),
   rounded to the nearest 0.1.
4. The PMO manager is at least 0.5 FTE, full time once the rest of the team reaches 2 FTE, and at most one
   full time: management work beyond it goes to the process specialist, as deputy.
5. Cost a year = FTE x base salary (seed: 55k, 34k, 45k, 42k EUR); employer cost adds social charges (42 %).

The built-in ratios are governance/data/staffing_defaults.yaml; the settings that override them are
governance/engagement/staffing_settings.py (the `staffing:` section of pmo.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import yaml

from governance.core.paths import DATA_DIR
from governance.core.problems import InputError, Problem
from governance.engagement.staffing_settings import (
    DEFAULT_ANNUAL_HOURS,
    DEFAULT_EMPLOYER_ON_COST,
    FUNCTIONS,
    MANAGEMENT,
    PMO_TYPES,
    ROLES,
    SizingSettings,
    StaffingSettings,
    TrainingSettings,
    one_of,
)

__all__ = [
    "DEFAULT_ANNUAL_HOURS",
    "DEFAULT_EMPLOYER_ON_COST",
    "FUNCTIONS",
    "MANAGEMENT",
    "PMO_TYPES",
    "ROLES",
    "SizingSettings",
    "StaffingSettings",
    "TrainingSettings",
]  # the settings, re-exported for callers

DEFAULT_TIERS = ("tier1", "tier2", "tier3")
# Difference between target and current FTE from which a role needs hiring (or frees capacity).
HIRE_THRESHOLD = 0.5


@cache
def _defaults() -> dict:
    """governance/data/staffing_defaults.yaml: hours per function and role, type factors, salaries."""
    return yaml.safe_load((DATA_DIR / "staffing_defaults.yaml").read_text(encoding="utf-8"))


# Hours a month per role: (fixed, per weighted project), per function of the mandate (and `management`).
DEFAULT_HOURS: dict[str, dict[str, tuple[float, float]]] = {
    function: {role: (float(fixed), float(per_project)) for role, (fixed, per_project) in loads.items()}
    for function, loads in _defaults()["hours"].items()
}
DEFAULT_TYPE_FACTORS: dict[str, float] = {k: float(v) for k, v in _defaults()["type_factors"].items()}
DEFAULT_SALARIES: dict[str, float] = {k: float(v) for k, v in _defaults()["salaries"].items()}


# ----------------------------------------------------------------------------------------- ratios


@dataclass(frozen=True)
class Ratios:
    """The effective sizing ratios: built-in defaults with the engagement's overrides applied."""

    tier_weights: dict[str, float]
    type_factors: dict[str, float]
    hours: dict[str, dict[str, tuple[float, float]]]
    annual_hours: float = DEFAULT_ANNUAL_HOURS
    rounding: float = 0.1
    manager_min_fte: float = 0.5
    manager_full_time_from: float = 2.0


def default_tier_weights(tier_ids: list[str]) -> dict[str, float]:
    """Tiers are ordered from largest to smallest: each weighs half the one above."""
    return {tier: 1.0 / 2**position for position, tier in enumerate(tier_ids)}


def effective_ratios(sizing: SizingSettings, tier_ids: list[str]) -> Ratios:
    """Defaults overridden by pmo.yaml; raise InputError for a weight given to a tier that does not exist."""
    unknown = [t for t in sizing.tier_weights if t not in tier_ids]
    if unknown:
        raise InputError(
            [
                Problem(
                    "pmo.yaml",
                    f"unknown tier {t!r}; expected one of {one_of(tier_ids)}",
                    key=f"staffing.sizing.tier_weights.{t}",
                    code="unknown-tier",
                )
                for t in unknown
            ]
        )
    hours = {function: dict(loads) for function, loads in DEFAULT_HOURS.items()}
    for function, loads in sizing.hours.items():
        for role, override in loads.items():
            fixed, per_project = hours.setdefault(function, {}).get(role, (0.0, 0.0))
            hours[function][role] = (
                fixed if override.fixed is None else override.fixed,
                per_project if override.per_project is None else override.per_project,
            )
    return Ratios(
        tier_weights={**default_tier_weights(tier_ids), **sizing.tier_weights},
        type_factors={**DEFAULT_TYPE_FACTORS, **sizing.type_factors},
        hours=hours,
        annual_hours=sizing.annual_hours,
        rounding=sizing.rounding,
        manager_min_fte=sizing.manager_min_fte,
        manager_full_time_from=sizing.manager_full_time_from,
    )


def round_to(value: float, step: float) -> float:
    """Half-up rounding to a multiple of `step` (0.25 -> 0.3 at step 0.1), free of binary float surprises."""
    units = (Decimal(repr(value)) / Decimal(repr(step))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(units * Decimal(repr(step)))


# ----------------------------------------------------------------------------------------- sizing


@dataclass(frozen=True)
class RoleSizing:
    role: str
    hours_per_month: float
    computed_fte: float  # before rounding and the manager rule
    fte: float
    # Why the FTE differs from the computed one: manager_minimum | manager_full_time | manager_capped | deputy
    rule: str | None = None


@dataclass(frozen=True)
class FunctionLoad:
    function: str
    hours_by_role: dict[str, float]

    @property
    def hours(self) -> float:
        return sum(self.hours_by_role.values())


@dataclass(frozen=True)
class Sizing:
    pmo_type: str
    mandate: tuple[str, ...]
    projects_by_tier: dict[str, int]
    weights: dict[str, float]
    weighted_projects: float
    type_factor: float
    annual_hours: float
    functions: list[FunctionLoad]
    roles: list[RoleSizing]

    @property
    def total_fte(self) -> float:
        return round(sum(r.fte for r in self.roles), 6)

    @property
    def projects(self) -> int:
        return sum(self.projects_by_tier.values())

    def fte(self, role: str) -> float:
        return next(r.fte for r in self.roles if r.role == role)


def size_team(
    projects_by_tier: dict[str, int], pmo_type: str, mandate: list[str] | tuple[str, ...], ratios: Ratios
) -> Sizing:
    """FTE per PMO role for a portfolio (see the module docstring for the model)."""
    if pmo_type not in PMO_TYPES:
        raise ValueError(f"unknown PMO type {pmo_type!r}")
    unknown = [t for t in projects_by_tier if t not in ratios.tier_weights]
    if unknown:
        raise ValueError(f"no weight for tiers {unknown}")
    weighted = sum(count * ratios.tier_weights[tier] for tier, count in projects_by_tier.items())
    factor = ratios.type_factors[pmo_type]
    functions = [f for f in FUNCTIONS if f in mandate]  # canonical order, no duplicates
    loads = []
    for function in (MANAGEMENT, *functions):
        scale = 1.0 if function == MANAGEMENT else factor
        loads.append(
            FunctionLoad(
                function,
                {
                    role: (fixed + per_project * weighted) * scale
                    for role, (fixed, per_project) in ratios.hours.get(function, {}).items()
                },
            )
        )
    hours = {role: sum(load.hours_by_role.get(role, 0.0) for load in loads) for role in ROLES}
    computed = {role: hours[role] * 12 / ratios.annual_hours for role in ROLES}
    rounded = {role: round_to(computed[role], ratios.rounding) for role in ROLES}
    rules: dict[str, str | None] = dict.fromkeys(ROLES)
    others = sum(rounded[r] for r in ROLES if r != "pmo_manager")
    manager = rounded["pmo_manager"]
    if others >= ratios.manager_full_time_from and manager < 1.0:
        manager, rules["pmo_manager"] = 1.0, "manager_full_time"
    elif manager < ratios.manager_min_fte:
        manager, rules["pmo_manager"] = ratios.manager_min_fte, "manager_minimum"
    if manager > 1.0:
        # One person runs the PMO: management work beyond a full time goes to the process specialist as deputy.
        rounded["pmo_process_specialist"] = round_to(rounded["pmo_process_specialist"] + manager - 1.0, ratios.rounding)
        manager, rules["pmo_manager"], rules["pmo_process_specialist"] = 1.0, "manager_capped", "deputy"
    rounded["pmo_manager"] = manager
    roles = [RoleSizing(r, round(hours[r], 4), round(computed[r], 4), rounded[r], rules[r]) for r in ROLES]
    return Sizing(
        pmo_type=pmo_type,
        mandate=tuple(functions),
        projects_by_tier=dict(projects_by_tier),
        weights={t: ratios.tier_weights[t] for t in projects_by_tier},
        weighted_projects=weighted,
        type_factor=factor,
        annual_hours=ratios.annual_hours,
        functions=loads,
        roles=roles,
    )


# ----------------------------------------------------------------------------------------- costs


@dataclass(frozen=True)
class RoleCost:
    role: str
    fte: float
    salary: float
    annual_cost: float  # FTE x base salary
    employer_cost: float  # with employer social charges


def team_costs(
    sizing: Sizing, salaries: dict[str, float] | None = None, employer_on_cost: float = DEFAULT_EMPLOYER_ON_COST
) -> list[RoleCost]:
    rates = {**DEFAULT_SALARIES, **(salaries or {})}
    return [
        RoleCost(
            r.role,
            r.fte,
            rates[r.role],
            round(r.fte * rates[r.role], 2),
            round(r.fte * rates[r.role] * (1 + employer_on_cost), 2),
        )
        for r in sizing.roles
    ]


@dataclass(frozen=True)
class RoleStaffing:
    role: str
    target_fte: float
    current_fte: float
    people: list[str]
    action: str  # recruit | reinforce | ok | redeploy

    @property
    def difference(self) -> float:
        return round(self.target_fte - self.current_fte, 6)


def compare_team(sizing: Sizing, current: dict[str, tuple[float, list[str]]]) -> list[RoleStaffing]:
    """Target against current FTE per role. `current`: role -> (FTE, names)."""
    result = []
    for r in sizing.roles:
        fte, names = current.get(r.role, (0.0, []))
        difference = round(r.fte - fte, 6)
        if difference >= HIRE_THRESHOLD:
            action = "recruit"
        elif difference > 0:
            action = "reinforce"
        elif difference <= -HIRE_THRESHOLD:
            action = "redeploy"
        else:
            action = "ok"
        result.append(RoleStaffing(r.role, r.fte, round(fte, 6), list(names), action))
    return result
