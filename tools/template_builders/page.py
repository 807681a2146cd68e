"""The page every template shares: A4 sheet, the kit's styles, header (logo, classification) and footer.

Low-level python-docx and WordprocessingML helpers live here so that blocks.py reads as document parts.
"""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

PAGE_WIDTH_CM = 16.0  # A4 minus 2.5 cm margins
LANDSCAPE_WIDTH_CM = 25.7  # A4 landscape minus 2 cm margins
GREY = RGBColor(0x76, 0x76, 0x76)
HEADING_BLUE = RGBColor(0x1F, 0x4E, 0x79)


def new_document(title: str, subject: str, landscape: bool = False) -> DocumentObject:
    """A4 document with the kit's styles, header (logo, classification) and footer (text, page x / y).

    Landscape suits registers, whose tables have many columns.
    """
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = Cm(21.0), Cm(29.7)
        margin = Cm(2.0)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        margin = Cm(2.5)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, margin)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    styles = document.styles
    styles["Normal"].font.size = Pt(10.5)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 24), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        styles[name].font.size = Pt(size)
        styles[name].font.color.rgb = HEADING_BLUE
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = "{{ consultant }}"
    properties.last_modified_by = ""
    _header_footer(document, LANDSCAPE_WIDTH_CM if landscape else PAGE_WIDTH_CM)
    return document


def text_width(document: DocumentObject) -> float:
    """The width between the margins, in cm: tables are sized as fractions of it."""
    section = document.sections[0]
    return round((section.page_width - section.left_margin - section.right_margin) / 360000, 2)


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate, text, end):
        run._r.append(element)


def _tab_stops(document: DocumentObject, width_cm: float) -> None:
    # The default Header/Footer styles stop at 8.25 cm (centre) and 16.5 cm (right), past a 16 cm text
    # width: the right-hand text then lands in the middle or on a second line. One right stop at the edge.
    for name in ("Header", "Footer"):
        stops = document.styles[name].paragraph_format.tab_stops
        stops.clear_all()
        stops.add_tab_stop(Cm(width_cm), WD_TAB_ALIGNMENT.RIGHT)


def _border(paragraph, side: str) -> None:
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "4"), ("w:color", "A6A6A6")):
        line.set(qn(key), value)
    borders.append(line)
    properties.append(borders)


def _header_footer(document: DocumentObject, width_cm: float = PAGE_WIDTH_CM) -> None:
    """Header: logo left, classification right. Footer: footer text left, page x / y right.

    Only `logo`, `classification` and `footer_text` are used here: every renderer supplies them.
    """
    section = document.sections[0]
    _tab_stops(document, width_cm)
    header = section.header.paragraphs[0]
    header.add_run("{{ logo }}")
    classification = header.add_run("\t{{ classification }}")
    classification.font.size = Pt(8)
    classification.font.color.rgb = GREY
    _border(header, "bottom")
    footer = section.footer.paragraphs[0]
    _border(footer, "top")
    for text, is_field in (
        ("{{ footer_text }}", False),
        ("\t", False),
        ("PAGE", True),
        (" / ", False),
        ("NUMPAGES", True),
    ):
        if is_field:
            _field(footer, text)
        else:
            footer.add_run(text)
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = GREY


def set_widths(table, widths_cm: list[float]) -> None:
    """Column widths. LibreOffice lays out from the grid (w:tblGrid), Word from the cells: set both."""
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=False):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def append_property(parent, name: str, **attributes: str) -> None:
    """Append a WordprocessingML property element (`w:...`) with its attributes to `parent`."""
    element = OxmlElement(name)
    for key, value in attributes.items():
        element.set(qn(key), value)
    parent.append(element)


def cant_split(row) -> None:
    """The row never breaks across pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def repeat_header(table) -> None:
    """The first row repeats at the top of every page the table spans."""
    append_property(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader", **{"w:val": "true"})


def row_height(row, cm: float) -> None:
    """At least `cm` high, written as a raw w:trHeight (room to sign or write on a printed form)."""
    append_property(row._tr.get_or_add_trPr(), "w:trHeight", **{"w:val": str(int(Cm(cm).twips)), "w:hRule": "atLeast"})


def cell_property(cell, name: str, **attributes: str) -> None:
    append_property(cell._tc.get_or_add_tcPr(), name, **attributes)


def caption(table, text: str) -> None:
    """Name the table (w:tblCaption) so code can find it after rendering."""
    append_property(table._tbl.tblPr, "w:tblCaption", **{"w:val": text})
