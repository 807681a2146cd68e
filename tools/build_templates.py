"""Regenerate the default templates in document_templates/ (developer tool).

Usage: python tools/build_templates.py [template_id ...]
Consultants edit the generated .docx in Word; re-run this only to reset the defaults.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import assessment_templates  # noqa: E402
import staffing_templates  # noqa: E402
import kit_templates  # noqa: E402
import governance_templates  # noqa: E402
import review_templates  # noqa: E402

FOLDER = Path(__file__).resolve().parent.parent / "document_templates"
BUILDERS = {"assessment_report": assessment_templates.build}
BUILDERS["staffing_plan"] = staffing_templates.build
BUILDERS.update(kit_templates.BUILDERS)
BUILDERS["governance_charter"] = governance_templates.build
BUILDERS["review_pack"] = review_templates.build


def main(only: list[str]) -> None:
    for template_id, build in BUILDERS.items():
        if only and template_id not in only:
            continue
        for language in ("fr", "en"):
            print(build(language, FOLDER))


if __name__ == "__main__":
    main(sys.argv[1:])
