"""The governance structure as a picture: bodies in levels by escalation, arrows from each body to the one above."""

from __future__ import annotations

import re
import textwrap

from governance.core.charts import _png
from governance.core.i18n import t, words
from governance.structure.calendar import cadence_short
from governance.structure.model import GovernanceModel

BOX_W, GAP_X, GAP_Y = 3.7, 0.4, 0.75
NAME_LINE, DETAIL_LINE = 0.27, 0.23


def _tint(colour: str, share: float) -> str:
    """`colour` mixed with white: share 0 = white, 1 = the colour."""
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    mix = lambda c: round(255 - (255 - c) * share)  # noqa: E731
    return f"#{mix(red):02X}{mix(green):02X}{mix(blue):02X}"


def levels(model: GovernanceModel) -> list[list[str]]:
    """Body ids by depth in the escalation tree: the top bodies first."""
    depth = {b.id: len(model.escalation_path(b.id)) - 1 for b in model.bodies}
    rows: list[list[str]] = [[] for _ in range(max(depth.values()) + 1)]
    for body in model.bodies:
        rows[depth[body.id]].append(body.id)
    return rows


def _listed(numbers: list[str], word: str) -> str:
    return numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} {word} {numbers[-1]}"


def _box_texts(model: GovernanceModel, language: str) -> dict[str, tuple[list[str], list[str]]]:
    text = words("structure", language)["diagram"]
    separator = t(language, fr=" : ", en=": ")
    tiers_by_body: dict[str, list[str]] = {}
    for position, tier in enumerate(model.tiers, start=1):
        tiers_by_body.setdefault(tier.escalation_body, []).append(str(position))
    texts = {}
    for body in model.bodies:
        # A role's explanation in brackets is for the charter; the picture keeps the name.
        chair = re.sub(r"\s*\(.*?\)", "", model.role(body.chair).name(language))
        details = [cadence_short(body.cadence, language), f"{text['chair']}{separator}{chair}"]
        numbers = tiers_by_body.get(body.id)
        if numbers:
            details.append(text["tier_many" if len(numbers) > 1 else "tier_one"].format(_listed(numbers, text["and"])))
        # A dash stays at the end of a line, never starts one.
        texts[body.id] = (
            textwrap.wrap(body.name(language).replace(" — ", "\u00a0— "), 26)[:3],
            [textwrap.shorten(line, 42, placeholder="…") for line in details],
        )
    return texts


def governance_diagram(model: GovernanceModel, language: str, colour: str = "#1F4E79") -> bytes:
    """PNG of the bodies and escalation arrows (matplotlib, no graphviz)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    rows = levels(model)
    texts = _box_texts(model, language)
    name_lines = max(len(n) for n, _ in texts.values())
    detail_lines = max(len(d) for _, d in texts.values())
    box_h = 0.2 + NAME_LINE * name_lines + 0.1 + DETAIL_LINE * detail_lines + 0.05
    widest = max(len(r) for r in rows)
    width = max(widest * BOX_W + (widest - 1) * GAP_X, 6.5)
    height = len(rows) * box_h + (len(rows) - 1) * GAP_Y
    legend_h = 0.35
    figure = plt.figure(figsize=(width * 0.9, (height + legend_h) * 0.9))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(-0.05, width + 0.05)
    axes.set_ylim(-legend_h, height + 0.05)
    axes.set_axis_off()
    boxes = {}
    for depth, row in enumerate(rows):
        row_width = len(row) * BOX_W + (len(row) - 1) * GAP_X
        y = height - depth * (box_h + GAP_Y) - box_h
        for position, body_id in enumerate(row):
            x = width / 2 - row_width / 2 + position * (BOX_W + GAP_X)
            boxes[body_id] = (x, y)
            top = depth == 0
            face = colour if top else _tint(colour, 0.14 if depth == 1 else 0.07)
            ink = "white" if top else "#1A1A1A"
            axes.add_patch(
                FancyBboxPatch(
                    (x, y),
                    BOX_W,
                    box_h,
                    boxstyle="round,pad=0.02,rounding_size=0.1",
                    facecolor=face,
                    edgecolor=colour,
                    linewidth=1.4,
                )
            )
            name, details = texts[body_id]
            top_y = y + box_h - 0.16
            axes.text(
                x + BOX_W / 2,
                top_y,
                "\n".join(name),
                ha="center",
                va="top",
                fontsize=12,
                fontweight="bold",
                color=ink,
                linespacing=1.15,
            )
            axes.text(
                x + BOX_W / 2,
                top_y - NAME_LINE * len(name) - 0.1,
                "\n".join(details),
                ha="center",
                va="top",
                fontsize=9.5,
                color=ink,
                linespacing=1.4,
            )
    for body in model.bodies:
        if body.escalates_to is None:
            continue
        (x, y), (px, py) = boxes[body.id], boxes[body.escalates_to]
        # Arrows land spread along the parent's lower edge, not all on one point.
        offset = max(-BOX_W * 0.35, min(BOX_W * 0.35, (x - px) * 0.25))
        arrow = FancyArrowPatch(
            (x + BOX_W / 2, y + box_h),
            (px + BOX_W / 2 + offset, py),
            arrowstyle="-|>",
            mutation_scale=14,
            color="#555555",
            linewidth=1.2,
            shrinkA=2,
            shrinkB=3,
        )
        axes.add_patch(arrow)
    axes.add_patch(
        FancyArrowPatch(
            (0.1, -legend_h / 2),
            (0.65, -legend_h / 2),
            arrowstyle="-|>",
            mutation_scale=12,
            color="#555555",
            linewidth=1.2,
        )
    )
    axes.text(
        0.75,
        -legend_h / 2,
        words("structure", language)["diagram"]["escalation"],
        fontsize=9.5,
        va="center",
        color="#555555",
    )
    return _png(figure)
