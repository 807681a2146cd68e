"""Rendering Word documents from docxtpl templates, safely and with the engagement's branding.

Templates may come from a client or be edited by hand, so Jinja runs in an immutable sandbox with
autoescape (XML special characters stay literal) and StrictUndefined (a missing variable is an error,
never a blank). Body, headers, footers and document properties all go through the same environment.
"""
from __future__ import annotations

import html
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from governance.atomic import write_atomic
from governance.problems import InputError, Problem

MAX_STRING = 1_000_000  # longest string a template expression may build
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOT_DEFINED = {"fr": "n. d.", "en": "n/a"}


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox does not bound `'a' * 10**9`: refuse operations that would build huge values."""

    intercepted_binops = frozenset(["*", "**", "+"])

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 100:
            raise SecurityError("exponent too large in template")
        if operator == "*":
            size = _size(left) * (right if isinstance(right, int) else 1) + _size(right) * (left if isinstance(left, int) else 1)
            if size > MAX_STRING:
                raise SecurityError("template expression builds a value that is too large")
        if operator == "+" and _size(left) + _size(right) > MAX_STRING:
            raise SecurityError("template expression builds a value that is too large")
        return super().call_binop(context, operator, left, right)


def _size(value: object) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def format_number(value: Any, language: str, decimals: int = 0) -> str:
    """1234567.8 -> '1 234 568' (fr, narrow no-break space) or '1,234,568' (en); undefined -> 'n/a'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NOT_DEFINED[language]
    try:
        number = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
        text = f"{number:,.{decimals}f}"
    except (TypeError, ValueError):
        return str(value)
    if language == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def format_date(value: Any, language: str) -> str:
    if value is None or value == "":
        return NOT_DEFINED[language]
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    return value.strftime("%d/%m/%Y") if language == "fr" else value.isoformat()


def make_environment(language: str) -> ImmutableSandboxedEnvironment:
    env = BoundedSandbox(autoescape=True, undefined=StrictUndefined)
    env.filters["number"] = lambda v, d=0: format_number(v, language, d)
    env.filters["percent"] = lambda v, d=0: (
        NOT_DEFINED[language] if v is None or (isinstance(v, float) and not math.isfinite(v))
        else format_number(float(v) * 100, language, d) + ("\u00a0%" if language == "fr" else "%")
    )
    env.filters["date"] = lambda v: format_date(v, language)
    return env


def clean_context(value: Any, warnings: list[str], path: str = "") -> Any:
    """Remove control characters (Word refuses them) and say which field had them."""
    if isinstance(value, str):
        cleaned = _CONTROL.sub("", value)
        if cleaned != value:
            warnings.append(f"{path or 'value'}: control characters removed")
        return cleaned
    if isinstance(value, dict):
        return {k: clean_context(v, warnings, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_context(v, warnings, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


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


@dataclass
class RenderResult:
    path: Path
    warnings: list[str] = field(default_factory=list)


def _template_problem(template_label: str, exc: Exception) -> Problem:
    if isinstance(exc, SecurityError):
        return Problem(template_label, f"template tried an unsafe operation and was refused ({exc})")
    if isinstance(exc, UndefinedError):
        return Problem(template_label, f"template uses a variable the context does not supply ({exc.message})")
    line = getattr(exc, "docx_context", None)
    around = " … ".join(s.strip() for s in line if s.strip())[:200] if line else ""
    message = getattr(exc, "message", None) or str(exc)
    return Problem(template_label, f"template error: {message}" + (f" near: {around}" if around else ""))


def render_docx(
    template: Path,
    context: dict[str, Any],
    target: Path,
    *,
    language: str,
    branding: Branding,
    images: dict[str, tuple[bytes, float]] | None = None,
    template_label: str | None = None,
) -> RenderResult:
    """Render `template` with `context` into `target` (atomically). `images`: name -> (PNG, width cm)."""
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage

    label = template_label or template.name
    warnings: list[str] = []
    context = clean_context(context, warnings)
    document = DocxTemplate(str(template))
    context = dict(context)
    for name, (png, width_cm) in (images or {}).items():
        context[name] = InlineImage(document, io.BytesIO(png), width=Cm(width_cm))
    context["logo"] = (
        InlineImage(document, str(branding.logo), height=Cm(1.2)) if branding.logo and branding.logo.is_file() else ""
    )
    context.setdefault("footer_text", branding.footer)
    context.setdefault("classification", branding.classification)
    try:
        document.render(context, jinja_env=make_environment(language))
    except (TemplateError, SecurityError) as exc:
        raise InputError([_template_problem(label, exc)]) from None
    properties = document.docx.core_properties
    # docxtpl renders properties with the autoescaping environment; python-docx escapes again on save.
    for name in ("title", "subject", "author", "comments"):
        setattr(properties, name, html.unescape(getattr(properties, name) or ""))
    apply_branding(document.docx, branding)
    write_atomic(target, lambda p: document.save(str(p)))
    return RenderResult(target, warnings)


def apply_branding(docx_document, branding: Branding) -> None:
    """Primary colour on headings and table headers, the brand font on text styles."""
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
        if style.name in ("Normal", "Title", "Subtitle") or style.name.startswith(("Heading", "List")):
            font.name = branding.font
            rpr = style.element.get_or_add_rPr()
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                for attr in ("w:eastAsia", "w:cs"):
                    fonts.set(qn(attr), branding.font)
        if style.name == "Title" or style.name.startswith("Heading"):
            font.color.rgb = colour
    fill = branding.primary_colour.lstrip("#").upper()
    for table in docx_document.tables:
        if not table.rows:
            continue
        for cell in table.rows[0].cells:
            properties = cell._tc.get_or_add_tcPr()
            for old in properties.findall(qn("w:shd")):
                properties.remove(old)
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), fill)
            properties.append(shading)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.bold = True
                    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def undeclared_variables(template: Path, language: str) -> set[str]:
    """Variables a template reads that are not set inside it (what the context must supply)."""
    from docxtpl import DocxTemplate

    return DocxTemplate(str(template)).get_undeclared_template_variables(jinja_env=make_environment(language))
