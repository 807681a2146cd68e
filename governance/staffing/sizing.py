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

Nothing here imports Prefect or the engagement module (engagement.py imports the settings defined here).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from governance.core.problems import InputError, Problem
from governance.core.paths import DATA_DIR

PMO_TYPES = ("supportive", "controlling", "directive")
ROLES = ("pmo_manager", "pmo_analyst", "pmo_process_specialist", "pmo_coordinator")
FUNCTIONS = ("planning", "process_improvement", "resource_allocation", "tracking", "control",
             "templates_training", "knowledge_management", "governance_alignment", "portfolio_view")
MANAGEMENT = "management"  # the PMO's own running: not a mandate function, always there
DEFAULT_TIERS = ("tier1", "tier2", "tier3")

# Functions a PMO of each type takes on when governance.yaml does not give its mandate.
DEFAULT_MANDATE: dict[str, tuple[str, ...]] = {
    "supportive": ("tracking", "process_improvement", "templates_training", "knowledge_management"),
    "controlling": ("planning", "tracking", "control", "templates_training", "knowledge_management",
                    "governance_alignment", "portfolio_view"),
    "directive": FUNCTIONS,
}

# Hours a month per role: (fixed, per weighted project). Fixed hours exist whatever the portfolio (owning a
# process, preparing a board); per-project hours grow with it (consolidating a status report, a risk review).
DEFAULT_HOURS: dict[str, dict[str, tuple[float, float]]] = {
    MANAGEMENT: {"pmo_manager": (40, 0.5)},
    "planning": {"pmo_analyst": (0, 2), "pmo_process_specialist": (4, 1), "pmo_coordinator": (0, 1)},
    "process_improvement": {"pmo_manager": (4, 0), "pmo_process_specialist": (20, 0.5)},
    "resource_allocation": {"pmo_manager": (4, 0.5), "pmo_analyst": (8, 1.5)},
    "tracking": {"pmo_analyst": (10, 5), "pmo_coordinator": (0, 2)},
    "control": {"pmo_manager": (4, 1), "pmo_analyst": (0, 2), "pmo_coordinator": (0, 1)},
    "templates_training": {"pmo_process_specialist": (16, 1.5), "pmo_coordinator": (0, 0.5)},
    "knowledge_management": {"pmo_process_specialist": (2, 0.5), "pmo_coordinator": (6, 1)},
    "governance_alignment": {"pmo_manager": (12, 1), "pmo_coordinator": (6, 0.5)},
    "portfolio_view": {"pmo_manager": (6, 0.5), "pmo_analyst": (10, 1)},
}
DEFAULT_TYPE_FACTORS = {"supportive": 0.7, "controlling": 1.0, "directive": 1.4}
DEFAULT_SALARIES = {"pmo_manager": 55_000.0, "pmo_analyst": 34_000.0, "pmo_process_specialist": 45_000.0,
                    "pmo_coordinator": 42_000.0}
DEFAULT_ANNUAL_HOURS = 1600.0
DEFAULT_EMPLOYER_ON_COST = 0.42
# Difference between target and current FTE from which a role needs hiring (or frees capacity).
HIRE_THRESHOLD = 0.5


def _one_of(values) -> str:
    return ", ".join(values)


def _known_keys(value: dict, allowed, what: str) -> dict:
    unknown = [k for k in value if k not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(map(repr, unknown))}; expected {_one_of(allowed)}")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HoursOverride(_Strict):
    fixed: float | None = Field(default=None, ge=0)
    per_project: float | None = Field(default=None, ge=0)


class SizingSettings(_Strict):
    annual_hours: float = Field(default=DEFAULT_ANNUAL_HOURS, gt=0, le=2500)
    rounding: float = Field(default=0.1, gt=0, le=1)
    tier_weights: dict[str, float] = Field(default_factory=dict)
    type_factors: dict[str, float] = Field(default_factory=dict)
    hours: dict[str, dict[str, HoursOverride]] = Field(default_factory=dict)
    manager_min_fte: float = Field(default=0.5, ge=0, le=1)
    manager_full_time_from: float = Field(default=2.0, ge=0)

    @field_validator("tier_weights")
    @classmethod
    def _weights(cls, value: dict[str, float]) -> dict[str, float]:
        bad = {k: v for k, v in value.items() if not 0 <= v <= 10}
        if bad:
            raise ValueError(f"tier weights must be between 0 and 10, got {bad}")
        return value

    @field_validator("type_factors")
    @classmethod
    def _factors(cls, value: dict[str, float]) -> dict[str, float]:
        _known_keys(value, PMO_TYPES, "PMO type")
        bad = {k: v for k, v in value.items() if not 0 < v <= 10}
        if bad:
            raise ValueError(f"type factors must be above 0 and at most 10, got {bad}")
        return value

    @field_validator("hours")
    @classmethod
    def _hours(cls, value: dict[str, dict[str, HoursOverride]]) -> dict[str, dict[str, HoursOverride]]:
        _known_keys(value, (MANAGEMENT, *FUNCTIONS), "function")
        for loads in value.values():
            _known_keys(loads, ROLES, "role")
        return value


