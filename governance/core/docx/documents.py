"""Rendering Word documents from docxtpl templates, safely and with the engagement's branding.

Templates may come from a client or be edited by hand, so Jinja runs in an immutable sandbox with
autoescape (XML special characters stay literal) and StrictUndefined (a missing variable is an error,
never a blank). Body, headers, footers and document properties all go through the same sandbox.

A template is parsed, checked and branded once (`PreparedTemplate`) and then rendered as many times as a
batch needs: a thousand project charters reuse one compiled template and one logo.
"""
from __future__ import annotations

import hashlib
import html
import io
import math
import re
import struct
import threading
import time
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from governance.core import formatting
from governance.core.atomic import write_atomic
from governance.core.formatting import NOT_DEFINED
from governance.core.formatting import day as format_date  # noqa: F401 (until every caller uses formatting)
from governance.core.formatting import number as format_number  # noqa: F401
from governance.core.problems import InputError, Problem

MAX_STRING = 1_000_000  # longest string a template expression may build
MAX_OUTPUT = 50_000_000  # characters one document part may produce
MAX_ITERATIONS = 1_000_000  # loop steps over range() in one render
MAX_RENDER_SECONDS = 30.0  # a real template renders in milliseconds; this stops a runaway loop
# Word refuses these in XML; surrogates and U+FFFE/U+FFFF are not XML characters either.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# A fixed timestamp for the parts of a .docx: the same inputs give the same bytes (and sha256).
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


