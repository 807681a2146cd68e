"""Helpers to author the default .docx templates with python-docx (a developer tool, not used at run time).

The .docx files under document_templates/ are the source consultants edit in Word; these helpers only
produce their first version with consistent styles, header, footer and table layout.
"""
from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

PAGE_WIDTH_CM = 16.0  # A4 minus 2.5 cm margins


def new_document(title: str, subject: str) -> Document:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
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
    _header_footer(document)
    return document


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


def _header_footer(document: Document) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = "{{ logo }}"
    header.add_run("\t\t{{ classification }}").font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.add_run("{{ footer_text }}").font.size = Pt(8)
    footer.add_run("\t\t").font.size = Pt(8)
    _field(footer, "PAGE")


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
    run.font.color.rgb = RGBColor(0x76, 0x76, 0x76)
    return paragraph


def _set_widths(table, widths_cm: list[float]) -> None:
    # LibreOffice lays out from the grid (w:tblGrid), Word from the cells: set both.
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def table(document: Document, headers: list[str], widths_cm: list[float], rows: list[list[str]] | None = None,
          loop: str | None = None, cells: list[str] | None = None, font_size: float = 9):
    """A table with a header row and either fixed `rows` or one `{%tr for %}` row of `cells`."""
    body = list(rows or [])
    if loop:
        body = [[f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1), cells,
                ["{%tr endfor %}"] + [""] * (len(headers) - 1)]
    result = document.add_table(rows=1 + len(body), cols=len(headers))
    result.style = "Table Grid"
    result.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(headers):
        result.rows[0].cells[i].text = text
    for r, values in enumerate(body, start=1):
        for i, text in enumerate(values):
            result.rows[r].cells[i].text = text
    for row in result.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(font_size)
    _repeat_header(result)
    _set_widths(result, widths_cm)
    document.add_paragraph()
    return result


def _repeat_header(table) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def document_control(document: Document, labels: dict[str, str]) -> None:
    """Version, date, author, approvers and history: the block every kit document carries."""
    heading(document, labels["document_control"], 2)
    table(document, [labels["version"], labels["date"], labels["author"], labels["approvers"], labels["changes"]],
          [2.0, 2.5, 3.5, 4.0, 4.0],
          loop="h in document_history",
          cells=["{{ h.version }}", "{{ h.date }}", "{{ h.author }}", "{{ h.approvers }}", "{{ h.changes }}"])


def centered_image(document: Document, expression: str) -> None:
    paragraph = document.add_paragraph(expression)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def page_break(document: Document) -> None:
    document.add_page_break()
