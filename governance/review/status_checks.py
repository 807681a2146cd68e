"""Status rows checked and typed, column by column: every problem with a stable code, many bad rows cheaply.

A check failing on many rows spells out its first MAX_PER_FILE rows and counts the others with one shared
stand-in, so that InputError's "and N more" stays exact and a file of 100,000 bad rows costs about a second.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

import numpy as np
import pandas as pd
import yaml

from governance.core.paths import DATA_DIR
from governance.core.periods import period_bounds
from governance.core.problems import MAX_PER_FILE, Problem
from governance.core.tabular import ROW, parse_dates, parse_numbers
from governance.engagement.review_settings import REQUIRED_COLUMNS

MONEY = ("bac", "pv", "ev", "ac", "risk_exposure", "benefits_planned", "benefits_realised")
DATES = (
    "status_date",
    "start_date",
    "baseline_end",
    "forecast_end",
    "milestone_baseline",
    "milestone_forecast",
    "received_on",
    "due_on",
)
COUNTS = ("open_risks", "open_issues")
PERCENTS = ("percent_complete", "scope_change")
TEXTS = (
    "project_id",
    "project_name",
    "tier",
    "sponsor",
    "project_manager",
    "next_milestone",
    "rag_self",
    "source_form",
)
MONEY_UNITS = ("€", "EUR", "eur")
RAG_CODES = {"green": 0, "amber": 1, "red": 2}
# Stands for a problem counted but not spelt out (beyond the first MAX_PER_FILE rows of a check).
NOT_LISTED = "not-listed"


@cache
def _status_data() -> dict:
    return yaml.safe_load((DATA_DIR / "review_status.yaml").read_text(encoding="utf-8"))


@cache
def rag_words() -> dict[str, int]:
    """Self-declared weather words (data/review_status.yaml) -> RAG code."""
    return {word: RAG_CODES[rag] for rag, words in _status_data()["rag_words"].items() for word in words}


def date_range() -> tuple[date, date]:
    """The first and last dates a status accepts (data/review_status.yaml)."""
    bounds = _status_data()["date_range"]
    return date.fromisoformat(str(bounds["first"])), date.fromisoformat(str(bounds["last"]))


def _report(
    problems: list[Problem],
    frame: pd.DataFrame,
    mask: pd.Series | np.ndarray,
    label: str,
    column: str,
    code: str,
    message: Callable[..., str],
    *quoted: str,
) -> None:
    """One check's failing rows: the first MAX_PER_FILE spelt out (quoting the file's `quoted` cells), the rest
    counted by one shared stand-in, so that InputError's "and N more" stays exact at no cost per row."""
    positions = np.flatnonzero(np.asarray(mask, dtype=bool))
    if not positions.size:
        return
    shown = positions[:MAX_PER_FILE]
    rows = frame[ROW].to_numpy()[shown]
    cells = [frame[name].to_numpy()[shown] for name in quoted]
    for i, row in enumerate(rows):
        problems.append(Problem(label, message(*(c[i] for c in cells)), row=int(row), column=column, code=code))
    if positions.size > shown.size:
        stand_in = Problem(label, f"one more {code} problem (not listed)", column=column, code=NOT_LISTED)
        problems.extend([stand_in] * (positions.size - shown.size))


