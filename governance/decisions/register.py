"""A body's decision register out: the month's exceptions to decide on and the open actions to follow up.

One workbook per body with exceptions or open actions, shipped with the review pack. The identity cells are
locked and repeated on a very hidden sheet, which is what `pmo decisions import` trusts; yellow cells are the
meeting's to fill. No formula, so a register filled by a program reads back like one saved by Excel.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from governance.core.i18n import words
from governance.core.xlsx.forms import INPUT_FILL, LOCKED_FILL, FormBrand, add_logo, fit_to_width, form_styles
from governance.core.xlsx.style import safe_cell
from governance.decisions.layout import (
    DECISION_COLUMNS,
    DECISION_INPUTS,
    DECISION_LETTERS,
    FOLLOW_UP_COLUMNS,
    FOLLOW_UP_HEADER_ROW,
    FOLLOW_UP_INPUTS,
    FOLLOW_UP_LETTERS,
    META_SHEET,
    OTHER_ACTION_ROWS,
    REGISTER_FORMAT,
    REGISTER_VERSION,
)
from governance.decisions.store import ACTION_STATUSES

DATE_FORMAT = "DD/MM/YYYY"
MAX_LIST = 255
# Row heights in points: Excel does not grow a row for wrapped text written by a program; three lines of the
# decision expected (or of the answer written in) must show, and two-line headers.
HEADER_HEIGHT, ROW_HEIGHT = 30, 48
# Data validation is added per column range: openpyxl checks each added cell against every range it holds
# (measured: 2,400 exception rows took 8.3 s cell by cell).
WRAP_TOP, WRAP_CENTRE = Alignment(wrap_text=True, vertical="top"), Alignment(wrap_text=True, vertical="center")
UNLOCKED = Protection(locked=False)
WIDTHS = {"ref": 7, "project_id": 12, "project_name": 28, "dimension": 12, "deviation": 10, "red": 10}
WIDTHS |= {"red_streak": 10, "expected": 36, "decision": 36, "action": 36, "owner": 20, "due_on": 12}
FOLLOW_UP_WIDTHS = {"action_ref": 30, "project_id": 12, "action": 40, "owner": 20, "due_on": 12, "decided": 10}
FOLLOW_UP_WIDTHS |= {"body": 22, "status": 12, "closed_on": 14, "comment": 36}


@dataclass
class RegisterContent:
    """What one body's register holds, already in the engagement's language where it is shown."""

    body_id: str
    body_label: str
    period: str
    period_label: str
    meeting_on: date | None
    exceptions: list[dict] = field(default_factory=list)  # ref, project_id, project_name, dimension (id), ...
    actions: list[dict] = field(default_factory=list)  # action_ref, project_id, action, owner, due_on, decided, body


def register_file_name(body_id: str, period: str, language: str) -> str:
    return words("decisions", language)["register"]["file"].format(body=body_id, period=period) + ".xlsx"


def _date_validation(language: str) -> DataValidation:
    return DataValidation(
        type="date",
        operator="between",
        formula1="DATE(1990,1,1)",
        formula2="DATE(2100,12,31)",
        allow_blank=True,
        showErrorMessage=True,
        error="jj/mm/aaaa" if language == "fr" else "dd/mm/yyyy",
    )


def _header(ws, row: int, names: tuple[str, ...], letters: dict[str, str], labels: dict, style) -> None:
    ws.row_dimensions[row].height = HEADER_HEIGHT
    for name in names:
        cell = ws[f"{letters[name]}{row}"]
        cell.value = labels[name]
        cell.font, cell.fill = style.header, style.header_fill
        cell.alignment = WRAP_CENTRE


def _decisions_sheet(ws, content: RegisterContent, brand: FormBrand) -> dict[str, int]:
    w = words("decisions", brand.language)["register"]
    style = form_styles(brand.font, brand.colour)
    row = add_logo(ws, brand.logo)
    ws.cell(row, 1, w["title"].format(body=content.body_label)).font = style.big_title
    ws.cell(row + 1, 1, w["subtitle"].format(period=content.period_label, client=brand.client)).font = style.italic
    meeting_row = row + 3
    ws.cell(meeting_row, 1, w["meeting"]).font = style.bold
    meeting = ws.cell(meeting_row, 4, content.meeting_on)
    meeting.fill, meeting.number_format, meeting.protection = INPUT_FILL, DATE_FORMAT, UNLOCKED
    dates = _date_validation(brand.language)
    dates.add(meeting.coordinate)
    hint = ws.cell(meeting_row + 1, 1, w["hint"])
    hint.font, hint.alignment = style.hint, WRAP_TOP
    ws.merge_cells(start_row=meeting_row + 1, start_column=1, end_row=meeting_row + 1, end_column=12)
    ws.row_dimensions[meeting_row + 1].height = 44
    header_row = meeting_row + 3
    labels = w["columns"]
    _header(ws, header_row, DECISION_COLUMNS + DECISION_INPUTS, DECISION_LETTERS, labels, style)
    first = header_row + 1
    made: dict = {}
    for offset, exception in enumerate(content.exceptions):
        r = first + offset
        for name in DECISION_COLUMNS:
            cell = ws[f"{DECISION_LETTERS[name]}{r}"]
            cell.value = safe_cell(exception[f"{name}_label"] if name == "dimension" else exception[name])
            _dress(cell, "locked", style, made)
        _inputs(ws, r, DECISION_INPUTS, DECISION_LETTERS, style, made)
        ws.row_dimensions[r].height = ROW_HEIGHT
    if not content.exceptions:
        ws.cell(first, 1, w["no_exception"]).font = style.hint
    other_title = first + max(len(content.exceptions), 1) + 1
    ws.cell(other_title, 1, w["other_actions"]).font = style.heading
    _header(ws, other_title + 1, ("ref", "action", "owner", "due_on"), DECISION_LETTERS, labels, style)
    other_first = other_title + 2
    other_rows = max(OTHER_ACTION_ROWS, len(content.exceptions)) if content.exceptions else 0
    choices = '"' + ",".join(e["ref"] for e in content.exceptions) + '"'
    # Excel refuses a list longer than 255 characters (it calls the file corrupt): past some 60 exceptions the
    # reference is typed freely, and the import checks it either way.
    refs = DataValidation(type="list", formula1=choices) if len(choices) <= MAX_LIST else None
    for r in range(other_first, other_first + other_rows):
        _inputs(ws, r, ("ref", "action", "owner", "due_on"), DECISION_LETTERS, style, made)
    due = DECISION_LETTERS["due_on"]
    if content.exceptions:
        dates.add(f"{due}{first}:{due}{first + len(content.exceptions) - 1}")
    if other_rows:
        dates.add(f"{due}{other_first}:{due}{other_first + other_rows - 1}")
    if other_rows and refs is not None:
        refs.add(f"{DECISION_LETTERS['ref']}{other_first}:{DECISION_LETTERS['ref']}{other_first + other_rows - 1}")
        ws.add_data_validation(refs)
    ws.add_data_validation(dates)
    for name, width in WIDTHS.items():
        ws.column_dimensions[DECISION_LETTERS[name]].width = width
    ws.freeze_panes = f"A{first}"
    ws.sheet_view.showGridLines = False
    fit_to_width(ws, "landscape")
    _protect(ws)
    return {
        "meeting_row": meeting_row,
        "first_row": first,
        "other_first_row": other_first,
        "other_rows": other_rows,
    }


def _dress(cell, kind: str, style, made: dict) -> None:
    """A cell's look: `kind` is locked or input, with -date for a date. The first cell of a kind gets it through
    openpyxl's setters; the others copy its style array, which costs no hashing (2,400 exception rows: 1.7 s of
    setters down to a few hundredths)."""
    if kind in made:
        cell._style = copy(made[kind]._style)
        return
    locked = kind.startswith("locked")
    cell.fill, cell.font, cell.alignment = (LOCKED_FILL if locked else INPUT_FILL), style.plain, WRAP_TOP
    if not locked:
        cell.protection = UNLOCKED
    if kind.endswith("-date"):
        cell.number_format = DATE_FORMAT
    made[kind] = cell


def _inputs(ws, row: int, names, letters: dict[str, str], style, made: dict) -> None:
    for name in names:
        _dress(ws[f"{letters[name]}{row}"], "input-date" if name in ("due_on", "closed_on") else "input", style, made)


def _follow_up_sheet(ws, content: RegisterContent, brand: FormBrand) -> None:
    language = brand.language
    w = words("decisions", language)
    style = form_styles(brand.font, brand.colour)
    ws.cell(1, 1, w["register"]["follow_up_sheet"] + " — " + content.body_label).font = style.title
    hint = ws.cell(2, 1, w["register"]["follow_up_hint"])
    hint.font = style.hint
    _header(
        ws,
        FOLLOW_UP_HEADER_ROW,
        FOLLOW_UP_COLUMNS + FOLLOW_UP_INPUTS,
        FOLLOW_UP_LETTERS,
        w["register"]["columns"],
        style,
    )
    dates = _date_validation(language)
    statuses = DataValidation(
        type="list", formula1='"' + ",".join(w["status"][s] for s in ACTION_STATUSES) + '"', showErrorMessage=True
    )
    made: dict = {}
    for offset, action in enumerate(content.actions, start=1):
        r = FOLLOW_UP_HEADER_ROW + offset
        for name in FOLLOW_UP_COLUMNS:
            cell = ws[f"{FOLLOW_UP_LETTERS[name]}{r}"]
            value = action[name]
            cell.value = value if isinstance(value, date) else safe_cell(str(value))
            _dress(cell, "locked-date" if isinstance(value, date) else "locked", style, made)
        _inputs(ws, r, FOLLOW_UP_INPUTS, FOLLOW_UP_LETTERS, style, made)
        ws.row_dimensions[r].height = ROW_HEIGHT
        ws[f"{FOLLOW_UP_LETTERS['status']}{r}"].value = w["status"][action.get("status", "open")]
    if not content.actions:
        ws.cell(FOLLOW_UP_HEADER_ROW + 1, 1, w["register"]["no_open_action"]).font = style.hint
    if content.actions:
        first_row, last_row = FOLLOW_UP_HEADER_ROW + 1, FOLLOW_UP_HEADER_ROW + len(content.actions)
        for validation, name in ((dates, "closed_on"), (statuses, "status")):
            letter = FOLLOW_UP_LETTERS[name]
            validation.add(f"{letter}{first_row}:{letter}{last_row}")
    ws.add_data_validation(dates)
    ws.add_data_validation(statuses)
    for name, width in FOLLOW_UP_WIDTHS.items():
        ws.column_dimensions[FOLLOW_UP_LETTERS[name]].width = width
    ws.freeze_panes = f"A{FOLLOW_UP_HEADER_ROW + 1}"
    ws.sheet_view.showGridLines = False
    fit_to_width(ws, "landscape")
    _protect(ws)


def _protect(ws) -> None:
    """Locked identity, free inputs; rows may be resized and columns widened (no password: slips, not people)."""
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False


def _meta(workbook: Workbook, content: RegisterContent, brand: FormBrand, rows: dict[str, int], at: datetime) -> None:
    ws = workbook.create_sheet(META_SHEET)
    values = {
        "format": REGISTER_FORMAT,
        "version": REGISTER_VERSION,
        "engagement": brand.engagement_id,
        "period": content.period,
        "body": content.body_id,
        "prepared_at": at.isoformat(timespec="seconds"),
        "exceptions": len(content.exceptions),
        "actions": len(content.actions),
        **rows,
    }
    for row, (key, value) in enumerate(values.items(), start=1):
        ws.cell(row, 1, key)
        ws.cell(row, 2, value)
    start = len(values) + 2
    for offset, e in enumerate(content.exceptions):
        for column, value in enumerate((e["ref"], e["project_id"], e["dimension"], e["project_name"]), start=1):
            ws.cell(start + offset, column, str(value)).data_type = "s"
    start += len(content.exceptions)
    for offset, a in enumerate(content.actions):
        ws.cell(start + offset, 1, a["action_ref"]).data_type = "s"
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def write_register(path: Path, content: RegisterContent, brand: FormBrand, prepared_at: datetime) -> Path:
    """One body's register at `path`: the decisions sheet, the follow-up sheet, the hidden identity sheet."""
    w = words("decisions", brand.language)["register"]
    workbook = Workbook()
    decisions = workbook.active
    decisions.title = w["decisions_sheet"]
    rows = _decisions_sheet(decisions, content, brand)
    _follow_up_sheet(workbook.create_sheet(w["follow_up_sheet"]), content, brand)
    _meta(workbook, content, brand, rows, prepared_at)
    workbook.properties.creator = brand.author
    workbook.properties.title = w["title"].format(body=content.body_label)
    workbook.save(path)
    return path
