"""What a workbook's or Word table's cells may not hold: control characters, U+FFFD, formulas without a value.

Checked by the XLSX readers (governance.core.tabular) and the lessons register's Word reader, so that nothing
garbled reaches the store or a document; each problem names the row and the column (its header's name, else
its letter). CSV files are decoded strictly instead (tabular.decode); a control character in a CSV value is
removed with a warning when the value is put in a document (governance.core.docx.sandbox.clean_context).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from governance.core.problems import Problem

# Characters no text cell may hold: C0 and C1 controls (tab and line breaks aside), DEL, U+FFFD (text already
# lost when the file was made) and the non-characters U+FFFE/U+FFFF. Word refuses them in a document.
BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ufffe\uffff]")
# The same characters as an XLSX file stores them (Excel writes U+0001 as "_x0001_"; openpyxl keeps the escape).
ESCAPED_BAD_CHARACTER = re.compile(r"_x(000[0-8BCEF]|001[0-9A-F]|007F|008[0-9A-F]|009[0-9A-F]|FFF[DEF])_", re.I)
MAX_CELL_PROBLEMS = 1_000


def column_name(position: int, header: list[str] | None) -> str:
    """The header's name of a 0-based column, else its spreadsheet letter (A, B, ... AA)."""
    if header and position < len(header) and header[position]:
        return header[position]
    letters, number = "", position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def character_problem(text: str) -> tuple[str, str] | None:
    """(message, code) when `text` holds a character no document can show, else None."""
    if match := BAD_CHARACTER.search(text):
        code = ord(match.group())
    elif match := ESCAPED_BAD_CHARACTER.search(text):
        code = int(match.group(1), 16)
    else:
        return None
    if code == 0xFFFD:
        return "holds a replacement character (U+FFFD): text was already lost when the file was made", "bad-encoding"
    return f"holds the control character U+{code:04X}, which no document can show", "bad-character"


def cell_problems(label: str, rows, header_row: int = 1, header: list[str] | None = None) -> list[Problem]:
    """One problem per text cell holding a bad character (rows are 1-based as in the file)."""
    problems: list[Problem] = []
    for number, row in enumerate(rows, start=1):
        for position, value in enumerate(row):
            found = character_problem(value) if isinstance(value, str) else None
            if found is None:
                continue
            message, code = found
            problems.append(
                Problem(
                    label,
                    f"{message}; retype the cell or re-save the file as UTF-8",
                    row=number,
                    column=column_name(position, header if number > header_row else None),
                    code=code,
                )
            )
            if len(problems) >= MAX_CELL_PROBLEMS:
                return problems
    return problems


_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z0-9_]+:)?f[ >/]")
_CELL_REFERENCE = re.compile(r"^([A-Z]+)([0-9]+)$")


def uncached_formulas(
    path: Path, member: str | None, label: str, header: list[str] | None = None, header_row: int = 1
) -> list[Problem]:
    """Formula cells of one sheet with no saved value: read with cached values, they would be blank."""
    if not member:
        return []
    member = member.lstrip("/")
    with zipfile.ZipFile(path) as archive:
        if member not in archive.namelist():
            return []
        with archive.open(member) as stream:  # a cheap look first: most sheets hold no formula
            tail, found = b"", False
            while chunk := stream.read(1 << 20):
                if _FORMULA_TAG.search(tail + chunk):
                    found = True
                    break
                tail = chunk[-16:]
        if not found:
            return []
        from lxml import etree

        problems: list[Problem] = []
        with archive.open(member) as stream:
            try:
                for _, cell in etree.iterparse(
                    stream, events=("end",), tag="{*}c", resolve_entities=False, load_dtd=False, no_network=True
                ):
                    formula = [child for child in cell if etree.QName(child).localname == "f"]
                    values = [child for child in cell if etree.QName(child).localname in ("v", "is")]
                    if formula and not any((v.text or "").strip() or len(v) for v in values):
                        match = _CELL_REFERENCE.match(cell.get("r") or "")
                        row = int(match.group(2)) if match else None
                        letters = match.group(1) if match else None
                        position = _letters_to_index(letters) if letters else None
                        named = header if row and row > header_row else None
                        problems.append(
                            Problem(
                                label,
                                f"cell {cell.get('r')} holds a formula with no saved value (the file was not saved "
                                "by Excel); open it in Excel and save it, or type the value",
                                row=row,
                                column=column_name(position, named) if position is not None else None,
                                code="formula-without-value",
                            )
                        )
                        if len(problems) >= MAX_CELL_PROBLEMS:
                            break
                    cell.clear()
            except etree.XMLSyntaxError as exc:
                problems.append(Problem(label, f"cannot be read as a workbook ({exc.msg})", code="not-xlsx"))
        return problems


def _letters_to_index(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1
