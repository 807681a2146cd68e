"""Status rows for the review tests: the shape status_input produces, with defaults a test leaves out."""

from __future__ import annotations

import math

import pandas as pd

from governance.review.status_input import COUNTS, DATES, MONEY, PERCENTS, TEXTS

NAN = math.nan


def status(rows: list[dict]) -> pd.DataFrame:
    """Validated status rows (the shape status_input produces), with defaults for what a test leaves out."""
    frame = pd.DataFrame(rows)
    for column in TEXTS:
        frame[column] = frame.get(column, pd.Series("", index=frame.index)).fillna("")
    for column in MONEY + COUNTS + PERCENTS:
        frame[column] = frame.get(column, pd.Series(NAN, index=frame.index)).astype(float)
    for column in DATES:
        frame[column] = pd.to_datetime(frame.get(column, pd.Series(pd.NaT, index=frame.index)))
    frame["rag_self_code"] = frame["rag_self"].str.casefold().map({"green": 0, "amber": 1, "red": 2}).astype(float)
    frame["source_row"] = range(2, len(frame) + 2)
    return frame


def row(project_id: str = "P1", **values) -> dict:
    base = {
        "project_id": project_id,
        "project_name": f"Project {project_id}",
        "tier": "tier2",
        "status_date": "2026-10-30",
        "bac": 1000.0,
        "pv": 500.0,
        "ev": 500.0,
        "ac": 500.0,
    }
    return {**base, **values}
