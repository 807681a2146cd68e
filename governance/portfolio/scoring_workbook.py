"""The scoring workbook: one per reviewer, out to be filled and back in to be read and checked.

Out: one locked row per demand and one yellow cell per criterion, a whole 1-5 score or blank for no opinion; a
second sheet says what each score means. A very hidden sheet records the engagement, the reviewer and which
criterion each column and which demand each row holds, with a digest of it all: a returned workbook is
recognised by that content, never by its file name, and one whose identity was edited is refused.

In: every returned workbook is checked before anything is kept. Errors (the caller stores nothing when there is
one) and warnings are returned together, each naming the file, sheet, row and column, with a stable code.
"""

from __future__ import annotations

import hashlib
import math
import re
from copy import copy
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Protection, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from governance.core.atomic import write_atomic
from governance.core.cells import cell_problems, uncached_formulas
from governance.core.formatting import percent
from governance.core.i18n import french_spacing, pick, words
from governance.core.problems import InputError, Problem
from governance.core.tabular import open_workbook, plain_text
from governance.core.xlsx.forms import INPUT_FILL, LOCKED_FILL, FormBrand, add_logo, fit_to_width, form_styles
from governance.core.xlsx.style import safe_cell
from governance.portfolio.model import SCALE, Criterion

SCORING_FORMAT = "pmo-kit-portfolio-scoring"
SCORING_VERSION = 1
META_SHEET = "_pmo"
SCORE_COLUMNS = ("reviewer", "demand_id", "criterion", "score")

# The locked columns of a demand row, then one column per criterion, then the comment.
DEMAND_FIELDS = ("demand_id", "title", "sponsor", "description", "objective", "cost")
WIDTHS = {"demand_id": 11, "title": 26, "sponsor": 17, "description": 44, "objective": 24, "cost": 13}
CRITERION_WIDTH, COMMENT_WIDTH = 15, 34
SCALE_WIDTHS = (26, 8, *(30,) * len(SCALE))  # criterion, weight, then one column per score
DESCRIPTION_CHARS = 220  # a longer description is cut at a word, with an ellipsis: the register holds it whole
# Excel refuses (calls the file corrupt) an input message over 255 characters or a title over 32.
MAX_PROMPT, MAX_PROMPT_TITLE = 255, 32
# Row heights in points: Excel does not grow a row for wrapped text a program wrote, so the writer sizes each row
# for the lines its longest cell needs (about 15 points a line at 11 points), within bounds.
LINE_HEIGHT, MAX_LINES = 15, 9
WRAP_TOP, WRAP_CENTRE = Alignment(wrap_text=True, vertical="top"), Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(horizontal="center", vertical="top")
UNLOCKED = Protection(locked=False)
# Thin grey lines between the rows: without them the yellow block reads as one, and a score lands a row off.
_LINE = Side(style="thin", color="BFBFBF")
GRID = Border(left=_LINE, right=_LINE, top=_LINE, bottom=_LINE)
DEFAULT_COLOUR, DEFAULT_FONT = "1F4E79", "Calibri"
WHOLE = re.compile(r"^\s*([+-]?\d+)\s*$")


# ---------------------------------------------------------------------------------------------------------- out


def scoring_file_name(reviewer: str, language: str) -> str:
    """The workbook's file name for one reviewer: 'notation-demandes-marie-dupont.xlsx'."""
    slug = plain_text(reviewer, "-") or "reviewer"
    return words("portfolio_scoring", language)["workbook"]["file"].format(reviewer=slug) + ".xlsx"


def criterion_header(criterion: Criterion, language: str) -> str:
    """A criterion's column header: its name and its weight in percent ('Alignement stratégique — 40 %')."""
    share = criterion.weight * 100
    decimals = 0 if abs(share - round(share)) < 0.05 else 1
    return words("portfolio_scoring", language)["workbook"]["criterion_header"].format(
        name=pick(criterion.name, language), weight=percent(criterion.weight, language, decimals)
    )


