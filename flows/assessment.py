"""Flow `capability_assessment`: responses in, maturity scored and stored, Word report out.

load -> validate (the report's template linted too) -> score -> store and render into staging (one open
transaction) -> commit -> publish: a refusal at any step leaves the store and out/ as they were.
"""

from __future__ import annotations

import pandas as pd
from prefect import flow
from sqlmodel import Session

from flows.common import input_errors_fail, step
from governance import assessment
from governance.assessment import Campaigns, Scored
from governance.assessment.outputs import check_template
from governance.core.faults import checkpoint
from governance.core.publish import Staging, publish, staged_outputs
from governance.core.store import transaction
from governance.engagement.config import Engagement, load_engagement
from governance.engagement.identity import engagement_store


@step
def load_campaigns(engagement_dir: str, responses: str | None, campaign: str | None):
    """Read and validate every campaign's questionnaires (all problems reported together), lint the template."""
    engagement = load_engagement(engagement_dir)
    found = assessment.load_campaigns(engagement, responses, campaign)
    check_template(engagement)
    return engagement, found


@step
def score_campaigns(engagement: Engagement, found: Campaigns) -> list[Scored]:
    return assessment.score_campaigns(engagement, found.bank, found.campaigns)


@step
def store_campaigns(engagement: Engagement, found: Campaigns, scored: list[Scored], session: Session):
    """Replace every campaign found (in the caller's transaction); return the selected one's predecessor."""
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
    staging: Staging,
) -> dict:
    """The Word report of out/assessment/, into the staging folder."""
    return assessment.render_report(
        engagement, found.bank, found.library, current, previous_campaign, previous_scores, staging
    )


@step
def publish_report(staging: Staging) -> None:
    """out/assessment/ swapped into place with the new report."""
    publish(staging, "assessment")


@flow(name="capability_assessment", log_prints=False)
@input_errors_fail
def capability_assessment(engagement_dir: str, responses: str | None = None, campaign: str | None = None) -> dict:
    """Score the capability assessment of an engagement and write its Word report."""
    engagement, found = load_campaigns(engagement_dir, responses, campaign)
    scored = score_campaigns(engagement, found)
    current = next(s for s in scored if s.campaign.name == found.selected)
    with engagement_store(engagement, "assessment") as engine, staged_outputs(engagement.out_dir) as staging:
        with transaction(engine) as session:  # committed at the end of the block
            previous_campaign, previous_scores = store_campaigns(engagement, found, scored, session)
            report = render_report(engagement, found, current, previous_campaign, previous_scores, staging)
            checkpoint("assessment:rendered")
        checkpoint("assessment:committed")
        publish_report(staging)
    return assessment.result_of(engagement, current, scored, previous_campaign, report)
