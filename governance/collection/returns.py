"""Returned forms in: every file under data/inbox/<YYYY-MM>/, whatever its name, identified by its content.

A file is a form when its very hidden sheet says so; then its engagement and period must be this run's and
the identity cells of each project sheet must be as written. A saved e-mail (.eml) counts by its attachments,
received on the e-mail's date; a workbook dropped on its own counts as received when it was last saved (the
date inside the file, which copies keep), else its file date. Values are read as the review reads a status
file: the checks themselves run once for every sheet of every form (governance.collection.merge).
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from governance.collection.form_layout import (
    FORM_FORMAT,
    IDENTITY,
    LAST_COLUMN,
    META_KEYS,
    META_SHEET,
    PROJECT_COLUMNS,
    PROJECTS_ROW,
    form_fields,
    identity_row,
)
from governance.core.cells import cell_problems, uncached_formulas
from governance.core.problems import InputError, Problem
from governance.core.tabular import check_xlsx, open_workbook
from governance.core.xlsx.style import safe_cell

FORM_SUFFIXES = (".xlsx", ".xlsm")
IGNORED_NAMES = ("thumbs.db", "desktop.ini")
# An Office file encrypted with a password (or a pre-2007 .xls) is an OLE compound file, not a zip.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_EML_BYTES = 50 * 1024 * 1024


@dataclass
class SheetReturn:
    """One project's sheet of a returned form: its identity (from the hidden sheet), its cells as read."""

    sheet: str
    project_id: str
    identity: dict[str, str]
    due_on: date | None
    values: dict[str, object]  # field name -> cell value (numbers, datetimes, text)
    percent_cells: set[str]  # fields whose cell is formatted as a percentage (0.45 means 45 %)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class FormReturn:
    """One returned file (or e-mail attachment): who it is, when it came, and its project sheets."""

    label: str
    received_at: datetime  # aware, UTC
    received_from: str  # "e-mail date", "saved in the file", "file date"
    sha256: str = ""
    period: str | None = None
    fields: tuple[str, ...] = ()
    first_field_row: int = 0
    value_column: str = "C"
    sheets: list[SheetReturn] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the whole file is refused


def inbox_dir(data_dir: Path, period: str) -> Path:
    return data_dir / "inbox" / period


def inbox_files(folder: Path) -> list[Path]:
    """Every file under the period's inbox (sub-folders included), in name order; lock and system files aside."""
    if not folder.is_dir():
        return []
    # Only the names below the inbox count: an engagement may itself live under a dot-folder (~/.clients/...).
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith((".", "~$")) for part in p.relative_to(folder).parts)
        and p.name.casefold() not in IGNORED_NAMES
    )


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _refused(label: str, received: datetime, how: str, message: str, code: str) -> FormReturn:
    return FormReturn(label, received, how, problems=[Problem(label, message, code=code)])


def read_inbox(
    folder: Path, display, engagement_id: str, period: str, progress: Callable[[int, int], None] | None = None
) -> list[FormReturn]:
    """Every return in the inbox, each read on its own: a bad file never stops the others being read; `progress`
    is told (files read, files) after each one."""
    returns: list[FormReturn] = []
    files = inbox_files(folder)
    for done, path in enumerate(files, start=1):
        label = display(path)
        suffix = path.suffix.lower()
        if suffix == ".eml":
            returns.extend(_read_eml(path, label, engagement_id, period))
        elif suffix in FORM_SUFFIXES:
            returns.append(read_form(path, label, engagement_id, period, None))
        else:
            kind = "a CSV file" if suffix == ".csv" else f"a {suffix or 'file without extension'} file"
            returns.append(
                _refused(
                    label,
                    _mtime(path),
                    "file date",
                    f"is {kind}, not a status form; expected the .xlsx form sent by `pmo collect prepare` "
                    "(or the e-mail it came back with, saved as .eml)",
                    "not-a-form",
                )
            )
        if progress is not None:
            progress(done, len(files))
    return returns


