"""The governance model (`governance.yaml`): pydantic models, the rules a model must follow, loading and export.

The file is the consultant's: readable, diffable, hand-edited. Pydantic checks the shape (types, known keys);
`check_rules` checks what makes a governance workable (references, one Accountable, escalation paths that end,
bands and tiers without gaps). Both run on every load and all problems are reported together, each with its
key path and the line of governance.yaml it is on.

Other capabilities (document kit, monthly review, staffing) consume `governance_dict(model)`: its shape is a
contract (see the conventions), so fields may be added as optional but never renamed.
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from governance.core.problems import InputError, Problem

GOVERNANCE_FILE = "governance.yaml"
PmoType = Literal["supportive", "controlling", "directive"]
Frequency = Literal["weekly", "biweekly", "monthly", "quarterly"]
FREQUENCIES = ("weekly", "biweekly", "monthly", "quarterly")
MANDATE_FUNCTIONS = ("planning", "process_improvement", "resource_allocation", "tracking", "control",
                     "templates_training", "knowledge_management", "governance_alignment", "portfolio_view")
RoleKind = Literal["pmo", "project", "executive"]
PMO_ROLES = ("pmo_manager", "pmo_analyst", "pmo_process_specialist", "pmo_coordinator")
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


# ---------------------------------------------------------------- rules beyond the shape

Loc = tuple  # a key path into the raw YAML data: ("bodies", 2, "chair")


def parse_rule(frequency: str, rule: str) -> tuple[int | None, int]:
    """'first tuesday' -> (1, 1); 'last friday' -> (-1, 4); 'tuesday' -> (None, 1). ValueError when wrong."""
    words = rule.split()
    periodic = frequency in ("monthly", "quarterly")
    if periodic:
        if len(words) != 2 or words[0] not in ORDINALS:
            raise ValueError(f"rule {rule!r} does not fit a {frequency} cadence; expected "
                             f"'<first|second|third|fourth|last> <weekday>', e.g. 'first tuesday'")
        ordinal, weekday = ORDINALS[words[0]], words[1]
    else:
        if len(words) != 1:
            raise ValueError(f"rule {rule!r} does not fit a {frequency} cadence; expected a weekday, e.g. 'tuesday'")
        ordinal, weekday = None, words[0]
    if weekday not in WEEKDAYS:
        raise ValueError(f"{weekday!r} is not a weekday; expected one of {', '.join(WEEKDAYS)}")
    return ordinal, WEEKDAYS.index(weekday)


def _ids(items: Any, key: str = "id") -> list[str]:
    if not isinstance(items, list):
        return []
    return [i[key] for i in items if isinstance(i, dict) and isinstance(i.get(key), str)]


def _has_text(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(_has_text(v) for v in value)
    if isinstance(value, dict):
        return any(_has_text(v) for v in value.values())
    return False


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _fraction(value: float) -> str:
    """0.1 -> '0.10': tolerances read as the consultant wrote them."""
    return f"{value:.2f}" if abs(value) < 1 and round(value, 2) == value else f"{value:g}"


def _euros(value: float | None) -> str:
    return "no upper bound" if value is None else f"{value:,.0f}"


def _one_of(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "(none defined)"


def _items(raw: dict, section: str, id_key: str = "id"):
    """(index, item, id) for the dict items of a section; anything else is pydantic's to report."""
    items = raw.get(section)
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield index, item, item.get(id_key)


