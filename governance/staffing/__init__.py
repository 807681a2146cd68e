"""Staffing and training the PMO: sizing, skills, training, plan, report, store."""
