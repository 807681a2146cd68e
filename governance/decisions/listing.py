"""`pmo decisions list`: the decision and action history as rows a person or a script reads."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd


def _iso(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def decision_list(
    decisions: pd.DataFrame, actions: pd.DataFrame, *, today: date, only_open: bool, bodies: dict[str, str]
) -> dict[str, Any]:
    """Every decision with its actions (each with its status today and whether it is overdue); `only_open`
    keeps the decisions that still have an open action, and those actions only."""
    actions = actions.assign(
        overdue=(actions["status"] == "open") & (pd.to_datetime(actions["due_on"]).dt.date < today)
        if not actions.empty
        else pd.Series(dtype=bool)
    )
    by_decision = {k: g for k, g in actions.groupby(["period", "body_id", "project_id", "dimension"], sort=False)}
    rows = []
    for d in decisions.to_dict("records"):
        mine = by_decision.get((d["period"], d["body_id"], d["project_id"], d["dimension"]), actions.iloc[0:0])
        if only_open:
            mine = mine[mine["status"] == "open"]
            if mine.empty:
                continue
        rows.append(
            {
                "period": d["period"],
                "body_id": d["body_id"],
                "body": bodies.get(d["body_id"], d["body_id"]),
                "meeting_on": _iso(d["meeting_on"]),
                "project_id": d["project_id"],
                "project_name": d["project_name"],
                "dimension": d["dimension"],
                "decision": d["decision"],
                "actions": [
                    {
                        "ref": a["ref"],
                        "action": a["action"],
                        "owner": a["owner"],
                        "owner_known": bool(a["owner_known"]),
                        "due_on": _iso(a["due_on"]),
                        "status": a["status"],
                        "overdue": bool(a["overdue"]),
                        "closed_on": _iso(a["closed_on"]),
                        "comment": a["comment"],
                    }
                    for a in mine.to_dict("records")
                ],
            }
        )
    counted = actions if not only_open else actions[actions["status"] == "open"]
    return {
        "decisions": rows,
        "counts": {
            "decisions": len(rows),
            "actions": len(counted),
            "open": int((counted["status"] == "open").sum()) if len(counted) else 0,
            "overdue": int(counted["overdue"].sum()) if len(counted) else 0,
            "closed": int((counted["status"] == "closed").sum()) if len(counted) else 0,
            "dropped": int((counted["status"] == "dropped").sum()) if len(counted) else 0,
        },
    }
