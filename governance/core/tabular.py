"""Reading the tables clients send: CSV as French Excel saves it, and XLSX, without silent misreads.

Every reader returns text cells plus `_row`, the row number a person sees in the file (header = 1),
so that a validation message can point at the cell.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from governance.core.cells import cell_problems, uncached_formulas
from governance.core.problems import InputError, Problem

ROW = "_row"
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 100
# Longest cell accepted in any table: Excel's own limit (32,767 characters). Python's csv module stops at
# 131,072 with an error that names nothing; past this limit a cell is refused with its row and column.
MAX_CELL_CHARS = 32_767
csv.field_size_limit(16 * 1024 * 1024)  # the limit above is checked per cell, with a message


def decode(raw: bytes, label: str = "input") -> str:
    """UTF-8 (with or without BOM), or Windows-1252 when the whole file is clean in it; anything else is refused.

    Measured on client exports: a UTF-8 file with one stray Windows-1252 byte, read whole as Windows-1252,
    turns every accent into "Ã©"; reading with replacement stores "�". Neither may reach the store, so a
    file that is not cleanly one or the other is refused, naming the first bad byte.
    """
    if b"\x00" in raw:  # UTF-16 ("Unicode text" in Excel) or a binary file: no text table has NUL bytes
        raise InputError([_bad_byte(raw, raw.index(b"\x00"), label, "(NUL) means UTF-16 or a binary file")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(raw):  # real UTF-8 text around a bad byte: Windows-1252 would garble it
            raise InputError([_bad_byte(raw, exc.start, label, "is not valid UTF-8")]) from None
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as cp1252_error:
            raise InputError([_bad_byte(raw, cp1252_error.start, label, "is neither UTF-8 nor Windows-1252")]) from None
    if "\ufffd" in text:
        position = len(text[: text.index("\ufffd")].encode("utf-8"))
        raise InputError(
            [
                _bad_byte(
                    raw, position, label, "is a replacement character (�): text was already lost when the file was made"
                )
            ]
        )
    return text


# A well-formed UTF-8 sequence of two to four bytes: its presence means the file was written as UTF-8.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _bad_byte(raw: bytes, position: int, label: str, what: str) -> Problem:
    """Where the first bad byte is, as a person finds it: the line, and the column under the header's name."""
    line_start = raw.rfind(b"\n", 0, position) + 1
    row = raw.count(b"\n", 0, position) + 1
    first_line = raw.split(b"\n", 1)[0]
    try:
        header = first_line.decode("utf-8-sig").rstrip("\r")
    except UnicodeDecodeError:  # a Windows-1252 file: its header names are in Windows-1252 too
        header = first_line.decode("cp1252", errors="replace").rstrip("\r")
    separator = sniff_separator(header).encode()
    field = raw[line_start:position].count(separator)
    names = header.split(separator.decode())
    column = names[field].strip() if row > 1 and field < len(names) else None
    byte = raw[position : position + 1].hex().upper()
    return Problem(
        label,
        f"byte 0x{byte} {what}; re-save the file as UTF-8 (in Excel: CSV UTF-8)",
        row=row,
        column=column,
        code="bad-encoding",
    )