def _read_eml(path: Path, label: str, engagement_id: str, period: str) -> list[FormReturn]:
    if path.stat().st_size > MAX_EML_BYTES:
        return [
            _refused(
                label,
                _mtime(path),
                "file date",
                f"is larger than {MAX_EML_BYTES // 1_000_000} MB; refused as unsafe",
                "unsafe-file",
            )
        ]
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    try:
        stamp = parsedate_to_datetime(str(message["Date"]))
        # "-0000" means the time zone is unknown: Python gives a naive time, read as UTC rather than local time.
        received = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)
        how = "e-mail date"
    except (TypeError, ValueError, IndexError):
        received, how = _mtime(path), "file date"
    returns = []
    with tempfile.TemporaryDirectory(prefix="pmo-eml-") as tmp:
        for index, part in enumerate(message.iter_attachments(), start=1):
            name = part.get_filename() or f"attachment-{index}"
            if Path(name).suffix.lower() not in FORM_SUFFIXES:
                continue
            target = Path(tmp) / f"{index}{Path(name).suffix.lower()}"
            target.write_bytes(part.get_payload(decode=True) or b"")
            returns.append(read_form(target, f"{label} [{Path(name).name}]", engagement_id, period, (received, how)))
    if not returns:
        return [
            _refused(
                label,
                received,
                how,
                "has no .xlsx attachment; expected the returned status form attached to the e-mail",
                "not-a-form",
            )
        ]
    return returns


def _received_in_file(path: Path) -> datetime | None:
    """The workbook's own last-saved time (docProps/core.xml), which a copy or a download keeps."""
    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.xml.functions import fromstring

    try:
        with zipfile.ZipFile(path) as archive:
            core = DocumentProperties.from_tree(fromstring(archive.read("docProps/core.xml")))
    except (KeyError, zipfile.BadZipFile, ValueError, TypeError, SyntaxError):
        return None
    if core.modified is None:
        return None
    modified = core.modified
    return modified.replace(tzinfo=UTC) if modified.tzinfo is None else modified.astimezone(UTC)


