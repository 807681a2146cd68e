"""Returned forms merged into the period's status file: checked with the review's own rules, the latest valid
return of each project kept, written atomically to data/status/<YYYY-MM>.csv (the file the review reads).

For each project the latest valid return wins and every older return, valid or not, is superseded (a manager who
sent a corrected form fixed the first). A refused return newer than the winner (or with no valid return at all)
refuses the run, as does a file that is not a form of this engagement and period. Nothing is written while
anything is refused, unless `partial` keeps what is valid.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from governance.collection.form_layout import form_fields
from governance.collection.returns import FormReturn, SheetReturn
from governance.core.problems import MAX_PER_FILE, Problem
from governance.core.tabular import ROW, parse_numbers
from governance.review import COUNTS, DATES, MONEY, PERCENTS, validate_status

# The merged file's columns: the review's canonical ones, then where each row came from.
IDENTITY_COLUMNS = ("project_id", "project_name", "tier", "sponsor", "project_manager")
SOURCE_COLUMNS = ("received_on", "due_on", "source_form")
MERGED_MARKER = "source_form"  # a status file with this column was written by a merge, not by the client


@dataclass
class Accepted:
    form: FormReturn
    sheet: SheetReturn
    position: int  # row in the validated frame


@dataclass
class MergeOutcome:
    period: str
    merged: pd.DataFrame  # typed canonical columns, one row per project kept
    accepted: list[Accepted]
    superseded: list[tuple[FormReturn, SheetReturn, FormReturn]]  # an older return, and the return that won
    refused: list[Problem]  # errors that refuse the run (or are skipped under partial)
    refused_forms: list[str]
    refused_projects: list[str]  # no valid return at all
    refused_returns: list[tuple[FormReturn, SheetReturn]] = field(default_factory=list)  # refused, not superseded


def _cell_text(value: object, kind: str, percent_cell: bool) -> str:
    """A cell as the review's checks read text: numbers unambiguous, percentages marked with %."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if kind == "percent":
        if isinstance(value, (int, float)):
            number = float(value) * (100 if percent_cell else 1)
            return f"{round(number, 10)!r}%"
        text = str(value).strip()
        parsed, bad = parse_numbers(pd.Series([text]), ("%",))
        return text if bad.iloc[0] or pd.isna(parsed.iloc[0]) or "%" in text else f"{text}%"
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def _frame(sheets: list[tuple[FormReturn, SheetReturn]]) -> pd.DataFrame:
    kinds = {f.name: f.kind for f in form_fields()}
    columns: dict[str, list] = {name: [] for name in kinds}
    for _, sheet in sheets:
        for name, kind in kinds.items():
            columns[name].append(_cell_text(sheet.values.get(name), kind, name in sheet.percent_cells))
    frame = pd.DataFrame(columns, dtype=object)
    # Unique stand-in ids: a project returned twice is not a duplicate here (the latest return is chosen after).
    frame["project_id"] = [str(i) for i in range(len(sheets))]
    frame["project_name"] = [s.identity["project_name"] or s.project_id for _, s in sheets]
    frame[ROW] = np.arange(len(sheets), dtype="int64")
    return frame


def _located(problem: Problem, sheets: list[tuple[FormReturn, SheetReturn]], language: str) -> Problem:
    """A problem of the validated frame, put back on its form, sheet, row and column."""
    form, sheet = sheets[problem.row]
    labels = {f.name: f.label[language] for f in form_fields()}
    row = column = None
    if problem.column in form.fields:
        row = form.first_field_row + form.fields.index(problem.column)
        column = f"{form.value_column} ({labels.get(problem.column, problem.column)})"
    return replace(problem, file=form.label, sheet=sheet.sheet, row=row, column=column)


