"""The campaigns of an engagement: finding their questionnaires, reading and scoring them, storing them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from sqlmodel import Session

from governance.assessment import scoring  # the module, not the package: scoring is this package's own
from governance.assessment.bank import QuestionBank, load_question_bank
from governance.assessment.recommendations import Library, load_library
from governance.assessment.responses import RESPONSE_SUFFIXES, discover_campaigns, files_date, load_responses
from governance.assessment.store import dimension_scores, previous_assessment, save_assessment
from governance.core.problems import InputError, Problem, read_all
from governance.engagement.config import Engagement


@dataclass
class Campaign:
    name: str
    assessed_on: date
    responses: pd.DataFrame


@dataclass
class Scored:
    campaign: Campaign
    scores: pd.DataFrame
    roles: pd.DataFrame
    overall: int | None


@dataclass
class Campaigns:
    """Every campaign found, oldest first, and the one to report on."""

    bank: QuestionBank
    library: Library
    campaigns: list[Campaign]
    selected: str


def load_bank_and_library(engagement: Engagement) -> tuple[QuestionBank, Library]:
    """The engagement's question bank and recommendations (built-in unless pmo.yaml names others)."""
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
        raise InputError(
            [
                Problem(
                    "pmo.yaml",
                    f"unknown dimension {k!r}; expected one of {', '.join(bank.dimension_ids)}",
                    key=f"assessment.target.{k}",
                    code="unknown-dimension",
                )
                for k in unknown
            ]
        )
    return bank, library


def find_campaigns(engagement: Engagement, responses: str | None, campaign: str | None) -> dict[str, list[Path]]:
    """Campaign name -> its questionnaire files: `responses` (a file or folder) or data/responses/."""
    if responses:
        path = Path(responses)
        if not path.exists():
            raise InputError([Problem(responses, "responses file or folder not found", code="file-not-found")])
        files = [path] if path.is_file() else sorted(p for p in path.iterdir() if p.suffix.lower() in RESPONSE_SUFFIXES)
        found = {campaign or (path.parent.name if path.is_file() else path.name): files}
    else:
        found = discover_campaigns(engagement.responses_dir)
    if not found or not any(found.values()):
        raise InputError(
            [
                Problem(
                    engagement.display(engagement.responses_dir),
                    "no questionnaire found; expected filled .xlsx or .csv files "
                    "(write a blank one with `pmo assess questionnaire`)",
                    code="no-responses",
                )
            ]
        )
    if campaign and campaign not in found:
        raise InputError(
            [
                Problem(
                    engagement.display(engagement.responses_dir),
                    f"no campaign {campaign!r}; found {', '.join(found)}",
                    code="unknown-campaign",
                )
            ]
        )
    return found


def load_campaigns(engagement: Engagement, responses: str | None = None, campaign: str | None = None) -> Campaigns:
    """Read and validate every campaign's questionnaires (all problems reported together)."""
    bank, library = load_bank_and_library(engagement)
    found = find_campaigns(engagement, responses, campaign)

    def read(item: tuple[str, list[Path]]) -> Campaign:
        name, files = item
        data = load_responses(files, [engagement.display(f) for f in files], bank)
        return Campaign(name, scoring.campaign_date(name, files_date(files)), data)

    campaigns = sorted(read_all(found.items(), read), key=lambda c: (c.assessed_on, c.name))
    return Campaigns(bank, library, campaigns, campaign or campaigns[-1].name)


def score_campaigns(engagement: Engagement, bank: QuestionBank, campaigns: list[Campaign]) -> list[Scored]:
    settings = engagement.config.assessment
    targets = scoring.targets_for(bank, settings.target, settings.default_target)
    results = []
    for c in campaigns:
        scores = scoring.score_dimensions(c.responses, bank, targets, settings.disagreement_spread)
        results.append(
            Scored(c, scores, scoring.scores_by_role(c.responses, bank.dimension_ids), scoring.overall_level(scores))
        )
    return results


def save_campaigns(
    *, session: Session, engagement: Engagement, bank: QuestionBank, scored: list[Scored], selected: str
) -> tuple[str | None, pd.DataFrame | None]:
    """Replace every campaign found; return the selected one's predecessor (campaign, dimension scores)."""
    for s in scored:
        save_assessment(
            session=session,
            engagement=engagement.id,
            campaign=s.campaign.name,
            assessed_on=s.campaign.assessed_on,
            bank_id=bank.id,
            overall_level=s.overall,
            responses=s.campaign.responses,
            scores=s.scores,
        )
    session.flush()
    previous = previous_assessment(session=session, engagement=engagement.id, campaign=selected)
    if previous is None:
        return None, None
    return previous.campaign, dimension_scores(session=session, assessment_id=previous.id)
