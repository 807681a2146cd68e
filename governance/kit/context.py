"""What the document kit knows about the engagement: the context every kit template is rendered with.

Built from pmo.yaml and the governance model as the plain dict of its contract (governance.structure's resolver:
governance.yaml, or the one default model when the engagement has none yet, so the kit can be handed out on the
first day). The words come from governance/data/words/kit.yaml.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from governance.core.formatting import day, percent
from governance.core.i18n import pick, t
from governance.kit.wording import (
    agenda,
    budget_money,
    budget_text,
    cadence_text,
    kit_words,
    month_label,
    sentence_words,
    texts,
    upcoming_meetings,
)
from governance.structure.model import TOLERANCE_DIMENSIONS

# Variables the renderer adds to every context (governance.core.docx.PreparedTemplate).
RENDERER_VARIABLES = frozenset({"logo", "footer_text", "classification"})
# Charts the kit draws: the governance structure shown in the PMO charter.
KIT_IMAGES = frozenset({"org_chart"})


def kit_context(*, config, governance: dict, language: str, today: date, documents: list[dict]) -> dict[str, Any]:
    """The context shared by every kit document. `documents`: the kit's entries as
    {id, title, tiers} (tiers: the manifest's default tier ids, [] for PMO documents)."""
    words = sentence_words(language)
    vocabulary = kit_words(language)
    roles = governance.get("roles") or []
    role_names = {r["id"]: pick(r.get("name"), language) or r["id"] for r in roles}
    body_names = {b["id"]: pick(b.get("name"), language) or b["id"] for b in governance.get("bodies") or []}
    tiers_raw = governance.get("tiers") or []
    gates_raw = sorted(governance.get("gates") or [], key=lambda g: (g.get("order") or 0, g["id"]))
    gate_names = {g["id"]: pick(g.get("name"), language) or g["id"] for g in gates_raw}
    titles = {d["id"]: d["title"] for d in documents}

    def required_tiers(document: dict) -> list[str]:
        """Tier ids that need a document: governance.yaml decides when it lists documents per tier."""
        if any("documents" in t for t in tiers_raw):
            return [t["id"] for t in tiers_raw if document["id"] in (t.get("documents") or [])]
        default = document.get("tiers") or []
        return [t["id"] for t in tiers_raw] if default == "all" else [t["id"] for t in tiers_raw if t["id"] in default]

    tier_names = {t["id"]: pick(t.get("name"), language) or t["id"] for t in tiers_raw}

    def tiers_text(ids: list[str] | set[str]) -> str:
        if len(tiers_raw) > 1 and set(ids) >= set(tier_names):
            return words["all_tiers"]
        return ", ".join(tier_names[t] for t in tier_names if t in ids)

    needed = {d["id"]: required_tiers(d) for d in documents}
    tiers = []
    for tier in tiers_raw:
        tolerances = tier.get("tolerances") or {}
        tiers.append(
            {
                "id": tier["id"],
                "name": tier_names[tier["id"]],
                "budget_min": tier.get("budget_min"),
                "budget_max": tier.get("budget_max"),
                "budget_text": budget_text(tier.get("budget_min"), tier.get("budget_max"), language),
                "gates": [gate_names.get(g, g) for g in tier.get("gates") or []],
                "gates_text": ", ".join(gate_names.get(g, g) for g in tier.get("gates") or []) or words["none"],
                "gate_ids": list(tier.get("gates") or []),
                "documents": [titles[d] for d in documents_order(documents) if tier["id"] in needed[d]],
                "reporting": vocabulary["frequencies"].get(tier.get("reporting"), str(tier.get("reporting") or "")),
                "escalation_body": body_names.get(tier.get("escalation_body"), tier.get("escalation_body") or ""),
                "tolerance": {
                    d: {"amber": (tolerances.get(d) or {}).get("amber"), "red": (tolerances.get(d) or {}).get("red")}
                    for d in TOLERANCE_DIMENSIONS
                },
            }
        )
    gates = []
    for position, gate in enumerate(gates_raw):
        passing = [t for t in tiers if gate["id"] in t["gate_ids"]]
        passing_ids = {t["id"] for t in passing}
        gates.append(
            {
                "id": gate["id"],
                "name": gate_names[gate["id"]],
                "order": gate.get("order") or position + 1,
                "approver": body_names.get(gate.get("approver"), gate.get("approver") or ""),
                "approver_by_tier": {t: body_names.get(b, b) for t, b in (gate.get("approver_by_tier") or {}).items()},
                "approver_text": _approver_text(gate, body_names, tier_names, language),
                "entry_criteria": texts(gate.get("entry_criteria"), language),
                "exit_criteria": texts(gate.get("exit_criteria"), language),
                "tiers": [t["name"] for t in passing],
                "tiers_text": tiers_text(passing_ids) or words["none"],
                "documents": [
                    titles[d]
                    for d in documents_order(documents)
                    if passing_ids & set(needed[d]) and d != "stage_gate_checklist"
                ],
                "next": gate_names[gates_raw[position + 1]["id"]] if position + 1 < len(gates_raw) else "",
            }
        )
    bodies = []
    for body in governance.get("bodies") or []:
        cadence = body.get("cadence") or {}
        upcoming = upcoming_meetings(cadence, today, 4)
        members = [role_names.get(m, m) for m in body.get("members") or []]
        bodies.append(
            {
                "id": body["id"],
                "name": body_names[body["id"]],
                "purpose": pick(body.get("purpose"), language),
                "chair": role_names.get(body.get("chair"), body.get("chair") or ""),
                "members": members,
                "members_text": ", ".join(members),
                "quorum": body.get("quorum") if body.get("quorum") is not None else words["none"],
                "cadence": cadence_text(cadence, language),
                "frequency": vocabulary["frequencies"].get(cadence.get("frequency"), ""),
                "time": str(cadence.get("time") or ""),
                "duration": cadence.get("duration_minutes") or "",
                "next_meetings": upcoming[:3],
                "next_meetings_text": ", ".join(day(d, language) for d in upcoming[:3]) or words["none"],
                "next_meeting": upcoming[0] if upcoming else None,
                "following_meeting": upcoming[1] if len(upcoming) > 1 else None,
                "decision_rights": texts(body.get("decision_rights"), language),
                "inputs": texts(body.get("inputs"), language),
                "outputs": texts(body.get("outputs"), language),
                "escalates_to": body_names.get(body.get("escalates_to"), body.get("escalates_to") or ""),
                "agenda": agenda(
                    {**body, "escalates_to": body_names.get(body.get("escalates_to"), body.get("escalates_to"))},
                    role_names,
                    language,
                ),
            }
        )
    role_rows = [
        {
            "id": r["id"],
            "name": role_names[r["id"]],
            "kind": r.get("kind", ""),
            "kind_label": vocabulary["role_kinds"].get(r.get("kind"), r.get("kind") or ""),
            "responsibilities": texts(r.get("responsibilities"), language),
        }
        for r in roles
    ]
    raci = []
    for row in governance.get("raci") or []:
        letters = {k: [] for k in "RASCI"}
        for role_id, letter in (row.get("assignments") or {}).items():
            if letter in letters:
                letters[letter].append(role_names.get(role_id, role_id))
        raci.append(
            {
                "process": row.get("process", ""),
                "name": pick(row.get("name"), language) or row.get("process", ""),
                **{k: ", ".join(v) or words["none"] for k, v in letters.items()},
            }
        )
    pmo_type = governance.get("pmo_type") or config.pmo.type
    pmo_types = vocabulary["pmo_types"]
    type_label, type_description = (
        pmo_types.get(pmo_type, pmo_types["supportive"])[k] for k in ("label", "description")
    )
    top = next((b["name"] for b in bodies if not b["escalates_to"]), "")
    scales = vocabulary["scales"]
    responsibilities = {r["id"]: r["responsibilities"] for r in role_rows}
    for required in ("sponsor", "project_manager"):
        responsibilities.setdefault(required, [])
    return {
        "client": {
            "name": config.client.name,
            "sector": config.client.sector,
            "staff": config.client.staff,
            "projects": config.client.projects,
        },
        "consultant": config.consultant,
        "today": today,
        "pmo": {
            "type": pmo_type,
            "type_label": type_label,
            "type_description": type_description,
            "mission": config.pmo.mission,
            "vision": config.pmo.vision,
            "objectives": [
                {"text": o.text, "measure": o.measure, "target": o.target, "due": o.due} for o in config.pmo.objectives
            ],
            "mandate": [
                {"id": m, **vocabulary["mandate"][m]}
                for m in governance.get("mandate") or []
                if m in vocabulary["mandate"]
            ],
        },
        "roles": role_rows,
        "stakeholder_roles": [r for r in role_rows if r["kind"] in ("executive", "project")],
        "role_responsibilities": responsibilities,
        "bodies": bodies,
        "top_body": top,
        "tiers": tiers,
        "gates": gates,
        "raci": raci,
        "tolerance_rule": words["tolerance_rule"],
        "kit_documents": [
            {
                "id": d["id"],
                "title": d["title"],
                "required_for": tiers_text(needed[d["id"]])
                or (words["governance_bodies"] if d.get("each") == "body" else words["pmo"]),
            }
            for d in documents
        ],
        "scales": {
            **scales,
            "rating_thresholds": [[r["score"], r["label"]] for r in scales["rating_thresholds"]],
            "priority_labels": [p["label"] for p in scales["priorities"]],
        },
    }


def _approver_text(gate: dict, body_names: dict, tier_names: dict, language: str) -> str:
    """'Comité de pilotage (Niveau 1 — stratégique : Comité de portefeuille)' when a tier has its own approver."""
    approver = body_names.get(gate.get("approver"), gate.get("approver") or "")
    colon = t(language, fr="\u00a0:", en=":")
    special = [
        f"{tier_names.get(tier, tier)}{colon} {body_names.get(body, body)}"
        for tier, body in (gate.get("approver_by_tier") or {}).items()
    ]
    return f"{approver} ({'; '.join(special)})" if special else approver


def documents_order(documents: list[dict]) -> list[str]:
    return [d["id"] for d in documents]


def _change_approval(tiers: list[dict], sponsor: str | None, language: str) -> list[dict]:
    """Who decides a change, by the size of its impact against the tier's tolerances."""
    words = sentence_words(language)

    def pct(value: float | None) -> str:
        return "n/a" if value is None else percent(value, language)

    sponsor_text = words["sponsor_named"].format(sponsor) if sponsor else words["sponsor"]
    if len(tiers) == 1:
        tol = tiers[0]["tolerance"]
        amber = words["thresholds"].format(pct(tol["schedule"]["amber"]), pct(tol["cost"]["amber"]))
        red = words["thresholds"].format(pct(tol["schedule"]["red"]), pct(tol["cost"]["red"]))
        return [
            {"impact": words["within"].format(amber), "approver": words["project_manager"]},
            {"impact": words["between"].format(""), "approver": sponsor_text},
            {"impact": words["beyond"].format(red), "approver": tiers[0]["escalation_body"]},
        ]
    rows = [
        {"impact": words["within"].format(""), "approver": words["project_manager"]},
        {"impact": words["between"].format(""), "approver": sponsor_text},
    ]
    rows += [
        {"impact": words["beyond"].format(words["of_tier"].format(t["name"])), "approver": t["escalation_body"]}
        for t in tiers
    ]
    return rows


def blank_project(common: dict, language: str) -> dict:
    """The project of the blank kit: placeholders the project team replaces; every tier and gate shown."""
    words = kit_words(language)["placeholders"]
    return {
        "id": words["id"],
        "name": words["name"],
        "sponsor": words["sponsor"],
        "manager": words["manager"],
        "tier": "",
        "tier_name": words["tier_name"],
        "budget": None,
        "budget_text": words["budget_text"],
        "start": words["date"],
        "end": words["date"],
        "reporting": words["reporting"],
        "escalation_body": words["escalation_body"],
        "period": words["period"],
        "tiers": common["tiers"],
        "gates": common["gates"],
        "documents": [],
        "change_approval": _change_approval(common["tiers"], None, language),
    }


def project_item(common: dict, project: dict, language: str, today: date) -> dict:
    """A project of the project list, with what its tier implies (gates, tolerances, reporting, documents)."""
    words = kit_words(language)["placeholders"]
    tier = next((t for t in common["tiers"] if t["id"] == project["tier"]), None)
    tiers = [tier] if tier else []
    gate_ids = tier["gate_ids"] if tier else []
    return {
        "id": project["id"],
        "name": project["name"],
        "sponsor": project.get("sponsor") or words["sponsor"],
        "manager": project.get("manager") or words["manager"],
        "tier": project["tier"],
        "tier_name": tier["name"] if tier else words["tier_name"],
        "budget": project.get("budget"),
        "budget_text": budget_money(project.get("budget"), language),
        "start": project.get("start") or words["date"],
        "end": project.get("end") or words["date"],
        "reporting": tier["reporting"] if tier else words["reporting"],
        "escalation_body": tier["escalation_body"] if tier else words["escalation_body"],
        "period": month_label(today, language),
        "tiers": tiers,
        "gates": [
            {
                **g,
                "approver": g["approver_by_tier"].get(project["tier"], g["approver"]),
                "approver_text": g["approver_by_tier"].get(project["tier"], g["approver"]),
            }
            for g in common["gates"]
            if g["id"] in gate_ids
        ],
        "documents": tier["documents"] if tier else [],
        "change_approval": _change_approval(tiers, project.get("sponsor"), language) if tiers else [],
    }


def document_meta(
    *, title: str, kind: str, template_id: str, common: dict, project: dict | None, language: str, today: date
) -> tuple[dict, list[dict]]:
    """The document-control block: version, date, author, approvers, status and a first history line."""
    words = sentence_words(language)
    pmo_manager = next((r["name"] for r in common["roles"] if r["id"] == "pmo_manager"), "")
    if project is not None and kind == "project" and not project["id"].startswith("["):
        version, status, author = "0.1", words["project_status"], project["manager"]
        approvers, change = project["sponsor"], words["prefilled"]
    elif template_id == "pmo_charter":
        version, status, author = "0.1", words["charter_status"], common["consultant"]
        approvers, change = common["top_body"] or pmo_manager, words["created"]
    else:
        version, status, author = "1.0", words["kit_status"], common["consultant"]
        approvers, change = pmo_manager, words["created"]
    document = {
        "title": title,
        "version": version,
        "date": today,
        "author": author,
        "approvers": approvers,
        "status": status,
    }
    history = [{"version": version, "date": today, "author": author, "approvers": approvers, "changes": change}]
    return document, history
