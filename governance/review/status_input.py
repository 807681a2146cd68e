"""Monthly project status files: found, mapped onto the canonical columns, and validated.

One file per period, `data/status/<YYYY-MM>.csv` or `.xlsx`, one row per project, as clients export them
from their own tools (French Excel included: `;`, decimal comma, no-break spaces, dd/mm/yyyy, BOM or
cp1252). Every problem is collected and reported at once, naming file, row, column and what was expected,
with a stable code (the checks are in status_checks).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from governance.core.periods import is_period
from governance.core.problems import InputError, Problem
from governance.core.tabular import ROW, read_csv_table, read_xlsx_table
from governance.engagement.review_settings import KNOWN_COLUMNS, REQUIRED_COLUMNS, ReviewSettings, normalise_header
from governance.review.status_checks import COUNTS, DATES, MONEY, NOT_LISTED, PERCENTS, TEXTS, validate_status

# The column groups and the validation are read from here too (tests, benches).
__all__ = [
    "COUNTS",
    "DATES",
    "MONEY",
    "PERCENTS",
    "TEXTS",
    "StatusFile",
    "check_status_file",
    "discover_status_files",
    "file_sha256",
    "load_status_file",
    "map_columns",
    "read_status_table",
    "status_dir",
    "validate_status",
]

STATUS_SUFFIXES = (".csv", ".xlsx")


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
            if (
                path.is_file()
                and path.suffix.lower() in STATUS_SUFFIXES
                and is_period(path.stem)
                and not path.name.startswith(("~$", "."))
            ):
                found.setdefault(path.stem, []).append(path)
    problems = [
        Problem(
            label_of(paths[0].parent),
            f"two status files for {period} ({', '.join(p.name for p in paths)}); expected one per period",
            code="duplicate-period",
        )
        for period, paths in found.items()
        if len(paths) > 1
    ]
    if problems:
        raise InputError(problems)
    return {period: paths[0] for period, paths in sorted(found.items())}


def read_status_table(path: Path, label: str, problems: list[Problem]) -> pd.DataFrame:
    """The file as text cells plus `_row`; rows with extra fields go to `problems` and are left out."""
    if not path.is_file():
        raise InputError(
            [
                Problem(
                    label,
                    "status file not found; expected a .csv or .xlsx file with one row per project",
                    code="file-not-found",
                )
            ]
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows: list[Problem] = []
        table = read_csv_table(path, label, rows)
        # The reader's only row problem without a code of its own is a row with more fields than the header.
        problems.extend(replace(p, code="extra-field") if p.code == "invalid" else p for p in rows)
        return table
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_table(path, label)
    raise InputError(
        [Problem(label, f"unsupported file type {suffix!r}; expected .csv or .xlsx", code="unsupported-file-type")]
    )


def map_columns(
    raw: pd.DataFrame, label: str, mapping: dict[str, str], problems: list[Problem]
) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
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
            problems.append(
                Problem(
                    label,
                    f"columns {source[canonical]!r} and {header!r} both give {canonical}; expected only one of them",
                    row=1,
                    column=header,
                    code="duplicate-column",
                )
            )
            continue
        source[canonical] = header
    for canonical in REQUIRED_COLUMNS:
        if canonical not in source:
            mapped = [theirs for theirs, c in mapping.items() if c == canonical]
            hint = (
                f" (pmo.yaml maps {', '.join(map(repr, mapped))} to it)"
                if mapped
                else " (or a column mapped to it under review.columns in pmo.yaml)"
            )
            problems.append(
                Problem(
                    label,
                    f"missing required column {canonical!r}; expected a column named {canonical}{hint}",
                    row=1,
                    column=canonical,
                    code="missing-column",
                )
            )
    frame = raw[[*source.values(), ROW]].copy()
    frame.columns = [*source.keys(), ROW]
    return frame, source, ignored


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_status_file(
    path: Path, label: str, period: str, settings: ReviewSettings
) -> tuple[StatusFile | None, list[Problem]]:
    """Read, map and validate one period's file: the file, or None and every problem found (uncapped)."""
    problems: list[Problem] = []
    try:
        raw = read_status_table(path, label, problems)
    except InputError as exc:  # unreadable: nothing more to check
        return None, exc.problems
    frame, source, ignored = map_columns(raw, label, settings.columns, problems)
    if raw.empty and not problems:
        problems.append(
            Problem(label, "has no project rows; expected one row per project under the header", code="no-rows")
        )
    typed = validate_status(frame, label, period, source, problems)
    if problems:
        # Spelt-out problems by row; the stand-ins last, where InputError's cap counts them without showing them.
        return None, sorted(problems, key=lambda p: (p.code == NOT_LISTED, p.file, p.row or 0))
    return StatusFile(
        period=period,
        path=path,
        label=label,
        frame=typed.reset_index(drop=True),
        sha256=file_sha256(path),
        ignored_columns=ignored,
    ), []


def load_status_file(path: Path, label: str, period: str, settings: ReviewSettings) -> StatusFile:
    """Read, map and validate one period's file; raise InputError with every problem found."""
    status, problems = check_status_file(path, label, period, settings)
    if status is None:
        raise InputError(problems)
    return status
