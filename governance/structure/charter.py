"""What the governance charter says: the context handed to the charter template, built from the model."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from governance.core.formatting import money, percent
from governance.core.i18n import t, words
from governance.engagement.config import EngagementConfig
from governance.structure.calendar import add_months, cadence_text, calendar_rows, meeting_dates, month_label
from governance.structure.model import TOLERANCE_DIMENSIONS, GovernanceModel
from governance.structure.raci import raci_matrix


def _words(language: str) -> dict[str, Any]:
    """The charter's catalogue (governance/data/words/structure.yaml, section charter)."""
    return words("structure", language)["charter"]


def short_name(name: str) -> str:
    """A role's name without its explanation in brackets, for narrow columns."""
    return re.sub(r"\s*\(.*?\)", "", name).strip() or name


def budget_text(low: int, high: int | None, language: str) -> str:
    found = _words(language)["words"]
    if high is None:
        return f"{found['from']} {money(low, language)}"
    if low == 0:
        return f"{found['below']} {money(high, language)}"
    return f"{money(low, language)} {found['to']} {money(high, language)}"


def _joined(items: list[str], language: str) -> str:
    found = _words(language)["words"]
    if not items:
        return found["none"]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {found['and']} {items[-1]}"


def _percent(value: float, language: str) -> str:
    return percent(value, language, 0 if round(value * 100, 1).is_integer() else 1)


def _or_dash(items: list[str]) -> list[str]:
    # A table cell or a list without any paragraph is invalid in Word: show a dash instead.
    return items or ["—"]


