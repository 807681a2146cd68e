"""Flow `pmo_staffing`: portfolio, people and assessment in; team sized, skills and training planned; Word and
Excel out.

load -> validate (the plan's template linted too) -> compute -> store and render into staging (one open
transaction) -> commit -> publish: a refusal at any step leaves the store and out/ as they were.
"""

from __future__ import annotations

from prefect import flow
from sqlalchemy import Engine
from sqlmodel import Session

from flows.common import input_errors_fail, step
from governance import staffing
from governance.core.faults import checkpoint
from governance.core.publish import Staging, publish, staged_outputs
from governance.core.store import transaction
from governance.engagement.config import Engagement, load_engagement
from governance.engagement.identity import engagement_store
from governance.staffing import StaffingInputs, StaffingPlan
from governance.staffing.outputs import check_template


@step
def load_inputs(engagement_dir: str) -> tuple[Engagement, StaffingInputs]:
    """Read and validate everything the plan needs and lint the plan's template (nothing read from the store)."""
    engagement = load_engagement(engagement_dir)
    inputs = staffing.load_inputs(engagement)
    check_template(engagement)
    return engagement, inputs


@step
def add_assessment(engagement: Engagement, inputs: StaffingInputs, engine: Engine) -> StaffingInputs:
    """The latest stored assessment, which sizes training needs."""
    with transaction(engine) as session:
        return staffing.with_assessment(inputs, engagement, session=session)


@step
def compute_plan(inputs: StaffingInputs) -> StaffingPlan:
    return staffing.build_plan(inputs)


@step
def store_skills(engagement: Engagement, plan: StaffingPlan, period: str, session: Session):
    """Replace this month's skills snapshot (in the caller's transaction); return the previous snapshot's period
    and the changes since."""
    return staffing.store_snapshot(session=session, engagement=engagement.id, period=period, matrix=plan.matrix)


@step
def render_outputs(
    engagement: Engagement,
    inputs: StaffingInputs,
    plan: StaffingPlan,
    previous_period,
    progress,
    staging: Staging,
):
    """The plan and the workbook of out/staffing/, into the staging folder."""
    return staffing.render_outputs(engagement, inputs, plan, previous_period, progress, staging)


@step
def publish_outputs(staging: Staging) -> None:
    """out/staffing/ swapped into place: the plan and the workbook appear together."""
    publish(staging, "staffing")


@flow(name="pmo_staffing", log_prints=False)
@input_errors_fail
def pmo_staffing(engagement_dir: str) -> dict:
    """Size the PMO team, assess its skills and plan training; write the Word plan and the Excel workbook."""
    engagement, inputs = load_inputs(engagement_dir)
    with engagement_store(engagement, "staffing") as engine, staged_outputs(engagement.out_dir) as staging:
        inputs = add_assessment(engagement, inputs, engine)
        plan = compute_plan(inputs)
        with transaction(engine) as session:  # committed at the end of the block
            previous_period, progress = store_skills(engagement, plan, staffing.snapshot_period(), session)
            outputs = render_outputs(engagement, inputs, plan, previous_period, progress, staging)
            checkpoint("staffing:rendered")
        checkpoint("staffing:committed")
        publish_outputs(staging)
    return staffing.result_of(engagement, inputs, plan, outputs, previous_period)
