"""Spreadsheet output shared by every workbook the kit writes."""

from __future__ import annotations

# A cell starting with one of these is run as a formula by Excel (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text that Excel would evaluate is prefixed with an apostrophe-like quote; numbers pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