class TrainingSettings(_Strict):
    catalogue: str | None = None  # extra catalogue file (same shape as the built-in one)
    start: str | None = None      # first quarter of the plan: 2027-Q1, 2027-01 or 2027-01-15
    days_per_quarter: float = Field(default=5, gt=0, le=60)
    role_certifications: bool = True
    pmi_member: bool = False
    exchange_rates: dict[str, float] = Field(default_factory=dict)
    project_managers: int | None = Field(default=None, ge=0)
    workshop_max_level: int = Field(default=2, ge=1, le=5)
    max_workshops: int = Field(default=5, ge=0, le=50)
    workshops_per_quarter: int = Field(default=2, ge=1, le=20)
    group_size: int = Field(default=10, ge=1, le=100)

    @field_validator("start")
    @classmethod
    def _start(cls, value: str | None) -> str | None:
        if value is not None:
            quarter_start(value)  # raises ValueError with the expected forms
        return value

    @field_validator("exchange_rates")
    @classmethod
    def _rates(cls, value: dict[str, float]) -> dict[str, float]:
        bad = {k: v for k, v in value.items() if not v > 0}
        if bad:
            raise ValueError(f"exchange rates must be above 0, got {bad}")
        return value


class StaffingSettings(_Strict):
    """The `staffing:` section of pmo.yaml. Every key is optional."""

    projects_by_tier: dict[str, int] | None = None
    projects_file: str | None = None
    people_file: str | None = None
    role_profiles: str | None = None
    sizing: SizingSettings = Field(default_factory=SizingSettings)
    salaries: dict[str, float] = Field(default_factory=dict)
    employer_on_cost: float = Field(default=DEFAULT_EMPLOYER_ON_COST, ge=0, le=2)
    training: TrainingSettings = Field(default_factory=TrainingSettings)

    @field_validator("projects_by_tier")
    @classmethod
    def _counts(cls, value: dict[str, int] | None) -> dict[str, int] | None:
        if value is not None:
            bad = {k: v for k, v in value.items() if v < 0}
            if bad:
                raise ValueError(f"project counts cannot be negative, got {bad}")
        return value

    @field_validator("salaries")
    @classmethod
    def _salaries(cls, value: dict[str, float]) -> dict[str, float]:
        _known_keys(value, ROLES, "role")
        bad = {k: v for k, v in value.items() if v < 0}
        if bad:
            raise ValueError(f"salaries cannot be negative, got {bad}")
        return value


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
    return {tier: 1.0 / 2 ** position for position, tier in enumerate(tier_ids)}


def effective_ratios(sizing: SizingSettings, tier_ids: list[str]) -> Ratios:
    """Defaults overridden by pmo.yaml; raise InputError for a weight given to a tier that does not exist."""
    unknown = [t for t in sizing.tier_weights if t not in tier_ids]
    if unknown:
        raise InputError([Problem("pmo.yaml", f"unknown tier {t!r}; expected one of {_one_of(tier_ids)}",
                                  key=f"staffing.sizing.tier_weights.{t}") for t in unknown])
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
    computed_fte: float   # before rounding and the manager rule
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


def size_team(projects_by_tier: dict[str, int], pmo_type: str, mandate: list[str] | tuple[str, ...],
              ratios: Ratios) -> Sizing:
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
        loads.append(FunctionLoad(function, {
            role: (fixed + per_project * weighted) * scale
            for role, (fixed, per_project) in ratios.hours.get(function, {}).items()
        }))
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
    return Sizing(pmo_type=pmo_type, mandate=tuple(functions), projects_by_tier=dict(projects_by_tier),
                  weights={t: ratios.tier_weights[t] for t in projects_by_tier}, weighted_projects=weighted,
                  type_factor=factor, annual_hours=ratios.annual_hours, functions=loads, roles=roles)


# ----------------------------------------------------------------------------------------- costs


