"""The training and certification plan: catalogue, choice per gap, schedule by quarter and budget.

Rules (each checkable by hand):
- A role may expect a certification (role_profiles.yaml); a person holding none of the listed ones gets the
  first, and it closes the gaps it develops to the required level.
- Every other gap gets the cheapest catalogue item (in EUR) that develops the skill to at least the required
  level and suits the role, then the shorter, then the first listed; an item the person already holds is
  never proposed. An item chosen for one gap also closes the person's other gaps it reaches.
- A gap nothing in the catalogue closes is listed as "coaching on the job", without cost.
- Each person follows at most `days_per_quarter` training days a quarter (a longer item takes a quarter
  alone), largest gaps first. The PMO gives project managers a workshop for each of the weakest dimensions
  of the latest assessment (level at most `workshop_max_level`, weakest first), `workshops_per_quarter` a
  quarter, in sessions of `group_size`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from governance.assessment import Text
from governance.core.i18n import words
from governance.core.paths import DATA_DIR
from governance.core.problems import InputError, Problem
from governance.core.tabular import plain_text
from governance.engagement.staffing_settings import ROLES
from governance.staffing.profiles import RoleProfiles
from governance.staffing.skills import Person

BUILTIN_CATALOGUE = DATA_DIR / "training_catalogue.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Fee(_Strict):
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    amount: float = Field(ge=0)
    member_amount: float | None = Field(default=None, ge=0)
    range: list[float] | None = None


class Item(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["certification", "course"]
    name: Text
    provider: str = ""
    aliases: list[str] = Field(default_factory=list)
    covers: Text | None = None
    develops: dict[str, int] = Field(min_length=1)
    roles: list[str] = Field(default_factory=list)
    fee: Fee
    days: float = Field(gt=0, le=60)
    preparation_cost: float = Field(default=0, ge=0)
    estimate: bool = False
    prerequisites: Text | None = None
    price_note: Text | None = None

    @field_validator("develops")
    @classmethod
    def _levels(cls, value: dict[str, int]) -> dict[str, int]:
        bad = {k: v for k, v in value.items() if not 1 <= v <= 5}
        if bad:
            raise ValueError(f"levels must be 1 to 5, got {bad}")
        return value

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str]) -> list[str]:
        unknown = [r for r in value if r not in ROLES]
        if unknown:
            raise ValueError(f"unknown roles {unknown}; expected {', '.join(ROLES)}")
        return value


class Workshop(_Strict):
    title: Text
    audience: Text
    days: float = Field(gt=0, le=10)
    delivered_by: Literal["pmo", "external"] = "pmo"
    cost_per_session: float = Field(ge=0)


class Catalogue(_Strict):
    exchange_rates: dict[str, float] = Field(default_factory=dict)
    items: list[Item] = Field(default_factory=list)
    workshops: dict[str, Workshop] = Field(default_factory=dict)

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    def aliases(self) -> dict[str, str]:
        """Every way a certification may be written in the people file -> item id."""
        lookup: dict[str, str] = {}
        for item in self.items:
            for label in (item.id, item.name.fr, item.name.en, *item.aliases):
                lookup.setdefault(plain_text(label), item.id)
        return lookup


def _parse(raw: object, label: str) -> Catalogue:
    try:
        return Catalogue.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        raise InputError(
            [
                Problem(
                    label,
                    e["msg"].removeprefix("Value error, "),
                    key=".".join(map(str, e["loc"])) or None,
                    code="invalid-catalogue",
                )
                for e in exc.errors()
            ]
        ) from None


def load_catalogue(
    profiles: RoleProfiles,
    extension: Path | None = None,
    extension_label: str | None = None,
    exchange_rates: dict[str, float] | None = None,
) -> Catalogue:
    """The built-in catalogue, extended (same id replaces) by the engagement's file and pmo.yaml's rates."""
    from governance.engagement.config import load_yaml

    catalogue = _parse(load_yaml(BUILTIN_CATALOGUE, str(BUILTIN_CATALOGUE)), str(BUILTIN_CATALOGUE))
    label = str(BUILTIN_CATALOGUE)
    if extension is not None:
        label = extension_label or str(extension)
        extra = _parse(load_yaml(extension, label), label)
        items = {i.id: i for i in catalogue.items}
        items.update({i.id: i for i in extra.items})
        catalogue = Catalogue(
            exchange_rates={**catalogue.exchange_rates, **extra.exchange_rates},
            items=list(items.values()),
            workshops={**catalogue.workshops, **extra.workshops},
        )
    if exchange_rates:
        catalogue = catalogue.model_copy(update={"exchange_rates": {**catalogue.exchange_rates, **exchange_rates}})
    problems = []
    for item in catalogue.items:
        unknown = [s for s in item.develops if s not in profiles.skill_ids]
        if unknown:
            problems.append(
                Problem(
                    label,
                    f"item {item.id!r} develops unknown skills {unknown}; expected {', '.join(profiles.skill_ids)}",
                    key=f"items.{item.id}.develops",
                    code="unknown-skill",
                )
            )
        if item.fee.currency not in catalogue.exchange_rates:
            problems.append(
                Problem(
                    label,
                    f"item {item.id!r}: no exchange rate for {item.fee.currency}; add it under "
                    "exchange_rates (EUR for one unit) or staffing.training.exchange_rates",
                    key=f"items.{item.id}.fee.currency",
                    code="no-exchange-rate",
                )
            )
    ids = {i.id for i in catalogue.items}
    for role in profiles.roles:
        for certification in role.certifications:
            if certification not in ids:
                problems.append(
                    Problem(
                        "role profiles",
                        f"role {role.id!r} expects certification {certification!r}, "
                        "which is not in the training catalogue",
                        key=f"roles.{role.id}.certifications",
                        code="unknown-certification",
                    )
                )
    if problems:
        raise InputError(problems)
    return catalogue


def item_cost(item: Item, rates: dict[str, float], pmi_member: bool = False) -> float:
    """EUR to budget: the fee (member price when the client is a PMI member) converted, plus preparation."""
    fee = item.fee.member_amount if pmi_member and item.fee.member_amount is not None else item.fee.amount
    return round(fee * rates[item.fee.currency] + item.preparation_cost)


# ----------------------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class PlanLine:
    person: str
    role: str
    item: str | None  # catalogue id; None = no catalogue item closes the gap
    kind: str  # certification | course | on_the_job
    skills: tuple[str, ...]  # the gaps it closes
    gap: int  # the largest of those gaps
    reason: str  # gap | role_certification | uncovered
    days: float
    cost: float  # EUR
    quarter: int = 0  # 0 = the plan's first quarter
    order: int = 0


def staff_plan(
    people: list[Person],
    matrix: pd.DataFrame,
    profiles: RoleProfiles,
    catalogue: Catalogue,
    *,
    role_certifications: bool = True,
    pmi_member: bool = False,
) -> list[PlanLine]:
    """What each person should follow, before scheduling (see the module docstring for the rules)."""
    rates = catalogue.exchange_rates
    position = {item.id: index for index, item in enumerate(catalogue.items)}
    gaps = matrix[matrix["status"] == "gap"]
    lines: list[PlanLine] = []
    order = {role: index for index, role in enumerate(ROLES)}
    for person in sorted(people, key=lambda p: (order.get(p.role, 99), p.name)):
        mine = gaps[gaps["person"] == person.name]
        skill_order = {s: i for i, s in enumerate(profiles.skill_ids)}
        open_gaps = {r["skill"]: int(r["gap"]) for r in mine.to_dict("records")}
        required = {s: profiles.required(person.role, s) for s in open_gaps}
        chosen: list[tuple[Item, list[str], str]] = []
        expected = profiles.role(person.role).certifications
        if role_certifications and expected and not any(c in person.certifications for c in expected):
            item = catalogue.item(expected[0])
            closed = [s for s in open_gaps if item.develops.get(s, 0) >= required[s]]
            chosen.append((item, closed, "role_certification"))
            for skill in closed:
                open_gaps.pop(skill)
        uncovered: list[str] = []
        for skill in sorted(open_gaps, key=lambda s: (-open_gaps[s], skill_order[s])):
            already = next((c for c in chosen if c[0].develops.get(skill, 0) >= required[skill]), None)
            if already is not None:
                already[1].append(skill)
                continue
            candidates = [
                i
                for i in catalogue.items
                if i.develops.get(skill, 0) >= required[skill]
                and (not i.roles or person.role in i.roles)
                and i.id not in person.certifications
            ]
            if not candidates:
                uncovered.append(skill)
                continue
            best = min(candidates, key=lambda i: (item_cost(i, rates, pmi_member), i.days, position[i.id]))
            chosen.append((best, [skill], "gap"))
        all_gaps = {r["skill"]: int(r["gap"]) for r in mine.to_dict("records")}
        for item, skills, reason in chosen:
            skills = sorted(skills, key=lambda s: (-all_gaps[s], skill_order[s]))
            lines.append(
                PlanLine(
                    person.name,
                    person.role,
                    item.id,
                    item.kind,
                    tuple(skills),
                    max((all_gaps[s] for s in skills), default=0),
                    reason,
                    item.days,
                    item_cost(item, rates, pmi_member),
                )
            )
        for skill in uncovered:
            lines.append(
                PlanLine(person.name, person.role, None, "on_the_job", (skill,), all_gaps[skill], "uncovered", 0.0, 0.0)
            )
    return lines


def schedule(lines: list[PlanLine], days_per_quarter: float) -> list[PlanLine]:
    """Quarters per person (largest gaps first, at most `days_per_quarter` days each), then a global order."""
    role_order = {role: index for index, role in enumerate(ROLES)}
    scheduled: list[PlanLine] = []
    by_person: dict[str, list[PlanLine]] = {}
    for line in lines:
        by_person.setdefault(line.person, []).append(line)
    for person_lines in by_person.values():
        quarter, used = 0, 0.0
        for line in sorted(person_lines, key=lambda line: -line.gap):  # stable: catalogue choice order on ties
            if used and used + line.days > days_per_quarter:
                quarter, used = quarter + 1, 0.0
            scheduled.append(replace(line, quarter=quarter))
            used += line.days
    scheduled.sort(key=lambda line: (line.quarter, -line.gap, role_order.get(line.role, 99), line.person))
    return [replace(line, order=index) for index, line in enumerate(scheduled, start=1)]


# ----------------------------------------------------------------------------------------- project managers


@dataclass(frozen=True)
class WorkshopLine:
    dimension: str
    level: int
    median: float | None
    workshop: Workshop
    sessions: int
    participants: int
    cost: float
    quarter: int


def pm_workshops(
    scores: pd.DataFrame | None,
    catalogue: Catalogue,
    *,
    max_level: int = 2,
    max_workshops: int = 5,
    project_managers: int = 0,
    group_size: int = 10,
    per_quarter: int = 2,
) -> tuple[list[WorkshopLine], list[str]]:
    """Workshops for the weakest dimensions of the latest assessment, and the weak dimensions without one.

    `scores`: the stored dimension scores (dimension_id, level, median), in question-bank order.
    """
    if scores is None or scores.empty:
        return [], []
    frame = scores.reset_index(drop=True).assign(bank_order=lambda f: range(len(f)))
    frame = frame[frame["level"].notna()]
    weak = frame[frame["level"].astype(int) <= max_level].sort_values(["level", "median", "bank_order"], kind="stable")
    without = [d for d in weak["dimension_id"] if d not in catalogue.workshops]
    chosen = [r for r in weak.to_dict("records") if r["dimension_id"] in catalogue.workshops][:max_workshops]
    sessions = max(1, math.ceil(project_managers / group_size)) if project_managers else 1
    lines = []
    for index, record in enumerate(chosen):
        workshop = catalogue.workshops[record["dimension_id"]]
        median = record.get("median")
        lines.append(
            WorkshopLine(
                record["dimension_id"],
                int(record["level"]),
                None if median is None or pd.isna(median) else float(median),
                workshop,
                sessions,
                project_managers,
                sessions * workshop.cost_per_session,
                index // per_quarter,
            )
        )
    return lines, without


# ----------------------------------------------------------------------------------------- budget


def quarter_date(start: date, offset: int) -> date:
    index = start.year * 12 + start.month - 1 + 3 * offset
    return date(index // 12, index % 12 + 1, 1)


def quarter_label(day: date, language: str) -> str:
    number = (day.month - 1) // 3 + 1
    return f"{words('staffing', language)['quarter']}{number} {day.year}"


def budget_by_quarter(lines: list[PlanLine], workshops: list[WorkshopLine], start: date) -> list[dict]:
    """Staff training, project-manager workshops and total for every quarter from the first to the last used."""
    last = max([line.quarter for line in lines] + [w.quarter for w in workshops] + [0])
    rows = []
    for quarter in range(last + 1):
        staff = sum(line.cost for line in lines if line.quarter == quarter)
        managers = sum(w.cost for w in workshops if w.quarter == quarter)
        rows.append(
            {
                "quarter": quarter,
                "start": quarter_date(start, quarter),
                "staff": staff,
                "project_managers": managers,
                "total": staff + managers,
            }
        )
    return rows
