"""What each portfolio command returns (printed with --json, summarised otherwise): plain, JSON-ready data."""

from __future__ import annotations

import math

import pandas as pd

from governance.portfolio.analysis import Capacity
from governance.portfolio.capacity import bottlenecks
from governance.portfolio.inputs import PortfolioInputs
from governance.portfolio.model import DEMAND_STATUSES
from governance.portfolio.run import SelectionRun, budget_rows, scored_table


def _number(value: float | None, digits: int = 2) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), digits)


def _limit_label(kind: str, key: str, labels: dict[str, str]) -> str:
    """'budget 2027', or 'Analyste métier 2027-Q1' for a capacity key (role key and quarter)."""
    if kind != "capacity":
        return f"{kind} {key}"
    role, _, quarter = key.rpartition(" ")
    return f"{labels.get(role, role)} {quarter}"


def intake_summary(inputs: PortfolioInputs, decisions: pd.DataFrame, stored: int) -> dict:
    table = scored_table(inputs, pd.DataFrame(columns=["reviewer", "demand_id", "criterion", "score"]), decisions)
    costs = inputs.register.costs.groupby("year")["amount"].sum()
    return {
        "engagement": str(inputs.engagement.root),
        "files": inputs.register.files,
        "demands": stored,
        "by_status": {s: int((table["status"] == s).sum()) for s in DEMAND_STATUSES},
        "mandatory": int(table["mandatory"].sum()),
        "cost_by_year": {int(y): round(float(a), 2) for y, a in costs.items()},
        "effort_days": round(float(inputs.register.effort["days"].sum()), 1),
    }


def scoring_summary(inputs: PortfolioInputs, scores: pd.DataFrame, decisions: pd.DataFrame, returned, written) -> dict:
    table = scored_table(inputs, scores, decisions).sort_values(["score", "demand_id"], ascending=[False, True])
    rows = [
        {
            "demand_id": r["demand_id"],
            "title": r["title"],
            "status": r["status"],
            "score": _number(r["score"], 3),
            "reviewers": int(r["reviewers"]),
            "flagged": bool(r["flagged"]),
            "flagged_criteria": list(r["flagged_criteria"] or ()),
        }
        for r in table.to_dict("records")
    ]
    return {
        "engagement": str(inputs.engagement.root),
        "body": inputs.scoring.body_id,
        "criteria": {c.id: round(c.weight, 4) for c in inputs.scoring.criteria},
        "returned": returned.files,
        "reviewers_returned": sorted(returned.workbooks),
        "reviewers_stored": sorted(set(scores["reviewer"])) if len(scores) else [],
        "workbooks_written": written,
        "scored": sum(1 for r in rows if r["score"] is not None),
        "flagged": [r["demand_id"] for r in rows if r["flagged"]],
        "demands": rows,
    }


def _bottlenecks(balance: pd.DataFrame, labels: dict[str, str]) -> list[dict]:
    return [
        {
            "role": labels.get(r["role"], r["role"]),
            "months_over": int(r["months_over"]),
            "over_months": list(r["over_months"]),
            "peak_month": r["peak_month"],
            "peak_utilisation": _number(r["peak_utilisation"], 3),
            "overload_days": _number(r["overload_days"], 1),
        }
        for r in bottlenecks(balance).to_dict("records")
    ]


def capacity_summary(inputs: PortfolioInputs, capacity: Capacity, files: list[str]) -> dict:
    balance = capacity.balance()
    labels = inputs.resources.role_labels
    by_role = balance.groupby("role", sort=False)[["capacity", "committed", "candidates"]].sum()
    return {
        "engagement": str(inputs.engagement.root),
        "months": [capacity.months[0], capacity.months[-1]] if capacity.months else [],
        "roles": [
            {
                "role": labels.get(role, role),
                "capacity_days": round(float(r["capacity"]), 1),
                "committed_days": round(float(r["committed"]), 1),
                "candidate_days": round(float(r["candidates"]), 1),
                "utilisation": _number((r["committed"] + r["candidates"]) / r["capacity"], 3)
                if r["capacity"]
                else None,
            }
            for role, r in by_role.iterrows()
        ],
        "bottlenecks": _bottlenecks(balance, labels),
        "bottlenecks_committed_only": _bottlenecks(capacity.balance(set()), labels),
        "files": files,
    }


def selection_summary(inputs: PortfolioInputs, run: SelectionRun, files: list[str]) -> dict:
    labels = inputs.resources.role_labels
    gap = run.gap
    return {
        "engagement": str(inputs.engagement.root),
        "selected": list(run.exact.selected),
        "score": round(run.exact.score, 4),
        "greedy": {"selected": list(run.baseline.selected), "score": round(run.baseline.score, 4)},
        "gap": {k: list(v) if isinstance(v, tuple) else round(float(v), 6) for k, v in gap.items()},
        "solver_seconds": round(run.exact.seconds, 3),
        "budget": [
            {
                k: (None if isinstance(v, float) and math.isnan(v) else (int(v) if k == "year" else round(float(v), 2)))
                for k, v in r.items()
            }
            for r in budget_rows(run).to_dict("records")
        ],
        "binding": [
            {
                "kind": b.kind,
                "key": b.key,
                "label": _limit_label(b.kind, b.key, labels),
                "used": round(b.needed, 2),
                "available": round(b.available, 2),
            }
            for b in run.exact.binding
        ],
        "frontier": [
            {
                "budget_factor": round(p.budget_factor, 4),
                "total_budget": round(p.total_budget, 2),
                "score": round(p.score, 4),
                "count": len(p.selected),
                "proven": p.optimal,
            }
            for p in run.frontier
        ],
        "deferred": [{"demand_id": d, "reasons": reasons} for d, reasons in run.reasons.items()],
        "bottlenecks_after": _bottlenecks(run.balance_after(), labels),
        "files": files,
    }


def decision_summary(inputs: PortfolioInputs, sheets, provisioned) -> dict:
    counts = {d: sum(1 for x in sheets.decisions if x["decision"] == d) for d in ("approved", "rejected", "deferred")}
    projects = (
        [
            {
                "demand_id": r["demand_id"],
                "project_id": r["id"],
                "name": r["name"],
                "tier": r["tier"],
                "budget": round(float(r["budget"]), 2),
                "manager": r["manager"],
            }
            for r in provisioned.rows.to_dict("records")
        ]
        if len(provisioned.rows)
        else []
    )
    return {
        "engagement": str(inputs.engagement.root),
        "sheets": sheets.files,
        "decisions": counts,
        "projects": projects,
        "project_list": provisioned.project_list,
        "documents": provisioned.documents,
    }
