"""What the assessment report says: the context handed to the report template, built from the scores."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from governance.assessment.bank import QuestionBank
from governance.assessment.scoring import is_defined
from governance.core.i18n import words
from governance.engagement.config import EngagementConfig


def pmo_type_name(pmo_type: str, language: str) -> str:
    """'controlling' -> 'de contrôle' / 'controlling', as the reports write it after "PMO"."""
    return words("assessment", language)["pmo_types"][pmo_type]


def _round(value: Any, digits: int = 1) -> float | None:
    return round(float(value), digits) if is_defined(value) else None


def _level(value: Any) -> int | None:
    return int(value) if is_defined(value) else None


def question_table(responses: pd.DataFrame) -> pd.DataFrame:
    """Per question: median, min, max of answered scores and the count of each answer status."""
    answered = responses[responses["status"] == "answered"].assign(score=lambda f: f["score"].astype(float))
    stats = answered.groupby("question_id")["score"].agg(median="median", min="min", max="max")
    counts = pd.crosstab(responses["question_id"], responses["status"])
    for status in ("answered", "na", "not_answered"):
        if status not in counts:
            counts[status] = 0
    return counts[["answered", "na", "not_answered"]].join(stats)


def report_context(
    *,
    config: EngagementConfig,
    bank: QuestionBank,
    campaign: str,
    assessed_on: date,
    responses: pd.DataFrame,
    scores: pd.DataFrame,
    roles: pd.DataFrame,
    roadmap: pd.DataFrame,
    progress: pd.DataFrame,
    previous_campaign: str | None,
    overall: int | None,
) -> dict[str, Any]:
    language = config.language
    level_names = {n: bank.levels[n](language) for n in bank.levels}
    names = {d.id: d.name(language) for d in bank.dimensions}
    per_question = question_table(responses)
    questions_by_id = {q.id: q.text(language) for d in bank.dimensions for q in d.questions}

    dimensions = []
    for row in scores.to_dict("records"):
        d = bank.dimension(row["dimension_id"])
        dimensions.append(
            {
                "id": d.id,
                "name": names[d.id],
                "description": d.description(language),
                "respondents": int(row["respondents"]),
                "mean": _round(row["mean"]),
                "median": _round(row["median"]),
                "min": _round(row["min"]),
                "max": _round(row["max"]),
                "std": _round(row["std"], 2),
                "spread": _round(row["spread"]),
                "level": _level(row["level"]),
                "level_name": level_names.get(_level(row["level"]), ""),
                "target": int(row["target"]),
                "gap": _round(row["gap"]),
                "disagreement": bool(row["disagreement"]),
                "questions": [
                    {
                        "id": q.id,
                        "text": questions_by_id[q.id],
                        "median": _round(per_question.at[q.id, "median"]) if q.id in per_question.index else None,
                        "min": _level(per_question.at[q.id, "min"]) if q.id in per_question.index else None,
                        "max": _level(per_question.at[q.id, "max"]) if q.id in per_question.index else None,
                        "answered": int(per_question.at[q.id, "answered"]) if q.id in per_question.index else 0,
                        "na": int(per_question.at[q.id, "na"]) if q.id in per_question.index else 0,
                        "not_answered": int(per_question.at[q.id, "not_answered"]) if q.id in per_question.index else 0,
                    }
                    for q in d.questions
                ],
            }
        )

    scored = [d for d in dimensions if d["median"] is not None]
    by_median = sorted(scored, key=lambda d: (-d["median"], d["name"]))
    strengths = [d for d in by_median if d["gap"] is not None and d["gap"] <= 0] or by_median[:3]
    gaps = sorted((d for d in scored if d["gap"] is not None and d["gap"] > 0), key=lambda d: -d["gap"])
    disagreements = [d for d in dimensions if d["disagreement"]]

    role_rows = []
    for row in roles.to_dict("records"):
        values = {names[k]: row[k] for k in names if is_defined(row.get(k))}
        role_rows.append(
            {
                "role": row["role"] or "—",
                "respondents": int(row["respondents"]),
                "median": _round(pd.Series(list(values.values()), dtype=float).median()) if values else None,
                "strongest": max(values, key=values.get) if values else "—",
                "weakest": min(values, key=values.get) if values else "—",
            }
        )

    recommendations = [
        {
            "rank": int(r["rank"]),
            "title": r["title"],
            "dimension": r["dimension"],
            "from_level": int(r["from_level"]),
            "to_level": int(r["to_level"]),
            "horizon": r["horizon"],
            "effort": r["effort"],
            "effort_label": words("assessment", language)["effort"].get(r["effort"], r["effort"]),
            "actions": list(r["actions"]),
        }
        for r in roadmap.to_dict("records")
    ]
    roadmap_rows = [
        {"horizon": h, "items": [r for r in recommendations if r["horizon"] == h]} for h in ("0-3", "3-6", "6-12")
    ]
    progress_rows = [
        {
            "dimension": names[p["dimension_id"]],
            "previous": _round(p["previous_median"]),
            "current": _round(p["median"]),
            "change": _round(p["change"]),
        }
        for p in progress.to_dict("records")
    ]
    status_counts = responses["status"].value_counts()
    return {
        "client": config.client.name,
        "sector": config.client.sector,
        "consultant": config.consultant,
        "campaign": campaign,
        "assessed_on": assessed_on,
        "today": date.today(),
        "pmo_type": pmo_type_name(config.pmo.type, language),
        "mission": config.pmo.mission,
        "respondents": int(responses["respondent"].nunique()),
        "question_count": len(bank.question_ids),
        "dimension_count": len(bank.dimensions),
        "answered": int(status_counts.get("answered", 0)),
        "not_applicable": int(status_counts.get("na", 0)),
        "not_answered": int(status_counts.get("not_answered", 0)),
        "overall_level": overall,
        "overall_level_name": level_names.get(overall, ""),
        "levels": [{"level": n, "name": level_names[n]} for n in sorted(level_names)],
        "dimensions": dimensions,
        "roles": role_rows,
        "strengths": strengths,
        "gaps": gaps,
        "disagreements": disagreements,
        "recommendations": recommendations,
        "roadmap": roadmap_rows,
        "progress": progress_rows,
        "previous_campaign": previous_campaign or "",
    }
