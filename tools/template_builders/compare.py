"""Compare two folders of .docx templates by what a reader and docxtpl see: every paragraph (with its style),
table (with its column widths), header, footer and document property, in order, and the raw Jinja tags.

Usage: python tools/template_builders/compare.py BEFORE_FOLDER AFTER_FOLDER   (exit status 1 on a difference)
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def _text(element) -> str:
    """The text of a paragraph as docxtpl sees it: runs joined, tabs as \\t, field codes kept."""
    parts = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:instrText")):
        parts.append("\t" if node.tag == qn("w:tab") else node.text or "")
    return "".join(parts)


def _style(element, styles: dict[str, str]) -> str:
    style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return styles.get(style.get(qn("w:val")), "?") if style is not None else "Normal"


def _block(element, styles: dict[str, str], prefix: str = "") -> list[str]:
    if element.tag == qn("w:p"):
        return [f"{prefix}p[{_style(element, styles)}] {_text(element)}"]
    if element.tag == qn("w:tbl"):
        widths = [column.get(qn("w:w")) for column in element.iter(qn("w:gridCol"))]
        lines = [f"{prefix}table widths={widths}"]
        for row in element.findall(qn("w:tr")):
            cells = [
                " / ".join(f"[{_style(p, styles)}] {_text(p)}" for p in cell.findall(qn("w:p")))
                for cell in row.findall(qn("w:tc"))
            ]
            lines.append(f"{prefix}  row: " + " | ".join(cells))
        return lines
    return []


def extract(path: Path) -> list[str]:
    """The document as lines: properties, headers, body (paragraphs and tables in order), footers."""
    document = Document(str(path))
    styles = {style.style_id: style.name for style in document.styles}
    properties = document.core_properties
    lines = [f"title: {properties.title}", f"subject: {properties.subject}", f"author: {properties.author}"]
    for number, section in enumerate(document.sections):
        lines.append(f"section {number}: {section.orientation} {section.page_width}x{section.page_height}")
        for paragraph in section.header.paragraphs:
            lines += _block(paragraph._p, styles, "header ")
        for paragraph in section.footer.paragraphs:
            lines += _block(paragraph._p, styles, "footer ")
    for element in document.element.body:
        lines += _block(element, styles)
    return lines


def tags(path: Path) -> list[str]:
    """Every Jinja tag (`{{ }}`, `{% %}`) of the document, in order, as docxtpl will read it."""
    return [tag for line in extract(path) for tag in _TAG.findall(line)]


def compare(before: Path, after: Path) -> list[str]:
    """The differences between two folders of templates, as unified-diff lines (none when equivalent)."""
    differences = []
    names = sorted({p.name for p in before.glob("*.docx")} | {p.name for p in after.glob("*.docx")})
    for name in names:
        old, new = before / name, after / name
        if not old.exists() or not new.exists():
            differences.append(f"{name}: only in {'after' if not old.exists() else 'before'}")
            continue
        for kind, read in (("text", extract), ("tags", tags)):
            diff = list(
                difflib.unified_diff(
                    read(old), read(new), f"{name} ({kind}) before", f"{name} ({kind}) after", lineterm="", n=1
                )
            )
            differences += diff
    return differences


if __name__ == "__main__":
    found = compare(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(found) or "no difference")
    sys.exit(1 if found else 0)
