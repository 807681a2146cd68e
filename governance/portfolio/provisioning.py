"""An approved demand becomes a project: a row of the project list (its tier from its budget), nothing typed twice.

The row carries what the register and the decision sheet already say (title, sponsor, budget, dates, the project
manager the board appointed); the kit then pre-fills the project's documents from it, as `pmo templates generate
--projects` does for any project of the list.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from governance.core.formatting import number
from governance.core.tabular import ROW, decode, read_table, sniff_separator
from governance.kit import PROJECT_LIST_COLUMNS as PROJECT_COLUMNS
from governance.kit import normalise_header, tier_for_budget

PROJECT_NUMBER = re.compile(r"^(.*?)(\d+)$")
DEFAULT_PREFIX = "PRJ-"
# The header a new project list gets when the engagement has none, in the engagement's language.
NEW_HEADER = {
    "fr": ["id", "nom", "sponsor", "chef_de_projet", "niveau", "budget", "debut", "fin"],
    "en": ["id", "name", "sponsor", "manager", "tier", "budget", "start", "end"],
}
FIELDS = ("id", "name", "sponsor", "manager", "tier", "budget", "start", "end")


def next_ids(existing: list[str], demand_ids: list[str]) -> dict[str, str]:
    """A project id per demand: the list's own numbering continued (PRJ-025 -> PRJ-026), by the prefix most of
    its ids share; PRJ-001 on for a list without numbered ids. Never a demand's id: the register goes on naming
    its demands, and a project with a demand's id would make it refuse them."""
    numbered = [m for m in (PROJECT_NUMBER.fullmatch(i) for i in existing) if m]
    prefixes = Counter(m.group(1) for m in numbered)
    prefix = prefixes.most_common(1)[0][0] if prefixes else DEFAULT_PREFIX
    same = [m for m in numbered if m.group(1) == prefix]
    width = max((len(m.group(2)) for m in same), default=3)
    number = max((int(m.group(2)) for m in same), default=0)
    taken = {i.lower() for i in [*existing, *demand_ids]}
    ids = {}
    for demand_id in demand_ids:
        number += 1
        while f"{prefix}{number:0{width}d}".lower() in taken:
            number += 1
        ids[demand_id] = f"{prefix}{number:0{width}d}"
        taken.add(ids[demand_id].lower())
    return ids


def quarter_end(quarter: str) -> date:
    year, number = int(quarter[:4]), int(quarter[-1])
    following = date(year + (number == 4), (3 * number) % 12 + 1, 1)
    return following - timedelta(days=1)


def project_rows(approved: pd.DataFrame, existing: list[str], tiers: list[dict]) -> pd.DataFrame:
    """The project list rows of approved demands: demand_id, id, name, sponsor, manager, tier, budget, start, end.

    `approved`: demand_id, title, sponsor, manager, total_cost, earliest_start (quarter), last_quarter (the last
    quarter with effort or cost)."""
    ids = next_ids(existing, approved["demand_id"].tolist())
    rows = []
    for d in approved.to_dict("records"):
        start_year, start_quarter = int(d["earliest_start"][:4]), int(d["earliest_start"][-1])
        rows.append(
            {
                "demand_id": d["demand_id"],
                "id": ids[d["demand_id"]],
                "name": d["title"],
                "sponsor": d["sponsor"],
                "manager": d["manager"],
                "tier": tier_for_budget(float(d["total_cost"]), tiers) or "",
                "budget": float(d["total_cost"]),
                "start": date(start_year, 3 * start_quarter - 2, 1),
                "end": quarter_end(d["last_quarter"]),
            }
        )
    return pd.DataFrame(rows, columns=["demand_id", *FIELDS])


def _cell(field: str, value: object, french: bool) -> str:
    if field == "budget":
        return number(float(value), "fr", 2) if french else f"{float(value):.2f}"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y") if french else value.isoformat()
    return str(value)


def _fields(header: list[str]) -> dict[str, int]:
    """The project list's columns the kit knows ({field: position}), by the kit's own header aliases."""
    fields: dict[str, int] = {}
    for position, name in enumerate(header):
        normalised = normalise_header(str(name or ""))
        field = next((f for f, aliases in PROJECT_COLUMNS.items() if normalised in aliases), None)
        if field and field not in fields:
            fields[field] = position
    return fields


def appended_xlsx(path: Path, rows: pd.DataFrame) -> bytes:
    """The workbook project list with the new rows below its last one, on its first sheet."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    fields = _fields(header)
    for r in rows.to_dict("records"):
        line = [None] * len(header)
        for field, position in fields.items():
            line[position] = r[field]
        sheet.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def appended_csv(path: Path | None, rows: pd.DataFrame, language: str) -> bytes:
    """The project list's bytes with the new rows at its end, in the file's own columns, separator and style
    (the file untouched above them); a new list in the engagement's language when there is none."""
    if path is None:
        header, separator, text, bom = NEW_HEADER[language], ";" if language == "fr" else ",", "", language == "fr"
        text = separator.join(header) + "\r\n"
    else:
        raw = path.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = decode(raw, path.name)
        separator = sniff_separator(text.split("\n", 1)[0])
        header = next(csv.reader(io.StringIO(text), delimiter=separator))
        if not text.endswith(("\n", "\r")):
            text += "\r\n" if "\r\n" in text else "\n"
    fields = _fields(header)
    french = separator == ";"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n" if "\r\n" in text or not text else "\n")
    for r in rows.to_dict("records"):
        line = [""] * len(header)
        for field, position in fields.items():
            line[position] = _cell(field, r[field], french)
        writer.writerow(line)
    return (("\ufeff" if bom and not text.startswith("\ufeff") else "") + text + out.getvalue()).encode("utf-8")


def existing_ids(path: Path | None, label: str) -> list[str]:
    if path is None:
        return []
    frame = read_table(path, label)
    id_column = next((c for c in frame.columns if c != ROW and normalise_header(c) in PROJECT_COLUMNS["id"]), None)
    return [] if id_column is None else frame[id_column].astype(str).str.strip().tolist()
