"""What the governance review pack says: the context and charts handed to the review_pack template.

The pack goes to steering bodies: headline KPIs with last month beside them, decisions expected per body,
the RAG heat map and trends, every exception (capped in Word, all in the workbook), data-quality issues,
and one page per project needing attention (capped, most severe first).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from governance.core.formatting import NOT_DEFINED, defined, number
from governance.core.periods import period_bounds
from governance.engagement.config import EngagementConfig
from governance.engagement.review_settings import ReviewSettings
from governance.review.charts import RAG_COLOURS
from governance.review.figures import HEAT_MAP_ROWS, pack_images
from governance.review.kpis import attention, escalations_by_body
from governance.review.metrics import PeriodReview
from governance.review.objectives import objective_standing
from governance.review.pack_summary import kpi_rows, summary
from governance.review.policy import DIMENSIONS, ReviewPolicy
from governance.review.wording import (
    RAG_NAMES,
    TREND_ARROWS,
    day,
    days,
    decision_text,
    describe_flag,
    keur,
    months,
    num,
    pct,
    period_label,
    vocabulary,
)

__all__ = [
    "PackSources",
    "PageChunk",
    "data_quality_rows",
    "pack_context",
    "pack_images",
    "page_chunks",
    "period_label",
    "project_pages",
    "rag_mark",
]

ACTIONS_SHOWN = 60  # per list (open, overdue, closed) in Word; the registers carry every open action
DECISIONS_PER_BODY = 20  # the most severe projects per body in the pack; all of them are in the workbook


@dataclass
class PackSources:
    """Where the period's figures come from (printed in the annex)."""

    file: str
    sha256: str
    history: list[str]  # periods stored, oldest first


def rag_mark(code: Any, language: str):
    """A coloured bullet and the RAG word, for tables."""
    from docxtpl import RichText

    code = None if not defined(code) else int(code)
    label = vocabulary(language)["rag"][RAG_NAMES.get(code)]
    mark = RichText()
    mark.add("● ", color=RAG_COLOURS[code].lstrip("#"))
    mark.add(label)
    return mark


def _code_label(code: Any) -> str | None:
    return RAG_NAMES[int(code)] if defined(code) else None


def _exception_rows(exceptions: pd.DataFrame, policy: ReviewPolicy, language: str, limit: int) -> list[dict]:
    w = vocabulary(language)
    rows = []
    for r in exceptions.head(limit).to_dict("records"):
        rows.append(
            {
                "project": f"{r['project_id']} — {r['project_name']}",
                "dimension": w["dimension"][r["dimension"]],
                "deviation": pct(r["deviation"], language),
                "threshold": pct(r["red"], language),
                "streak": months(int(r["red_streak"]), language),
                "body": policy.body_label(r["escalation_body"], language),
                "decision": decision_text(r["dimension"], bool(r["escalated"]), int(r["red_streak"]), language),
            }
        )
    return rows


def data_quality_rows(review: PeriodReview, source_file: str, language: str) -> pd.DataFrame:
    """Every data-quality issue with its sentence, file and row (the workbook and the CLI use it too)."""
    dq = review.data_quality
    if dq.empty:
        return pd.DataFrame(columns=["project_id", "project_name", "flag", "issue", "message", "file", "row"])
    names = vocabulary(language)["flag_name"]
    messages = [
        describe_flag(f, v, r, language) for f, v, r in zip(dq["flag"], dq["value"], dq["reference"], strict=True)
    ]
    return pd.DataFrame(
        {
            "project_id": dq["project_id"],
            "project_name": dq["project_name"],
            "flag": dq["flag"],
            "issue": dq["flag"].map(names),
            "message": messages,
            "file": source_file,
            "row": dq["source_row"].astype("Int64"),
        }
    )


