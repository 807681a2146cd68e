"""What changed between two versions of a governance model, in words a consultant reads (French or English).

Items are matched by id (process for RACI rows), so reordering a list is not reported as a change of every
item after it; values are compared key by key, lists of ids or texts item by item.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from governance.core.docx.documents import format_number

SECTIONS = {"roles": "id", "bodies": "id", "tiers": "id", "gates": "id", "raci": "process"}
# (English label, French label, French gender) of one item of each section.
ENTITIES = {"roles": ("role", "rôle", "m"), "bodies": ("body", "instance", "f"), "tiers": ("tier", "niveau", "m"),
            "gates": ("gate", "jalon", "m"), "raci": ("RACI process", "processus RACI", "m")}
SECTION_NAMES = {"en": {"roles": "roles", "bodies": "bodies", "tiers": "tiers", "gates": "gates", "raci": "RACI"},
                 "fr": {"roles": "rôles", "bodies": "instances", "tiers": "niveaux", "gates": "jalons",
                        "raci": "RACI"}}
MISSING = object()


@dataclass(frozen=True)
class Change:
    section: str  # pmo_type, mandate, roles, bodies, tiers, gates, raci
    item: str | None  # the item's id, None for top-level values
    path: str  # dotted key inside the item ('' for the item itself)
    kind: str  # added | removed | changed | reordered
    old: Any
    new: Any
    text: str

    def to_dict(self) -> dict:
        return asdict(self)


def _value(value: Any, language: str) -> str:
    if value is None:
        return "aucun" if language == "fr" else "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return format_number(value, language, 2)
    if isinstance(value, int):
        return format_number(value, language, 0)
    if isinstance(value, (list, dict)):
        return repr(value)
    text = str(value)
    if " " in text:
        text = text if len(text) <= 80 else text[:79] + "…"
        return f"« {text} »" if language == "fr" else f'"{text}"'
    return text


def _path_label(path: str, language: str) -> str:
    if path.startswith("tolerances."):
        return ("tolérance " if language == "fr" else "tolerance ") + path.removeprefix("tolerances.")
    return path


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted keys to leaves; lists stay whole (compared item by item later)."""
    if isinstance(data, dict):
        flat: dict[str, Any] = {}
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    return {prefix: data}


class _Writer:
    def __init__(self, language: str):
        self.language = language
        self.changes: list[Change] = []

    def v(self, value: Any) -> str:
        return _value(value, self.language)

    def add(self, section: str, item: str | None, path: str, kind: str, old: Any, new: Any, text: str) -> None:
        self.changes.append(Change(section, item, path, kind, old, new, text))

    def subject(self, section: str, item: str) -> str:
        english, french, _ = ENTITIES[section]
        return f"{french if self.language == 'fr' else english} {item}"

    def field(self, section: str, item: str | None, path: str, old: Any, new: Any) -> None:
        fr = self.language == "fr"
        subject = self.subject(section, item) if item else None
        label = _path_label(path, self.language)
        where = f"{subject} : {label}" if fr and subject else f"{subject}: {label}" if subject else label
        colon = " : " if fr else ": "
        if isinstance(old, list) and isinstance(new, list):
            removed = [x for x in old if x not in new]
            added = [x for x in new if x not in old]
            for x in added:
                self.add(section, item, path, "added", None, x,
                         f"{where}{colon}ajout de {self.v(x)}" if fr else f"{where}: {self.v(x)} added")
            for x in removed:
                self.add(section, item, path, "removed", x, None,
                         f"{where}{colon}retrait de {self.v(x)}" if fr else f"{where}: {self.v(x)} removed")
            if not added and not removed and old != new:
                self.add(section, item, path, "reordered", old, new,
                         f"{where}{colon}ordre modifié" if fr else f"{where}: order changed")
        elif old is MISSING:
            self.add(section, item, path, "added", None, new,
                     f"{where}{colon}ajout ({self.v(new)})" if fr else f"{where} set to {self.v(new)}")
        elif new is MISSING:
            self.add(section, item, path, "removed", old, None,
                     f"{where}{colon}suppression (était {self.v(old)})" if fr
                     else f"{where} removed (was {self.v(old)})")
        elif old != new:
            self.add(section, item, path, "changed", old, new,
                     f"{where} passe de {self.v(old)} à {self.v(new)}" if fr
                     else f"{where} changed from {self.v(old)} to {self.v(new)}")

    def item(self, section: str, item: str, kind: str, data: dict) -> None:
        english, french, gender = ENTITIES[section]
        if self.language == "fr":
            verb = {"added": "ajouté", "removed": "supprimé"}[kind] + ("e" if gender == "f" else "")
            text = f"{french} {item} {verb}"
        else:
            text = f"{english} {item} {kind}"
        self.add(section, item, "", kind, data if kind == "removed" else None, data if kind == "added" else None, text)


def diff_models(old: dict, new: dict, language: str = "en") -> list[Change]:
    """Every difference from `old` to `new`, in reading order: type, mandate, then each section."""
    writer = _Writer(language)
    fr = language == "fr"
    if old.get("pmo_type") != new.get("pmo_type"):
        writer.add("pmo_type", None, "pmo_type", "changed", old.get("pmo_type"), new.get("pmo_type"),
                   f"type de PMO passe de {old.get('pmo_type')} à {new.get('pmo_type')}" if fr
                   else f"PMO type changed from {old.get('pmo_type')} to {new.get('pmo_type')}")
    old_mandate, new_mandate = old.get("mandate") or [], new.get("mandate") or []
    for function in new_mandate:
        if function not in old_mandate:
            writer.add("mandate", None, "mandate", "added", None, function,
                       f"mandat : ajout de la fonction {function}" if fr else f"mandate: function {function} added")
    for function in old_mandate:
        if function not in new_mandate:
            writer.add("mandate", None, "mandate", "removed", function, None,
                       f"mandat : retrait de la fonction {function}" if fr else f"mandate: function {function} removed")
    for section, id_key in SECTIONS.items():
        before = {i[id_key]: i for i in old.get(section) or []}
        after = {i[id_key]: i for i in new.get(section) or []}
        for item_id, data in after.items():
            if item_id not in before:
                writer.item(section, item_id, "added", data)
                continue
            flat_old, flat_new = _flatten(before[item_id]), _flatten(data)
            for path in dict.fromkeys([*flat_old, *flat_new]):
                if path == id_key:
                    continue
                writer.field(section, item_id, path, flat_old.get(path, MISSING), flat_new.get(path, MISSING))
        for item_id, data in before.items():
            if item_id not in after:
                writer.item(section, item_id, "removed", data)
        common_old = [i for i in before if i in after]
        common_new = [i for i in after if i in before]
        if common_old != common_new:
            name = SECTION_NAMES[language][section]
            writer.add(section, None, "", "reordered", common_old, common_new,
                       f"{name} : ordre modifié ({', '.join(common_new)})" if fr
                       else f"{name}: order changed ({', '.join(common_new)})")
    return writer.changes
