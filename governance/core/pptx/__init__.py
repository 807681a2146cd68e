"""PowerPoint decks: slide specs laid out on a checked, branded .pptx template whose own Jinja text is rendered."""

from governance.core.pptx.render import (
    RENDERER_VARIABLES,
    DeckResult,
    check_deck,
    check_deck_template,
    deck_template,
    render_deck,
)
from governance.core.pptx.specs import (
    Block,
    Bullets,
    Cell,
    CellLike,
    Column,
    Cover,
    Detail,
    Pictures,
    Points,
    SlideSpec,
    Table,
    Tile,
    Tiles,
)

__all__ = [
    "RENDERER_VARIABLES",
    "Block",
    "Bullets",
    "Cell",
    "CellLike",
    "Column",
    "Cover",
    "DeckResult",
    "Detail",
    "Pictures",
    "Points",
    "SlideSpec",
    "Table",
    "Tile",
    "Tiles",
    "check_deck",
    "check_deck_template",
    "deck_template",
    "render_deck",
]