@contextmanager
def _workbook(path: Path, label: str) -> Iterator:
    with path.open("rb") as handle:
        magic = handle.read(len(OLE_MAGIC))
    if magic == OLE_MAGIC:
        raise InputError(
            [
                Problem(
                    label,
                    "is protected by a password (or is an old .xls file); expected the .xlsx form saved "
                    "without a password",
                    code="encrypted-workbook",
                )
            ]
        )
    check_xlsx(path, label)
    with open_workbook(path, label) as workbook:
        yield workbook


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_form(
    path: Path, label: str, engagement_id: str, period: str, received: tuple[datetime, str] | None
) -> FormReturn:
    """One returned workbook: refused as a whole when it is not a form of this engagement and period;
    otherwise each project sheet with its cells and its identity problems."""
    if received is None:
        saved = _received_in_file(path)
        received = (saved, "saved in the file") if saved else (_mtime(path), "file date")
    form = FormReturn(label, received[0], received[1], sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    try:
        with _workbook(path, label) as workbook:
            if META_SHEET not in workbook.sheetnames:
                form.problems.append(
                    Problem(
                        label,
                        "is not a status form (it has no form identity); expected "
                        "the workbook sent by `pmo collect prepare`",
                        code="not-a-form",
                    )
                )
                return form
            meta_rows = [tuple(r) for r in workbook[META_SHEET].iter_rows(values_only=True)]
            meta = {str(r[0]): r[1] for r in meta_rows[: len(META_KEYS)] if r and r[0] is not None}
            if meta.get("format") != FORM_FORMAT:
                form.problems.append(
                    Problem(
                        label,
                        "is not a status form of pmo-kit; expected the workbook sent by `pmo collect prepare`",
                        code="not-a-form",
                    )
                )
                return form
            if meta.get("engagement") != engagement_id:
                form.problems.append(
                    Problem(
                        label,
                        f"is a form of another engagement ({meta.get('engagement')!r}); "
                        f"expected one of {engagement_id!r}",
                        code="other-engagement",
                    )
                )
                return form
            form.period = str(meta.get("period"))
            if form.period != period:
                form.problems.append(
                    Problem(
                        label,
                        f"is the form for {form.period}, not {period}; expected this "
                        f"month's form (put it under data/inbox/{form.period}/ if it is late)",
                        code="wrong-period",
                    )
                )
                return form
            entries = _layout(form, meta, meta_rows)
            if entries is None:
                form.problems.append(
                    Problem(
                        label,
                        "its hidden identity sheet was edited; expected the form as sent (send the "
                        "project manager a new one with `pmo collect prepare`)",
                        sheet=META_SHEET,
                        code="identity-edited",
                    )
                )
                return form
            for entry in entries:
                form.sheets.append(_read_sheet(workbook, path, form, entry))
    except InputError as exc:
        form.problems.extend(exc.problems)
    return form


def _layout(form: FormReturn, meta: dict, meta_rows: list[tuple]) -> list[dict[str, str]] | None:
    """The form's field rows and its project sheets, from its hidden sheet; None when that sheet makes no sense."""
    fields = tuple(str(meta.get("fields") or "").split(","))
    first_row, column = meta.get("first_field_row"), str(meta.get("value_column") or "")
    known = {f.name for f in form_fields()}
    if not (
        set(fields) <= known
        and isinstance(first_row, int)
        and 1 <= first_row <= 200
        and column in "ABCDEFGH"
        and len(column) == 1
    ):
        return None
    entries = []
    for row in meta_rows[PROJECTS_ROW:]:
        if not row or not row[0]:
            continue
        entry = dict(zip(PROJECT_COLUMNS, ("" if v is None else str(v) for v in row)))
        try:
            date.fromisoformat(entry.get("due_on", ""))
        except ValueError:
            return None
        entries.append(entry)
    form.fields, form.first_field_row, form.value_column = fields, first_row, column
    return entries


def _read_sheet(workbook, path: Path, form: FormReturn, entry: dict[str, str]) -> SheetReturn:
    label, sheet_name = form.label, entry["sheet"]
    identity = {name: entry.get(name, "") for name in IDENTITY if name != "period"} | {"period": form.period or ""}
    due = date.fromisoformat(entry["due_on"]) if entry.get("due_on") else None
    result = SheetReturn(
        sheet_name, entry["project_id"], identity | {"tier_id": entry.get("tier_id", "")}, due, {}, set()
    )
    if sheet_name not in workbook.sheetnames:
        result.problems.append(
            Problem(
                label,
                f"the sheet of project {entry['project_id']!r} is missing (renamed or "
                "deleted); expected the form's sheets as sent",
                sheet=sheet_name,
                code="sheet-missing",
            )
        )
        return result
    worksheet = workbook[sheet_name]
    last_row = form.first_field_row + len(form.fields) - 1
    cells = [tuple(r) for r in worksheet.iter_rows(min_row=1, max_row=last_row, max_col=4)]
    values = [tuple(getattr(c, "value", None) for c in r) for r in cells]
    problems = uncached_formulas(path, getattr(worksheet, "_worksheet_path", None), label)
    problems += cell_problems(label, values)
    for name in IDENTITY:
        row = identity_row(name)
        found = _text(values[row - 1][1]) if len(values) >= row and len(values[row - 1]) > 1 else ""
        if found != str(safe_cell(identity[name].strip())):  # written as the form writes it
            problems.append(
                Problem(
                    label,
                    f"{name} reads {found!r} but the form was sent for {identity[name]!r}; "
                    "the grey identity cells are locked: send the form back with them unchanged",
                    row=row,
                    column=LAST_COLUMN,
                    code="identity-edited",
                )
            )
    column = ord(form.value_column) - ord("A")
    for offset, name in enumerate(form.fields):
        row = form.first_field_row + offset
        cell = cells[row - 1][column] if len(cells) >= row and len(cells[row - 1]) > column else None
        result.values[name] = getattr(cell, "value", None)
        if "%" in str(getattr(cell, "number_format", "") or ""):
            result.percent_cells.add(name)
    result.problems = [replace(p, sheet=sheet_name) for p in problems]
    return result
