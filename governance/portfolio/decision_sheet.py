"""The board's decision sheet: written with the pack (one row per demand put to the board, the PMO's proposal
locked, a yellow decision cell), then read back with every problem named by file, sheet, row and column.

Like the decision registers, the sheet is recognised by a very hidden identity sheet (engagement, body, the demand
of each row), never by its name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from governance.core.i18n import LANGUAGES, words
from governance.core.problems import Problem
from governance.core.tabular import open_workbook, parse_dates, plain_text
from governance.core.xlsx.forms import INPUT_FILL, FormBrand, add_logo, fit_to_width, form_styles

SHEET_FORMAT = "pmo-kit portfolio decisions"
META_SHEET = "pmo_meta"
DECISIONS = ("approved", "rejected", "deferred")
COLUMNS = ("demand_id", "title", "sponsor", "score", "cost", "proposal", "decision", "manager", "comment")
LETTERS = dict(zip(COLUMNS, "ABCDEFGHI"))
WIDTHS = {"A": 11, "B": 40, "C": 20, "D": 11, "E": 14, "F": 16, "G": 16, "H": 22, "I": 36}
INPUTS = ("decision", "manager", "comment")
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
META_ROWS = 6  # format, engagement, body, prepared, first row, count; the demand ids follow
MEETING_ABOVE = 4  # the meeting date's row, counted up from the first demand row (hint, blank and header between)


def sheet_file_name(day: date, language: str) -> str:
    return words("portfolio", language)["sheet"]["file"].format(date=day.isoformat()) + ".xlsx"


@dataclass(frozen=True)
class SheetContent:
    body_id: str
    body_label: str
    prepared_on: date
    currency: str
    rows: pd.DataFrame  # demand_id, title, sponsor, score, total_cost, proposal (a key of words' proposal)


def write_decision_sheet(path: Path, content: SheetContent, brand: FormBrand) -> Path:
    w = words("portfolio", brand.language)
    labels = w["sheet"]
    style = form_styles(brand.font, brand.colour)
    workbook = Workbook()
    ws = workbook.active
    ws.title = labels["sheet"]
    row = add_logo(ws, brand.logo)
    ws.cell(row, 1, labels["title"].format(body=content.body_label)).font = style.big_title
    prepared = content.prepared_on.strftime("%d/%m/%Y")
    ws.cell(row + 1, 1, labels["subtitle"].format(client=brand.client, date=prepared)).font = style.italic
    meeting_row = row + 3
    ws.cell(meeting_row, 1, labels["meeting"]).font = style.bold
    meeting = ws.cell(meeting_row, 3)
    meeting.fill, meeting.number_format, meeting.protection = INPUT_FILL, "DD/MM/YYYY", UNLOCKED
    hint = ws.cell(meeting_row + 1, 1, labels["hint"])
    hint.font, hint.alignment = style.hint, WRAP
    ws.merge_cells(start_row=meeting_row + 1, start_column=1, end_row=meeting_row + 1, end_column=len(COLUMNS))
    ws.row_dimensions[meeting_row + 1].height = 48
    header = meeting_row + MEETING_ABOVE - 1
    for name, letter in LETTERS.items():
        cell = ws[f"{letter}{header}"]
        cell.value = labels["columns"][name]
        cell.font, cell.fill, cell.alignment = style.header, style.header_fill, WRAP
    first = header + 1
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(w["status"][d] for d in DECISIONS) + '"',
        allow_blank=True,
        showErrorMessage=True,
    )
    dates = DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)", formula2="DATE(2100,12,31)")
    dates.add(meeting.coordinate)
    for offset, r in enumerate(content.rows.to_dict("records")):
        at = first + offset
        values = {
            "demand_id": r["demand_id"],
            "title": r["title"],
            "sponsor": r["sponsor"],
            "score": None if pd.isna(r["score"]) else round(float(r["score"]), 2),
            "cost": float(r["total_cost"]),
            "proposal": w["proposal"][r["proposal"]],
        }
        for name, value in values.items():
            cell = ws[f"{LETTERS[name]}{at}"]
            cell.value, cell.font, cell.alignment = value, style.plain, WRAP
        ws[f"D{at}"].number_format = "0.00"
        ws[f"E{at}"].number_format = f'#,##0 "{content.currency}"'
        for name in INPUTS:
            cell = ws[f"{LETTERS[name]}{at}"]
            cell.fill, cell.protection, cell.alignment, cell.font = INPUT_FILL, UNLOCKED, WRAP, style.plain
    last = first + max(len(content.rows), 1) - 1
    choices.add(f"G{first}:G{last}")
    ws.add_data_validation(choices)
    ws.add_data_validation(dates)
    for letter, width in WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{first}"
    ws.protection.sheet = True
    ws.protection.formatRows = ws.protection.formatColumns = False
    fit_to_width(ws, "landscape")
    meta = workbook.create_sheet(META_SHEET)
    head = (
        SHEET_FORMAT,
        brand.engagement_id,
        content.body_id,
        content.prepared_on.isoformat(),
        first,
        len(content.rows),
    )
    for at, value in enumerate(head, start=1):
        meta.cell(at, 1, value)
    for at, demand_id in enumerate(content.rows["demand_id"], start=META_ROWS + 1):
        meta.cell(at, 1, str(demand_id)).data_type = "s"
    meta.sheet_state = "veryHidden"
    workbook.properties.creator = brand.author
    workbook.save(path)
    return path


@dataclass
class SheetRead:
    label: str
    body_id: str = ""
    meeting_on: date | None = None
    decisions: list[dict] = field(default_factory=list)  # demand_id, decision, comment
    problems: list[Problem] = field(default_factory=list)


def _decision_words() -> dict[str, str]:
    known = {d: d for d in DECISIONS}
    for language in LANGUAGES:
        known |= {plain_text(words("portfolio", language)["status"][d]): d for d in DECISIONS}
    return known


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_decision_sheet(path: Path, label: str, *, engagement_id: str, today: date | None = None) -> SheetRead:
    """One filled sheet: its body, meeting date and decisions, or the problems that refuse it."""
    read = SheetRead(label)
    today = today or date.today()

    def refuse(message: str, code: str, sheet: str | None = None, row: int | None = None, column: str | None = None):
        read.problems.append(Problem(label, message, row=row, column=column, code=code, sheet=sheet))
        return read

    with open_workbook(path, label) as workbook:
        if META_SHEET not in workbook.sheetnames:
            return refuse(
                "not a portfolio decision sheet (its identity sheet is missing); expected a sheet written by "
                "`pmo portfolio select`",
                "not-a-decision-sheet",
            )
        meta = [_text(r[0]) for r in workbook[META_SHEET].iter_rows(max_col=1, values_only=True)]
        if len(meta) < META_ROWS or meta[0] != SHEET_FORMAT or not meta[4].isdigit():
            return refuse("its identity sheet was edited; expected the sheet as written", "decision-sheet-edited")
        if meta[1] != engagement_id:
            return refuse(
                f"written for engagement {meta[1]!r}; expected {engagement_id!r}", "decision-sheet-other-engagement"
            )
        read.body_id, first, count = meta[2], int(meta[4]), int(meta[5]) if meta[5].isdigit() else -1
        ids = meta[META_ROWS : META_ROWS + max(count, 0)]
        ws = workbook.worksheets[0]
        sheet = ws.title
        rows = list(ws.iter_rows(min_row=1, max_row=first + len(ids) - 1, max_col=len(COLUMNS), values_only=True))
    header = [_text(v) for v in rows[first - 2]] if len(rows) >= first - 1 else []
    column = {
        name: f"{LETTERS[name]} ({header[i]})" if i < len(header) else LETTERS[name] for i, name in enumerate(COLUMNS)
    }
    known = _decision_words()
    for offset, demand_id in enumerate(ids):
        at = first + offset
        values = rows[at - 1] if at - 1 < len(rows) else (None,) * len(COLUMNS)
        if _text(values[0]) != demand_id:
            refuse(
                f"the demand reference was changed to {_text(values[0])!r}; expected {demand_id!r} (rows are locked)",
                "decision-sheet-edited",
                sheet,
                at,
                column["demand_id"],
            )
            continue
        decision = _text(values[6])
        if not decision:
            continue
        if plain_text(decision) not in known:
            choices = ", ".join(words("portfolio", lang)["status"][d] for lang in LANGUAGES for d in DECISIONS)
            refuse(
                f"unknown decision {decision!r}; expected one of {choices}, or blank",
                "unknown-decision",
                sheet,
                at,
                column["decision"],
            )
            continue
        read.decisions.append(
            {
                "demand_id": demand_id,
                "decision": known[plain_text(decision)],
                "manager": _text(values[7]),
                "comment": _text(values[8]),
            }
        )
    read.meeting_on = _meeting_date(rows, first, sheet, read, refuse, today)
    return read


def _meeting_date(rows: list, first: int, sheet: str, read: SheetRead, refuse, today: date) -> date | None:
    at = first - MEETING_ABOVE
    value = rows[at - 1][2] if at - 1 < len(rows) else None
    if value is None or value == "":
        if read.decisions:
            refuse(
                "the meeting date is missing; expected the date the board decided (dd/mm/yyyy)",
                "missing-meeting-date",
                sheet,
                at,
                "C",
            )
        return None
    if isinstance(value, datetime):
        day = value.date()
    else:
        parsed, bad = parse_dates(pd.Series([value]))
        if bool(bad.iloc[0]):
            refuse(f"{value!r} is not a date; expected dd/mm/yyyy", "bad-meeting-date", sheet, at, "C")
            return None
        day = parsed.iloc[0].date()
    if not date(1990, 1, 1) <= day <= today:
        refuse(
            f"meeting date {day:%d/%m/%Y} is in the future or before 1990; expected the date the board met",
            "bad-meeting-date",
            sheet,
            at,
            "C",
        )
        return None
    return day
