"""`pmo governance propose`: a starting governance model for the consultant to edit.

The proposal follows from three facts: the PMO type (supportive, controlling, directive), the organisation's
size (staff and number of projects, from pmo.yaml) and its governance maturity (given, or the latest stored
assessment's, read by the caller: the structure layer does not reach into the assessment's store). Type and
maturity set a control level (light, standard, strong) that decides how many bodies, gates and documents, how
tight the tolerances and how often projects report; size sets the budget thresholds of the tiers. The catalogue
it draws from is data: governance/data/governance_proposal.yaml; the mandate starts from THE default mandate of
the PMO type (governance/data/default_mandates.yaml).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from governance.core.i18n import t
from governance.core.paths import DATA_DIR
from governance.core.problems import InputError, Problem
from governance.structure.model import GOVERNANCE_FILE, MANDATE_FUNCTIONS, parse_governance
from governance.structure.proposal_file import (
    MARKER,
    basis_sentence,
    header_lines,
    model_yaml,
    proposal_state,
    proposal_text,
    write_proposal,
)
from governance.structure.resolve import PORTFOLIO_BODY, default_mandate, default_portfolio_scoring

# The file functions are part of this module's public face (the CLI and bootstrap import them from here).
__all__ = [
    "MARKER",
    "Basis",
    "Maturity",
    "basis_sentence",
    "control_level",
    "header_lines",
    "maturity_of",
    "model_yaml",
    "organisation_size",
    "propose_for",
    "propose_governance",
    "proposal_state",
    "proposal_text",
    "write_engagement_proposal",
    "write_proposal",
]

CATALOGUE_FILE = DATA_DIR / "governance_proposal.yaml"
CONTROL_LEVELS = ("light", "standard", "strong")
TYPE_CONTROL = {"supportive": 0, "controlling": 1, "directive": 2}

_CATALOGUE: dict[str, Any] = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
ROLES = {role_id: (r["kind"], r["name"], r["responsibilities"]) for role_id, r in _CATALOGUE["roles"].items()}
BODIES: dict[str, dict] = _CATALOGUE["bodies"]
GATES: dict[str, dict] = _CATALOGUE["gates"]
PROCESSES: dict[str, dict] = _CATALOGUE["processes"]
# Who does what, by PMO type: the more control the PMO has, the more it is accountable itself.
RACI: dict[str, dict[str, dict[str, str]]] = _CATALOGUE["raci"]
# Per control level, per tier from the largest to the smallest.
GATE_SETS: dict[str, list[list[str]]] = _CATALOGUE["gate_sets"]
DOCUMENT_SETS: dict[str, list[list[str]]] = _CATALOGUE["document_sets"]
REPORTING: dict[str, list[str]] = _CATALOGUE["reporting"]
# (amber, red) for the largest tier; smaller tiers get wider bands (TIER_WIDENING).
TOLERANCES = {level: {d: tuple(band) for d, band in dims.items()} for level, dims in _CATALOGUE["tolerances"].items()}
TIER_WIDENING: list[float] = _CATALOGUE["tier_widening"]
# Budget thresholds (EUR) between tiers, largest first, by organisation size.
THRESHOLDS: dict[str, list[int]] = _CATALOGUE["thresholds"]
TIER_NAMES = {int(count): names for count, names in _CATALOGUE["tier_names"].items()}
ADJUSTMENTS: dict[str, dict] = _CATALOGUE["adjustments"]


# ---------------------------------------------------------------- deciding


def organisation_size(staff: int, projects: int) -> str:
    """small, medium or large from staff and number of projects; 0 means unknown."""
    if staff >= 1000 or projects >= 60:
        return "large"
    known = [(value, limit) for value, limit in ((staff, 100), (projects, 10)) if value]
    if known and all(value < limit for value, limit in known):
        return "small"
    return "medium"


def control_level(pmo_type: str, maturity: int | None) -> str:
    """Type sets the base; low maturity lightens control (fewer gates), high maturity strengthens it."""
    shift = 0 if maturity is None else (-1 if maturity <= 2 else 0 if maturity == 3 else 1)
    return CONTROL_LEVELS[max(0, min(2, TYPE_CONTROL[pmo_type] + shift))]


@dataclass(frozen=True)
class Basis:
    """What a proposal was derived from, said in the proposal's header."""

    pmo_type: str
    staff: int
    projects: int
    maturity: int | None
    maturity_source: str = ""  # e.g. "governance 2026-10"

    @property
    def size(self) -> str:
        return organisation_size(self.staff, self.projects)

    @property
    def control(self) -> str:
        return control_level(self.pmo_type, self.maturity)


def _cadence(frequency: str, rule: str, time: str, minutes: int, months: list[int] | None = None) -> dict:
    cadence = {"frequency": frequency, "rule": rule, "time": time, "duration_minutes": minutes}
    if months:
        cadence["months"] = months
    return cadence