def _text(language: str, text: str) -> str:
    return french_spacing(text) if language == "fr" else text


def _shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return cut + "…"


def _lines(text: str, width: float, per_unit: float) -> int:
    """How many lines `text` takes wrapped in a column `width` units wide, at `per_unit` characters a unit."""
    per_line = max(int(width * per_unit) - 2, 1)
    return sum(max(math.ceil(len(part) / per_line), 1) for part in str(text).split("\n"))


def _height(cells: list[tuple[str, float]], least: int = 1, bold: bool = False) -> float:
    # Plain 11-point text fits some 1.1 characters per unit of column width; bold headers (and words that do not
    # break where a count of characters would) fewer: measured on the headers LibreOffice and Excel wrap.
    per_unit = 0.85 if bold else 1.1
    lines = max([least, *(_lines(text, width, per_unit) for text, width in cells if text)])
    return min(lines, MAX_LINES) * LINE_HEIGHT + 3


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT


def _shown(value: object) -> str:
    return "" if _is_blank(value) else str(value).strip()


def _dress(cell, kind: str, style, made: dict) -> None:
    """A cell's look (locked, locked-bold, locked-number, input, input-score): the first of a kind through openpyxl's setters,
    the others copy its style array (the decision register measured this: setters cost seconds on big sheets)."""
    if kind in made:
        cell._style = copy(made[kind]._style)
        return
    locked = kind.startswith("locked")
    cell.fill, cell.font = (
        (LOCKED_FILL if locked else INPUT_FILL),
        (style.bold if kind.endswith("bold") else style.plain),
    )
    cell.alignment, cell.border = (CENTRE if kind == "input-score" else WRAP_TOP), GRID
    if kind == "locked-number":
        cell.number_format = "#,##0"
    if not locked:
        cell.protection = UNLOCKED
    made[kind] = cell


def _protect(ws) -> None:
    """Locked identity, free inputs; rows may be resized and columns widened (no password: slips, not people)."""
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False


def _header_cells(ws, row: int, labels: list[str], style) -> None:
    for column, label in enumerate(labels, start=1):
        cell = ws.cell(row, column, label)
        cell.font, cell.fill, cell.alignment = style.header, style.header_fill, WRAP_CENTRE


def _score_validation(criterion: Criterion, language: str) -> DataValidation:
    """A whole 1-5 (or blank) per cell; the prompt shows the criterion's scale, so a reviewer needs no other sheet."""
    w = words("portfolio_scoring", language)["workbook"]["validation"]
    scale = "\n".join(f"{n} : {pick(criterion.scale.get(n), language)}" for n in SCALE)
    prompt = f"{scale}\n{w['prompt']}"
    if len(prompt) > MAX_PROMPT:
        prompt = prompt[: MAX_PROMPT - 1] + "…"
    return DataValidation(
        type="whole",
        operator="between",
        formula1=str(SCALE[0]),
        formula2=str(SCALE[-1]),
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle=w["title"][:MAX_PROMPT_TITLE],
        error=w["error"],
        promptTitle=pick(criterion.name, language)[:MAX_PROMPT_TITLE],
        prompt=prompt,
    )


