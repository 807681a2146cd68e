"""The staffing plan's two pictures: the PMO organisation chart and the skills heat map (PNG bytes)."""

from __future__ import annotations

import textwrap

import pandas as pd

from governance.core.charts import _png  # one PNG writer for the whole kit (Agg backend, fixed metadata)
from governance.core.formatting import number
from governance.core.i18n import t, words

STATUS_COLOURS = {
    "ok": "#A9D18E",
    "gap1": "#FFD966",
    "gap2": "#F4A6A6",
    "not_assessed": "#E7E6E6",
    "not_required": "#FFFFFF",
}


def _fte(value: float, language: str) -> str:
    return number(value, language, 1)


def org_chart(top: str, manager: dict, members: list[dict], colour: str, language: str) -> bytes:
    """`manager`/`members`: {name, fte, people: [names], recruit: FTE to hire}. A box to hire is dashed.

    Drawn about the size it is printed (16 cm wide) so that its text reads like the document's.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    chart = words("staffing", language)["chart"]
    fte_word, to_hire, open_position = chart["fte"], chart["to_hire"], chart["open_position"]
    box_width, gap, box_height = 2.25, 0.2, 1.05
    columns = max(len(members), 1)
    width = columns * box_width + (columns - 1) * gap + 0.2
    height = 4.0
    figure = plt.figure(figsize=(width, height), dpi=150)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width)
    axes.set_ylim(0, height)
    axes.set_axis_off()
    line = {"color": "#7F7F7F", "linewidth": 1.0}

    def box(
        x_centre: float,
        y: float,
        title: str,
        lines: list[str],
        filled: bool,
        dashed: bool,
        size: float,
        height: float = box_height,
    ) -> None:
        patch = FancyBboxPatch(
            (x_centre - size / 2, y),
            size,
            height,
            boxstyle="round,pad=0.02,rounding_size=0.08",
            facecolor=colour if filled else "white",
            edgecolor=colour,
            linewidth=1.3,
            linestyle=(0, (4, 2)) if dashed else "-",
        )
        axes.add_patch(patch)
        text_colour = "white" if filled else "#222222"
        if not lines:
            axes.text(
                x_centre,
                y + height / 2,
                "\n".join(textwrap.wrap(title, 34)),
                ha="center",
                va="center",
                fontsize=9,
                fontweight="bold",
                color=text_colour,
                linespacing=1.3,
            )
            return
        axes.text(
            x_centre,
            y + box_height - 0.12,
            "\n".join(textwrap.wrap(title, 26)),
            ha="center",
            va="top",
            fontsize=9,
            fontweight="bold",
            color=text_colour,
            linespacing=1.25,
        )
        axes.text(
            x_centre,
            y + 0.1,
            "\n".join(lines),
            ha="center",
            va="bottom",
            fontsize=8.5,
            color=text_colour,
            linespacing=1.3,
        )

    def describe(entry: dict) -> list[str]:
        people = entry.get("people") or []
        if not people and entry.get("recruit", 0) >= entry["fte"] > 0:
            return [f"{_fte(entry['fte'], language)} {fte_word}", to_hire]
        lines = [f"{_fte(entry['fte'], language)} {fte_word}"]
        if people:
            lines.append(textwrap.shorten(", ".join(people), 34, placeholder="…"))
        if entry.get("recruit", 0) > 0:
            separator = t(language, fr=" : ", en=": ")
            lines.append(f"{to_hire}{separator}{_fte(entry['recruit'], language)} {fte_word}")
        elif not people:
            lines.append(open_position)
        return lines

    centre = width / 2
    top_y, manager_y, member_y = 2.95, 1.55, 0.1
    box(centre, top_y, top, [], filled=False, dashed=False, size=min(3.2, width - 0.2), height=0.7)
    axes.plot([centre, centre], [top_y, manager_y + box_height], **line)
    box(
        centre,
        manager_y,
        manager["name"],
        describe(manager),
        filled=True,
        dashed=manager.get("recruit", 0) > 0,
        size=box_width,
    )
    if members:
        xs = [0.1 + box_width / 2 + i * (box_width + gap) for i in range(len(members))]
        bus = member_y + box_height + 0.2
        axes.plot([centre, centre], [manager_y, bus], **line)
        axes.plot([xs[0], xs[-1]], [bus, bus], **line)
        for x, member in zip(xs, members, strict=True):
            axes.plot([x, x], [bus, member_y + box_height], **line)
            dashed = member.get("recruit", 0) > 0 or not member.get("people")
            box(x, member_y, member["name"], describe(member), filled=False, dashed=dashed, size=box_width)
    return _png(figure)


def heat_map(matrix: pd.DataFrame, skill_labels: dict[str, str], language: str, legend: dict[str, str]) -> bytes:
    """People (rows) by skills (columns); each cell 'level/required', coloured by the gap."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    people = list(dict.fromkeys(matrix["person"]))
    skills = list(dict.fromkeys(matrix["skill"]))
    # Drawn about the size it is printed (16 cm wide) so that its text reads like the document's.
    cell_w, cell_h = 0.52, 0.34
    label_w = 1.55
    header_h = 1.15
    width = label_w + cell_w * len(skills) + 0.45
    height = header_h + cell_h * max(len(people), 1) + 0.45
    figure = plt.figure(figsize=(width, height), dpi=150)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width)
    axes.set_ylim(0, height)
    axes.set_axis_off()
    top = height - header_h
    for column, skill in enumerate(skills):
        x = label_w + column * cell_w + cell_w / 2
        axes.text(
            x - 0.05,
            top + 0.06,
            skill_labels.get(skill, skill),
            rotation=45,
            ha="left",
            va="bottom",
            fontsize=8,
            rotation_mode="anchor",
        )
    lookup = {(r["person"], r["skill"]): r for r in matrix.to_dict("records")}
    for row, person in enumerate(people):
        y = top - (row + 1) * cell_h
        axes.text(
            label_w - 0.08,
            y + cell_h / 2,
            textwrap.shorten(person, 24, placeholder="…"),
            ha="right",
            va="center",
            fontsize=8,
        )
        for column, skill in enumerate(skills):
            record = lookup.get((person, skill))
            x = label_w + column * cell_w
            status = record["status"] if record else "not_required"
            key = status if status != "gap" else ("gap1" if record["gap"] == 1 else "gap2")
            axes.add_patch(
                Rectangle((x, y), cell_w, cell_h, facecolor=STATUS_COLOURS[key], edgecolor="white", linewidth=1.5)
            )
            if status == "not_required":
                text = "—"
            elif status == "not_assessed":
                text = f"?/{record['required']}"
            else:
                text = f"{int(record['level'])}/{record['required']}"
            axes.text(x + cell_w / 2, y + cell_h / 2, text, ha="center", va="center", fontsize=7.5)
    handles = [
        Patch(facecolor=STATUS_COLOURS[k], edgecolor="#BFBFBF", label=legend[k])
        for k in ("ok", "gap1", "gap2", "not_assessed")
    ]
    axes.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 0.0),
        ncol=4,
        fontsize=7.5,
        frameon=False,
        handlelength=1.2,
        columnspacing=1.2,
    )
    return _png(figure)