def _page(row: dict, exceptions: list[dict], flags: list[str], policy: ReviewPolicy, language: str) -> dict:
    w = vocabulary(language)
    p = w["pack"]
    tier = policy.tier(row["tier_id"])
    dims = []
    for dimension in DIMENSIONS:
        dims.append(
            {
                "name": w["dimension"][dimension],
                "deviation": pct(row[f"dev_{dimension}"], language, 1),
                "amber": pct(row[f"amber_{dimension}"], language),
                "red": pct(row[f"red_{dimension}"], language),
                "mark": rag_mark(row[f"rag_{dimension}"], language),
            }
        )
    k = lambda v: keur(v, language)  # noqa: E731
    r2 = lambda v: num(v, language, 2)  # noqa: E731
    evm = [
        ("BAC", k(row["bac"]), "SPI", r2(row["spi"])),
        (p["pv"], k(row["pv"]), "CPI", r2(row["cpi"])),
        (p["ev"], k(row["ev"]), "EAC", k(row["eac"])),
        (p["ac"], k(row["ac"]), "ETC", k(row["etc"])),
        ("SV", k(row["sv"]), "VAC", k(row["vac"])),
        ("CV", k(row["cv"]), "TCPI (BAC)", r2(row["tcpi_bac"])),
        (p["percent_complete"], pct(row["percent_complete"], language), "TCPI (EAC)", r2(row["tcpi_eac"])),
    ]
    basis = {"file": p["basis_file"], "first_status": p["basis_first_status"]}[row["start_basis"]]
    streak = int(row["streak"])
    overall = _code_label(row["rag_overall"])
    streak_text = ""
    if overall and streak > 1:
        streak_text = p["streak"].format(rag=w["rag"][overall], n=streak)
    return {
        "id": row["project_id"],
        "name": row["project_name"],
        "tier": tier.label(language) if tier else row["tier_id"],
        "sponsor": row["sponsor"] or NOT_DEFINED[language],
        "manager": row["project_manager"] or NOT_DEFINED[language],
        "status_date": day(row["status_date"], language),
        "overall": rag_mark(row["rag_overall"], language),
        "trend": f"{TREND_ARROWS[row['trend']]} {w['trend'][row['trend']]}",
        "streak": streak_text,
        # pandas 3 reads a text column's missing values as NaN, not None: NaN is no self-declared RAG either.
        "self_rag": w["rag"][row["rag_self"]]
        if isinstance(row["rag_self"], str) and row["rag_self"]
        else NOT_DEFINED[language],
        "disagrees": bool(row["rag_disagrees"]),
        "dims": dims,
        "evm": [{"l1": a, "v1": b, "l2": c, "v2": d} for a, b, c, d in evm],
        "baseline_end": day(row["baseline_end"], language),
        "forecast_end": day(row["forecast_end"], language),
        "end_slip": days(row["end_slip_days"], language),
        "end_slip_share": pct(row["end_slip_share"], language, 1),
        "duration": days(row["duration_days"], language).lstrip("+"),
        "duration_basis": basis,
        "milestone": row["next_milestone"] or NOT_DEFINED[language],
        "milestone_baseline": day(row["milestone_baseline"], language),
        "milestone_forecast": day(row["milestone_forecast"], language),
        "milestone_slip": days(row["milestone_slip_days"], language),
        "open_risks": num(row["open_risks"], language),
        "open_issues": num(row["open_issues"], language),
        "risk_exposure": k(row["risk_exposure"]),
        "exposure_share": pct(row["dev_risk"], language, 1),
        "exceptions": [
            {
                "dimension": w["dimension"][e["dimension"]],
                "body": policy.body_label(e["escalation_body"], language),
                "decision": decision_text(e["dimension"], bool(e["escalated"]), int(e["red_streak"]), language),
            }
            for e in exceptions
        ],
        "flags": flags,
    }


def _amount(value: float, language: str) -> str:
    """Budget thresholds: 1 M€, 300 k€."""
    if value >= 1_000_000:
        return number(value / 1_000_000, language, 0 if value % 1_000_000 == 0 else 1) + "\u00a0M€"
    return number(value / 1000, language) + "\u00a0k€"


def _budget_band(low: float, high: float | None, language: str) -> str:
    if high is None:
        return f"≥\u00a0{_amount(low, language)}"
    if not low:
        return f"<\u00a0{_amount(high, language)}"
    return f"{_amount(low, language)} – {_amount(high, language)}"


@dataclass
class PageChunk:
    """Some paged projects with what their pages show (their exceptions and flags): everything a page needs,
    picklable, so that a chunk can be computed in another process."""

    rows: list[dict]
    exceptions: dict[str, list[dict]]
    flags: dict[str, list[str]]
    policy: ReviewPolicy
    language: str


