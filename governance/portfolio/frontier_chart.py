"""The efficient frontier as the board pack shows it: the best total weighted score at each total budget, as a PNG.

The frontier's rows (total_budget, score, count, is_current) come from the selection solved at several budget
levels; the score only rises with the budget, in steps, as one more demand (or a better set) becomes affordable.
The current budget's point is highlighted, and the next step that buys more score is marked: what the board gets
for the next amount it could add (`next_step`, which the pack's sentence reads too).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from governance.core.charts import _png  # one PNG writer for the whole kit (Agg backend, 150 dpi, fixed metadata)
from governance.core.formatting import NOT_DEFINED, defined, locale_of, number
from governance.core.i18n import plural, words

FRONTIER_COLOUR = "#1F4E79"  # the kit's heading blue, the first line of every trend chart
CURRENT_COLOUR = "#C00000"
NEXT_COLOUR = "#3A9D23"
GRID_COLOUR = "#E0E0E0"
EPSILON = 1e-9  # two budgets closer than this (relative) are one point
SCORE_EPSILON = 1e-6  # a score rise under this is no rise (the solver's rounding)


@dataclass(frozen=True)
class Step:
    """The current point of the frontier, and the first point above it whose score is higher (None: none is)."""

    current: dict
    next: dict | None

    @property
    def extra_budget(self) -> float:
        return float(self.next["total_budget"]) - float(self.current["total_budget"]) if self.next else 0.0

    @property
    def extra_score(self) -> float:
        return float(self.next["score"]) - float(self.current["score"]) if self.next else 0.0

    @property
    def extra_count(self) -> int:
        return int(self.next["count"]) - int(self.current["count"]) if self.next else 0


def frontier_points(frontier: pd.DataFrame) -> list[dict]:
    """The rows by increasing budget (then score), as records."""
    if frontier is None or frontier.empty:
        return []
    return frontier.sort_values(["total_budget", "score"], kind="stable").to_dict("records")


def next_step(frontier: pd.DataFrame) -> Step | None:
    """The current budget's point and what the next budget step buys: the first point at a higher budget whose
    score is higher (points of a higher budget but the same score are the flat part of a step: they buy nothing).
    None when no point is the current one."""
    points = frontier_points(frontier)
    current = next((p for p in points if bool(p["is_current"])), None)
    if current is None:
        return None
    budget, score = float(current["total_budget"]), float(current["score"])
    above = [
        p
        for p in points
        if float(p["total_budget"]) > budget * (1 + EPSILON) + EPSILON and float(p["score"]) > score + SCORE_EPSILON
    ]
    return Step(current, above[0] if above else None)


def currency_symbol(currency: str, language: str) -> str:
    """'EUR' -> '€' as Babel writes it for the language."""
    from babel.numbers import get_currency_symbol

    return get_currency_symbol(currency, locale=locale_of(language))


def millions(value: float, language: str, currency: str) -> str:
    """4_200_000 -> '4,2 M€' (fr) or '4.2 M€' (en)."""
    unit = words("portfolio_pack", language)["unit"]["millions"]
    return unit.format(amount=number(value / 1e6, language, 1), symbol=currency_symbol(currency, language))


def thousands(value: float, language: str, currency: str) -> str:
    """850_000 -> '850 k€'; one decimal under 10 k€, as governance.core.formatting.thousands, in any currency."""
    unit = words("portfolio_pack", language)["unit"]["thousands"]
    amount = float(value) / 1000
    return unit.format(
        amount=number(amount, language, 1 if abs(amount) < 10 else 0), symbol=currency_symbol(currency, language)
    )


def amount(value: float, language: str, currency: str) -> str:
    """An amount in a sentence: in millions from 1 M (one decimal), in thousands below; undefined -> 'n. d.'."""
    if not defined(value):
        return NOT_DEFINED[language]
    return millions(value, language, currency) if abs(float(value)) >= 1e6 else thousands(value, language, currency)


def frontier_png(frontier: pd.DataFrame, *, language: str, currency: str) -> bytes:
    """Total weighted score (y) against total budget in millions (x), a step line through the frontier's points;
    the current budget's point highlighted and annotated, the next step that buys more score marked."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    w = words("portfolio_pack", language)["frontier"]
    points = frontier_points(frontier)
    if not points:
        raise ValueError("the frontier has no point to draw")
    xs = [float(p["total_budget"]) / 1e6 for p in points]
    ys = [float(p["score"]) for p in points]
    symbol = currency_symbol(currency, language)

    figure, axes = plt.subplots(figsize=(7.2, 3.6))
    figure.subplots_adjust(left=0.09, right=0.97, top=0.9, bottom=0.15)
    # The score holds from one point to the next, then jumps: a staircase, not a slope between budgets.
    axes.step(xs, ys, where="post", color=FRONTIER_COLOUR, linewidth=1.8)
    axes.plot(xs, ys, "o", color=FRONTIER_COLOUR, markersize=3.5)
    spread_x = (max(xs) - min(xs)) or max(xs) or 1.0
    spread_y = (max(ys) - min(ys)) or max(ys) or 1.0
    axes.set_xlim(min(xs) - 0.06 * spread_x, max(xs) + 0.06 * spread_x)
    axes.set_ylim(min(ys) - 0.12 * spread_y, max(ys) + 0.3 * spread_y)

    step = next_step(frontier)
    if step is not None:
        x, y = float(step.current["total_budget"]) / 1e6, float(step.current["score"])
        axes.axvline(x, color=CURRENT_COLOUR, linewidth=0.8, linestyle="--", zorder=1)
        axes.plot([x], [y], "o", color=CURRENT_COLOUR, markersize=8, zorder=3)
        count = plural(w["demands"], int(step.current["count"]))
        label = w["current"].format(
            budget=millions(step.current["total_budget"], language, currency),
            score=number(y, language, 1),
            count=count,
        )
        # The score never falls as the budget grows: below-right and above-left of a point are clear of the line.
        # The label takes the one on the side with more room, so that it never runs off the chart.
        right = x <= (min(xs) + max(xs)) / 2
        axes.annotate(
            label,
            (x, y),
            xytext=(12, -22) if right else (-12, 12),
            textcoords="offset points",
            ha="left" if right else "right",
            va="top" if right else "bottom",
            fontsize=7.5,
            color=CURRENT_COLOUR,
        )
        if step.next is not None:
            nx, ny = float(step.next["total_budget"]) / 1e6, float(step.next["score"])
            axes.plot([nx], [ny], "o", markerfacecolor="white", markeredgecolor=NEXT_COLOUR, markersize=8, zorder=3)
            axes.annotate(
                f"+{amount(step.extra_budget, language, currency)} → +{number(step.extra_score, language, 1)}",
                (nx, ny),
                xytext=(0, 9),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7.5,
                color=NEXT_COLOUR,
            )

    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, language, 1)))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, language, 0 if spread_y >= 5 else 1)))
    axes.set_xlabel(w["x_label"].format(unit=f"M{symbol}"), fontsize=8)
    axes.set_ylabel(w["y_label"], fontsize=8)
    axes.set_title(w["title"], fontsize=9, loc="left")
    axes.tick_params(axis="both", labelsize=7)
    axes.grid(True, color=GRID_COLOUR, linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)