def check_rules(raw: dict) -> list[tuple[Loc, str]]:
    """Every rule that makes a governance model workable, on the plain data; (key path, message) per problem.

    Defensive about types: a wrong type is reported by pydantic, these rules skip it.
    """
    problems: list[tuple[Loc, str]] = []
    add = lambda loc, message: problems.append((loc, message))  # noqa: E731
    role_ids, body_ids, tier_ids, gate_ids = (_ids(raw.get("roles")), _ids(raw.get("bodies")),
                                              _ids(raw.get("tiers")), _ids(raw.get("gates")))

    # Ids: lower snake case (they become keys in other files) and unique within their section.
    for section, id_key in (("roles", "id"), ("bodies", "id"), ("tiers", "id"), ("gates", "id"), ("raci", "process")):
        seen: dict[str, int] = {}
        for index, item, item_id in _items(raw, section, id_key):
            if not isinstance(item_id, str):
                continue
            if not ID_PATTERN.fullmatch(item_id):
                add((section, index, id_key), f"{id_key} {item_id!r} is not allowed; expected lower snake case "
                                              f"(letters, digits and _), e.g. 'steering_committee'")
            if item_id in seen:
                add((section, index, id_key), f"{id_key} {item_id!r} is used twice in {section}; expected unique ids")
            seen.setdefault(item_id, index)

    mandate = raw.get("mandate")
    if isinstance(mandate, list):
        for index, function in enumerate(mandate):
            if isinstance(function, str) and mandate.index(function) < index:
                add(("mandate", index), f"function {function!r} is listed twice")

    def role_ref(loc: Loc, value: Any) -> None:
        if isinstance(value, str) and value and value not in role_ids:
            add(loc, f"role {value!r} does not exist; expected one of {_one_of(role_ids)}")

    def body_ref(loc: Loc, value: Any) -> None:
        if isinstance(value, str) and value not in body_ids:
            add(loc, f"body {value!r} does not exist; expected one of {_one_of(body_ids)}")

    # Bodies: a chair, known members, a quorum they can reach, a valid cadence.
    bodies: dict[str, dict] = {}
    for index, body, body_id in _items(raw, "bodies"):
        if isinstance(body_id, str):
            bodies.setdefault(body_id, body)
        chair = body.get("chair")
        if chair is None or (isinstance(chair, str) and not chair.strip()):
            add(("bodies", index, "chair"), "every body needs a chair; expected a role id, e.g. 'sponsor'")
        else:
            role_ref(("bodies", index, "chair"), chair)
        members = body.get("members")
        people: set[str] = {chair} if isinstance(chair, str) and chair else set()
        if isinstance(members, list):
            for m_index, member in enumerate(members):
                role_ref(("bodies", index, "members", m_index), member)
                if isinstance(member, str) and members.index(member) < m_index:
                    add(("bodies", index, "members", m_index), f"member {member!r} is listed twice")
                if isinstance(member, str):
                    people.add(member)
        quorum = body.get("quorum")
        if isinstance(quorum, int) and not isinstance(quorum, bool) and quorum > len(people) > 0:
            add(("bodies", index, "quorum"), f"quorum {quorum} is more than the {len(people)} role(s) of the body "
                                             f"(chair and members); expected at most {len(people)}")
        if "escalates_to" in body and body["escalates_to"] is not None:
            body_ref(("bodies", index, "escalates_to"), body["escalates_to"])
        cadence = body.get("cadence")
        if isinstance(cadence, dict):
            problems.extend((("bodies", index, "cadence") + loc, message) for loc, message in check_cadence(cadence))

    # Escalation: every path up from a body ends at a top body that can decide, without going round in circles.
    reported_cycles: set[frozenset] = set()
    ends: dict[str, list[str]] = {}
    for start in bodies:
        path = [start]
        while True:
            above = bodies[path[-1]].get("escalates_to")
            if not isinstance(above, str) or above not in bodies:
                break
            if above in path:
                cycle = path[path.index(above):] + [above]
                if frozenset(cycle) not in reported_cycles:
                    reported_cycles.add(frozenset(cycle))
                    add(("bodies", _ids(raw["bodies"]).index(cycle[0]), "escalates_to"),
                        f"escalation path {' -> '.join(cycle)} is a cycle; expected every path to end at a "
                        f"top body (escalates_to: null)")
                break
            path.append(above)
        if bodies[path[-1]].get("escalates_to") is None:
            ends.setdefault(path[-1], []).extend(b for b in path[:1] if b != path[-1])
    for top, sources in ends.items():
        if _has_text(bodies[top].get("decision_rights")):
            continue
        where = ("bodies", _ids(raw["bodies"]).index(top), "decision_rights")
        if sources:
            add(where, f"escalation from {', '.join(sources)} ends at {top!r}, which has no decision rights; "
                       f"expected the body at the top of an escalation path to list decision_rights")
        else:
            add(where, f"top body {top!r} (escalates_to: null) has no decision rights; expected it to list "
                       "decision_rights")

    # Tiers: references, ordered bands of tolerance, budgets that cover every project once.
    for index, tier, _ in _items(raw, "tiers"):
        body_ref(("tiers", index, "escalation_body"), tier.get("escalation_body"))
        gates = tier.get("gates")
        if isinstance(gates, list):
            for g_index, gate in enumerate(gates):
                if isinstance(gate, str) and gate not in gate_ids:
                    add(("tiers", index, "gates", g_index), f"gate {gate!r} does not exist; expected one of "
                                                            f"{_one_of(gate_ids)}")
                elif isinstance(gate, str) and gates.index(gate) < g_index:
                    add(("tiers", index, "gates", g_index), f"gate {gate!r} is listed twice")
            orders = {g.get("id"): g.get("order") for _, g, _ in _items(raw, "gates")}
            known = [g for g in dict.fromkeys(gates) if isinstance(orders.get(g), int)]
            if known != sorted(known, key=lambda g: orders[g]):
                add(("tiers", index, "gates"), f"gates are not in gate order; expected "
                                               f"{', '.join(sorted(known, key=lambda g: orders[g]))}")
        documents = tier.get("documents")
        if isinstance(documents, list):
            for d_index, document in enumerate(documents):
                if isinstance(document, str) and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", document):
                    add(("tiers", index, "documents", d_index), f"document id {document!r} is not allowed; expected "
                                                                "a kit template id (lower case, digits, _ or -)")
        tolerances = tier.get("tolerances")
        if isinstance(tolerances, dict):
            for dimension in TOLERANCE_DIMENSIONS:
                band = tolerances.get(dimension)
                if isinstance(band, dict):
                    problems.extend((("tiers", index, "tolerances", dimension) + loc, message)
                                    for loc, message in check_band(band))
    problems.extend(check_tier_coverage(raw))

    # Gates: known approvers, listed in order, each order used once.
    previous_order = None
    orders_seen: dict[int, str] = {}
    for index, gate, gate_id in _items(raw, "gates"):
        body_ref(("gates", index, "approver"), gate.get("approver"))
        by_tier = gate.get("approver_by_tier")
        if isinstance(by_tier, dict):
            for tier_id, body_id in by_tier.items():
                if tier_id not in tier_ids:
                    add(("gates", index, "approver_by_tier", tier_id),
                        f"tier {tier_id!r} does not exist; expected one of {_one_of(tier_ids)}")
                body_ref(("gates", index, "approver_by_tier", tier_id), body_id)
        order = gate.get("order")
        if isinstance(order, int) and not isinstance(order, bool):
            if order in orders_seen:
                add(("gates", index, "order"), f"order {order} is used by {orders_seen[order]!r} too; expected "
                                               "each gate to have its own order")
            elif previous_order is not None and order < previous_order:
                add(("gates", index, "order"), f"gates are not listed in order ({order} comes after "
                                               f"{previous_order}); expected them sorted by order")
            orders_seen.setdefault(order, gate_id if isinstance(gate_id, str) else f"#{index + 1}")
            previous_order = order if previous_order is None else max(order, previous_order)

    # RACI: known roles, known letters, exactly one Accountable per process.
    for index, row, _ in _items(raw, "raci", "process"):
        assignments = row.get("assignments")
        if not isinstance(assignments, dict):
            continue
        accountable = []
        for role_id, letter in assignments.items():
            role_ref(("raci", index, "assignments", role_id), role_id)
            letter = letter.strip().upper() if isinstance(letter, str) else letter
            if letter not in RACI_LETTERS:
                add(("raci", index, "assignments", role_id), f"letter {letter!r} is not allowed; expected "
                                                              "R, A, S, C or I")
            if letter == "A":
                accountable.append(role_id)
        if len(accountable) != 1:
            found = "none" if not accountable else f"{len(accountable)} ({', '.join(accountable)})"
            add(("raci", index, "assignments"), f"expected exactly one A (Accountable), found {found}")
    return problems