def _scoring_sheet(
    ws,
    *,
    client: str,
    reviewer: str,
    body_name: str,
    criteria: list[Criterion],
    demands: pd.DataFrame,
    language: str,
    style,
    logo: Path | None,
) -> dict[str, int]:
    w = words("portfolio_scoring", language)["workbook"]
    headers = [w["columns"][name] for name in DEMAND_FIELDS]
    headers += [criterion_header(c, language) for c in criteria] + [w["columns"]["comment"]]
    widths = [WIDTHS[name] for name in DEMAND_FIELDS] + [CRITERION_WIDTH] * len(criteria) + [COMMENT_WIDTH]
    last_column = len(headers)
    first_criterion = len(DEMAND_FIELDS) + 1
    comment_column = first_criterion + len(criteria)

    row = add_logo(ws, logo)
    ws.cell(row, 1, _text(language, w["title"].format(body=body_name))).font = style.big_title
    ws.cell(row + 1, 1, _text(language, w["subtitle"].format(client=client))).font = style.italic
    ws.cell(row + 2, 1, _text(language, w["reviewer"].format(reviewer=reviewer))).font = style.heading
    hint = ws.cell(row + 3, 1, _text(language, w["hint"]))
    hint.font, hint.alignment = style.hint, WRAP_TOP
    ws.merge_cells(start_row=row + 3, start_column=1, end_row=row + 3, end_column=last_column)
    ws.row_dimensions[row + 3].height = _height([(hint.value, sum(widths))], least=2)

    header_row = row + 5
    _header_cells(ws, header_row, headers, style)
    ws.row_dimensions[header_row].height = _height(list(zip(headers, widths, strict=True)), least=2, bold=True)
    first = header_row + 1
    made: dict = {}
    has_cost = "total_cost" in demands.columns
    for offset, demand in enumerate(demands.to_dict("records")):
        r = first + offset
        values = {
            "demand_id": str(demand["demand_id"]),
            "title": _shown(demand.get("title")),
            "sponsor": _shown(demand.get("sponsor")),
            "description": _shorten(_shown(demand.get("description"))),
            "objective": _shown(demand.get("objective")),
        }
        for column, name in enumerate(DEMAND_FIELDS[:-1], start=1):
            cell = ws.cell(r, column, safe_cell(values[name]))
            cell.data_type = "s"  # an id such as "001" stays text
            _dress(cell, "locked", style, made)
        cost = demand.get("total_cost") if has_cost else None
        cost_cell = ws.cell(r, len(DEMAND_FIELDS), None if _is_blank(cost) else float(cost))
        _dress(cost_cell, "locked-number", style, made)
        for column in range(first_criterion, comment_column):
            _dress(ws.cell(r, column), "input-score", style, made)
        _dress(ws.cell(r, comment_column), "input", style, made)
        ws.row_dimensions[r].height = _height([(values[n], WIDTHS[n]) for n in DEMAND_FIELDS[:-1]], least=2)
    last_row = first + len(demands) - 1
    if demands.empty:
        ws.cell(first, 1, w["no_demand"]).font = style.hint
    else:
        for offset, criterion in enumerate(criteria):
            letter = get_column_letter(first_criterion + offset)
            validation = _score_validation(criterion, language)
            validation.add(f"{letter}{first}:{letter}{last_row}")  # one range per column, not one per cell
            ws.add_data_validation(validation)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(first, 3)  # the demand's id and title stay in view while scrolling
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.sheet_view.showGridLines = False
    fit_to_width(ws, "landscape")
    _protect(ws)
    return {
        "header_row": header_row,
        "first_row": first,
        "first_criterion_column": first_criterion,
        "comment_column": comment_column,
    }


def _scales_sheet(ws, *, body_name: str, criteria: list[Criterion], language: str, style) -> None:
    w = words("portfolio_scoring", language)["scales"]
    ws.cell(1, 1, _text(language, w["title"].format(body=body_name))).font = style.title
    last_column = 2 + len(SCALE)
    hint = ws.cell(2, 1, _text(language, w["hint"]))
    hint.font, hint.alignment = style.hint, WRAP_TOP
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_column)
    ws.row_dimensions[2].height = _height([(hint.value, sum(SCALE_WIDTHS))], least=2)
    header_row = 4
    _header_cells(ws, header_row, [w["criterion"], w["weight"], *(str(n) for n in SCALE)], style)
    made: dict = {}
    for offset, criterion in enumerate(criteria, start=1):
        r = header_row + offset
        texts = [
            pick(criterion.name, language),
            percent(criterion.weight, language, 0 if abs(criterion.weight * 100 % 1) < 0.05 else 1),
            *(pick(criterion.scale.get(n), language) for n in SCALE),
        ]
        for column, text in enumerate(texts, start=1):
            _dress(ws.cell(r, column, safe_cell(text)), "locked-bold" if column == 1 else "locked", style, made)
        ws.row_dimensions[r].height = _height(list(zip(texts, SCALE_WIDTHS, strict=True)), least=2)
    for column, width in enumerate(SCALE_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 2)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.sheet_view.showGridLines = False
    fit_to_width(ws, "landscape")
    _protect(ws)


