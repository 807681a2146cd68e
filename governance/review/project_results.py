"""What `pmo review --json` says of each project: EVM figures, RAG per dimension, trend, streak and escalation.

Built from the same rows the store receives (governance.review.store.snapshot_records: undefined values as null,
dates as dates, RAG as words), so a script reads exactly what was stored.
"""

from __future__ import annotations

from governance.review.metrics import PeriodReview
from governance.review.policy import DIMENSIONS, ReviewPolicy
from governance.review.store import snapshot_records

EVM = (
    "bac",
    "pv",
    "ev",
    "ac",
    "percent_complete",
    "sv",
    "cv",
    "spi",
    "cpi",
    "eac",
    "etc",
    "vac",
    "tcpi_bac",
    "tcpi_eac",
)
SCHEDULE = (
    "baseline_end",
    "forecast_end",
    "end_slip_days",
    "next_milestone",
    "milestone_forecast",
    "milestone_slip_days",
)


def project_results(review: PeriodReview, policy: ReviewPolicy, source_file: str) -> list[dict]:
    """One entry per project reported this period, in the order of the status file."""
    bodies = {}
    results = []
    for row in snapshot_records(review, "", source_file):
        body = row["escalation_body"]
        if body not in bodies:
            bodies[body] = policy.body_label(body, "en") if body else None
        results.append(
            {
                "project_id": row["project_id"],
                "project_name": row["project_name"],
                "tier_id": row["tier_id"],
                "sponsor": row["sponsor"],
                "project_manager": row["project_manager"],
                "status_date": row["status_date"],
                "evm": {name: row[name] for name in EVM},
                "schedule": {name: row[name] for name in SCHEDULE},
                "deviation": {d: row[f"dev_{d}"] for d in DIMENSIONS},
                "rag": {
                    **{d: row[f"rag_{d}"] for d in DIMENSIONS},
                    "overall": row["rag_overall"],
                    "self": row["rag_self"],
                },
                "trend": row["trend"],
                "streak": row["streak"],
                "red_streak": row["red_streak"],
                "escalation": {"escalated": row["escalated"], "body_id": body, "body": bodies[body]},
                "on_time": row["on_time"],
                "flags": row["flags"].split(",") if row["flags"] else [],
                "source_row": row["source_row"],
            }
        )
    return results
