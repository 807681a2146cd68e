"""The governance model's schema (`governance.yaml`): pydantic models of its shape, and its vocabulary.

Pydantic checks the shape (types, known keys); governance.structure.rules checks what makes a governance
workable; governance.structure.model loads, validates and writes the file.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from governance.engagement.vocabulary import MANDATE_FUNCTIONS, PMO_ROLES, PmoType  # noqa: F401 (part of the schema)

Frequency = Literal["weekly", "biweekly", "monthly", "quarterly"]
FREQUENCIES = ("weekly", "biweekly", "monthly", "quarterly")
RoleKind = Literal["pmo", "project", "executive"]
TOLERANCE_DIMENSIONS = ("schedule", "cost", "scope", "risk", "benefits")
RACI_LETTERS = ("R", "A", "S", "C", "I")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
DEFAULT_QUARTER_MONTHS = (1, 4, 7, 10)
# Biweekly meetings fall in the even weeks counted from this Monday unless a cadence gives its own
# reference date: the fortnight must not shift with the day the consultant happens to run setup.
BIWEEKLY_EPOCH = date(2026, 1, 5)
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
LANGUAGES = ("fr", "en")


class Strict(BaseModel):
    # A misspelt key is an error, never a silently ignored setting.
    model_config = ConfigDict(extra="forbid")


def _bilingual(value: Any, kind: type) -> Any:
    """A plain value means the same in both languages; one language given is copied to the other."""
    if isinstance(value, kind):
        return {"fr": value, "en": value}
    if isinstance(value, dict) and ("fr" in value) != ("en" in value):
        present = value.get("fr", value.get("en"))
        return {"fr": present, "en": present, **{k: v for k, v in value.items() if k not in LANGUAGES}}
    return value


class Text(Strict):
    """A text in French and English: `{fr: ..., en: ...}` (a plain string means the same in both)."""

    fr: str
    en: str

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return _bilingual(value, str)

    def __call__(self, language: str) -> str:
        return getattr(self, language)


class TextList(Strict):
    """A list of texts per language: `{fr: [...], en: [...]}` (a plain list means the same in both)."""

    fr: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        if value is None:
            return {"fr": [], "en": []}
        return _bilingual(value, list)

    def __call__(self, language: str) -> list[str]:
        return list(getattr(self, language))


class Role(Strict):
    id: str
    name: Text
    kind: RoleKind = "project"
    responsibilities: TextList = Field(default_factory=TextList)


class Cadence(Strict):
    frequency: Frequency
    rule: str
    time: str = "09:00"
    duration_minutes: int = 60
    # Optional: the months of a quarterly cadence (default January, April, July, October).
    months: list[int] | None = None
    # Optional: a date in a week with a meeting, for a biweekly cadence (default: even weeks from BIWEEKLY_EPOCH).
    reference_date: date | None = None

    @field_validator("time", mode="before")
    @classmethod
    def _sexagesimal(cls, value: Any) -> Any:
        # YAML 1.1 reads an unquoted 09:30 as the base-60 integer 570: give the consultant their time back.
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return f"{value // 60:02d}:{value % 60:02d}"
        return value

    @field_validator("rule", mode="before")
    @classmethod
    def _normalise_rule(cls, value: Any) -> Any:
        return " ".join(value.lower().split()) if isinstance(value, str) else value


class Criterion(Strict):
    """A portfolio scoring criterion: reviewers score each demand 1-5 on it, the descriptors saying what each
    score means (5 is always the most favourable: for risk, the least risky)."""

    id: str
    name: Text
    weight: float = Field(ge=0)
    scale: dict[int, Text]


class PortfolioScoring(Strict):
    """How the body that decides on the portfolio scores the demands put to it."""

    criteria: list[Criterion] = Field(min_length=1)


class Body(Strict):
    id: str
    name: Text
    purpose: Text | None = None
    chair: str = ""
    members: list[str] = Field(default_factory=list)
    quorum: int = Field(default=1, ge=1)
    cadence: Cadence
    decision_rights: TextList = Field(default_factory=TextList)
    inputs: TextList = Field(default_factory=TextList)
    outputs: TextList = Field(default_factory=TextList)
    escalates_to: str | None = None
    portfolio: PortfolioScoring | None = None

    @field_validator("chair", mode="before")
    @classmethod
    def _no_chair(cls, value: Any) -> Any:
        return "" if value is None else value


class Band(Strict):
    amber: float
    red: float


class Tolerances(Strict):
    schedule: Band
    cost: Band
    scope: Band
    risk: Band
    benefits: Band


class LateReport(Strict):
    """What happens when a tier's status report is late: escalated after so many days, to the project's
    sponsor or to a body (its chair is written to)."""

    escalate_after_days: int = Field(default=5, ge=1, le=60)
    escalate_to: str = "sponsor"


class Tier(Strict):
    id: str
    name: Text
    budget_min: int = Field(ge=0)
    budget_max: int | None = None
    gates: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    reporting: Frequency = "monthly"
    escalation_body: str
    tolerances: Tolerances
    late_report: LateReport = Field(default_factory=LateReport)


class Gate(Strict):
    id: str
    name: Text
    order: int = Field(ge=1)
    approver: str
    entry_criteria: TextList = Field(default_factory=TextList)
    exit_criteria: TextList = Field(default_factory=TextList)
    # Optional: a different approving body for some tiers ({tier id: body id}).
    approver_by_tier: dict[str, str] = Field(default_factory=dict)

    def approver_for(self, tier_id: str) -> str:
        return self.approver_by_tier.get(tier_id, self.approver)


class RaciRow(Strict):
    process: str
    name: Text
    assignments: dict[str, str] = Field(default_factory=dict)

    @field_validator("assignments", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: v.strip().upper() if isinstance(v, str) else v for k, v in value.items()}
        return value


class GovernanceModel(Strict):
    pmo_type: PmoType
    mandate: list[Literal[MANDATE_FUNCTIONS]] = Field(default_factory=list)  # type: ignore[valid-type]
    roles: list[Role] = Field(min_length=1)
    bodies: list[Body] = Field(min_length=1)
    tiers: list[Tier] = Field(min_length=1)
    gates: list[Gate] = Field(default_factory=list)
    raci: list[RaciRow] = Field(default_factory=list)

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def body(self, body_id: str) -> Body:
        return next(b for b in self.bodies if b.id == body_id)

    def gate(self, gate_id: str) -> Gate:
        return next(g for g in self.gates if g.id == gate_id)

    def escalation_path(self, body_id: str) -> list[str]:
        """The body and every body above it, up to the top (the model is validated: no cycle)."""
        path = [body_id]
        while (above := self.body(path[-1]).escalates_to) is not None:
            path.append(above)
        return path
