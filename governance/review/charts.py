"""Charts of the governance review pack (PNG bytes): the portfolio RAG heat map and the trend charts."""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")  # no display on a server or in CI

RAG_COLOURS = {0: "#3A9D23", 1: "#F0A30A", 2: "#C00000", None: "#D9D9D9"}


def _png(figure) -> bytes:
    """PNG at print resolution. Margins are laid out by hand: a tight bounding box would draw twice."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def _code(value) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)


def heat_map(
    rows: list[tuple[str, list]], columns: list[str], letters: dict, legend: list[tuple[int | None, str]]
) -> bytes:
    """Projects (rows) x dimensions (columns) coloured by RAG code, with the letter in each cell.

    rows: (label, [code per column]); letters: code -> letter printed in the cell (colour-blind readers).
    """
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    count = max(len(rows), 1)
    height = 1.0 + 0.24 * count
    label_inches = 0.2 + 0.058 * max((len(label) for label, _ in rows), default=10)
    # One image for all cells (-1 = not assessed), white grid lines drawn over it: fast for 40 x 6 cells.
    grid = np.array(
        [[-1 if _code(v) is None else _code(v) for v in codes] for _, codes in rows] or [[-1] * len(columns)]
    )
    colours = ListedColormap([RAG_COLOURS[None], RAG_COLOURS[0], RAG_COLOURS[1], RAG_COLOURS[2]])
    figure, axes = plt.subplots(figsize=(7.2, height))
    figure.subplots_adjust(left=min(label_inches / 7.2, 0.5), right=0.98, top=1 - 0.4 / height, bottom=0.45 / height)
    axes.imshow(
        grid + 1,
        cmap=colours,
        vmin=0,
        vmax=3,
        aspect="auto",
        interpolation="nearest",
        extent=(0, len(columns), count, 0),
    )
    for x in range(1, len(columns)):
        axes.axvline(x, color="white", linewidth=1.5)
    for y in range(1, count):
        axes.axhline(y, color="white", linewidth=1.5)
    for y, (_, codes) in enumerate(rows):
        for x, raw in enumerate(codes):
            code = _code(raw)
            axes.text(
                x + 0.5,
                y + 0.5,
                letters.get(code, ""),
                ha="center",
                va="center",
                fontsize=7,
                color="white" if code in (0, 2) else "#333333",
                fontweight="bold",
            )
    axes.set_xlim(0, len(columns))
    axes.set_ylim(count, 0)
    axes.set_xticks([x + 0.5 for x in range(len(columns))])
    axes.set_xticklabels(columns, fontsize=8)
    axes.xaxis.tick_top()
    axes.set_yticks([y + 0.5 for y in range(len(rows))])
    axes.set_yticklabels([label for label, _ in rows], fontsize=7)
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    handles = [Patch(facecolor=RAG_COLOURS[code], label=text) for code, text in legend]
    axes.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.005),
        ncol=len(handles),
        fontsize=7.5,
        frameon=False,
        handlelength=1.2,
    )
    return _png(figure)


def rag_trend(periods: list[str], counts: dict[int, list[int]], labels: dict[int, str], title: str) -> bytes:
    """Stacked bars of projects per overall RAG, period by period."""
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7.2, 2.9))
    figure.subplots_adjust(left=0.07, right=0.98, top=0.9, bottom=0.33)
    bottom = [0] * len(periods)
    for code in (2, 1, 0):
        values = counts.get(code, [0] * len(periods))
        axes.bar(periods, values, bottom=bottom, color=RAG_COLOURS[code], label=labels[code], width=0.7)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_title(title, fontsize=9, loc="left")
    axes.tick_params(axis="x", labelsize=7, rotation=45)
    axes.tick_params(axis="y", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=7, frameon=False, ncol=3, loc="upper left", bbox_to_anchor=(0, -0.3))
    return _png(figure)


def kpi_trend(
    periods: list[str],
    series: dict[str, list[float | None]],
    title: str,
    percent: bool = True,
    reference: float | None = None,
    span: tuple[float, float] | None = None,
) -> bytes:
    """Lines of a few KPIs over the periods; undefined values leave a gap.

    `span`: the least y range shown, so that small month-to-month moves do not look like cliffs.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    figure, axes = plt.subplots(figsize=(7.2, 2.9))
    figure.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.33)
    palette = ["#1F4E79", "#3A9D23", "#C00000", "#F0A30A", "#7F7F7F"]
    for colour, (label, values) in zip(palette, series.items(), strict=False):  # at most 5 lines
        clean = [math.nan if v is None else float(v) for v in values]
        axes.plot(periods, clean, marker="o", markersize=3, linewidth=1.6, color=colour, label=label)
    if reference is not None:
        axes.axhline(reference, color="#999999", linewidth=0.8, linestyle="--")
    if span is not None:
        defined = [v for values in series.values() for v in values if v is not None and not math.isnan(v)]
        axes.set_ylim(min([span[0], *[v - 0.02 for v in defined]]), max([span[1], *[v + 0.02 for v in defined]]))
    if percent:
        axes.set_ylim(0, 1.05)
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    axes.set_title(title, fontsize=9, loc="left")
    axes.tick_params(axis="x", labelsize=7, rotation=45)
    axes.tick_params(axis="y", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=7, frameon=False, ncol=min(len(series), 4), loc="upper left", bbox_to_anchor=(0, -0.3))
    return _png(figure)
