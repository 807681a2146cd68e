"""The demand register as a workbook a client fills: blank from the kit, or pre-filled with a register as read.

Two sheets the reader (governance.portfolio.intake) reads back unchanged: "Demandes"/"Demands" (one row per
proposed project, a cost column per year) and "Charge"/"Effort" (person-days per id, role and quarter), each
under a title and a one-line hint; then "Mode d'emploi"/"How to fill", which explains every column, and a hidden
"Listes"/"Lists" sheet behind the dropdowns (statuses, yes/no, risk 1-5, quarters, roles), which the PMO may
unhide to add a role. Yellow cells are to fill. Identical inputs and stamp give identical bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from governance.core.atomic import write_bytes_atomic
from governance.core.docx import normalise_zip
from governance.core.i18n import words
from governance.core.problems import InputError, display_path
from governance.core.xlsx.forms import INPUT_FILL, FormBrand, add_logo, fit_to_width, form_styles
from governance.core.xlsx.style import safe_cell
from governance.portfolio.intake import FOLDER
from governance.portfolio.model import DEMAND_STATUSES, DemandRegister

DEMAND_FIELDS = (
    "demand_id",
    "title",
    "sponsor",
    "description",
    "objective",
    "benefits",
    "benefit_value",
    "risk",
    "earliest_start",
    "dependencies",
    "mandatory",
    "status",
)
EFFORT_FIELDS = ("item_id", "role", "quarter", "days")
REQUIRED = {"demand_id", "title", "sponsor", "earliest_start", "item_id", "role", "quarter", "days"}
DEMAND_ROWS, EFFORT_ROWS = 100, 400  # rows prepared (yellow, with dropdowns); more when pre-filled beyond them
SPARE_ROWS = 20  # free rows kept under a pre-filled register
WIDTHS = {
    "demand_id": 11,
    "title": 30,
    "sponsor": 20,
    "description": 40,
    "objective": 22,
    "benefits": 30,
    "benefit_value": 14,
    "risk": 9,
    "earliest_start": 12,
    "dependencies": 18,
    "mandatory": 13,
    "status": 15,
    "cost": 14,
    "item_id": 14,
    "role": 28,
    "quarter": 12,
    "days": 10,
}
MONEY, WHOLE, DAYS = "#,##0", "0", "#,##0.0"
DEFAULT_COLOUR, DEFAULT_FONT = "1F4E79", "Calibri"
HELP_WIDTHS = (26, 12, 66, 26)
LINE_HEIGHT = 15  # points per line of wrapped text in the brand's 11-point font
MAX_PROMPT = 255  # Excel refuses a longer input message (and a title over 32 characters)


def register_file_name(language: str) -> str:
    """registre-des-demandes.xlsx or demand-register.xlsx."""
    return words("portfolio_intake", language)["file"] + ".xlsx"


def generic_roles(language: str) -> list[str]:
    return list(words("portfolio_intake", language)["generic_roles"])


def register_roles(data_dir: Path, language: str) -> tuple[list[str], list[str]]:
    """The roles a blank register offers: those of the delivery capacity (data/portfolio/resources.csv, read by
    governance.portfolio.capacity, so that every role offered is one capacity knows), else the generic ones.
    Returns (roles, warnings): a capacity file that cannot be read is capacity's to refuse, not the kit's."""
    from governance.portfolio.capacity import read_resources
    from governance.portfolio.inputs import RESOURCE_FILES

    folder = data_dir / FOLDER
    path = next((folder / name for name in RESOURCE_FILES if (folder / name).is_file()), None)
    if path is None:
        return generic_roles(language), []
    label = display_path(path, data_dir.parent)
    try:
        resources = read_resources(path, label)
    except InputError as exc:
        reason = str(exc.problems[0]) + (f" and {exc.total - 1} more problem(s)" if exc.total > 1 else "")
        return generic_roles(language), [f"the demand register offers generic roles: {reason}"]
    return list(dict.fromkeys(resources.role_labels.values())) or generic_roles(language), []


def kit_register(*, engagement, language: str, today: date, brand: FormBrand) -> tuple[bytes, list[str]]:
    """The blank register as the kit writes it (the manifest's `writer`): a cost column for each of the next three
    calendar years, the roles of data/portfolio/resources.csv (else generic ones) in the effort sheet's dropdown."""
    roles, warnings = register_roles(engagement.data_dir, language)
    data = demand_register_bytes(
        language=language,
        years=[today.year + n for n in (1, 2, 3)],
        roles=roles,
        brand=brand,
        client=brand.client,
        currency=engagement.config.portfolio.currency,
        stamp=today,
    )
    return data, warnings


def write_demand_register(
    path: Path,
    *,
    language: str,
    years: list[int],
    roles: list[str],
    brand: FormBrand | None,
    client: str,
    demands: DemandRegister | None = None,
    currency: str = "EUR",
    stamp: date | None = None,
) -> None:
    """The register workbook at `path` (written atomically); blank, or pre-filled with `demands`."""
    data = demand_register_bytes(
        language=language,
        years=years,
        roles=roles,
        brand=brand,
        client=client,
        demands=demands,
        currency=currency,
        stamp=stamp,
    )
    write_bytes_atomic(path, data)


@dataclass
class _Layout:
    """What every sheet of one workbook shares."""

    language: str
    words: dict
    brand: FormBrand
    style: object
    currency: str
    years: list[int]
    lists: dict[str, list]
    list_sheet: str


def demand_register_bytes(
    *,
    language: str,
    years: list[int],
    roles: list[str],
    brand: FormBrand | None,
    client: str,
    demands: DemandRegister | None = None,
    currency: str = "EUR",
    stamp: date | None = None,
) -> bytes:
    """The register as .xlsx bytes (identical bytes for identical inputs and stamp date)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    w = words("portfolio_intake", language)
    brand = brand or FormBrand(DEFAULT_COLOUR, DEFAULT_FONT, None, "", client, "", language)
    colour = brand.colour.lstrip("#").upper()
    years = sorted(set(years) | (set(demands.costs["year"].astype(int)) if demands is not None else set()))
    quarters = [_quarter_text(f"{year}-Q{n}", language) for year in years for n in range(1, 5)]
    layout = _Layout(
        language=language,
        words=w,
        brand=brand,
        style=form_styles(brand.font, colour),
        currency="€" if currency.upper() in ("EUR", "€") else currency,
        years=years,
        lists={
            "statuses": [w["statuses"][s] for s in DEMAND_STATUSES],
            "answers": [w["answer"]["yes"], w["answer"]["no"]],
            "levels": [1, 2, 3, 4, 5],
            "quarters": quarters,
            "roles": list(dict.fromkeys(r for r in roles if r)),
        },
        list_sheet=w["sheets"]["lists"],
    )
    workbook = Workbook()
    _named_styles(workbook, layout)
    sheet = workbook.active
    sheet.title = w["sheets"]["demands"]
    id_range = _demands_sheet(sheet, layout, client, demands)
    _effort_sheet(workbook.create_sheet(w["sheets"]["effort"]), layout, client, demands, id_range)
    _help_sheet(workbook.create_sheet(w["sheets"]["help"]), layout, client)
    _lists_sheet(workbook.create_sheet(layout.list_sheet), layout)
    workbook.active = 0

    moment = datetime.combine(stamp or date.today(), datetime.min.time())
    workbook.properties.creator = safe_cell(brand.author or "")
    workbook.properties.title = safe_cell(w["title"].format(client=client))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        workbook.properties.created = moment
        workbook.properties.modified = moment
        ExcelWriter(workbook, archive).save()  # not workbook.save: it stamps the time of saving
    return normalise_zip(buffer.getvalue())


# ------------------------------------------------------------------------------------------------ sheets


def _named_styles(workbook, layout: _Layout) -> None:
    """One named style per kind of input cell: assigning style objects cell by cell is what makes openpyxl slow."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for name, number_format in (("text", "@"), ("money", MONEY), ("whole", WHOLE), ("days", DAYS)):
        workbook.add_named_style(
            NamedStyle(
                name=f"intake_{name}",
                font=Font(name=layout.brand.font),
                fill=INPUT_FILL,
                border=border,
                alignment=Alignment(wrap_text=True, vertical="top"),
                number_format=number_format,
            )
        )


def _kind(field: str) -> str:
    return {"benefit_value": "money", "cost": "money", "risk": "whole", "days": "days"}.get(field, "text")


def _title(ws, layout: _Layout, title: str, hint: str, last_column: int) -> int:
    """Logo, title and hint above a table: the header's row."""
    from openpyxl.styles import Alignment

    row = add_logo(ws, layout.brand.logo)
    ws.cell(row, 1, safe_cell(title)).font = layout.style.big_title
    note = ws.cell(row + 1, 1, safe_cell(hint))
    note.font, note.alignment = layout.style.hint, Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=max(last_column, 4))
    ws.row_dimensions[row + 1].height = 30
    return row + 3


