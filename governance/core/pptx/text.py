"""Jinja in a deck template's own text: found paragraph by paragraph, checked without values, rendered as plain text.

Every paragraph of the template's slides (and their notes), layouts and masters, table cells and grouped
shapes included, and its document properties may hold Jinja; a tag must open and close within one paragraph
(PowerPoint splits a paragraph into runs at will: the runs are joined first). The same sandbox as the Word
templates runs it, without autoescape: the result is set as a run's text, which python-pptx escapes, never as
XML. The rendered paragraph keeps its first run's formatting.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import Template, TemplateError, TemplateSyntaxError, meta
from jinja2.exceptions import SecurityError, UndefinedError
from pptx.shapes.group import GroupShape

from governance.core.docx.lint import unsafe_names
from governance.core.problems import Problem

PROPERTIES = ("title", "subject", "author", "keywords", "comments", "category")
_TAG = re.compile(r"{[{%#]")
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
# Not XML characters (a template may build them: {{ '\x07' }}); line feeds and tabs are kept.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# What a template can raise while rendering (Jinja's errors, and Python's for {{ 1 / 0 }} or {{ 'a' + 1 }}):
# the template's fault, reported naming it and the place, never a traceback.
TEMPLATE_FAULTS = (
    TemplateError,
    SecurityError,
    ArithmeticError,
    TypeError,
    ValueError,
    LookupError,
    RecursionError,
    MemoryError,
)


@dataclass
class Place:
    """One paragraph (or document property) of the template that holds Jinja."""

    where: str  # for messages: "slide 1, shape «Titre 1»", "layout «Title Only», shape «Footer»"
    source: str
    paragraph: Any = None  # a python-pptx _Paragraph; None for a document property
    property: str | None = None


def _shapes(shapes, where: str) -> Iterator[tuple[str, Any]]:
    """(where, paragraph) of every paragraph of `shapes`, inside groups and table cells too."""
    for shape in shapes:
        here = f"{where}, shape «{shape.name}»"
        if isinstance(shape, GroupShape):
            yield from _shapes(shape.shapes, where)
            continue
        if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            for paragraph in shape.text_frame.paragraphs:
                yield here, paragraph
        if getattr(shape, "has_table", False) and shape.has_table:
            for r, row in enumerate(shape.table.rows, 1):
                for c, cell in enumerate(row.cells, 1):
                    for paragraph in cell.text_frame.paragraphs:
                        yield f"{here}, row {r} column {c}", paragraph


def _paragraphs(presentation) -> Iterator[tuple[str, Any]]:
    for number, slide in enumerate(presentation.slides, 1):
        yield from _shapes(slide.shapes, f"slide {number}")
        if slide.has_notes_slide:
            yield from _shapes(slide.notes_slide.shapes, f"slide {number} notes")
    for m, master in enumerate(presentation.slide_masters, 1):
        name = "slide master" if len(presentation.slide_masters) == 1 else f"slide master {m}"
        yield from _shapes(master.shapes, name)
        for layout in master.slide_layouts:
            yield from _shapes(layout.shapes, f"layout «{layout.name}»")


def text_places(presentation) -> list[Place]:
    """Every paragraph and document property of the template that holds a Jinja tag."""
    places = []
    for where, paragraph in _paragraphs(presentation):
        source = "".join(run.text for run in paragraph.runs)
        if _TAG.search(source):
            places.append(Place(where, source, paragraph))
    properties = presentation.core_properties
    for name in PROPERTIES:
        value = getattr(properties, name) or ""
        if _TAG.search(value):
            places.append(Place(f"document property {name}", value, property=name))
    return places


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:159] + "…"


def analyse(places: list[Place], env, label: str, allowed: Collection[str]) -> tuple[list[Problem], list[Template]]:
    """Each place compiled, and every problem: syntax errors, unsafe attributes, variables not in `allowed`."""
    problems: list[Problem] = []
    compiled: list[Template] = []
    allowed = set(allowed)
    for place in places:
        try:
            ast = env.parse(place.source)
            unsafe = unsafe_names(ast)
            # Compiled from the parsed tree; an unknown filter is refused here, not at render time.
            template = None if unsafe else env.from_string(ast)
            variables = meta.find_undeclared_variables(ast)
        except RecursionError:
            problems.append(Problem(label, f"{place.where}: nests expressions or tags too deeply to be read"))
            continue
        except TemplateSyntaxError as exc:
            problems.append(
                Problem(label, f"Jinja syntax error in {place.where}: {exc.message}; near: «{_shown(place.source)}»")
            )
            continue
        if unsafe:
            problems.append(
                Problem(
                    label,
                    f"{place.where} reaches for internal attribute(s) {', '.join(sorted(set(unsafe)))}: "
                    "refused by the sandbox",
                )
            )
            continue
        unknown = sorted(variables - allowed)
        if unknown:
            problems.append(
                Problem(
                    label,
                    f"{place.where} uses variable(s) {', '.join(repr(u) for u in unknown)} that the deck does not "
                    f"supply (it supplies {', '.join(sorted(allowed))}); near: «{_shown(place.source)}»",
                )
            )
            continue
        compiled.append(template)
    return problems, compiled


def fault_problem(label: str, place: Place, exc: BaseException) -> Problem:
    near = f"; near: «{_shown(place.source)}»"
    if isinstance(exc, SecurityError):
        return Problem(label, f"in {place.where}: template tried an unsafe operation and was refused ({exc}){near}")
    if isinstance(exc, UndefinedError):
        return Problem(
            label, f"in {place.where}: template uses a variable the context does not supply ({exc.message}){near}"
        )
    message = getattr(exc, "message", None) or str(exc)
    kind = "template error" if isinstance(exc, TemplateError) else f"template error ({type(exc).__name__})"
    return Problem(label, f"in {place.where}: {kind}: {message}{near}")


def render_places(places: list[Place], compiled: list[Template], context: dict, presentation, label: str) -> None:
    """Render every place into the presentation (raises the template's fault as an InputError)."""
    from governance.core.problems import InputError

    rendered = []
    for place, template in zip(places, compiled, strict=True):
        try:
            rendered.append(template.render(context))
        except TEMPLATE_FAULTS as exc:
            raise InputError([fault_problem(label, place, exc)]) from None
    # Only once everything rendered is anything changed: a refusal leaves the presentation as it was.
    for place, text in zip(places, rendered, strict=True):
        if place.property:
            setattr(presentation.core_properties, place.property, text[:255])
        else:
            set_paragraph_text(place.paragraph, text)


def set_paragraph_text(paragraph, text: str) -> None:
    """The paragraph's runs replaced by `text` in its first run's formatting; line breaks become soft breaks."""
    runs = paragraph.runs
    first = runs[0]._r
    for run in runs[1:]:
        first.getparent().remove(run._r)
    lines = strip_control(text.replace("\r\n", "\n").replace("\v", "\n")).split("\n")
    runs[0].text = lines[0]
    anchor = first
    for line in lines[1:]:
        brk = first.makeelement(f"{{{_A}}}br", {})
        properties = first.find(f"{{{_A}}}rPr")
        if properties is not None:
            brk.append(copy.deepcopy(properties))
        run = copy.deepcopy(first)
        run.find(f"{{{_A}}}t").text = line
        anchor.addnext(brk)
        brk.addnext(run)
        anchor = run


def strip_control(text: str) -> str:
    """`text` without the characters XML cannot hold (line feeds and tabs kept)."""
    return _CONTROL.sub("", text)
