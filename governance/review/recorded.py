"""Measures the PMO records itself each month (gate compliance, kit adoption): `data/pmo_measures.csv` read and
checked with the review's inputs, stored with the period, so that an objective can be bound to them.

The file is the record: `période;mesure;valeur` (or period;measure;value), one row per month and measure; a
share is written `80 %`, `80` or `0,8`. Every problem is reported at once, on its row and column.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from governance.core.periods import PERIOD
from governance.core.problems import InputError, Problem
from governance.core.tabular import ROW, plain_text, read_table
from governance.engagement.config import Engagement
from governance.engagement.measures import Measure, measures

STEMS = ("pmo_measures", "pmo-measures", "mesures_pmo", "mesures-pmo")
HEADERS = {
    "period": ("period", "periode", "mois", "month"),
    "measure": ("measure", "mesure", "indicateur", "metric"),
    "value": ("value", "valeur"),
}
COLUMNS = ["period", "measure", "value"]
NUMBER = re.compile(r"\s*\d+(?:[.,]\d+)?\s*%?\s*")
TYPED_DATE = re.compile(r"(\d{4}-\d{2})-01(?:[ T]00:00(?::00)?)?")  # a month Excel turned into its first day


def recorded_measures() -> dict[str, Measure]:
    return {key: m for key, m in measures().items() if m.recorded}


def recorded_file(engagement: Engagement) -> Path | None:
    for stem in STEMS:
        for suffix in (".csv", ".xlsx"):
            path = engagement.data_dir / f"{stem}{suffix}"
            if path.is_file():
                return path
    return None


def _value(measure: Measure, text: str) -> float | None:
    """The whole cell one number ("12/20" or "17 sur 20" is not a share), a share also as a percentage."""
    if not NUMBER.fullmatch(text.replace("\u00a0", " ").replace("\u202f", " ")):
        return None
    value = measure.target_value(text)
    if value is None or (measure.kind == "share" and not 0 <= value <= 1) or value < 0:
        return None
    return value


def read_recorded(engagement: Engagement) -> tuple[pd.DataFrame, str | None]:
    """The recorded measures (period, measure, value) and the file's label; an empty frame without a file."""
    path = recorded_file(engagement)
    if path is None:
        return pd.DataFrame(columns=COLUMNS), None
    label = engagement.display(path)
    frame = read_table(path, label)
    names = {
        key: next((c for c in frame.columns if c != ROW and plain_text(c, "_") in aliases), None)
        for key, aliases in HEADERS.items()
    }
    missing = [k for k, c in names.items() if c is None]
    if missing:
        raise InputError(
            [
                Problem(
                    label,
                    f"no column {', '.join(missing)}; expected the columns période;mesure;valeur "
                    "(or period;measure;value)",
                    row=1,
                    code="missing-column",
                )
            ]
        )
    known = recorded_measures()
    problems, rows, seen = [], [], {}
    for record in frame.to_dict("records"):
        row = int(record[ROW])
        period, measure_id, text = (str(record[names[k]] or "").strip() for k in ("period", "measure", "value"))
        typed = TYPED_DATE.fullmatch(period)
        period = typed.group(1) if typed else period
        if not PERIOD.fullmatch(period):
            problems.append(
                Problem(
                    label,
                    f"period {period!r}; expected a month as YYYY-MM",
                    row=row,
                    column=names["period"],
                    code="bad-period",
                )
            )
            continue
        measure = known.get(measure_id) or known.get(plain_text(measure_id, "_"))
        if measure is None:
            problems.append(
                Problem(
                    label,
                    f"measure {measure_id!r} is not one the PMO records; expected one of {', '.join(known)}",
                    row=row,
                    column=names["measure"],
                    code="unknown-measure",
                )
            )
            continue
        value = _value(measure, text)
        if value is None:
            expected = "a share (80 %, 80 or 0,8)" if measure.kind == "share" else "a number >= 0"
            problems.append(
                Problem(
                    label,
                    f"value {text!r} for {measure.id}; expected {expected}",
                    row=row,
                    column=names["value"],
                    code="bad-value",
                )
            )
            continue
        first = seen.setdefault((period, measure.id), row)
        if first != row:
            problems.append(
                Problem(
                    label,
                    f"{measure.id} for {period} is recorded twice (rows {first} and {row}); "
                    "expected one value per month and measure",
                    row=row,
                    column=names["measure"],
                    code="duplicate-measure",
                )
            )
            continue
        rows.append({"period": period, "measure": measure.id, "value": value})
    if problems:
        raise InputError(problems)
    return pd.DataFrame(rows, columns=COLUMNS), label


def with_recorded(history: pd.DataFrame, recorded: pd.DataFrame) -> pd.DataFrame:
    """`history` with a column per recorded measure (its value for each period, when recorded)."""
    if history.empty or recorded.empty:
        return history
    wide = recorded.pivot_table(index="period", columns="measure", values="value", aggfunc="last")
    return history.join(wide, on="period")
