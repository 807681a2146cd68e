"""Portfolio and PMO KPIs of a period, projects needing attention, escalations per body, the Prefect summary.

Roll-ups are counts, shares and totals (EVM stays at project level). Shares whose denominator is zero are
undefined (None), never 0 %.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from governance.review.metrics import AMBER, GREEN, RED, TRENDS, PeriodReview, ratio
from governance.review.policy import ReviewPolicy
from governance.review.wording import decision_text, num, pct, vocabulary

# Projects needing attention: red overall, or amber and worsening.
ATTENTION_ORDER = ["severity", "bac", "project_id"]


def _share(count: float, total: float) -> float | None:
    return float(count) / float(total) if total else None


def _clean(value: Any) -> Any:
    """numpy scalars and NaN to plain Python values (None for undefined)."""
    if isinstance(value, (np.floating, float)):
        return None if not math.isfinite(float(value)) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def portfolio_kpis(review: PeriodReview, maturity: dict | None = None) -> dict[str, Any]:
    """Headline figures of the period: RAG and trend counts, totals, PMO KPIs."""
    s = review.snapshots
    reported = len(s)
    expected = reported + len(review.missing)
    overall = s["rag_overall"].to_numpy(dtype=float)
    eac = s["eac"].to_numpy(dtype=float)
    bac = s["bac"].to_numpy(dtype=float)
    # A project whose EAC is undefined (nothing spent yet) is forecast at its budget.
    eac_total = float(np.where(np.isnan(eac), bac, eac).sum())
    totals = {c: float(s[c].sum()) for c in ("bac", "pv", "ev", "ac")}
    schedule_assessed = s["rag_schedule"].notna().sum()
    cost_assessed = s["rag_cost"].notna().sum()
    due = int(s["milestone_due"].sum())
    planned = s["benefits_planned"].sum(min_count=1)
    realised = s["benefits_realised"].where(s["benefits_planned"].notna()).sum(min_count=1)
    kpis = {
        "period": review.period,
        "projects": reported,
        "expected": expected,
        "missing": len(review.missing),
        "stale": int(s["stale"].sum()),
        "green": int((overall == GREEN).sum()),
        "amber": int((overall == AMBER).sum()),
        "red": int((overall == RED).sum()),
        "not_assessed": int(np.isnan(overall).sum()),
        **{trend: int((s["trend"] == trend).sum()) for trend in TRENDS},
        "bac_total": totals["bac"],
        "eac_total": eac_total,
        "vac_total": totals["bac"] - eac_total,
        "pv_total": totals["pv"],
        "ev_total": totals["ev"],
        "ac_total": totals["ac"],
        "portfolio_spi": ratio(totals["ev"], totals["pv"]).item(),
        "portfolio_cpi": ratio(totals["ev"], totals["ac"]).item(),
        "on_time_share": _share(int(s["on_time"].sum()), expected),
        "on_schedule_share": _share(int((s["rag_schedule"] == GREEN).sum()), schedule_assessed),
        "on_budget_share": _share(int((s["rag_cost"] == GREEN).sum()), cost_assessed),
        "milestones_due": due,
        "milestones_hit": int(s["milestone_hit"].sum()),
        "milestone_hit_rate": _share(int(s["milestone_hit"].sum()), due),
        "benefits_planned": planned,
        "benefits_realised": realised,
        "benefits_share": ratio(realised, planned).item() if pd.notna(planned) else None,
        "exceptions": len(review.exceptions),
        "exception_projects": int(review.exceptions["project_id"].nunique()) if len(review.exceptions) else 0,
        "escalations": int(s["escalated"].sum()),
        "data_quality_issues": len(review.data_quality),
        "rag_disagreements": int(s["rag_disagrees"].sum()),
        "maturity_level": None,
        "maturity_previous_level": None,
        "maturity_campaign": None,
        "maturity_previous_campaign": None,
        "maturity_score": None,
        "maturity_previous_score": None,
    }
    if maturity:
        kpis.update({k: v for k, v in maturity.items() if k in kpis})
    return {k: _clean(v) for k, v in kpis.items()}


def attention(snapshots: pd.DataFrame) -> pd.DataFrame:
    """Projects needing attention (red, or amber and worsening), most severe first."""
    overall = snapshots["rag_overall"]
    mask = (overall == RED) | ((overall == AMBER) & (snapshots["trend"] == "worsening"))
    return snapshots[mask].sort_values(ATTENTION_ORDER, ascending=[False, False, True])


def escalations_by_body(
    exceptions: pd.DataFrame, policy: ReviewPolicy, language: str, limit: int | None = None
) -> list[dict]:
    """Per body (the highest first): how many projects it must decide on, and the `limit` most severe of them
    with their red dimensions and the decision needed."""
    if exceptions.empty:
        return []
    labels = vocabulary(language)["dimension"]
    exceptions = exceptions.assign(escalation_body=exceptions["escalation_body"].fillna(""))
    # Exceptions come worst first, so a project's first row is its worst breach.
    projects = exceptions.drop_duplicates(["escalation_body", "project_id"])
    counts = projects.groupby("escalation_body", sort=False).size()
    shown = projects.groupby("escalation_body", sort=False).head(limit) if limit else projects
    subset = exceptions[exceptions["project_id"].isin(shown["project_id"])]
    dimensions = (
        subset.assign(label=subset["dimension"].map(labels))
        .groupby(["escalation_body", "project_id"], sort=False)["label"]
        .agg(", ".join)
    )
    result = []
    for body_id, group in shown.groupby("escalation_body", sort=False):
        result.append(
            {
                "body_id": body_id,
                "body": policy.body_label(body_id, language),
                "count": int(counts[body_id]),
                "more": int(counts[body_id]) - len(group),
                "projects": [
                    {
                        "project_id": r["project_id"],
                        "project_name": r["project_name"],
                        "dimensions": dimensions[(body_id, r["project_id"])],
                        "decision": decision_text(r["dimension"], bool(r["escalated"]), int(r["red_streak"]), language),
                    }
                    for r in group.to_dict("records")
                ],
            }
        )
    return sorted(result, key=lambda b: policy.steps_to_top(b["body_id"]) if b["body_id"] else 99)


def markdown_summary(kpis: dict, exceptions: pd.DataFrame, policy: ReviewPolicy, language: str, limit: int = 20) -> str:
    """Headline KPIs and exceptions as markdown tables, for the Prefect UI."""
    w = vocabulary(language)
    m = w["markdown"]
    share = lambda v: pct(v, language)  # noqa: E731
    rows = [
        (m["projects"], f"{kpis['projects']} / {kpis['expected']}"),
        (
            f"{w['rag']['red']} / {w['rag']['amber']} / {w['rag']['green']}",
            f"{kpis['red']} / {kpis['amber']} / {kpis['green']}",
        ),
        (m["trend"], f"{kpis['worsening']} / {kpis['improving']}"),
        (m["bac"], num(kpis["bac_total"], language)),
        (m["eac"], num(kpis["eac_total"], language)),
        (m["vac"], num(kpis["vac_total"], language)),
        (m["on_time"], share(kpis["on_time_share"])),
        (m["on_schedule"], share(kpis["on_schedule_share"])),
        (m["on_budget"], share(kpis["on_budget_share"])),
        (m["milestones"], share(kpis["milestone_hit_rate"])),
        (m["exceptions"], str(kpis["exceptions"])),
        (m["data_quality"], str(kpis["data_quality_issues"])),
    ]
    lines = [m["title"].format(period=kpis["period"]), "", m["header"], "| --- | ---: |"]
    lines += [f"| {_md(k)} | {_md(v)} |" for k, v in rows]
    lines += ["", "## Exceptions", ""]
    if exceptions.empty:
        lines.append(m["no_exception"])
    else:
        lines += [m["exception_header"], "| --- | --- | ---: | ---: | --- | --- |"]
        for r in exceptions.head(limit).to_dict("records"):
            lines.append(
                "| "
                + " | ".join(
                    _md(v)
                    for v in (
                        f"{r['project_id']} {r['project_name']}",
                        w["dimension"][r["dimension"]],
                        share(r["deviation"]),
                        share(r["red"]),
                        policy.body_label(r["escalation_body"], language),
                        decision_text(r["dimension"], bool(r["escalated"]), int(r["red_streak"]), language),
                    )
                )
                + " |"
            )
        if len(exceptions) > limit:
            lines.append("")
            lines.append(m["more"].format(n=len(exceptions) - limit))
    return "\n".join(lines) + "\n"


def _md(value: Any) -> str:
    """A table cell: pipes and line breaks would break the table."""
    return str(value).replace("|", "\\|").replace("\n", " ")