def _band(amber: float, red: float, widening: float) -> dict:
    if widening == 1:
        return {"amber": amber, "red": red}
    # Widened bands are rounded to the nearest 5 % so they read like a decision, not a computation.
    step = lambda value, cap: min(math.floor(value * 20 + 0.5) / 20, cap)  # noqa: E731
    return {"amber": step(amber * widening, 0.4), "red": step(red * widening, 0.6)}


def propose_governance(pmo_type: str, staff: int = 0, projects: int = 0, maturity: int | None = None) -> dict:
    """A complete, valid governance model (plain data, the contract's shape) for these facts."""
    basis = Basis(pmo_type, staff, projects, maturity)
    size, control = basis.size, basis.control
    supportive, directive = pmo_type == "supportive", pmo_type == "directive"
    executive = directive or size == "large"
    change_board = not supportive and control != "light"

    thresholds = THRESHOLDS[size]
    count = len(thresholds) + 1
    profiles = [0, 1, 2] if count == 3 else [0, 2]  # a two-tier model: largest and smallest profiles
    bounds = [None, *thresholds, 0]
    tiers = []
    for position, profile in enumerate(profiles):
        tier_id = f"tier{position + 1}"
        widening = TIER_WIDENING[profile]
        escalation = "portfolio_board" if profile == 0 or (directive and profile == 1) else "steering_committee"
        tiers.append(
            {
                "id": tier_id,
                "name": TIER_NAMES[count][position],
                "budget_min": bounds[position + 1],
                "budget_max": bounds[position],
                "gates": list(GATE_SETS[control][profile]),
                "documents": list(DOCUMENT_SETS[control][profile]),
                "reporting": REPORTING[control][profile],
                "escalation_body": escalation,
                "tolerances": {d: _band(*TOLERANCES[control][d], widening) for d in TOLERANCES[control]},
            }
        )

    used_gates = [g for g in GATES if any(g in t["gates"] for t in tiers)]
    gates = []
    for order, gate_id in enumerate(used_gates, start=1):
        spec = GATES[gate_id]
        gate = {"id": gate_id, "name": spec["name"], "order": order, "approver": spec["approver"]}
        if gate_id == "ready_for_executing" and control != "light":
            # Committing the budget of the largest projects is a portfolio decision.
            gate["approver_by_tier"] = {tiers[0]["id"]: "portfolio_board"}
        gate["entry_criteria"] = spec["entry_criteria"]
        gate["exit_criteria"] = spec["exit_criteria"]
        gates.append(gate)

    bodies = []
    if executive:
        bodies.append(
            _body("executive_board", _cadence("quarterly", "second thursday", "10:00", 120, [1, 4, 7, 10]), None)
        )
    portfolio_cadence = (
        _cadence("quarterly", "first tuesday", "09:00", 120, [1, 4, 7, 10])
        if supportive
        else _cadence("monthly", "first tuesday", "09:00", 120)
    )
    bodies.append(_body("portfolio_board", portfolio_cadence, "executive_board" if executive else None))
    bodies.append(_body("steering_committee", _cadence("monthly", "second thursday", "14:00", 90), "portfolio_board"))
    if change_board:
        weekly = control == "strong" or size == "large"
        bodies.append(
            _body(
                "change_board",
                _cadence("weekly" if weekly else "biweekly", "wednesday", "11:00", 60),
                "portfolio_board",
            )
        )
    light_review = supportive or size == "small"
    bodies.append(
        _body(
            "pmo_review", _cadence("biweekly" if light_review else "weekly", "monday", "09:30", 60), "portfolio_board"
        )
    )
    if executive:
        bodies[1]["outputs"] = _extended(bodies[1]["outputs"], ADJUSTMENTS["executive_escalation_output"])
    if not change_board:
        steering = next(b for b in bodies if b["id"] == "steering_committee")
        steering["decision_rights"] = _extended(steering["decision_rights"], ADJUSTMENTS["steering_change_right"])

    role_ids = list(
        dict.fromkeys(
            [r for b in bodies for r in [b["chair"], *b["members"]]]
            + [r for rows in RACI[pmo_type].values() for r in rows]
        )
    )
    order = list(ROLES)
    roles = []
    for role_id in sorted(role_ids, key=order.index):
        kind, name, responsibilities = ROLES[role_id]
        if directive and role_id == "project_manager":
            name = ADJUSTMENTS["directive_project_manager"]
        roles.append({"id": role_id, "name": name, "kind": kind, "responsibilities": responsibilities})

    raci = []
    for process, assignments in RACI[pmo_type].items():
        assignments = dict(assignments)
        if executive and process in ("project_intake", "benefits_review"):
            assignments["chief_executive"] = "I"
        raci.append({"process": process, "name": PROCESSES[process], "assignments": assignments})

    mandate = set(default_mandate(pmo_type))
    if control == "strong":
        mandate.add("process_improvement")
    if size == "large":
        mandate.add("portfolio_view")
    return {
        "pmo_type": pmo_type,
        "mandate": [f for f in MANDATE_FUNCTIONS if f in mandate],
        "roles": roles,
        "bodies": bodies,
        "tiers": tiers,
        "gates": gates,
        "raci": raci,
    }