def _digest(pairs: list[tuple[str, str]]) -> str:
    """What the identity says, hashed: a slip that edits it (through a macro; it cannot be unhidden otherwise)
    is seen. It is a check against accidents, not a signature."""
    text = "\n".join(f"{key}\t{value}" for key, value in pairs)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _identity(
    workbook: Workbook,
    *,
    engagement_id: str,
    reviewer: str,
    body_name: str,
    language: str,
    sheet: str,
    layout: dict[str, int],
    criteria: list[Criterion],
    demand_ids: list[str],
) -> None:
    """Key-value rows, then one `criterion` row per criterion column and one `demand` row per demand row, in
    order, then the digest of it all. Every value is written as text, so it reads back as written."""
    pairs = [
        ("format", SCORING_FORMAT),
        ("version", str(SCORING_VERSION)),
        ("engagement", engagement_id),
        ("reviewer", reviewer),
        ("body", body_name),
        ("language", language),
        ("sheet", sheet),
        *((key, str(value)) for key, value in layout.items()),
        *(("criterion", c.id) for c in criteria),
        *(("demand", d) for d in demand_ids),
    ]
    ws = workbook.create_sheet(META_SHEET)
    for row, (key, value) in enumerate([*pairs, ("digest", _digest(pairs))], start=1):
        ws.cell(row, 1, key).data_type = "s"
        ws.cell(row, 2, value).data_type = "s"
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def write_scoring_workbook(
    path: Path,
    *,
    engagement_id: str,
    client: str,
    reviewer: str,
    body_name: str,
    criteria: list[Criterion],
    demands: pd.DataFrame,
    language: str,
    brand: FormBrand | None,
) -> None:
    """One reviewer's scoring workbook at `path` (written atomically): the scoring sheet, the scales, the identity.

    `demands` has the register's columns (demand_id, title, sponsor, description, objective) and, when the
    estimated total cost is to be shown, `total_cost` (the sum of the demand's yearly costs); rows in the order
    the reviewer is to see them. `criteria` carry weights already normalised (they are shown in percent).
    """
    if not criteria:
        raise ValueError("a scoring workbook needs at least one criterion")
    w = words("portfolio_scoring", language)
    style = form_styles(brand.font if brand else DEFAULT_FONT, brand.colour if brand else DEFAULT_COLOUR)
    demand_ids = [str(d) for d in demands["demand_id"]]
    workbook = Workbook()
    scoring = workbook.active
    scoring.title = w["workbook"]["sheet"]
    layout = _scoring_sheet(
        scoring,
        client=client,
        reviewer=reviewer,
        body_name=body_name,
        criteria=criteria,
        demands=demands,
        language=language,
        style=style,
        logo=brand.logo if brand else None,
    )
    _scales_sheet(
        workbook.create_sheet(w["scales"]["sheet"]),
        body_name=body_name,
        criteria=criteria,
        language=language,
        style=style,
    )
    _identity(
        workbook,
        engagement_id=engagement_id,
        reviewer=reviewer,
        body_name=body_name,
        language=language,
        sheet=scoring.title,
        layout=layout,
        criteria=criteria,
        demand_ids=demand_ids,
    )
    workbook.properties.creator = brand.author if brand else ""
    workbook.properties.title = w["workbook"]["title"].format(body=body_name)
    write_atomic(path, workbook.save)


# ----------------------------------------------------------------------------------------------------------- in


