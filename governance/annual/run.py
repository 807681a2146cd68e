"""The annual report rendered into a staging folder, and the result the command prints.

The report stores nothing: it is rendered, the Word report and its committee deck (governance.annual.deck) side
by side, into a staging copy of out/annual/ (the other years' reports kept) and published by the flow
(governance.core.publish), so a refused template leaves out/ as it was.
"""

from __future__ import annotations

from typing import Any

from governance.annual.charts import RADAR_CM, radar, trend_images
from governance.annual.context import annual_context
from governance.annual.deck import deck_name, render_annual_deck
from governance.annual.inputs import TEMPLATE_ID
from governance.annual.missing import command_for, missing_items
from governance.annual.report import AnnualReport
from governance.annual.scorecard import status_counts
from governance.core.docx import RenderResult, branding_for, render_docx, template_path
from governance.core.i18n import words
from governance.core.pptx import DeckResult
from governance.core.publish import Staging

OUTPUT_FOLDER = "annual"  # under out/


def output_name(language: str, last: str) -> str:
    return f"{words('annual', language)['output']['stem']}-{last}.docx"


def dimension_names(report: AnnualReport) -> dict[str, str]:
    bank = report.inputs.prepared.bank
    return {d.id: d.name(report.inputs.engagement.language) for d in bank.dimensions}


def report_material(report: AnnualReport) -> tuple[dict[str, Any], dict[str, tuple[bytes, float]]]:
    """What the Word report and the deck both show: the context and the charts (the radar once assessed, the
    trends once a month is reviewed)."""
    engagement = report.inputs.engagement
    language = engagement.language
    names = dimension_names(report)
    context = annual_context(report, names, engagement.root.name)
    images: dict[str, tuple[bytes, float]] = {}
    if report.maturity is not None:
        images["radar"] = (radar(report, names, engagement.config.branding.primary_colour, language), RADAR_CM)
    if report.kpis["reviewed"].any():
        images.update(trend_images(report, language))
    return context, images


def render_word(report: AnnualReport, context: dict, images: dict, staging: Staging) -> RenderResult:
    """out/annual/<report>-<last month>.docx, rendered into `staging`."""
    engagement = report.inputs.engagement
    language = engagement.language
    template, label = template_path(TEMPLATE_ID, language, engagement.templates_dir)
    return render_docx(
        template,
        context,
        staging.folder(OUTPUT_FOLDER) / output_name(language, report.year.last),
        language=language,
        branding=branding_for(engagement),
        images=images,
        template_label=label,
    )


def render_deck(report: AnnualReport, context: dict, images: dict, staging: Staging) -> DeckResult:
    """out/annual/<report>-<last month>.pptx, the committee deck, rendered into `staging` beside the report."""
    engagement = report.inputs.engagement
    language = engagement.language
    return render_annual_deck(
        context,
        images,
        staging.folder(OUTPUT_FOLDER) / deck_name(language, report.year.last),
        period=report.year.last,
        language=language,
        branding=branding_for(engagement),
        overrides_dir=engagement.templates_dir,
    )


def render_report(report: AnnualReport, staging: Staging) -> dict[str, Any]:
    """out/annual/<report>-<last month>.docx and its deck (.pptx), rendered into `staging`; returns where they are
    published and the renders' warnings."""
    context, images = report_material(report)
    rendered = render_word(report, context, images, staging)
    deck = render_deck(report, context, images, staging)
    return {
        "report": str(staging.final(rendered.path)),
        "deck": str(staging.final(deck.path)),
        "warnings": rendered.warnings + deck.warnings,
    }


def _figure(value: Any) -> Any:
    """A figure for --json: None when undefined, 4 decimals at most (0.30000000000000027 is 0.3)."""
    if value is None or value != value:
        return None
    return round(float(value), 4) if isinstance(value, float) else value


def _level(value: Any) -> int | None:
    return None if value is None or value != value else int(value)


def result_of(report: AnnualReport, outputs: dict[str, Any]) -> dict[str, Any]:
    """What `pmo report annual` prints (and --json shows); messages in English, like every message."""
    inputs = report.inputs
    engagement = inputs.engagement
    names = words("annual", "en")["missing_name"]
    folder = str(engagement.root)
    exceptions = report.exceptions
    maturity = None
    if report.latest is not None:
        maturity = {
            "start_campaign": report.start.campaign if report.start else None,
            "latest_campaign": report.latest.campaign,
            "start_level": report.start.overall_level if report.start else None,
            "latest_level": report.latest.overall_level,
            "dimensions": [
                {k: _level(v) if k.endswith("_level") else _figure(v) for k, v in row.items()}
                for row in report.maturity.to_dict("records")
            ],
        }
    return {
        "engagement": str(engagement.root),
        "from": report.year.first,
        "to": report.year.last,
        "reviewed_months": report.kpis.loc[report.kpis["reviewed"], "period"].tolist(),
        "missing": [
            {
                "section": item["section"],
                "what": names[item["key"]],
                "command": command_for(item["key"], folder),
                **({"months": item["months"]} if "months" in item else {}),
                **({"problem": item["problem"]} if item.get("problem") else {}),
            }
            for item in missing_items(report)
        ],
        "maturity": maturity,
        "objectives": [
            {
                "number": o["number"],
                "text": o["text"],
                "metric": o["metric"],
                "statuses": o["statuses"],
                "start": [o["start"][0], _figure(o["start"][1])] if o["start"] else None,
                "end": [o["end"][0], _figure(o["end"][1])] if o["end"] else None,
                "status": o["status"],
            }
            for o in report.standings
        ],
        "objective_counts": status_counts(report.standings),
        "exceptions": {
            **{k: _figure(v) for k, v in exceptions.totals.items()},
            "by_dimension": {
                k: {c: _figure(v) for c, v in row.items()}
                for k, row in exceptions.by_dimension.to_dict("index").items()
            },
            "by_body": {
                k: {c: _figure(v) for c, v in row.items()} for k, row in exceptions.by_body.to_dict("index").items()
            },
        },
        "actions": {
            **{k: _figure(v) for k, v in report.actions.totals.items()},
            "by_body": report.actions.by_body.to_dict("index"),
            "open_actions": report.actions.open_actions[
                ["ref", "body_id", "project_id", "action", "owner", "due_on", "overdue"]
            ]
            .astype(object)
            .to_dict("records"),
        },
        "lessons": {
            "total": report.lessons.total,
            "by_category": dict(zip(report.lessons.by_category["category"], report.lessons.by_category["lessons"])),
        },
        "staffing": (
            {
                "target_fte": round(float(report.team["target_fte"].sum()), 2),
                "current_fte": round(float(report.team["current_fte"].sum()), 2),
                "roles": report.team.to_dict("records"),
            }
            if report.team is not None
            else None
        ),
        "recommendations": (
            report.steps[["rank", "dimension_id", "from_level", "to_level", "horizon", "title"]].to_dict("records")
            if report.steps is not None
            else []
        ),
        **outputs,
    }
