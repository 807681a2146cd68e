"""Status forms out: one workbook per project manager, one sheet per project, in the engagement's language.

Why one workbook per manager with a sheet per project: a manager gets one attachment and one message whatever
the number of projects, fills them side by side, and sends one file back; each sheet still stands alone (its
own identity, its own checks), so one unfinished project does not hold up the others under `--partial`.

The identity cells are locked (the sheet is protected without a password: it guards against slips, not
people) and repeated on a very hidden sheet, which is what identifies a returned form, whatever its file name.
Input cells are yellow and carry Excel data validation; there is no formula, so a form filled by a program
(which saves no computed values) reads back the same as one saved by Excel.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from governance.collection.form_layout import (
    DUE_ROW,
    EXPECTED_COLUMN,
    FORM_FORMAT,
    FORM_VERSION,
    HEADER_ROW,
    IDENTITY,
    LABEL_COLUMN,
    LAST_COLUMN,
    META_SHEET,
    MILESTONE_ROW,
    PROJECT_COLUMNS,
    PROJECTS_ROW,
    VALUE_COLUMN,
    FormField,
    form_fields,
    identity_row,
)
from governance.core.formatting import day, month_year
from governance.core.i18n import words
from governance.core.tabular import plain_text
from governance.core.xlsx.forms import INPUT_FILL, LOCKED_FILL, FormBrand, add_logo, fit_to_width, form_styles
from governance.core.xlsx.style import safe_cell
from governance.review import date_range

NUMBER_FORMATS = {"date": "DD/MM/YYYY", "money": "#,##0.00", "count": "0", "percent": "0.##", "text": "@", "rag": "@"}
RAG_ORDER = ("green", "amber", "red")
MAX_SHEET_NAME = 31
_SHEET_FORBIDDEN = str.maketrans({c: "-" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class FormFile:
    manager: str
    file_name: str
    projects: list[str]
    sheets: list[str]


def file_stem(name: str, default: str) -> str:
    """A person's name as part of a file name: plain ASCII when it has Latin letters, else its own letters."""
    stem = plain_text(name, "-")[:40].strip("-")
    if not stem:
        stem = re.sub(r"\W+", "-", unicodedata.normalize("NFKC", name).casefold())[:40].strip("-")
    return stem or default


def form_file_name(period: str, manager: str, language: str) -> str:
    stem = "statut" if language == "fr" else "status"
    who = file_stem(manager, "sans-chef-de-projet" if language == "fr" else "no-project-manager")
    return f"{stem}-{period}-{who}.xlsx"


def unique_name(name: str, used: set[str]) -> str:
    """`name`, or `name` with -2, -3... before its suffix when another file of the batch already has it."""
    stem, dot, suffix = name.rpartition(".")
    candidate, n = name, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{stem}-{n}{dot}{suffix}"
    used.add(candidate.casefold())
    return candidate


def sheet_names(project_ids: list[str]) -> list[str]:
    """Excel sheet names for the projects: the id, made legal and unique within the workbook (31 characters)."""
    names, used = [], {META_SHEET.casefold()}
    for project_id in project_ids:
        base = (project_id.translate(_SHEET_FORBIDDEN).strip("'") or "projet")[:MAX_SHEET_NAME]
        name, n = base, 1
        while name.casefold() in used:
            n += 1
            name = f"{base[: MAX_SHEET_NAME - len(str(n)) - 1]}~{n}"
        used.add(name.casefold())
        names.append(name)
    return names


