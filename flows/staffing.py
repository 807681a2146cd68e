"""Flow `pmo_staffing`: portfolio, people and assessment in; team sized, skills and training planned; Word and
Excel out."""

from __future__ import annotations

from prefect import flow

from flows.common import input_errors_fail, step
from governance import staffing
from governance.core.store import session_scope
from governance.engagement.config import Engagement, load_engagement
from governance.staffing import StaffingInputs, StaffingPlan


@step
def load_inputs(engagement_dir: str) -> tuple[Engagement, StaffingInputs]:
    """Read and validate everything the plan needs, then the latest stored assessment."""
    engagement = load_engagement(engagement_dir)
    inputs = staffing.load_inputs(engagement)
    with session_scope(engagement.database_url()) as session:
        return engagement, staffing.with_assessment(inputs, engagement, session=session)


@step
def compute_plan(inputs: StaffingInputs) -> StaffingPlan:
    return staffing.build_plan(inputs)


@step(retries=2, retry_delay_seconds=2)
def store_skills(engagement: Engagement, plan: StaffingPlan, period: str):
    """Replace this month's skills snapshot; return the previous snapshot's period and the changes since."""
    with session_scope(engagement.database_url()) as session:
        return staffing.store_snapshot(session=session, engagement=engagement.slug, period=period, matrix=plan.matrix)


@step
def render_outputs(engagement: Engagement, inputs: StaffingInputs, plan: StaffingPlan, previous_period, progress):
    return staffing.render_outputs(engagement, inputs, plan, previous_period, progress)


@flow(name="pmo_staffing", log_prints=False)
@input_errors_fail
def pmo_staffing(engagement_dir: str) -> dict:
    """Size the PMO team, assess its skills and plan training; write the Word plan and the Excel workbook."""
    engagement, inputs = load_inputs(engagement_dir)
    plan = compute_plan(inputs)
    previous_period, progress = store_skills(engagement, plan, staffing.snapshot_period())
    outputs = render_outputs(engagement, inputs, plan, previous_period, progress)
    return staffing.result_of(engagement, inputs, plan, outputs, previous_period)
