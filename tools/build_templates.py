"""Regenerate the default templates in document_templates/ (developer tool).

Usage: python tools/build_templates.py [template_id ...]
Consultants edit the generated .docx in Word (the .pptx decks in PowerPoint); re-run this only to reset the
defaults.
The templates themselves are described in tools/template_builders/.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tools"), str(ROOT)]

from template_builders import BUILDS, DECK_BUILDS, LANGUAGES, build  # noqa: E402

FOLDER = ROOT / "document_templates"


def main(only: list[str]) -> None:
    known = [*BUILDS, *DECK_BUILDS]
    unknown = sorted(set(only) - set(known))
    if unknown:
        sys.exit(f"unknown template id: {', '.join(unknown)} (known: {', '.join(known)})")
    for template_id in known:
        if only and template_id not in only:
            continue
        for language in LANGUAGES:
            print(build(template_id, language, FOLDER))


if __name__ == "__main__":
    main(sys.argv[1:])
