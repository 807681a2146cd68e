"""Slides from specs, on the template's own layouts: titles, tables split over slides, pictures, tiles, details.

Layouts are found by name (the English and French names PowerPoint gives them), else by their placeholders;
generated content goes in the content area of the template (its "Title and Content" body placeholder), so a
consultant's template decides the margins. Every generated text is in the brand font, sized from estimates
(governance.core.pptx.fit) so that it stays on a 16:9 slide.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from governance.core.docx.branding import Branding
from governance.core.pptx import fit
from governance.core.pptx.brand import Palette, contrast, logo_box, palette, readable_on
from governance.core.pptx.specs import (
    Block,
    Bullets,
    Cell,
    CellLike,
    Cover,
    Detail,
    Pictures,
    Points,
    SlideSpec,
    Table,
    Tiles,
)
from governance.core.pptx.text import strip_control

EMU = 914400  # per inch
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
BODIES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
SUBTITLES = (PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY)
FURNITURE = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
# Layout names, the default templates' first; then PowerPoint's own, in English and French.
COVER_LAYOUTS = ("Cover", "Title Slide", "Diapositive de titre")
CONTENT_LAYOUTS = ("Title and Content", "Titre et contenu")
TITLE_LAYOUTS = ("Title Only", "Titre seul")
ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
TITLE_SIZES = (28, 24, 22, 20, 18)
COVER_SIZES = (40, 36, 32, 28, 24)
BULLET_SIZES = (20, 18, 16, 14, 12)
DETAIL_SIZES = (12, 11, 10, 9)
VALUE_SIZES = (24, 20, 18, 16, 14, 12)
NOTE_SIZE = 10
GAP = 0.2  # inches between blocks
MAX_PICTURES = 4
MAX_BLOCK_ROWS = 14
MAX_POINTS = 8


def emu(inches: float) -> Emu:
    return Emu(int(round(inches * EMU)))


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height


def _box(shape) -> Box:
    return Box(shape.left / EMU, shape.top / EMU, shape.width / EMU, shape.height / EMU)


def _types(layout) -> set:
    return {p.placeholder_format.type for p in layout.placeholders}


def find_layout(presentation, names: tuple[str, ...], fits) -> Any:
    """The first layout named one of `names` (case aside), else the first whose placeholders `fits`, else the
    first layout."""
    layouts = [layout for master in presentation.slide_masters for layout in master.slide_layouts]
    by_name = {layout.name.casefold(): layout for layout in reversed(layouts)}
    for name in names:
        if name.casefold() in by_name:
            return by_name[name.casefold()]
    return next((layout for layout in layouts if fits(_types(layout))), layouts[0])


def _placeholder(container, types) -> Any:
    return next((p for p in container.placeholders if p.placeholder_format.type in types), None)


def _cell(value: CellLike) -> Cell:
    return value if isinstance(value, Cell) else Cell(str(value))


def _continued(title: str, marker: str, index: int) -> str:
    return title if index == 0 or not marker else f"{title} {marker}"


class DeckBuilder:
    """Adds slides for specs to a presentation, in the template's layouts and the engagement's branding."""

    def __init__(self, presentation, branding: Branding, logo: tuple[bytes, float, float] | None = None) -> None:
        """`logo`: its bytes, width and height (inches), as brand.logo_picture gives them."""
        self.presentation = presentation
        self.font = branding.font
        self.colours: Palette = palette(branding)
        self.width = presentation.slide_width / EMU
        self.height = presentation.slide_height / EMU
        self.cover = find_layout(presentation, COVER_LAYOUTS, lambda t: PP_PLACEHOLDER.CENTER_TITLE in t)
        self.content = find_layout(
            presentation, CONTENT_LAYOUTS, lambda t: bool(t & set(TITLES)) and bool(t & set(BODIES))
        )
        self.plain = find_layout(
            presentation, TITLE_LAYOUTS, lambda t: bool(t & set(TITLES)) and not t - set(TITLES) - set(FURNITURE)
        )
        self.box = self._content_box()
        self.added: list = []
        self.logo = logo
        if logo is not None:  # right-aligned in its box in the top right corner, vertically centred
            left, top, box_w, box_h = logo_box(self.width)
            self.logo_at = (left + box_w - logo[1], top + (box_h - logo[2]) / 2, logo[1], logo[2])

    # ---------------------------------------------------------------------------------- geometry

    def _content_box(self) -> Box:
        """The content area: the body placeholder of the content layout, else below the title."""
        body = _placeholder(self.content, BODIES)
        if body is not None:
            box = _box(body)
            if box.width >= 3 and box.height >= 2 and box.bottom <= self.height:
                return box
        title = _placeholder(self.plain, TITLES)
        left = title.left / EMU if title is not None else 0.5
        top = (title.top + title.height) / EMU + GAP if title is not None else 1.3
        top = min(top, self.height * 0.3)
        return Box(left, top, self.width - 2 * left, self.height - top - 0.8)

    # ---------------------------------------------------------------------------------- text

    def _run(self, paragraph, text: str, size: float, *, bold: bool = False, colour: str | None = None):
        run = paragraph.add_run()
        run.text = strip_control(text)
        font = run.font
        font.name = self.font
        font.size = Pt(size)
        font.bold = bold
        font.color.rgb = RGBColor.from_string((colour or self.colours.text).lstrip("#"))
        return run

    def _textbox(self, slide, box: Box, lines: list[tuple[str, float, bool, str | None]], anchor=MSO_ANCHOR.TOP):
        """A text box of `lines` (text, size, bold, colour), no margins, wrapping."""
        shape = slide.shapes.add_textbox(emu(box.left), emu(box.top), emu(box.width), emu(box.height))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = anchor
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(frame, side, 0)
        for index, (text, size, bold, colour) in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            self._run(paragraph, text, size, bold=bold, colour=colour)
        return shape

    def _note(self, slide, text: str, bottom: float) -> None:
        height = fit.text_height(text, self.box.width, NOTE_SIZE) + 0.05
        box = Box(self.box.left, bottom - height, self.box.width, height)
        shape = self._textbox(slide, box, [(text, NOTE_SIZE, False, self.colours.muted)], MSO_ANCHOR.BOTTOM)
        shape.text_frame.paragraphs[0].runs[0].font.italic = True

    def _note_height(self, text: str) -> float:
        return fit.text_height(text, self.box.width, NOTE_SIZE) + 0.15 if text else 0.0

    def _title(self, slide, text: str, sizes=TITLE_SIZES) -> None:
        shape = slide.shapes.title
        if shape is None:  # a layout without a title placeholder: a text box where a title would be
            box = Box(self.box.left, 0.3, self.box.width, max(self.box.top - 0.45, 0.5))
            shape = slide.shapes.add_textbox(emu(box.left), emu(box.top), emu(box.width), emu(box.height))
        self._beside_logo(shape)  # before it is measured: the title is sized for the room it has
        frame = shape.text_frame
        frame.word_wrap = True
        width, height = shape.width / EMU - 0.2, shape.height / EMU
        text = fit.clip(text, fit.per_line(width, sizes[-1], True) * 2)
        size = fit.largest(sizes, lambda s: fit.text_height(text, width, s, True, 1.1) <= height)
        paragraph = frame.paragraphs[0]
        for run in list(paragraph.runs):
            paragraph._p.remove(run._r)
        self._run(paragraph, text, size, bold=True, colour=self.colours.title)

    def _slide(self, layout, title: str):
        slide = self.presentation.slides.add_slide(layout)
        self.added.append(slide)
        self._title(slide, title)
        return slide

    # ---------------------------------------------------------------------------------- tables

    def _table(
        self,
        slide,
        box: Box,
        column_widths: list[float],
        headers: list[str] | None,
        rows: list[list[Cell]],
        size: float,
        aligns: list[str] | None = None,
        labels: bool = False,
    ) -> float:
        """A table at the top of `box`; returns its height (inches, as estimated)."""
        count = len(rows) + (1 if headers else 0)
        heights = ([fit.row_height(headers, column_widths, size, True)] if headers else []) + [
            fit.row_height([c.text for c in row], column_widths, size) for row in rows
        ]
        frame = slide.shapes.add_table(
            count, len(column_widths), emu(box.left), emu(box.top), emu(sum(column_widths)), emu(sum(heights))
        )
        table = frame.table
        # Every cell is coloured here: the table style's banding and first row would fight the brand colours.
        table.first_row = bool(headers)
        table.horz_banding = False
        for index, width in enumerate(column_widths):
            table.columns[index].width = emu(width)
        for index, height in enumerate(heights):
            table.rows[index].height = emu(height)
        aligns = aligns or ["left"] * len(column_widths)
        offset = 0
        if headers:
            for index, text in enumerate(headers):
                self._fill(table.cell(0, index), Cell(text, self.colours.brand, bold=True), size, aligns[index])
            offset = 1
        for r, row in enumerate(rows):
            stripe = self.colours.stripe if r % 2 else "#FFFFFF"
            for c, cell in enumerate(row):
                if labels and c == 0:
                    cell = Cell(cell.text, cell.fill or self.colours.wash, cell.colour or self.colours.title, True)
                elif cell.fill is None:
                    cell = Cell(cell.text, stripe, cell.colour, cell.bold)
                self._fill(table.cell(r + offset, c), cell, size, aligns[c])
        return sum(heights)

    def _fill(self, target, cell: Cell, size: float, align: str) -> None:
        target.fill.solid()
        target.fill.fore_color.rgb = RGBColor.from_string(cell.fill.lstrip("#"))
        target.margin_left = target.margin_right = emu(fit.CELL_X)
        target.margin_top = target.margin_bottom = emu(fit.CELL_Y)
        target.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame = target.text_frame
        frame.word_wrap = True
        paragraph = frame.paragraphs[0]
        paragraph.alignment = ALIGN.get(align, PP_ALIGN.LEFT)
        colour = cell.colour or (
            self.colours.on_brand if cell.fill == self.colours.brand else _readable(cell.fill, self.colours.text)
        )
        self._run(paragraph, cell.text, size, bold=cell.bold, colour=colour)

    def _rows(self, rows: list[list[CellLike]], column_widths: list[float]) -> list[list[Cell]]:
        """Cells as Cell, as many as columns, each cut so that no row fills a slide."""
        result = []
        for row in rows:
            cells = [_cell(v) for v in list(row)[: len(column_widths)]]
            cells += [Cell("")] * (len(column_widths) - len(cells))
            texts = fit.clip_cells([c.text for c in cells], column_widths)
            result.append([Cell(t, c.fill, c.colour, c.bold) for t, c in zip(texts, cells)])
        return result

    # ---------------------------------------------------------------------------------- slides

    def add(self, spec: SlideSpec) -> None:
        handler = {
            Cover: self._cover,
            Bullets: self._bullets,
            Table: self._table_slides,
            Pictures: self._pictures,
            Tiles: self._tiles,
            Detail: self._detail,
        }[type(spec)]
        handler(spec)

    def _cover(self, spec: Cover) -> None:
        slide = self.presentation.slides.add_slide(self.cover)
        self.added.append(slide)
        self._title(slide, spec.title, COVER_SIZES)
        lines = [line for line in (spec.subtitle, spec.note) if line]
        if not lines:
            return
        target = next(
            (p for p in slide.placeholders if p.placeholder_format.type in SUBTITLES and p.placeholder_format.idx),
            None,
        )
        if target is None:
            title = slide.shapes.title
            top = (title.top + title.height) / EMU + GAP if title is not None else self.height / 2
            target = slide.shapes.add_textbox(emu(self.box.left), emu(top), emu(self.box.width), emu(1.2))
        frame = target.text_frame
        frame.word_wrap = True
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            size = 22 if index == 0 else 14
            self._run(paragraph, fit.clip(line, 160), size, colour=self.colours.text if index == 0 else None)

    def _bullets(self, spec: Bullets) -> None:
        items = [fit.clip(i, 600) for i in spec.items]
        body = _placeholder(self.content, BODIES)
        box = _box(body) if body is not None else self.box
        room = box.height - self._note_height(spec.note)
        width = box.width - 0.5  # the bullet's indent

        def heights(size: float) -> list[float]:
            return [fit.text_height(i, width, size) + size * 0.5 / 72 for i in items]

        size, chunks = fit.paginate(len(items), heights, lambda size: room, spec.max_items, BULLET_SIZES)
        for index, chunk in enumerate(chunks or [range(0)]):
            layout = self.content if body is not None else self.plain
            slide = self._slide(layout, _continued(spec.title, spec.continued, index))
            holder = _placeholder(slide, BODIES)
            if holder is None:
                holder = slide.shapes.add_textbox(emu(box.left), emu(box.top), emu(box.width), emu(room))
            else:  # all four set: a placeholder given only a height would move to the slide's corner
                holder.left, holder.top, holder.width, holder.height = (
                    emu(box.left),
                    emu(box.top),
                    emu(box.width),
                    emu(room),
                )
            frame = holder.text_frame
            frame.word_wrap = True
            for n, i in enumerate(chunk):
                paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
                paragraph.space_after = Pt(size * 0.5)
                prefix = "" if body is not None else "• "
                self._run(paragraph, prefix + items[i], size)
            if spec.note and index == len(chunks) - 1:
                self._note(slide, spec.note, self.box.bottom)

    def _table_slides(self, spec: Table) -> None:
        box = self.box
        column_widths = fit.widths([c.width for c in spec.columns], box.width)
        headers = [c.header for c in spec.columns]
        aligns = [c.align for c in spec.columns]
        note = self._note_height(spec.note)
        if not spec.rows:
            slide = self._slide(self.plain, spec.title)
            if spec.empty:
                text_box = Box(box.left, box.top, box.width, fit.text_height(spec.empty, box.width, 16) + 0.1)
                self._textbox(slide, text_box, [(spec.empty, 16, False, self.colours.muted)])
            if spec.note:
                self._note(slide, spec.note, box.bottom)
            return
        rows = self._rows(spec.rows, column_widths)
        size, chunks = fit.table_pages(
            headers, [[c.text for c in r] for r in rows], column_widths, box.height - note, spec.max_rows
        )
        for index, chunk in enumerate(chunks):
            slide = self._slide(self.plain, _continued(spec.title, spec.continued, index))
            self._table(slide, box, column_widths, headers, [rows[i] for i in chunk], size, aligns)
            if spec.note and index == len(chunks) - 1:
                self._note(slide, spec.note, box.bottom)

    def _pictures(self, spec: Pictures) -> None:
        slide = self._slide(self.plain, spec.title)
        images = spec.images[:MAX_PICTURES]
        box = self.box
        area = Box(box.left, box.top, box.width, box.height - self._note_height(spec.note))
        if images:
            columns = 1 if len(images) == 1 else 2
            lines = math.ceil(len(images) / columns)
            cell_w = (area.width - (columns - 1) * GAP) / columns
            cell_h = (area.height - (lines - 1) * GAP) / lines
            for index, data in enumerate(images):
                line, column = divmod(index, columns)
                in_line = min(columns, len(images) - line * columns)
                pixels_w, pixels_h = _image_size(data)
                scale = min(cell_w / pixels_w, cell_h / pixels_h)
                width, height = pixels_w * scale, pixels_h * scale
                row_w = in_line * cell_w + (in_line - 1) * GAP  # a short last line is centred
                left = area.left + (area.width - row_w) / 2 + column * (cell_w + GAP) + (cell_w - width) / 2
                top = area.top + line * (cell_h + GAP) + (cell_h - height) / 2
                slide.shapes.add_picture(io.BytesIO(data), emu(left), emu(top), emu(width), emu(height))
        if spec.note:
            self._note(slide, spec.note, box.bottom)

    def _tiles(self, spec: Tiles) -> None:
        limit = max(spec.max_tiles, 1)
        chunks = [spec.tiles[i : i + limit] for i in range(0, len(spec.tiles), limit)] or [[]]
        for index, tiles in enumerate(chunks):
            slide = self._slide(self.plain, _continued(spec.title, spec.continued, index))
            last = index == len(chunks) - 1
            room = self.box.height - (self._note_height(spec.note) if last else 0)
            if tiles:
                self._tile_grid(slide, tiles, max(1, min(spec.columns, len(tiles))), room)
            if spec.note and last:
                self._note(slide, spec.note, self.box.bottom)

    def _tile_grid(self, slide, tiles, columns: int, room: float) -> None:
        box = self.box
        lines = math.ceil(len(tiles) / columns)
        tile_w = (box.width - (columns - 1) * GAP) / columns
        tile_h = min((room - (lines - 1) * GAP) / lines, 1.8)
        inner = tile_w - 0.12 - 0.3  # the coloured edge and the margins
        label_size, note_size = 11, 10
        labels = [fit.clip(t.label, fit.per_line(inner, label_size) * 2) for t in tiles]
        notes = [fit.clip(t.note, fit.per_line(inner, note_size) * 2) for t in tiles]
        fixed = [
            fit.text_height(label, inner, label_size) + (fit.text_height(note, inner, note_size) if note else 0)
            for label, note in zip(labels, notes)
        ]

        def fits(tile, height: float, size: float) -> bool:  # on one line, or two where the tile has room
            return (
                fit.line_count(tile.value, inner, size, True) <= 2
                and height + fit.text_height(tile.value, inner, size, True) + 0.2 <= tile_h
            )

        # Each value as large as its tile allows: a long one ("257 k€ / 294 k€ (88 %)") is smaller, not all.
        sizes = [fit.largest(VALUE_SIZES, lambda s, t=t, h=h: fits(t, h, s)) for t, h in zip(tiles, fixed)]
        for index, tile in enumerate(tiles):
            line, column = divmod(index, columns)
            left = box.left + column * (tile_w + GAP)
            top = box.top + line * (tile_h + GAP)
            back = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(left), emu(top), emu(tile_w), emu(tile_h))
            _solid(back, self.colours.wash)
            edge = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(left), emu(top), emu(0.08), emu(tile_h))
            _solid(edge, tile.fill or self.colours.brand)
            frame = back.text_frame
            frame.word_wrap = True
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            frame.margin_left, frame.margin_right = emu(0.27), emu(0.15)
            frame.margin_top = frame.margin_bottom = emu(0.08)
            size = sizes[index]
            value = fit.clip(tile.value, fit.per_line(inner, size, True) * 2)
            parts = [(labels[index], label_size, False, self.colours.muted), (value, size, True, self.colours.title)]
            if notes[index]:
                parts.append((notes[index], note_size, False, self.colours.muted))
            for n, (text, text_size, bold, colour) in enumerate(parts):
                paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
                paragraph.alignment = PP_ALIGN.LEFT
                self._run(paragraph, text, text_size, bold=bold, colour=colour)

    # ---------------------------------------------------------------------------------- finishing

    def finish(self) -> None:
        """Unused placeholders off the generated slides; the logo in the top right corner of every slide (the
        template's own too, a title of theirs running under it made narrower)."""
        for slide in self.added:
            for shape in list(slide.placeholders):
                if not (shape.has_text_frame and shape.text_frame.text.strip()):
                    shape._element.getparent().remove(shape._element)
        if self.logo is None:
            return
        data, (left, top, width, height) = self.logo[0], self.logo_at
        for slide in self.presentation.slides:
            if slide.shapes.title is not None:
                self._beside_logo(slide.shapes.title)
            picture = slide.shapes.add_picture(io.BytesIO(data), emu(left), emu(top), emu(width), emu(height))
            picture.name = "Logo"

    def _beside_logo(self, title) -> None:
        """A title that would run under the logo ends before it."""
        if self.logo is None:
            return
        left, top, _, height = self.logo_at
        right = (title.left + title.width) / EMU
        if title.left / EMU < left < right + 0.15 and title.top / EMU < top + height:
            title.left, title.top, title.width, title.height = (
                title.left,
                title.top,
                emu(left - 0.15) - title.left,
                title.height,
            )

    # ---------------------------------------------------------------------------------- detail

    def _detail(self, spec: Detail) -> None:
        slide = self._slide(self.plain, spec.title)
        box = self.box
        room = box.height - self._note_height(spec.note)
        left_w = box.width * 0.46 if spec.right else box.width
        right_w = box.width - left_w - 0.35
        columns = [(box.left, left_w, self._bounded(spec.left))]
        if spec.right:
            columns.append((box.left + left_w + 0.35, right_w, self._bounded(spec.right)))

        def fits(size: float) -> bool:
            return all(
                self._column_height(parts, width, size) <= room and self._words_fit(parts, width, size)
                for _, width, parts in columns
            )

        size = fit.largest(DETAIL_SIZES, fits)
        for left, width, parts in columns:
            parts = self._trimmed(parts, width, size, room)
            top = box.top
            for part in parts:
                top += self._part(slide, part, Box(left, top, width, room), size) + GAP
        if spec.note:
            self._note(slide, spec.note, box.bottom)

    def _bounded(self, parts: list[Block | Points]) -> list[Block | Points]:
        bounded = []
        for part in parts:
            if isinstance(part, Block):
                bounded.append(Block(part.title, part.rows[:MAX_BLOCK_ROWS], part.columns, part.labels))
            else:
                items = [fit.clip(i, 300) for i in part.items]
                if len(items) > MAX_POINTS:
                    items = items[: MAX_POINTS - 1] + ["…"]
                bounded.append(Points(part.title, items))
        return bounded

    def _trimmed(self, parts: list[Block | Points], width: float, size: float, room: float) -> list:
        """The column cut from the end until it fits, points first, then the rows of the longest block, a last
        "…" saying so: only when even the smallest size does not fit, which the bounds make rare."""
        parts = list(parts)
        while self._column_height(parts, width, size) > room:
            points = [i for i, p in enumerate(parts) if isinstance(p, Points) and len(p.items) > 1]
            blocks = [i for i, p in enumerate(parts) if isinstance(p, Block) and len(p.rows) > 1]
            if points:
                part = parts[points[-1]]
                kept = part.items[:-2] if part.items[-1] == "…" else part.items[:-1]
                parts[points[-1]] = Points(part.title, [*kept, "…"])
            elif blocks:
                index = max(blocks, key=lambda i: len(parts[i].rows))
                part = parts[index]
                kept = part.rows[:-2] if part.rows[-1] == ["…"] else part.rows[:-1]
                parts[index] = Block(part.title, [*kept, ["…"]], part.columns, part.labels)
            else:
                break
        return parts

    def _words_fit(self, parts: list[Block | Points], width: float, size: float) -> bool:
        """No word of a block's headers or cells is cut in two at `size`."""
        for part in parts:
            if isinstance(part, Block):
                column_widths = self._block_widths(part, width)
                rows = [[_cell(v).text for v in row] for row in part.rows]
                if not (
                    fit.words_fit([c.header for c in part.columns], column_widths, size, True)
                    and fit.words_fit_rows(rows, column_widths, size)
                ):
                    return False
        return True

    def _block_widths(self, part: Block, width: float) -> list[float]:
        count = max((len(r) for r in part.rows), default=len(part.columns)) or 1
        weights = [c.width for c in part.columns] or ([0.45, 0.55] if part.labels and count == 2 else [1.0] * count)
        return fit.widths(weights, width)

    def _column_height(self, parts: list[Block | Points], width: float, size: float) -> float:
        total = 0.0
        for part in parts:
            total += (fit.text_height(part.title, width, size + 1, True) + 0.05 if part.title else 0) + GAP
            if isinstance(part, Block):
                column_widths = self._block_widths(part, width)
                rows = self._rows(part.rows, column_widths)
                headers = [c.header for c in part.columns]
                if any(headers):
                    total += fit.row_height(headers, column_widths, size, True)
                total += sum(fit.row_height([c.text for c in r], column_widths, size) for r in rows)
            else:
                total += sum(fit.text_height("• " + i, width, size) + size * 0.3 / 72 for i in part.items)
        return total

    def _part(self, slide, part: Block | Points, box: Box, size: float) -> float:
        """Draw one block or list of points at the top of `box`; returns the height used."""
        used = 0.0
        if part.title:
            height = fit.text_height(part.title, box.width, size + 1, True) + 0.05
            self._textbox(
                slide, Box(box.left, box.top, box.width, height), [(part.title, size + 1, True, self.colours.title)]
            )
            used += height
        top = box.top + used
        if isinstance(part, Block):
            column_widths = self._block_widths(part, box.width)
            headers = [c.header for c in part.columns]
            aligns = [c.align for c in part.columns] or None
            rows = self._rows(part.rows, column_widths)
            used += self._table(
                slide,
                Box(box.left, top, box.width, box.height),
                column_widths,
                headers if any(headers) else None,
                rows,
                size,
                aligns,
                labels=part.labels,
            )
        else:
            height = sum(fit.text_height("• " + i, box.width, size) + size * 0.3 / 72 for i in part.items)
            shape = self._textbox(
                slide, Box(box.left, top, box.width, height), [("• " + i, size, False, None) for i in part.items]
            )
            for paragraph in shape.text_frame.paragraphs:
                paragraph.space_after = Pt(size * 0.3)
            used += height
        return used


def _readable(fill: str, default: str) -> str:
    """The default text colour where it reads on `fill`, else white or near-black."""
    return default if contrast(default, fill) >= 4.5 else readable_on(fill)


def _solid(shape, colour: str) -> None:
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))
    shape.line.fill.background()
    shape.shadow.inherit = False


def _image_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    return max(width, 1), max(height, 1)