def _header(ws, layout: _Layout, row: int, titles: list[str]) -> None:
    from openpyxl.styles import Alignment

    for column, title in enumerate(titles, start=1):
        cell = ws.cell(row, column, safe_cell(title))
        cell.font, cell.fill = layout.style.header, layout.style.header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.row_dimensions[row].height = 34


def _column_titles(fields: tuple[str, ...], layout: _Layout) -> list[str]:
    columns = layout.words["columns"]
    return [columns[f].format(currency=layout.currency) for f in fields]


def _demands_sheet(ws, layout: _Layout, client: str, demands: DemandRegister | None) -> str:
    """The demands, one row each, and their costs per year; returns the range of the id column (for the effort
    sheet's dropdown)."""
    from openpyxl.utils import get_column_letter

    w = layout.words
    titles = _column_titles(DEMAND_FIELDS, layout)
    titles += [w["columns"]["cost"].format(year=year, currency=layout.currency) for year in layout.years]
    fields = list(DEMAND_FIELDS) + ["cost"] * len(layout.years)
    header = _title(ws, layout, w["title"].format(client=client), w["hint"]["demands"], len(titles))
    _header(ws, layout, header, titles)
    rows = _demand_rows(demands, layout)
    first = header + 1
    last = first + max(DEMAND_ROWS, len(rows) + SPARE_ROWS if rows else 0) - 1
    _prepare(ws, fields, first, last)
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            ws.cell(first + offset, column, value)
        _fit_height(ws, first + offset, zip(values, [WIDTHS[f] for f in fields]))
    letters = {f: get_column_letter(i) for i, f in enumerate(DEMAND_FIELDS, start=1)}
    cost_letters = [get_column_letter(len(DEMAND_FIELDS) + n) for n in range(1, len(layout.years) + 1)]

    def span(letter: str) -> str:
        return f"{letter}{first}:{letter}{last}"

    _validate(ws, layout, "status", span(letters["status"]), lists="statuses")
    _validate(ws, layout, "mandatory", span(letters["mandatory"]), lists="answers")
    _validate(ws, layout, "risk", span(letters["risk"]), lists="levels")
    _validate(ws, layout, "earliest_start", span(letters["earliest_start"]), lists="quarters", strict=False)
    _validate(ws, layout, "benefit_value", span(letters["benefit_value"]), number=True)
    if cost_letters:
        _validate(ws, layout, "cost", f"{cost_letters[0]}{first}:{cost_letters[-1]}{last}", number=True)
    for field in ("demand_id", "title", "sponsor", "description", "objective", "benefits", "dependencies"):
        _validate(ws, layout, field, span(letters[field]))
    for field, letter in letters.items():
        ws.column_dimensions[letter].width = WIDTHS[field]
    for letter in cost_letters:
        ws.column_dimensions[letter].width = WIDTHS["cost"]
    _finish(ws, header, len(titles), last)
    return f"'{ws.title}'!${letters['demand_id']}${first}:${letters['demand_id']}${last}"


