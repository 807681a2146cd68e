"""The kit's registers as Excel workbooks: risk register, issue log, decision log and change log.

Each has a frozen header row, dropdowns for scales and statuses (their lists on a sheet the PMO can edit),
formulas the kit writes itself (risk score = likelihood x impact, rating, age of an issue) and the
engagement's colour. Every text that comes from the engagement goes through `safe_cell`, so that a name
such as "=HYPERLINK(...)" stays text.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import yaml

from governance.core.docx import normalise_zip
from governance.core.i18n import pick, t, words
from governance.core.paths import DATA_DIR
from governance.core.xlsx.style import safe_cell

HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1
ROWS = 300  # rows prepared with dropdowns and formulas
REGISTERS_FILE = DATA_DIR / "kit_registers.yaml"


def _register_words(language: str) -> dict[str, dict[str, str]]:
    """Sheet names, labels and list titles of the registers (governance/data/words/kit.yaml)."""
    return words("kit", language)["registers"]


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    list: str | None = None  # name of a list on the lists sheet
    kind: str = "text"  # text | date | int | money | formula | percent
    formula: str | None = None  # with {r} for the row number


@cache
def _register_specs() -> dict[str, Any]:
    return yaml.safe_load(REGISTERS_FILE.read_text(encoding="utf-8"))


def _columns(register: str, language: str) -> tuple[str, list[Column]]:
    spec = _register_specs().get(register)
    if spec is None:
        raise ValueError(f"no Excel register {register!r}")
    return pick(spec["title"], language), [
        Column(
            pick(c["title"], language),
            c["width"],
            list=c.get("list"),
            kind=c.get("kind", "text"),
            formula=c.get("formula"),
        )
        for c in spec["columns"]
    ]


def _lists(context: dict, language: str) -> dict[str, list]:
    scales = context["scales"]
    labels = _register_words(language)["labels"]
    bodies = [b["name"] for b in context["bodies"]]
    return {
        "levels": list(range(1, 6)),
        "risk_types": scales["risk_types"],
        "risk_categories": scales["risk_categories"],
        "strategies": list(
            dict.fromkeys(
                [s["label"] for s in scales["threat_strategies"]]
                + [s["label"] for s in scales["opportunity_strategies"]]
            )
        ),
        "risk_statuses": scales["risk_statuses"],
        "issue_statuses": scales["issue_statuses"],
        "priorities": scales["priority_labels"],
        "decision_statuses": scales["decision_statuses"],
        "change_decisions": scales["change_decisions"],
        "bodies": bodies,
        "deciders": [labels["approvers_pm"], labels["approvers_sponsor"], *bodies],
    }


def register_workbook(
    register: str,
    language: str,
    context: dict[str, Any],
    colour: str = "#1F4E79",
    stamp: date | None = None,
    font: str = "Calibri",
) -> bytes:
    """The register as .xlsx bytes (identical bytes for identical inputs and stamp date)."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    colour = colour.lstrip("#").upper()
    brand = font
    labels, sheets = _register_words(language)["labels"], _register_words(language)["sheets"]
    title, columns = _columns(register, language)
    lists = _lists(context, language)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    input_fill = PatternFill("solid", fgColor="FFF2CC")
    computed_fill = PatternFill("solid", fgColor="EDEDED")

    sheet["A1"] = safe_cell(f"{title} — {context['client']['name']}")
    sheet["A1"].font = Font(name=brand, bold=True, size=14, color=colour)
    sheet["A2"] = safe_cell(labels["project"])
    sheet["A2"].font = Font(name=brand, bold=True)
    sheet["B2"] = safe_cell(context["project"]["name"])
    sheet["B2"].fill = input_fill
    if register == "change_log":
        sheet["A3"] = safe_cell(labels["budget"])
        sheet["A3"].font = Font(name=brand, bold=True)
        budget = context["project"].get("budget")
        sheet["B3"] = budget if isinstance(budget, (int, float)) else None
        sheet["B3"].fill = input_fill
        sheet["B3"].number_format = "#,##0"
    help_cell = sheet.cell(row=HEADER_ROW - 1, column=1, value=safe_cell(labels["help"]))
    help_cell.font = Font(name=brand, italic=True, color="767676")

    header_font = Font(name=brand, bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=colour)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=safe_cell(column.title))
        cell.font, cell.fill, cell.border = header_font, header_fill, border
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[cell.column_letter].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = 32

    last = FIRST_ROW + ROWS - 1
    thresholds = context["scales"].get("rating_thresholds") or []
    # One named style per kind of cell: assigning a style object cell by cell is what makes openpyxl slow.
    wrap = Alignment(wrap_text=True, vertical="top")
    formats = {
        "text": "General",
        "int": "0",
        "money": "#,##0",
        "percent": "0.0%",
        "date": t(language, fr="DD/MM/YYYY", en="YYYY-MM-DD"),
    }
    for kind, number_format in formats.items():
        workbook.add_named_style(
            NamedStyle(name=f"pmo_{kind}", border=border, alignment=wrap, number_format=number_format)
        )
        workbook.add_named_style(
            NamedStyle(
                name=f"pmo_{kind}_computed",
                border=border,
                alignment=wrap,
                number_format=number_format,
                fill=computed_fill,
            )
        )
    for index, column in enumerate(columns, start=1):
        letter = sheet.cell(row=HEADER_ROW, column=index).column_letter
        kind = column.kind if column.kind in formats else "text"
        if column.kind == "formula":
            kind = "percent_computed" if "%" in column.title else "int_computed"
        for row in range(FIRST_ROW, last + 1):
            cell = sheet.cell(row=row, column=index)
            cell.style = f"pmo_{kind}"
            if column.kind == "formula":
                # Formulas the kit writes itself: not passed through safe_cell.
                cell.value = (
                    _rating_formula(f"H{row}", thresholds)
                    if column.formula == "rating"
                    else column.formula.format(r=row)
                )
        rng = f"{letter}{FIRST_ROW}:{letter}{last}"
        if column.list:
            validation = DataValidation(
                type="list",
                formula1=_list_reference(sheets["lists"], column.list, lists),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.title[:32],
                error=_list_error(language),
            )
            validation.add(rng)
            sheet.add_data_validation(validation)
        elif column.kind == "date":
            validation = DataValidation(
                type="date",
                operator="greaterThan",
                formula1="DATE(2000,1,1)",
                allow_blank=True,
                showErrorMessage=True,
                error=t(language, fr="Date attendue (jj/mm/aaaa)", en="A date is expected"),
            )
            validation.add(rng)
            sheet.add_data_validation(validation)
        elif column.kind in ("int", "money"):
            validation = DataValidation(
                type="decimal",
                allow_blank=True,
                showErrorMessage=True,
                error=t(language, fr="Nombre attendu", en="A number is expected"),
            )
            validation.add(rng)
            sheet.add_data_validation(validation)
    if register == "risk_register":
        _score_colours(sheet, f"H{FIRST_ROW}:H{last}", CellIsRule, PatternFill)
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=2)
    end_letter = sheet.cell(row=HEADER_ROW, column=len(columns)).column_letter
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{end_letter}{last}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.right.text = _header_text(context.get("classification", ""))
    sheet.oddFooter.left.text = _header_text(context.get("footer_text", ""))
    sheet.oddFooter.right.text = "&P / &N"

    if register == "risk_register":
        _scales_sheet(
            workbook.create_sheet(sheets["scales"]),
            context,
            labels,
            colour,
            Font,
            PatternFill,
            Alignment,
            border,
            brand,
        )
    _lists_sheet(
        workbook.create_sheet(sheets["lists"]),
        lists,
        _register_words(language)["list_titles"],
        colour,
        Font,
        PatternFill,
        brand,
    )
    workbook.active = 0

    moment = datetime.combine(stamp or date.today(), datetime.min.time())
    workbook.properties.creator = safe_cell(context.get("consultant") or "")
    workbook.properties.title = safe_cell(f"{title} — {context['client']['name']}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        workbook.properties.created = moment
        workbook.properties.modified = moment
        ExcelWriter(workbook, archive).save()
    return normalise_zip(buffer.getvalue())


def _header_text(value: str) -> str:
    # "&" starts a code in Excel's header language: double it to print it.
    return str(safe_cell(value or "")).replace("&", "&&")[:200]


def _list_reference(sheet_name: str, name: str, lists: dict[str, list[str]]) -> str:
    column = list(lists).index(name) + 1
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(column)
    size = max(len(lists[name]), 1)
    return f"'{sheet_name}'!${letter}$2:${letter}${size + 1}"


def _list_error(language: str) -> str:
    return t(language, fr="Choisissez une valeur de la liste", en="Pick a value from the list")


def _rating_formula(score: str, thresholds: list) -> str:
    """=IF(H6="","",IF(H6>=15,"Critical",IF(H6>=10,"High",...))) from the scale's thresholds."""
    formula = '""'
    for minimum, label in reversed(thresholds):
        formula = f'IF({score}>={minimum},"{_quote(label)}",{formula})'
    return f'=IF({score}="","",{formula})'


def _quote(value: str) -> str:
    return str(value).replace('"', '""')


def _score_colours(sheet, cells: str, CellIsRule, PatternFill) -> None:
    for low, high, fill in ((15, 25, "F4B6B6"), (10, 14, "F8CBAD"), (5, 9, "FFE699"), (1, 4, "C6EFCE")):
        sheet.conditional_formatting.add(
            cells,
            CellIsRule(operator="between", formula=[str(low), str(high)], fill=PatternFill("solid", fgColor=fill)),
        )


def _scales_sheet(sheet, context, labels, colour, Font, PatternFill, Alignment, border, brand="Calibri") -> None:
    scales = context["scales"]
    sheet["A1"] = safe_cell(labels["matrix"])
    sheet["A1"].font = Font(name=brand, bold=True, size=13, color=colour)
    header = PatternFill("solid", fgColor=colour)
    white = Font(name=brand, bold=True, color="FFFFFF")
    sheet["A3"] = safe_cell(f"{labels['likelihood']} ↓ / {labels['impact']} →")
    sheet["A3"].font = Font(name=brand, bold=True)
    for n in range(1, 6):
        top = sheet.cell(row=3, column=1 + n, value=n)
        side = sheet.cell(row=3 + (6 - n), column=1, value=n)
        for cell in (top, side):
            cell.font, cell.fill, cell.border = white, header, border
            cell.alignment = Alignment(horizontal="center")
    fills = ((15, "F4B6B6"), (10, "F8CBAD"), (5, "FFE699"), (1, "C6EFCE"))
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            score = likelihood * impact
            cell = sheet.cell(row=3 + (6 - likelihood), column=1 + impact, value=score)
            cell.fill = PatternFill("solid", fgColor=next(f for m, f in fills if score >= m))
            cell.alignment = Alignment(horizontal="center")
            cell.border = border
    row = 11
    for values in ((labels["level"], labels["likelihood"], "", labels["impact"], ""),):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=safe_cell(value))
            cell.font, cell.fill = white, header
    for level in scales["levels"]:
        row += 1
        for column, value in enumerate(
            (level["level"], level["likelihood"], level["likelihood_text"], level["impact"], level["impact_text"]),
            start=1,
        ):
            sheet.cell(row=row, column=column, value=safe_cell(value)).border = border
    row += 2
    for column, value in enumerate((labels["score"], labels["rating"], labels["treatment"]), start=1):
        cell = sheet.cell(row=row, column=column, value=safe_cell(value))
        cell.font, cell.fill = white, header
    for rating in scales["ratings"]:
        row += 1
        for column, value in enumerate((rating["range"], rating["label"], rating["treatment"]), start=1):
            sheet.cell(row=row, column=column, value=safe_cell(value)).border = border
    for letter, width in zip("ABCDEF", (22, 16, 30, 16, 45, 10), strict=True):
        sheet.column_dimensions[letter].width = width


def _lists_sheet(
    sheet, lists: dict[str, list], titles: dict[str, str], colour, Font, PatternFill, brand: str = "Calibri"
) -> None:
    """The values behind the dropdowns; the PMO may add to them (keep them in the same column)."""
    from openpyxl.utils import get_column_letter

    header = PatternFill("solid", fgColor=colour)
    for column, (name, values) in enumerate(lists.items(), start=1):
        cell = sheet.cell(row=1, column=column, value=titles.get(name, name))
        cell.font, cell.fill = Font(name=brand, bold=True, color="FFFFFF"), header
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=column, value=safe_cell(value))
        sheet.column_dimensions[get_column_letter(column)].width = 24
    sheet.freeze_panes = "A2"
