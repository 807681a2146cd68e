"""Writing data frames to an XLSX workbook fast: the sheet XML is built column by column with pandas.

openpyxl and XlsxWriter both cost about 10 µs a cell on the reference machine (4-5 s for 10,000 projects x 45
columns); building the same SpreadsheetML with vectorised string operations takes a fraction of that. Only
what the kit needs is written: typed cells (text as inline strings, numbers, dates), number formats, a
branded bold header, frozen header row, auto-filter, column widths and conditional fills.

Text cells go through governance.core.xlsx.style.safe_cell (formula-injection safe) and are XML-escaped; control
characters Excel refuses are dropped.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from governance.core.atomic import atomic_path
from governance.core.xlsx.style import safe_cell

# Cell kinds -> style index in styles.xml below.
KINDS = {"text": 0, "header": 1, "money": 2, "ratio": 3, "percent": 4, "date": 5, "integer": 6, "decimal": 7}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
CHUNK_ROWS = 5000


@dataclass
class Column:
    header: str
    source: str  # column of the frame
    kind: str = "text"
    width: float = 12.0


@dataclass
class Fill:
    """A conditional fill on `columns` (frame column names) when the cell text equals `equals`."""

    columns: list[str]
    equals: str
    fill: str  # RRGGBB
    font: str = "000000"


@dataclass
class Sheet:
    name: str
    frame: pd.DataFrame
    columns: list[Column]
    fills: list[Fill] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _escape_text(value: object) -> str:
    text = safe_cell(value if isinstance(value, str) else str(value))
    text = _CONTROL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cells(series: pd.Series, kind: str, letter: str, rows: list[str]) -> list[str]:
    """The XML of one column's cells (empty string for an empty cell), row by row.

    Plain list comprehensions: on pandas 3's string dtype the same concatenations cost several times more.
    """
    if kind == "text":
        values = series.astype(object).where(series.notna(), None).tolist()
        return [
            f'<c r="{letter}{r}" t="inlineStr"><is><t xml:space="preserve">{_escape_text(v)}</t></is></c>'
            if v is not None and v != ""
            else ""
            for v, r in zip(values, rows)
        ]
    if kind == "date":
        dates = pd.to_datetime(series, errors="coerce").to_numpy(dtype="datetime64[D]")
        numbers = (dates - _EXCEL_EPOCH).astype("timedelta64[D]").astype(float)
        numbers[np.isnat(dates)] = np.nan
    else:
        numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
        if kind == "integer":
            numbers = np.round(numbers)
    style = KINDS[kind]
    finite = np.isfinite(numbers).tolist()
    return [
        f'<c r="{letter}{r}" s="{style}"><v>{v!r}</v></c>' if ok else ""
        for v, ok, r in zip(numbers.tolist(), finite, rows)
    ]


def _sheet_xml(sheet: Sheet, dxf_offset: int) -> Iterator[str]:
    """The worksheet XML in pieces, rows built CHUNK_ROWS at a time (memory stays flat for large sheets)."""
    frame = sheet.frame.reset_index(drop=True)
    count = len(frame)
    letters = [column_letter(i) for i in range(len(sheet.columns))]
    header = "".join(
        f'<c r="{letter}1" t="inlineStr" s="1"><is><t>{escape(_CONTROL.sub("", c.header))}</t></is></c>'
        for letter, c in zip(letters, sheet.columns)
    )
    last = f"{letters[-1]}{count + 1}"
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"/>' for i, c in enumerate(sheet.columns, start=1)
    )
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{widths}</cols>"
        f'<sheetData><row r="1">{header}</row>'
    )
    for first in range(0, count, CHUNK_ROWS):
        chunk = frame.iloc[first : first + CHUNK_ROWS]
        rows = [str(r) for r in range(first + 2, first + 2 + len(chunk))]
        columns = [_cells(chunk[c.source], c.kind, letter, rows) for letter, c in zip(letters, sheet.columns)]
        yield "".join(f'<row r="{r}">{"".join(cells)}</row>' for r, *cells in zip(rows, *columns))
    rules = []
    priority = 1
    for rule_index, rule in enumerate(sheet.fills, start=dxf_offset):
        for source in rule.columns:
            position = next((i for i, c in enumerate(sheet.columns) if c.source == source), None)
            if position is None or not count:
                continue
            letter = letters[position]
            rules.append(
                f'<conditionalFormatting sqref="{letter}2:{letter}{count + 1}"><cfRule type="cellIs" '
                f'dxfId="{rule_index}" priority="{priority}" operator="equal"><formula>"'
                f'{escape(rule.equals)}"</formula></cfRule></conditionalFormatting>'
            )
            priority += 1
    yield (
        f'</sheetData><autoFilter ref="A1:{last}"/>'
        + "".join(rules)
        + '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    )


def _styles_xml(header_fill: str, date_format: str, fills: list[Fill]) -> str:
    dxfs = "".join(
        f'<dxf><font><color rgb="FF{f.font}"/></font><fill><patternFill patternType="solid">'
        f'<fgColor rgb="FF{f.fill}"/><bgColor rgb="FF{f.fill}"/></patternFill></fill></dxf>'
        for f in fills
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="5"><numFmt numFmtId="164" formatCode="#,##0"/><numFmt numFmtId="165" formatCode="0.00"/>'
        f'<numFmt numFmtId="166" formatCode="0%"/><numFmt numFmtId="167" formatCode="{escape(date_format)}"/>'
        '<numFmt numFmtId="168" formatCode="0.0"/></numFmts>'
        '<fonts count="2"><font><sz val="10"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="10"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
        f'</fill><fill><patternFill patternType="solid"><fgColor rgb="FF{header_fill}"/><bgColor indexed="64"/>'
        "</patternFill></fill></fills>"
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="8">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" '
        'applyAlignment="1"><alignment wrapText="1" vertical="center"/></xf>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        f'<dxfs count="{len(fills)}">{dxfs}</dxfs>'
        "</styleSheet>"
    )


def _sheet_name(name: str, used: set[str]) -> str:
    clean = " ".join(_SHEET_NAME_FORBIDDEN.sub(" ", name).split()).strip("'")[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def write_workbook(
    target: Path,
    sheets: list[Sheet],
    *,
    header_fill: str = "1F4E79",
    date_format: str = "dd/mm/yyyy",
    title: str = "",
    author: str = "",
) -> Path:
    """Write `sheets` to `target` atomically (a temporary file renamed into place)."""
    # Conditional formats point into one workbook-wide list of differential styles.
    fills = [f for s in sheets for f in s.fills]
    offsets = np.cumsum([0] + [len(s.fills) for s in sheets]).tolist()
    used: set[str] = set()
    names = [_sheet_name(s.name, used) for s in sheets]
    with atomic_path(target) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.writestr("[Content_Types].xml", _content_types(len(sheets)))
            archive.writestr("_rels/.rels", _ROOT_RELS)
            archive.writestr("docProps/core.xml", _core(title, author))
            archive.writestr("docProps/app.xml", _APP)
            archive.writestr("xl/workbook.xml", _workbook_xml(names, sheets))
            archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
            archive.writestr("xl/styles.xml", _styles_xml(header_fill.lstrip("#").upper(), date_format, fills))
            for index, sheet in enumerate(sheets, start=1):
                with archive.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True) as part:
                    for piece in _sheet_xml(sheet, offsets[index - 1]):
                        part.write(piece.encode("utf-8"))
    return target


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/'
        'vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        f"{sheets}</Types>"
    )


_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/></Relationships>'
)
_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>pmo-kit</Application></Properties>"
)


def _core(title: str, author: str) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(_CONTROL.sub('', title))}</dc:title><dc:creator>{escape(_CONTROL.sub('', author))}"
        f'</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        "</cp:coreProperties>"
    )


def _workbook_xml(names: list[str], sheets: list[Sheet]) -> str:
    entries = "".join(
        f'<sheet name="{escape(n, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
        for i, n in enumerate(names, start=1)
    )
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"'{escape(n.replace(chr(39), chr(39) * 2))}'!$A$1:${column_letter(len(s.columns) - 1)}${len(s.frame) + 1}"
        "</definedName>"
        for i, (n, s) in enumerate(zip(names, sheets))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<bookViews><workbookView/></bookViews><sheets>{entries}</sheets>"
        f"<definedNames>{filters}</definedNames></workbook>"
    )


def _workbook_rels(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'{sheets}<Relationship Id="rId{count + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/styles" Target="styles.xml"/></Relationships>'
    )
