"""A filled decision register in: checked cell by cell, every problem named by file, sheet, row and column.

The hidden sheet says which engagement, period and body the register is for and which exception or action each
locked row holds; a register whose identity was edited is refused, never guessed at. Each exception row takes
exactly one decision; an action needs its owner and due date; an owner nobody knows is kept as written, with a
warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from governance.core.cells import cell_problems
from governance.core.i18n import LANGUAGES, words
from governance.core.periods import PERIOD, period_bounds
from governance.core.problems import InputError, Problem
from governance.core.tabular import open_workbook, parse_dates, plain_text
from governance.decisions.layout import (
    DECISION_LETTERS,
    FOLLOW_UP_HEADER_ROW,
    FOLLOW_UP_LETTERS,
    META_SHEET,
    REGISTER_FORMAT,
)
from governance.decisions.store import ACTION_STATUSES


@dataclass
class RegisterRead:
    label: str
    period: str = ""
    body_id: str = ""
    meeting_on: date | None = None
    decisions: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    follow_ups: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _status_words() -> dict[str, str]:
    """Every way a status is written (either language, any case) -> its id."""
    known = {s: s for s in ACTION_STATUSES}
    for language in LANGUAGES:
        known |= {plain_text(label): s for s, label in words("decisions", language)["status"].items()}
    return known


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class _Checker:
    """Problems of one register, each at its sheet, row and column."""

    read: RegisterRead
    bounds: tuple[date, date]
    today: date = field(default_factory=date.today)
    headers: dict[str, str] = field(default_factory=dict)  # column letter -> its header, on the sheet being read

    def _column(self, column: str | None) -> str | None:
        return f"{column} ({self.headers[column]})" if column in self.headers else column

    def error(
        self,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        code: str = "invalid",
    ) -> None:
        self.read.problems.append(
            Problem(self.read.label, message, row=row, column=self._column(column), sheet=sheet, code=code)
        )

    def warn(self, message: str, sheet: str, row: int, column: str, code: str) -> None:
        self.read.warnings.append(
            Problem(
                self.read.label,
                message,
                row=row,
                column=self._column(column),
                sheet=sheet,
                code=code,
                severity="warning",
            )
        )

    def day(self, value: object, sheet: str, row: int, column: str, what: str) -> date | None:
        """A date cell: a date, or text written as a date; anything else is a problem (None when blank)."""
        if value is None or _text(value) == "":
            return None
        if isinstance(value, datetime):
            found = value.date()
        elif isinstance(value, date):
            found = value
        else:
            parsed, bad = parse_dates(pd.Series([_text(value)]))
            if bool(bad.iloc[0]):
                self.error(
                    f"{what} reads {_text(value)!r}; expected a date (dd/mm/yyyy)", sheet, row, column, "not-a-date"
                )
                return None
            found = parsed.iloc[0].date()
        first, last = self.bounds
        if not first <= found <= last:
            self.error(
                f"{what} {found.isoformat()} is outside {first.year}-{last.year}; expected a real date",
                sheet,
                row,
                column,
                "date-out-of-range",
            )
            return None
        return found


def _meta(worksheet) -> tuple[dict[str, object], list[tuple]]:
    rows = [tuple(r) for r in worksheet.iter_rows(values_only=True)]
    meta: dict[str, object] = {}
    for index, row in enumerate(rows):
        if not row or row[0] is None:
            return meta, rows[index + 1 :]
        meta[str(row[0])] = row[1] if len(row) > 1 else None
    return meta, []


def read_register(
    path: Path,
    label: str,
    *,
    engagement_id: str,
    bodies: dict[str, str],
    is_known_person: Callable[[str], bool],
    date_bounds: tuple[date, date],
    language: str,
) -> RegisterRead:
    """One register, read and checked (problems and warnings on the result; nothing raised for its content)."""
    read = RegisterRead(label)
    check = _Checker(read, date_bounds)
    try:
        with open_workbook(path, label) as workbook:
            if META_SHEET not in workbook.sheetnames:
                check.error(
                    "is not a decision register (it has no register identity); expected a register "
                    "written with the review pack",
                    code="not-a-register",
                )
                return read
            meta, listed = _meta(workbook[META_SHEET])
            if meta.get("format") != REGISTER_FORMAT:
                check.error(
                    "is not a decision register of pmo-kit; expected a register written with the review pack",
                    code="not-a-register",
                )
                return read
            if meta.get("engagement") != engagement_id:
                check.error(
                    f"is a register of another engagement ({meta.get('engagement')!r}); expected one of "
                    f"{engagement_id!r}",
                    code="other-engagement",
                )
                return read
            read.period, read.body_id = str(meta.get("period") or ""), str(meta.get("body") or "")
            if read.body_id not in bodies:
                check.error(
                    f"is the register of body {read.body_id!r}, which the governance model does not have; "
                    f"expected one of {', '.join(sorted(bodies)) or 'none'}",
                    sheet=META_SHEET,
                    code="unknown-body",
                )
                return read
            sheets = [s for s in workbook.sheetnames if s != META_SHEET]
            if len(sheets) < 2:
                check.error(
                    "has lost its decisions or follow-up sheet; expected the register as written", code="sheet-missing"
                )
                return read
            exceptions = [r for r in listed[: int(meta.get("exceptions") or 0)]]
            actions = [r[0] for r in listed[len(exceptions) : len(exceptions) + int(meta.get("actions") or 0)]]
            _read_decisions(workbook[sheets[0]], sheets[0], meta, exceptions, check, is_known_person, language)
            _read_follow_up(workbook[sheets[1]], sheets[1], actions, check, language)
    except InputError as refused:
        read.problems.extend(refused.problems)
    return read


def _cells(worksheet, last_row: int, last_column: str) -> list[tuple]:
    return [
        tuple(r)
        for r in worksheet.iter_rows(min_row=1, max_row=last_row, max_col=ord(last_column) - 64, values_only=True)
    ]


def _value(rows: list[tuple], row: int, column: str) -> object:
    index = ord(column) - 65
    return rows[row - 1][index] if len(rows) >= row and len(rows[row - 1]) > index else None


def _read_decisions(
    worksheet,
    sheet: str,
    meta: dict,
    exceptions: list[tuple],
    check: _Checker,
    is_known_person: Callable[[str], bool],
    language: str,
) -> None:
    read = check.read
    columns = words("decisions", language)["register"]["columns"]
    L = DECISION_LETTERS  # noqa: N806
    check.headers = {L[name]: label for name, label in columns.items() if name in L}
    first, other_first = int(meta["first_row"]), int(meta["other_first_row"])
    last = other_first + int(meta["other_rows"])
    rows = _cells(worksheet, last, L["due_on"])
    for problem in cell_problems(read.label, rows):
        check.error(problem.message, sheet, problem.row, problem.column, problem.code)
    meeting_row = int(meta["meeting_row"])
    meeting_label = words("decisions", language)["register"]["meeting"]
    read.meeting_on = check.day(
        _value(rows, meeting_row, "D"), sheet, meeting_row, f"D ({meeting_label})", meeting_label
    )
    if read.meeting_on is None and not any(p.row == meeting_row for p in read.problems):
        check.warn(
            "no meeting date: the decisions are stored without one",
            sheet,
            meeting_row,
            f"D ({meeting_label})",
            "no-meeting-date",
        )
    by_ref: dict[str, tuple] = {}
    counts: dict[tuple[str, str], int] = {}

    def action(row: int, ref: str, project_id: str, dimension: str) -> None:
        text = _text(_value(rows, row, L["action"]))
        owner = _text(_value(rows, row, L["owner"]))
        due_cell = _value(rows, row, L["due_on"])
        due = check.day(due_cell, sheet, row, L["due_on"], columns["due_on"])
        if not (text or owner or _text(due_cell)):
            return
        for name, value in (("action", text), ("owner", owner), ("due_on", _text(due_cell))):
            if not value:
                check.error(
                    f"the action of {ref} has no {columns[name].casefold()}; expected an action with its "
                    "owner and due date (dd/mm/yyyy)",
                    sheet,
                    row,
                    L[name],
                    "action-incomplete",
                )
        if not (text and owner and due):
            return
        if read.meeting_on is not None and due < read.meeting_on:
            check.warn(
                f"the action of {ref} is due {due.isoformat()}, before the meeting ({read.meeting_on.isoformat()}): "
                "it is overdue from the start",
                sheet,
                row,
                L["due_on"],
                "due-before-meeting",
            )
        if not is_known_person(owner):
            check.warn(
                f"owner {owner!r} is not a known person (contacts, PMO team, sponsors, project managers); "
                "kept as written",
                sheet,
                row,
                L["owner"],
                "owner-unknown",
            )
        counts[(project_id, dimension)] = n = counts.get((project_id, dimension), 0) + 1
        read.actions.append(
            {
                "ref": f"{read.period}/{read.body_id}/{project_id}/{dimension}/{n}",
                "project_id": project_id,
                "dimension": dimension,
                "action": text,
                "owner": owner,
                "owner_known": is_known_person(owner),
                "due_on": due,
            }
        )

    for offset, (ref, project_id, dimension, project_name, *_rest) in enumerate(exceptions):
        row = first + offset
        edited = [
            (name, _text(_value(rows, row, L[name])), str(expected))
            for name, expected in (("ref", ref), ("project_id", project_id))
            if _text(_value(rows, row, L[name])) != str(expected)
        ]
        if edited:
            name, found, expected = edited[0]
            check.error(
                f"reads {found!r} where the register was written with {expected!r}; the grey cells are locked: "
                "keep one row per exception, unchanged",
                sheet,
                row,
                L[name],
                "identity-edited",
            )
            continue
        by_ref[str(ref)] = (project_id, dimension)
        decision = _text(_value(rows, row, L["decision"]))
        if not decision:
            check.error(
                f"no decision for exception {ref} ({project_id}); expected exactly one decision per exception row",
                sheet,
                row,
                L["decision"],
                "decision-missing",
            )
        else:
            read.decisions.append(
                {
                    "project_id": str(project_id),
                    "project_name": str(project_name or ""),
                    "dimension": str(dimension),
                    "decision": decision,
                    "meeting_on": None,
                }
            )
        action(row, str(ref), str(project_id), str(dimension))
    for row in range(other_first, last):
        ref = _text(_value(rows, row, L["ref"]))
        filled = any(_text(_value(rows, row, L[n])) for n in ("action", "owner", "due_on"))
        if not ref and not filled:
            continue
        if ref not in by_ref:
            check.error(
                f"reference {ref!r} is not an exception of this register; expected one of "
                f"{', '.join(by_ref) or 'none'}",
                sheet,
                row,
                L["ref"],
                "unknown-exception",
            )
            continue
        if not filled:
            check.error(
                f"reference {ref} has no action; expected an action with its owner and due date",
                sheet,
                row,
                L["action"],
                "action-incomplete",
            )
            continue
        action(row, ref, *by_ref[ref])
    for decision in read.decisions:
        decision["meeting_on"] = read.meeting_on


def _read_follow_up(worksheet, sheet: str, actions: list[str], check: _Checker, language: str) -> None:
    read = check.read
    columns = words("decisions", language)["register"]["columns"]
    L = FOLLOW_UP_LETTERS  # noqa: N806
    check.headers = {L[name]: label for name, label in columns.items() if name in L}
    rows = _cells(worksheet, FOLLOW_UP_HEADER_ROW + len(actions), L["comment"])
    for problem in cell_problems(read.label, rows):
        check.error(problem.message, sheet, problem.row, problem.column, problem.code)
    statuses = _status_words()
    shown = words("decisions", language)["status"]
    for offset, ref in enumerate(actions, start=1):
        row = FOLLOW_UP_HEADER_ROW + offset
        found = _text(_value(rows, row, L["action_ref"]))
        if found != str(ref):
            check.error(
                f"reads {found!r} where the register was written with action {ref}; the grey cells are "
                "locked: keep one row per action, unchanged",
                sheet,
                row,
                L["action_ref"],
                "identity-edited",
            )
            continue
        written = _text(_value(rows, row, L["status"]))
        status = statuses.get(plain_text(written)) if written else "open"
        if status is None:
            check.error(
                f"status reads {written!r}; expected one of {', '.join(shown.values())}",
                sheet,
                row,
                L["status"],
                "unknown-status",
            )
            continue
        closed_on = check.day(_value(rows, row, L["closed_on"]), sheet, row, L["closed_on"], columns["closed_on"])
        if closed_on is not None:
            decided = period_bounds(str(ref)[:7])[0] if PERIOD.fullmatch(str(ref)[:7]) else None
            wrong = (
                f"action {ref} has a closing date but its status is {shown['open']!r}; expected the status "
                f"{shown['closed']!r} or {shown['dropped']!r} with the date, or no date"
                if status == "open"
                else f"closing date {closed_on.isoformat()} is after today; expected the day the action was closed"
                if closed_on > check.today
                else f"closing date {closed_on.isoformat()} is before the action was decided (in {str(ref)[:7]})"
                if decided and closed_on < decided
                else None
            )
            if wrong:
                check.error(wrong, sheet, row, L["closed_on"], "bad-closing-date")
                continue
        if status != "open" and closed_on is None and not any(p.row == row and p.sheet == sheet for p in read.problems):
            if read.meeting_on is None:
                check.error(
                    f"action {ref} is {shown[status].casefold()} without a date; expected the date it was "
                    "closed (dd/mm/yyyy)",
                    sheet,
                    row,
                    L["closed_on"],
                    "closed-without-date",
                )
                continue
            closed_on = read.meeting_on
            check.warn(
                f"action {ref} is {shown[status].casefold()} without a date: the meeting's date is taken",
                sheet,
                row,
                L["closed_on"],
                "closed-on-meeting-date",
            )
        read.follow_ups.append(
            {
                "ref": str(ref),
                "status": status,
                "closed_on": closed_on if status != "open" else None,
                "comment": _text(_value(rows, row, L["comment"])),
            }
        )
