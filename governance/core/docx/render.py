"""Rendering Word documents from docxtpl templates, safely and with the engagement's branding.

Templates may come from a client or be edited by hand, so Jinja runs in an immutable sandbox with
autoescape (XML special characters stay literal) and StrictUndefined (a missing variable is an error,
never a blank). Body, headers, footers and document properties all go through the same sandbox.

A template is parsed, checked and branded once (`PreparedTemplate`) and then rendered as many times as a
batch needs: a thousand project charters reuse one compiled template and one logo.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.exceptions import SecurityError, UndefinedError

from governance.core.atomic import write_atomic
from governance.core.docx.branding import Branding, apply_branding
from governance.core.docx.lint import PROPERTIES, Part, _analyse, _parts, text_near
from governance.core.docx.packaging import build_zip, normalise_zip
from governance.core.docx.sandbox import clean_context, make_environment
from governance.core.problems import InputError, Problem


@dataclass
class RenderResult:
    path: Path
    warnings: list[str] = field(default_factory=list)


@dataclass
class RenderedDocument:
    data: bytes
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------- rendering


def _template_problem(template_label: str, exc: Exception, near: str = "", part: str = "") -> Problem:
    """`part`: 'in the header: ' when the error is not in the body."""
    where = f"; near: «{near}»" if near else ""
    if isinstance(exc, SecurityError):
        return Problem(template_label, f"{part}template tried an unsafe operation and was refused ({exc}){where}")
    if isinstance(exc, UndefinedError):
        return Problem(
            template_label, f"{part}template uses a variable the context does not supply ({exc.message}){where}"
        )
    message = getattr(exc, "message", None) or str(exc)
    kind = "template error" if isinstance(exc, TemplateError) else f"template error ({type(exc).__name__})"
    return Problem(template_label, f"{part}{kind}: {message}{where}")


# What a template can raise while rendering: Jinja's errors, and Python's for e.g. {{ 1 / 0 }} or
# {{ 'a' + 1 }}. They are the template's fault: reported naming it, never a traceback.
_TEMPLATE_FAULTS = (
    TemplateError,
    SecurityError,
    ArithmeticError,
    TypeError,
    ValueError,
    LookupError,
    RecursionError,
    MemoryError,
)


def _template_line(exc: BaseException) -> int | None:
    """The line of the template source where a render error happened (Jinja maps tracebacks to it)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@lru_cache(maxsize=1)
def _rendering_class():
    """A DocxTemplate that renders the compiled parts of a PreparedTemplate instead of re-parsing the
    template's XML and recompiling its Jinja on every document (docxtpl's default). Used when a render
    inserts images (charts); other renders take the faster path of PreparedTemplate._assemble."""
    from docxtpl import DocxTemplate

    class Rendering(DocxTemplate):
        def __init__(self, prepared: PreparedTemplate) -> None:
            super().__init__(io.BytesIO(prepared.blob))
            self.prepared = prepared

        def build_xml(self, context, jinja_env=None):
            return self.prepared._render_source(("body",), context, self, self.docx._part)

        def build_headers_footers_xml(self, context, uri, jinja_env=None):
            label = "header" if uri == self.HEADER_URI else "footer"
            for rel_key, part in self.get_headers_footers(uri):
                yield rel_key, self.prepared._render_source((label, rel_key), context, self, part).encode("utf-8")

        def render_properties(self, context, jinja_env=None):
            properties = self.docx.core_properties
            for name, value in self.prepared._render_properties(context).items():
                setattr(properties, name, value)

        def render_footnotes(self, context, jinja_env=None):
            for part in self.docx._part.package.parts:
                key = ("footnotes", str(part.partname))
                if key in self.prepared.compiled:
                    part._blob = self.prepared._render_source(key, context, self, part).encode("utf-8")

    return Rendering


@lru_cache(maxsize=1)
def _docx_tools():
    """docxtpl's post-processing helpers (they use no template state)."""
    from docxtpl import DocxTemplate

    tools = DocxTemplate.__new__(DocxTemplate)
    tools.docx_ids_index = 1000
    return tools


class _PartImage:
    """An image whose drawing was prepared once per part of the template (e.g. the logo in the header):
    rendered as the drawing of the part being rendered, never re-read or re-added per document."""

    def __init__(self, prepared: PreparedTemplate, drawings: dict[tuple, str]) -> None:
        self._prepared, self._drawings = prepared, drawings

    def __html__(self) -> str:
        part = self._prepared.current
        drawing = self._drawings.get(part.key) if part else None
        if not drawing:
            return ""
        return f'</w:t></w:r><w:r><w:drawing>{drawing}</w:drawing></w:r><w:r><w:t xml:space="preserve">'

    def __str__(self) -> str:  # in a plain-text property an image is nothing
        return ""

    def __bool__(self) -> bool:
        return bool(self._drawings)


_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Tags that change a table's number of cells: then docxtpl's table fix must run on the rendered body.
_CELL_TAGS = re.compile(r"{%-?\s*(tc|colspan|hm|cellbg)\b")