def _extended(texts: dict, extra: dict) -> dict:
    """A {fr: [...], en: [...]} list with one more {fr:, en:} text at the end of each language."""
    return {language: [*texts[language], extra[language]] for language in texts}


def _body(body_id: str, cadence: dict, escalates_to: str | None) -> dict:
    spec = BODIES[body_id]
    return {
        "id": body_id,
        "name": spec["name"],
        "purpose": spec["purpose"],
        "chair": spec["chair"],
        "members": list(spec["members"]),
        "quorum": spec["quorum"],
        "cadence": cadence,
        "decision_rights": spec["decision_rights"],
        "inputs": spec["inputs"],
        "outputs": spec["outputs"],
        "escalates_to": escalates_to,
        # The deciding body scores demands on criteria: the portfolio capability's defaults, shown to be tailored.
        **({"portfolio": default_portfolio_scoring()} if body_id == PORTFOLIO_BODY else {}),
    }


# ---------------------------------------------------------------- maturity and the engagement's proposal


@dataclass(frozen=True)
class Maturity:
    level: int
    campaign: str
    source: str  # "governance" (the governance dimension's level) or "overall"


class StoredMaturity(Protocol):
    """What the assessment capability stores about its latest assessment (governance.assessment.Maturity)."""

    campaign: str
    overall_level: int | None
    levels: dict[str, int | None]


def maturity_of(stored: StoredMaturity | None) -> Maturity | None:
    """The maturity a proposal uses from the latest stored assessment: its governance level, else its overall
    level; None without an assessment (or with neither level measured)."""
    if stored is None:
        return None
    if stored.levels.get("governance") is not None:
        return Maturity(int(stored.levels["governance"]), stored.campaign, "governance")
    if stored.overall_level is not None:
        return Maturity(int(stored.overall_level), stored.campaign, "overall")
    return None


def propose_for(
    engagement, maturity_override: int | None = None, pmo_type: str | None = None, *, assessed: Maturity | None = None
) -> tuple[dict, Basis]:
    """The proposal for an engagement: its PMO type and size from pmo.yaml; its maturity given
    (`maturity_override`, e.g. --maturity) or assessed (`assessed`: `maturity_of` the latest stored assessment)."""
    config = engagement.config
    language = engagement.language
    if maturity_override is not None:
        level = maturity_override
        source = t(language, fr="donnée par --maturity", en="given by --maturity")
    else:
        level = assessed.level if assessed else None
        if assessed is None:
            source = ""
        else:
            which = t(language, fr="gouvernance" if assessed.source == "governance" else "globale", en=assessed.source)
            source = t(
                language, fr=f"{which}, évaluation {assessed.campaign}", en=f"{which}, assessment {assessed.campaign}"
            )
    kind = pmo_type or config.pmo.type
    basis = Basis(kind, config.client.staff, config.client.projects, level, source)
    model = propose_governance(kind, config.client.staff, config.client.projects, level)
    parse_governance(model, "proposal")  # a proposal is always valid: a failure here is a bug, said loudly
    return model, basis


def write_engagement_proposal(
    engagement,
    *,
    maturity: int | None = None,
    assessed: Maturity | None = None,
    output: Path | None = None,
    force: bool = False,
) -> dict:
    """`pmo governance propose`: write the proposal (governance.yaml unless `output`) and say what it holds."""
    if maturity is not None and not 1 <= maturity <= 5:
        raise InputError(
            [
                Problem(
                    "--maturity",
                    f"{maturity} is not allowed; expected a level from 1 to 5",
                    code="maturity-out-of-range",
                )
            ]
        )
    model, basis = propose_for(engagement, maturity, assessed=assessed)
    target = output or engagement.root / GOVERNANCE_FILE
    text = proposal_text(model, basis, engagement.config.client.name, engagement.language)
    before = write_proposal(target, text, force, engagement.display(target))
    return {
        "file": str(target),
        "replaced": before != "absent",
        "was_edited": before == "edited",
        "pmo_type": basis.pmo_type,
        "size": basis.size,
        "maturity": basis.maturity,
        "maturity_source": basis.maturity_source,
        "control": basis.control,
        "bodies": [b["id"] for b in model["bodies"]],
        "tiers": [t["id"] for t in model["tiers"]],
        "gates": [g["id"] for g in model["gates"]],
        "roles": len(model["roles"]),
    }