def check_cadence(cadence: dict) -> list[tuple[Loc, str]]:
    problems = []
    frequency, rule = cadence.get("frequency"), cadence.get("rule")
    if frequency in FREQUENCIES and isinstance(rule, str):
        try:
            parse_rule(frequency, " ".join(rule.lower().split()))
        except ValueError as exc:
            problems.append((("rule",), str(exc)))
    time = cadence.get("time", "09:00")
    if isinstance(time, int) and not isinstance(time, bool) and 0 <= time < 24 * 60:
        time = f"{time // 60:02d}:{time % 60:02d}"
    if not isinstance(time, str) or not TIME_PATTERN.fullmatch(time):
        problems.append((("time",), f"time {time!r} is not allowed; expected HH:MM from 00:00 to 23:59, "
                                    "in quotes, e.g. '09:30'"))
    duration = cadence.get("duration_minutes", 60)
    if isinstance(duration, int) and not isinstance(duration, bool):
        if not 15 <= duration <= 480:
            problems.append((("duration_minutes",), f"duration {duration} is not allowed; expected 15 to 480 minutes"))
        elif isinstance(time, str) and TIME_PATTERN.fullmatch(time):
            hours, minutes = map(int, time.split(":"))
            if hours * 60 + minutes + duration > 24 * 60:
                problems.append((("duration_minutes",), f"a meeting at {time} lasting {duration} minutes ends after "
                                                        "midnight; expected it to end the same day"))
    months = cadence.get("months")
    if months is not None:
        if frequency != "quarterly":
            problems.append((("months",), f"months only apply to a quarterly cadence, not a {frequency} one"))
        elif isinstance(months, list) and all(isinstance(m, int) for m in months):
            ordered = sorted(months)
            spaced = len(ordered) == 4 and all(b - a == 3 for a, b in zip(ordered, ordered[1:]))
            if not all(1 <= m <= 12 for m in months) or not spaced:
                problems.append((("months",), f"months {months} are not allowed; expected four months three apart, "
                                              "e.g. [1, 4, 7, 10]"))
    if cadence.get("reference_date") is not None and frequency != "biweekly":
        problems.append((("reference_date",), f"reference_date only applies to a biweekly cadence, not a "
                                              f"{frequency} one"))
    return problems


