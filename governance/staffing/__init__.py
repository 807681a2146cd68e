"""Staffing: the PMO team sized from the portfolio and mandate, its skills assessed, its training planned."""

from governance.staffing.inputs import Portfolio, load_inputs, with_assessment
from governance.staffing.outputs import render_outputs, result_of, snapshot_period
from governance.staffing.plan import StaffingInputs, StaffingPlan, build_plan
from governance.staffing.profiles import role_name
from governance.staffing.store import SkillSnapshot, save_skills, store_snapshot

__all__ = [
    "Portfolio",
    "SkillSnapshot",
    "StaffingInputs",
    "StaffingPlan",
    "build_plan",
    "load_inputs",
    "render_outputs",
    "result_of",
    "role_name",
    "save_skills",
    "snapshot_period",
    "store_snapshot",
    "with_assessment",
]
