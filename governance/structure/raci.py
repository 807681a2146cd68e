"""The RACI (RASCI) matrix: processes as rows, roles as columns, one letter per cell; and its XLSX."""

from __future__ import annotations

from pathlib import Path

from governance.core.atomic import write_atomic
from governance.core.i18n import words
from governance.core.xlsx.style import safe_cell
from governance.structure.model import RACI_LETTERS, GovernanceModel

# Fills readable with black text, the same in the charter and the workbook.
LETTER_FILLS = {"R": "9DC3E6", "A": "F4B183", "S": "C5E0B4", "C": "FFE699", "I": "E7E6E6"}


def raci_roles(model: GovernanceModel) -> list:
    """The roles that appear in the RACI, in the model's role order (no empty column)."""
    used = {role for row in model.raci for role in row.assignments}
    return [r for r in model.roles if r.id in used]


def raci_matrix(model: GovernanceModel, language: str) -> dict:
    """Columns (roles) and rows (processes) with each cell's letter and fill, for the charter and the workbook."""
    roles = raci_roles(model)
    rows = []
    for row in model.raci:
        cells = []
        for role in roles:
            letter = row.assignments.get(role.id, "")
            cells.append({"letter": letter, "fill": LETTER_FILLS.get(letter, "FFFFFF")})
        rows.append({"process": row.process, "name": row.name(language), "cells": cells})
    return {
        "roles": [{"id": r.id, "name": r.name(language)} for r in roles],
        "rows": rows,
        "legend": [
            {"letter": k, "meaning": words("structure", language)["raci"]["letters"][k], "fill": LETTER_FILLS[k]}
            for k in RACI_LETTERS
        ],
    }


def write_raci_xlsx(
    model: GovernanceModel,
    language: str,
    target: Path,
    colour: str = "#1F4E79",
    client: str = "",
    version: int | None = None,
) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    text = words("structure", language)["raci"]
    matrix = raci_matrix(model, language)
    header_fill = PatternFill("solid", fgColor=colour.lstrip("#"))
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = text["sheet"]
    sheet["A1"] = safe_cell(f"{text['title']} — {client}" if client else text["title"])
    sheet["A1"].font = Font(bold=True, size=14, color=colour.lstrip("#"))
    sheet["A2"] = safe_cell(" · ".join(f"{item['letter']} = {item['meaning']}" for item in matrix["legend"]))
    sheet["A3"] = safe_cell(text["note"].format(version=version if version is not None else "—"))
    sheet["A3"].font = Font(italic=True, color="767676")
    header_row = 5
    headers = [text["process"], text["id"], *[r["name"] for r in matrix["roles"]], text["check"]]
    for column, label in enumerate(headers, start=1):
        cell = sheet.cell(row=header_row, column=column, value=safe_cell(label))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.border = border
        rotated = column > 2
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="bottom" if rotated else "center",
            horizontal="center" if rotated else "left",
            text_rotation=90 if rotated else 0,
        )
    sheet.row_dimensions[header_row].height = 170
    first_role, last_role = 3, 2 + len(matrix["roles"])
    for offset, row in enumerate(matrix["rows"], start=1):
        number = header_row + offset
        sheet.cell(row=number, column=1, value=safe_cell(row["name"])).alignment = Alignment(
            wrap_text=True, vertical="center"
        )
        process = sheet.cell(row=number, column=2, value=safe_cell(row["process"]))
        process.font, process.alignment = Font(color="767676"), Alignment(vertical="center")
        for column, cell_data in enumerate(row["cells"], start=first_role):
            cell = sheet.cell(row=number, column=column, value=safe_cell(cell_data["letter"] or None))
            cell.alignment = Alignment(horizontal="center", vertical="center")
            if cell_data["letter"]:
                cell.fill = PatternFill("solid", fgColor=cell_data["fill"])
                cell.font = Font(bold=cell_data["letter"] == "A")
        # The kit's own formula: a consultant who edits letters here sees at once a row without exactly one A.
        start, stop = get_column_letter(first_role), get_column_letter(last_role)
        check = sheet.cell(row=number, column=last_role + 1, value=f'=COUNTIF({start}{number}:{stop}{number},"A")')
        check.alignment = Alignment(horizontal="center", vertical="center")
        for column in range(1, last_role + 2):
            sheet.cell(row=number, column=column).border = border
        sheet.row_dimensions[number].height = 22
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 18
    for column in range(first_role, last_role + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 7
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=first_role)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToHeight = 0

    legend = workbook.create_sheet(text["legend_sheet"])
    for column, label in enumerate([text["letter"], text["meaning"]], start=1):
        cell = legend.cell(row=1, column=column, value=safe_cell(label))
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), header_fill
    for number, item in enumerate(matrix["legend"], start=2):
        legend.cell(row=number, column=1, value=safe_cell(item["letter"])).fill = PatternFill(
            "solid", fgColor=item["fill"]
        )
        legend.cell(row=number, column=2, value=safe_cell(item["meaning"]))
    roles_row = len(matrix["legend"]) + 3
    for column, label in enumerate([text["id"], text["role"], text["kind"]], start=1):
        cell = legend.cell(row=roles_row, column=column, value=safe_cell(label))
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), header_fill
    for number, role in enumerate(model.roles, start=roles_row + 1):
        legend.cell(row=number, column=1, value=safe_cell(role.id))
        legend.cell(row=number, column=2, value=safe_cell(role.name(language)))
        legend.cell(row=number, column=3, value=safe_cell(text["kinds"][role.kind]))
    legend.column_dimensions["A"].width = 24
    legend.column_dimensions["B"].width = 60
    legend.column_dimensions["C"].width = 14
    legend.freeze_panes = "A2"
    return write_atomic(target, workbook.save)


def fit_raci_columns(path: Path, caption: str = "raci", first_cm: float = 4.2, total_cm: float = 16.0) -> bool:
    """Give the rendered RACI table (found by its caption) a wide process column and equal role columns.

    docxtpl repeats the role column once per role but keeps the template's total width split evenly; Word
    reads the cells' widths and LibreOffice the table grid, so both are set. Returns False when the table is
    not there (e.g. a consultant's template without it).
    """
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = Document(str(path))
    for table in document.tables:
        found = table._tbl.tblPr.find(qn("w:tblCaption"))
        if found is None or found.get(qn("w:val")) != caption:
            continue
        columns = max(len(row._tr.findall(qn("w:tc"))) for row in table.rows)
        if columns < 2:
            return False
        widths = [first_cm] + [(total_cm - first_cm) / (columns - 1)] * (columns - 1)
        grid = table._tbl.tblGrid
        for column in grid.findall(qn("w:gridCol")):
            grid.remove(column)
        for width in widths:
            column = OxmlElement("w:gridCol")
            column.set(qn("w:w"), str(int(Cm(width).twips)))
            grid.append(column)
        for row in table.rows:
            for cell, width in zip(row._tr.findall(qn("w:tc")), widths, strict=False):
                properties = cell.get_or_add_tcPr()
                for old in properties.findall(qn("w:tcW")):
                    properties.remove(old)
                cell_width = OxmlElement("w:tcW")
                cell_width.set(qn("w:w"), str(int(Cm(width).twips)))
                cell_width.set(qn("w:type"), "dxa")
                properties.insert(0, cell_width)
        write_atomic(path, lambda target: document.save(str(target)))
        return True
    return False
