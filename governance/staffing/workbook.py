"""The staffing plan's workbook: the skills matrix and the training plan, formula-safe, written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from governance.core.i18n import words
from governance.staffing.plan import StaffingPlan
from governance.staffing.profiles import RoleProfiles

FILLS = {"ok": "A9D18E", "gap1": "FFD966", "gap2": "F4A6A6", "not_assessed": "E7E6E6"}


def write_workbook(
    target: Path, context: dict[str, Any], plan: StaffingPlan, profiles: RoleProfiles, language: str, colour: str
) -> Path:
    """The skills matrix and the training plan as an XLSX (text cells formula-safe), written atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from governance.core.atomic import write_atomic
    from governance.core.xlsx.style import safe_cell

    labels = words("staffing", language)
    names, headers = labels["sheets"], labels["headers"]
    header_fill = PatternFill("solid", fgColor=colour.lstrip("#").upper())
    header_font = Font(bold=True, color="FFFFFF")
    workbook = Workbook()

    def sheet(
        title: str,
        header: list[str],
        rows: list[list],
        widths: list[int],
        money: tuple[int, ...] = (),
        decimals: tuple[int, ...] = (),
    ):
        ws = workbook.create_sheet(title)
        ws.append([safe_cell(h) for h in header])
        for cell in ws[1]:
            cell.fill, cell.font = header_fill, header_font
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        for columns, number_format in ((money, "#,##0"), (decimals, "0.0")):
            for column in columns:
                for cell in ws.iter_rows(min_row=2, min_col=column, max_col=column):
                    cell[0].number_format = number_format
        ws.freeze_panes = "A2"
        return ws

    # Matrix: level in each cell, coloured by the gap to the role's required level.
    skills = profiles.skill_ids
    short = {s.id: s.short(language) for s in profiles.skills}
    ws = workbook.active
    ws.title = names["matrix"]
    ws.append([safe_cell(labels["person"]), safe_cell(labels["role"])] + [safe_cell(short[s]) for s in skills])
    for cell in ws[1]:
        cell.fill, cell.font = header_fill, header_font
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    role_names = {r["id"]: r["name"] for r in context["roles"]}
    for person, group in plan.matrix.groupby("person", sort=False):
        records = {r["skill"]: r for r in group.to_dict("records")}
        role = group["role"].iloc[0]
        row = [safe_cell(person), safe_cell(role_names.get(role, role))]
        row += [
            None
            if records[s]["level"] is None or records[s]["level"] != records[s]["level"]
            else int(records[s]["level"])
            for s in skills
        ]
        ws.append(row)
        for offset, skill in enumerate(skills, start=3):
            record = records[skill]
            key = record["status"] if record["status"] != "gap" else ("gap1" if record["gap"] == 1 else "gap2")
            cell = ws.cell(row=ws.max_row, column=offset)
            cell.alignment = Alignment(horizontal="center")
            if key in FILLS:
                cell.fill = PatternFill("solid", fgColor=FILLS[key])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 28
    for index in range(3, 3 + len(skills)):
        ws.column_dimensions[get_column_letter(index)].width = 15
    ws.freeze_panes = "C2"

    sheet(
        names["required"],
        [labels["role"]] + [short[s] for s in skills],
        [[role_names[r.id]] + [r.skills.get(s, 0) for s in skills] for r in profiles.roles],
        [28] + [15] * len(skills),
    )
    sheet(
        names["gaps"],
        headers["gaps"],
        [[g["person"], g["role"], g["skill"], g["level"], g["required"], g["gap"]] for g in context["gaps"]],
        [24, 28, 58, 9, 9, 9],
    )
    sheet(
        names["plan"],
        headers["plan"],
        [
            [
                p["order"],
                p["quarter"],
                p["person"],
                p["role"],
                p["item"],
                p["kind"],
                p["skills"],
                p["reason"],
                p["days"],
                p["cost"],
            ]
            for p in context["plan"]
        ],
        [8, 11, 22, 26, 44, 15, 30, 34, 8, 12],
        money=(10,),
        decimals=(9,),
    )
    sheet(
        names["workshops"],
        headers["workshops"],
        [
            [
                w["quarter"],
                w["dimension"],
                w["level"],
                w["title"],
                w["audience"],
                w["sessions"],
                w["days"],
                w["delivered_by"],
                w["cost"],
            ]
            for w in context["workshops"]
        ],
        [11, 26, 8, 52, 30, 10, 10, 18, 12],
        money=(9,),
    )
    rows = [[b["quarter"], b["staff"], b["project_managers"], b["total"]] for b in context["budget"]]
    ws = sheet(names["budget"], headers["budget"], rows, [14, 18, 22, 16], money=(2, 3, 4))
    if rows:
        last = len(rows) + 1
        ws.append([safe_cell(labels["total"])] + [f"=SUM({c}2:{c}{last})" for c in "BCD"])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
            cell.number_format = "#,##0"
    sheet(
        names["team"],
        headers["team"],
        [
            [
                r["name"],
                r["fte"],
                t["current"],
                t["difference"],
                t["action"],
                t["people"],
                r["salary"],
                r["annual_cost"],
                r["employer_cost"],
            ]
            for r, t in zip(context["roles"], context["team"], strict=True)
        ],
        [28, 11, 11, 9, 22, 34, 16, 16, 18],
        money=(7, 8, 9),
        decimals=(2, 3, 4),
    )
    for ws in workbook.worksheets:  # printed: landscape, one page wide
        ws.page_setup.orientation = "landscape"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    return write_atomic(target, lambda p: workbook.save(str(p)))
