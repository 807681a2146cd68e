"""The `staffing:` section of pmo.yaml (sizing ratios, salaries, training plan), validated with pydantic.

It lives with the engagement's settings, below the capabilities: governance.staffing reads these settings and
owns the sizing model they tune.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from governance.engagement.vocabulary import MANDATE_FUNCTIONS, PMO_ROLES, PMO_TYPES

ROLES = PMO_ROLES
FUNCTIONS = MANDATE_FUNCTIONS
MANAGEMENT = "management"  # the PMO's own running: not a mandate function, always there
DEFAULT_ANNUAL_HOURS = 1600.0
DEFAULT_EMPLOYER_ON_COST = 0.42


def one_of(values) -> str:
    return ", ".join(values)


def _known_keys(value: dict, allowed, what: str) -> dict:
    unknown = [k for k in value if k not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(map(repr, unknown))}; expected {one_of(allowed)}")
    return value


def quarter_start(text: str) -> date:
    """'2027-Q1', '2027-T1', '2027-01' or '2027-02-15' -> the first day of that quarter."""
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
    start: str | None = None  # first quarter of the plan: 2027-Q1, 2027-01 or 2027-01-15
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
