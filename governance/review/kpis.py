"""Portfolio and PMO KPIs of a period, projects needing attention, and the words used to report them.

Roll-ups are counts, shares and totals (EVM stays at project level). Shares whose denominator is zero are
undefined (None), never 0 %.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from governance.core.docx.documents import format_date, format_number
from governance.review.metrics import AMBER, GREEN, RED, TRENDS, PeriodReview, ratio
from governance.review.policy import ReviewPolicy

# Projects needing attention: red overall, or amber and worsening.
ATTENTION_ORDER = ["severity", "bac", "project_id"]

WORDS: dict[str, dict[str, Any]] = {
    "fr": {
        "rag": {"green": "Vert", "amber": "Orange", "red": "Rouge", None: "n. d."},
        "trend": {"new": "Nouveau", "improving": "En amélioration", "stable": "Stable", "worsening": "En dégradation"},
        "dimension": {"schedule": "Délais", "cost": "Coûts", "scope": "Périmètre", "risk": "Risques",
                      "benefits": "Bénéfices", "overall": "Global"},
        "decision": {
            "schedule": "Valider un plan de rattrapage ou une nouvelle date de fin",
            "cost": "Arbitrer : budget complémentaire, réduction du périmètre ou plan d'économies",
            "scope": "Valider ou refuser les changements de périmètre et leur impact sur le budget",
            "risk": "Décider des réponses aux risques majeurs et de leur financement",
            "benefits": "Confirmer ou réviser le dossier de bénéfices",
            "streak": "Rouge depuis {months} mois : décider de poursuivre avec un plan de redressement, "
                      "de re-planifier ou d'arrêter le projet",
        },
        "flag": {
            "missing": "Aucun statut reçu pour la période (dernier statut : {value}, période {reference})",
            "stale": "Statut daté du {value}, {reference} jours avant la fin de la période",
            "ac_without_ev": "Coût réel en hausse de {value} sans valeur acquise supplémentaire",
            "percent_inconsistent": "Avancement déclaré {value} alors que VA/BAC donne {reference}",
            "unknown_tier": "Niveau « {value} » inconnu du modèle de gouvernance ; niveau {reference} "
                            "retenu d'après le budget",
            "rag_self_unknown": "Météo déclarée « {value} » non reconnue (attendu : vert, orange ou rouge)",
        },
        "flag_name": {"missing": "Statut manquant", "stale": "Statut ancien", "ac_without_ev": "Coût sans avancement",
                      "percent_inconsistent": "Avancement incohérent", "unknown_tier": "Niveau inconnu",
                      "rag_self_unknown": "Météo illisible"},
    },
    "en": {
        "rag": {"green": "Green", "amber": "Amber", "red": "Red", None: "n/a"},
        "trend": {"new": "New", "improving": "Improving", "stable": "Stable", "worsening": "Worsening"},
        "dimension": {"schedule": "Schedule", "cost": "Cost", "scope": "Scope", "risk": "Risk",
                      "benefits": "Benefits", "overall": "Overall"},
        "decision": {
            "schedule": "Approve a recovery plan or a new end date",
            "cost": "Decide: additional budget, reduced scope or a savings plan",
            "scope": "Approve or reject the scope changes and their budget impact",
            "risk": "Decide on responses to the major risks and their funding",
            "benefits": "Confirm or revise the benefits case",
            "streak": "Red for {months} months: decide whether to continue with a recovery plan, re-plan or "
                      "stop the project",
        },
        "flag": {
            "missing": "No status received this period (last status: {value}, period {reference})",
            "stale": "Status dated {value}, {reference} days before the end of the period",
            "ac_without_ev": "Actual cost up {value} with no additional earned value",
            "percent_inconsistent": "Reported {value} complete while EV/BAC gives {reference}",
            "unknown_tier": "Tier '{value}' is not in the governance model; tier {reference} used from the budget",
            "rag_self_unknown": "Self-declared RAG '{value}' not recognised (expected green, amber or red)",
        },
        "flag_name": {"missing": "Missing status", "stale": "Stale status", "ac_without_ev": "Cost without progress",
                      "percent_inconsistent": "Inconsistent % complete", "unknown_tier": "Unknown tier",
                      "rag_self_unknown": "Unreadable RAG"},
    },
}


def words(language: str) -> dict[str, Any]:
    return WORDS[language]


def _percent(value: Any, language: str) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return format_number(None, language)
    return format_number(float(value) * 100, language, 0) + ("\u00a0%" if language == "fr" else "%")


def describe_flag(flag: str, value: Any, reference: Any, language: str) -> str:
    """The sentence for one data-quality flag, with its figures formatted for the language."""
    if flag in ("missing", "stale"):
        value = format_date(value if not pd.isna(value) else None, language) if value is not None else ""
    if flag == "stale":
        reference = format_number(reference, language)
    elif flag == "ac_without_ev":
        value = format_number(value, language) + (" €" if language == "fr" else " EUR")
    elif flag == "percent_inconsistent":
        value, reference = _percent(value, language), _percent(reference, language)
    return WORDS[language]["flag"][flag].format(value=value, reference=reference)


def decision_text(dimension: str, escalated: bool, red_streak: int, language: str) -> str:
    decisions = WORDS[language]["decision"]
    if escalated:
        return decisions["streak"].format(months=int(red_streak))
    return decisions[dimension]


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
        "maturity_level": None, "maturity_previous_level": None,
        "maturity_campaign": None, "maturity_previous_campaign": None,
        "maturity_score": None, "maturity_previous_score": None,
    }
    if maturity:
        kpis.update({k: v for k, v in maturity.items() if k in kpis})
    return {k: _clean(v) for k, v in kpis.items()}


def attention(snapshots: pd.DataFrame) -> pd.DataFrame:
    """Projects needing attention (red, or amber and worsening), most severe first."""
    overall = snapshots["rag_overall"]
    mask = (overall == RED) | ((overall == AMBER) & (snapshots["trend"] == "worsening"))
    return snapshots[mask].sort_values(ATTENTION_ORDER, ascending=[False, False, True])


def escalations_by_body(exceptions: pd.DataFrame, policy: ReviewPolicy, language: str,
                        limit: int | None = None) -> list[dict]:
    """Per body (the highest first): how many projects it must decide on, and the `limit` most severe of them
    with their red dimensions and the decision needed."""
    if exceptions.empty:
        return []
    labels = WORDS[language]["dimension"]
    exceptions = exceptions.assign(escalation_body=exceptions["escalation_body"].fillna(""))
    # Exceptions come worst first, so a project's first row is its worst breach.
    projects = exceptions.drop_duplicates(["escalation_body", "project_id"])
    counts = projects.groupby("escalation_body", sort=False).size()
    shown = projects.groupby("escalation_body", sort=False).head(limit) if limit else projects
    subset = exceptions[exceptions["project_id"].isin(shown["project_id"])]
    dimensions = subset.assign(label=subset["dimension"].map(labels)).groupby(
        ["escalation_body", "project_id"], sort=False)["label"].agg(", ".join)
    result = []
    for body_id, group in shown.groupby("escalation_body", sort=False):
        result.append({
            "body_id": body_id, "body": policy.body_label(body_id, language), "count": int(counts[body_id]),
            "more": int(counts[body_id]) - len(group),
            "projects": [{"project_id": r["project_id"], "project_name": r["project_name"],
                          "dimensions": dimensions[(body_id, r["project_id"])],
                          "decision": decision_text(r["dimension"], bool(r["escalated"]), int(r["red_streak"]),
                                                    language)} for r in group.to_dict("records")],
        })
    return sorted(result, key=lambda b: policy.steps_to_top(b["body_id"]) if b["body_id"] else 99)


def markdown_summary(kpis: dict, exceptions: pd.DataFrame, policy: ReviewPolicy, language: str,
                     limit: int = 20) -> str:
    """Headline KPIs and exceptions as markdown tables, for the Prefect UI."""
    w = WORDS[language]
    fr = language == "fr"
    money = lambda v: format_number(v, language)  # noqa: E731
    share = lambda v: _percent(v, language)  # noqa: E731
    rows = [
        ("Projets revus" if fr else "Projects reviewed", f"{kpis['projects']} / {kpis['expected']}"),
        (f"{w['rag']['red']} / {w['rag']['amber']} / {w['rag']['green']}",
         f"{kpis['red']} / {kpis['amber']} / {kpis['green']}"),
        ("En dégradation / en amélioration" if fr else "Worsening / improving",
         f"{kpis['worsening']} / {kpis['improving']}"),
        ("BAC total" if fr else "Total BAC", money(kpis["bac_total"])),
        ("EAC total" if fr else "Total EAC", money(kpis["eac_total"])),
        ("VAC total" if fr else "Total VAC", money(kpis["vac_total"])),
        ("Statuts à l'heure" if fr else "Reporting on time", share(kpis["on_time_share"])),
        ("Dans les délais" if fr else "On schedule", share(kpis["on_schedule_share"])),
        ("Dans le budget" if fr else "On budget", share(kpis["on_budget_share"])),
        ("Jalons tenus" if fr else "Milestone hit rate", share(kpis["milestone_hit_rate"])),
        ("Exceptions" if fr else "Exceptions", str(kpis["exceptions"])),
        ("Problèmes de qualité des données" if fr else "Data-quality issues", str(kpis["data_quality_issues"])),
    ]
    title = (f"# Revue de gouvernance {kpis['period']}" if fr else f"# Governance review {kpis['period']}")
    lines = [title, "", "| Indicateur | Valeur |" if fr else "| KPI | Value |", "| --- | ---: |"]
    lines += [f"| {_md(k)} | {_md(v)} |" for k, v in rows]
    lines += ["", "## Exceptions", ""]
    if exceptions.empty:
        lines.append("Aucune exception." if fr else "No exception.")
    else:
        header = ("| Projet | Dimension | Écart | Seuil rouge | Instance | Décision attendue |" if fr
                  else "| Project | Dimension | Deviation | Red at | Body | Decision needed |")
        lines += [header, "| --- | --- | ---: | ---: | --- | --- |"]
        for r in exceptions.head(limit).to_dict("records"):
            lines.append("| " + " | ".join(_md(v) for v in (
                f"{r['project_id']} {r['project_name']}", w["dimension"][r["dimension"]], share(r["deviation"]),
                share(r["red"]), policy.body_label(r["escalation_body"], language),
                decision_text(r["dimension"], bool(r["escalated"]), int(r["red_streak"]), language))) + " |")
        if len(exceptions) > limit:
            lines.append("")
            lines.append(f"… et {len(exceptions) - limit} autres dans le classeur." if fr
                         else f"… and {len(exceptions) - limit} more in the workbook.")
    return "\n".join(lines) + "\n"


def _md(value: Any) -> str:
    """A table cell: pipes and line breaks would break the table."""
    return str(value).replace("|", "\\|").replace("\n", " ")
