"""Filling status forms as a project manager's spreadsheet (or openpyxl) would, for the collection tests."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from governance.collection.form_layout import META_SHEET, PROJECT_COLUMNS, PROJECTS_ROW
from governance.example.collection import fill_form as example_fill_form


def form_projects(path: Path) -> dict[str, str]:
    """project id -> sheet name, from the form's hidden sheet."""
    workbook = load_workbook(path)
    rows = list(workbook[META_SHEET].iter_rows(values_only=True))
    return {r[PROJECT_COLUMNS.index("project_id")]: r[0] for r in rows[PROJECTS_ROW:] if r and r[0]}


def fill_form(source: Path, target: Path, values: dict[str, dict[str, object]], edit=None) -> Path:
    """Put `values` ({project id: {field: value}}) in the yellow cells and save to `target`; `edit(workbook)` may
    change anything else first (a test's mischief)."""
    if edit is None:
        return example_fill_form(source, target, values)
    example_fill_form(source, target, values)
    workbook = load_workbook(target)
    edit(workbook)
    workbook.save(target)
    return target


def figures(
    status_date: date, bac: float = 1000.0, pv: float = 500.0, ev: float = 480.0, ac: float = 520.0, **more: object
) -> dict[str, object]:
    return {
        "status_date": datetime.combine(status_date, datetime.min.time()),
        "bac": bac,
        "pv": pv,
        "ev": ev,
        "ac": ac,
        **more,
    }


def read_status_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";" if text.split("\n", 1)[0].count(";") else ","))
