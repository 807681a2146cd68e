"""Monthly project status files: found, mapped onto the canonical columns, and validated.

One file per period, `data/status/<YYYY-MM>.csv` or `.xlsx`, one row per project, as clients export them
from their own tools (French Excel included: `;`, decimal comma, no-break spaces, dd/mm/yyyy, BOM or
cp1252). Every problem is collected and reported at once, naming file, row, column and what was expected.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from governance.core.periods import is_period, period_bounds
from governance.core.problems import InputError, Problem
from governance.engagement.review_settings import KNOWN_COLUMNS, REQUIRED_COLUMNS, ReviewSettings, normalise_header
from governance.core.tabular import ROW, parse_dates, parse_numbers, read_csv_table, read_xlsx_table

STATUS_SUFFIXES = (".csv", ".xlsx")
MONEY = ("bac", "pv", "ev", "ac", "risk_exposure", "benefits_planned", "benefits_realised")
DATES = ("status_date", "start_date", "baseline_end", "forecast_end", "milestone_baseline", "milestone_forecast")
COUNTS = ("open_risks", "open_issues")
PERCENTS = ("percent_complete", "scope_change")
TEXTS = ("project_id", "project_name", "tier", "sponsor", "project_manager", "next_milestone", "rag_self")
MONEY_UNITS = ("€", "EUR", "eur")
# Self-declared weather as project managers write it, in French or English.
RAG_WORDS = {
    "g": 0, "green": 0, "v": 0, "vert": 0, "verte": 0,
    "a": 1, "amber": 1, "ambre": 1, "orange": 1, "o": 1, "y": 1, "yellow": 1, "jaune": 1,
    "r": 2, "red": 2, "rouge": 2,
}


@dataclass
class StatusFile:
    """One period's validated status rows (canonical, typed columns) and where they came from."""

    period: str
    path: Path
    label: str
    frame: pd.DataFrame
    sha256: str
    ignored_columns: list[str] = field(default_factory=list)


def status_dir(engagement) -> Path:
    return engagement.data_dir / "status"


def discover_status_files(folder: Path, label_of=str) -> dict[str, Path]:
    """Files named `<YYYY-MM>.csv` or `.xlsx` in `folder`, by period; two files for one period is an error."""
    found: dict[str, list[Path]] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if (path.is_file() and path.suffix.lower() in STATUS_SUFFIXES and is_period(path.stem)
                    and not path.name.startswith(("~$", "."))):
                found.setdefault(path.stem, []).append(path)
    problems = [Problem(label_of(paths[0].parent), f"two status files for {period} "
                        f"({', '.join(p.name for p in paths)}); expected one per period")
                for period, paths in found.items() if len(paths) > 1]
    if problems:
        raise InputError(problems)
    return {period: paths[0] for period, paths in sorted(found.items())}


def read_status_table(path: Path, label: str, problems: list[Problem]) -> pd.DataFrame:
    """The file as text cells plus `_row`; rows with extra fields go to `problems` and are left out."""
    if not path.is_file():
        raise InputError([Problem(label, "status file not found; expected a .csv or .xlsx file with one row "
                                         "per project")])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv_table(path, label, problems)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_table(path, label)
    raise InputError([Problem(label, f"unsupported file type {suffix!r}; expected .csv or .xlsx")])


def map_columns(raw: pd.DataFrame, label: str, mapping: dict[str, str],
                problems: list[Problem]) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """Rename the client's headers to canonical names.

    Returns the frame (canonical columns that were found, plus `_row`), canonical -> header as written in
    the file (for messages), and the headers that are not used.
    """
    wanted = {normalise_header(name): name for name in KNOWN_COLUMNS}
    wanted.update({normalise_header(theirs): canonical for theirs, canonical in mapping.items()})
    source: dict[str, str] = {}
    ignored: list[str] = []
    for header in raw.columns:
        if header == ROW:
            continue
        canonical = wanted.get(normalise_header(header))
        if canonical is None:
            if header:
                ignored.append(header)
            continue
        if canonical in source:
            problems.append(Problem(label, f"columns {source[canonical]!r} and {header!r} both give "
                                           f"{canonical}; expected only one of them", row=1, column=header))
            continue
        source[canonical] = header
    for canonical in REQUIRED_COLUMNS:
        if canonical not in source:
            mapped = [theirs for theirs, c in mapping.items() if c == canonical]
            hint = f" (pmo.yaml maps {', '.join(map(repr, mapped))} to it)" if mapped else \
                " (or a column mapped to it under review.columns in pmo.yaml)"
            problems.append(Problem(label, f"missing required column {canonical!r}; expected a column named "
                                           f"{canonical}{hint}", row=1, column=canonical))
    frame = raw[[*source.values(), ROW]].copy()
    frame.columns = [*source.keys(), ROW]
    return frame, source, ignored


def _report(problems: list[Problem], frame: pd.DataFrame, mask: pd.Series, label: str, column: str, message) -> None:
    if not mask.any():
        return
    for record in frame.loc[mask].to_dict("records"):
        problems.append(Problem(label, message(record), row=int(record[ROW]), column=column))


