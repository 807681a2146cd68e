"""The client's project list (CSV or XLSX) that the kit pre-fills documents from.

Columns: id, name, sponsor, manager, tier, budget, start, end, with French names accepted (nom,
chef_de_projet, niveau, début, fin…). Numbers and dates in French or English formats. The tier may be
left blank when the budget is given: the governance model's budget bands then decide it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from governance.core.paths import portable_name_problem
from governance.core.problems import InputError, Problem
from governance.core.tabular import ROW, parse_dates, parse_numbers, plain_text, read_table

# A project id names a folder (out/projects/<id>/): letters, digits, '-', '_' and inner dots only.
PROJECT_ID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_-])?$")
MAX_PROJECTS = 100_000
COLUMNS = {
    "id": ("id", "identifiant", "code", "code_projet", "ref", "reference", "project_id"),
    "name": ("name", "nom", "projet", "nom_du_projet", "intitule", "project", "project_name"),
    "sponsor": ("sponsor", "commanditaire"),
    "manager": ("manager", "chef_de_projet", "chef_projet", "project_manager", "responsable"),
    "tier": ("tier", "niveau", "categorie"),
    "budget": ("budget", "bac", "budget_eur", "budget_total"),
    "start": ("start", "debut", "date_de_debut", "date_debut", "start_date"),
    "end": ("end", "fin", "date_de_fin", "date_fin", "end_date", "fin_prevue"),
}
REQUIRED = ("id", "name")
# Where an engagement keeps its project list when pmo.yaml names none (data/), in this order.
PROJECT_FILES = ("projects.csv", "projects.xlsx", "projets.csv", "projets.xlsx")
_CURRENCY = re.compile(r"(€|eur|euros?)", re.IGNORECASE)
_ENGLISH_THOUSANDS = r"-?\d{1,3}(,\d{3}){2,}(\.\d+)?"


def find_project_list(data_dir: Path) -> Path | None:
    """The engagement's project list under data/ (projects.csv, .xlsx, or their French names), if any."""
    return next((data_dir / name for name in PROJECT_FILES if (data_dir / name).is_file()), None)


def normalise_header(name: str) -> str:
    """'Date de début (€)' -> 'date_de_debut': accents, case, spaces and units do not matter."""
    return plain_text(re.sub(r"\(.*?\)", "", name), "_")


def check_project_id(project_id: str, label: str, row: int | None = None, column: str | None = None) -> Problem | None:
    """None for an id that can name a folder on every client's machine; else why not, as a Problem."""
    if PROJECT_ID.fullmatch(project_id or "") and ".." not in project_id:
        reserved = portable_name_problem(project_id)
        if reserved is None:
            return None
        return Problem(
            label,
            f"project id {reserved}; choose another id (it names a folder)",
            row=row,
            column=column,
            code="project-id-invalid",
        )
    return Problem(
        label,
        f"project id {project_id!r} is not allowed; expected letters, digits, '-' or '_' (it names a folder)",
        row=row,
        column=column,
        code="project-id-invalid",
    )


def _tier_lookup(tiers: list[dict]) -> dict[str, str]:
    """Every way a client writes a tier: its id, its name in either language, 'Niveau 1', 'tier 1', '1'."""
    lookup: dict[str, str] = {}
    for position, tier in enumerate(tiers, start=1):
        names = [tier["id"], str(position), f"niveau {position}", f"tier {position}", f"n{position}", f"t{position}"]
        name = tier.get("name")
        names += list(name.values()) if isinstance(name, dict) else [name or ""]
        for value in names:
            if value:
                lookup[normalise_header(str(value))] = tier["id"]
    return lookup


def tier_for_budget(budget: float, tiers: list[dict]) -> str | None:
    for tier in tiers:
        low = tier.get("budget_min") or 0
        high = tier.get("budget_max")
        if budget >= low and (high is None or budget < high):
            return tier["id"]
    return None


