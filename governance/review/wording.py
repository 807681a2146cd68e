"""The review's words (catalogue data/words/review.yaml) and figures (Babel, governance.core.formatting)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from governance.core import formatting
from governance.core.formatting import NOT_DEFINED, defined, defined_date
from governance.core.i18n import plural, words

TREND_ARROWS = {"new": "•", "improving": "↗", "stable": "→", "worsening": "↘"}
RAG_NAMES = {0: "green", 1: "amber", 2: "red"}


def vocabulary(language: str) -> dict[str, Any]:
    """Every word of the review in `language`; `rag` also maps None (not assessed) to "n. d." / "n/a"."""
    w = words("review", language)
    return {**w, "rag": {**w["rag"], None: NOT_DEFINED[language]}}


def letters(language: str) -> dict[int | None, str]:
    """RAG code -> the letter printed in a heat-map cell."""
    letter = words("review", language)["letter"]
    return {code: letter[name] for code, name in RAG_NAMES.items()} | {None: "–"}


def num(value: Any, language: str, decimals: int = 0) -> str:
    return formatting.number(value, language, decimals)


def pct(value: Any, language: str, decimals: int = 0) -> str:
    return formatting.percent(value, language, decimals)


def keur(value: Any, language: str) -> str:
    """Amounts in k€: what a steering committee reads."""
    return formatting.thousands(value, language)


def days(value: Any, language: str) -> str:
    if not defined(value):
        return NOT_DEFINED[language]
    count = int(round(float(value)))
    forms = words("review", language)["unit"]["day"]
    unit = forms["zero"] if count == 0 else forms["one"] if abs(count) == 1 else forms["other"]
    return f"{'+' if count > 0 else ''}{count}\u00a0{unit}"


def day(value: Any, language: str) -> str:
    if not defined_date(value):
        return NOT_DEFINED[language]
    return formatting.day(pd.Timestamp(value).date(), language)


def months(count: int, language: str) -> str:
    return plural(words("review", language)["unit"]["month"], count)


def period_label(period: str, language: str) -> str:
    """'2026-10' -> 'octobre 2026' / 'October 2026'."""
    return formatting.month_year(period, language)


def describe_flag(flag: str, value: Any, reference: Any, language: str) -> str:
    """The sentence for one data-quality flag, with its figures formatted for the language."""
    if flag in ("missing", "stale", "late"):
        value = formatting.day(value if not pd.isna(value) else None, language) if value is not None else ""
    if flag in ("stale", "late"):
        reference = num(reference, language)
    elif flag == "ac_without_ev":
        value = words("review", language)["unit"]["euro"].format(amount=num(value, language))
    elif flag == "percent_inconsistent":
        value, reference = pct(value, language), pct(reference, language)
    return words("review", language)["flag"][flag].format(value=value, reference=reference)


def decision_text(dimension: str, escalated: bool, red_streak: int, language: str) -> str:
    decisions = words("review", language)["decision"]
    if escalated:
        return decisions["streak"].format(months=int(red_streak))
    return decisions[dimension]
