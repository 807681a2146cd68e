"""How much room text takes on a slide (estimated, in inches) and how a long table splits over slides.

PowerPoint grows a table row to fit its text, so a table that was estimated too small runs off the slide or
under the next block. The estimates are therefore on the generous side, sized for a wide font (DejaVu Sans,
what LibreOffice shows when the brand font is missing; Calibri is ~15% narrower), and words wrap whole, as
they do on a slide. A row given more height than its text needs keeps it: the layout is then exact.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Sequence

CHAR_EM = 0.55  # average character width, in ems: DejaVu Sans (what LibreOffice shows for a missing font) is 0.52
BOLD = 1.12  # bold text is wider (DejaVu Sans Bold: 0.58)
WORD_EM = 0.62  # a single word has no narrow spaces: "Dimension", "30/06/2027" are ~0.6 em a character
LINE = 1.2  # line height, in ems
CELL_X = 0.08  # a table cell's left and right margins, inches
CELL_Y = 0.04  # its top and bottom margins
MAX_CELL_LINES = 6  # a cell longer than this (at the smallest size) is cut with "…": no row fills a slide
SIZES = (14, 12, 11, 10, 9)  # table text sizes, points, largest first
_WORDS = re.compile(r"[ \t\n\r\v\f]+")  # where a line may break: not at a no-break space


def per_line(width: float, size: float, bold: bool = False) -> int:
    """Characters of an average line `width` inches wide at `size` points."""
    return max(1, int(width * 72 / (size * CHAR_EM * (BOLD if bold else 1))))


def line_count(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines `text` takes when wrapped at `width` inches (every explicit line break counted)."""
    limit = per_line(width, size, bold)
    return sum(max(1, len(textwrap.wrap(part, limit, break_long_words=True))) for part in text.split("\n"))


def text_height(text: str, width: float, size: float, bold: bool = False, spacing: float = LINE) -> float:
    return line_count(text, width, size, bold) * size * spacing / 72


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, with "…" when it was longer (no-break spaces kept: they keep "4 200 k€"
    on one line)."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


def widths(weights: Sequence[float], total: float) -> list[float]:
    """Column widths in inches: `total` shared by weight."""
    weights = [max(float(w), 0.01) for w in weights]
    whole = sum(weights)
    return [total * w / whole for w in weights]


def row_height(texts: Sequence[str], column_widths: Sequence[float], size: float, bold: bool = False) -> float:
    tallest = max(
        (text_height(t, max(w - 2 * CELL_X, 0.2), size, bold) for t, w in zip(texts, column_widths)), default=0
    )
    return tallest + 2 * CELL_Y + 0.02


def clip_cells(texts: Sequence[str], column_widths: Sequence[float], size: float = SIZES[-1]) -> list[str]:
    """Each text cut to what MAX_CELL_LINES lines of its column hold at `size` points."""
    return [clip(t, per_line(max(w - 2 * CELL_X, 0.2), size) * MAX_CELL_LINES) for t, w in zip(texts, column_widths)]


def split(heights: Sequence[float], room: float, max_rows: int) -> list[range]:
    """Consecutive rows per slide: at most `max_rows`, as many as `room` inches hold (at least one)."""
    chunks, start, used = [], 0, 0.0
    for index, height in enumerate(heights):
        if index > start and (index - start >= max_rows or used + height > room):
            chunks.append(range(start, index))
            start, used = index, 0.0
        used += height
    if start < len(heights):
        chunks.append(range(start, len(heights)))
    return chunks


def paginate(
    count: int,
    heights: Callable[[float], Sequence[float]],
    room: Callable[[float], float],
    max_items: int,
    sizes: Sequence[float] = SIZES,
) -> tuple[float, list[range]]:
    """The text size and the items of each slide: the largest size at which the items need no more slides than
    `max_items` alone asks for; else the smallest size, the items split by height. `heights(size)`: each of the
    `count` items' height at that size; `room(size)`: the height a slide offers them (less a header row, say)."""
    fewest = max(1, math.ceil(count / max(max_items, 1)))
    chunks: list[range] = []
    for size in sizes:
        chunks = split(heights(size), room(size), max_items)
        if len(chunks) <= fewest:
            return size, chunks
    return sizes[-1], chunks


def table_pages(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    column_widths: Sequence[float],
    room: float,
    max_rows: int,
    sizes: Sequence[float] = SIZES,
) -> tuple[float, list[range]]:
    """A table's text size and the rows of each slide (see `paginate`); the header row repeats on each. Only sizes
    at which every word fits its column are tried: a renderer cuts a longer word in two ("Dimensio / n")."""
    whole = [s for s in sizes if words_fit(headers, column_widths, s, True) and words_fit_rows(rows, column_widths, s)]
    return paginate(
        len(rows),
        lambda size: [row_height(r, column_widths, size) for r in rows],
        lambda size: room - (row_height(headers, column_widths, size, bold=True) if any(headers) else 0.0),
        max_rows,
        whole or sizes[-1:],
    )


def words_fit(texts: Sequence[str], column_widths: Sequence[float], size: float, bold: bool = False) -> bool:
    """Whether the longest word of each text fits on one line of its column ("4 200 k€", with no-break spaces,
    is one word)."""
    return all(
        max((len(word) for word in _WORDS.split(text)), default=0) * size * WORD_EM * (BOLD if bold else 1)
        <= (w - 2 * CELL_X) * 72
        for text, w in zip(texts, column_widths)
    )


def words_fit_rows(rows: Sequence[Sequence[str]], column_widths: Sequence[float], size: float) -> bool:
    return all(words_fit(row, column_widths, size) for row in rows)


def largest(sizes: Sequence[float], fits) -> float:
    """The first (largest) size for which `fits(size)` is true, else the last (smallest)."""
    for size in sizes:
        if fits(size):
            return size
    return sizes[-1]