def load_project_list(path: Path, label: str, tiers: list[dict]) -> list[dict]:
    """Validated projects: id, name, sponsor, manager, tier (id), budget (float|None), start, end (date|None).

    Raises InputError with every problem (file, row, column, what was expected).
    """
    if not path.is_file():
        raise InputError(
            [Problem(label, "project list not found; expected a .csv or .xlsx file", code="project-list-not-found")]
        )
    frame = read_table(path, label)
    headers = {column: normalise_header(column) for column in frame.columns if column != ROW}
    found: dict[str, str] = {}
    for field, aliases in COLUMNS.items():
        for column, normalised in headers.items():
            if normalised in aliases and field not in found:
                found[field] = column
    problems = [
        Problem(
            label,
            f"missing column {field!r} (or {', '.join(repr(a) for a in COLUMNS[field][1:3])})",
            row=1,
            code="project-list-column-missing",
        )
        for field in REQUIRED
        if field not in found
    ]
    if "tier" not in found and "budget" not in found:
        problems.append(
            Problem(
                label,
                "missing column 'tier' or 'budget': one of them places each project in a tier",
                row=1,
                code="project-list-tier-column-missing",
            )
        )
    if problems:
        raise InputError(problems)
    if len(frame) > MAX_PROJECTS:
        raise InputError(
            [
                Problem(
                    label,
                    f"has {len(frame)} projects; at most {MAX_PROJECTS} are accepted",
                    code="project-list-too-long",
                )
            ]
        )

    def column(field: str) -> pd.Series:
        return frame[found[field]].astype(str).str.strip() if field in found else pd.Series("", index=frame.index)

    rows = frame[ROW]
    text = {field: column(field) for field in COLUMNS}
    ids, names = text["id"], text["name"]
    # "1,500,000" can only be English thousands; a single comma stays a French decimal mark ("1500,50").
    amounts = text["budget"].str.replace(_CURRENCY, "", regex=True).str.strip()
    amounts = amounts.where(~amounts.str.fullmatch(_ENGLISH_THOUSANDS), amounts.str.replace(",", "", regex=False))
    budgets, bad_budget = parse_numbers(amounts)
    starts, bad_start = parse_dates(text["start"])
    ends, bad_end = parse_dates(text["end"])
    lookup = _tier_lookup(tiers)
    tier_names = ", ".join(t["id"] for t in tiers)
    seen: dict[str, int] = {}
    projects = []
    for index in frame.index:
        row = int(rows[index])
        project_id = ids[index]
        if not project_id:
            problems.append(
                Problem(label, "the project id is empty", row=row, column=found["id"], code="project-id-empty")
            )
        else:
            problem = check_project_id(project_id, label, row, found["id"])
            if problem:
                problems.append(problem)
            elif project_id.lower() in seen:  # folders differ only by case on Windows and macOS
                problems.append(
                    Problem(
                        label,
                        f"project id {project_id!r} already used on row {seen[project_id.lower()]}",
                        row=row,
                        column=found["id"],
                        code="project-id-duplicate",
                    )
                )
            else:
                seen[project_id.lower()] = row
        if not names[index]:
            problems.append(
                Problem(label, "the project name is empty", row=row, column=found["name"], code="project-name-empty")
            )
        budget = None
        if bad_budget[index]:
            problems.append(
                Problem(
                    label,
                    f"budget {text['budget'][index]!r} is not a number; expected an amount in "
                    "euros such as 2 400 000 or 2400000,50",
                    row=row,
                    column=found["budget"],
                    code="project-budget-invalid",
                )
            )
        elif not pd.isna(budgets[index]):
            budget = float(budgets[index])
            if budget < 0:
                problems.append(
                    Problem(
                        label,
                        f"budget {text['budget'][index]!r} is negative",
                        row=row,
                        column=found["budget"],
                        code="project-budget-negative",
                    )
                )
        start = None if pd.isna(starts[index]) else starts[index].date()
        end = None if pd.isna(ends[index]) else ends[index].date()
        for field, bad in (("start", bad_start), ("end", bad_end)):
            if bad[index]:
                problems.append(
                    Problem(
                        label,
                        f"date {text[field][index]!r} is not a date; expected dd/mm/yyyy or yyyy-mm-dd",
                        row=row,
                        column=found[field],
                        code="project-date-invalid",
                    )
                )
        if start and end and end < start:
            problems.append(
                Problem(
                    label,
                    f"end {end.isoformat()} is before start {start.isoformat()}",
                    row=row,
                    column=found["end"],
                    code="project-end-before-start",
                )
            )
        tier_text = text["tier"][index]
        tier = None
        if tier_text:
            tier = lookup.get(normalise_header(tier_text))
            if tier is None:
                problems.append(
                    Problem(
                        label,
                        f"tier {tier_text!r} is unknown; expected one of {tier_names} (or its name or number)",
                        row=row,
                        column=found["tier"],
                        code="project-tier-unknown",
                    )
                )
        elif budget is not None:
            tier = tier_for_budget(budget, tiers)
            if tier is None:
                problems.append(
                    Problem(
                        label,
                        f"no tier covers a budget of {budget:,.0f}; the governance model's budget bands leave a gap",
                        row=row,
                        column=found["budget"],
                        code="project-budget-no-tier",
                    )
                )
        elif not bad_budget[index]:
            problems.append(
                Problem(
                    label,
                    "no tier: give the tier or the budget",
                    row=row,
                    column=found.get("tier") or found.get("budget"),
                    code="project-tier-missing",
                )
            )
        projects.append(
            {
                "id": project_id,
                "name": names[index],
                "sponsor": text["sponsor"][index],
                "manager": text["manager"][index],
                "tier": tier,
                "budget": budget,
                "start": start,
                "end": end,
                "row": row,
            }
        )
    if problems:
        raise InputError(problems)
    if not projects:
        raise InputError([Problem(label, "the project list has no project", code="project-list-empty")])
    return projects
