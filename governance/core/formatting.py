"""Numbers, money, percentages, dates and month names as a French or English reader expects them (Babel).

One formatter per kind of value for every document, workbook and message. Undefined values (None, NaN,
NaT, infinity) print as "n. d." / "n/a", never as 0 or "nan".
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from babel.dates import format_date as _babel_date
from babel.dates import get_month_names
from babel.numbers import format_decimal

LOCALES = {"fr": "fr_FR", "en": "en_GB"}
NOT_DEFINED = {"fr": "n. d.", "en": "n/a"}
# Dates in documents: day first in French, ISO in English (what the kit has always printed).
DATE_PATTERNS = {"fr": "dd/MM/y", "en": "y-MM-dd"}


def locale_of(language: str) -> str:
    return LOCALES.get(language, LOCALES["en"])


def defined(value: Any) -> bool:
    """False for None, NaN, NaT and infinities: values a document prints as "n. d."."""
    if value is None:
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return value == value and str(value) not in ("NaT", "")


def number(value: Any, language: str, decimals: int = 0) -> str:
    """1234567.8 -> '1 234 568' (fr, narrow no-break spaces) or '1,234,568' (en); undefined -> 'n. d.'."""
    if not defined(value):
        return NOT_DEFINED.get(language, NOT_DEFINED["en"])
    try:
        rounded = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    except (TypeError, ValueError):
        return str(value)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(rounded, format=pattern, locale=locale_of(language))


def percent(value: Any, language: str, decimals: int = 0) -> str:
    """A ratio as a percentage: 0.125 -> '13 %' (fr, no-break space) or '13%' (en)."""
    if not defined(value):
        return NOT_DEFINED.get(language, NOT_DEFINED["en"])
    return number(float(value) * 100, language, decimals) + ("\u00a0%" if language == "fr" else "%")


def money(value: Any, language: str, decimals: int = 0) -> str:
    """An amount in euros: '1 234 €' (fr) or 'EUR 1,234' (en)."""
    if not defined(value):
        return NOT_DEFINED.get(language, NOT_DEFINED["en"])
    amount = number(value, language, decimals)
    return f"{amount}\u00a0€" if language == "fr" else f"EUR {amount}"


def thousands(value: Any, language: str) -> str:
    """An amount in k€, what a steering committee reads: one decimal under 10 k€."""
    if not defined(value):
        return NOT_DEFINED.get(language, NOT_DEFINED["en"])
    amount = float(value) / 1000
    return number(amount, language, 1 if abs(amount) < 10 else 0) + "\u00a0k€"


def day(value: Any, language: str) -> str:
    """A date as the documents print it: 04/03/2026 (fr) or 2026-03-04 (en); ISO text is accepted."""
    if value is None or value == "" or not defined_date(value):
        return NOT_DEFINED.get(language, NOT_DEFINED["en"])
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    return _babel_date(value, DATE_PATTERNS.get(language, DATE_PATTERNS["en"]), locale=locale_of(language))


def long_day(value: date, language: str) -> str:
    """A date spelt out for a sentence: mardi 10 novembre 2026 / Tuesday 10 November 2026."""
    return _babel_date(value, "EEEE d MMMM y", locale=locale_of(language))


def defined_date(value: Any) -> bool:
    return value is not None and value == value and str(value) != "NaT"


def month_name(month: int, language: str) -> str:
    """1 -> 'janvier' / 'January'."""
    return get_month_names("wide", locale=locale_of(language))[month]


def month_year(value: date | str, language: str) -> str:
    """A month as text: date(2026, 10, 1) or '2026-10' -> 'octobre 2026' / 'October 2026'."""
    if isinstance(value, str):
        year, month = int(value[:4]), int(value[5:7])
    else:
        year, month = value.year, value.month
    return f"{month_name(month, language)} {year}"
