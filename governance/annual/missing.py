"""What the report could not find, section by section, and the command that produces it."""

from __future__ import annotations

from governance.annual.report import AnnualReport

# The command that produces each missing input ({dir}: the engagement folder); None: an edit of pmo.yaml.
COMMANDS = {
    "assessment": "pmo assess run {dir}",
    "reassessment": "pmo assess run {dir}",
    "objectives": None,
    "reviews": "pmo review {dir} --all",
    "months": "pmo review {dir} --period YYYY-MM",
    "decisions": "pmo decisions import {dir}",
    "lessons": "pmo lessons import {dir}",
    "staffing": "pmo staffing plan {dir}",
    "people": "pmo staffing plan {dir}",
}


def missing_items(report: AnnualReport) -> list[dict]:
    """Each missing input: its key (governance/data/words/annual.yaml `missing`), section number and the values
    its sentence names, in the order of the sections."""
    items: list[dict] = []
    if report.latest is None:
        items.append({"key": "assessment", "section": 1})
    elif report.start is None:
        items.append({"key": "reassessment", "section": 1, "campaign": report.latest.campaign})
    if not report.standings:
        items.append({"key": "objectives", "section": 2})
    reviewed = report.kpis["reviewed"]
    if not reviewed.any():
        items.append({"key": "reviews", "section": 3})
    elif not reviewed.all():
        items.append({"key": "months", "section": 3, "months": report.kpis.loc[~reviewed, "period"].tolist()})
    totals = report.actions.totals
    if not (totals["decisions"] or totals["opened"] or totals["open"]):
        items.append({"key": "decisions", "section": 5})
    if not report.lessons.total:
        items.append({"key": "lessons", "section": 6})
    staffing = report.inputs.prepared.staffing
    if staffing.plan is None:
        items.append({"key": "staffing", "section": 7, "problem": staffing.problem or ""})
    elif not staffing.has_people:
        items.append({"key": "people", "section": 7})
    return items


def command_for(key: str, folder: str) -> str | None:
    command = COMMANDS[key]
    return command.format(dir=folder) if command else None