class _Refused(Exception):
    """One workbook cannot be read further (its problem is already recorded)."""


class _Reader:
    """The problems of one workbook, each at its sheet, row and column."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[Problem] = []
        self.headers: dict[int, str] = {}  # column number -> its header as the reviewer sees it

    def column(self, number: int) -> str:
        letter = get_column_letter(number)
        return f"{letter} ({self.headers[number]})" if self.headers.get(number) else letter

    def error(self, message: str, code: str, sheet: str | None = None, row: int | None = None, column=None) -> None:
        column = self.column(column) if isinstance(column, int) else column
        self.problems.append(Problem(self.label, message, row=row, column=column, sheet=sheet, code=code))

    def warn(self, message: str, code: str, sheet: str | None = None, row: int | None = None, column=None) -> None:
        column = self.column(column) if isinstance(column, int) else column
        self.problems.append(
            Problem(self.label, message, row=row, column=column, sheet=sheet, code=code, severity="warning")
        )

    def refuse(self, message: str, code: str, sheet: str | None = None) -> None:
        self.error(message, code, sheet)
        raise _Refused


def _identity_value(value: object) -> str:
    """An identity cell as written (text): a program that re-saved it as a number (6.0) changes nothing."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _identity_read(workbook, reader: _Reader) -> dict:
    """The identity sheet, checked whole: a workbook without it, of another format, or edited, is refused."""
    if META_SHEET not in workbook.sheetnames:
        reader.refuse(
            "is not a scoring workbook (it has no scoring identity); expected a demand scoring workbook written "
            "by pmo-kit",
            "not-a-scoring-workbook",
        )
    rows = [tuple(r[:2]) for r in workbook[META_SHEET].iter_rows(max_col=2, values_only=True)]
    pairs = [(str(a), _identity_value(b)) for a, b in (r + (None,) * (2 - len(r)) for r in rows) if a]
    scalars = {key: value for key, value in pairs if key not in ("criterion", "demand")}
    if scalars.get("format") != SCORING_FORMAT:
        reader.refuse(
            "is not a scoring workbook of pmo-kit; expected a demand scoring workbook written by pmo-kit",
            "not-a-scoring-workbook",
        )
    version = scalars.get("version", "")
    if not version.isdigit() or int(version) > SCORING_VERSION:
        reader.refuse(
            f"is a scoring workbook of format version {version!r}, newer than this pmo-kit reads "
            f"({SCORING_VERSION}); expected a workbook written by this version",
            "newer-format",
            META_SHEET,
        )
    body = [pair for pair in pairs if pair[0] != "digest"]
    layout_keys = ("header_row", "first_row", "first_criterion_column", "comment_column")
    intact = (
        pairs
        and pairs[-1][0] == "digest"
        and pairs[-1][1] == _digest(body)
        and all(scalars.get(k, "").isdigit() for k in layout_keys)
        and scalars.get("sheet")
    )
    if not intact:
        reader.refuse(
            "its scoring identity (hidden sheet) was edited; expected the workbook as written: write the "
            "reviewer's workbook again and copy the scores over",
            "identity-edited",
            META_SHEET,
        )
    return {
        **scalars,
        **{key: int(scalars[key]) for key in layout_keys},
        "criteria": [value for key, value in pairs if key == "criterion"],
        "demands": [value for key, value in pairs if key == "demand"],
    }


def _score(value: object) -> tuple[int | None, str | None, str | None]:
    """(score, None, None), (None, None, None) when blank, or (None, message, code) when it is no 1-5 score."""
    expected = "expected a whole number from 1 to 5, or blank for no opinion"
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None, None
    if isinstance(value, bool) or isinstance(value, datetime | date):
        return None, f"score reads {value!s}; {expected}", "score-not-a-number"
    if isinstance(value, str):
        match = WHOLE.match(value)
        if not match:
            return None, f"score reads {value.strip()!r}; {expected}", "score-not-a-number"
        value = int(match.group(1))
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, f"score reads {value}; {expected}", "score-not-a-number"
        if not value.is_integer():
            return None, f"score {value:g} is not a whole number; {expected}", "score-fractional"
        value = int(value)
    if not isinstance(value, int):
        return None, f"score reads {value!s}; {expected}", "score-not-a-number"
    if value not in SCALE:
        return None, f"score {value} is outside the 1-5 scale; {expected}", "score-out-of-scale"
    return value, None, None


