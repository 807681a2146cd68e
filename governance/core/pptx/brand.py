"""The engagement's branding on a deck: theme fonts and colours, readable text colours, the logo on each slide.

The brand colour fills table headers and tile edges and colours titles; a light brand colour (a yellow, a
pale blue) would make white header text or titles on white unreadable, so text colours are chosen by
contrast (WCAG): white or near-black on a fill, and the brand colour darkened until it reads on white.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from lxml import etree

from governance.core.docx.branding import Branding

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
DARK = "#1A1A1A"
WHITE = "#FFFFFF"
TITLE_CONTRAST = 4.5  # WCAG AA for text
LOGO_WIDTH = 1.5  # inches: the box the logo fits in, in the slide's top right corner
LOGO_HEIGHT = 0.75
LOGO_MARGIN = 0.3


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def hex_colour(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02X}" for c in (red, green, blue))


def luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on(fill: str) -> str:
    """White or near-black text, whichever reads better on `fill`."""
    return WHITE if contrast(WHITE, fill) >= contrast(DARK, fill) else DARK


def darkened(colour: str, minimum: float = TITLE_CONTRAST, background: str = WHITE) -> str:
    """`colour`, darkened step by step until text in it reads on `background`."""
    red, green, blue = rgb(colour)
    current = colour
    for _ in range(20):
        if contrast(current, background) >= minimum:
            break
        red, green, blue = red * 0.85, green * 0.85, blue * 0.85
        current = hex_colour(red, green, blue)
    return current


def tint(colour: str, keep: float) -> str:
    """`colour` mixed with white, `keep` of it left (0.1: a pale wash)."""
    return hex_colour(*(255 - (255 - c) * keep for c in rgb(colour)))


@dataclass(frozen=True)
class Palette:
    """The colours a deck is drawn with, from the brand colour."""

    brand: str  # fills: table headers, tile edges, rules
    on_brand: str  # text on a brand fill
    title: str  # titles and headings on white
    wash: str  # a pale brand tint: label columns, tiles
    stripe: str = "#F2F2F2"  # every other table row
    text: str = "#262626"
    muted: str = "#595959"


def palette(branding: Branding) -> Palette:
    brand = branding.primary_colour.upper()
    return Palette(brand=brand, on_brand=readable_on(brand), title=darkened(brand), wash=tint(brand, 0.1))


def brand_theme(presentation, branding: Branding) -> None:
    """The brand font as the theme's heading and body fonts (text that names no font takes it: the template's own
    text too), and the brand colour as accent 1, its readable shade as text 2 (what the default templates use)."""
    colours = palette(branding)
    for master in presentation.slide_masters:
        for relationship in master.part.rels.values():
            if relationship.reltype != _THEME or relationship.is_external:
                continue
            part = relationship.target_part
            root = etree.fromstring(part.blob, _PARSER)
            for latin in root.iterfind(f".//{{{_A}}}fontScheme/*/{{{_A}}}latin"):
                latin.set("typeface", branding.font)
            for name, colour in (("accent1", colours.brand), ("dk2", colours.title)):
                for slot in root.iterfind(f".//{{{_A}}}clrScheme/{{{_A}}}{name}"):
                    for child in list(slot):
                        slot.remove(child)
                    etree.SubElement(slot, f"{{{_A}}}srgbClr", val=colour.lstrip("#"))
            part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def logo_picture(branding: Branding, warnings: list[str]) -> tuple[bytes, float, float] | None:
    """The logo's bytes and its size (inches) within the logo box, or None (none configured, or unreadable:
    then a warning, and the deck goes without)."""
    if branding.logo is None:
        return None
    try:
        from PIL import Image

        data = branding.logo.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Exception as exc:  # a missing, truncated or non-image file: Pillow raises many types
        warnings.append(f"logo {branding.logo.name}: cannot be read ({type(exc).__name__}); the deck has no logo")
        return None
    scale = min(LOGO_WIDTH / max(width, 1), LOGO_HEIGHT / max(height, 1))
    return data, width * scale, height * scale


def logo_box(slide_width: float) -> tuple[float, float, float, float]:
    """Left, top, width, height (inches) of the top right corner the logo sits in."""
    return slide_width - LOGO_MARGIN - LOGO_WIDTH, LOGO_MARGIN, LOGO_WIDTH, LOGO_HEIGHT
