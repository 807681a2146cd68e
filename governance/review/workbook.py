"""The review workbook: the period's computed data, one sheet per view, in the engagement's language.

Every project is here (the Word pack pages only the most severe), with native numbers and dates so that
the PMO analyst can filter and pivot. Undefined ratios are empty cells.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from governance.core.xlsx.frames import Column, Fill, Sheet, write_workbook
from governance.engagement.review_settings import ReviewSettings
from governance.review.kpis import attention
from governance.review.metrics import PeriodReview, rag_labels
from governance.review.pack import data_quality_rows
from governance.review.policy import DIMENSIONS, ReviewPolicy
from governance.review.wording import decision_text, vocabulary

_FILL = {"red": ("C00000", "FFFFFF"), "amber": ("F0A30A", "000000"), "green": ("3A9D23", "FFFFFF")}


def _rag_fills(columns: list[str], language: str) -> list[Fill]:
    words = vocabulary(language)["rag"]
    return [Fill(columns, words[key], fill, font) for key, (fill, font) in _FILL.items()]


def _labelled(frame: pd.DataFrame, policy: ReviewPolicy, language: str) -> pd.DataFrame:
    """Snapshot columns turned into the words a reader expects (RAG, trend, tier, body)."""
    w = vocabulary(language)
    t = w["workbook"]
    out = frame.copy()
    for column in [f"rag_{d}" for d in DIMENSIONS] + ["rag_overall"]:
        out[column] = pd.Series(rag_labels(frame[column].to_numpy(dtype=float)), index=frame.index).map(w["rag"])
    out["rag_self"] = frame["rag_self"].map(lambda v: w["rag"].get(v, "") if v else "")
    out["trend"] = frame["trend"].map(w["trend"])
    out["tier_label"] = (
        frame["tier_id"].map({tier.id: tier.label(language) for tier in policy.tiers}).fillna(frame["tier_id"])
    )
    bodies = set(frame["escalation_body"].dropna())
    out["body"] = (
        frame["escalation_body"]
        .map({b: policy.body_label(b, language) for b in bodies})
        .fillna(policy.body_label(None, language))
    )
    out["disagrees"] = frame["rag_disagrees"].map({True: t["yes"], False: ""})
    flag_names = w["flag_name"]
    out["flags_text"] = frame["flags"].map(
        lambda text: ", ".join(flag_names.get(f, f) for f in text.split(",")) if text else ""
    )
    return out


def _project_columns(t: dict, w: dict) -> list[Column]:
    columns = [
        Column(t["id"], "project_id", width=12),
        Column(t["name"], "project_name", width=34),
        Column(t["tier"], "tier_label", width=18),
        Column(t["sponsor"], "sponsor", width=16),
        Column(t["manager"], "project_manager", width=16),
        Column(t["status_date"], "status_date", "date", 11),
        Column(w["dimension"]["overall"], "rag_overall", width=9),
        Column(t["trend"], "trend", width=14),
        Column(t["streak"], "streak", "integer", 10),
        Column(t["severity"], "severity", "ratio", 9),
    ]
    columns += [Column(w["dimension"][d], f"rag_{d}", width=10) for d in DIMENSIONS]
    columns += [Column(f"{t['dev']} {w['dimension'][d].lower()}", f"dev_{d}", "percent", 10) for d in DIMENSIONS]
    columns += [
        Column(t["self"], "rag_self", width=10),
        Column(t["disagrees"], "disagrees", width=10),
        Column("BAC", "bac", "money", 13),
        Column("PV", "pv", "money", 13),
        Column("EV", "ev", "money", 13),
        Column("AC", "ac", "money", 13),
        Column(t["pc"], "percent_complete", "percent", 10),
        Column("SV", "sv", "money", 12),
        Column("CV", "cv", "money", 12),
        Column("SPI", "spi", "ratio", 7),
        Column("CPI", "cpi", "ratio", 7),
        Column("EAC", "eac", "money", 13),
        Column("ETC", "etc", "money", 13),
        Column("VAC", "vac", "money", 12),
        Column("TCPI BAC", "tcpi_bac", "ratio", 9),
        Column("TCPI EAC", "tcpi_eac", "ratio", 9),
        Column(t["baseline_end"], "baseline_end", "date", 11),
        Column(t["forecast_end"], "forecast_end", "date", 11),
        Column(t["slip"], "end_slip_days", "integer", 10),
        Column(t["slip_share"], "end_slip_share", "percent", 10),
        Column(t["milestone"], "next_milestone", width=22),
        Column(t["ms_slip"], "milestone_slip_days", "integer", 10),
        Column(t["risks"], "open_risks", "integer", 9),
        Column(t["issues"], "open_issues", "integer", 9),
        Column(t["exposure"], "risk_exposure", "money", 13),
        Column(t["benefits_planned"], "benefits_planned", "money", 13),
        Column(t["benefits_realised"], "benefits_realised", "money", 13),
        Column(t["body"], "body", width=20),
        Column(t["flags"], "flags_text", width=30),
    ]
    return columns


def write_review_workbook(
    target: Path,
    *,
    review: PeriodReview,
    kpis: dict,
    history: pd.DataFrame,
    policy: ReviewPolicy,
    settings: ReviewSettings,
    language: str,
    source_file: str,
    kpi_rows: list[dict],
    header_fill: str,
    title: str,
    author: str,
) -> Path:
    w = vocabulary(language)
    t = w["workbook"]
    rag_columns = [f"rag_{d}" for d in DIMENSIONS] + ["rag_overall"]
    projects = _labelled(review.snapshots, policy, language).sort_values(
        ["severity", "bac"], ascending=False, na_position="last"
    )

    summary = pd.DataFrame(
        {
            "kpi": [r["label"] for r in kpi_rows],
            "value": [r["value"] for r in kpi_rows],
            "previous": [r["previous"] for r in kpi_rows],
        }
    )

    exceptions = review.exceptions.copy()
    if not exceptions.empty:
        exceptions["dimension_label"] = exceptions["dimension"].map(w["dimension"])
        exceptions["body"] = (
            exceptions["escalation_body"]
            .map({b: policy.body_label(b, language) for b in set(exceptions["escalation_body"].dropna())})
            .fillna(policy.body_label(None, language))
        )
        exceptions["decision"] = [
            decision_text(d, bool(e), int(s), language)
            for d, e, s in zip(exceptions["dimension"], exceptions["escalated"], exceptions["red_streak"], strict=True)
        ]
        exceptions["escalated_text"] = exceptions["escalated"].map({True: t["yes"], False: t["no"]})
    else:
        exceptions = exceptions.assign(dimension_label=[], body=[], decision=[], escalated_text=[])

    needing = attention(review.snapshots)
    paged = set(needing.head(settings.max_project_pages)["project_id"])
    needing = _labelled(needing, policy, language)
    needing["page"] = needing["project_id"].map(lambda p: t["yes"] if p in paged else t["no"])

    dq = data_quality_rows(review, source_file, language)
    trends = history.copy()
    tolerances = pd.DataFrame(
        [
            {
                "tier": tier.label(language),
                "budget_min": tier.budget_min,
                "budget_max": tier.budget_max,
                "body": policy.body_label(tier.escalation_body, language),
                **{f"amber_{d}": tier.tolerances[d].amber for d in DIMENSIONS},
                **{f"red_{d}": tier.tolerances[d].red for d in DIMENSIONS},
            }
            for tier in policy.tiers
        ]
    )

    sheets = [
        Sheet(
            t["summary"],
            summary,
            [
                Column(t["kpi"], "kpi", width=42),
                Column(t["value"], "value", width=30),
                Column(t["previous"], "previous", width=30),
            ],
        ),
        Sheet(t["projects"], projects, _project_columns(t, w), _rag_fills(rag_columns, language)),
        Sheet(
            t["exceptions"],
            exceptions,
            [
                Column(t["id"], "project_id", width=12),
                Column(t["name"], "project_name", width=34),
                Column(t["dimension"], "dimension_label", width=12),
                Column(t["deviation"], "deviation", "percent", 9),
                Column(t["amber"], "amber", "percent", 9),
                Column(t["red"], "red", "percent", 9),
                Column(t["red_streak"], "red_streak", "integer", 9),
                Column(t["escalated"], "escalated_text", width=9),
                Column(t["body"], "body", width=22),
                Column(t["decision"], "decision", width=60),
                Column(t["sponsor"], "sponsor", width=16),
                Column(t["manager"], "project_manager", width=16),
                Column("BAC", "bac", "money", 13),
                Column("EAC", "eac", "money", 13),
                Column(t["severity"], "severity", "ratio", 9),
            ],
        ),
        Sheet(
            t["attention"],
            needing,
            [
                Column(t["id"], "project_id", width=12),
                Column(t["name"], "project_name", width=34),
                Column(w["dimension"]["overall"], "rag_overall", width=9),
                Column(t["trend"], "trend", width=14),
                Column(t["streak"], "streak", "integer", 9),
                Column(t["severity"], "severity", "ratio", 9),
                Column(t["body"], "body", width=22),
                Column("BAC", "bac", "money", 13),
                Column("EAC", "eac", "money", 13),
                Column(t["page"], "page", width=12),
            ],
            _rag_fills(["rag_overall"], language),
        ),
        Sheet(
            t["dq"],
            dq,
            [
                Column(t["id"], "project_id", width=12),
                Column(t["name"], "project_name", width=34),
                Column(t["issue"], "issue", width=22),
                Column(t["message"], "message", width=70),
                Column(t["file"], "file", width=24),
                Column(t["row"], "row", "integer", 7),
            ],
        ),
        Sheet(
            t["trends"],
            trends,
            [
                Column(t["period"], "period", width=9),
                Column(t["received"], "projects", "integer", 9),
                Column(t["expected"], "expected", "integer", 9),
                Column(w["rag"]["red"], "red", "integer", 8),
                Column(w["rag"]["amber"], "amber", "integer", 8),
                Column(w["rag"]["green"], "green", "integer", 8),
                Column(w["trend"]["improving"], "improving", "integer", 12),
                Column(w["trend"]["worsening"], "worsening", "integer", 12),
                Column("BAC", "bac_total", "money", 14),
                Column("EAC", "eac_total", "money", 14),
                Column("VAC", "vac_total", "money", 13),
                Column("CPI", "portfolio_cpi", "ratio", 7),
                Column("SPI", "portfolio_spi", "ratio", 7),
                Column(t["on_time"], "on_time_share", "percent", 9),
                Column(t["on_schedule"], "on_schedule_share", "percent", 10),
                Column(t["on_budget"], "on_budget_share", "percent", 10),
                Column(t["milestones"], "milestone_hit_rate", "percent", 10),
                Column(t["exceptions"], "exceptions", "integer", 10),
            ],
        ),
        Sheet(
            t["tolerances"],
            tolerances,
            [
                Column(t["tier"], "tier", width=26),
                Column(t["budget_min"], "budget_min", "money", 13),
                Column(t["budget_max"], "budget_max", "money", 13),
                Column(t["body"], "body", width=24),
            ]
            + [Column(f"{w['dimension'][d]} {t['amber'].lower()}", f"amber_{d}", "percent", 11) for d in DIMENSIONS]
            + [Column(f"{w['dimension'][d]} {t['red'].lower()}", f"red_{d}", "percent", 11) for d in DIMENSIONS],
        ),
    ]
    return write_workbook(
        target, sheets, header_fill=header_fill, date_format=t["date_format"], title=title, author=author
    )