def _parsed_once(
    parse: Callable[..., tuple[pd.Series, pd.Series]], values: pd.Series, *args
) -> tuple[pd.Series, pd.Series]:
    """`parse` (numbers or dates) on each distinct cell once: a status file repeats its dates on every row."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    parsed, bad = parse(pd.Series(uniques, dtype=object), *args)
    return (
        pd.Series(parsed.to_numpy()[codes], index=values.index),
        pd.Series(bad.to_numpy()[codes], index=values.index),
    )


def _texts(frame: pd.DataFrame, result: pd.DataFrame, label: str, header, problems: list[Problem]) -> None:
    for column in TEXTS:
        values = frame[column] if column in frame else pd.Series("", index=frame.index)
        result[column] = values.fillna("").astype(str).str.strip()
    for column in ("project_id", "project_name"):
        if column in frame:
            _report(
                problems,
                frame,
                result[column] == "",
                label,
                header(column),
                "missing-value",
                lambda c=column: f"{c} is empty; expected a value (required on every row)",
            )


def _numbers(frame: pd.DataFrame, result: pd.DataFrame, label: str, header, problems: list[Problem]) -> None:
    for column in MONEY + COUNTS:
        if column not in frame:
            result[column] = np.nan
            continue
        numbers, bad = _parsed_once(parse_numbers, frame[column], MONEY_UNITS if column in MONEY else ())
        result[column] = numbers
        kind = "an amount such as 1 234 567,89" if column in MONEY else "a whole number of 0 or more"
        where = (label, header(column))
        _report(
            problems,
            frame,
            bad,
            *where,
            "not-a-number",
            lambda v, k=kind: f"{v!r} is not a number; expected {k}",
            column,
        )
        _report(
            problems,
            frame,
            ~bad & (numbers < 0),
            *where,
            "negative",
            lambda v, k=kind: f"{v!r} is negative; expected {k}",
            column,
        )
        if column in COUNTS:
            fractional = ~bad & numbers.notna() & (numbers >= 0) & (numbers != numbers.round())
            _report(
                problems,
                frame,
                fractional,
                *where,
                "not-a-whole-number",
                lambda v: f"{v!r} is not a whole number; expected a count such as 3",
                column,
            )
        if column in REQUIRED_COLUMNS:
            _report(
                problems,
                frame,
                numbers.isna() & ~bad,
                *where,
                "missing-value",
                lambda c=column: f"{c} is empty; expected an amount (required on every row)",
            )


def _percents(frame: pd.DataFrame, result: pd.DataFrame, label: str, header, problems: list[Problem]) -> None:
    for column in PERCENTS:
        if column not in frame:
            result[column] = np.nan
            continue
        text = frame[column].fillna("").astype(str)
        numbers, bad = _parsed_once(parse_numbers, text, ("%",))
        # A spreadsheet cell formatted as a percentage holds 0.45 for 45 %: when every value of the
        # file is a fraction and no cell carries a % sign, read them as fractions.
        defined = numbers.dropna()
        fractions = (
            not defined.empty
            and (defined <= 1).all()
            and ((defined > 0) & (defined < 1)).any()
            and not text.str.contains("%", regex=False).any()
        )
        result[column] = numbers if fractions else numbers / 100
        out_of_range = ~bad & ((result[column] < 0) | (result[column] > 1))
        where = (label, header(column))
        _report(
            problems,
            frame,
            bad,
            *where,
            "not-a-number",
            lambda v: f"{v!r} is not a number; expected a percentage from 0 to 100",
            column,
        )
        _report(
            problems,
            frame,
            out_of_range,
            *where,
            "out-of-range",
            lambda v: f"{v!r} is out of range; expected a percentage from 0 to 100",
            column,
        )


def _dates(frame: pd.DataFrame, result: pd.DataFrame, label: str, header, problems: list[Problem]) -> None:
    first, last = date_range()
    for column in DATES:
        if column not in frame:
            result[column] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
            continue
        dates, bad = _parsed_once(parse_dates, frame[column])
        result[column] = dates.astype("datetime64[ns]")
        _report(
            problems,
            frame,
            bad,
            label,
            header(column),
            "bad-date",
            lambda v: f"{v!r} is not a date; expected a date as dd/mm/yyyy or yyyy-mm-dd",
            column,
        )
        _report(
            problems,
            frame,
            (dates < pd.Timestamp(first)) | (dates > pd.Timestamp(last)),
            label,
            header(column),
            "date-out-of-range",
            lambda v: f"{v!r} is out of range; expected a date from {first:%d/%m/%Y} to {last:%d/%m/%Y}",
            column,
        )
        if column in REQUIRED_COLUMNS:
            _report(
                problems,
                frame,
                dates.isna() & ~bad,
                label,
                header(column),
                "missing-value",
                lambda c=column: f"{c} is empty; expected a date (required on every row)",
            )


def _duplicates(result: pd.DataFrame, label: str, column: str, problems: list[Problem]) -> None:
    """One problem per repeated project id, at its first row; only the first MAX_PER_FILE ids are spelt out."""
    ids = result["project_id"]
    duplicated = ids.duplicated(keep=False) & (ids != "")
    if not duplicated.any():
        return
    rows = result.loc[duplicated, ["project_id", "source_row"]]
    first = rows.groupby("project_id", sort=False)["source_row"].min().sort_values(kind="stable")
    listed = rows[rows["project_id"].isin(first.index[:MAX_PER_FILE])]
    for project_id, group in listed.groupby("project_id", sort=False)["source_row"]:
        problems.append(
            Problem(
                label,
                f"project id {project_id!r} appears on rows {', '.join(map(str, group))}; expected one row per project",
                row=int(group.iloc[0]),
                column=column,
                code="duplicate-id",
            )
        )
    if len(first) > MAX_PER_FILE:
        stand_in = Problem(label, "one more duplicate-id problem (not listed)", column=column, code=NOT_LISTED)
        problems.extend([stand_in] * (len(first) - MAX_PER_FILE))


def validate_status(
    frame: pd.DataFrame, label: str, period: str, source: dict[str, str], problems: list[Problem]
) -> pd.DataFrame:
    """Typed canonical columns: texts, floats (money, counts, fractions for percentages), datetimes.

    Errors go to `problems`. Optional columns that are absent are added empty, so that the computation
    sees one shape. Data-quality remarks are not errors: the computation flags them.
    """
    result = pd.DataFrame(index=frame.index)
    result["source_row"] = frame[ROW].astype("int64")
    header = lambda c: source.get(c, c)  # noqa: E731 - messages name the column as the client wrote it

    _texts(frame, result, label, header, problems)
    _numbers(frame, result, label, header, problems)
    _percents(frame, result, label, header, problems)
    _dates(frame, result, label, header, problems)

    if "project_id" in frame:
        _duplicates(result, label, header("project_id"), problems)

    if "ev" in frame and "bac" in frame:
        _report(
            problems,
            frame,
            result["ev"] > result["bac"],
            label,
            header("ev"),
            "ev-above-bac",
            lambda ev, bac: (
                f"earned value {ev} is above the budget at completion {bac}; expected "
                "EV at most BAC (re-baseline the budget if the scope grew)"
            ),
            "ev",
            "bac",
        )

    if "status_date" in frame:
        first, last = (pd.Timestamp(d) for d in period_bounds(period))
        dates = result["status_date"]
        outside = dates.notna() & ((dates < first) | (dates > last))
        _report(
            problems,
            frame,
            outside,
            label,
            header("status_date"),
            "date-outside-period",
            lambda v: (
                f"status date {v} is outside the period {period}; expected a date from "
                f"{first:%d/%m/%Y} to {last:%d/%m/%Y} (or put the file under its own period)"
            ),
            "status_date",
        )

    # An unrecognised self-declared RAG is not an error: it is ignored and flagged as data quality.
    result["rag_self_code"] = result["rag_self"].str.casefold().map(rag_words()).astype(float)
    return result
