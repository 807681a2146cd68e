"""Prefect flows: orchestration only. Each flow calls pure functions in `governance`."""
