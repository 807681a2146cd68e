"""Helpers shared by the tests."""

from __future__ import annotations

from pathlib import Path

from docx import Document


def document_text(path: Path) -> str:
    """Every paragraph, table cell, header and footer of a .docx, as a person reads it."""
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def deck_text(path: str | Path) -> str:
    """Every text frame and table cell of a .pptx, slide after slide."""
    from pptx import Presentation

    texts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts.extend(c.text for row in shape.table.rows for c in row.cells)
    return "\n".join(texts)
