"""Checking a template without rendering it: its parts, syntax errors with the text near them, unsafe names, variables."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, meta, nodes

from governance.core.docx.sandbox import make_environment
from governance.core.problems import Problem

PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")

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
                parts.append(
                    Part((label, rel_key), label, _lines(helper.patch_xml(helper.get_part_xml(rel.target_part))))
                )
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
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and node.arg.value.startswith("_")
        ):
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
            unsafe = unsafe_names(ast)
            # Compiled from the parsed tree (no re-parse); an unknown filter is refused here, not at render time.
            template = None if unsafe else environment.from_string(ast)
            variables = meta.find_undeclared_variables(ast)
        except RecursionError:  # e.g. 3,000 nested brackets: Jinja's parser and compiler recurse
            info.problems.append(Problem(label, f"the {part.label} nests expressions or tags too deeply to be read"))
            continue
        except TemplateSyntaxError as exc:
            near = text_near(part.source, exc.lineno, part.text)
            info.problems.append(
                Problem(
                    label,
                    f"Jinja syntax error in the {part.label}: {exc.message}" + (f"; near: «{near}»" if near else ""),
                )
            )
            continue
        if unsafe:
            info.problems.append(
                Problem(
                    label,
                    f"the {part.label} reaches for internal attribute(s) "
                    f"{', '.join(sorted(set(unsafe)))}: refused by the sandbox",
                )
            )
            continue
        info.variables |= variables
        compiled[part.key] = (template, part)
    return info, compiled


def inspect_template(template: Path, language: str, label: str | None = None) -> TemplateInfo:
    """Syntax errors (with the surrounding text), unsafe attributes and the variables a template reads."""
    from docx import Document
    from docxtpl import DocxTemplate

    label = label or template.name
    try:
        document = Document(str(template))
    except Exception as exc:  # a damaged or non-Word file: python-docx raises many types
        return TemplateInfo(
            label, problems=[Problem(label, f"cannot be opened as a Word .docx file ({type(exc).__name__})")]
        )
    info, _ = _analyse(
        _parts(document, DocxTemplate(str(template))),
        label,
        make_environment(language),
        make_environment(language, autoescape=False),
    )
    return info


def undeclared_variables(template: Path, language: str) -> set[str]:
    """Variables a template reads that are not set inside it (what the context must supply)."""
    return inspect_template(template, language).variables
