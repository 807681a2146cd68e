"""The committee deck templates (review_deck and annual_deck, .pptx): a 16:9 master, three named layouts and a
cover slide whose Jinja text `pmo review` fills in; the deck's other slides are generated on these layouts.

Layouts: "Cover" (the cover slide's), "Title and Content" (its body placeholder is the content area of every
generated slide) and "Title Only". Titles leave the top right corner free for the engagement's logo; the
footer (client, period, classification) and the slide number are drawn on the content layouts. Colours are
theme colours (accent 1, text 2), which the deck renderer sets to the brand colour.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Deck
from pptx.util import Inches, Pt

from .blocks import Text

WIDTH, HEIGHT = 13.333, 7.5  # inches: 16:9
MARGIN = 0.5
TITLE = (MARGIN, 0.3, 10.9, 0.85)  # ends 1.5 inch before the logo's corner (governance.core.pptx.brand)
BODY = (MARGIN, 1.45, WIDTH - 2 * MARGIN, 5.3)
FOOTER_TOP = 6.95
LAYOUTS = {"Title Slide": "Cover", "Title and Content": "Title and Content", "Title Only": "Title Only"}
FOOTER = "{{ client }} — {{ period_label }}{% if classification %} — {{ classification }}{% endif %}"
GREY = "595959"
FIXED = datetime(2026, 1, 1, tzinfo=UTC)  # the template's own dates: rebuilding changes no byte


def _at(shape, box: tuple[float, float, float, float]) -> None:
    shape.left, shape.top, shape.width, shape.height = (Inches(v) for v in box)


def _placeholder(container, idx: int):
    return next(p for p in container.placeholders if p.placeholder_format.idx == idx)


def _list_style(shape, size: int, bold: bool, colour: str | None, align: str = "l", bullet: bool = False) -> None:
    """The placeholder's own first-level style: size (points), bold, a scheme colour (e.g. 'tx2'), alignment."""
    body = shape._element.txBody
    old = body.find(qn("a:lstStyle"))
    style = etree.SubElement(body, qn("a:lstStyle"))
    if old is not None:
        old.addprevious(style)
        body.remove(old)
    else:
        body.find(qn("a:bodyPr")).addnext(style)
    level = etree.SubElement(style, qn("a:lvl1pPr"), algn=align, marL="0", indent="0")
    if not bullet:
        etree.SubElement(level, qn("a:buNone"))
    properties = etree.SubElement(level, qn("a:defRPr"), sz=str(size * 100), b="1" if bold else "0")
    if colour:
        fill = etree.SubElement(properties, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:schemeClr"), val=colour)


def _master(presentation: Deck) -> None:
    master = presentation.slide_master
    for placeholder in master.placeholders:
        idx = placeholder.placeholder_format.idx
        box = {0: TITLE, 1: BODY, 10: (MARGIN, FOOTER_TOP, 2.5, 0.35), 11: (3.5, FOOTER_TOP, 6.3, 0.35)}.get(
            idx, (WIDTH - MARGIN - 2.0, FOOTER_TOP, 2.0, 0.35)
        )
        _at(placeholder, box)
    title = master._element.find(f"{qn('p:txStyles')}/{qn('p:titleStyle')}/{qn('a:lvl1pPr')}")
    title.set("algn", "l")
    properties = title.find(qn("a:defRPr"))
    properties.set("sz", "2800")
    properties.set("b", "1")
    properties.find(f"{qn('a:solidFill')}/{qn('a:schemeClr')}").set("val", "tx2")
    for level, size in (("a:lvl1pPr", 2000), ("a:lvl2pPr", 1800), ("a:lvl3pPr", 1600)):
        node = master._element.find(f"{qn('p:txStyles')}/{qn('p:bodyStyle')}/{qn(level)}/{qn('a:defRPr')}")
        node.set("sz", str(size))
    _placeholder(master, 0).text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE


def _theme(presentation: Deck) -> None:
    """The default brand: the renderer replaces accent 1, text 2 and the fonts with the engagement's."""
    part = presentation.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    for name in ("accent1", "dk2"):
        slot = root.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, qn("a:srgbClr"), val="1F4E79")
    for latin in root.iterfind(f".//{qn('a:fontScheme')}/*/{qn('a:latin')}"):
        latin.set("typeface", "Calibri")
    part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class _Drawing:
    """Shapes drawn on a scratch slide, then moved onto a layout (python-pptx draws only on slides)."""

    def __init__(self, presentation: Deck, layout) -> None:
        self.presentation = presentation
        self.slide = presentation.slides.add_slide(layout)

    def rule(self, box, theme: MSO_THEME_COLOR | None = MSO_THEME_COLOR.ACCENT_1, rgb: str | None = None):
        from pptx.dml.color import RGBColor

        shape = self.slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Inches(v) for v in box))
        shape.fill.solid()
        if theme is not None:
            shape.fill.fore_color.theme_color = theme
        else:
            shape.fill.fore_color.rgb = RGBColor.from_string(rgb)
        shape.line.fill.background()
        shape.shadow.inherit = False
        return shape

    def text(self, box, text: str, size: int, align=PP_ALIGN.LEFT, colour: str = GREY, slide_number: bool = False):
        from pptx.dml.color import RGBColor

        shape = self.slide.shapes.add_textbox(*(Inches(v) for v in box))
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.margin_left = frame.margin_right = 0
        paragraph = frame.paragraphs[0]
        paragraph.alignment = align
        if slide_number:  # a field: each slide shows its own number
            field = etree.SubElement(
                paragraph._p, qn("a:fld"), id="{6A1D4F3E-2B7C-4E8A-9D51-0C3B2A7E5F10}", type="slidenum"
            )
            properties = etree.SubElement(field, qn("a:rPr"), lang="fr-FR", sz=str(size * 100))
            fill = etree.SubElement(properties, qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr"), val=colour)
            etree.SubElement(field, qn("a:t")).text = "‹#›"
        else:
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.color.rgb = RGBColor.from_string(colour)
        return shape

    def move_to(self, layout, shapes: dict) -> None:
        """`shapes` (by the name they get) onto `layout`, behind its placeholders, with ids of the layout's own."""
        tree = layout.shapes._spTree
        next_id = max(int(e.get("id")) for e in tree.iter(qn("p:cNvPr"))) + 1
        anchor = tree.find(qn("p:grpSpPr"))
        for name, shape in shapes.items():
            element = copy.deepcopy(shape._element)
            element.find(f".//{qn('p:cNvPr')}").set("id", str(next_id))
            element.find(f".//{qn('p:cNvPr')}").set("name", name)
            next_id += 1
            anchor.addnext(element)
            anchor = element
            shape._element.getparent().remove(shape._element)

    def discard(self) -> None:
        slides = self.presentation.slides._sldIdLst
        entry = slides[-1]
        self.presentation.part.drop_rel(entry.rId)
        slides.remove(entry)


def _layouts(presentation: Deck) -> tuple:
    for layout in list(presentation.slide_layouts):
        if layout.name in LAYOUTS:
            layout.name = LAYOUTS[layout.name]
        else:
            presentation.slide_layouts.remove(layout)
    named = {layout.name: layout for layout in presentation.slide_layouts}
    cover, content, plain = named["Cover"], named["Title and Content"], named["Title Only"]
    drawing = _Drawing(presentation, plain)

    _at(_placeholder(cover, 0), (0.9, 1.9, 10.4, 1.6))
    _list_style(_placeholder(cover, 0), 40, True, "tx2")
    _placeholder(cover, 0).text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    _at(_placeholder(cover, 1), (0.9, 3.85, 10.4, 1.3))
    _list_style(_placeholder(cover, 1), 22, False, "tx1")
    shapes = {"Brand band": drawing.rule((0, 0, 0.3, HEIGHT)), "Title rule": drawing.rule((0.9, 3.62, 1.4, 0.06))}
    drawing.move_to(cover, shapes)

    for layout in (content, plain):
        shapes = {
            "Title rule": drawing.rule((MARGIN, 1.2, WIDTH - 2 * MARGIN, 0.04)),
            "Footer rule": drawing.rule((MARGIN, FOOTER_TOP - 0.07, WIDTH - 2 * MARGIN, 0.01), None, "BFBFBF"),
            "Footer text": drawing.text((MARGIN, FOOTER_TOP, 10.3, 0.35), FOOTER, 10),
            "Slide number": drawing.text(
                (WIDTH - MARGIN - 1.0, FOOTER_TOP, 1.0, 0.35), "", 10, PP_ALIGN.RIGHT, slide_number=True
            ),
        }
        drawing.move_to(layout, shapes)
    return cover, drawing


def build(language: str, note: Callable[[Text], str]) -> Deck:
    """A deck template in `language`; `note`: the cover's last line."""
    t = Text(language)
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(WIDTH), Inches(HEIGHT)
    _master(presentation)
    _theme(presentation)
    cover, drawing = _layouts(presentation)
    drawing.discard()

    slide = presentation.slides.add_slide(cover)
    slide.shapes.title.text = "{{ title }}"
    _placeholder(slide, 1).text = "{{ client }} — {{ period_label }}"
    box = slide.shapes.add_textbox(Inches(0.9), Inches(5.25), Inches(10.4), Inches(0.5))
    box.name = "Cover note"
    box.text_frame.word_wrap = True
    run = box.text_frame.paragraphs[0].add_run()
    run.text = note(t)
    run.font.size = Pt(14)
    run.font.color.theme_color = MSO_THEME_COLOR.TEXT_1
    run.font.color.brightness = 0.35
    box = slide.shapes.add_textbox(Inches(0.9), Inches(6.8), Inches(8.0), Inches(0.35))
    box.name = "Classification"
    box.text_frame.word_wrap = True
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "{{ classification }}"
    run.font.size = Pt(10)
    run.font.bold = True
    run.font.color.theme_color = MSO_THEME_COLOR.TEXT_2

    package = presentation.part.package
    for rid, relationship in list(package._rels.items()):
        if relationship.reltype == RT.THUMBNAIL:  # python-pptx's own template's picture, not this deck's
            package.drop_rel(rid)

    properties = presentation.core_properties
    properties.title = "{{ title }} — {{ client }}"
    properties.subject = "{{ period_label }}"
    properties.author = "{{ consultant }}"
    properties.last_modified_by = ""
    properties.keywords = ""
    properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = FIXED
    return presentation


def review_deck(language: str) -> Deck:
    return build(
        language,
        lambda t: t(
            "Préparé par {{ consultant }} le {{ today|date }}", "Prepared by {{ consultant }} on {{ today|date }}"
        ),
    )


def annual_deck(language: str) -> Deck:
    return build(
        language,
        lambda t: t(
            "Bilan annuel préparé par {{ consultant }} le {{ today|date }}",
            "Annual review prepared by {{ consultant }} on {{ today|date }}",
        ),
    )


BUILDS: dict[str, Callable[[str], Deck]] = {"review_deck": review_deck, "annual_deck": annual_deck}


def save(presentation: Deck, target: Path) -> Path:
    """The deck written with fixed zip timestamps: rebuilding an unchanged template changes no byte."""
    from governance.core.docx.packaging import normalise_zip

    buffer = io.BytesIO()
    presentation.save(buffer)
    target.write_bytes(normalise_zip(buffer.getvalue()))
    return target
