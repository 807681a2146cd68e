"""The governance structure chart of the PMO charter: bodies from the top down, linked by escalation."""

from __future__ import annotations

import io
import textwrap


def governance_chart(bodies: list[dict], colour: str = "#1F4E79") -> bytes | None:
    """PNG of the bodies (dicts with id, name, chair, escalates_to as a body *name*), or None if none.

    A body that escalates to no known body sits on the top row; each other body one row below the body
    it escalates to. Escalation cycles are cut rather than followed.
    """
    if not bodies:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    by_name = {b["name"]: b for b in bodies}

    def depth(body: dict, seen: frozenset = frozenset()) -> int:
        parent = by_name.get(body.get("escalates_to") or "")
        if parent is None or parent["name"] in seen or parent is body:
            return 0
        return 1 + depth(parent, seen | {body["name"]})

    levels: dict[int, list[dict]] = {}
    for body in bodies:
        levels.setdefault(depth(body), []).append(body)
    rows = max(levels) + 1
    width_in, row_in = 6.3, 1.05
    figure = plt.figure(figsize=(width_in, row_in * rows + 0.1), dpi=200)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 1)
    axes.set_ylim(0, rows)
    axes.set_axis_off()
    positions: dict[str, tuple[float, float]] = {}
    box_h = 0.7
    for level, members in sorted(levels.items()):
        y = rows - level - 0.5
        box_w = min(0.26, 1 / (len(members) + 1) - 0.02)  # boxes of one row never touch
        wrap = max(10, int(24 * box_w / 0.26))
        for i, body in enumerate(members):
            x = (i + 1) / (len(members) + 1)
            positions[body["name"]] = (x, y)
            axes.add_patch(
                FancyBboxPatch(
                    (x - box_w / 2, y - box_h / 2),
                    box_w,
                    box_h,
                    boxstyle="round,pad=0.01,rounding_size=0.04",
                    linewidth=1.2,
                    edgecolor=colour,
                    facecolor=colour if level == 0 else "white",
                )
            )
            lines = textwrap.wrap(body["name"], wrap)
            if len(lines) > 3:
                lines = lines[:3]
                lines[2] = textwrap.shorten(lines[2] + " …", wrap, placeholder=" …")
            axes.text(
                x,
                y + 0.1,
                "\n".join(lines),
                ha="center",
                va="center",
                fontsize=7.5 if len(lines) < 3 else 6.5,
                fontweight="bold",
                color="white" if level == 0 else colour,
            )
            if body.get("chair"):
                axes.text(
                    x,
                    y - 0.24,
                    textwrap.shorten(body["chair"], int(wrap * 1.4), placeholder="…"),
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if level == 0 else "#404040",
                )
    for body in bodies:
        parent = by_name.get(body.get("escalates_to") or "")
        if parent is None or parent is body or body["name"] not in positions:
            continue
        (x1, y1), (x2, y2) = positions[body["name"]], positions[parent["name"]]
        if y2 <= y1:
            continue
        axes.annotate(
            "",
            xy=(x2, y2 - box_h / 2),
            xytext=(x1, y1 + box_h / 2),
            arrowprops={"arrowstyle": "->", "color": "#808080", "linewidth": 1},
        )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()
