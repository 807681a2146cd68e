"""What a generated slide shows, independent of any template: small dataclasses the deck builder lays out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Cell:
    """A table cell; `fill` (a RAG colour, "#RRGGBB") colours its background, its text then stays readable."""

    text: str
    fill: str | None = None
    colour: str | None = None  # the text's colour; default: readable on the fill
    bold: bool = False


CellLike = Cell | str


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 1.0  # a share of the table's width, relative to the other columns
    align: Align = "left"


@dataclass(frozen=True)
class Cover:
    """The title slide. A template with slides of its own opens the deck with them: they are its cover (their
    Jinja text filled from the context), and this spec then adds nothing."""

    title: str
    subtitle: str = ""
    note: str = ""


@dataclass(frozen=True)
class Bullets:
    """A titled list; a long one continues on further slides, titled with `continued` after the title."""

    title: str
    items: list[str]
    continued: str = ""
    max_items: int = 8
    note: str = ""


@dataclass(frozen=True)
class Table:
    """A titled table with column headers; rows beyond `max_rows` (or beyond the slide's height) continue on
    further slides under the title followed by `continued`. `empty` is shown instead of a table without rows;
    `note` under the table of the last slide."""

    title: str
    columns: list[Column]
    rows: list[list[CellLike]]
    continued: str = ""
    max_rows: int = 12
    note: str = ""
    empty: str = ""


@dataclass(frozen=True)
class Pictures:
    """One to four images (PNG or JPEG bytes) in a grid, each as large as its cell allows."""

    title: str
    images: list[bytes]
    note: str = ""


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    note: str = ""  # e.g. last month's value
    fill: str | None = None  # the colour of the tile's edge (a RAG colour); default: the brand colour


@dataclass(frozen=True)
class Tiles:
    """Headline figures as tiles in a grid, `columns` wide; more than `max_tiles` continue on further slides."""

    title: str
    tiles: list[Tile]
    columns: int = 4
    max_tiles: int = 16
    continued: str = ""
    note: str = ""


@dataclass(frozen=True)
class Block:
    """A small titled table of a Detail slide. With `labels` its first column is a tinted label column
    (label/value pairs); headers are shown when `columns` name them."""

    title: str
    rows: list[list[CellLike]]
    columns: list[Column] = field(default_factory=list)
    labels: bool = False


@dataclass(frozen=True)
class Points:
    """A titled list of short sentences in a Detail slide."""

    title: str
    items: list[str]


@dataclass(frozen=True)
class Detail:
    """One item on one slide (e.g. a project): blocks and points in two columns, each column top to bottom."""

    title: str
    left: list[Block | Points]
    right: list[Block | Points] = field(default_factory=list)
    note: str = ""


SlideSpec = Cover | Bullets | Table | Pictures | Tiles | Detail
