"""The engagement's branding (colour, font, logo, footer, classification) and applying it to a Word document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Branding:
    primary_colour: str = "#1F4E79"
    font: str = "Calibri"
    logo: Path | None = None
    footer: str = ""
    classification: str = ""


def branding_for(engagement) -> Branding:
    """The engagement's branding from pmo.yaml; the footer defaults to the client's name."""
    settings = engagement.config.branding
    return Branding(
        primary_colour=settings.primary_colour,
        font=settings.font,
        logo=engagement.resolve(settings.logo) if settings.logo else None,
        footer=settings.footer or engagement.config.client.name,
        classification=settings.classification,
    )


def apply_branding(docx_document, branding: Branding) -> None:
    """Primary colour on headings, the title rule and table headers; the brand font on text styles.

    A table whose "Header Row" option is off (w:tblLook firstRow=0) is a label/value table: its label
    column gets a light tint instead of a coloured first row.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    colour = RGBColor.from_string(branding.primary_colour.lstrip("#"))
    for style in docx_document.styles:
        if getattr(style, "type", None) != 1:  # paragraph styles only
            continue
        font = getattr(style, "font", None)
        if font is None:
            continue
        if style.name in ("Normal", "Title", "Subtitle", "Header", "Footer") or style.name.startswith(
            ("Heading", "List")
        ):
            font.name = branding.font
            rpr = style.element.get_or_add_rPr()
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                for attr in ("w:eastAsia", "w:cs"):
                    fonts.set(qn(attr), branding.font)
                for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(attr), None)  # a theme font would win over the brand font
        if style.name == "Title" or style.name.startswith("Heading"):
            font.color.rgb = colour
        if style.name == "Title":
            border = style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
            if border is not None:
                border.set(qn("w:color"), branding.primary_colour.lstrip("#").upper())
                border.attrib.pop(qn("w:themeColor"), None)
    fill = branding.primary_colour.lstrip("#").upper()
    tint = _tint(branding.primary_colour)

    def shade(cell, colour_hex: str) -> None:
        properties = cell._tc.get_or_add_tcPr()
        for old in properties.findall(qn("w:shd")):
            properties.remove(old)
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), colour_hex)
        properties.append(shading)

    for table in docx_document.tables:
        if not table.rows:
            continue
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is not None and look.get(qn("w:firstRow")) == "0":
            for row in table.rows:
                cell = row.cells[0]
                shade(cell, tint)
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.bold = True
                        run.font.color.rgb = colour
            continue
        for cell in table.rows[0].cells:
            shade(cell, fill)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.bold = True
                    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _tint(colour: str, keep: float = 0.12) -> str:
    """The brand colour mixed with white: a pale shade for label columns."""
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "".join(f"{round(255 - (255 - c) * keep):02X}" for c in (red, green, blue))
