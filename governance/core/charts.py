"""Charts as PNG bytes (matplotlib, headless). Rendered once per document and reused."""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")  # no display on a server or in CI


def _png(figure) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def radar_chart(
    labels: list[str],
    current: list[float | None],
    target: list[float],
    colour: str,
    legend: tuple[str, str],
    previous: list[float | None] | None = None,
    previous_label: str = "",
) -> bytes:
    """Current profile against the target on a 1-5 radar; missing values are drawn at 0."""
    import matplotlib.pyplot as plt

    count = len(labels)
    angles = [2 * math.pi * i / count for i in range(count)] + [0.0]

    def closed(values):
        values = [0.0 if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]
        return values + values[:1]

    figure, axes = plt.subplots(figsize=(6.5, 6.5), subplot_kw={"polar": True})
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_ylim(0, 5)
    axes.set_yticks([1, 2, 3, 4, 5])
    axes.set_yticklabels(["1", "2", "3", "4", "5"], fontsize=8, color="#555555")
    axes.set_xticks(angles[:-1])
    axes.set_xticklabels([_wrap(label) for label in labels], fontsize=8.5)
    axes.plot(angles, closed(target), color="#888888", linestyle="--", linewidth=1.5, label=legend[1])
    if previous is not None:
        axes.plot(angles, closed(previous), color="#BBBBBB", linewidth=1, label=previous_label)
    axes.plot(angles, closed(current), color=colour, linewidth=2, label=legend[0])
    axes.fill(angles, closed(current), color=colour, alpha=0.18)
    axes.legend(loc="upper right", bbox_to_anchor=(1.25, 1.12), fontsize=8, frameon=False)
    return _png(figure)


def _wrap(label: str, width: int = 16) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