def _shown(value: object, kind: str, language: str) -> object:
    """Last month's value as the form shows it: dates as dates, percentages 0-100, the RAG in words."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind == "date":
        return pd.Timestamp(value).date()
    if kind == "percent":
        return round(float(value) * 100, 4)
    if kind in ("money", "count"):
        return float(value) if kind == "money" else int(value)
    if kind == "rag":
        labels = words("collection", language)["form"]["rag"]
        return labels[RAG_ORDER.index(value)] if value in RAG_ORDER else None
    return safe_cell(str(value)) if str(value) else None


def _validations(fields: tuple[FormField, ...], language: str) -> list[DataValidation]:
    w = words("collection", language)["form"]
    first, last = date_range()
    rules = {
        "date": dict(
            type="date",
            operator="between",
            formula1=f"DATE({first.year},{first.month},{first.day})",
            formula2=f"DATE({last.year},{last.month},{last.day})",
        ),
        "money": dict(type="decimal", operator="greaterThanOrEqual", formula1="0"),
        "count": dict(type="whole", operator="greaterThanOrEqual", formula1="0"),
        "percent": dict(type="decimal", operator="between", formula1="0", formula2="100"),
        "rag": dict(type="list", formula1='"' + ",".join(w["rag"]) + '"'),
    }
    result = []
    for kind, rule in rules.items():
        rows = [f.row(fields) for f in fields if f.kind == kind]
        if not rows:
            continue
        validation = DataValidation(
            **rule, allow_blank=True, showErrorMessage=True, errorTitle=w["error_title"], error=w["expected"][kind]
        )
        for row in rows:
            validation.add(f"{VALUE_COLUMN}{row}")
        result.append(validation)
    return result


def _project_sheet(
    workbook: Workbook, sheet: str, project: dict, last: dict | None, period: str, brand: FormBrand
) -> None:
    language = brand.language
    w = words("collection", language)["form"]
    fields = form_fields()
    ws = workbook.create_sheet(sheet)
    style = form_styles(brand.font, brand.colour)
    font, bold = style.plain, style.bold
    ws["A1"] = w["title"].format(period=month_year(period, language))
    ws["A1"].font = style.title
    values = {**project, "period": period}
    for name in IDENTITY:
        row = identity_row(name)
        ws[f"{LABEL_COLUMN}{row}"] = w["identity"][name]
        ws[f"{LABEL_COLUMN}{row}"].font = bold
        cell = ws[f"{LAST_COLUMN}{row}"]
        cell.value = safe_cell(str(values.get(name) or ""))
        cell.fill, cell.font = LOCKED_FILL, font
    ws[f"{LABEL_COLUMN}{DUE_ROW}"] = w["due"]
    ws[f"{LABEL_COLUMN}{DUE_ROW}"].font = bold
    ws[f"{LAST_COLUMN}{DUE_ROW}"] = day(project["due_on"], language)
    ws[f"{LAST_COLUMN}{DUE_ROW}"].font = style.due
    if last and last.get("next_milestone"):
        when = last.get("milestone_forecast")
        when = last.get("milestone_baseline") if when is None or pd.isna(when) else when
        ws[f"{LABEL_COLUMN}{MILESTONE_ROW}"] = w["next_milestone"].format(
            name=last["next_milestone"], date=day(None if when is None or pd.isna(when) else when, language)
        )
        ws[f"{LABEL_COLUMN}{MILESTONE_ROW}"].font = style.italic
    for column, key in zip(
        (LABEL_COLUMN, LAST_COLUMN, VALUE_COLUMN, EXPECTED_COLUMN), ("field", "last", "value", "expected")
    ):
        cell = ws[f"{column}{HEADER_ROW}"]
        cell.value = w["columns"][key]
        cell.fill, cell.font = style.header_fill, style.header
    if last is None:
        ws[f"{LAST_COLUMN}{HEADER_ROW}"].value = f"{w['columns']['last']} ({w['no_history']})"
    for field in fields:
        row = field.row(fields)
        label = ws[f"{LABEL_COLUMN}{row}"]
        label.value, label.font = field.label[language] + (" *" if field.required else ""), font
        previous = _shown(last.get(field.name), field.kind, language) if last else None
        ws[f"{LAST_COLUMN}{row}"] = previous
        ws[f"{LAST_COLUMN}{row}"].font = style.last
        value = ws[f"{VALUE_COLUMN}{row}"]
        value.value = previous if field.carry else None
        value.fill, value.font = INPUT_FILL, font
        value.protection = Protection(locked=False)
        for column in (LAST_COLUMN, VALUE_COLUMN):
            ws[f"{column}{row}"].number_format = NUMBER_FORMATS[field.kind]
        expected = w["expected"][field.kind] + (f" ({w['required']})" if field.required else "")
        ws[f"{EXPECTED_COLUMN}{row}"] = expected
        ws[f"{EXPECTED_COLUMN}{row}"].font = style.hint
    for validation in _validations(fields, language):
        ws.add_data_validation(validation)
    for column, width in zip("ABCD", (46, 22, 22, 30)):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    fit_to_width(ws)
    ws.protection.sheet = True
    ws.sheet_view.showGridLines = False


def _instructions(
    workbook: Workbook,
    manager: str,
    projects: list[dict],
    sheets: list[str],
    period: str,
    brand: FormBrand,
    meeting: str,
) -> None:
    language = brand.language
    w = words("collection", language)["form"]
    style = form_styles(brand.font, brand.colour)
    ws = workbook.active
    ws.title = w["instructions_sheet"]
    due = min(p["due_on"] for p in projects)
    row = add_logo(ws, brand.logo)
    ws.cell(row, 1, w["title"].format(period=month_year(period, language))).font = style.big_title
    ws.cell(row + 1, 1, brand.client).font = style.italic
    row += 3
    for key, value in (("manager", manager), ("due", day(due, language)), ("meeting", meeting)):
        if value:
            ws.cell(row, 1, w[key]).font = style.bold
            ws.cell(row, 2, safe_cell(value)).font = style.plain
            row += 1
    row += 1
    intro = ws.cell(row, 1, w["intro"].format(period=month_year(period, language), due=day(due, language)))
    intro.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    ws.row_dimensions[row].height = 48
    row += 2
    for number, step in enumerate(w["steps"], start=1):
        cell = ws.cell(row, 1, f"{number}. {step}")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        ws.row_dimensions[row].height = 34
        row += 1
    row += 1
    ws.cell(row, 1, w["projects"]).font = style.heading
    for project, sheet in zip(projects, sheets):
        row += 1
        ws.cell(row, 1, safe_cell(project["project_id"]))
        ws.cell(row, 2, safe_cell(project["project_name"]))
        ws.cell(row, 4, f"→ {sheet}")
    for column, width in zip("ABCD", (30, 40, 20, 20)):
        ws.column_dimensions[column].width = width
    ws.sheet_view.showGridLines = False
    fit_to_width(ws)
    ws.protection.sheet = True


def _meta(
    workbook: Workbook, projects: list[dict], sheets: list[str], period: str, brand: FormBrand, prepared_at: datetime
) -> None:
    ws = workbook.create_sheet(META_SHEET)
    fields = form_fields()
    values = (
        FORM_FORMAT,
        FORM_VERSION,
        brand.engagement_id,
        period,
        prepared_at.isoformat(timespec="seconds"),
        ",".join(f.name for f in fields),
        fields[0].row(fields),
        VALUE_COLUMN,
    )
    for row, value in enumerate(values, start=1):
        ws.cell(
            row,
            1,
            ("format", "version", "engagement", "period", "prepared_at", "fields", "first_field_row", "value_column")[
                row - 1
            ],
        )
        ws.cell(row, 2, value)
    for column, name in enumerate(PROJECT_COLUMNS, start=1):
        ws.cell(PROJECTS_ROW, column, name)
    for offset, (project, sheet) in enumerate(zip(projects, sheets), start=1):
        row = [sheet, *(str(project.get(c) or "") for c in PROJECT_COLUMNS[1:-1]), project["due_on"].isoformat()]
        for column, value in enumerate(row, start=1):
            ws.cell(PROJECTS_ROW + offset, column, value).data_type = "s"
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def write_form(
    path: Path,
    manager: str,
    projects: list[dict],
    last: dict[str, dict],
    period: str,
    brand: FormBrand,
    meeting: str,
    prepared_at: datetime,
) -> FormFile:
    """One manager's workbook at `path`: instructions, a sheet per project, the hidden identity sheet."""
    workbook = Workbook()
    sheets = sheet_names([p["project_id"] for p in projects])
    _instructions(workbook, manager, projects, sheets, period, brand, meeting)
    for project, sheet in zip(projects, sheets):
        _project_sheet(workbook, sheet, project, last.get(project["project_id"]), period, brand)
    _meta(workbook, projects, sheets, period, brand, prepared_at)
    workbook.properties.creator = brand.author or "pmo-kit"
    workbook.properties.title = words("collection", brand.language)["form"]["title"].format(
        period=month_year(period, brand.language)
    )
    workbook.properties.created = workbook.properties.modified = prepared_at.replace(tzinfo=None)
    workbook.active = 0
    workbook.save(path)
    return FormFile(manager, path.name, [p["project_id"] for p in projects], sheets)