def page_chunks(
    paged: pd.DataFrame,
    exceptions: pd.DataFrame,
    dq: pd.DataFrame,
    policy: ReviewPolicy,
    language: str,
    chunks: int = 1,
) -> list[PageChunk]:
    """The paged projects in at most `chunks` contiguous chunks, in page order; exceptions and flags looked up
    once, not per page, and each chunk given only its own."""
    ids = set(paged["project_id"])
    mine = exceptions[exceptions["project_id"].isin(ids)]
    by_project = {k: g.to_dict("records") for k, g in mine.groupby("project_id", sort=False)}
    flagged = dq[dq["project_id"].isin(ids)]
    flags = {k: g["message"].tolist() for k, g in flagged.groupby("project_id", sort=False)}
    rows = paged.to_dict("records")
    count = max(1, min(chunks, len(rows)))
    size, extra = divmod(len(rows), count)
    result, start = [], 0
    for n in range(count):
        part = rows[start : start + size + (1 if n < extra else 0)]
        start += len(part)
        keys = [r["project_id"] for r in part]
        result.append(
            PageChunk(
                part,
                {k: by_project[k] for k in keys if k in by_project},
                {k: flags[k] for k in keys if k in flags},
                policy,
                language,
            )
        )
    return result


def project_pages(chunk: PageChunk) -> list[dict]:
    """The page contexts of one chunk's projects, in order (pure: a worker process may compute it)."""
    return [
        _page(
            r,
            chunk.exceptions.get(r["project_id"], []),
            chunk.flags.get(r["project_id"], []),
            chunk.policy,
            chunk.language,
        )
        for r in chunk.rows
    ]


def _pages(
    paged: pd.DataFrame,
    exceptions: pd.DataFrame,
    dq: pd.DataFrame,
    policy: ReviewPolicy,
    language: str,
    map_chunks: Callable | None = None,
    chunks: int = 1,
) -> list[dict]:
    """One page per paged project: in this process, or in chunks with `map_chunks(function, chunks, done)`.

    Measured (2,000 red projects, French): a page costs ~0.5-0.9 ms, so the default 50 pages take 50 ms and the
    most (500) under half a second; starting a local cluster of processes costs seconds. Chunks only pay on a
    cluster already running (PMO_DASK_ADDRESS), and little even there."""
    parts = page_chunks(paged, exceptions, dq, policy, language, chunks if map_chunks else 1)
    results = map_chunks(project_pages, parts, None) if map_chunks else [project_pages(p) for p in parts]
    return [page for part in results for page in part]


def _tolerance_rows(policy: ReviewPolicy, language: str) -> list[dict]:
    rows = []
    for tier in policy.tiers:
        bands = {
            d: f"{pct(tier.tolerances[d].amber, language)} / {pct(tier.tolerances[d].red, language)}"
            for d in DIMENSIONS
        }
        rows.append(
            {
                "tier": tier.label(language),
                "budget": _budget_band(tier.budget_min, tier.budget_max, language),
                "body": policy.body_label(tier.escalation_body, language),
                **bands,
            }
        )
    return rows


SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def objective_figure(value: float | None, kind: str, language: str) -> str:
    """A measure's value or target as the scorecard prints it: a share as %, a count or whole level plainly."""
    if value is None:
        return NOT_DEFINED.get(language, "–")
    if kind == "share":
        return pct(value, language)
    return num(value, language, 0 if kind == "count" or float(value).is_integer() else 2)


def scorecard_rows(objectives, history: pd.DataFrame, period: str, language: str) -> list[dict]:
    """The PMO scorecard the pack opens with: each objective of pmo.yaml, its value, target, status and trend."""
    w = vocabulary(language)
    rows = []
    for o in objective_standing(objectives, history, period):
        row = {
            "text": o["text"],
            "measure": "",
            "value": "",
            "target": "",
            "status": w["objective_status"][o["status"]],
            "trend": w["objective_trend"].get(o.get("trend") or "", ""),
            "due": day(o["due"], language) if o["due"] else "",
        }
        if o["status"] != "not_measured":
            row["measure"] = o["label"][language]
            row["value"] = objective_figure(o["value"], o["kind"], language)
            row["target"] = f"{SYMBOLS[o['comparator']]} {objective_figure(o['target'], o['kind'], language)}"
        rows.append(row)
    return rows


