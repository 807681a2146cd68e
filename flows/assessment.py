"""Flow `capability_assessment`: responses in, maturity scored and stored, Word report out."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from prefect import flow

from flows.common import input_errors_fail, step
from governance.assessment import scoring
from governance.assessment.report import report_context
from governance.assessment.store import dimension_scores, previous_assessment, save_assessment
from governance.core.charts import radar_chart
from governance.core.docx.documents import branding_for, render_docx
from governance.engagement.config import Engagement, load_engagement
from governance.core.problems import InputError, Problem
from governance.assessment.bank import QuestionBank, load_question_bank
from governance.assessment.recommendations import Library, build_roadmap, load_library
from governance.assessment.responses import discover_campaigns, files_date, load_responses
from governance.core.store import open_store, transaction
from governance.core.docx.template_source import template_path


@dataclass
class Campaign:
    name: str
    assessed_on: object
    responses: pd.DataFrame


@dataclass
class Scored:
    campaign: Campaign
    scores: pd.DataFrame
    roles: pd.DataFrame
    overall: int | None


def load_bank_and_library(engagement: Engagement) -> tuple[QuestionBank, Library]:
    settings = engagement.config.assessment
    bank = load_question_bank(
        engagement.resolve(settings.question_bank) if settings.question_bank else None,
        settings.question_bank,
    )
    library = load_library(
        engagement.resolve(settings.recommendations) if settings.recommendations else None,
        settings.recommendations,
    )
    unknown = scoring.unknown_target_keys(bank, settings.target)
    if unknown:
        raise InputError([Problem("pmo.yaml", f"unknown dimension {k!r}; expected one of "
                                  f"{', '.join(bank.dimension_ids)}", key=f"assessment.target.{k}") for k in unknown])
    return bank, library


@step
def load_campaigns(engagement_dir: str, responses: str | None, campaign: str | None):
    """Read and validate every campaign's questionnaires (all problems reported together)."""
    engagement = load_engagement(engagement_dir)
    bank, library = load_bank_and_library(engagement)
    if responses:
        path = Path(responses)
        if not path.exists():
            raise InputError([Problem(responses, "responses file or folder not found")])
        files = [path] if path.is_file() else sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))
        found = {campaign or (path.parent.name if path.is_file() else path.name): files}
    else:
        found = discover_campaigns(engagement.responses_dir)
    if not found or not any(found.values()):
        raise InputError([Problem(engagement.display(engagement.responses_dir),
                                  "no questionnaire found; expected filled .xlsx or .csv files "
                                  "(write a blank one with `pmo assess questionnaire`)")])
    if campaign and campaign not in found:
        raise InputError([Problem(engagement.display(engagement.responses_dir),
                                  f"no campaign {campaign!r}; found {', '.join(found)}")])
    campaigns, problems = [], []
    for name, files in found.items():
        try:
            data = load_responses(files, [engagement.display(f) for f in files], bank)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        campaigns.append(Campaign(name, scoring.campaign_date(name, files_date(files)), data))
    if problems:
        raise InputError(problems)
    campaigns.sort(key=lambda c: (c.assessed_on, c.name))
    selected = campaign or campaigns[-1].name
    return engagement, bank, library, campaigns, selected


@step
def score_campaigns(engagement: Engagement, bank: QuestionBank, campaigns: list[Campaign]) -> list[Scored]:
    settings = engagement.config.assessment
    targets = scoring.targets_for(bank, settings.target, settings.default_target)
    results = []
    for c in campaigns:
        scores = scoring.score_dimensions(c.responses, bank, targets, settings.disagreement_spread)
        results.append(Scored(c, scores, scoring.scores_by_role(c.responses, bank.dimension_ids),
                              scoring.overall_level(scores)))
    return results


@step(retries=2, retry_delay_seconds=2)
def store_campaigns(engagement: Engagement, bank: QuestionBank, scored: list[Scored], selected: str):
    """Replace every campaign found in one transaction; return the selected one's predecessor."""
    engine = open_store(engagement.database_url())
    try:
        with transaction(engine) as session:
            for s in scored:
                save_assessment(session=session, engagement=engagement.slug, campaign=s.campaign.name,
                                assessed_on=s.campaign.assessed_on, bank_id=bank.id, overall_level=s.overall,
                                responses=s.campaign.responses, scores=s.scores)
        with transaction(engine) as session:
            previous = previous_assessment(session=session, engagement=engagement.slug, campaign=selected)
            if previous is None:
                return None, None
            return previous.campaign, dimension_scores(session=session, assessment_id=previous.id)
    finally:
        engine.dispose()


@step
def render_report(engagement: Engagement, bank: QuestionBank, library: Library, current: Scored,
                  previous_campaign: str | None, previous_scores: pd.DataFrame | None) -> dict:
    config = engagement.config
    language = config.language
    roadmap = build_roadmap(current.scores, bank, library, language)
    progress = scoring.progress(current.scores, previous_scores)
    names = [bank.dimension(d).name(language) for d in current.scores["dimension_id"]]
    legend = ("Actuel", "Cible") if language == "fr" else ("Current", "Target")
    previous_values = None
    if previous_scores is not None and not previous_scores.empty:
        previous_values = current.scores[["dimension_id"]].merge(previous_scores, on="dimension_id", how="left")["median"].tolist()
    radar = radar_chart(names, current.scores["median"].tolist(), current.scores["target"].tolist(),
                        config.branding.primary_colour, legend, previous_values, previous_campaign or "")
    context = report_context(
        config=config, bank=bank, campaign=current.campaign.name, assessed_on=current.campaign.assessed_on,
        responses=current.campaign.responses, scores=current.scores, roles=current.roles, roadmap=roadmap,
        progress=progress, previous_campaign=previous_campaign, overall=current.overall,
    )
    template, label = template_path("assessment_report", language, engagement.templates_dir)
    branding = branding_for(engagement)
    name = "rapport-evaluation" if language == "fr" else "assessment-report"
    target = engagement.out_dir / "assessment" / f"{name}-{current.campaign.name}.docx"
    rendered = render_docx(template, context, target, language=language, branding=branding,
                           images={"radar": (radar, 13.5)}, template_label=label)
    return {"report": str(rendered.path), "warnings": rendered.warnings,
            "recommendations": len(roadmap), "roadmap": roadmap[["rank", "dimension_id", "horizon", "title"]]
            .to_dict("records")}


@flow(name="capability_assessment", log_prints=False)
@input_errors_fail
def capability_assessment(engagement_dir: str, responses: str | None = None, campaign: str | None = None) -> dict:
    """Score the capability assessment of an engagement and write its Word report."""
    engagement, bank, library, campaigns, selected = load_campaigns(engagement_dir, responses, campaign)
    scored = score_campaigns(engagement, bank, campaigns)
    current = next(s for s in scored if s.campaign.name == selected)
    previous_campaign, previous_scores = store_campaigns(engagement, bank, scored, selected)
    report = render_report(engagement, bank, library, current, previous_campaign, previous_scores)
    dimensions = current.scores.astype(object).where(current.scores.notna(), None)
    return {
        "engagement": str(engagement.root),
        "campaign": selected,
        "assessed_on": current.campaign.assessed_on.isoformat(),
        "respondents": int(current.campaign.responses["respondent"].nunique()),
        "answers": scoring.completion(current.campaign.responses),
        "overall_level": current.overall,
        "dimensions": dimensions.to_dict("records"),
        "previous_campaign": previous_campaign,
        "stored_campaigns": [s.campaign.name for s in scored],
        **report,
    }
