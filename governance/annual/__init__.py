"""The PMO's annual report: maturity, objectives, portfolio trends, exceptions, decisions, lessons, staffing and
recommendations for year two, from whatever the other capabilities stored over the 12 months."""

from governance.annual.actions import ActionRecord, action_record
from governance.annual.exceptions import ExceptionRecord, exception_episodes, exception_record
from governance.annual.inputs import AnnualInputs, Prepared, check_template, prepare, read_inputs
from governance.annual.lessons import LessonRecord, lesson_record
from governance.annual.maturity import CampaignScores, maturity_change
from governance.annual.report import AnnualReport, compute_report
from governance.annual.run import OUTPUT_FOLDER, render_report, result_of
from governance.annual.scorecard import monthly_standings
from governance.annual.year import ReportYear

__all__ = [
    "OUTPUT_FOLDER",
    "ActionRecord",
    "AnnualInputs",
    "AnnualReport",
    "CampaignScores",
    "ExceptionRecord",
    "LessonRecord",
    "Prepared",
    "ReportYear",
    "action_record",
    "check_template",
    "compute_report",
    "exception_episodes",
    "exception_record",
    "lesson_record",
    "maturity_change",
    "monthly_standings",
    "prepare",
    "read_inputs",
    "render_report",
    "result_of",
]