def validate_returns(forms: list[FormReturn], period: str, language: str) -> tuple[pd.DataFrame, list]:
    """Every readable sheet's values checked with the review's rules; returns the typed frame and each sheet with
    its problems. The checks run on slices of MAX_PER_FILE sheets: within a slice a check can fail on every sheet
    and still name each one (the review's checks spell out that many rows), so every problem lands on its sheet."""
    sheets = [(f, s) for f in forms if not f.problems for s in f.sheets]
    frame = _frame(sheets)
    parts, by_sheet = [], [list(s.problems) for _, s in sheets]
    for first in range(0, max(len(sheets), 1), MAX_PER_FILE):
        problems: list[Problem] = []
        part = frame.iloc[first : first + MAX_PER_FILE]
        parts.append(validate_status(part, "", period, {c: c for c in frame.columns}, problems))
        for problem in problems:
            by_sheet[problem.row].append(_located(problem, sheets, language))
    return pd.concat(parts), list(zip(sheets, by_sheet))


def merge_returns(forms: list[FormReturn], period: str, timezone: str, language: str) -> MergeOutcome:
    """Choose each project's latest return and build the merged rows; nothing is written here."""
    typed, checked = validate_returns(forms, period, language)
    refused: list[Problem] = [p for f in forms for p in f.problems]
    refused_forms = [f.label for f in forms if f.problems]
    latest: dict[str, list[tuple[int, FormReturn, SheetReturn, list[Problem]]]] = {}
    for position, ((form, sheet), problems) in enumerate(checked):
        latest.setdefault(sheet.project_id, []).append((position, form, sheet, problems))
    accepted, superseded, refused_projects, refused_returns = [], [], [], []
    for project_id, returns in latest.items():
        returns.sort(key=lambda r: (r[1].received_at, r[1].label))
        valid = [i for i, r in enumerate(returns) if not r[3]]
        winner = valid[-1] if valid else None
        if winner is None:
            refused_projects.append(project_id)
        else:
            position, form, sheet, _ = returns[winner]
            accepted.append(Accepted(form, sheet, position))
            superseded.extend((f, s, form) for _, f, s, _ in returns[:winner])
        for _, f, s, problems in returns[(winner + 1 if winner is not None else 0) :]:
            refused.extend(problems)
            refused_returns.append((f, s))
    zone = ZoneInfo(timezone)
    rows = [a.position for a in accepted]
    merged = typed.iloc[rows].reset_index(drop=True) if rows else typed.iloc[0:0].copy()
    merged["project_id"] = [a.sheet.project_id for a in accepted]
    for column in ("project_name", "sponsor", "project_manager"):
        merged[column] = [a.sheet.identity[column] for a in accepted]
    merged["tier"] = [a.sheet.identity.get("tier_id") or a.sheet.identity["tier"] for a in accepted]
    merged["received_on"] = pd.to_datetime([a.form.received_at.astimezone(zone).date() for a in accepted])
    merged["due_on"] = pd.to_datetime([a.sheet.due_on for a in accepted])
    merged["source_form"] = [a.form.label for a in accepted]
    merged = merged.sort_values("project_id", kind="stable").reset_index(drop=True)
    return MergeOutcome(
        period, merged, accepted, superseded, refused, refused_forms, sorted(refused_projects), refused_returns
    )


def _number(value: float, decimal: str) -> str:
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    text = str(int(value)) if value.is_integer() else repr(round(value, 10))
    return text.replace(".", decimal)


def status_csv(merged: pd.DataFrame, language: str) -> str:
    """The merged rows as a status file the review reads, in the engagement's conventions (French: `;`,
    decimal comma, dd/mm/yyyy), canonical column names, then received_on, due_on and source_form."""
    separator, decimal, date_format = (";", ",", "%d/%m/%Y") if language == "fr" else (",", ".", "%Y-%m-%d")
    names = [f.name for f in form_fields()]
    columns = [*IDENTITY_COLUMNS, *(n for n in names if n not in IDENTITY_COLUMNS), *SOURCE_COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(columns)
    for record in merged.to_dict("records"):
        row = []
        for column in columns:
            value = record.get(column)
            if column in MONEY or column in COUNTS:
                row.append(_number(value, decimal))
            elif column in PERCENTS:
                row.append("" if pd.isna(value) else _number(float(value) * 100, decimal) + "%")
            elif column in DATES:
                row.append("" if pd.isna(value) else pd.Timestamp(value).strftime(date_format))
            else:
                row.append("" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value))
        writer.writerow(row)
    return "\ufeff" + out.getvalue()


def is_merged_file(header_line: str) -> bool:
    return MERGED_MARKER in header_line
