"""Flow `capability_assessment`: responses in, maturity scored and stored, Word report out."""

from __future__ import annotations

import pandas as pd
from prefect import flow

from flows.common import input_errors_fail, step
from governance import assessment
from governance.assessment import Campaigns, Scored
from governance.core.store import session_scope
from governance.engagement.config import Engagement, load_engagement


@step
def load_campaigns(engagement_dir: str, responses: str | None, campaign: str | None):
    """Read and validate every campaign's questionnaires (all problems reported together)."""
    engagement = load_engagement(engagement_dir)
    return engagement, assessment.load_campaigns(engagement, responses, campaign)


@step
def score_campaigns(engagement: Engagement, found: Campaigns) -> list[Scored]:
    return assessment.score_campaigns(engagement, found.bank, found.campaigns)


@step(retries=2, retry_delay_seconds=2)
def store_campaigns(engagement: Engagement, found: Campaigns, scored: list[Scored]):
    """Replace every campaign found in one transaction; return the selected one's predecessor."""
    with session_scope(engagement.database_url()) as session:
        return assessment.save_campaigns(
            session=session, engagement=engagement, bank=found.bank, scored=scored, selected=found.selected
        )


@step
def render_report(
    engagement: Engagement,
    found: Campaigns,
    current: Scored,
    previous_campaign: str | None,
    previous_scores: pd.DataFrame | None,
) -> dict:
    return assessment.render_report(engagement, found.bank, found.library, current, previous_campaign, previous_scores)


@flow(name="capability_assessment", log_prints=False)
@input_errors_fail
def capability_assessment(engagement_dir: str, responses: str | None = None, campaign: str | None = None) -> dict:
    """Score the capability assessment of an engagement and write its Word report."""
    engagement, found = load_campaigns(engagement_dir, responses, campaign)
    scored = score_campaigns(engagement, found)
    current = next(s for s in scored if s.campaign.name == found.selected)
    previous_campaign, previous_scores = store_campaigns(engagement, found, scored)
    report = render_report(engagement, found, current, previous_campaign, previous_scores)
    return assessment.result_of(engagement, current, scored, previous_campaign, report)