def plain_text(text: str, joiner: str = " ") -> str:
    """Lower case, no accents, words joined by `joiner`: how headers, labels and keys are compared."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", joiner, ascii_text).strip(joiner)


def sniff_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def read_csv_table(path: Path, label: str, problems: list[Problem] | None = None) -> pd.DataFrame:
    """CSV with a header row; `;`, `,` or tab separated. A row with extra fields is an error.

    With `problems` given, row errors are appended to it and those rows left out, so that a caller can
    report them together with its own validation; otherwise they are raised at once.
    """
    text = decode(path.read_bytes(), label)
    first_line = text.split("\n", 1)[0]
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=sniff_separator(first_line)))
    except csv.Error as exc:  # e.g. a NUL character: not a text file
        raise InputError(
            [Problem(label, f"cannot be read as CSV ({exc}); expected a text table", code="not-csv")]
        ) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError([Problem(label, "the file is empty; expected a header row", code="empty-file")])
    header = [cell.strip() for cell in rows[0]]
    header_problems = _header_problems(header, label)
    row_problems: list[Problem] = []
    body: list[list[str]] = []
    numbers: list[int] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            row_problems.append(
                Problem(
                    label, f"has {len(row)} fields but the header has {len(header)}", row=number, code="extra-field"
                )
            )
            continue
        row = (row + [""] * len(header))[: len(header)]
        oversize = [name for name, cell in zip(header, row) if len(cell) > MAX_CELL_CHARS]
        if oversize:
            row_problems.extend(
                Problem(
                    label,
                    f"cell longer than {MAX_CELL_CHARS:,} characters (Excel's limit); expected a shorter text",
                    row=number,
                    column=name,
                    code="cell-too-long",
                )
                for name in oversize
            )
            continue
        body.append([cell.strip() for cell in row])
        numbers.append(number)
    if header_problems or (row_problems and problems is None):
        raise InputError(header_problems + row_problems)
    if problems is not None:
        problems.extend(row_problems)
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame[ROW] = numbers
    return frame


def _header_problems(header: list[str], label: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for name in header:
        if not name:
            continue
        if name in seen:
            problems.append(
                Problem(label, f"duplicate column header {name!r}", row=1, column=name, code="duplicate-column")
            )
        seen.add(name)
    return problems


def check_xlsx(path: Path, label: str) -> None:
    """Refuse an XLSX that is not a zip or that expands far beyond its size (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError([Problem(label, "is not a valid .xlsx file", code="not-xlsx")]) from None
    packed = max(path.stat().st_size, 1)
    if unpacked > MAX_XLSX_UNCOMPRESSED or unpacked / packed > MAX_XLSX_RATIO:
        raise InputError(
            [
                Problem(
                    label, f"expands to {unpacked // 1_000_000} MB uncompressed; refused as unsafe", code="unsafe-xlsx"
                )
            ]
        )


@contextmanager
def open_workbook(path: Path, label: str) -> Iterator:
    """A client's workbook, read-only with cached values, after the zip-bomb check; always closed."""
    from openpyxl import load_workbook

    check_xlsx(path, label)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise InputError(
            [Problem(label, f"cannot be read as a workbook ({type(exc).__name__})", code="not-xlsx")]
        ) from None
    try:
        yield workbook
    finally:
        workbook.close()


def read_xlsx_rows(path: Path, label: str, sheet: str | None = None, header_row: int = 1) -> list[tuple]:
    """All rows of one sheet as value tuples (the first sheet unless named), its text cells checked.

    A formula with no saved value (a file written by a program, never opened in Excel) and a cell with a
    control character or U+FFFD are refused, naming the row and the column (under `header_row`'s name).
    """
    with open_workbook(path, label) as workbook:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise InputError(
                [
                    Problem(
                        label, f"has no sheet named {sheet!r}; sheets are {workbook.sheetnames}", code="sheet-missing"
                    )
                ]
            )
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        rows = [tuple(row) for row in worksheet.iter_rows(values_only=True)]
        check_sheet(path, label, worksheet, rows, header_row)
        return rows


def check_sheet(path: Path, label: str, worksheet, rows: list, header_row: int = 1) -> None:
    """Refuse a read-only worksheet whose formulas have no saved value or whose text cells are garbled."""
    header = [_cell_text(v) for v in rows[header_row - 1]] if len(rows) >= header_row else []
    problems = uncached_formulas(path, getattr(worksheet, "_worksheet_path", None), label, header, header_row)
    problems += cell_problems(label, rows, header_row, header)
    if problems:
        raise InputError(problems)


def read_xlsx_table(path: Path, label: str, sheet: str | None = None) -> pd.DataFrame:
    """An XLSX sheet whose first row is the header, as text cells like `read_csv_table`."""
    rows = read_xlsx_rows(path, label, sheet)
    if not rows:
        raise InputError([Problem(label, "the sheet is empty; expected a header row", code="empty-file")])
    header = ["" if v is None else str(v).strip() for v in rows[0]]
    while header and not header[-1]:
        header.pop()
    problems = _header_problems(header, label)
    if problems:
        raise InputError(problems)
    body, numbers = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = [_cell_text(v) for v in row[: len(header)]]
        if not any(cells):
            continue
        problems.extend(
            Problem(
                label,
                f"cell longer than {MAX_CELL_CHARS:,} characters (Excel's limit); expected a shorter text",
                row=number,
                column=name,
                code="cell-too-long",
            )
            for name, cell in zip(header, cells)
            if len(cell) > MAX_CELL_CHARS
        )
        body.append(cells + [""] * (len(header) - len(cells)))
        numbers.append(number)
    if problems:
        raise InputError(problems)
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame[ROW] = numbers
    return frame


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return value.date().isoformat() if hasattr(value, "hour") else value.isoformat()
    return str(value).strip()


def read_table(path: Path, label: str) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv_table(path, label)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_table(path, label)
    raise InputError(
        [Problem(label, f"unsupported file type {suffix!r}; expected .csv or .xlsx", code="unsupported-file-type")]
    )


# Thousands separators seen in French exports: space, no-break space, narrow no-break space, thin space.
_REMOVE_SPACES = {ord(c): None for c in " \t\u00a0\u202f\u2009"}


def _plain_number(text: str, units: tuple[str, ...]) -> str:
    text = text.translate(_REMOVE_SPACES)
    for unit in units:
        text = text.replace(unit, "")
    if "," in text:
        # "1,234.5" -> commas are thousands; "1234,5" or "1.234,5" -> comma is the decimal mark.
        if "." in text and text.rfind(".") > text.rfind(","):
            return text.replace(",", "")
        return text.replace(".", "").replace(",", ".")
    return text


def parse_numbers(values: pd.Series, units: tuple[str, ...] = ()) -> tuple[pd.Series, pd.Series]:
    """Text to floats, French or English style ("1 234,5", "1,234.5", "1234.5"). Returns (numbers, bad).

    `units` are symbols a cell may carry and that are dropped, e.g. ("€", "EUR") or ("%",).
    One pass per cell in plain Python: on pandas 3's string dtype, chained .str operations cost ten times more.
    """
    texts = [
        "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else _plain_number(str(v), units)
        for v in values.tolist()
    ]
    cleaned = pd.Series(texts, index=values.index, dtype=object)
    blank = cleaned == ""
    numbers = pd.to_numeric(cleaned.where(~blank, None), errors="coerce").astype(float)
    bad = numbers.isna() & ~blank
    bad |= ~np.isfinite(numbers.fillna(0))
    return numbers.where(~bad), bad


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
)


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO or day-first dates (never month-first: 03/02/2025 is 3 February). Returns (dates, bad)."""
    text = values.astype("string").fillna("").str.strip()
    blank = text == ""
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in _DATE_FORMATS:
        missing = result.isna() & ~blank
        if not missing.any():
            break
        result = result.fillna(pd.to_datetime(text.where(missing), format=fmt, errors="coerce"))
    bad = result.isna() & ~blank
    return result, bad