def _listing(ids: list[str], limit: int = 12) -> str:
    shown = ", ".join(ids[:limit])
    return f"{shown}, ... ({len(ids)} in all)" if len(ids) > limit else shown or "none"


def _read_one(
    path: Path,
    reader: _Reader,
    *,
    engagement_id: str,
    known_criteria: dict[str, Criterion],
    known_demands: set[str],
    demand_order: list[str],
    reviewers: dict[str, str],
    returned: dict[str, str],
    language: str,
) -> list[tuple[str, str, str, int]]:
    found: list[tuple[str, str, str, int]] = []
    with open_workbook(path, reader.label) as workbook:
        identity = _identity_read(workbook, reader)
        if identity.get("engagement") != engagement_id:
            reader.refuse(
                f"is a scoring workbook of another engagement ({identity.get('engagement')!r}); expected one of "
                f"{engagement_id!r}",
                "other-engagement",
            )
        reviewer = identity.get("reviewer", "")
        voice = plain_text(reviewer)
        if voice in reviewers:
            reader.refuse(
                f"is a second workbook of reviewer {reviewer!r} (the first is {reviewers[voice]}); one voice per "
                "reviewer: keep one of the two files",
                "duplicate-reviewer",
            )
        reviewers[voice] = reader.label
        returned[reviewer] = reader.label
        sheet = identity["sheet"]
        if sheet not in workbook.sheetnames:
            reader.refuse(
                f"has lost its scoring sheet {sheet!r}; expected the workbook as written", "sheet-missing", sheet
            )
        worksheet = workbook[sheet]
        header_row, first_row = identity["header_row"], identity["first_row"]
        first_column, comment_column = identity["first_criterion_column"], identity["comment_column"]
        criterion_ids, demand_ids = identity["criteria"], identity["demands"]
        if comment_column != first_column + len(criterion_ids):
            reader.refuse("its scoring identity does not match its columns", "identity-edited", META_SHEET)
        last_row = max(first_row + len(demand_ids) - 1, header_row)
        rows = [
            tuple(r) for r in worksheet.iter_rows(min_row=1, max_row=last_row, max_col=comment_column, values_only=True)
        ]
        rows += [()] * (last_row - len(rows))

        def at(row: int, column: int) -> object:
            cells = rows[row - 1]
            return cells[column - 1] if len(cells) >= column else None

        reader.headers = {c: _shown(at(header_row, c)).replace("\n", " ") for c in range(1, comment_column + 1)}
        # Formulas without a saved value and garbled text, named by letter and then by header like every other line.
        bad_cells = uncached_formulas(path, getattr(worksheet, "_worksheet_path", None), reader.label)
        bad_cells += cell_problems(reader.label, rows)
        for problem in bad_cells:
            letter = problem.column or ""
            column = reader.column(column_index_from_string(letter)) if letter.isalpha() else problem.column
            reader.problems.append(replace(problem, sheet=sheet, column=column))
        columns: dict[int, str] = {}
        for offset, criterion_id in enumerate(criterion_ids):
            column = first_column + offset
            if criterion_id in known_criteria:
                columns[column] = criterion_id
                continue
            reader.error(
                f"unknown criterion {criterion_id!r}; expected one of {', '.join(known_criteria)} (governance.yaml "
                "no longer has it: write the workbooks again)",
                "unknown-criterion",
                sheet,
                header_row,
                column,
            )
        added = [c for c in known_criteria if c not in criterion_ids]
        if added:
            names = ", ".join(f"{c} ({pick(known_criteria[c].name, language)})" for c in added)
            reader.warn(
                f"criteria {names} were added to governance.yaml after this workbook was written: reviewer "
                f"{reviewer!r} has no score for them",
                "criterion-added",
                sheet,
                header_row,
            )
        for offset, demand_id in enumerate(demand_ids):
            row = first_row + offset
            written = _shown(safe_cell(demand_id))
            shown = _shown(at(row, 1))
            if shown != written:
                reader.error(
                    f"reads {shown!r} where the workbook was written with demand {demand_id!r}; the grey cells are "
                    "locked: keep one row per demand, unchanged",
                    "identity-edited",
                    sheet,
                    row,
                    1,
                )
                continue
            if demand_id not in known_demands:
                reader.error(
                    f"unknown demand {demand_id!r}: it is no longer in the demand register; expected one of "
                    f"{_listing(demand_order)} (write the workbooks again)",
                    "unknown-demand",
                    sheet,
                    row,
                    1,
                )
                continue
            for column, criterion_id in columns.items():
                score, message, code = _score(at(row, column))
                if message:
                    reader.error(message, code, sheet, row, column)
                elif score is not None:
                    found.append((reviewer, demand_id, criterion_id, score))
        missing = [d for d in demand_order if d not in demand_ids]
        if missing:
            reader.warn(
                f"demands {_listing(missing)} were added to the register after this workbook was written: reviewer "
                f"{reviewer!r} has not scored them",
                "demand-added",
                sheet,
            )
        if not found and not any(p.severity == "error" for p in reader.problems):
            reader.warn(
                f"reviewer {reviewer!r} scored nothing; expected at least one score (kept as no opinion on every "
                "demand)",
                "scored-nothing",
                sheet,
            )
    return found


