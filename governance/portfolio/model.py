"""What the portfolio capability works on: demands, their costs and effort, the scoring criteria, quarters.

Every module of the package speaks these shapes; pandas frames, one row per demand (or per cost, per effort).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

# A demand's life: put to the board, scored, then decided. Approved demands are committed (selection keeps them),
# rejected ones never return; deferred and the rest are candidates.
DEMAND_STATUSES = ("submitted", "under_review", "approved", "rejected", "deferred")
CANDIDATE_STATUSES = ("submitted", "under_review", "deferred")
SCALE = (1, 2, 3, 4, 5)

# One row per demand of the register.
DEMAND_COLUMNS = (
    "demand_id",
    "title",
    "sponsor",
    "description",
    "objective",  # the strategic objective it serves
    "benefits",  # the expected benefits, in words
    "benefit_value",  # their yearly value in the currency (NaN when not given)
    "risk",  # the sponsor's view of the delivery risk: 1 (low) to 5 (high), NaN when not given
    "earliest_start",  # a quarter, "2027-Q1"
    "dependencies",  # tuple of demand ids it needs (selected or approved) before it can be
    "mandatory",  # bool: regulatory or committed, always selected
    "status",  # one of DEMAND_STATUSES
    "source",  # the file it was read from, as messages name it
    "row",  # its row in that file
)
COST_COLUMNS = ("demand_id", "year", "amount")  # one row per demand and calendar year
# One row per item, role and quarter: the item is a demand or a running project of the project list (its
# remaining effort, already committed). Days are person-days. Where the row is, for messages: the file, its sheet
# (None in a CSV), the row and the role column's header as the file writes it.
EFFORT_COLUMNS = ("item_id", "role", "quarter", "days", "source", "sheet", "row", "role_column")

QUARTER = re.compile(r"^(\d{4})-[QqTt]([1-4])$")


def quarter_of(text: str) -> str:
    """'2027-T1', '2027-q1' or '2027-Q1' -> '2027-Q1'; ValueError otherwise."""
    match = QUARTER.fullmatch(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a quarter; expected a year and a quarter, e.g. 2027-T1 or 2027-Q1")
    return f"{match.group(1)}-Q{match.group(2)}"


def quarter_label(quarter: str, language: str) -> str:
    """'2027-Q1' as a reader writes it: 'T1 2027' in French, 'Q1 2027' in English."""
    return f"{'T' if language == 'fr' else 'Q'}{quarter[-1]} {quarter[:4]}"


def quarter_months(quarter: str) -> list[str]:
    """The three months (YYYY-MM) of a quarter."""
    year, number = int(quarter[:4]), int(quarter[-1])
    return [f"{year:04d}-{3 * number - 2 + k:02d}" for k in range(3)]


def month_quarter(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def quarters_between(first: str, last: str) -> list[str]:
    """Every quarter from first to last, both included."""
    index = int(first[:4]) * 4 + int(first[-1]) - 1
    end = int(last[:4]) * 4 + int(last[-1]) - 1
    return [f"{i // 4:04d}-Q{i % 4 + 1}" for i in range(index, end + 1)]


@dataclass(frozen=True)
class Criterion:
    """A scoring criterion of the deciding body (governance.yaml), its weight normalised to sum 1 over all."""

    id: str
    name: dict[str, str]  # {fr:, en:}
    weight: float
    scale: dict[int, dict[str, str]]  # score 1-5 -> its descriptor {fr:, en:}


@dataclass
class DemandRegister:
    """The demand register as read: demands, their cost per year and the effort per role and quarter (of the
    demands and of the running projects)."""

    demands: pd.DataFrame  # DEMAND_COLUMNS
    costs: pd.DataFrame  # COST_COLUMNS
    effort: pd.DataFrame  # EFFORT_COLUMNS
    files: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return self.demands["demand_id"].tolist()
