"""The demand register a client fills: one row per proposed project, its cost per year, and the effort per role
and quarter of the demands and of the running projects.

It lives in data/portfolio/: demands.xlsx (sheets "Demandes"/"Demands" and "Charge"/"Effort", the workbook the
kit writes) or demands.csv with effort.csv beside it. Headers are French or English, accents and case aside;
in a workbook the header row may sit under a title (the kit's workbook has one). Every problem names its file,
sheet, row and column with a stable code, all of them at once; roles are not checked here (capacity does).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from governance.core.i18n import LANGUAGES, words
from governance.core.problems import InputError, Problem, Severity, display_path
from governance.core.tabular import (
    MAX_CELL_CHARS,
    ROW,
    check_sheet,
    open_workbook,
    parse_numbers,
    plain_text,
    read_csv_table,
)
from governance.core.xlsx.style import FORMULA_TRIGGERS
from governance.kit import check_project_id, normalise_header
from governance.portfolio.model import (
    COST_COLUMNS,
    DEMAND_COLUMNS,
    DEMAND_STATUSES,
    EFFORT_COLUMNS,
    DemandRegister,
    quarter_of,
)

FOLDER = "portfolio"  # under the engagement's data/
WORKBOOK, DEMANDS_CSV, EFFORT_CSV = "demands.xlsx", "demands.csv", "effort.csv"
HEADER_SEARCH_ROWS = 10  # a workbook's header row is looked for among its first rows (a title may sit above)
# Each field and the headers it is read from, normalised (normalise_header: no accents, case, units in brackets).
DEMAND_FIELDS: dict[str, tuple[str, ...]] = {
    "demand_id": ("id", "identifiant", "demand_id", "id_demande", "id_de_la_demande", "ref", "reference", "code"),
    "title": ("titre", "title", "intitule", "nom", "name", "nom_du_projet", "project_name"),
    "sponsor": ("sponsor", "commanditaire", "porteur"),
    "description": ("description",),
    "objective": ("objectif_strategique", "strategic_objective", "objectif", "objective"),
    "benefits": ("benefices_attendus", "expected_benefits", "benefices", "benefits"),
    "benefit_value": ("valeur_annuelle", "annual_value", "valeur", "value", "benefices_annuels", "annual_benefits"),
    "risk": ("risque", "risk"),
    "earliest_start": ("debut_au_plus_tot", "earliest_start", "debut", "start", "trimestre_de_debut", "start_quarter"),
    "dependencies": ("dependances", "dependencies", "depend_de", "depends_on", "prerequis", "prerequisites"),
    "mandatory": ("obligatoire", "mandatory"),
    "status": ("statut", "status"),
}
DEMAND_REQUIRED = ("demand_id", "title", "sponsor", "earliest_start")
EFFORT_FIELDS: dict[str, tuple[str, ...]] = {
    "item_id": ("id", "identifiant", "item_id", "demand_id", "project_id", "demande", "projet", "ref", "reference"),
    "role": ("role", "profil", "profile"),
    "quarter": ("trimestre", "quarter"),
    "days": ("jours", "days", "jours_homme", "person_days", "charge", "effort", "jh"),
}
EFFORT_REQUIRED = ("item_id", "role", "quarter", "days")
SHEETS = {"demands": ("demandes", "demands"), "effort": ("charge", "effort")}
# A yearly cost column: "coût 2027", "Cost 2027 (€)", "couts 2028".
COST_HEADER = re.compile(r"^(?:cout|couts|cost|costs)(?:_(?P<year>.*))?$")
YEAR = re.compile(r"^\d{4}$")
FIRST_YEAR, LAST_YEAR = 1990, 2100
_QUARTER = re.compile(r"^(?:(?P<y1>\d{4})[\s/_-]*[QqTt](?P<q1>[1-4])|[QqTt](?P<q2>[1-4])[\s/_-]*(?P<y2>\d{4}))$")
_CURRENCY = re.compile(r"(€|\$|£|\beur\b|\beuros?\b|\busd\b|\bgbp\b|\bchf\b)", re.IGNORECASE)
# "1,500,000" can only be English thousands; a single comma stays a French decimal mark ("12,5" days). An amount
# of money never has three decimals: "400,000" is English thousands there.
_ENGLISH_THOUSANDS = r"-?\d{1,3}(,\d{3}){2,}(\.\d+)?"
_ENGLISH_MONEY = r"-?\d{1,3}(,\d{3})+(\.\d+)?"
_SEPARATORS = re.compile(r"[,;\s]+")
YES = {"oui", "o", "yes", "y", "x", "vrai", "true", "1"}
NO = {"", "non", "n", "no", "faux", "false", "0"}
# Masculine or shortened labels people type besides the register's own (catalogue labels and ids are added).
_STATUS_VARIANTS = {
    "soumis": "submitted",
    "nouvelle": "submitted",
    "new": "submitted",
    "en_cours_d_instruction": "under_review",
    "instruction": "under_review",
    "review": "under_review",
    "approuve": "approved",
    "acceptee": "approved",
    "rejete": "rejected",
    "refusee": "rejected",
    "differe": "deferred",
    "reportee": "deferred",
}


@dataclass
class _Table:
    """One table as read (text cells and the `_row` of each), and where it is, for the messages."""

    frame: pd.DataFrame
    label: str
    sheet: str | None = None
    header_row: int = 1

    def problem(
        self,
        message: str,
        *,
        code: str,
        row: int | None = None,
        column: str | None = None,
        severity: Severity = "error",
    ) -> Problem:
        return Problem(self.label, message, row=row, column=column, code=code, severity=severity, sheet=self.sheet)


# ------------------------------------------------------------------------------------------------ finding


def find_register(data_dir: Path) -> list[Path]:
    """The register's files under data_dir/portfolio/: [demands.xlsx], [demands.csv, effort.csv] or [] when
    there is none. Both forms at once, or one CSV without the other, is refused (InputError)."""
    folder = data_dir / FOLDER
    workbook, demands, effort = folder / WORKBOOK, folder / DEMANDS_CSV, folder / EFFORT_CSV
    base = data_dir.parent

    def label(path: Path) -> str:
        return display_path(path, base)

    csvs = [path for path in (demands, effort) if path.is_file()]
    if workbook.is_file() and csvs:
        raise InputError(
            [
                Problem(
                    label(workbook),
                    f"the demand register is both {label(workbook)} and {' + '.join(label(p) for p in csvs)}; "
                    "expected one of them: remove the other",
                    code="register-twice",
                )
            ]
        )
    if workbook.is_file():
        return [workbook]
    if demands.is_file() and effort.is_file():
        return [demands, effort]
    if demands.is_file():
        raise InputError(
            [
                Problem(
                    label(effort),
                    f"not found; expected it beside {label(demands)}: the effort per role and quarter (columns id, "
                    "rôle, trimestre, jours or id, role, quarter, days), even with a header row only",
                    code="effort-file-missing",
                )
            ]
        )
    if effort.is_file():
        raise InputError(
            [
                Problem(
                    label(demands),
                    f"not found; expected it beside {label(effort)}: the demands, one row per proposed project",
                    code="demands-file-missing",
                )
            ]
        )
    return []


# ------------------------------------------------------------------------------------------------ reading


def read_register(
    paths: Sequence[Path],
    labels: Sequence[str],
    *,
    project_ids: set[str] | None,
    language: str,
) -> tuple[DemandRegister, list[Problem]]:
    """The register of `paths` (as find_register returns them: the workbook, or demands.csv then effort.csv),
    named in messages by `labels`. `project_ids`: the running projects of the project list, whose remaining
    effort the effort table may give (None: the list could not be read, and effort ids are not checked against it). Returns the register and its warnings; errors raise InputError, all at once.
    """
    paths, labels = list(paths), list(labels)
    if len(paths) != len(labels) or len(paths) not in (1, 2):
        raise ValueError("expected the workbook, or demands.csv and effort.csv, each with its label")
    problems = [
        Problem(label, "not found; expected the demand register's file", code="file-not-found")
        for path, label in zip(paths, labels)
        if not path.is_file()
    ]
    if problems:
        raise InputError(problems)
    tables: dict[str, _Table] = {}
    try:
        if len(paths) == 1:
            tables = _read_workbook(paths[0], labels[0], problems)
        else:
            for kind, path, label in zip(("demands", "effort"), paths, labels):
                try:
                    tables[kind] = _read_csv(path, label, problems)
                except InputError as exc:
                    problems.extend(exc.problems)
    except InputError as exc:
        problems.extend(exc.problems)
    demands = costs = None
    known: dict[str, str] | None = None
    starts: dict[str, str] = {}
    if "demands" in tables:
        demands, costs, known, starts = _demands(tables["demands"], project_ids, language, problems)
    effort = _effort(tables["effort"], known, project_ids, starts, language, problems) if "effort" in tables else None
    errors = [p for p in problems if p.severity == "error"]
    if errors or demands is None or effort is None:
        raise InputError(errors)
    _warn_empty(tables["demands"], demands, costs, effort, problems)
    register = DemandRegister(demands=demands, costs=costs, effort=effort, files=labels)
    return register, [p for p in problems if p.severity == "warning"]


def _read_workbook(path: Path, label: str, problems: list[Problem]) -> dict[str, _Table]:
    tables: dict[str, _Table] = {}
    with open_workbook(path, label) as workbook:
        by_name = {plain_text(name): name for name in workbook.sheetnames}
        for kind, fields in (("demands", DEMAND_FIELDS), ("effort", EFFORT_FIELDS)):
            name = next((by_name[n] for n in SHEETS[kind] if n in by_name), None)
            if name is None:
                expected = " or ".join(repr(n.capitalize()) for n in SHEETS[kind])
                problems.append(
                    Problem(
                        label,
                        f"has no sheet named {expected}; sheets are {', '.join(workbook.sheetnames)}",
                        code="sheet-missing",
                    )
                )
                continue
            worksheet = workbook[name]
            rows = [tuple(row) for row in worksheet.iter_rows(values_only=True)]
            header_row = _header_row(rows, fields)
            try:
                check_sheet(path, label, worksheet, rows, header_row)
            except InputError as exc:
                problems.extend(replace(p, sheet=name) for p in exc.problems)
                continue
            table = _Table(pd.DataFrame(), label, name, header_row)
            table.frame = _frame(rows, table, problems)
            tables[kind] = table
    return tables


def _header_row(rows: list[tuple], fields: dict[str, tuple[str, ...]]) -> int:
    """The first of the first rows that names two of the fields (1 when none does: its columns are then missing)."""
    aliases = {alias for names in fields.values() for alias in names}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        named = {normalise_header(_cell_text(value)) for value in row} & aliases
        if len(named) >= 2:
            return index + 1
    return 1


def _frame(rows: list[tuple], table: _Table, problems: list[Problem]) -> pd.DataFrame:
    """The rows under the header as text cells (blank rows left out), with the row number of each."""
    header_row = table.header_row
    header = [_cell_text(value) for value in rows[header_row - 1]] if len(rows) >= header_row else []
    while header and not header[-1]:
        header.pop()
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            problems.append(
                table.problem(f"duplicate column header {name!r}", row=header_row, column=name, code="duplicate-column")
            )
        seen.add(name)
    body, numbers = [], []
    for number, row in enumerate(rows[header_row:], start=header_row + 1):
        cells = [_cell_text(value) for value in row[: len(header)]]
        if not any(cells):
            continue
        for name, cell in zip(header, cells):
            if len(cell) > MAX_CELL_CHARS:
                problems.append(
                    table.problem(
                        f"cell longer than {MAX_CELL_CHARS:,} characters (Excel's limit); expected a shorter text",
                        row=number,
                        column=name,
                        code="cell-too-long",
                    )
                )
        body.append(cells + [""] * (len(header) - len(cells)))
        numbers.append(number)
    columns = [name or f"_blank{position}" for position, name in enumerate(header)]
    frame = pd.DataFrame(body, columns=columns, dtype=object)
    frame[ROW] = numbers
    return frame


def _read_csv(path: Path, label: str, problems: list[Problem]) -> _Table:
    frame = read_csv_table(path, label, problems)
    for column in frame.columns:
        if column != ROW:
            frame[column] = [_unescaped(str(value)) for value in frame[column]]
    return _Table(frame, label)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return _unescaped(str(value).strip())


def _unescaped(text: str) -> str:
    """A text the house's writers protected from Excel (safe_cell: "'=..."), as it was written."""
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1].startswith(FORMULA_TRIGGERS) else text