@dataclass(frozen=True)
class RoleCost:
    role: str
    fte: float
    salary: float
    annual_cost: float    # FTE x base salary
    employer_cost: float  # with employer social charges


def team_costs(sizing: Sizing, salaries: dict[str, float] | None = None,
               employer_on_cost: float = DEFAULT_EMPLOYER_ON_COST) -> list[RoleCost]:
    rates = {**DEFAULT_SALARIES, **(salaries or {})}
    return [
        RoleCost(r.role, r.fte, rates[r.role], round(r.fte * rates[r.role], 2),
                 round(r.fte * rates[r.role] * (1 + employer_on_cost), 2))
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


# ----------------------------------------------------------------------------------------- governance model


def tiers_of(governance: dict | None) -> list[dict]:
    """Tiers from the governance model (largest first), else the three default tiers without budget bands."""
    if governance and governance.get("tiers"):
        return [t for t in governance["tiers"] if isinstance(t, dict) and t.get("id")]
    return [{"id": t, "name": None, "budget_min": None, "budget_max": None} for t in DEFAULT_TIERS]


def default_tiers() -> list[dict]:
    """Without governance.yaml: the tiers (and budget bands) of the document kit's default governance model,
    so that staffing and the kit place projects alike; the three bare tiers if that file is not installed."""
    import yaml

    path = DATA_DIR / "kit_default_governance.yaml"
    if path.is_file():
        tiers = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("tiers") or []
        if tiers:
            return [t for t in tiers if isinstance(t, dict) and t.get("id")]
    return tiers_of(None)


def pmo_type_of(governance: dict | None, configured: str) -> str:
    value = (governance or {}).get("pmo_type")
    return value if value in PMO_TYPES else configured


def mandate_of(governance: dict | None, pmo_type: str) -> tuple[list[str], str]:
    """The PMO's functions and where they come from ("governance" or "default")."""
    mandate = (governance or {}).get("mandate")
    if mandate:
        return [f for f in FUNCTIONS if f in mandate], "governance"
    return list(DEFAULT_MANDATE[pmo_type]), "default"


# ----------------------------------------------------------------------------------------- the project list

@dataclass
class Portfolio:
    projects_by_tier: dict[str, int]
    managers: int          # distinct project managers named in the list
    source: str            # file label or "pmo.yaml"
    warnings: list[str] = field(default_factory=list)


def read_portfolio(path: Path, label: str, tiers: list[dict]) -> Portfolio:
    """Count the projects of data/projects.csv (or .xlsx) by tier, with the kit's project-list reader
    (governance/project_list.py: French or English headers, a blank tier placed by the budget bands)."""
    from governance.kit.project_list import load_project_list

    projects = load_project_list(path, label, tiers)
    counts = dict.fromkeys((t["id"] for t in tiers), 0)
    for project in projects:
        counts[project["tier"]] += 1
    managers = {" ".join(str(p["manager"]).lower().split()) for p in projects if str(p["manager"]).strip()}
    return Portfolio(counts, len(managers), label)


def portfolio_from_settings(counts: dict[str, int], tier_ids: list[str]) -> Portfolio:
    unknown = [t for t in counts if t not in tier_ids]
    if unknown:
        raise InputError([Problem("pmo.yaml", f"unknown tier {t!r}; expected one of {_one_of(tier_ids)}",
                                  key=f"staffing.projects_by_tier.{t}") for t in unknown])
    return Portfolio({t: int(counts.get(t, 0)) for t in tier_ids}, 0, "pmo.yaml (staffing.projects_by_tier)")


# ----------------------------------------------------------------------------------------- quarters


def quarter_start(text: str):
    """'2027-Q1', '2027-T1', '2027-01' or '2027-02-15' -> the first day of that quarter."""
    import re
    from datetime import date

    value = str(text).strip()
    match = re.fullmatch(r"(\d{4})-[QqTt]([1-4])", value)
    if match:
        return date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1)
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2}))?", value)
    if match:
        month = int(match.group(2))
        if match.group(3):
            date(int(match.group(1)), month, int(match.group(3)))  # a real date, or ValueError
        return date(int(match.group(1)), 3 * ((month - 1) // 3) + 1, 1)
    raise ValueError(f"{value!r} is not a quarter; expected 2027-Q1, 2027-01 or 2027-01-15")


def next_quarter(day) -> Any:
    from datetime import date

    first_month = 3 * ((day.month - 1) // 3) + 1
    index = day.year * 12 + first_month - 1 + 3
    return date(index // 12, index % 12 + 1, 1)
