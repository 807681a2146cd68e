"""Workbooks people fill in and send back (status forms, decision registers): brand, styles, layout helpers.

Input cells are yellow, locked cells grey; a very hidden sheet carries what identifies the workbook, so a
returned file is recognised by its content, never by its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import SimpleNamespace

from openpyxl.styles import Font, PatternFill

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")
GREY, RED, WHITE = "595959", "C00000", "FFFFFF"


@dataclass(frozen=True)
class FormBrand:
    colour: str  # "1F4E79"
    font: str
    logo: Path | None
    author: str
    client: str
    engagement_id: str
    language: str


def form_brand_for(engagement) -> FormBrand:
    """The engagement's brand as its workbooks show it (duck-typed on Engagement, like branding_for)."""
    config = engagement.config
    logo = engagement.resolve(config.branding.logo) if config.branding.logo else None
    return FormBrand(
        colour=config.branding.primary_colour.lstrip("#"),
        font=config.branding.font,
        logo=logo,
        author=config.consultant,
        client=config.client.name,
        engagement_id=engagement.id,
        language=config.language,
    )


@cache
def form_styles(font: str, colour: str) -> SimpleNamespace:
    """The fonts and fills of a form, made once per brand: openpyxl's style objects are slow to build, and a
    thousand sheets assign them some 150,000 times."""
    return SimpleNamespace(
        plain=Font(name=font),
        bold=Font(name=font, bold=True),
        italic=Font(name=font, italic=True),
        title=Font(name=font, bold=True, size=14, color=colour),
        big_title=Font(name=font, bold=True, size=16, color=colour),
        due=Font(name=font, bold=True, color=RED),
        header=Font(name=font, bold=True, color=WHITE),
        header_fill=PatternFill("solid", fgColor=colour),
        last=Font(name=font, color=GREY),
        hint=Font(name=font, italic=True, color=GREY),
        heading=Font(name=font, bold=True, color=colour),
    )


def fit_to_width(ws, orientation: str = "portrait") -> None:
    """Printed (or converted to PDF), a sheet is one page wide, as tall as it needs."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.page_setup.orientation = orientation


def add_logo(ws, logo: Path | None, height: int = 48) -> int:
    """The logo at A1 when there is one: the first row free below it (1 without a logo)."""
    if logo is None or not logo.is_file():
        return 1
    from openpyxl.drawing.image import Image

    image = Image(str(logo))
    scale = height / max(image.height, 1)
    image.width, image.height = int(image.width * scale), height
    ws.add_image(image, "A1")
    return 4