def check_band(band: dict) -> list[tuple[Loc, str]]:
    problems = []
    amber, red = _number(band.get("amber")), _number(band.get("red"))
    for name, value in (("amber", amber), ("red", red)):
        if value is not None and not 0 < value <= 1:
            problems.append(((name,), f"{name} {_fraction(value)} is not allowed; expected a fraction above 0 and "
                                      "at most 1 (0.10 = 10 %)"))
    if amber is not None and red is not None and amber >= red:
        problems.append(((), f"amber {_fraction(amber)} is not below red {_fraction(red)}; expected amber < red, so "
                             "that the bands do not overlap (green below amber, amber from amber to red, red from "
                             "red up)"))
    return problems


def check_tier_coverage(raw: dict) -> list[tuple[Loc, str]]:
    """Budget bands [budget_min, budget_max) must cover [0, infinity) once, listed from largest to smallest."""
    problems = []
    bands = []
    for index, tier, tier_id in _items(raw, "tiers"):
        low, high = _number(tier.get("budget_min")), tier.get("budget_max")
        if low is None or (high is not None and _number(high) is None):
            return problems  # a type problem pydantic reports
        high = None if high is None else float(high)
        name = tier_id if isinstance(tier_id, str) else f"#{index + 1}"
        if high is not None and high <= low:
            problems.append((("tiers", index, "budget_max"), f"budget_max {_euros(high)} is not above budget_min "
                                                            f"{_euros(low)}; expected a band from min to max"))
            return problems
        bands.append((low, high, index, name))
    if not bands:
        return problems
    listed = [b[3] for b in bands]
    by_size = sorted(bands, key=lambda b: b[0])
    expected = [b[3] for b in reversed(by_size)]
    if listed != expected:
        problems.append((("tiers",), f"tiers are not listed from the largest to the smallest budget; expected "
                                     f"{', '.join(expected)}"))
    low, _, index, name = by_size[0]
    if low > 0:
        problems.append((("tiers", index, "budget_min"), f"budgets from 0 to {_euros(low)} fall in no tier; expected "
                                                        f"the smallest tier ({name}) to start at budget_min: 0"))
    for (low_a, high_a, index_a, name_a), (low_b, _, index_b, name_b) in zip(by_size, by_size[1:]):
        if high_a is None or high_a > low_b:
            problems.append((("tiers", index_a, "budget_max"),
                             f"tier {name_a} ({_euros(low_a)} to {_euros(high_a)}) overlaps tier {name_b} (from "
                             f"{_euros(low_b)}); expected {name_a} to end where {name_b} starts"))
        elif high_a < low_b:
            problems.append((("tiers", index_b, "budget_min"),
                             f"budgets from {_euros(high_a)} to {_euros(low_b)} fall in no tier ({name_a} ends at "
                             f"{_euros(high_a)}, {name_b} starts at {_euros(low_b)}); expected no gap"))
    low, high, index, name = by_size[-1]
    if high is not None:
        problems.append((("tiers", index, "budget_max"), f"budgets from {_euros(high)} up fall in no tier; expected "
                                                        f"the largest tier ({name}) to have budget_max: null"))
    return problems


# ---------------------------------------------------------------- loading and reporting

