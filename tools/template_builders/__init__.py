"""Builders of the default Word templates and committee decks in document_templates/ (a developer tool, not used
at run time).

Each template is a short description of its sections, written with the shared blocks of `blocks.py`
(title block, document control, guidance, tags, tables). Consultants edit the generated .docx in Word;
`python tools/build_templates.py [template_id ...]` regenerates them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.document import Document

from . import (
    annual_report,
    assessment_report,
    deck,
    governance_charter,
    kit_charters,
    kit_meetings,
    kit_registers,
    kit_reports,
    portfolio_pack,
    review_pack,
    staffing_plan,
)

LANGUAGES = ("fr", "en")

# template id -> build(language) -> the document; the order is the order `build_templates.py` prints in.
BUILDS: dict[str, Callable[[str], Document]] = {
    "assessment_report": assessment_report.build,
    "staffing_plan": staffing_plan.build,
    **kit_charters.BUILDS,
    **kit_reports.BUILDS,
    **kit_registers.BUILDS,
    **kit_meetings.BUILDS,
    "governance_charter": governance_charter.build,
    "review_pack": review_pack.build,
    "annual_report": annual_report.build,
    "portfolio_pack": portfolio_pack.build,
}


# The committee decks (.pptx), kept apart: BUILDS holds the Word templates the kit's tests compare.
DECK_BUILDS = deck.BUILDS


def build(template_id: str, language: str, folder: Path) -> Path:
    """Build one template in one language into `folder`; returns the file written."""
    if template_id in DECK_BUILDS:
        return deck.save(DECK_BUILDS[template_id](language), Path(folder) / f"{template_id}.{language}.pptx")
    target = Path(folder) / f"{template_id}.{language}.docx"
    BUILDS[template_id](language).save(str(target))
    return target
