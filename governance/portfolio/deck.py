"""The portfolio's slide in the committee deck: the last selection put to the board, and what the board decided."""

from __future__ import annotations

import pandas as pd

from governance.core.formatting import day, money, number
from governance.core.i18n import words
from governance.core.pptx import Cell, Column, SlideSpec, Table

# Approved, rejected, deferred: the review's green, red and amber.
DECISION_FILLS = {"approved": "#70AD47", "rejected": "#C00000", "deferred": "#FFC000"}


def proposal_rows(ranked: pd.DataFrame) -> list[dict]:
    """What a stored proposal keeps of the ranked demands: id, title, score, cost, proposal."""
    return [
        {
            "demand_id": r["demand_id"],
            "title": r["title"],
            "score": None if pd.isna(r["score"]) else round(float(r["score"]), 3),
            "cost": float(r["total_cost"]),
            "proposal": r["proposal"],
        }
        for r in ranked.to_dict("records")
    ]


def committee_slides(proposal: dict | None, decisions: pd.DataFrame, *, language: str) -> list[SlideSpec]:
    """One table (continued if long): each demand of the last proposal, its score and cost, what the PMO proposed
    and, once the board has decided, its decision. None before the first `pmo portfolio select`."""
    if proposal is None:
        return []
    w = words("portfolio", language)
    deck = w["deck"]
    decided = decisions.set_index("demand_id")["decision"].to_dict() if len(decisions) else {}
    rows = []
    for d in proposal["demands"]:
        decision = decided.get(d["demand_id"])
        rows.append(
            [
                f"{d['demand_id']} — {d['title']}",
                "–" if d["score"] is None else number(d["score"], language, 2),
                money(d["cost"], language),
                w["proposal"][d["proposal"]],
                Cell(w["status"][decision], fill=DECISION_FILLS[decision]) if decision else "",
            ]
        )
    c = deck["columns"]
    return [
        Table(
            deck["title"].format(date=day(proposal["prepared_on"], language)),
            [
                Column(c["demand"], 4.0),
                Column(c["score"], 0.9, "right"),
                Column(c["cost"], 1.3, "right"),
                Column(c["proposal"], 1.4),
                Column(c["decision"], 1.3),
            ],
            rows,
            continued=deck["continued"],
            max_rows=10,
            note=deck["note"].format(
                score=number(proposal["score"], language, 2), greedy=number(proposal["greedy_score"], language, 2)
            ),
        )
    ]