def _line_index(text: str) -> dict[tuple, int]:
    """Key path -> line number (1-based) of every node in the YAML text, for messages a person can follow."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    index: dict[tuple, int] = {}

    def walk(node: yaml.Node, path: tuple) -> None:
        index.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    index[path + (key.value,)] = key.start_mark.line + 1
                    walk(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                walk(item, path + (position,))

    if root is not None:
        walk(root, ())
    return index


def _key_path(loc: Loc, raw: Any) -> str:
    """('bodies', 2, 'chair') -> 'bodies[steering_committee].chair': the id a consultant searches for."""
    parts: list[str] = []
    node = raw
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            label = None
            if isinstance(item, dict):
                label = item.get("id", item.get("process"))
            parts.append(f"[{label}]" if isinstance(label, str) and label else f"[{part + 1}]")
            node = item
        else:
            parts.append(("." if parts else "") + str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts)


def _line_for(loc: Loc, lines: dict[tuple, int]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _describe(error: dict) -> str:
    kind, message = error["type"], error["msg"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known key (check the spelling)"
    if kind == "too_short":
        return "must not be empty"
    return f"{message.removeprefix('Value error, ')} (got {error.get('input')!r})"


def _pydantic_loc(loc: tuple) -> tuple:
    # Literal errors inside lists add the literal's name as a last part; drop what is not a key.
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith("literal[")))


def parse_governance(raw: Any, label: str = GOVERNANCE_FILE, text: str | None = None) -> GovernanceModel:
    """Validate loaded governance data: shape and rules, every problem at once. `text` gives line numbers."""
    if not isinstance(raw, dict):
        raise InputError([Problem(label, "expected a mapping with pmo_type, mandate, roles, bodies, tiers, gates "
                                         "and raci at the top level")])
    found: list[tuple[Loc, str]] = []
    model = None
    try:
        model = GovernanceModel.model_validate(raw)
    except ValidationError as exc:
        found.extend((_pydantic_loc(e["loc"]), _describe(e)) for e in exc.errors())
    found.extend(check_rules(raw))
    if not found:
        return model
    lines = _line_index(text) if text is not None else {}
    problems, seen = [], set()
    for loc, message in found:
        problem = Problem(label, message, row=_line_for(loc, lines), key=_key_path(loc, raw) or None)
        if str(problem) not in seen:
            seen.add(str(problem))
            problems.append(problem)
    problems.sort(key=lambda p: (p.row is None, p.row or 0))
    raise InputError(problems)


def governance_path(engagement) -> Path:
    return engagement.root / GOVERNANCE_FILE


def load_governance(engagement) -> GovernanceModel | None:
    """The engagement's governance model, or None when it has no governance.yaml. InputError when invalid."""
    from governance.engagement.config import load_yaml

    path = governance_path(engagement)
    if not path.is_file():
        return None
    raw = load_yaml(path, GOVERNANCE_FILE)
    return parse_governance(raw, GOVERNANCE_FILE, path.read_text(encoding="utf-8"))


def governance_dict(model: GovernanceModel) -> dict:
    """The plain-data form other capabilities consume (the contract's shape)."""
    return model.model_dump(mode="json")


def canonical_json(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(data: dict) -> str:
    """Same model, same hash, whatever the YAML's layout, comments or key order."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- writing YAML a consultant reads

class _Dumper(yaml.SafeDumper):
    pass


def _short(items: list) -> bool:
    return all(isinstance(v, (str, int, float, bool, type(None))) for v in items) and len(repr(items)) <= 100


def _represent_dict(dumper: yaml.SafeDumper, data: dict):
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=_short(list(data.values())))


def _represent_list(dumper: yaml.SafeDumper, data: list):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=_short(data))


def _represent_float(dumper: yaml.SafeDumper, data: float):
    # Fractions such as tolerances read best with two decimals (0.10, not 0.1).
    text = f"{data:.2f}" if data == round(data, 2) and abs(data) < 10 else repr(data)
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


class _Block(dict):
    """The top level of the file: always block style."""


_Dumper.add_representer(_Block, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data,
                                                                              flow_style=False))
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(float, _represent_float)


def to_yaml(data: dict, section_comments: dict[str, str] | None = None) -> str:
    """YAML with short mappings and lists inline, one top-level section after another, each with its comment."""
    chunks = []
    for key, value in data.items():
        comment = (section_comments or {}).get(key)
        text = yaml.dump(_Block({key: value}), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
        chunks.append((f"# {comment}\n" if comment else "") + text)
    return "\n".join(chunks)