def pack_context(
    *,
    config: EngagementConfig,
    policy: ReviewPolicy,
    settings: ReviewSettings,
    review: PeriodReview,
    kpis: dict,
    history: pd.DataFrame,
    sources: PackSources,
    lessons: list[dict] | None = None,
    actions: dict[str, list[dict]] | None = None,
    map_chunks: Callable | None = None,
    chunks: int = 1,
) -> dict[str, Any]:
    """The template context (plain values, plus coloured RAG marks). `lessons`: those recorded this month;
    `actions`: the bodies' actions open, overdue and closed this month (governance.review.registers.action_rows).
    `map_chunks` and `chunks`: the per-project pages computed in chunks elsewhere (flows.parallel), same pages."""
    language = config.language
    period = review.period
    previous_rows = history[history["period"] < period]
    previous = previous_rows.iloc[-1].to_dict() if len(previous_rows) else None
    previous = (
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in previous.items()} if previous else None
    )
    previous_label = period_label(previous["period"], language) if previous else ""
    bodies = escalations_by_body(review.exceptions, policy, language, DECISIONS_PER_BODY)
    dq = data_quality_rows(review, sources.file, language)
    needing = attention(review.snapshots)
    paged = needing.head(settings.max_project_pages)
    dq_limit = 80
    disagreements = review.snapshots[review.snapshots["rag_disagrees"]].sort_values(
        ["rag_overall", "severity"], ascending=False
    )
    w = vocabulary(language)
    actions = actions or {"open": [], "overdue": [], "closed": []}
    return {
        "actions": {k: v[:ACTIONS_SHOWN] for k, v in actions.items()},
        "actions_counts": {k: len(v) for k, v in actions.items()},
        "objectives": scorecard_rows(config.pmo.objectives, history, period, language),
        "client": config.client.name,
        "consultant": config.consultant,
        "today": date.today(),
        "period": period,
        "period_label": period_label(period, language),
        "period_end": period_bounds(period)[1],
        "previous_label": previous_label,
        "policy_source": w["pack"]["policy_governance" if policy.source == "governance.yaml" else "policy_default"],
        "summary": summary(kpis, previous_label, bodies, settings, language),
        "kpis": kpi_rows(kpis, previous, language),
        "bodies": bodies,
        "exceptions": _exception_rows(review.exceptions, policy, language, settings.max_exception_rows),
        "exceptions_total": len(review.exceptions),
        "exceptions_more": max(len(review.exceptions) - settings.max_exception_rows, 0),
        "data_quality": [
            {
                "project": f"{r['project_id']} — {r['project_name']}",
                "issue": r["issue"],
                "message": r["message"],
                "row": "" if pd.isna(r["row"]) else str(int(r["row"])),
            }
            for r in dq.head(dq_limit).to_dict("records")
        ],
        "data_quality_total": len(dq),
        "data_quality_more": max(len(dq) - dq_limit, 0),
        "disagreements": [
            {
                "project": f"{r['project_id']} — {r['project_name']}",
                "declared": w["rag"][r["rag_self"]],
                "computed": rag_mark(r["rag_overall"], language),
            }
            for r in disagreements.head(dq_limit).to_dict("records")
        ],
        "disagreements_more": max(len(disagreements) - dq_limit, 0),
        "heatmap_note": (
            w["pack"]["heatmap_note"].format(n=HEAT_MAP_ROWS, total=number(len(review.snapshots), language))
            if len(review.snapshots) > HEAT_MAP_ROWS
            else ""
        ),
        "attention_total": len(needing),
        "attention_more": max(len(needing) - len(paged), 0),
        "projects": _pages(paged, review.exceptions, dq, policy, language, map_chunks, chunks),
        "tolerances": _tolerance_rows(policy, language),
        "lessons": [
            {
                "project": lesson["project"],
                "category": lesson["category"],
                "lesson": lesson["lesson"],
                "tags": ", ".join(lesson["tags"])
                if isinstance(lesson["tags"], (list, tuple))
                else (lesson["tags"] or ""),
            }
            for lesson in (lessons or [])
        ],
        "streak_months": settings.red_streak_escalation,
        "stale_days": settings.stale_after_days,
        "source_file": sources.file,
        "source_sha": sources.sha256[:12],
        "history_from": period_label(sources.history[0], language) if sources.history else "",
        "history_count": len(sources.history),
    }
