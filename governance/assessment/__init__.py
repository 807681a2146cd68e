"""Capability assessment: question bank, questionnaire, responses, scoring, recommendations, report, store."""
