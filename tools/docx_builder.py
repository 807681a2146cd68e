"""Helpers to author the default .docx templates with python-docx (a developer tool, not used at run time).

The .docx files under document_templates/ are the source consultants edit in Word; these helpers only
produce their first version with consistent styles, header, footer and table layout.
"""
from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

PAGE_WIDTH_CM = 16.0  # A4 minus 2.5 cm margins
LANDSCAPE_WIDTH_CM = 25.7  # A4 landscape minus 2 cm margins
GREY = RGBColor(0x76, 0x76, 0x76)


def new_document(title: str, subject: str, landscape: bool = False) -> Document:
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
        styles[name].font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = "{{ consultant }}"
    properties.last_modified_by = ""
    _header_footer(document, LANDSCAPE_WIDTH_CM if landscape else PAGE_WIDTH_CM)
    return document


def text_width(document: Document) -> float:
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


def _tab_stops(document: Document, width_cm: float) -> None:
    # The default Header/Footer styles stop at 8.25 cm (centre) and 16.5 cm (right), past a 16 cm text
    # width: the right-hand text then lands in the middle or on a second line. One right stop at the edge.
    from docx.enum.text import WD_TAB_ALIGNMENT

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


def _header_footer(document: Document, width_cm: float = PAGE_WIDTH_CM) -> None:
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
    for text, is_field in (("{{ footer_text }}", False), ("\t", False), ("PAGE", True), (" / ", False),
                           ("NUMPAGES", True)):
        if is_field:
            _field(footer, text)
        else:
            footer.add_run(text)
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = GREY


def heading(document: Document, text: str, level: int = 1):
    return document.add_heading(text, level=level)


def para(document: Document, text: str, style: str | None = None, italic: bool = False, size: float | None = None):
    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.italic = italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def tag(document: Document, text: str):
    """A paragraph that holds only a docxtpl block tag ({%p ... %}); docxtpl removes it when rendering."""
    return document.add_paragraph(text)


def bullet(document: Document, text: str):
    return document.add_paragraph(text, style="List Bullet")


def guidance(document: Document, text: str):
    """Guidance for whoever fills the document in: grey italic, meant to be replaced."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.italic = True
    run.font.color.rgb = GREY
    return paragraph


def bullets(document: Document, loop: str, text: str, empty: str | None = None) -> None:
    """One bullet per item of `loop` (e.g. 'r in body.inputs'); `empty` is printed when there is none."""
    sequence = loop.split(" in ", 1)[1]
    if empty:
        tag(document, f"{{%p if {sequence} %}}")
    tag(document, f"{{%p for {loop} %}}")
    bullet(document, text)
    tag(document, "{%p endfor %}")
    if empty:
        tag(document, "{%p else %}")
        guidance(document, empty)
        tag(document, "{%p endif %}")


def _set_widths(table, widths_cm: list[float]) -> None:
    # LibreOffice lays out from the grid (w:tblGrid), Word from the cells: set both.
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def table(document: Document, headers: list[str], widths_cm: list[float], rows: list[list[str]] | None = None,
          loop: str | None = None, cells: list[str] | None = None, font_size: float = 9,
          after: list[list[str]] | None = None, row_height: float = 0.5, key_value: bool = False):
    """A table with a header row, fixed `rows`, then optionally one `{%tr for %}` row of `cells`.

    `after`: fixed rows below the loop (e.g. blank lines for the project team to fill in). Rows never
    break across pages and are at least `row_height` cm high (room to write on a printed form).
    """
    body = list(rows or [])
    if loop:
        body += [[f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1), cells,
                 ["{%tr endfor %}"] + [""] * (len(headers) - 1)]
    body += list(after or [])
    result = document.add_table(rows=1 + len(body), cols=len(headers))
    result.style = "Table Grid"
    result.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(headers):
        result.rows[0].cells[i].text = text
    for r, values in enumerate(body, start=1):
        for i, text in enumerate(values):
            result.rows[r].cells[i].text = text
    for index, row in enumerate(result.rows):
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    # Headers are bold: a half point smaller keeps "Responsable" on one line.
                    run.font.size = Pt(min(font_size, 8.5) if index == 0 and not key_value else font_size)
    _repeat_header(result)
    _set_widths(result, widths_cm)
    for index, row in enumerate(result.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if (index or key_value) and row_height:
            row.height = Cm(row_height)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    document.add_paragraph()
    return result


def _repeat_header(table) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def key_value_table(document: Document, rows: list[tuple[str, str]], widths_cm: tuple[float, float] = (4.5, 11.5),
                    font_size: float = 9):
    """Labels in the first column, values beside them: no header row (Word's "Header Row" box unticked),
    so the branding shades the label column instead of the first row."""
    result = table(document, [rows[0][0], rows[0][1]], list(widths_cm), rows=[list(r) for r in rows[1:]],
                   font_size=font_size, key_value=True)
    look = result._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        result._tbl.tblPr.append(look)
    look.set(qn("w:firstRow"), "0")
    look.set(qn("w:firstColumn"), "1")
    header = result.rows[0]._tr.trPr
    if header is not None:
        for repeat in header.findall(qn("w:tblHeader")):
            header.remove(repeat)
    return result


def document_control(document: Document, labels: dict[str, str]) -> None:
    """Version, date, author, approvers, status and history: the block every kit document carries.

    Reads `document` (version, date, author, approvers, status) and `document_history` from the context.
    """
    heading(document, labels["document_control"], 2)
    width = text_width(document)
    key_value_table(document, [
        (labels["version"], "{{ document.version }}"),
        (labels["date"], "{{ document.date|date }}"),
        (labels["author"], "{{ document.author }}"),
        (labels["approvers"], "{{ document.approvers }}"),
        (labels["status"], "{{ document.status }}"),
    ], (4.5, width - 4.5))
    para(document, labels["history"], size=9).runs[0].bold = True
    scale = width / 16.0
    table(document, [labels["version"], labels["date"], labels["author"], labels["approvers"], labels["changes"]],
          [w * scale for w in (2.0, 2.5, 3.5, 4.0, 4.0)],
          loop="h in document_history",
          cells=["{{ h.version }}", "{{ h.date|date }}", "{{ h.author }}", "{{ h.approvers }}", "{{ h.changes }}"],
          after=[["", "", "", "", ""]])


def centered_image(document: Document, expression: str) -> None:
    paragraph = document.add_paragraph(expression)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def page_break(document: Document) -> None:
    document.add_page_break()