class PreparedTemplate:
    """A template parsed, checked and branded once, rendered many times.

    Raises InputError naming the template when it cannot be opened, has a Jinja syntax error or reaches
    for internals (e.g. `{{ lipsum.__globals__ }}`): nothing is rendered from such a template.

    What is reused across renders: the branded package (styles, theme, numbering… compressed once), the
    compiled Jinja of the body, headers, footers and properties, and the logo (one image part, its drawing
    prepared per part). A render only runs Jinja and assembles the changed parts into a new .docx.
    """

    def __init__(self, template: Path, *, language: str, branding: Branding, template_label: str | None = None):
        from docx import Document
        from docx.shared import Cm
        from docxtpl import DocxTemplate
        from lxml import etree

        self.label = template_label or template.name
        self.language = language
        self.branding = branding
        try:
            document = Document(str(template))
            raw_body = DocxTemplate.xml_to_string(None, document._element.body)
        except Exception as exc:  # a damaged or non-Word file: python-docx raises many types
            raise InputError(
                [Problem(self.label, f"cannot be opened as a Word .docx file ({type(exc).__name__})")]
            ) from None
        apply_branding(document, branding)
        self.env = make_environment(language)
        # Properties are plain text, not XML: no escaping there, but the same sandbox and budget.
        self.text_env = make_environment(language, autoescape=False, budget=self.env.budget)
        parts = _parts(document, DocxTemplate(str(template)))
        info, self.compiled = _analyse(parts, self.label, self.env, self.text_env)
        if info.problems:
            raise InputError(info.problems)
        self.variables = info.variables
        self.current: Part | None = None
        self._lock = threading.Lock()
        self._fix_tables = bool(_CELL_TAGS.search(raw_body))

        # Where each part lives in the package, and the logo drawn once in every part that shows it.
        story_parts = {("body",): document.part}
        for part in parts:
            if part.key[0] in ("header", "footer"):
                story_parts[part.key] = document.part.rels[part.key[1]].target_part
        self.entries = {key: str(story.partname).lstrip("/") for key, story in story_parts.items()}
        for part in parts:
            if part.key[0] == "footnotes":
                self.entries[part.key] = part.key[1].lstrip("/")
        logo = branding.logo.read_bytes() if branding.logo and branding.logo.is_file() else None
        drawings = {}
        if logo:
            for key, story in story_parts.items():
                if key in self.compiled and "logo" in self.compiled[key][1].source:
                    inline = story.new_pic_inline(io.BytesIO(logo), None, Cm(1.2))
                    drawings[key] = etree.tostring(inline, encoding="unicode")
        self.logo = _PartImage(self, drawings)
        buffer = io.BytesIO()
        document.save(buffer)
        self.blob = buffer.getvalue()
        with zipfile.ZipFile(io.BytesIO(self.blob)) as archive:
            self.members = [(item.filename, archive.read(item.filename)) for item in archive.infolist()]
        members = dict(self.members)
        document_xml = members[self.entries[("body",)]].decode("utf-8")
        start, end = document_xml.index("<w:body"), document_xml.rindex("</w:body>") + len("</w:body>")
        self._document_xml = (document_xml[:start], document_xml[end:])
        self._core_xml = members.get("docProps/core.xml")
        self._compressed: dict[str, tuple[int, bytes]] = {}

    # ------------------------------------------------------------------ rendering one part

    def _render_source(self, key: tuple, context: dict, tools, story_part=None) -> str:
        """Jinja on one part, then what docxtpl does after it: one line per paragraph undone, escaped
        braces restored, tabs and line breaks in values turned into Word's."""
        template, source = self.compiled[key]
        self.current = source
        if story_part is not None:
            tools.current_rendering_part = story_part
        xml = template.render(context)
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(c in xml for c in "\t\n\a\f"):
            xml = tools.resolve_listing(xml)
        return xml

    def _render_properties(self, context: dict) -> dict[str, str]:
        values = {}
        for name in PROPERTIES:
            compiled = self.compiled.get(("property", name))
            if compiled is not None:
                self.current = compiled[1]
                values[name] = compiled[0].render(context)
        return values

    # ------------------------------------------------------------------ rendering a document

    def render(
        self,
        context: dict[str, Any],
        images: dict[str, tuple[bytes, float]] | None = None,
        stamp: date | None = None,
        clean: bool = True,
    ) -> RenderedDocument:
        """The document as .docx bytes. `images`: name -> (PNG bytes, width in cm); `stamp`: the date
        written in the document's created/modified properties (default today). `clean=False` when the
        caller already removed control characters (a batch cleans its shared context once)."""
        with self._lock:  # one render at a time: the budget and the current part belong to the template
            return self._render(context, images, stamp, clean)

    def _render(self, context, images, stamp, clean) -> RenderedDocument:
        warnings: list[str] = []
        context = clean_context(context, warnings) if clean else dict(context)
        context["logo"] = self.logo
        context.setdefault("footer_text", self.branding.footer)
        context.setdefault("classification", self.branding.classification)
        self.env.budget.reset()
        self.current = None
        try:
            data = self._with_images(context, images, stamp) if images else self._assemble(context, stamp)
        except _TEMPLATE_FAULTS as exc:
            part = self.current
            near = text_near(part.source, _template_line(exc), part.text, exact=True) if part else ""
            where = f"in the {part.label}: " if part and part.label != "body" else ""
            raise InputError([_template_problem(self.label, exc, near, where)]) from None
        return RenderedDocument(data, warnings)

    def _assemble(self, context: dict, stamp: date | None) -> bytes:
        """Render every part and zip them with the untouched parts of the prepared package."""
        from lxml import etree

        tools = _docx_tools()
        changed: dict[str, bytes] = {}
        body = self._render_source(("body",), context, tools)
        if self._fix_tables or "<wp:docPr" in body:
            tools.docx_ids_index = 1000
            tree = tools.fix_tables(body)
            tools.fix_docpr_ids(tree)
            body = etree.tostring(tree, encoding="unicode")
        before, after = self._document_xml
        changed[self.entries[("body",)]] = (before + body + after).encode("utf-8")
        for key, name in self.entries.items():
            if key != ("body",) and key in self.compiled:
                changed[name] = (_DECLARATION + self._render_source(key, context, tools)).encode("utf-8")
        properties = self._render_properties(context)
        if self._core_xml is not None:
            changed["docProps/core.xml"] = _core_properties(self._core_xml, properties, stamp or date.today())
        return build_zip(
            [(name, changed.get(name, data), name not in changed) for name, data in self.members], self._compressed
        )

    def _with_images(self, context: dict, images: dict[str, tuple[bytes, float]], stamp: date | None) -> bytes:
        from docx.shared import Cm
        from docxtpl import InlineImage

        document = _rendering_class()(self)
        for name, (png, width_cm) in images.items():
            context[name] = InlineImage(document, io.BytesIO(png), width=Cm(width_cm))
        document.render(context, jinja_env=self.env)
        _stamp_properties(document.docx.core_properties, stamp or date.today())
        buffer = io.BytesIO()
        document.save(buffer)
        return normalise_zip(buffer.getvalue())

    def render_to(
        self,
        target: Path,
        context: dict[str, Any],
        images: dict[str, tuple[bytes, float]] | None = None,
        stamp: date | None = None,
    ) -> RenderResult:
        rendered = self.render(context, images, stamp)
        write_atomic(target, lambda p: p.write_bytes(rendered.data))
        return RenderResult(target, rendered.warnings)