def _effort_sheet(ws, layout: _Layout, client: str, demands: DemandRegister | None, id_range: str) -> None:
    w = layout.words
    titles = _column_titles(EFFORT_FIELDS, layout)
    header = _title(ws, layout, w["effort_title"].format(client=client), w["hint"]["effort"], 6)
    _header(ws, layout, header, titles)
    rows = _effort_rows(demands, layout)
    first = header + 1
    last = first + max(EFFORT_ROWS, len(rows) + SPARE_ROWS if rows else 0) - 1
    _prepare(ws, list(EFFORT_FIELDS), first, last)
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            ws.cell(first + offset, column, value)
    # Ids: the demands of the first sheet, or a running project's (typed: a warning, not a refusal).
    _validate(ws, layout, "item_id", f"A{first}:A{last}", formula=id_range, strict=False)
    if layout.lists["roles"]:
        _validate(ws, layout, "role", f"B{first}:B{last}", lists="roles", strict=False)
    else:
        _validate(ws, layout, "role", f"B{first}:B{last}")
    _validate(ws, layout, "quarter", f"C{first}:C{last}", lists="quarters", strict=False)
    _validate(ws, layout, "days", f"D{first}:D{last}", number=True)
    for letter, field in zip("ABCD", EFFORT_FIELDS):
        ws.column_dimensions[letter].width = WIDTHS[field]
    _finish(ws, header, len(titles), last, freeze="B")


