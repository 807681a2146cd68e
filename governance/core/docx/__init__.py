"""Word documents: the sandboxed docxtpl renderer, template lint, branding and where templates come from."""

from governance.core.docx.branding import Branding, apply_branding, branding_for
from governance.core.docx.lint import TemplateInfo, inspect_template, undeclared_variables
from governance.core.docx.packaging import normalise_zip
from governance.core.docx.render import PreparedTemplate, RenderedDocument, RenderResult, prepare_template, render_docx
from governance.core.docx.sandbox import clean_context, make_environment
from governance.core.docx.template_source import template_path

__all__ = [
    "Branding",
    "PreparedTemplate",
    "RenderResult",
    "RenderedDocument",
    "TemplateInfo",
    "apply_branding",
    "branding_for",
    "clean_context",
    "inspect_template",
    "make_environment",
    "normalise_zip",
    "prepare_template",
    "render_docx",
    "template_path",
    "undeclared_variables",
]
