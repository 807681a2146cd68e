"""The blocks every template is made of: text in two languages, title block, document control, headings,
paragraphs, guidance, docxtpl tags, bullets and tables.

A template module is a short description of its sections written with these blocks; `page.py` holds the
page set-up and the raw WordprocessingML they need.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from docx.document import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from governance.core.i18n import french_spacing
from governance.core.i18n import t as in_language

from .page import GREY, cant_split, new_document, repeat_header, set_widths, text_width

__all__ = [
    "Text",
    "new_document",
    "text_width",
    "title_block",
    "heading",
    "para",
    "guidance",
    "tag",
    "when",
    "each",
    "otherwise",
    "bullet",
    "bullets",
    "table",
    "key_value_table",
    "document_control",
    "centered_image",
    "page_break",
    "new_page",
    "cell_lines",
    "bullet_cell",
    "total_row",
    "numeric",
    "keep_together",
]


class Text:
    """`t(fr, en)`: the one way templates write text, both languages side by side, so that a change to one
    is made to the other in the same place. `spacing`: French text gets its no-break spaces (before : ; ? !
    and inside « ») unless a call says `spacing=False` (a Jinja literal, say, that must stay as written)."""

    def __init__(self, language: str, spacing: bool = False) -> None:
        self.language = language
        self.spacing = spacing

    def __call__(self, fr: str, en: str, spacing: bool | None = None) -> str:
        if self.spacing if spacing is None else spacing:
            fr = french_spacing(fr)
        return in_language(self.language, fr=fr, en=en)


# ---------------------------------------------------------------------------------------------- paragraphs


def heading(document: Document, text: str, level: int = 1) -> Paragraph:
    return document.add_heading(text, level=level)


def para(
    document: Document, text: str, style: str | None = None, italic: bool = False, size: float | None = None
) -> Paragraph:
    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.italic = italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def guidance(document: Document, text: str) -> Paragraph:
    """Guidance for whoever fills the document in: grey italic, meant to be replaced."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.italic = True
    run.font.color.rgb = GREY
    return paragraph


def bullet(document: Document, text: str) -> Paragraph:
    return document.add_paragraph(text, style="List Bullet")


def centered_image(document: Document, expression: str) -> None:
    """A paragraph holding only an image variable (`{{ chart }}`), centred."""
    paragraph = document.add_paragraph(expression)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def page_break(document: Document) -> None:
    document.add_page_break()


def new_page(paragraph: Paragraph) -> Paragraph:
    """Start `paragraph` on a new page (a page-break paragraph would leave a blank page when the previous
    page is exactly full)."""
    paragraph.paragraph_format.page_break_before = True
    return paragraph


def title_block(document: Document, title: str, subtitle: str, prepared: str | None = None) -> None:
    """Title, subtitle and, for generated reports, who prepared the document and when (italic)."""
    document.add_paragraph(title, style="Title")
    para(document, subtitle, size=13)
    if prepared:
        para(document, prepared, italic=True)


# ------------------------------------------------------------------------------------------- docxtpl tags


def tag(document: Document, text: str) -> Paragraph:
    """A paragraph that holds only a docxtpl block tag ({%p ... %}); docxtpl removes it when rendering."""
    return document.add_paragraph(text)


@contextmanager
def _between(document: Document, opening: str, closing: str) -> Iterator[None]:
    tag(document, f"{{%p {opening} %}}")
    yield
    tag(document, f"{{%p {closing} %}}")


def when(document: Document, condition: str) -> AbstractContextManager[None]:
    """`with when(doc, "gaps"):` the paragraphs inside appear only if `condition` holds."""
    return _between(document, f"if {condition}", "endif")


def each(document: Document, loop: str) -> AbstractContextManager[None]:
    """`with each(doc, "d in gaps"):` the paragraphs inside repeat for every item."""
    return _between(document, f"for {loop}", "endfor")


def otherwise(document: Document) -> None:
    """Inside `when`: what follows appears when the condition does not hold."""
    tag(document, "{%p else %}")


def bullets(document: Document, loop: str, text: str, empty: str | None = None) -> None:
    """One bullet per item of `loop` (e.g. 'r in body.inputs'); `empty` (guidance) when there is none."""
    if not empty:
        with each(document, loop):
            bullet(document, text)
        return
    with when(document, loop.split(" in ", 1)[1]):
        with each(document, loop):
            bullet(document, text)
        otherwise(document)
        guidance(document, empty)


# ------------------------------------------------------------------------------------------------- tables


