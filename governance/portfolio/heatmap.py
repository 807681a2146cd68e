"""The capacity heat map: each delivery role's utilisation month by month, as a PNG for the portfolio documents.

Roles are rows, months columns; each cell prints the utilisation (load / capacity) in percent and is coloured
by band, so that a committee sees at a glance which roles and months cannot take more work.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from datetime import date

import pandas as pd

from governance.core.charts import _png  # one PNG writer for the whole kit (Agg backend, fixed metadata)
from governance.core.formatting import locale_of, percent
from governance.core.i18n import t

# The review pack's RAG colours (governance/review/charts.py), so that green, amber and red mean the same in
# every document of the engagement; spare capacity is a pale blue, not a colour of alarm.
UNDER = "#DDEBF7"
GREEN = "#3A9D23"
AMBER = "#F0A30A"
RED = "#C00000"
NO_CAPACITY = "#D9D9D9"
# Band limits on utilisation. Under 70 % a role has room (or is under-used); up to 100 % it is well loaded.
# Up to 120 % is amber: a person can absorb a little overtime for a month, or a task can slip a few weeks.
# Over 120 % is red: nobody works a fifth more for long, so that load will not be delivered as planned.
WELL_LOADED = 0.70
FULL = 1.00
STRETCHED = 1.20
_EPSILON = 1e-9  # exactly 100 % is full, not over


def band(utilisation: float, capacity: float = 1.0) -> str:
    """The colour of a cell: 'under', 'green', 'amber', 'red' or 'none' (no capacity and no load)."""
    if capacity <= 0 and not utilisation > 0:
        return "none"
    if utilisation > STRETCHED + _EPSILON:
        return "red"
    if utilisation > FULL + _EPSILON:
        return "amber"
    if utilisation >= WELL_LOADED - _EPSILON:
        return "green"
    return "under"


COLOURS = {"under": UNDER, "green": GREEN, "amber": AMBER, "red": RED, "none": NO_CAPACITY}
TEXT_COLOURS = {"under": "#333333", "green": "white", "amber": "#333333", "red": "white", "none": "#555555"}


def month_short(month: str, language: str) -> str:
    """'2027-01' -> 'janv. 27' (fr) or 'Jan 27' (en)."""
    from babel.dates import format_date

    return format_date(date(int(month[:4]), int(month[5:7]), 1), "MMM yy", locale=locale_of(language))


def _cell_text(utilisation: float, capacity: float, language: str) -> str:
    if capacity <= 0:
        return "∞" if utilisation > 0 else "–"
    return percent(utilisation, language) if math.isfinite(utilisation) else "∞"


def legend_labels(language: str) -> dict[str, str]:
    return {
        "under": t(language, fr="< 70 % (marge)", en="< 70% (spare)"),
        "green": t(language, fr="70 à 100 %", en="70-100%"),
        "amber": t(language, fr="100 à 120 % (tendu)", en="100-120% (stretched)"),
        "red": t(language, fr="> 120 % (surcharge)", en="> 120% (overloaded)"),
        "none": t(language, fr="sans capacité (∞ : charge sans capacité)", en="no capacity (∞: load, no capacity)"),
    }


def heat_map_png(
    balance: pd.DataFrame,
    *,
    language: str,
    title: str,
    roles_order: list[str] | None = None,
    role_labels: Mapping[str, str] | None = None,
) -> bytes:
    """Utilisation by role (rows) and month (columns) from `balance` (capacity.BALANCE_COLUMNS), as PNG bytes.

    roles_order: the role keys in the order to draw (default: as in `balance`); role_labels: role key -> the
    name printed (default: the key). Drawn at about its printed size (a landscape page for 24 months) so that
    its text reads like the document's.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    roles = list(roles_order) if roles_order is not None else list(dict.fromkeys(balance["role"]))
    months = sorted(dict.fromkeys(balance["month"]))
    labels = {role: textwrap.shorten((role_labels or {}).get(role, role), 36, placeholder="…") for role in roles}
    cells = {
        (r["role"], r["month"]): (float(r["utilisation"]), float(r["capacity"])) for r in balance.to_dict("records")
    }

    cell_w, cell_h = 0.46, 0.27
    label_w = 0.25 + 0.062 * max((len(label) for label in labels.values()), default=8)
    title_h, header_h, legend_h = 0.35, 0.62, 0.55
    width = label_w + cell_w * max(len(months), 1) + 0.15
    width = max(width, 6.4)  # room for the legend's five entries
    height = title_h + header_h + cell_h * max(len(roles), 1) + legend_h
    figure = plt.figure(figsize=(width, height), dpi=150)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width)
    axes.set_ylim(0, height)
    axes.set_axis_off()

    axes.text(0.1, height - 0.12, title, ha="left", va="top", fontsize=10, fontweight="bold")
    top = height - title_h - header_h
    for column, month in enumerate(months):
        x = label_w + column * cell_w + cell_w / 2
        axes.text(x, top + 0.06, month_short(month, language), rotation=90, ha="center", va="bottom", fontsize=7.5)
    for row, role in enumerate(roles):
        y = top - (row + 1) * cell_h
        axes.text(label_w - 0.08, y + cell_h / 2, labels[role], ha="right", va="center", fontsize=8)
        for column, month in enumerate(months):
            utilisation, capacity = cells.get((role, month), (0.0, 0.0))
            key = band(utilisation, capacity)
            x = label_w + column * cell_w
            axes.add_patch(Rectangle((x, y), cell_w, cell_h, facecolor=COLOURS[key], edgecolor="white", linewidth=1.2))
            axes.text(
                x + cell_w / 2,
                y + cell_h / 2,
                _cell_text(utilisation, capacity, language),
                ha="center",
                va="center",
                fontsize=6.5,
                color=TEXT_COLOURS[key],
            )
    # A new year starts: a wider white line, so that 24 months read as two years.
    bottom = top - cell_h * len(roles)
    for column, month in enumerate(months):
        if column and month.endswith("-01"):
            x = label_w + column * cell_w
            axes.plot([x, x], [bottom, top + 0.04], color="white", linewidth=3.5, solid_capstyle="butt")
            axes.plot([x, x], [top, top + 0.55], color="#BFBFBF", linewidth=0.8)
    names = legend_labels(language)
    handles = [
        Patch(facecolor=COLOURS[k], edgecolor="#BFBFBF", label=names[k]) for k in ("under", "green", "amber", "red")
    ]
    if any(capacity <= 0 for _, capacity in cells.values()):
        handles.append(Patch(facecolor=COLOURS["none"], edgecolor="#BFBFBF", label=names["none"]))
    axes.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.1 / width, 0.05 / height),
        ncol=len(handles),
        fontsize=7.5,
        frameon=False,
        handlelength=1.2,
        columnspacing=1.2,
    )
    return _png(figure)
