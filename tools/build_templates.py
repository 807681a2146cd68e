"""Regenerate the default templates in document_templates/ (developer tool).

Usage: python tools/build_templates.py [template_id ...]
Consultants edit the generated .docx in Word; re-run this only to reset the defaults.
The templates themselves are described in tools/template_builders/.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tools"), str(ROOT)]

from template_builders import BUILDS, LANGUAGES, build  # noqa: E402

FOLDER = ROOT / "document_templates"


def main(only: list[str]) -> None:
    unknown = sorted(set(only) - set(BUILDS))
    if unknown:
        sys.exit(f"unknown template id: {', '.join(unknown)} (known: {', '.join(BUILDS)})")
    for template_id in BUILDS:
        if only and template_id not in only:
            continue
        for language in LANGUAGES:
            print(build(template_id, language, FOLDER))


if __name__ == "__main__":
    main(sys.argv[1:])
