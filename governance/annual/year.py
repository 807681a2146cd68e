"""The year a report covers: the 12 months ending at a period, their first and last days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from governance.core.periods import period_bounds, shift_period

MONTHS = 12


@dataclass(frozen=True)
class ReportYear:
    """The 12 months `first`..`last` (YYYY-MM)."""

    last: str

    @property
    def first(self) -> str:
        return shift_period(self.last, 1 - MONTHS)

    @property
    def months(self) -> list[str]:
        return [shift_period(self.first, n) for n in range(MONTHS)]

    @property
    def start(self) -> date:
        return period_bounds(self.first)[0]

    @property
    def end(self) -> date:
        return period_bounds(self.last)[1]

    def holds(self, period: str) -> bool:
        return self.first <= period <= self.last


def months_between(first: str, last: str) -> int:
    """Whole months from one period to another: 2026-01 -> 2026-03 is 2."""
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7])