def table(
    document: Document,
    headers: list[str],
    widths_cm: list[float],
    rows: list[list[str]] | None = None,
    loop: str | None = None,
    cells: list[str] | None = None,
    font_size: float = 9,
    after: list[list[str]] | None = None,
    row_height: float = 0.5,
    key_value: bool = False,
) -> Table:
    """A table with a header row, fixed `rows`, then optionally one `{%tr for loop %}` row of `cells`.

    `after`: fixed rows below the loop (e.g. blank lines for the project team to fill in). Rows never
    break across pages and are at least `row_height` cm high (room to write on a printed form).
    """
    body = list(rows or [])
    if loop:
        body += [
            [f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1),
            cells,
            ["{%tr endfor %}"] + [""] * (len(headers) - 1),
        ]
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
    repeat_header(result)
    set_widths(result, widths_cm)
    for index, row in enumerate(result.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if (index or key_value) and row_height:
            row.height = Cm(row_height)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    document.add_paragraph()
    return result


def key_value_table(
    document: Document, rows: list[tuple[str, str]], widths_cm: tuple[float, float] = (4.5, 11.5), font_size: float = 9
) -> Table:
    """Labels in the first column, values beside them: no header row (Word's "Header Row" box unticked),
    so the branding shades the label column instead of the first row."""
    result = table(
        document,
        [rows[0][0], rows[0][1]],
        list(widths_cm),
        rows=[list(r) for r in rows[1:]],
        font_size=font_size,
        key_value=True,
    )
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


def document_control(document: Document, t: Text, history: str | None = None) -> None:
    """Version, date, author, approvers, status and history: the block every kit document carries.

    Reads `document` (version, date, author, approvers, status) and `document_history` from the context.
    """
    version, date, author = t("Version", "Version"), t("Date", "Date"), t("Auteur", "Author")
    approvers = t("Approbateurs", "Approvers")
    heading(document, t("Suivi du document", "Document control"), 2)
    width = text_width(document)
    key_value_table(
        document,
        [
            (version, "{{ document.version }}"),
            (date, "{{ document.date|date }}"),
            (author, "{{ document.author }}"),
            (approvers, "{{ document.approvers }}"),
            (t("Statut", "Status"), "{{ document.status }}"),
        ],
        (4.5, width - 4.5),
    )
    para(document, history or t("Historique des versions", "Version history"), size=9).runs[0].bold = True
    scale = width / 16.0
    table(
        document,
        [version, date, author, approvers, t("Modifications", "Changes")],
        [w * scale for w in (2.0, 2.5, 3.5, 4.0, 4.0)],
        loop="h in document_history",
        cells=["{{ h.version }}", "{{ h.date|date }}", "{{ h.author }}", "{{ h.approvers }}", "{{ h.changes }}"],
        after=[["", "", "", "", ""]],
    )


def cell_lines(cell: _Cell, lines: list[list[tuple[str, bool]]], size: float = 9, style: str | None = None) -> None:
    """Fill a cell with paragraphs, each a list of (text, bold) runs (a `{%p %}` tag line keeps Normal style)."""
    for paragraph in list(cell.paragraphs)[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    paragraph = cell.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    for index, runs in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        if style and runs and not runs[0][0].startswith("{%p"):
            paragraph.style = style
        paragraph.paragraph_format.space_after = Pt(0)
        for text, bold in runs:
            run = paragraph.add_run(text)
            run.bold = bold
            run.font.size = Pt(size)


def bullet_cell(cell: _Cell, loop: str) -> None:
    """A cell listing every item of `loop` (e.g. 'x in b.inputs') as bullets."""
    cell_lines(
        cell, [[(f"{{%p for {loop} %}}", False)], [("{{ x }}", False)], [("{%p endfor %}", False)]], style="List Bullet"
    )


def total_row(result: Table, values: list[str], widths: list[float], font_size: float = 9) -> None:
    """A bold row after a table's {%tr for %} loop (the totals)."""
    row = result.add_row()
    for cell, value in zip(row.cells, values, strict=False):
        cell.text = value
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.space_after = Pt(0)
            for run in paragraph.runs:
                run.font.size = Pt(font_size)
                run.font.bold = True
    set_widths(result, widths)


def numeric(result: Table, columns: list[int]) -> None:
    """Right-align the columns holding numbers (header included), as a reader compares them."""
    for row in result.rows:
        for index in columns:
            for paragraph in row.cells[index].paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def keep_together(result: Table, whole: bool = True) -> None:
    """Rows never split across pages (the total row too); a short table (`whole`) also stays on one page."""
    for position, row in enumerate(result.rows):
        cant_split(row)
        if whole and position < len(result.rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
