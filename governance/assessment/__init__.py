"""Capability assessment: question bank, questionnaire, responses, scoring, recommendations, report, store."""

from governance.assessment.bank import LEVELS, QuestionBank, Text, load_question_bank
from governance.assessment.campaigns import (
    Campaign,
    Campaigns,
    Scored,
    find_campaigns,
    load_bank_and_library,
    load_campaigns,
    save_campaigns,
    score_campaigns,
)
from governance.assessment.outputs import render_report, result_of, write_questionnaire
from governance.assessment.recommendations import build_roadmap
from governance.assessment.report import pmo_type_name
from governance.assessment.responses import discover_campaigns
from governance.assessment.store import (
    Assessment,
    AssessmentResponse,
    DimensionScore,
    Maturity,
    dimension_medians,
    dimension_scores,
    latest_assessment,
    latest_maturity,
    list_assessments,
    maturity_progress,
)

__all__ = [
    "LEVELS",
    "Assessment",
    "AssessmentResponse",
    "Campaign",
    "Campaigns",
    "DimensionScore",
    "Maturity",
    "QuestionBank",
    "Scored",
    "Text",
    "build_roadmap",
    "discover_campaigns",
    "dimension_scores",
    "find_campaigns",
    "latest_assessment",
    "latest_maturity",
    "list_assessments",
    "load_bank_and_library",
    "load_campaigns",
    "load_question_bank",
    "dimension_medians",
    "maturity_progress",
    "pmo_type_name",
    "render_report",
    "result_of",
    "save_campaigns",
    "score_campaigns",
    "write_questionnaire",
]