def read_scoring_workbooks(
    files: list[Path],
    labels: list[str],
    *,
    engagement_id: str,
    criteria: list[Criterion],
    demand_ids: list[str],
    language: str,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Every returned workbook, read and checked: the scores (reviewer, demand_id, criterion, score, file: the
    label of the workbook they come from; `attrs["workbooks"]`: each reviewer who returned one -> its label) and the
    problems, errors and warnings together.

    When any error is found, the frame is empty: nothing of a refused run may be kept. One voice per reviewer: the
    same reviewer (as the identity names them, accents and case aside) in two files is an error naming both.
    Messages are in English, as every problem of the kit; criteria are named in `language`.
    """
    if len(files) != len(labels):
        raise ValueError("one label per file")
    known_criteria = {c.id: c for c in criteria}
    known_demands = set(demand_ids)
    reviewers: dict[str, str] = {}
    returned: dict[str, str] = {}  # reviewer -> the workbook they returned, scores or none
    records: list[tuple[str, str, str, int, str]] = []
    problems: list[Problem] = []
    for path, label in zip(files, labels, strict=True):
        reader = _Reader(label)
        try:
            records += [
                (*record, label)
                for record in _read_one(
                    Path(path),
                    reader,
                    engagement_id=engagement_id,
                    known_criteria=known_criteria,
                    known_demands=known_demands,
                    demand_order=list(demand_ids),
                    reviewers=reviewers,
                    returned=returned,
                    language=language,
                )
            ]
        except _Refused:
            pass
        except InputError as refused:  # not a zip, a zip bomb, a damaged workbook
            reader.problems.extend(refused.problems)
        problems += reader.problems
    if any(p.severity == "error" for p in problems):
        records = []
    frame = pd.DataFrame.from_records(records, columns=[*SCORE_COLUMNS, "file"])
    types = {"reviewer": str, "demand_id": str, "criterion": str, "score": "int64", "file": str}
    frame = frame.astype(types)
    # Every reviewer who returned a workbook, one who scored nothing too: their voice is what the workbook says now.
    frame.attrs["workbooks"] = {} if any(p.severity == "error" for p in problems) else returned
    return frame, problems
