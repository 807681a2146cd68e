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
