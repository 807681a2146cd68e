"""Where a document's template comes from: the engagement's templates/ override, else the default kit."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from governance.core.paths import PACKAGE_DIR
from governance.core.problems import InputError, Problem

TEMPLATE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
SUFFIX = re.compile(r"^\.[a-z]{3,4}$")


def default_templates_dir() -> Path:
    """PMO_TEMPLATES_DIR, else document_templates/ of the source tree, else the installed copy."""
    configured = os.environ.get("PMO_TEMPLATES_DIR")
    if configured:
        return Path(configured)
    beside_source = PACKAGE_DIR.parent / "document_templates"
    if beside_source.is_dir():
        return beside_source
    return Path(sys.prefix) / "share" / "pmo-kit" / "document_templates"


def check_template_id(template_id: str, source: str = "template id") -> str:
    """Ids become file names: refuse anything that could leave the folder (e.g. '../../etc/x')."""
    if not TEMPLATE_ID.fullmatch(template_id or ""):
        raise InputError(
            [
                Problem(
                    source,
                    f"template id {template_id!r} is not allowed; expected lower-case "
                    "letters, digits, '_' or '-' (no path)",
                )
            ]
        )
    return template_id


def template_path(
    template_id: str, language: str, overrides_dir: Path | None, *, suffix: str = ".docx"
) -> tuple[Path, str]:
    """The template file for `template_id` in `language` (a Word template, or e.g. `suffix=".pptx"` for a deck)
    and a label for messages."""
    check_template_id(template_id)
    if not SUFFIX.fullmatch(suffix):
        raise ValueError(f"template suffix {suffix!r}: expected an extension such as '.docx' or '.pptx'")
    name = f"{template_id}.{language}{suffix}"
    if overrides_dir is not None and (overrides_dir / name).is_file():
        return overrides_dir / name, f"templates/{name}"
    default = default_templates_dir() / name
    if not default.is_file():
        raise InputError([Problem(f"document_templates/{name}", "template not found")])
    return default, f"document_templates/{name}"
