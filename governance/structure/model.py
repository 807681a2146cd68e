"""The governance model (`governance.yaml`): loading with every problem at once, the plain-data contract, export.

The file is the consultant's: readable, diffable, hand-edited. The schema (governance.structure.schema) checks
the shape and governance.structure.rules what makes a governance workable; both run on every load and all
problems are reported together, each with a stable code, its key path and the line of governance.yaml it is on.

Other capabilities (document kit, monthly review, staffing) consume `governance_dict(model)` through
governance.structure.resolve: its shape is a contract, so fields may be added as optional but never renamed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from governance.core.problems import InputError, Problem
from governance.core.yaml_lines import line_for, line_index
from governance.engagement.config import load_yaml
from governance.structure.rules import Loc, check_band, check_cadence, check_rules, check_tier_coverage, parse_rule
from governance.structure.schema import (
    BIWEEKLY_EPOCH,
    DEFAULT_QUARTER_MONTHS,
    FREQUENCIES,
    ID_PATTERN,
    LANGUAGES,
    MANDATE_FUNCTIONS,
    ORDINALS,
    PMO_ROLES,
    RACI_LETTERS,
    TIME_PATTERN,
    TOLERANCE_DIMENSIONS,
    WEEKDAYS,
    Band,
    Body,
    Cadence,
    Frequency,
    Gate,
    GovernanceModel,
    PmoType,
    RaciRow,
    Role,
    RoleKind,
    Strict,
    Text,
    TextList,
    Tier,
    Tolerances,
)

GOVERNANCE_FILE = "governance.yaml"
# What the rest of the package and other capabilities import from here (the schema and rules live next door).
__all__ = [
    "BIWEEKLY_EPOCH",
    "DEFAULT_QUARTER_MONTHS",
    "FREQUENCIES",
    "GOVERNANCE_FILE",
    "ID_PATTERN",
    "LANGUAGES",
    "MANDATE_FUNCTIONS",
    "ORDINALS",
    "PMO_ROLES",
    "RACI_LETTERS",
    "TIME_PATTERN",
    "TOLERANCE_DIMENSIONS",
    "WEEKDAYS",
    "Band",
    "Body",
    "Cadence",
    "Frequency",
    "Gate",
    "GovernanceModel",
    "Loc",
    "PmoType",
    "RaciRow",
    "Role",
    "RoleKind",
    "Strict",
    "Text",
    "TextList",
    "Tier",
    "Tolerances",
    "canonical_json",
    "check_band",
    "check_cadence",
    "check_rules",
    "check_tier_coverage",
    "content_hash",
    "governance_dict",
    "governance_path",
    "load_governance",
    "parse_governance",
    "parse_rule",
    "to_yaml",
]
# Pydantic's error types as stable problem codes; any other type is an invalid value.
SCHEMA_CODES = {
    "missing": "governance-missing-key",
    "extra_forbidden": "governance-unknown-key",
    "too_short": "governance-empty-section",
}


# ---------------------------------------------------------------- loading and reporting


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
        raise InputError(
            [
                Problem(
                    label,
                    "expected a mapping with pmo_type, mandate, roles, bodies, tiers, gates and raci at the top level",
                    code="governance-not-a-mapping",
                )
            ]
        )
    found: list[tuple[Loc, str, str]] = []
    model = None
    try:
        model = GovernanceModel.model_validate(raw)
    except ValidationError as exc:
        found.extend(
            (_pydantic_loc(e["loc"]), _describe(e), SCHEMA_CODES.get(e["type"], "governance-invalid-value"))
            for e in exc.errors()
        )
    found.extend(check_rules(raw))
    if not found:
        return model
    lines = line_index(text) if text is not None else {}
    problems, seen = [], set()
    for loc, message, code in found:
        problem = Problem(label, message, row=line_for(loc, lines), key=_key_path(loc, raw) or None, code=code)
        if str(problem) not in seen:
            seen.add(str(problem))
            problems.append(problem)
    problems.sort(key=lambda p: (p.row is None, p.row or 0))
    raise InputError(problems)


def governance_path(engagement) -> Path:
    return engagement.root / GOVERNANCE_FILE


def load_governance(engagement) -> GovernanceModel | None:
    """The engagement's governance model, or None when it has no governance.yaml. InputError when invalid."""
    path = governance_path(engagement)
    if not path.is_file():
        return None
    raw = load_yaml(path, GOVERNANCE_FILE)
    return parse_governance(raw, GOVERNANCE_FILE, path.read_text(encoding="utf-8"))


def governance_dict(model: GovernanceModel) -> dict:
    """The plain-data form other capabilities consume (the contract's shape)."""
    data = model.model_dump(mode="json")
    # A body without portfolio criteria has no `portfolio` key, so models written before it existed keep their hash.
    for body in data["bodies"]:
        if body.get("portfolio") is None:
            body.pop("portfolio", None)
    return data


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


_Dumper.add_representer(
    _Block, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=False)
)
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
