"""A deck from a .pptx template: checked, its own Jinja text rendered, slides added from specs, branded, written
atomically.

Templates may come from a client or be edited by hand, so a template is refused, every problem listed at
once, before anything is rendered: an unsafe package (governance.core.pptx.package), a Jinja syntax error, an
unsafe expression or a variable the deck does not supply. Jinja runs in the Word templates' sandbox (bounded,
strict undefined); its output is plain text set into runs, never XML.
"""

from __future__ import annotations

import io
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from governance.core.atomic import write_bytes_atomic
from governance.core.docx.branding import Branding
from governance.core.docx.packaging import normalise_zip
from governance.core.docx.sandbox import clean_context, make_environment
from governance.core.docx.template_source import template_path
from governance.core.pptx.brand import brand_theme, logo_picture
from governance.core.pptx.build import DeckBuilder
from governance.core.pptx.package import package_problems
from governance.core.pptx.specs import Cover, SlideSpec
from governance.core.pptx.text import analyse, render_places, text_places
from governance.core.problems import InputError, Problem

# What the renderer adds to every context, from the branding (as the Word renderer does).
RENDERER_VARIABLES = frozenset({"footer_text", "classification"})


@dataclass
class DeckResult:
    path: Path
    slides: int
    warnings: list[str] = field(default_factory=list)


def _open(template: Path, label: str, variables: Collection[str], language: str):
    """The template opened and its Jinja compiled, or InputError with every problem found."""
    from pptx import Presentation

    problems, readable = package_problems(template, label)
    if not readable:
        raise InputError(problems)
    try:
        presentation = Presentation(str(template))
    except Exception as exc:  # a damaged or non-PowerPoint file: python-pptx raises many types
        raise InputError(
            problems or [Problem(label, f"cannot be opened as a PowerPoint .pptx file ({type(exc).__name__})")]
        ) from None
    env = make_environment(language, autoescape=False)
    places = text_places(presentation)
    found, compiled = analyse(places, env, label, set(variables) | RENDERER_VARIABLES)
    problems += found
    if problems:
        raise InputError(problems)
    return presentation, places, compiled, env


def deck_template(template_id: str, language: str, overrides_dir: Path | None) -> tuple[Path, str]:
    """A deck's template (the engagement's templates/<id>.<language>.pptx first, else the default) and its label."""
    return template_path(template_id, language, overrides_dir, suffix=".pptx")


def check_deck(template_id: str, language: str, overrides_dir: Path | None, variables: Collection[str]) -> None:
    """Refuse a missing or unsafe deck template before anything is stored (InputError naming it)."""
    template, label = deck_template(template_id, language, overrides_dir)
    check_deck_template(template, label, variables=variables, language=language)


def check_deck_template(template: Path, label: str, *, variables: Collection[str], language: str = "fr") -> None:
    """Refuse (InputError naming `label`, every problem at once) a template that is not a safe .pptx or whose
    Jinja text has a syntax error, an unsafe expression or a variable outside `variables`. Needs no values:
    run it before anything is stored."""
    _open(template, label, variables, language)


def render_deck(
    template: Path,
    slides: list[SlideSpec],
    target: Path,
    *,
    context: dict[str, Any],
    branding: Branding,
    language: str,
    template_label: str,
    title: str | None = None,
    author: str | None = None,
    stamp: date | None = None,
) -> DeckResult:
    """Render `template`'s own text with `context`, add `slides` after its own slides, brand the deck and write it
    to `target` in one rename (a failure leaves `target` as it was). `title`/`author`: the document properties
    (default: the template's, rendered); `stamp`: the created/modified date (default today)."""
    warnings: list[str] = []
    values = clean_context(dict(context), warnings)
    values.setdefault("footer_text", branding.footer)
    values.setdefault("classification", branding.classification)
    presentation, places, compiled, env = _open(template, template_label, set(values), language)
    env.budget.reset()
    render_places(places, compiled, values, presentation, template_label)
    has_cover = len(presentation.slides) > 0  # the template's own slides open the deck: they are its cover
    builder = DeckBuilder(presentation, branding, logo_picture(branding, warnings))
    for spec in slides:
        if isinstance(spec, Cover) and has_cover:
            continue
        builder.add(spec)
    brand_theme(presentation, branding)
    builder.finish()
    _properties(presentation, title, author, stamp or date.today())
    buffer = io.BytesIO()
    presentation.save(buffer)
    write_bytes_atomic(target, normalise_zip(buffer.getvalue()))
    return DeckResult(Path(target), len(presentation.slides), warnings)


def _properties(presentation, title: str | None, author: str | None, stamp: date) -> None:
    properties = presentation.core_properties
    if title is not None:
        properties.title = title[:255]
    if author is not None:
        properties.author = author[:255]
    # The render date at midnight: two renders of one day give the same bytes.
    moment = datetime(stamp.year, stamp.month, stamp.day, tzinfo=UTC)
    properties.created = moment
    properties.modified = moment
    properties.last_modified_by = properties.author or ""
    properties.revision = 1
