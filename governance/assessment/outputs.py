"""The assessment's outputs: the Word report with its radar chart, and the result the command prints.

The report is rendered into a staging copy of out/assessment/ (the other campaigns' reports and the
questionnaire kept) while the flow's transaction is still open, and published after the commit
(governance.core.publish): a refused template leaves the store and out/ as they were.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from governance.assessment import scoring
from governance.assessment.bank import QuestionBank
from governance.assessment.campaigns import Scored
from governance.assessment.recommendations import Library, build_roadmap
from governance.assessment.report import report_context
from governance.core.i18n import words
from governance.core.problems import InputError, Problem
from governance.core.publish import Staging
from governance.engagement.config import Engagement, load_engagement

OUTPUT_FOLDER = "assessment"  # under out/


def check_template(engagement: Engagement) -> None:
    """Parse and lint the report's template before anything is stored or written (the render reuses it)."""
    from governance.core.docx import branding_for, prepare_template
    from governance.core.docx.template_source import template_path

    template, label = template_path("assessment_report", engagement.language, engagement.templates_dir)
    prepare_template(template, language=engagement.language, branding=branding_for(engagement), template_label=label)


def render_report(
    engagement: Engagement,
    bank: QuestionBank,
    library: Library,
    current: Scored,
    previous_campaign: str | None,
    previous_scores: pd.DataFrame | None,
    staging: Staging,
) -> dict[str, Any]:
    """Write out/assessment/<report>-<campaign>.docx into `staging`; return where it is published, its warnings
    and the roadmap."""
    # Imported here: matplotlib and the Word renderer are needed to render, not to import the package.
    from governance.core.charts import radar_chart
    from governance.core.docx import branding_for, render_docx
    from governance.core.docx.template_source import template_path

    config = engagement.config
    language = config.language
    labels = words("assessment", language)
    roadmap = build_roadmap(current.scores, bank, library, language)
    progress = scoring.progress(current.scores, previous_scores)
    names = [bank.dimension(d).name(language) for d in current.scores["dimension_id"]]
    legend = (labels["radar"]["current"], labels["radar"]["target"])
    previous_values = None
    if previous_scores is not None and not previous_scores.empty:
        previous_values = (
            current.scores[["dimension_id"]].merge(previous_scores, on="dimension_id", how="left")["median"].tolist()
        )
    radar = radar_chart(
        names,
        current.scores["median"].tolist(),
        current.scores["target"].tolist(),
        config.branding.primary_colour,
        legend,
        previous_values,
        previous_campaign or "",
    )
    context = report_context(
        config=config,
        bank=bank,
        campaign=current.campaign.name,
        assessed_on=current.campaign.assessed_on,
        responses=current.campaign.responses,
        scores=current.scores,
        roles=current.roles,
        roadmap=roadmap,
        progress=progress,
        previous_campaign=previous_campaign,
        overall=current.overall,
    )
    template, label = template_path("assessment_report", language, engagement.templates_dir)
    target = staging.folder(OUTPUT_FOLDER) / f"{labels['files']['report']}-{current.campaign.name}.docx"
    rendered = render_docx(
        template,
        context,
        target,
        language=language,
        branding=branding_for(engagement),
        images={"radar": (radar, 13.5)},
        template_label=label,
    )
    return {
        "report": str(staging.final(rendered.path)),
        "warnings": rendered.warnings,
        "recommendations": len(roadmap),
        "roadmap": roadmap[["rank", "dimension_id", "horizon", "title"]].to_dict("records"),
    }


def result_of(
    engagement: Engagement, current: Scored, scored: list[Scored], previous_campaign: str | None, report: dict[str, Any]
) -> dict[str, Any]:
    """What `pmo assess run --json` prints."""
    dimensions = current.scores.astype(object).where(current.scores.notna(), None)
    return {
        "engagement": str(engagement.root),
        "campaign": current.campaign.name,
        "assessed_on": current.campaign.assessed_on.isoformat(),
        "respondents": int(current.campaign.responses["respondent"].nunique()),
        "answers": scoring.completion(current.campaign.responses),
        "overall_level": current.overall,
        "dimensions": dimensions.to_dict("records"),
        "previous_campaign": previous_campaign,
        "stored_campaigns": [s.campaign.name for s in scored],
        **report,
    }


def write_questionnaire(engagement_dir: Path | str, format: str, output: Path | None = None) -> dict[str, Any]:
    """The blank questionnaire in the engagement's language (.xlsx with dropdowns or long-form .csv)."""
    from governance.assessment.campaigns import load_bank_and_library
    from governance.assessment.questionnaire import write_questionnaire_csv, write_questionnaire_xlsx

    if format not in ("xlsx", "csv"):
        raise InputError(
            [Problem("--format", f"{format!r} is not allowed; expected xlsx or csv", code="unknown-format")]
        )
    engagement = load_engagement(engagement_dir)
    bank, _ = load_bank_and_library(engagement)
    language = engagement.language
    stem = words("assessment", language)["files"]["questionnaire"]
    target = output or engagement.out_dir / "assessment" / f"{stem}.{format}"
    if format == "xlsx":
        write_questionnaire_xlsx(bank, language, target, engagement.config.branding.primary_colour)
    else:
        write_questionnaire_csv(bank, target)
    return {
        "file": str(target),
        "format": format,
        "questions": len(bank.question_ids),
        "dimensions": len(bank.dimensions),
        "language": language,
    }
