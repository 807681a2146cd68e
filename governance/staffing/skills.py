"""The client's PMO staff and their skills: reading data/people.csv (or .xlsx), the skills matrix, the gaps.

Each person self-assesses every skill from 1 (awareness) to 5 (expert); a blank cell means "not assessed",
never zero. The matrix holds each person's level against the level their role requires
(governance/data/role_profiles.yaml); a gap is required minus level when positive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from governance.core.problems import InputError, Problem
from governance.core.tabular import plain_text
from governance.engagement.staffing_settings import ROLES
from governance.staffing.profiles import RoleProfiles, role_name

PEOPLE_STEMS = ("people", "personnes", "equipe-pmo")


NAME_HEADERS = {"name", "nom", "nom prenom", "prenom nom", "personne", "person", "collaborateur", "collaboratrice"}
ROLE_HEADERS = {"role", "current role", "role actuel", "fonction", "poste"}
FTE_HEADERS = {"fte", "etp", "temps de travail"}
CERTIFICATION_HEADERS = {"certifications", "certification", "certifications detenues", "certifications held"}
IGNORED_HEADERS = {
    "commentaire",
    "commentaires",
    "comment",
    "comments",
    "notes",
    "remarques",
    "email",
    "e mail",
    "courriel",
    "service",
    "direction",
    "site",
    "telephone",
    "phone",
}
_CERT_SEPARATORS = re.compile(r"\s*[,;|/+]\s*|\s+et\s+|\s+and\s+")


@dataclass
class Person:
    name: str
    role: str
    fte: float
    skills: dict[str, int | None]
    certifications: list[str]  # catalogue ids of the certifications held
    other_certifications: list[str]  # held but not in the catalogue (kept as written)
    row: int


@dataclass
class People:
    people: list[Person]
    source: str
    warnings: list[Problem] = field(default_factory=list)


def people_file(data_dir: Path) -> Path | None:
    """data/people.csv or .xlsx (the French names personnes.* and equipe-pmo.* too)."""
    for stem in PEOPLE_STEMS:
        for suffix in (".csv", ".xlsx"):
            candidate = data_dir / f"{stem}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def _header_map(profiles: RoleProfiles) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for skill in profiles.skills:
        for label in (skill.id, skill.short.fr, skill.short.en, skill.name.fr, skill.name.en, *skill.aliases):
            mapping.setdefault(plain_text(label), f"skill:{skill.id}")
    for header in NAME_HEADERS:
        mapping[header] = "name"
    for header in ROLE_HEADERS:
        mapping[header] = "role"
    for header in FTE_HEADERS:
        mapping[header] = "fte"
    for header in CERTIFICATION_HEADERS:
        mapping[header] = "certifications"
    return mapping


def role_lookup(profiles: RoleProfiles, governance: dict | None = None) -> dict[str, str]:
    """Every way a role may be written in the people file -> role id."""
    lookup: dict[str, str] = {}
    for role in profiles.roles:
        for label in (role.id, role.name.fr, role.name.en, *role.aliases):
            lookup[plain_text(label)] = role.id
    for role in (governance or {}).get("roles") or []:
        if isinstance(role, dict) and role.get("id") in ROLES:
            for label in (role.get("name") or {}).values():
                if label:
                    lookup.setdefault(plain_text(label), role["id"])
    return lookup


def read_people(
    path: Path,
    label: str,
    profiles: RoleProfiles,
    certification_aliases: dict[str, str],
    governance: dict | None = None,
    language: str = "fr",
) -> People:
    """Read and validate the PMO staff list; raise InputError naming file, row and column of every problem."""
    from governance.core.tabular import parse_numbers, read_table

    frame = read_table(path, label)
    headers = _header_map(profiles)
    problems: list[Problem] = []
    columns: dict[str, str] = {}
    for column in frame.columns:
        if column == "_row" or not str(column).strip():
            continue
        key = plain_text(column)
        if key in IGNORED_HEADERS:
            continue
        target = headers.get(key)
        if target is None:
            problems.append(
                Problem(
                    label,
                    f"unknown column {column!r}; expected name, role, fte, certifications or a "
                    f"skill ({', '.join(profiles.skill_ids)})",
                    row=1,
                    column=str(column),
                    code="unknown-column",
                )
            )
        elif target in columns.values():
            problems.append(
                Problem(
                    label,
                    f"column {column!r} repeats {target.removeprefix('skill:')!r}",
                    row=1,
                    column=str(column),
                    code="repeated-column",
                )
            )
        else:
            columns[column] = target
    for required in ("name", "role"):
        if required not in columns.values():
            problems.append(
                Problem(
                    label,
                    f"missing column {required!r}; expected the person's {required}",
                    row=1,
                    column=required,
                    code="missing-column",
                )
            )
    if problems:
        raise InputError(problems)
    frame = frame.rename(columns=columns)
    if frame.empty:
        raise InputError([Problem(label, "no person found; expected one row per member of the PMO", code="no-person")])
    skill_columns = [c for c in frame.columns if c.startswith("skill:")]
    warnings = [
        Problem(label, f"no column for skill {s!r}: not assessed", code="skill-column-missing", severity="warning")
        for s in profiles.skill_ids
        if f"skill:{s}" not in skill_columns
    ]

    roles = role_lookup(profiles, governance)
    role_names = ", ".join(role_name(profiles, r, language, governance) for r in ROLES)
    fte, bad_fte = (
        parse_numbers(frame["fte"])
        if "fte" in frame.columns
        else (pd.Series(1.0, index=frame.index), pd.Series(False, index=frame.index))
    )
    people: list[Person] = []
    seen: dict[str, int] = {}
    for position, record in enumerate(frame.to_dict("records")):
        row = int(record["_row"])
        name = str(record["name"]).strip()
        if not name:
            problems.append(
                Problem(
                    label,
                    "name is empty; expected the person's name",
                    row=row,
                    column=_original(columns, "name"),
                    code="empty-name",
                )
            )
        elif plain_text(name) in seen:
            problems.append(
                Problem(
                    label,
                    f"{name!r} appears more than once (first on row {seen[plain_text(name)]}); "
                    "expected one row per person",
                    row=row,
                    column=_original(columns, "name"),
                    code="duplicate-person",
                )
            )
        else:
            seen[plain_text(name)] = row
        role_text = str(record["role"]).strip()
        role = roles.get(plain_text(role_text))
        if role is None:
            problems.append(
                Problem(
                    label,
                    f"unknown role {role_text!r}; expected one of {role_names}"
                    if role_text
                    else f"role is empty; expected one of {role_names}",
                    row=row,
                    column=_original(columns, "role"),
                    code="unknown-role",
                )
            )
        value = fte.iloc[position]
        if bad_fte.iloc[position] or (pd.notna(value) and not 0 < value <= 1):
            problems.append(
                Problem(
                    label,
                    f"FTE {record.get('fte')!r} is not allowed; expected a number above 0 and "
                    "at most 1 (0,5 for half time), or blank for full time",
                    row=row,
                    column=_original(columns, "fte"),
                    code="invalid-fte",
                )
            )
        levels: dict[str, int | None] = {}
        for column in skill_columns:
            skill_id = column.removeprefix("skill:")
            text = str(record[column]).strip().replace(",", ".")
            if not text:
                levels[skill_id] = None
                continue
            try:
                number = float(text)
            except ValueError:
                number = float("nan")
            if not (number.is_integer() and 1 <= number <= 5):
                problems.append(
                    Problem(
                        label,
                        f"skill {skill_id}: level {record[column]!r} is not allowed; expected a "
                        "whole number from 1 to 5, or blank when not assessed",
                        row=row,
                        column=_original(columns, column),
                        code="invalid-level",
                    )
                )
                continue
            levels[skill_id] = int(number)
        held, other = [], []
        for text in _CERT_SEPARATORS.split(str(record.get("certifications", "") or "")):
            if not text.strip():
                continue
            item = certification_aliases.get(plain_text(text))
            if item and item not in held:
                held.append(item)
            elif not item:
                other.append(text.strip())
        people.append(
            Person(
                name,
                role or "",
                float(value) if pd.notna(value) else 1.0,
                {s: levels.get(s) for s in profiles.skill_ids},
                held,
                other,
                row,
            )
        )
    if problems:
        raise InputError(problems)
    return People(people, label, warnings)


def _original(columns: dict[str, str], target: str) -> str:
    return next((original for original, mapped in columns.items() if mapped == target), target.removeprefix("skill:"))


def current_by_role(people: list[Person]) -> dict[str, tuple[float, list[str]]]:
    result: dict[str, tuple[float, list[str]]] = {}
    for person in people:
        fte, names = result.get(person.role, (0.0, []))
        result[person.role] = (round(fte + person.fte, 6), names + [person.name])
    return result


# ----------------------------------------------------------------------------------------- matrix and gaps

STATUSES = ("ok", "gap", "not_assessed", "not_required")


def skills_matrix(people: list[Person], profiles: RoleProfiles) -> pd.DataFrame:
    """One row per person and skill: level, required level, gap and status, persons in role order."""
    order = {role: position for position, role in enumerate(ROLES)}
    rows = []
    for person in sorted(people, key=lambda p: (order.get(p.role, 99), p.name)):
        for skill_id in profiles.skill_ids:
            level = person.skills.get(skill_id)
            required = profiles.required(person.role, skill_id)
            if required == 0:
                status, gap = "not_required", 0
            elif level is None:
                status, gap = "not_assessed", 0
            else:
                gap = max(required - level, 0)
                status = "gap" if gap else "ok"
            rows.append(
                {
                    "person": person.name,
                    "role": person.role,
                    "skill": skill_id,
                    "level": level,
                    "required": required,
                    "gap": gap,
                    "status": status,
                }
            )
    return pd.DataFrame(rows, columns=["person", "role", "skill", "level", "required", "gap", "status"])


def skill_gaps(matrix: pd.DataFrame) -> pd.DataFrame:
    """The gaps only, largest first (then by person and the skill order of the profiles)."""
    gaps = matrix[matrix["status"] == "gap"].copy()
    gaps["skill_order"] = gaps.groupby("person").cumcount()
    gaps["person_order"] = gaps["person"].map({p: i for i, p in enumerate(dict.fromkeys(matrix["person"]))})
    gaps = gaps.sort_values(["gap", "person_order", "skill_order"], ascending=[False, True, True], kind="stable")
    return gaps.drop(columns=["skill_order", "person_order"]).reset_index(drop=True)
