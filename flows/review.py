"""Flow `monthly_governance_review`: status files in, EVM/RAG/trends computed and stored, review pack out.

load -> validate -> compute -> store and render into staging (one open transaction) -> commit -> publish, each a
call into governance.review or governance.core; the store is opened once for the run (one engine, migrations
checked once) after the status files are found and the pack's template linted. A refusal at any step leaves the
store and out/ as they were; a kill leaves out/reviews/<period>/ old or new (governance.core.publish).
"""

from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_markdown_artifact
from sqlalchemy import Engine
from sqlmodel import Session

from flows.common import input_errors_fail, step
from governance import portfolio, review
from governance.core.faults import checkpoint
from governance.core.publish import Staging, publish, staged_outputs
from governance.core.store import transaction
from governance.engagement.config import load_engagement
from governance.engagement.identity import engagement_store
from governance.review import ComputedPeriod, FoundInputs, ReviewInputs, StoredReview


@step
def find_inputs(engagement_dir: str, period: str | None, input_path: str | None) -> FoundInputs:
    """The engagement, the period, the policy and the status files found, the pack's template linted (nothing
    read from the store yet)."""
    found = review.find_inputs(load_engagement(engagement_dir), period, input_path)
    review.check_template(found.engagement)
    return found


@step
def load_inputs(found: FoundInputs, all_periods: bool, engine: Engine) -> ReviewInputs:
    """Read and validate the period's file and the earlier ones to store first (all problems together)."""
    with transaction(engine) as session:
        return review.load_inputs(found, all_periods, session=session)


@step
def compute_reviews(inputs: ReviewInputs, engine: Engine) -> list[ComputedPeriod]:
    """Each period in order, every project at once, against the stored history."""
    with transaction(engine) as session:
        history = review.read_history(inputs, session=session)
    return review.compute_periods(inputs, history)


@step
def store_reviews(inputs: ReviewInputs, computed: list[ComputedPeriod], session: Session) -> StoredReview:
    """Replace every computed period in the run's transaction (committed once the outputs are rendered)."""
    return review.store_periods(inputs, computed, session=session)


@step
def render_review(
    inputs: ReviewInputs, current: ComputedPeriod, stored: StoredReview, staging: Staging, session: Session
) -> dict:
    """The Word pack, the workbook and the committee deck of out/reviews/<period>/, into the staging folder; the deck
    carries the portfolio's last proposal to the board when there is one."""
    engagement = inputs.engagement
    slides = portfolio.committee_slides(
        portfolio.latest_proposal(session=session, engagement=engagement.id),
        portfolio.decisions_frame(session=session, engagement=engagement.id),
        language=engagement.config.language,
    )
    return review.render_outputs(inputs, current, stored, staging, session=session, extra_slides=slides)


@step
def publish_review(staging: Staging) -> None:
    """out/reviews/<period>/ swapped into place: the pack and the workbook appear together."""
    publish(staging, "review")


@flow(name="monthly_governance_review", log_prints=False)
@input_errors_fail
def monthly_governance_review(
    engagement_dir: str, period: str | None = None, input_path: str | None = None, all_periods: bool = False
) -> dict:
    """Review every project's monthly status against the governance tolerances and write the review pack."""
    found = find_inputs(engagement_dir, period, input_path)
    # The run lock is held from the first read of the history to the publication: never a mixed period.
    with engagement_store(found.engagement, "review") as engine:
        inputs = load_inputs(found, all_periods, engine)
        computed = compute_reviews(inputs, engine)
        with staged_outputs(found.engagement.out_dir) as staging:
            with transaction(engine) as session:  # committed at the end of the block
                stored = store_reviews(inputs, computed, session)
                outputs = render_review(inputs, computed[-1], stored, staging, session)
                checkpoint("review:rendered")
            checkpoint("review:committed")
            publish_review(staging)
    create_markdown_artifact(**review.summary_markdown(inputs, computed[-1]))
    return review.result_of(inputs, computed[-1], stored, outputs)