def _prepare(ws, fields: list[str], first: int, last: int) -> None:
    """The yellow input cells, styled by kind (text, money, whole number, days)."""
    for column, field in enumerate(fields, start=1):
        name = f"intake_{_kind(field)}"
        for row in range(first, last + 1):
            ws.cell(row, column).style = name


def _validate(
    ws,
    layout: _Layout,
    field: str,
    cells: str,
    *,
    lists: str | None = None,
    formula: str | None = None,
    number: bool = False,
    strict: bool = True,
) -> None:
    """A dropdown (from the lists sheet), a number check (0 or more) or none, with the column's explanation as the
    message Excel shows on the cell. Not strict: another value is warned about, not refused (a quarter outside
    the years offered, a role the resource list does not have yet)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    w = layout.words
    title = w["columns"][field].format(currency=layout.currency, year="").replace("  ", " ").strip()[:32]
    prompt = w["explain"][field][:MAX_PROMPT]
    error = {
        "fr": "Choisissez une valeur de la liste" if (lists or formula) else "Nombre positif ou nul attendu",
        "en": "Pick a value from the list" if (lists or formula) else "A number of zero or more is expected",
    }[layout.language if layout.language in ("fr", "en") else "en"]
    if lists or formula:
        validation = DataValidation(type="list", formula1=formula or _list_reference(layout, lists))
    elif number:
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    else:
        validation = DataValidation()
    validation.allow_blank = True
    validation.showInputMessage = True
    validation.promptTitle, validation.prompt = title, prompt
    if lists or formula or number:
        validation.showErrorMessage = True
        validation.errorStyle = "stop" if strict else "warning"
        validation.errorTitle, validation.error = title, error
    validation.add(cells)
    ws.add_data_validation(validation)


def _list_reference(layout: _Layout, name: str) -> str:
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(list(layout.lists).index(name) + 1)
    size = max(len(layout.lists[name]), 1)
    return f"'{layout.list_sheet}'!${letter}$2:${letter}${size + 1}"


def _finish(ws, header: int, columns: int, last: int, freeze: str = "C") -> None:
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = f"{freeze}{header + 1}"
    ws.auto_filter.ref = f"A{header}:{get_column_letter(columns)}{last}"
    ws.print_title_rows = f"{header}:{header}"
    fit_to_width(ws, "landscape")
    ws.oddFooter.right.text = "&P / &N"


def _help_sheet(ws, layout: _Layout, client: str) -> None:
    """What to write in each column, with an example; the roles the dropdown offers."""
    from openpyxl.styles import Alignment, Border, Side

    w, style = layout.words, layout.style
    h = w["help"]
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    row = add_logo(ws, layout.brand.logo)
    ws.cell(row, 1, safe_cell(w["help_title"])).font = style.big_title
    ws.cell(row + 1, 1, safe_cell(client)).font = style.italic
    intro = ws.cell(row + 3, 1, safe_cell(h["intro"]))
    intro.font, intro.alignment = style.plain, wrap
    ws.merge_cells(start_row=row + 3, start_column=1, end_row=row + 3, end_column=4)
    _fit_height(ws, row + 3, [(h["intro"], sum(HELP_WIDTHS))])
    row += 5
    columns = w["columns"]
    sample_year = layout.years[0] if layout.years else date.today().year + 1
    for sheet, fields in (("demands", DEMAND_FIELDS + ("cost",)), ("effort", EFFORT_FIELDS)):
        ws.cell(row, 1, safe_cell(w["sheets"][sheet])).font = style.heading
        row += 1
        for column, title in enumerate((h["column"], h["required"], h["what"], h["example"]), start=1):
            cell = ws.cell(row, column, safe_cell(title))
            cell.font, cell.fill, cell.alignment = style.header, style.header_fill, wrap
        for field in fields:
            row += 1
            name = columns[field].format(currency=layout.currency, year=sample_year)
            example = w["examples"][field]
            if field == "earliest_start" or field == "quarter":
                example = _quarter_text(f"{sample_year}-Q{1 if field == 'earliest_start' else 2}", layout.language)
            values = (name, h["yes"] if field in REQUIRED else h["no"], w["explain"][field], example)
            for column, value in enumerate(values, start=1):
                cell = ws.cell(row, column, safe_cell(value))
                cell.font, cell.alignment, cell.border = (style.bold if column == 1 else style.plain), wrap, border
            _fit_height(ws, row, zip(values, HELP_WIDTHS))
        row += 2
    if layout.lists["roles"]:
        roles = ws.cell(row, 1, safe_cell(h["roles"].format(roles=", ".join(layout.lists["roles"]))))
        roles.font, roles.alignment = style.hint, wrap
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        ws.row_dimensions[row].height = 30
    for letter, width in zip("ABCD", HELP_WIDTHS):
        ws.column_dimensions[letter].width = width
    ws.sheet_view.showGridLines = False
    fit_to_width(ws, "portrait")


def _fit_height(ws, row: int, cells) -> None:
    """A row tall enough for its wrapped texts: Excel does not grow a row for text written by a program.
    `cells`: (text, column width) pairs; a width holds about as many characters as it measures."""
    lines = 1
    for text, width in cells:
        for paragraph in str(text or "").split("\n"):
            lines_here = -(-len(paragraph) // max(int(width), 1))
            lines = max(lines, lines_here)
    if lines > 1:
        ws.row_dimensions[row].height = LINE_HEIGHT * lines + 3


def _lists_sheet(ws, layout: _Layout) -> None:
    """The values behind the dropdowns; hidden, the PMO may unhide it to add a role (in the same column)."""
    from openpyxl.utils import get_column_letter

    titles = layout.words["list_titles"]
    for column, (name, values) in enumerate(layout.lists.items(), start=1):
        cell = ws.cell(1, column, safe_cell(titles[name]))
        cell.font, cell.fill = layout.style.header, layout.style.header_fill
        for row, value in enumerate(values, start=2):
            ws.cell(row, column, safe_cell(value))
        ws.column_dimensions[get_column_letter(column)].width = 24
    ws.sheet_state = "hidden"


# ------------------------------------------------------------------------------------------------ values


def _quarter_text(quarter: str, language: str) -> str:
    """'2027-Q1' as the register writes it: 2027-T1 in French, 2027-Q1 in English."""
    return f"{quarter[:4]}-{'T' if language == 'fr' else 'Q'}{quarter[-1]}"


def _number(value) -> float | int | None:
    if value is None or pd.isna(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def _demand_rows(demands: DemandRegister | None, layout: _Layout) -> list[list]:
    if demands is None or demands.demands.empty:
        return []
    w = layout.words
    amounts = {
        (demand_id, int(year)): float(amount)
        for demand_id, year, amount in demands.costs[["demand_id", "year", "amount"]].itertuples(index=False)
    }
    rows = []
    for record in demands.demands.to_dict("records"):
        text = {f: "" if record.get(f) is None else str(record[f]) for f in DEMAND_FIELDS}
        values = [
            safe_cell(text["demand_id"]),
            safe_cell(text["title"]),
            safe_cell(text["sponsor"]),
            safe_cell(text["description"]),
            safe_cell(text["objective"]),
            safe_cell(text["benefits"]),
            _number(record["benefit_value"]),
            _number(record["risk"]),
            _quarter_text(record["earliest_start"], layout.language) if record["earliest_start"] else None,
            safe_cell(", ".join(record["dependencies"] or ())),
            w["answer"]["yes" if record["mandatory"] else "no"],
            w["statuses"].get(record["status"] or "submitted", record["status"]),
        ]
        values += [_number(amounts.get((record["demand_id"], year)) or None) for year in layout.years]
        rows.append([None if v == "" else v for v in values])
    return rows


def _effort_rows(demands: DemandRegister | None, layout: _Layout) -> list[list]:
    if demands is None or demands.effort.empty:
        return []
    return [
        [safe_cell(str(item)), safe_cell(str(role)), _quarter_text(quarter, layout.language), _number(days)]
        for item, role, quarter, days in demands.effort[["item_id", "role", "quarter", "days"]].itertuples(index=False)
    ]
