"""The rules a governance model must follow beyond its shape: references, one Accountable, escalation paths
that end, known gates and tiers. On the plain data, so that every problem is found even when pydantic refuses
the shape; the rules on single values (cadences, bands, budget tiers) are in governance.structure.values."""

from __future__ import annotations

import re
from typing import Any

from governance.structure.criteria_rules import check_criteria
from governance.structure.schema import ID_PATTERN, RACI_LETTERS, TOLERANCE_DIMENSIONS
from governance.structure.values import (
    Loc,
    _items,
    check_band,
    check_cadence,
    check_tier_coverage,
    parse_rule,
)

# parse_rule and the value checks are part of this module's public face (model.py re-exports them from here).
__all__ = ["Loc", "check_band", "check_cadence", "check_rules", "check_tier_coverage", "parse_rule"]


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


def _one_of(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "(none defined)"


def check_rules(raw: dict) -> list[tuple[Loc, str, str]]:
    """Every rule that makes a governance model workable, on the plain data; (key path, message, code) per problem.

    Defensive about types: a wrong type is reported by pydantic, these rules skip it.
    """
    problems: list[tuple[Loc, str, str]] = []
    add = lambda loc, message, code: problems.append((loc, message, code))  # noqa: E731
    role_ids, body_ids, tier_ids, gate_ids = (
        _ids(raw.get("roles")),
        _ids(raw.get("bodies")),
        _ids(raw.get("tiers")),
        _ids(raw.get("gates")),
    )

    # Ids: lower snake case (they become keys in other files) and unique within their section.
    for section, id_key in (("roles", "id"), ("bodies", "id"), ("tiers", "id"), ("gates", "id"), ("raci", "process")):
        seen: dict[str, int] = {}
        for index, _item, item_id in _items(raw, section, id_key):
            if not isinstance(item_id, str):
                continue
            if not ID_PATTERN.fullmatch(item_id):
                add(
                    (section, index, id_key),
                    f"{id_key} {item_id!r} is not allowed; expected lower snake case "
                    f"(letters, digits and _), e.g. 'steering_committee'",
                    "governance-bad-id",
                )
            if item_id in seen:
                add(
                    (section, index, id_key),
                    f"{id_key} {item_id!r} is used twice in {section}; expected unique ids",
                    "governance-duplicate-id",
                )
            seen.setdefault(item_id, index)

    mandate = raw.get("mandate")
    if isinstance(mandate, list):
        for index, function in enumerate(mandate):
            if isinstance(function, str) and mandate.index(function) < index:
                add(("mandate", index), f"function {function!r} is listed twice", "governance-duplicate")

    def role_ref(loc: Loc, value: Any) -> None:
        if isinstance(value, str) and value and value not in role_ids:
            add(
                loc,
                f"role {value!r} does not exist; expected one of {_one_of(role_ids)}",
                "governance-unknown-reference",
            )

    def body_ref(loc: Loc, value: Any) -> None:
        if isinstance(value, str) and value not in body_ids:
            add(
                loc,
                f"body {value!r} does not exist; expected one of {_one_of(body_ids)}",
                "governance-unknown-reference",
            )

    # Bodies: a chair, known members, a quorum they can reach, a valid cadence.
    bodies: dict[str, dict] = {}
    for index, body, body_id in _items(raw, "bodies"):
        if isinstance(body_id, str):
            bodies.setdefault(body_id, body)
        chair = body.get("chair")
        if chair is None or (isinstance(chair, str) and not chair.strip()):
            add(
                ("bodies", index, "chair"),
                "every body needs a chair; expected a role id, e.g. 'sponsor'",
                "governance-no-chair",
            )
        else:
            role_ref(("bodies", index, "chair"), chair)
        members = body.get("members")
        people: set[str] = {chair} if isinstance(chair, str) and chair else set()
        if isinstance(members, list):
            for m_index, member in enumerate(members):
                role_ref(("bodies", index, "members", m_index), member)
                if isinstance(member, str) and members.index(member) < m_index:
                    add(
                        ("bodies", index, "members", m_index),
                        f"member {member!r} is listed twice",
                        "governance-duplicate",
                    )
                if isinstance(member, str):
                    people.add(member)
        quorum = body.get("quorum")
        if isinstance(quorum, int) and not isinstance(quorum, bool) and quorum > len(people) > 0:
            add(
                ("bodies", index, "quorum"),
                f"quorum {quorum} is more than the {len(people)} role(s) of the body "
                f"(chair and members); expected at most {len(people)}",
                "governance-quorum",
            )
        if "escalates_to" in body and body["escalates_to"] is not None:
            body_ref(("bodies", index, "escalates_to"), body["escalates_to"])
        cadence = body.get("cadence")
        if isinstance(cadence, dict):
            problems.extend(
                (("bodies", index, "cadence") + loc, message, "governance-cadence")
                for loc, message in check_cadence(cadence)
            )

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
                cycle = path[path.index(above) :] + [above]
                if frozenset(cycle) not in reported_cycles:
                    reported_cycles.add(frozenset(cycle))
                    add(
                        ("bodies", _ids(raw["bodies"]).index(cycle[0]), "escalates_to"),
                        f"escalation path {' -> '.join(cycle)} is a cycle; expected every path to end at a "
                        f"top body (escalates_to: null)",
                        "governance-escalation-cycle",
                    )
                break
            path.append(above)
        if bodies[path[-1]].get("escalates_to") is None:
            ends.setdefault(path[-1], []).extend(b for b in path[:1] if b != path[-1])
    for top, sources in ends.items():
        if _has_text(bodies[top].get("decision_rights")):
            continue
        where = ("bodies", _ids(raw["bodies"]).index(top), "decision_rights")
        if sources:
            add(
                where,
                f"escalation from {', '.join(sources)} ends at {top!r}, which has no decision rights; "
                f"expected the body at the top of an escalation path to list decision_rights",
                "governance-top-body-without-decision-rights",
            )
        else:
            add(
                where,
                f"top body {top!r} (escalates_to: null) has no decision rights; expected it to list decision_rights",
                "governance-top-body-without-decision-rights",
            )

    # Tiers: references, ordered bands of tolerance, budgets that cover every project once.
    for index, tier, _ in _items(raw, "tiers"):
        body_ref(("tiers", index, "escalation_body"), tier.get("escalation_body"))
        late = tier.get("late_report")
        if isinstance(late, dict) and late.get("escalate_to", "sponsor") != "sponsor":
            body_ref(("tiers", index, "late_report", "escalate_to"), late.get("escalate_to"))
        gates = tier.get("gates")
        if isinstance(gates, list):
            for g_index, gate in enumerate(gates):
                if isinstance(gate, str) and gate not in gate_ids:
                    add(
                        ("tiers", index, "gates", g_index),
                        f"gate {gate!r} does not exist; expected one of {_one_of(gate_ids)}",
                        "governance-unknown-reference",
                    )
                elif isinstance(gate, str) and gates.index(gate) < g_index:
                    add(("tiers", index, "gates", g_index), f"gate {gate!r} is listed twice", "governance-duplicate")
            orders = {g.get("id"): g.get("order") for _, g, _ in _items(raw, "gates")}
            known = [g for g in dict.fromkeys(gates) if isinstance(orders.get(g), int)]
            if known != sorted(known, key=lambda g: orders[g]):
                add(
                    ("tiers", index, "gates"),
                    f"gates are not in gate order; expected {', '.join(sorted(known, key=lambda g: orders[g]))}",
                    "governance-gate-order",
                )
        documents = tier.get("documents")
        if isinstance(documents, list):
            for d_index, document in enumerate(documents):
                if isinstance(document, str) and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", document):
                    add(
                        ("tiers", index, "documents", d_index),
                        f"document id {document!r} is not allowed; expected "
                        "a kit template id (lower case, digits, _ or -)",
                        "governance-bad-id",
                    )
        tolerances = tier.get("tolerances")
        if isinstance(tolerances, dict):
            for dimension in TOLERANCE_DIMENSIONS:
                band = tolerances.get(dimension)
                if isinstance(band, dict):
                    problems.extend(
                        (("tiers", index, "tolerances", dimension) + loc, message, "governance-tolerance-band")
                        for loc, message in check_band(band)
                    )
    problems.extend((loc, message, "governance-tier-coverage") for loc, message in check_tier_coverage(raw))

    # Gates: known approvers, listed in order, each order used once.
    previous_order = None
    orders_seen: dict[int, str] = {}
    for index, gate, gate_id in _items(raw, "gates"):
        body_ref(("gates", index, "approver"), gate.get("approver"))
        by_tier = gate.get("approver_by_tier")
        if isinstance(by_tier, dict):
            for tier_id, body_id in by_tier.items():
                if tier_id not in tier_ids:
                    add(
                        ("gates", index, "approver_by_tier", tier_id),
                        f"tier {tier_id!r} does not exist; expected one of {_one_of(tier_ids)}",
                        "governance-unknown-reference",
                    )
                body_ref(("gates", index, "approver_by_tier", tier_id), body_id)
        order = gate.get("order")
        if isinstance(order, int) and not isinstance(order, bool):
            if order in orders_seen:
                add(
                    ("gates", index, "order"),
                    f"order {order} is used by {orders_seen[order]!r} too; expected each gate to have its own order",
                    "governance-gate-order",
                )
            elif previous_order is not None and order < previous_order:
                add(
                    ("gates", index, "order"),
                    f"gates are not listed in order ({order} comes after "
                    f"{previous_order}); expected them sorted by order",
                    "governance-gate-order",
                )
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
                add(
                    ("raci", index, "assignments", role_id),
                    f"letter {letter!r} is not allowed; expected R, A, S, C or I",
                    "governance-raci-letter",
                )
            if letter == "A":
                accountable.append(role_id)
        if len(accountable) != 1:
            found = "none" if not accountable else f"{len(accountable)} ({', '.join(accountable)})"
            add(
                ("raci", index, "assignments"),
                f"expected exactly one A (Accountable), found {found}",
                "governance-raci-accountable",
            )
    problems.extend(check_criteria(raw))
    return problems
