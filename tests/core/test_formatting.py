"""Numbers, money, percentages, dates and months in French and English, as a reader expects them (Babel)."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
import pytest

from governance.core import formatting

NNBSP, NBSP = "\u202f", "\u00a0"

CASES = [
    # (function, args, French, English)
    (formatting.number, (1234567.8,), f"1{NNBSP}234{NNBSP}568", "1,234,568"),
    (formatting.number, (1234.5678, 2), f"1{NNBSP}234,57", "1,234.57"),
    (formatting.number, (-0.04, 1), "0,0", "0.0"),  # never "-0,0"
    (formatting.number, (0.5,), "0", "0"),  # half to even, as Python rounds
    (formatting.number, (None,), "n. d.", "n/a"),
    (formatting.number, (math.nan,), "n. d.", "n/a"),
    (formatting.number, (math.inf,), "n. d.", "n/a"),
    (formatting.number, ("abc",), "abc", "abc"),
    (formatting.percent, (0.125,), f"12{NBSP}%", "12%"),
    (formatting.percent, (0.1256, 1), f"12,6{NBSP}%", "12.6%"),
    (formatting.percent, (None,), "n. d.", "n/a"),
    (formatting.money, (1234567,), f"1{NNBSP}234{NNBSP}567{NBSP}€", "EUR 1,234,567"),
    (formatting.thousands, (2500,), f"2,5{NBSP}k€", f"2.5{NBSP}k€"),
    (formatting.thousands, (125_400,), f"125{NBSP}k€", f"125{NBSP}k€"),
    (formatting.day, (date(2026, 3, 4),), "04/03/2026", "2026-03-04"),
    (formatting.day, (datetime(2026, 3, 4, 15, 30),), "04/03/2026", "2026-03-04"),
    (formatting.day, ("2026-03-04",), "04/03/2026", "2026-03-04"),
    (formatting.day, (pd.NaT,), "n. d.", "n/a"),
    (formatting.day, (None,), "n. d.", "n/a"),
    (formatting.month_name, (2,), "février", "February"),
    (formatting.month_year, ("2026-10",), "octobre 2026", "October 2026"),
    (formatting.month_year, (date(2025, 12, 31),), "décembre 2025", "December 2025"),
]


@pytest.mark.parametrize(
    ("function", "args", "french", "english"), CASES, ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)]
)
def test_formats_in_both_languages(function, args, french, english):
    value, *rest = args
    assert function(value, "fr", *rest) == french
    assert function(value, "en", *rest) == english


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        (math.nan, False),
        (pd.NaT, False),
        (math.inf, False),
        (0, True),
        (0.0, True),
        ("text", True),
        (date(2026, 1, 1), True),
    ],
)
def test_defined(value, expected):
    assert formatting.defined(value) is expected