# ------------------------------------------------------------------------------------------------ columns


def _column_name(field: str, language: str) -> str:
    """A field's header as the register writes it in `language`, without its unit ("Valeur annuelle")."""
    return re.sub(r"\s*\(.*?\)", "", words("portfolio_intake", language)["columns"][field]).strip()


def _found_columns(
    table: _Table,
    fields: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    language: str,
    problems: list[Problem],
) -> dict[str, str] | None:
    """Field -> the file's header for it; None (and a problem per missing column) when a required one is missing."""
    found: dict[str, str] = {}
    for column in table.frame.columns:
        if column == ROW:
            continue
        normalised = normalise_header(column)
        for field, aliases in fields.items():
            if normalised in aliases and field not in found:
                found[field] = column
                break
    missing = [field for field in required if field not in found]
    other = next(lang for lang in LANGUAGES if lang != language) if language in LANGUAGES else "en"
    for field in missing:
        name, alternative = _column_name(field, language), _column_name(field, other)
        also = f" (or {alternative!r})" if alternative.lower() != name.lower() else ""
        problems.append(
            table.problem(
                f"missing column {name!r}{also}; expected the columns "
                + ", ".join(repr(_column_name(f, language)) for f in required),
                row=table.header_row,
                column=name,
                code="missing-column",
            )
        )
    return None if missing else found