class RenderBudget:
    """Time and size limits of one render; a template loop cannot run for ever or fill the memory."""

    def __init__(self) -> None:
        self.reset()

    def reset(self, seconds: float | None = None) -> None:
        self.deadline = time.monotonic() + (MAX_RENDER_SECONDS if seconds is None else seconds)
        self.iterations = 0
        self.output = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise SecurityError("template took too long to render and was stopped")

    def step(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise SecurityError("template loops too many times")
        if not self.iterations % 1000:
            self.tick()

    def emit(self, value: Any) -> Any:
        self.output += _size(value) if isinstance(value, str) else 16
        if self.output > MAX_OUTPUT:
            raise SecurityError("template produces a document that is too large")
        self.tick()
        return value


class _BoundedRange:
    """range() whose iteration counts against the render budget (nested loops over one range too)."""

    def __init__(self, budget: RenderBudget, values: range) -> None:
        self._budget, self._values = budget, values

    def __iter__(self):
        for value in self._values:
            self._budget.step()
            yield value

    def __len__(self) -> int:
        return len(self._values)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox does not bound `'a' * 10**9` or a runaway loop: refuse what would build huge values,
    and stop a render that runs past its time budget."""

    intercepted_binops = frozenset(["*", "**", "+"])

    def __init__(self, *args, budget: RenderBudget | None = None, **kwargs) -> None:
        self.budget = budget or RenderBudget()
        kwargs.setdefault("finalize", self.budget.emit)
        super().__init__(*args, **kwargs)
        for name in ("lipsum", "cycler", "joiner"):  # no document needs them; lipsum takes a size argument
            self.globals.pop(name, None)
        self.globals["range"] = lambda *args: _BoundedRange(self.budget, safe_range(*args))
        self.filters = {name: _bounded_filter(function) for name, function in self.filters.items()}

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

    def getattr(self, obj, attribute):
        self.budget.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self.budget.tick()
        return super().getitem(obj, argument)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        __self.budget.tick()
        _check_arguments(args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if _size(result) > MAX_STRING:
            raise SecurityError("template expression builds a value that is too large")
        return result


def _check_arguments(args: tuple, kwargs: dict) -> None:
    # Widths and counts such as center(10**9) or indent(10**9) would build a huge string first.
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_STRING:
            raise SecurityError("template passes a number that is too large")


def _bounded_filter(function):
    @wraps(function)
    def bounded(*args, **kwargs):
        _check_arguments(args, kwargs)
        result = function(*args, **kwargs)
        if _size(result) > MAX_STRING:
            raise SecurityError("template filter builds a value that is too large")
        return result

    if hasattr(function, "jinja_pass_arg"):
        bounded.jinja_pass_arg = function.jinja_pass_arg
    return bounded


def _size(value: object) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def make_environment(language: str, autoescape: bool = True, budget: RenderBudget | None = None) -> BoundedSandbox:
    """The sandbox every template runs in. `autoescape=False` only for plain-text document properties."""
    env = BoundedSandbox(autoescape=autoescape, undefined=StrictUndefined, budget=budget)
    env.filters["number"] = lambda v, d=0: formatting.number(v, language, d)
    env.filters["percent"] = lambda v, d=0: formatting.percent(v, language, d)
    env.filters["date"] = lambda v: formatting.day(v, language)
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


@dataclass
class RenderedDocument:
    data: bytes
    warnings: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- template sources and checks


@dataclass(frozen=True)
class Part:
    """One place of a .docx that holds Jinja: the body, a header, a footer or a document property."""

    key: tuple
    label: str  # for messages: "body", "header", "footer", "document property title"
    source: str  # the Jinja source, one Word paragraph per line
    text: bool = False  # a plain-text property (no autoescape)


def _parts(document, helper) -> list[Part]:
    from docxtpl import DocxTemplate

    parts = [Part(("body",), "body", _lines(helper.patch_xml(helper.xml_to_string(document._element.body))))]
    for uri, label in ((DocxTemplate.HEADER_URI, "header"), (DocxTemplate.FOOTER_URI, "footer")):
        for rel_key, rel in document._part.rels.items():
            if rel.reltype == uri and rel.target_part.blob:
                parts.append(Part((label, rel_key), label, _lines(helper.patch_xml(helper.get_part_xml(rel.target_part)))))
    for part in document._part.package.parts:
        if part.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml":
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            parts.append(Part(("footnotes", str(part.partname)), "footnotes", _lines(helper.patch_xml(blob))))
    properties = document.core_properties
    for name in PROPERTIES:
        parts.append(Part(("property", name), f"document property {name}", getattr(properties, name) or "", text=True))
    return parts


def _lines(xml: str) -> str:
    # One paragraph per line, as docxtpl renders it: error line numbers then point at a paragraph.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def text_near(source: str, line: int | None, text: bool = False, exact: bool = False) -> str:
    """The text a person sees at `line` of a part's source (the paragraph, without XML); with the
    paragraphs before and after unless `exact` (a syntax error may be reported a line late)."""
    if not line:
        return ""
    lines = source.splitlines()
    if text or exact:
        return _plain(lines[line - 1])[:240] if 0 < line <= len(lines) else ""
    around = [_plain(lines[i]) for i in range(max(line - 2, 0), min(line + 1, len(lines)))]
    return " … ".join(a for a in around if a)[:240]


_UNSAFE_FILTERS = {"attr"}


def unsafe_names(ast: nodes.Template) -> list[str]:
    """Attributes a template reaches for that only an attack needs: `__globals__`, `_private`, |attr('_x')."""
    found = []
    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            found.append(node.attr)
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
            found.append(node.arg.value)
        elif isinstance(node, nodes.Filter) and node.name in _UNSAFE_FILTERS:
            found.extend(str(a.value) for a in node.args if isinstance(a, nodes.Const))
    return found


@dataclass
class TemplateInfo:
    """What a template needs and what is wrong with it, found without rendering it."""

    label: str
    variables: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


class _Static:
    """A part without any Jinja tag: nothing to compile, it renders as itself."""

    def __init__(self, source: str) -> None:
        self.source = source

    def render(self, context: dict) -> str:
        return self.source


_TAG = re.compile(r"{[{%#]")


def _analyse(parts: list[Part], label: str, env, text_env) -> tuple[TemplateInfo, dict]:
    info = TemplateInfo(label)
    compiled: dict[tuple, Any] = {}
    for part in parts:
        if not _TAG.search(part.source):
            compiled[part.key] = (_Static(part.source), part)
            continue
        environment = text_env if part.text else env
        try:
            ast = environment.parse(part.source)
        except TemplateSyntaxError as exc:
            near = text_near(part.source, exc.lineno, part.text)
            info.problems.append(Problem(label, f"Jinja syntax error in the {part.label}: {exc.message}"
                                         + (f"; near: «{near}»" if near else "")))
            continue
        unsafe = unsafe_names(ast)
        if unsafe:
            info.problems.append(Problem(label, f"the {part.label} reaches for internal attribute(s) "
                                                f"{', '.join(sorted(set(unsafe)))}: refused by the sandbox"))
            continue
        info.variables |= meta.find_undeclared_variables(ast)
        compiled[part.key] = (environment.from_string(ast), part)  # compiled from the parsed tree: no re-parse
    return info, compiled


def inspect_template(template: Path, language: str, label: str | None = None) -> TemplateInfo:
    """Syntax errors (with the surrounding text), unsafe attributes and the variables a template reads."""
    from docx import Document
    from docxtpl import DocxTemplate

    label = label or template.name
    try:
        document = Document(str(template))
    except Exception as exc:  # a damaged or non-Word file: python-docx raises many types
        return TemplateInfo(label, problems=[Problem(label, f"cannot be opened as a Word .docx file ({type(exc).__name__})")])
    info, _ = _analyse(_parts(document, DocxTemplate(str(template))), label, make_environment(language),
                       make_environment(language, autoescape=False))
    return info


# ---------------------------------------------------------------------------------------- rendering


def _template_problem(template_label: str, exc: Exception, near: str = "", part: str = "") -> Problem:
    """`part`: 'in the header: ' when the error is not in the body."""
    where = f"; near: «{near}»" if near else ""
    if isinstance(exc, SecurityError):
        return Problem(template_label, f"{part}template tried an unsafe operation and was refused ({exc}){where}")
    if isinstance(exc, UndefinedError):
        return Problem(template_label, f"{part}template uses a variable the context does not supply "
                                       f"({exc.message}){where}")
    message = getattr(exc, "message", None) or str(exc)
    kind = "template error" if isinstance(exc, TemplateError) else f"template error ({type(exc).__name__})"
    return Problem(template_label, f"{part}{kind}: {message}{where}")


# What a template can raise while rendering: Jinja's errors, and Python's for e.g. {{ 1 / 0 }} or
# {{ 'a' + 1 }}. They are the template's fault: reported naming it, never a traceback.
_TEMPLATE_FAULTS = (TemplateError, SecurityError, ArithmeticError, TypeError, ValueError, LookupError,
                    RecursionError, MemoryError)


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
        def __init__(self, prepared: "PreparedTemplate") -> None:
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

    def __init__(self, prepared: "PreparedTemplate", drawings: dict[tuple, str]) -> None:
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
            raise InputError([Problem(self.label, f"cannot be opened as a Word .docx file ({type(exc).__name__})")]) from None
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

    def render(self, context: dict[str, Any], images: dict[str, tuple[bytes, float]] | None = None,
               stamp: date | None = None, clean: bool = True) -> RenderedDocument:
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
        return build_zip([(name, changed.get(name, data), name not in changed) for name, data in self.members],
                         self._compressed)

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

    def render_to(self, target: Path, context: dict[str, Any], images: dict[str, tuple[bytes, float]] | None = None,
                  stamp: date | None = None) -> RenderResult:
        rendered = self.render(context, images, stamp)
        write_atomic(target, lambda p: p.write_bytes(rendered.data))
        return RenderResult(target, rendered.warnings)


_PREPARED: "OrderedDict[tuple, PreparedTemplate]" = OrderedDict()
_PREPARED_LOCK = threading.Lock()
MAX_PREPARED = 64


def prepare_template(template: Path, *, language: str, branding: Branding,
                     template_label: str | None = None) -> PreparedTemplate:
    """A PreparedTemplate, reused while the template file (and the logo) are unchanged: checking then
    generating, or generating twice, parses each template once per process."""
    def stamp(path: Path | None) -> tuple:
        if path is None or not path.is_file():
            return ()
        info = path.stat()
        return str(path.resolve()), info.st_mtime_ns, info.st_size

    logo = branding.logo.read_bytes() if branding.logo and branding.logo.is_file() else b""
    # The logo by content: engagements copied from one another share their prepared templates.
    key = (stamp(template), language, branding.primary_colour, branding.font, branding.footer,
           branding.classification, hashlib.sha256(logo).hexdigest(), template_label)
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
    moment = datetime(stamp.year, stamp.month, stamp.day, tzinfo=timezone.utc)
    properties.created = moment
    properties.modified = moment
    properties.last_modified_by = properties.author or ""
    properties.revision = 1


# ------------------------------------------------------------------------------ deterministic .zip


_DOS_DATE = ((_ZIP_TIME[0] - 1980) << 9) | (_ZIP_TIME[1] << 5) | _ZIP_TIME[2]


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def build_zip(members: list[tuple[str, bytes, bool]], cache: dict[str, tuple[int, bytes]] | None = None) -> bytes:
    """A .zip of (name, data, reusable) members with fixed timestamps: the same members give the same
    bytes. A reusable member's compressed form is kept in `cache` and not compressed again."""
    out = io.BytesIO()
    directory = []
    for name, data, reusable in members:
        packed = cache.get(name) if (cache is not None and reusable) else None
        if packed is None:
            packed = (zlib.crc32(data), _deflate(data))
            if cache is not None and reusable:
                cache[name] = packed
        crc, compressed = packed
        encoded = name.encode("utf-8")
        flags = 0x800 if not encoded.isascii() else 0
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, 0, _DOS_DATE, crc, len(compressed),
                              len(data), len(encoded), 0))
        out.write(encoded)
        out.write(compressed)
        directory.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, flags, 8, 0, _DOS_DATE, crc,
                                     len(compressed), len(data), len(encoded), 0, 0, 0, 0, 0o644 << 16, offset)
                         + encoded)
    start = out.tell()
    for entry in directory:
        out.write(entry)
    size = out.tell() - start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(directory), len(directory), size, start, 0))
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps: identical inputs give identical bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return build_zip([(item.filename, source.read(item.filename), False) for item in source.infolist()])


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
        if style.name in ("Normal", "Title", "Subtitle", "Header", "Footer") or style.name.startswith(("Heading", "List")):
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
    red, green, blue = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "".join(f"{round(255 - (255 - c) * keep):02X}" for c in (red, green, blue))


def undeclared_variables(template: Path, language: str) -> set[str]:
    """Variables a template reads that are not set inside it (what the context must supply)."""
    return inspect_template(template, language).variables