def charter_context(
    *,
    config: EngagementConfig,
    model: GovernanceModel,
    version: int,
    content_hash: str,
    stored_at: datetime,
    history: list[dict],
    calendar_first: date,
    calendar_end: date,
    ics_name: str,
    today: date | None = None,
) -> dict[str, Any]:
    language = config.language
    catalogue = _words(language)
    found = catalogue["words"]
    roles = {r.id: r.name(language) for r in model.roles}
    bodies = {b.id: b.name(language) for b in model.bodies}
    tier_numbers = {t.id: str(position) for position, t in enumerate(model.tiers, start=1)}

    def tiers_text(tier_ids: list[str]) -> str:
        if not tier_ids:
            return found["none"]
        if len(tier_ids) == len(model.tiers):
            return found["all_tiers"]
        numbers = [tier_numbers[tier] for tier in tier_ids]
        return f"{found['tiers' if len(numbers) > 1 else 'tier']} {_joined(numbers, language)}"

    type_label, type_text = (catalogue["pmo_types"][model.pmo_type][k] for k in ("label", "text"))
    body_rows = []
    for body in model.bodies:
        approves = []
        for gate in model.gates:
            tiers = [t.id for t in model.tiers if gate.id in t.gates and gate.approver_for(t.id) == body.id]
            if tiers:
                approves.append(f"{gate.name(language)} ({tiers_text(tiers)})")
        body_rows.append(
            {
                "id": body.id,
                "name": body.name(language),
                "purpose": body.purpose(language) if body.purpose else "",
                "chair": roles[body.chair],
                "members": ", ".join(roles[m] for m in body.members) or "—",
                "quorum": body.quorum,
                "cadence": cadence_text(body.cadence, language),
                "escalates_to": bodies[body.escalates_to] if body.escalates_to else "—",
                "decision_rights": _or_dash(body.decision_rights(language)),
                "inputs": _or_dash(body.inputs(language)),
                "outputs": _or_dash(body.outputs(language)),
                "approves": t(language, fr=" ; ", en="; ").join(approves) or "—",
                "meetings": len(meeting_dates(body.cadence, calendar_first, calendar_end)),
            }
        )

    role_rows = [
        {
            "id": r.id,
            "name": r.name(language),
            "kind": catalogue["kinds"][r.kind],
            "responsibilities": _or_dash(r.responsibilities(language)),
        }
        for kind in ("pmo", "executive", "project")
        for r in model.roles
        if r.kind == kind
    ]

    tier_rows = []
    for tier in model.tiers:
        gate_names = [model.gate(g).name(language) for g in tier.gates]
        documents = [catalogue["documents"].get(d, d) for d in tier.documents]
        tier_rows.append(
            {
                "id": tier.id,
                "name": tier.name(language),
                "budget": budget_text(tier.budget_min, tier.budget_max, language),
                "gates": ", ".join(gate_names) or "—",
                "documents": ", ".join(documents) or "—",
                "reporting": catalogue["reporting"][tier.reporting],
                "escalation": bodies[tier.escalation_body],
                "tolerances": {
                    d: f"{_percent(getattr(tier.tolerances, d).amber, language)} / "
                    f"{_percent(getattr(tier.tolerances, d).red, language)}"
                    for d in TOLERANCE_DIMENSIONS
                },
            }
        )

    gate_rows = []
    for gate in model.gates:
        tiers = [t.id for t in model.tiers if gate.id in t.gates]
        colon = t(language, fr=" : ", en=": ")
        exceptions = [
            f"{tiers_text([tier])}{colon}{bodies[body]}"
            for tier, body in gate.approver_by_tier.items()
            if tier in tiers and body != gate.approver
        ]
        approver = bodies[gate.approver] + (f" ({'; '.join(exceptions)})" if exceptions else "")
        entry, exit_ = gate.entry_criteria(language), gate.exit_criteria(language)
        length = max(len(entry), len(exit_), 1)
        criteria = [
            {"entry": entry[i] if i < len(entry) else "", "exit": exit_[i] if i < len(exit_) else ""}
            for i in range(length)
        ]
        gate_rows.append(
            {
                "id": gate.id,
                "order": gate.order,
                "name": gate.name(language),
                "approver": approver,
                "tiers": tiers_text(tiers),
                "criteria": criteria,
            }
        )

    paths = []
    for body in model.bodies:
        if body.escalates_to is None:
            continue
        paths.append(" → ".join(bodies[b] for b in model.escalation_path(body.id)))
    matrix = raci_matrix(model, language)
    for role in matrix["roles"]:
        role["short"] = short_name(role["name"])

    months = calendar_rows(model, language, calendar_first, calendar_end)
    for month in months:
        if not month["meetings"]:
            month["meetings"] = [{"body": "—", "days": "", "body_id": "", "time": "", "count": 0}]
    approvals = []
    for role_id in dict.fromkeys([next(b.chair for b in model.bodies if b.escalates_to is None), "pmo_manager"]):
        if role_id in roles:
            approvals.append({"role": roles[role_id]})
    status = t(language, fr="À approuver", en="For approval")
    return {
        "document": {
            "version": str(version),
            "date": stored_at,
            "author": config.consultant,
            "approvers": ", ".join(a["role"] for a in approvals),
            "status": status,
        },
        "client": config.client.name,
        "consultant": config.consultant,
        "today": today or date.today(),
        "version": version,
        "content_hash": content_hash[:12],
        "stored_at": stored_at,
        "document_history": history,
        "mission": config.pmo.mission,
        "vision": config.pmo.vision,
        "pmo_type": type_label,
        "pmo_type_text": type_text,
        "mandate": [
            {"id": f, "name": catalogue["functions"][f]["label"], "description": catalogue["functions"][f]["text"]}
            for f in model.mandate
        ],
        "bodies": body_rows,
        "roles": role_rows,
        "tiers": tier_rows,
        "gates": gate_rows,
        "dimensions": [
            {"id": d, "name": catalogue["dimensions"][d]["label"], "measure": catalogue["dimensions"][d]["text"]}
            for d in TOLERANCE_DIMENSIONS
        ],
        "escalation_paths": paths,
        "raci": matrix,
        "calendar": months,
        "calendar_from": month_label(calendar_first, language, sentence=True),
        "calendar_to": month_label(add_months(calendar_end, -1), language, sentence=True),
        "timezone": config.timezone,
        "ics_name": ics_name,
        "approvals": approvals,
    }


def history_rows(versions: list[tuple[int, str, datetime, list[str]]], language: str) -> list[dict]:
    """Document-control rows, newest first: (version, who, when, change texts against the version before)."""
    found = _words(language)["words"]
    rows = []
    for number, who, when, changes in versions:
        if number == 1 or not changes:
            summary = found["initial"] if number == 1 else "—"
        else:
            summary = found["changes"].format(n=len(changes), first=changes[0]) + (" …" if len(changes) > 1 else "")
        rows.append({"version": str(number), "date": when, "author": who, "approvers": "", "changes": summary})
    return list(reversed(rows))