def validate_status(frame: pd.DataFrame, label: str, period: str, source: dict[str, str],
                    problems: list[Problem]) -> pd.DataFrame:
    """Typed canonical columns: texts, floats (money, counts, fractions for percentages), datetimes.

    Errors go to `problems`. Optional columns that are absent are added empty, so that the computation
    sees one shape. Data-quality remarks are not errors: the computation flags them.
    """
    result = pd.DataFrame(index=frame.index)
    result["source_row"] = frame[ROW].astype("int64")
    header = lambda c: source.get(c, c)  # noqa: E731 - messages name the column as the client wrote it

    for column in TEXTS:
        values = frame[column] if column in frame else pd.Series("", index=frame.index)
        result[column] = values.fillna("").astype(str).str.strip()
    for column in ("project_id", "project_name"):
        if column in frame:
            _report(problems, frame, result[column] == "", label, header(column),
                    lambda r, c=column: f"{c} is empty; expected a value (required on every row)")

    for column in MONEY + COUNTS:
        if column not in frame:
            result[column] = np.nan
            continue
        text = frame[column]
        numbers, bad = parse_numbers(text, MONEY_UNITS if column in MONEY else ())
        result[column] = numbers
        kind = "an amount such as 1 234 567,89" if column in MONEY else "a whole number of 0 or more"
        _report(problems, frame, bad, label, header(column), lambda r, c=column, k=kind:
                f"{r[c]!r} is not a number; expected {k}")
        _report(problems, frame, ~bad & (numbers < 0), label, header(column), lambda r, c=column, k=kind:
                f"{r[c]!r} is negative; expected {k}")
        if column in COUNTS:
            fractional = ~bad & numbers.notna() & (numbers >= 0) & (numbers != numbers.round())
            _report(problems, frame, fractional, label, header(column), lambda r, c=column:
                    f"{r[c]!r} is not a whole number; expected a count such as 3")
        if column in REQUIRED_COLUMNS:
            _report(problems, frame, numbers.isna() & ~bad, label, header(column),
                    lambda r, c=column: f"{c} is empty; expected an amount (required on every row)")

    for column in PERCENTS:
        if column not in frame:
            result[column] = np.nan
            continue
        text = frame[column].fillna("").astype(str)
        numbers, bad = parse_numbers(text, ("%",))
        # A spreadsheet cell formatted as a percentage holds 0.45 for 45 %: when every value of the
        # file is a fraction and no cell carries a % sign, read them as fractions.
        defined = numbers.dropna()
        fractions = (not defined.empty and (defined <= 1).all() and ((defined > 0) & (defined < 1)).any()
                     and not text.str.contains("%", regex=False).any())
        result[column] = numbers if fractions else numbers / 100
        out_of_range = ~bad & ((result[column] < 0) | (result[column] > 1))
        _report(problems, frame, bad, label, header(column), lambda r, c=column:
                f"{r[c]!r} is not a number; expected a percentage from 0 to 100")
        _report(problems, frame, out_of_range, label, header(column), lambda r, c=column:
                f"{r[c]!r} is out of range; expected a percentage from 0 to 100")

    for column in DATES:
        if column not in frame:
            result[column] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
            continue
        dates, bad = parse_dates(frame[column])
        result[column] = dates.astype("datetime64[ns]")
        _report(problems, frame, bad, label, header(column), lambda r, c=column:
                f"{r[c]!r} is not a date; expected a date as dd/mm/yyyy or yyyy-mm-dd")
        if column in REQUIRED_COLUMNS:
            _report(problems, frame, dates.isna() & ~bad, label, header(column),
                    lambda r, c=column: f"{c} is empty; expected a date (required on every row)")

    if "project_id" in frame:
        ids = result["project_id"]
        duplicated = ids.duplicated(keep=False) & (ids != "")
        for project_id, rows in result.loc[duplicated].groupby(ids[duplicated], sort=False)["source_row"]:
            listed = ", ".join(str(r) for r in rows)
            problems.append(Problem(label, f"project id {project_id!r} appears on rows {listed}; expected one "
                                           "row per project", row=int(rows.iloc[0]), column=header("project_id")))

    if "ev" in frame and "bac" in frame:
        above = result["ev"] > result["bac"]
        _report(problems, frame, above, label, header("ev"),
                lambda r: f"earned value {r['ev']} is above the budget at completion {r['bac']}; expected "
                          "EV at most BAC (re-baseline the budget if the scope grew)")

    if "status_date" in frame:
        first, last = (pd.Timestamp(d) for d in period_bounds(period))
        dates = result["status_date"]
        outside = dates.notna() & ((dates < first) | (dates > last))
        _report(problems, frame, outside, label, header("status_date"), lambda r:
                f"status date {r['status_date']} is outside the period {period}; expected a date from "
                f"{first:%d/%m/%Y} to {last:%d/%m/%Y} (or put the file under its own period)")

    # An unrecognised self-declared RAG is not an error: it is ignored and flagged as data quality.
    result["rag_self_code"] = result["rag_self"].str.casefold().map(RAG_WORDS).astype(float)
    return result


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_status_file(path: Path, label: str, period: str, settings: ReviewSettings) -> StatusFile:
    """Read, map and validate one period's file; raise InputError with every problem found."""
    problems: list[Problem] = []
    raw = read_status_table(path, label, problems)
    frame, source, ignored = map_columns(raw, label, settings.columns, problems)
    if raw.empty and not problems:
        problems.append(Problem(label, "has no project rows; expected one row per project under the header"))
    typed = validate_status(frame, label, period, source, problems)
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.file, p.row or 0)))
    return StatusFile(period=period, path=path, label=label, frame=typed.reset_index(drop=True),
                      sha256=file_sha256(path), ignored_columns=ignored)
