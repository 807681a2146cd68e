"""Reporting periods are calendar months written `YYYY-MM`: they sort as text and name folders and files."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from governance.core.problems import InputError, Problem

PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def check_period(text: str, source: str = "--period") -> str:
    if not isinstance(text, str) or not PERIOD.fullmatch(text.strip()):
        raise InputError([Problem(source, f"{text!r} is not a period; expected a month as YYYY-MM, e.g. 2026-10")])
    return text.strip()


def check_day(text: str, source: str = "--date") -> date:
    """A date written YYYY-MM-DD, or InputError naming `source`."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            [Problem(source, f"{text!r} is not a date; expected YYYY-MM-DD, e.g. 2026-12-03", code="bad-date")]
        ) from None


def is_period(text: str) -> bool:
    return bool(PERIOD.fullmatch(text))


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of the month."""
    year, month = int(period[:4]), int(period[5:7])
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def shift_period(period: str, months: int) -> str:
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def previous_period(period: str) -> str:
    return shift_period(period, -1)


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def default_period(timezone: str = "Europe/Paris", now: datetime | None = None) -> str:
    """The month before the current one in the engagement's time zone: a review on 3 November covers October."""
    now = now or datetime.now(ZoneInfo(timezone))
    return previous_period(period_of(now.date()))
