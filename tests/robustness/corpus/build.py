"""Builds the corpus files that would be awkward to commit: bombs, workbooks and Word files made by hand.

Each function writes one file at `target` and returns it. The XLSX files are zipped by hand, part by part,
because openpyxl writes inline strings and caches no formula value: a real bomb or a formula saved by a
program other than Excel needs the parts Excel writes (a sharedStrings.xml, a <f> with no <v>).
Run as a script to write every generated file into a folder for a look: `python build.py /tmp/corpus`.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE = "application/vnd.openxmlformats-officedocument"

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="{TYPES}">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{OFFICE}.spreadsheetml.sharedStrings+xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELS}">
<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="{{sheet}}" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELS}">
<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""


def _letter(index: int) -> str:
    letters, number = "", index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx(target: Path, rows: list[list], sheet: str = "Feuil1", shared_strings: str | None = None) -> Path:
    """A workbook as Excel writes it: text in sharedStrings.xml, numbers inline, "=..." a formula with no value.

    `shared_strings` replaces the sharedStrings part as given (for the entity bomb).
    """
    strings: list[str] = []
    cells_xml = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_letter(c)}{r}"
            if value is None:
                continue
            if isinstance(value, str) and value.startswith("="):
                cells.append(f'<c r="{ref}"><f>{escape(value[1:])}</f></c>')  # no <v>: never calculated
            elif isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                strings.append(str(value))
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        cells_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet_xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(cells_xml)}</sheetData></worksheet>'
    )
    if shared_strings is None:
        items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
        shared_strings = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
        )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.replace("{sheet}", escape(sheet)))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        archive.writestr("xl/sharedStrings.xml", shared_strings)
    return target


def zip_bomb_xlsx(target: Path, megabytes: int = 60) -> Path:
    """A valid workbook whose sharedStrings.xml holds one string of `megabytes` MB: ~1,000 to 1 compressed."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.replace("{sheet}", "Feuil1"))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
            "</sheetData></worksheet>",
        )
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode())
            block = b"A" * (1 << 20)
            for _ in range(megabytes):
                part.write(block)
            part.write(b"</t></si></sst>")
    return target


def entity_bomb_xlsx(target: Path, header: list[str]) -> Path:
    """A workbook whose sharedStrings.xml defines ten levels of ten-fold entities ("billion laughs")."""
    entities = ['<!ENTITY e0 "lol">'] + [f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10)]
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE sst [{"".join(entities)}]>\n'
        f'<sst xmlns="{MAIN}">'
        + "".join(f"<si><t>{escape(name)}</t></si>" for name in header)
        + "<si><t>&e9;</t></si></sst>"
    )
    return xlsx(target, [header, [None] * (len(header) - 1) + ["bomb"]], shared_strings=shared)


def merged_header_xlsx(target: Path, top: list[str], sub: list[str], row: list) -> Path:
    """Two header rows as people draw them: a merged title over sub-headers (openpyxl keeps the merge)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(top)
    sheet.append(sub)
    sheet.append(row)
    sheet.merge_cells(start_row=1, start_column=2, end_row=1, end_column=len(sub))
    workbook.save(target)
    return target


def oversize_csv(target: Path, header: str, before: str, after: str, chars: int = 140_000) -> Path:
    """One cell over Python's csv limit (131,072) and Excel's (32,767): `before` + the cell + `after`."""
    target.write_bytes(f"{header}\n{before}{'x' * chars}{after}\n".encode())
    return target


def docx(target: Path, paragraphs: list[str], tables: list[list[list[str]]] = ()) -> Path:
    """A Word file with these paragraphs and tables (a template override, a filled lessons register)."""
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    document.save(target)
    return target


def zip_bomb_docx(target: Path, megabytes: int = 60) -> Path:
    """A Word file whose document.xml expands ~1,000-fold."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{TYPES}"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = b" " * (1 << 20)
            for _ in range(megabytes):
                part.write(block)
    return target


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    folder.mkdir(parents=True, exist_ok=True)
    print(zip_bomb_xlsx(folder / "zip-bomb.xlsx"))
    print(entity_bomb_xlsx(folder / "entity-bomb.xlsx", ["id", "nom"]))
