"""Flow `annual_report`: whatever the year stored in, the PMO's annual report out.

load (--to checked, templates checked, settings and files read) -> read the store (one session, under the run
lock) -> compute -> render into staging -> publish. It stores nothing: a refusal at any step leaves out/ as it
was; a kill leaves out/annual/ old or new (governance.core.publish).
"""

from __future__ import annotations

from prefect import flow
from sqlalchemy import Engine

from flows.common import input_errors_fail, step
from governance import annual
from governance.annual import AnnualInputs, AnnualReport, Prepared
from governance.core.faults import checkpoint
from governance.core.publish import Staging, publish, staged_outputs
from governance.core.store import transaction
from governance.engagement.config import load_engagement
from governance.engagement.identity import engagement_store


@step
def load_inputs(engagement_dir: str, to: str | None) -> Prepared:
    """--to checked, the report's and the deck's templates checked, the policy, question bank and staffing plan read."""
    return annual.prepare(load_engagement(engagement_dir), to)


@step
def read_store(prepared: Prepared, engine: Engine) -> AnnualInputs:
    """The year's assessments, reviews, decisions, actions and lessons, in one session."""
    with transaction(engine) as session:
        return annual.read_inputs(prepared, session=session)


@step
def compute_report(inputs: AnnualInputs) -> AnnualReport:
    return annual.compute_report(inputs)


@step
def render_report(report: AnnualReport, staging: Staging) -> dict:
    """The Word report of out/annual/ and its committee deck, into the staging folder."""
    return annual.render_report(report, staging)


@step
def publish_report(staging: Staging) -> None:
    publish(staging, "annual")


@flow(name="annual_report", log_prints=False)
@input_errors_fail
def annual_report(engagement_dir: str, to: str | None = None) -> dict:
    """Write the PMO's annual report for the 12 months ending at `to` (default: the latest reviewed month)."""
    prepared = load_inputs(engagement_dir, to)
    with (
        engagement_store(prepared.engagement, "annual") as engine,
        staged_outputs(prepared.engagement.out_dir) as staging,
    ):
        inputs = read_store(prepared, engine)
        report = compute_report(inputs)
        outputs = render_report(report, staging)
        checkpoint("annual:rendered")
        publish_report(staging)
    return annual.result_of(report, outputs)
