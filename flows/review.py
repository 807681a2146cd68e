"""Flow `monthly_governance_review`: status files in, EVM/RAG/trends computed and stored, review pack out.

load -> validate -> compute -> store -> render, each a call into governance.review; the store is opened once
for the run (one engine, migrations checked once) after the status files are found.
"""

from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_markdown_artifact
from sqlalchemy import Engine

from flows.common import input_errors_fail, step
from governance import review
from governance.core.store import open_store, transaction
from governance.engagement.config import load_engagement
from governance.review import ComputedPeriod, FoundInputs, ReviewInputs, StoredReview


@step
def find_inputs(engagement_dir: str, period: str | None, input_path: str | None) -> FoundInputs:
    """The engagement, the period, the policy and the status files found (nothing read from the store yet)."""
    return review.find_inputs(load_engagement(engagement_dir), period, input_path)


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


@step(retries=2, retry_delay_seconds=2)
def store_reviews(inputs: ReviewInputs, computed: list[ComputedPeriod], engine: Engine) -> StoredReview:
    """Replace every computed period in one transaction."""
    with transaction(engine) as session:
        return review.store_periods(inputs, computed, session=session)


@step
def render_review(inputs: ReviewInputs, current: ComputedPeriod, stored: StoredReview, engine: Engine) -> dict:
    """The Word pack and the XLSX workbook under out/reviews/<period>/."""
    with transaction(engine) as session:
        return review.render_outputs(inputs, current, stored, session=session)


@flow(name="monthly_governance_review", log_prints=False)
@input_errors_fail
def monthly_governance_review(
    engagement_dir: str, period: str | None = None, input_path: str | None = None, all_periods: bool = False
) -> dict:
    """Review every project's monthly status against the governance tolerances and write the review pack."""
    found = find_inputs(engagement_dir, period, input_path)
    engine = open_store(found.engagement.database_url())
    try:
        inputs = load_inputs(found, all_periods, engine)
        computed = compute_reviews(inputs, engine)
        stored = store_reviews(inputs, computed, engine)
        outputs = render_review(inputs, computed[-1], stored, engine)
    finally:
        engine.dispose()
    create_markdown_artifact(**review.summary_markdown(inputs, computed[-1]))
    return review.result_of(inputs, computed[-1], stored, outputs)