_PREPARED: OrderedDict[tuple, PreparedTemplate] = OrderedDict()
_PREPARED_LOCK = threading.Lock()
MAX_PREPARED = 64


def prepare_template(
    template: Path, *, language: str, branding: Branding, template_label: str | None = None
) -> PreparedTemplate:
    """A PreparedTemplate, reused while the template file (and the logo) are unchanged: checking then
    generating, or generating twice, parses each template once per process."""

    def stamp(path: Path | None) -> tuple:
        if path is None or not path.is_file():
            return ()
        info = path.stat()
        return str(path.resolve()), info.st_mtime_ns, info.st_size

    logo = branding.logo.read_bytes() if branding.logo and branding.logo.is_file() else b""
    # The logo by content: engagements copied from one another share their prepared templates.
    key = (
        stamp(template),
        language,
        branding.primary_colour,
        branding.font,
        branding.footer,
        branding.classification,
        hashlib.sha256(logo).hexdigest(),
        template_label,
    )
    with _PREPARED_LOCK:
        prepared = _PREPARED.get(key)
        if prepared is not None:
            _PREPARED.move_to_end(key)
            return prepared
    prepared = PreparedTemplate(template, language=language, branding=branding, template_label=template_label)
    with _PREPARED_LOCK:
        _PREPARED[key] = prepared
        while len(_PREPARED) > MAX_PREPARED:
            _PREPARED.popitem(last=False)
    return prepared


def _core_properties(xml: bytes, values: dict[str, str], stamp: date) -> bytes:
    from docx.opc.coreprops import CoreProperties
    from docx.oxml.parser import parse_xml
    from lxml import etree

    element = parse_xml(xml)
    properties = CoreProperties(element)
    for name, value in values.items():
        setattr(properties, name, value)
    _stamp_properties(properties, stamp)
    return etree.tostring(element, encoding="UTF-8", xml_declaration=True, standalone=True)


def _stamp_properties(properties, stamp: date) -> None:
    # Rendered from the default Word template, created/modified would say 2013 and the last author
    # "python-docx"; the render date at midnight keeps two renders of one day identical.
    moment = datetime(stamp.year, stamp.month, stamp.day, tzinfo=UTC)
    properties.created = moment
    properties.modified = moment
    properties.last_modified_by = properties.author or ""
    properties.revision = 1


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
    """Render `template` with `context` into `target` (atomically). `images`: name -> (PNG, width cm).

    For many documents from one template, build a PreparedTemplate once and call its `render_to`.
    """
    prepared = prepare_template(template, language=language, branding=branding, template_label=template_label)
    return prepared.render_to(target, context, images)