def _cost_columns(table: _Table, language: str, problems: list[Problem]) -> list[tuple[str, int]]:
    """The yearly cost columns as (header, year), in the file's order."""
    columns: list[tuple[str, int]] = []
    seen: dict[int, str] = {}
    example = _column_name("cost", language).replace("{year}", "2027")
    for column in table.frame.columns:
        if column == ROW:
            continue
        match = COST_HEADER.fullmatch(normalise_header(column))
        if not match:
            continue
        text = (match["year"] or "").replace("_", " ")
        if not YEAR.fullmatch(text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
            problems.append(
                table.problem(
                    f"column {column!r} reads as a yearly cost but {text or '(nothing)'!r} is not a year; "
                    f"expected a header such as {example!r} (a year from {FIRST_YEAR} to {LAST_YEAR})",
                    row=table.header_row,
                    column=column,
                    code="bad-year-column",
                )
            )
            continue
        year = int(text)
        if year in seen:
            problems.append(
                table.problem(
                    f"column {column!r} is the cost of {year} again (already column {seen[year]!r})",
                    row=table.header_row,
                    column=column,
                    code="duplicate-year-column",
                )
            )
            continue
        seen[year] = column
        columns.append((column, year))
    return columns


def _texts(table: _Table, found: dict[str, str], fields) -> dict[str, pd.Series]:
    frame = table.frame
    return {
        field: (frame[found[field]].astype(str).str.strip() if field in found else pd.Series("", index=frame.index))
        for field in fields
    }


def _numbers(values: pd.Series, money: bool = False) -> tuple[pd.Series, pd.Series]:
    """Numbers as clients type them: "1 200 000,50 €", "1,200,000.50", "EUR 300000", "12,5".

    Returns (numbers, bad)."""
    texts = values.astype(str).str.replace(_CURRENCY, "", regex=True).str.strip()
    thousands = texts.str.fullmatch(_ENGLISH_MONEY if money else _ENGLISH_THOUSANDS)
    texts = texts.where(~thousands, texts.str.replace(",", "", regex=False))
    return parse_numbers(texts)


def parse_quarter(text: str) -> str:
    """'2027-T1', '2027-Q1', '2027 T1', 'T1 2027' or 'Q1 2027' -> '2027-Q1'; ValueError otherwise."""
    match = _QUARTER.fullmatch(str(text).strip())
    if not match:
        return quarter_of(text)  # raises, with the model's message
    year, number = (match["y1"], match["q1"]) if match["y1"] else (match["y2"], match["q2"])
    return quarter_of(f"{year}-Q{number}")


def _status_lookup() -> dict[str, str]:
    lookup = {status: status for status in DEMAND_STATUSES} | dict(_STATUS_VARIANTS)
    for language in LANGUAGES:
        for status, label in words("portfolio_intake", language)["statuses"].items():
            lookup[plain_text(label, "_")] = status
    return lookup


def _quarter_example(language: str) -> str:
    return "2027-T1" if language == "fr" else "2027-Q1"


# ------------------------------------------------------------------------------------------------ demands


def _demands(
    table: _Table, project_ids: set[str] | None, language: str, problems: list[Problem]
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, dict[str, str] | None, dict[str, str]]:
    """The demands and their costs; also every demand id by its lower case (None when the ids cannot be known)
    and the earliest start of each."""
    found = _found_columns(table, DEMAND_FIELDS, DEMAND_REQUIRED, language, problems)
    cost_columns = _cost_columns(table, language, problems)
    if found is None:
        return None, None, None, {}
    text = _texts(table, found, DEMAND_FIELDS)
    rows = table.frame[ROW]
    values, bad_value = _numbers(text["benefit_value"], money=True)
    risks, bad_risk = _numbers(text["risk"])
    amounts = {column: _numbers(table.frame[column].astype(str).str.strip(), money=True) for column, _ in cost_columns}
    projects = {p.lower() for p in project_ids or ()}
    statuses = _status_lookup()
    status_names = ", ".join(words("portfolio_intake", language)["statuses"].values())
    records: list[dict] = []
    cost_records: list[dict] = []
    seen: dict[str, int] = {}
    bad_ids: set[int] = set()
    for index in table.frame.index:
        row = int(rows[index])

        def add(message: str, field: str, code: str, row: int = row) -> None:
            problems.append(table.problem(message, row=row, column=found.get(field), code=code))

        demand_id = text["demand_id"][index]
        if not demand_id:
            add("the demand id is empty; expected an id such as DEM-001", "demand_id", "missing-id")
            bad_ids.add(index)
        elif (problem := check_project_id(demand_id, table.label, row, found["demand_id"])) is not None:
            add(problem.message.replace("project id", "demand id", 1), "demand_id", "bad-id")
            bad_ids.add(index)
        elif demand_id.lower() in seen:  # an approved demand names a project folder: case never tells two apart
            add(f"demand id {demand_id!r} already used on row {seen[demand_id.lower()]}", "demand_id", "duplicate-id")
            bad_ids.add(index)
        else:
            seen[demand_id.lower()] = row
            if demand_id.lower() in projects:
                add(
                    f"demand id {demand_id!r} is the id of a running project of the project list; "
                    "expected a new id (a running project's remaining effort goes in the effort table only)",
                    "demand_id",
                    "id-is-a-project",
                )
        for field, code in (("title", "missing-title"), ("sponsor", "missing-sponsor")):
            if not text[field][index]:
                add(f"the {_column_name(field, 'en').lower()} is empty; it is required", field, code)
        start = text["earliest_start"][index]
        quarter = ""
        if not start:
            add(
                f"the earliest start is empty; expected a quarter such as {_quarter_example(language)}",
                "earliest_start",
                "missing-earliest-start",
            )
        else:
            try:
                quarter = parse_quarter(start)
            except ValueError:
                add(
                    f"{start!r} is not a quarter; expected a year and a quarter such as {_quarter_example(language)}",
                    "earliest_start",
                    "bad-quarter",
                )
        value = None
        if bad_value[index]:
            add(
                f"{text['benefit_value'][index]!r} is not a number; expected an amount such as 250 000 or 250000,50",
                "benefit_value",
                "not-a-number",
            )
        elif not pd.isna(values[index]):
            value = float(values[index])
            if value < 0:
                add(
                    f"annual value {text['benefit_value'][index]!r} is negative; expected 0 or more",
                    "benefit_value",
                    "negative-value",
                )
        risk = None
        if bad_risk[index]:
            add(
                f"{text['risk'][index]!r} is not a number; expected a risk from 1 (low) to 5 (high)",
                "risk",
                "not-a-number",
            )
        elif not pd.isna(risks[index]):
            risk = float(risks[index])
            if risk not in (1, 2, 3, 4, 5):
                add(
                    f"risk {text['risk'][index]!r} is outside the scale; "
                    "expected a whole number from 1 (low) to 5 (high)",
                    "risk",
                    "bad-risk",
                )
        answer = plain_text(text["mandatory"][index])
        mandatory = answer in YES
        if answer not in YES | NO:
            add(
                f"{text['mandatory'][index]!r} is not a yes or no; expected oui/non, yes/no, x or blank",
                "mandatory",
                "bad-mandatory",
            )
        status = statuses.get(plain_text(text["status"][index], "_") or "submitted")
        if status is None:
            add(
                f"status {text['status'][index]!r} is unknown; expected one of {status_names} (blank means submitted)",
                "status",
                "unknown-status",
            )
        for column, year in cost_columns:
            numbers, bad = amounts[column]
            amount = 0.0
            if bad[index]:
                problems.append(
                    table.problem(
                        f"{table.frame[column][index]!r} is not a number; "
                        "expected an amount such as 400 000 or 400000,50",
                        row=row,
                        column=column,
                        code="not-a-number",
                    )
                )
            elif not pd.isna(numbers[index]):
                amount = float(numbers[index])
                if amount < 0:
                    problems.append(
                        table.problem(
                            f"cost {table.frame[column][index]!r} is negative; expected 0 or more",
                            row=row,
                            column=column,
                            code="negative-cost",
                        )
                    )
            cost_records.append({"demand_id": demand_id, "year": year, "amount": amount})
        records.append(
            {
                "demand_id": demand_id,
                "title": text["title"][index],
                "sponsor": text["sponsor"][index],
                "description": text["description"][index],
                "objective": text["objective"][index],
                "benefits": text["benefits"][index],
                "benefit_value": value,
                "risk": risk,
                "earliest_start": quarter,
                "dependencies": (),
                "mandatory": mandatory,
                "status": status,
                "source": table.label,
                "row": row,
            }
        )
    known = {
        records[position]["demand_id"].lower(): records[position]["demand_id"]
        for position, index in enumerate(table.frame.index)
        if index not in bad_ids
    }
    _dependencies(table, found, text, records, known, projects, problems)
    demands = _typed(
        pd.DataFrame(records, columns=list(DEMAND_COLUMNS)),
        {"benefit_value": float, "risk": float, "mandatory": bool, "row": int},
    )
    costs = _typed(pd.DataFrame(cost_records, columns=list(COST_COLUMNS)), {"year": int, "amount": float})
    costs = costs.sort_values(["demand_id", "year"], key=_register_order(demands), kind="stable").reset_index(drop=True)
    starts = {r["demand_id"]: r["earliest_start"] for r in records if r["earliest_start"]}
    return demands, costs, known, starts


def _register_order(demands: pd.DataFrame):
    order = {demand_id: position for position, demand_id in enumerate(demands["demand_id"])}

    def key(column: pd.Series) -> pd.Series:
        return column.map(order) if column.name == "demand_id" else column

    return key


def _typed(frame: pd.DataFrame, types: dict) -> pd.DataFrame:
    frame = frame.astype(types)
    for column in frame.columns:
        if column not in types:
            frame[column] = frame[column].astype(object)
    return frame


def _dependencies(
    table: _Table,
    found: dict[str, str],
    text: dict[str, pd.Series],
    records: list[dict],
    known: dict[str, str],
    projects: set[str],
    problems: list[Problem],
) -> None:
    """Each demand's dependencies as a tuple of demand ids; unknown ones, a demand on itself and cycles refused."""
    position_of: dict[str, int] = {}
    for position, record in enumerate(records):
        position_of.setdefault(record["demand_id"], position)
    requires: list[tuple[int, int]] = []
    column = found.get("dependencies")
    for position, index in enumerate(table.frame.index):
        record = records[position]
        needed: list[str] = []
        for name in _SEPARATORS.split(text["dependencies"][index].strip()):
            if not name:
                continue
            target = known.get(name.lower())
            if target is None:
                also = (
                    f"; {name!r} is a running project of the project list: leave it out, it is already committed"
                    if name.lower() in projects
                    else ""
                )
                problems.append(
                    table.problem(
                        f"depends on {name!r}, which is not a demand of the register{also}; expected the ids of "
                        "demands of the register, separated by ',', ';' or spaces",
                        row=record["row"],
                        column=column,
                        code="unknown-dependency",
                    )
                )
            elif target.lower() == record["demand_id"].lower():
                problems.append(
                    table.problem(
                        f"demand {target!r} depends on itself; expected the ids of other demands",
                        row=record["row"],
                        column=column,
                        code="self-dependency",
                    )
                )
            elif target not in needed:
                needed.append(target)
        record["dependencies"] = tuple(needed)
        if (
            known.get(record["demand_id"].lower()) == record["demand_id"]
            and position_of[record["demand_id"]] == position
        ):
            requires += [(position, position_of[target]) for target in needed]
    if not requires:
        return
    ids = [record["demand_id"] for record in records]
    for cycle in _cycles(ids, requires):
        if not cycle:
            continue
        path = list(cycle) if len(cycle) > 1 and cycle[0] == cycle[-1] else [*cycle, cycle[0]]
        first = records[position_of[path[0]]]
        problems.append(
            table.problem(
                f"dependency cycle {' -> '.join(path)}: a demand cannot need, even indirectly, a demand that "
                "needs it; expected one of these dependencies removed",
                row=first["row"],
                column=column,
                code="dependency-cycle",
            )
        )


def _cycles(ids: list[str], requires: list[tuple[int, int]]) -> list[list[str]]:
    """The dependency cycles, as selection defines them (imported here: selection reads registers too)."""
    from governance.portfolio.selection import dependency_cycles

    return dependency_cycles(ids, requires)


# ------------------------------------------------------------------------------------------------ effort


def _effort(
    table: _Table,
    known: dict[str, str] | None,
    project_ids: set[str] | None,
    starts: dict[str, str],
    language: str,
    problems: list[Problem],
) -> pd.DataFrame | None:
    """The effort rows; an id must be a demand of the register or a running project (unchecked when the demands
    could not be read)."""
    found = _found_columns(table, EFFORT_FIELDS, EFFORT_REQUIRED, language, problems)
    if found is None:
        return None
    text = _texts(table, found, EFFORT_FIELDS)
    days, bad_days = _numbers(text["days"])
    projects = {p.lower(): p for p in sorted(project_ids or ())}
    records: list[dict] = []
    seen: dict[tuple[str, str, str], int] = {}
    for index in table.frame.index:
        row = int(table.frame[ROW][index])

        def add(message: str, field: str, code: str, severity: Severity = "error", row: int = row) -> None:
            problems.append(table.problem(message, row=row, column=found[field], code=code, severity=severity))

        item = text["item_id"][index]
        is_demand = False
        if not item:
            add("the id is empty; expected a demand's id or a running project's id", "item_id", "missing-id")
        elif known is not None:
            if item.lower() in known:
                item, is_demand = known[item.lower()], True
            elif item.lower() in projects:
                item = projects[item.lower()]
            elif project_ids is not None:  # None: the project list could not be read, its problems are reported
                add(
                    f"{item!r} is neither a demand of the register nor a running project of the project list; "
                    "expected one of their ids",
                    "item_id",
                    "unknown-item",
                )
        role = text["role"][index]
        if not role:
            add("the role is empty; expected the role asked for, as the resource list names it", "role", "missing-role")
        raw_quarter, quarter = text["quarter"][index], ""
        if not raw_quarter:
            add(
                f"the quarter is empty; expected a quarter such as {_quarter_example(language)}",
                "quarter",
                "missing-quarter",
            )
        else:
            try:
                quarter = parse_quarter(raw_quarter)
            except ValueError:
                add(
                    f"{raw_quarter!r} is not a quarter; "
                    f"expected a year and a quarter such as {_quarter_example(language)}",
                    "quarter",
                    "bad-quarter",
                )
        amount = 0.0
        if bad_days[index]:
            add(
                f"{text['days'][index]!r} is not a number; expected person-days such as 40 or 12,5",
                "days",
                "not-a-number",
            )
        elif not pd.isna(days[index]):
            amount = float(days[index])
            if amount < 0:
                add(
                    f"effort {text['days'][index]!r} is negative; expected 0 person-days or more",
                    "days",
                    "negative-effort",
                )
        if item and role and quarter:
            key = (item.lower(), role.casefold(), quarter)
            if key in seen:
                add(
                    f"{item!r}, {role!r}, {quarter} already has a row ({seen[key]}); expected one row per id, role "
                    "and quarter",
                    "item_id",
                    "duplicate-effort",
                )
            else:
                seen[key] = row
            start = starts.get(item) if is_demand else None
            if start and quarter < start:
                add(
                    f"effort in {quarter}, before the demand's earliest start {start}",
                    "quarter",
                    "effort-before-start",
                    severity="warning",
                )
        records.append(
            {
                "item_id": item,
                "role": role,
                "quarter": quarter,
                "days": amount,
                "source": table.label,
                "sheet": table.sheet,
                "row": row,
                "role_column": found["role"],
            }
        )
    return _typed(pd.DataFrame(records, columns=list(EFFORT_COLUMNS)), {"days": float, "row": int})


def _warn_empty(
    table: _Table, demands: pd.DataFrame, costs: pd.DataFrame, effort: pd.DataFrame, problems: list[Problem]
) -> None:
    if demands.empty:
        problems.append(
            table.problem(
                "the register has no demand; expected one row per proposed project",
                code="no-demand",
                severity="warning",
            )
        )
        return
    costed = set(costs.loc[costs["amount"] > 0, "demand_id"])
    worked = set(effort.loc[effort["days"] > 0, "item_id"])
    for demand_id, row in zip(demands["demand_id"], demands["row"]):
        if demand_id not in costed and demand_id not in worked:
            problems.append(
                table.problem(
                    f"demand {demand_id!r} has no cost and no effort; it weighs nothing in the selection",
                    row=int(row),
                    code="no-cost-no-effort",
                    severity="warning",
                )
            )
