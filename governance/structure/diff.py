"""What changed between two versions of a governance model, in words a consultant reads (French or English).

Items are matched by id (process for RACI rows), so reordering a list is not reported as a change of every
item after it; values are compared key by key, lists of ids or texts item by item.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC
from typing import Any

from sqlmodel import Session

from governance.core.formatting import number
from governance.core.i18n import t, words
from governance.core.problems import InputError, Problem
from governance.structure.calendar import check_timezone
from governance.structure.store import all_versions

SECTIONS = {"roles": "id", "bodies": "id", "tiers": "id", "gates": "id", "raci": "process"}
# The French gender of one item of each section (added/removed agree with it: « instance ajoutée »).
FEMININE = frozenset({"bodies"})
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
        return t(language, fr="aucun", en="none")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return number(value, language, 2)
    if isinstance(value, int):
        return number(value, language, 0)
    if isinstance(value, (list, dict)):
        return repr(value)
    text = str(value)
    if " " in text:
        text = text if len(text) <= 80 else text[:79] + "…"
        return t(language, fr=f"« {text} »", en=f'"{text}"')
    return text


def _path_label(path: str, language: str) -> str:
    if path.startswith("tolerances."):
        return t(language, fr="tolérance ", en="tolerance ") + path.removeprefix("tolerances.")
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
        return f"{words('structure', self.language)['diff']['entities'][section]} {item}"

    def field(self, section: str, item: str | None, path: str, old: Any, new: Any) -> None:
        language = self.language
        subject = self.subject(section, item) if item else None
        label = _path_label(path, language)
        colon = t(language, fr=" : ", en=": ")
        where = f"{subject}{colon}{label}" if subject else label
        if isinstance(old, list) and isinstance(new, list):
            removed = [x for x in old if x not in new]
            added = [x for x in new if x not in old]
            for x in added:
                self.add(
                    section,
                    item,
                    path,
                    "added",
                    None,
                    x,
                    t(language, fr=f"{where}{colon}ajout de {self.v(x)}", en=f"{where}: {self.v(x)} added"),
                )
            for x in removed:
                self.add(
                    section,
                    item,
                    path,
                    "removed",
                    x,
                    None,
                    t(language, fr=f"{where}{colon}retrait de {self.v(x)}", en=f"{where}: {self.v(x)} removed"),
                )
            if not added and not removed and old != new:
                self.add(
                    section,
                    item,
                    path,
                    "reordered",
                    old,
                    new,
                    t(language, fr=f"{where}{colon}ordre modifié", en=f"{where}: order changed"),
                )
        elif old is MISSING:
            self.add(
                section,
                item,
                path,
                "added",
                None,
                new,
                t(language, fr=f"{where}{colon}ajout ({self.v(new)})", en=f"{where} set to {self.v(new)}"),
            )
        elif new is MISSING:
            self.add(
                section,
                item,
                path,
                "removed",
                old,
                None,
                t(
                    language,
                    fr=f"{where}{colon}suppression (était {self.v(old)})",
                    en=f"{where} removed (was {self.v(old)})",
                ),
            )
        elif old != new:
            self.add(
                section,
                item,
                path,
                "changed",
                old,
                new,
                t(
                    language,
                    fr=f"{where} passe de {self.v(old)} à {self.v(new)}",
                    en=f"{where} changed from {self.v(old)} to {self.v(new)}",
                ),
            )

    def item(self, section: str, item: str, kind: str, data: dict) -> None:
        verb = words("structure", self.language)["diff"]["verbs"][kind]
        feminine = "e" if section in FEMININE else ""
        text = t(
            self.language,
            fr=f"{self.subject(section, item)} {verb}{feminine}",
            en=f"{self.subject(section, item)} {verb}",
        )
        self.add(section, item, "", kind, data if kind == "removed" else None, data if kind == "added" else None, text)


def diff_models(old: dict, new: dict, language: str = "en") -> list[Change]:
    """Every difference from `old` to `new`, in reading order: type, mandate, then each section."""
    writer = _Writer(language)
    if old.get("pmo_type") != new.get("pmo_type"):
        writer.add(
            "pmo_type",
            None,
            "pmo_type",
            "changed",
            old.get("pmo_type"),
            new.get("pmo_type"),
            t(
                language,
                fr=f"type de PMO passe de {old.get('pmo_type')} à {new.get('pmo_type')}",
                en=f"PMO type changed from {old.get('pmo_type')} to {new.get('pmo_type')}",
            ),
        )
    old_mandate, new_mandate = old.get("mandate") or [], new.get("mandate") or []
    for function in new_mandate:
        if function not in old_mandate:
            writer.add(
                "mandate",
                None,
                "mandate",
                "added",
                None,
                function,
                t(language, fr=f"mandat : ajout de la fonction {function}", en=f"mandate: function {function} added"),
            )
    for function in old_mandate:
        if function not in new_mandate:
            writer.add(
                "mandate",
                None,
                "mandate",
                "removed",
                function,
                None,
                t(
                    language,
                    fr=f"mandat : retrait de la fonction {function}",
                    en=f"mandate: function {function} removed",
                ),
            )
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
            name = words("structure", language)["diff"]["sections"][section]
            writer.add(
                section,
                None,
                "",
                "reordered",
                common_old,
                common_new,
                t(
                    language,
                    fr=f"{name} : ordre modifié ({', '.join(common_new)})",
                    en=f"{name}: order changed ({', '.join(common_new)})",
                ),
            )
    return writer.changes


# ---------------------------------------------------------------- `pmo governance diff`


def compare_versions(*, session: Session, engagement, from_version: int | None, to_version: int | None) -> dict:
    """What changed between two stored versions (by default the last two), with who stored them and when."""
    versions = {v.version: v for v in all_versions(session=session, engagement=engagement.id)}
    if not versions:
        raise InputError(
            [
                Problem(
                    str(engagement.root),
                    "no governance model version is stored yet; run `pmo governance setup DIR` first",
                    code="governance-no-version",
                )
            ]
        )
    stored = f"stored versions: {', '.join(map(str, sorted(versions)))}"
    newer = to_version if to_version is not None else max(versions)
    older = from_version if from_version is not None else max((v for v in versions if v < newer), default=None)
    problems = [
        Problem(option, f"version {number} is not stored; {stored}", code="governance-version-unknown")
        for option, number in (("--from", older), ("--to", newer))
        if number is not None and number not in versions
    ]
    if problems:
        raise InputError(problems)
    language = engagement.language
    changes = diff_models(versions[older].model, versions[newer].model, language) if older is not None else []
    zone = check_timezone(engagement.config.timezone)

    def describe(v) -> dict:
        # Stored in UTC (SQLite hands it back without a zone); shown in the engagement's time zone.
        moment = v.stored_at if v.stored_at.tzinfo else v.stored_at.replace(tzinfo=UTC)
        return {
            "version": v.version,
            "stored_by": v.stored_by,
            "stored_at": moment.astimezone(zone).isoformat(timespec="minutes"),
        }

    return {
        "language": language,
        "from": describe(versions[older]) if older is not None else None,
        "to": describe(versions[newer]),
        "changes": [c.to_dict() for c in changes],
    }


def diff_lines(result: dict) -> list[str]:
    """`compare_versions`'s result as the lines `pmo governance diff` prints."""
    language, new = result["language"], result["to"]

    def when(v: dict) -> str:
        return f"{v['stored_by']}, {v['stored_at'][:16].replace('T', ' ')}"

    if result["from"] is None:
        return [
            t(
                language,
                fr=f"Seule la version {new['version']} est enregistrée : rien à comparer.",
                en=f"Only version {new['version']} is stored: nothing to compare.",
            )
        ]
    old = result["from"]
    head = t(
        language,
        fr=f"Modifications de la version {old['version']} ({when(old)}) à la version {new['version']} ({when(new)}) :",
        en=f"Changes from version {old['version']} ({when(old)}) to version {new['version']} ({when(new)}):",
    )
    if not result["changes"]:
        return [head, t(language, fr="  aucune", en="  none")]
    return [head, *(f"  - {c['text']}" for c in result["changes"])]
