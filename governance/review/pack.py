"""What the governance review pack says: the context and charts handed to the review_pack template.

The pack goes to steering bodies: headline KPIs with last month beside them, decisions expected per body,
the RAG heat map and trends, every exception (capped in Word, all in the workbook), data-quality issues,
and one page per project needing attention (capped, most severe first).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from governance.core.docx.documents import NOT_DEFINED, format_date, format_number
from governance.engagement.config import EngagementConfig
from governance.review.metrics import AMBER, GREEN, RED, PeriodReview
from governance.core.periods import period_bounds
from governance.review.charts import RAG_COLOURS, heat_map, kpi_trend, rag_trend
from governance.review.kpis import WORDS, attention, decision_text, describe_flag, escalations_by_body
from governance.review.policy import DIMENSIONS, ReviewPolicy
from governance.engagement.review_settings import ReviewSettings

HEAT_MAP_ROWS = 40
DECISIONS_PER_BODY = 20  # the most severe projects per body in the pack; all of them are in the workbook
MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
TREND_ARROWS = {"new": "•", "improving": "↗", "stable": "→", "worsening": "↘"}
LETTERS = {"fr": {0: "V", 1: "O", 2: "R", None: "–"}, "en": {0: "G", 1: "A", 2: "R", None: "–"}}


@dataclass
class PackSources:
    """Where the period's figures come from (printed in the annex)."""

    file: str
    sha256: str
    history: list[str]  # periods stored, oldest first


def period_label(period: str, language: str) -> str:
    return f"{MONTHS[language][int(period[5:7]) - 1]} {period[:4]}"


def _defined(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and value is not pd.NaT


def _num(value: Any, language: str, decimals: int = 0) -> str:
    return format_number(float(value), language, decimals) if _defined(value) else NOT_DEFINED[language]


def _pct(value: Any, language: str, decimals: int = 0) -> str:
    if not _defined(value):
        return NOT_DEFINED[language]
    return format_number(float(value) * 100, language, decimals) + ("\u00a0%" if language == "fr" else "%")


def _keur(value: Any, language: str) -> str:
    """Amounts in k€: what a steering committee reads."""
    if not _defined(value):
        return NOT_DEFINED[language]
    thousands = float(value) / 1000
    text = format_number(thousands, language, 1 if abs(thousands) < 10 else 0)
    return text + "\u00a0k€"


def _days(value: Any, language: str) -> str:
    if not _defined(value):
        return NOT_DEFINED[language]
    days = int(round(float(value)))
    unit = ("jour" if abs(days) <= 1 else "jours") if language == "fr" else ("day" if abs(days) == 1 else "days")
    return f"{'+' if days > 0 else ''}{days}\u00a0{unit}"


def _date(value: Any, language: str) -> str:
    if not _defined(value):
        return NOT_DEFINED[language]
    return format_date(pd.Timestamp(value).date(), language)


def _months(count: int, language: str) -> str:
    return f"{count} mois" if language == "fr" else f"{count} month{'s' if count > 1 else ''}"


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count <= 1 else plural}"


def rag_mark(code: Any, language: str):
    """A coloured bullet and the RAG word, for tables."""
    from docxtpl import RichText

    code = None if not _defined(code) else int(code)
    label = WORDS[language]["rag"][{0: "green", 1: "amber", 2: "red", None: None}[code]]
    mark = RichText()
    mark.add("● ", color=RAG_COLOURS[code].lstrip("#"))
    mark.add(label)
    return mark


def _code_label(code: Any) -> str | None:
    return None if not _defined(code) else {GREEN: "green", AMBER: "amber", RED: "red"}[int(code)]


def _kpi_rows(current: dict, previous: dict | None, language: str) -> list[dict]:
    fr = language == "fr"
    w = WORDS[language]

    def rag(k: dict) -> str:
        return f"{k['red']} / {k['amber']} / {k['green']}"

    rows = [
        ("Statuts reçus / attendus" if fr else "Status reports received / expected",
         lambda k: f"{k['projects']} / {k['expected']}"),
        (f"{w['rag']['red']} / {w['rag']['amber']} / {w['rag']['green']}", rag),
        ("En amélioration / en dégradation" if fr else "Improving / worsening",
         lambda k: f"{k['improving']} / {k['worsening']}"),
        ("Budget total (BAC)" if fr else "Total budget (BAC)", lambda k: _keur(k["bac_total"], language)),
        ("Estimation à terminaison (EAC)" if fr else "Estimate at completion (EAC)",
         lambda k: _keur(k["eac_total"], language)),
        ("Écart à terminaison (VAC)" if fr else "Variance at completion (VAC)",
         lambda k: _keur(k["vac_total"], language)),
        ("CPI / SPI du portefeuille" if fr else "Portfolio CPI / SPI",
         lambda k: f"{_num(k['portfolio_cpi'], language, 2)} / {_num(k['portfolio_spi'], language, 2)}"),
        ("Statuts remis à temps" if fr else "Status reported on time", lambda k: _pct(k["on_time_share"], language)),
        ("Projets dans les délais" if fr else "Projects on schedule", lambda k: _pct(k["on_schedule_share"], language)),
        ("Projets dans le budget" if fr else "Projects on budget", lambda k: _pct(k["on_budget_share"], language)),
        ("Jalons tenus" if fr else "Milestone hit rate",
         lambda k: _pct(k["milestone_hit_rate"], language) + (f" ({k['milestones_hit']}/{k['milestones_due']})"
                                                              if k["milestones_due"] else "")),
        ("Bénéfices réalisés / prévus" if fr else "Benefits realised / planned",
         lambda k: (f"{_keur(k['benefits_realised'], language)} / {_keur(k['benefits_planned'], language)} "
                    f"({_pct(k['benefits_share'], language)})") if _defined(k.get("benefits_planned"))
         else NOT_DEFINED[language]),
        ("Exceptions (projets)" if fr else "Exceptions (projects)",
         lambda k: f"{k['exceptions']} ({k['exception_projects']})"),
        ("Escalades (rouge prolongé)" if fr else "Escalations (red for several months)",
         lambda k: str(k["escalations"])),
        ("Problèmes de qualité des données" if fr else "Data-quality issues", lambda k: str(k["data_quality_issues"])),
    ]
    if _defined(current.get("maturity_level")):
        rows.append(("Maturité (niveau, score moyen)" if fr else "Maturity (level, mean score)",
                     lambda k: (f"{k['maturity_level'] or NOT_DEFINED[language]} ({_num(k['maturity_score'], language, 1)}, "
                                f"{k['maturity_campaign']})") if _defined(k.get("maturity_level"))
                     else NOT_DEFINED[language]))
    result = []
    for label, value in rows:
        before = ""
        if previous:
            try:
                before = value(previous)
            except (KeyError, TypeError):
                before = NOT_DEFINED[language]
        result.append({"label": label, "value": value(current), "previous": before})
    return result


def _summary(kpis: dict, previous_label: str, bodies: list[dict], settings: ReviewSettings, language: str) -> list[str]:
    fr = language == "fr"
    lines = []
    missing, stale = kpis["missing"], kpis["stale"]
    if fr:
        text = f"{kpis['projects']} projets sur {kpis['expected']} attendus ont remis leur statut"
        if missing or stale:
            parts = ([_plural(missing, "statut manquant", "statuts manquants")] if missing else []) + \
                    ([_plural(stale, "statut ancien", "statuts anciens")] if stale else [])
            text += f" ({' et '.join(parts)})"
        lines.append(text + ".")
        text = (f"Météo calculée : {kpis['red']} en rouge, {kpis['amber']} en orange et {kpis['green']} en vert"
                + (f", {kpis['not_assessed']} non évaluable(s)" if kpis["not_assessed"] else ""))
        if previous_label:
            text += (f". Par rapport à {previous_label} : {kpis['improving']} en amélioration, "
                     f"{kpis['worsening']} en dégradation, {kpis['stable']} stable(s)"
                     + (f" et {_plural(kpis['new'], 'nouveau projet', 'nouveaux projets')}" if kpis["new"] else ""))
        lines.append(text + ".")
        if kpis["exceptions"]:
            where = ", ".join(f"{b['body']} ({_plural(b['count'], 'projet', 'projets')})" for b in bodies)
            lines.append(f"{_plural(kpis['exceptions'], 'dépassement', 'dépassements')} de tolérance en rouge sur "
                         f"{_plural(kpis['exception_projects'], 'projet', 'projets')} appellent une décision : {where}.")
        else:
            lines.append("Aucun dépassement de tolérance en rouge ce mois-ci : aucune décision n'est demandée.")
        if kpis["escalations"]:
            lines.append(f"{_plural(kpis['escalations'], 'projet est', 'projets sont')} en rouge depuis au moins "
                         f"{settings.red_streak_escalation} mois et "
                         f"{'remonte' if kpis['escalations'] == 1 else 'remontent'} à l'instance supérieure.")
        lines.append(f"Portefeuille : budget {_keur(kpis['bac_total'], language)}, estimation à terminaison "
                     f"{_keur(kpis['eac_total'], language)}, soit un écart (VAC) de {_keur(kpis['vac_total'], language)} ; "
                     f"CPI {_num(kpis['portfolio_cpi'], language, 2)}, SPI {_num(kpis['portfolio_spi'], language, 2)}.")
        if kpis["rag_disagreements"]:
            lines.append(f"La météo déclarée par le chef de projet diffère de la météo calculée pour "
                         f"{_plural(kpis['rag_disagreements'], 'projet', 'projets')}.")
    else:
        text = f"{kpis['projects']} of {kpis['expected']} expected projects sent their status"
        if missing or stale:
            parts = ([f"{missing} missing"] if missing else []) + ([f"{stale} stale"] if stale else [])
            text += f" ({' and '.join(parts)})"
        lines.append(text + ".")
        text = (f"Computed RAG: {kpis['red']} red, {kpis['amber']} amber and {kpis['green']} green"
                + (f", {kpis['not_assessed']} not assessed" if kpis["not_assessed"] else ""))
        if previous_label:
            text += (f". Against {previous_label}: {kpis['improving']} improving, {kpis['worsening']} worsening, "
                     f"{kpis['stable']} stable" + (f" and {kpis['new']} new" if kpis["new"] else ""))
        lines.append(text + ".")
        if kpis["exceptions"]:
            where = ", ".join(f"{b['body']} ({b['count']} project{'s' if b['count'] > 1 else ''})" for b in bodies)
            lines.append(f"{kpis['exceptions']} red tolerance breach{'es' if kpis['exceptions'] > 1 else ''} on "
                         f"{kpis['exception_projects']} project{'s' if kpis['exception_projects'] > 1 else ''} "
                         f"need a decision: {where}.")
        else:
            lines.append("No red tolerance breach this month: no decision is requested.")
        if kpis["escalations"]:
            lines.append(f"{kpis['escalations']} project{'s have' if kpis['escalations'] > 1 else ' has'} been red "
                         f"for {settings.red_streak_escalation} months or more and "
                         f"{'go' if kpis['escalations'] > 1 else 'goes'} one body up.")
        lines.append(f"Portfolio: budget {_keur(kpis['bac_total'], language)}, estimate at completion "
                     f"{_keur(kpis['eac_total'], language)}, a variance (VAC) of {_keur(kpis['vac_total'], language)}; "
                     f"CPI {_num(kpis['portfolio_cpi'], language, 2)}, SPI {_num(kpis['portfolio_spi'], language, 2)}.")
        if kpis["rag_disagreements"]:
            lines.append(f"The project manager's own RAG differs from the computed one on "
                         f"{kpis['rag_disagreements']} project{'s' if kpis['rag_disagreements'] > 1 else ''}.")
    return lines


def _exception_rows(exceptions: pd.DataFrame, policy: ReviewPolicy, language: str, limit: int) -> list[dict]:
    w = WORDS[language]
    rows = []
    for r in exceptions.head(limit).to_dict("records"):
        rows.append({
            "project": f"{r['project_id']} — {r['project_name']}",
            "dimension": w["dimension"][r["dimension"]],
            "deviation": _pct(r["deviation"], language),
            "threshold": _pct(r["red"], language),
            "streak": _months(int(r["red_streak"]), language),
            "body": policy.body_label(r["escalation_body"], language),
            "decision": decision_text(r["dimension"], bool(r["escalated"]), int(r["red_streak"]), language),
        })
    return rows


def data_quality_rows(review: PeriodReview, source_file: str, language: str) -> pd.DataFrame:
    """Every data-quality issue with its sentence, file and row (the workbook and the CLI use it too)."""
    dq = review.data_quality
    if dq.empty:
        return pd.DataFrame(columns=["project_id", "project_name", "flag", "issue", "message", "file", "row"])
    names = WORDS[language]["flag_name"]
    messages = [describe_flag(f, v, r, language) for f, v, r in zip(dq["flag"], dq["value"], dq["reference"])]
    return pd.DataFrame({
        "project_id": dq["project_id"], "project_name": dq["project_name"], "flag": dq["flag"],
        "issue": dq["flag"].map(names), "message": messages, "file": source_file,
        "row": dq["source_row"].astype("Int64"),
    })


def _page(row: dict, exceptions: list[dict], flags: list[str], policy: ReviewPolicy, language: str) -> dict:
    fr = language == "fr"
    w = WORDS[language]
    tier = policy.tier(row["tier_id"])
    dims = []
    for dimension in DIMENSIONS:
        dims.append({"name": w["dimension"][dimension], "deviation": _pct(row[f"dev_{dimension}"], language, 1),
                     "amber": _pct(row[f"amber_{dimension}"], language), "red": _pct(row[f"red_{dimension}"], language),
                     "mark": rag_mark(row[f"rag_{dimension}"], language)})
    k = lambda v: _keur(v, language)  # noqa: E731
    r2 = lambda v: _num(v, language, 2)  # noqa: E731
    evm = [
        ("BAC", k(row["bac"]), "SPI", r2(row["spi"])),
        ("PV" if not fr else "VP (PV)", k(row["pv"]), "CPI", r2(row["cpi"])),
        ("EV" if not fr else "VA (EV)", k(row["ev"]), "EAC", k(row["eac"])),
        ("AC" if not fr else "CR (AC)", k(row["ac"]), "ETC", k(row["etc"])),
        ("SV", k(row["sv"]), "VAC", k(row["vac"])),
        ("CV", k(row["cv"]), "TCPI (BAC)", r2(row["tcpi_bac"])),
        ("% " + ("avancement" if fr else "complete"), _pct(row["percent_complete"], language),
         "TCPI (EAC)", r2(row["tcpi_eac"])),
    ]
    basis = {"file": "date de début du statut" if fr else "start date in the status file",
             "first_status": "premier statut reçu (date de début inconnue)" if fr
             else "first status received (start date unknown)"}[row["start_basis"]]
    streak = int(row["streak"])
    overall = _code_label(row["rag_overall"])
    streak_text = ""
    if overall and streak > 1:
        streak_text = (f"{w['rag'][overall]} depuis {streak} mois" if fr else f"{w['rag'][overall]} for {streak} months")
    return {
        "id": row["project_id"], "name": row["project_name"],
        "tier": tier.label(language) if tier else row["tier_id"],
        "sponsor": row["sponsor"] or NOT_DEFINED[language], "manager": row["project_manager"] or NOT_DEFINED[language],
        "status_date": _date(row["status_date"], language),
        "overall": rag_mark(row["rag_overall"], language),
        "trend": f"{TREND_ARROWS[row['trend']]} {w['trend'][row['trend']]}",
        "streak": streak_text,
        "self_rag": w["rag"][row["rag_self"]] if row["rag_self"] else NOT_DEFINED[language],
        "disagrees": bool(row["rag_disagrees"]),
        "dims": dims,
        "evm": [{"l1": a, "v1": b, "l2": c, "v2": d} for a, b, c, d in evm],
        "baseline_end": _date(row["baseline_end"], language), "forecast_end": _date(row["forecast_end"], language),
        "end_slip": _days(row["end_slip_days"], language), "end_slip_share": _pct(row["end_slip_share"], language, 1),
        "duration": _days(row["duration_days"], language).lstrip("+"), "duration_basis": basis,
        "milestone": row["next_milestone"] or NOT_DEFINED[language],
        "milestone_baseline": _date(row["milestone_baseline"], language),
        "milestone_forecast": _date(row["milestone_forecast"], language),
        "milestone_slip": _days(row["milestone_slip_days"], language),
        "open_risks": _num(row["open_risks"], language), "open_issues": _num(row["open_issues"], language),
        "risk_exposure": k(row["risk_exposure"]), "exposure_share": _pct(row["dev_risk"], language, 1),
        "exceptions": [{"dimension": w["dimension"][e["dimension"]],
                        "body": policy.body_label(e["escalation_body"], language),
                        "decision": decision_text(e["dimension"], bool(e["escalated"]), int(e["red_streak"]), language)}
                       for e in exceptions],
        "flags": flags,
    }


def _amount(value: float, language: str) -> str:
    """Budget thresholds: 1 M€, 300 k€."""
    if value >= 1_000_000:
        return format_number(value / 1_000_000, language, 0 if value % 1_000_000 == 0 else 1) + \
            "\u00a0M€"
    return format_number(value / 1000, language) + "\u00a0k€"


def _budget_band(low: float, high: float | None, language: str) -> str:
    if high is None:
        return f"≥\u00a0{_amount(low, language)}"
    if not low:
        return f"<\u00a0{_amount(high, language)}"
    return f"{_amount(low, language)} – {_amount(high, language)}"


def _pages(paged: pd.DataFrame, exceptions: pd.DataFrame, dq: pd.DataFrame, policy: ReviewPolicy,
           language: str) -> list[dict]:
    """One page per paged project; their exceptions and flags are looked up once, not per page."""
    ids = set(paged["project_id"])
    mine = exceptions[exceptions["project_id"].isin(ids)]
    by_project = {k: g.to_dict("records") for k, g in mine.groupby("project_id", sort=False)}
    flagged = dq[dq["project_id"].isin(ids)]
    flags = {k: g["message"].tolist() for k, g in flagged.groupby("project_id", sort=False)}
    return [_page(r, by_project.get(r["project_id"], []), flags.get(r["project_id"], []), policy, language)
            for r in paged.to_dict("records")]


def _tolerance_rows(policy: ReviewPolicy, language: str) -> list[dict]:
    rows = []
    for tier in policy.tiers:
        bands = {d: f"{_pct(tier.tolerances[d].amber, language)} / {_pct(tier.tolerances[d].red, language)}"
                 for d in DIMENSIONS}
        rows.append({"tier": tier.label(language), "budget": _budget_band(tier.budget_min, tier.budget_max, language),
                     "body": policy.body_label(tier.escalation_body, language), **bands})
    return rows


def pack_context(*, config: EngagementConfig, policy: ReviewPolicy, settings: ReviewSettings, review: PeriodReview,
                 kpis: dict, history: pd.DataFrame, sources: PackSources,
                 lessons: list[dict] | None = None) -> dict[str, Any]:
    """The template context (plain values, plus coloured RAG marks). `lessons`: those recorded this month."""
    language = config.language
    fr = language == "fr"
    period = review.period
    previous_rows = history[history["period"] < period]
    previous = previous_rows.iloc[-1].to_dict() if len(previous_rows) else None
    previous = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in previous.items()} if previous else None
    previous_label = period_label(previous["period"], language) if previous else ""
    bodies = escalations_by_body(review.exceptions, policy, language, DECISIONS_PER_BODY)
    dq = data_quality_rows(review, sources.file, language)
    needing = attention(review.snapshots)
    paged = needing.head(settings.max_project_pages)
    dq_limit = 80
    disagreements = review.snapshots[review.snapshots["rag_disagrees"]].sort_values(
        ["rag_overall", "severity"], ascending=False)
    w = WORDS[language]
    return {
        "client": config.client.name,
        "consultant": config.consultant,
        "today": date.today(),
        "period": period,
        "period_label": period_label(period, language),
        "period_end": period_bounds(period)[1],
        "previous_label": previous_label,
        "policy_source": ("Tolérances issues du modèle de gouvernance de l'engagement (governance.yaml)." if fr
                          else "Tolerances from the engagement's governance model (governance.yaml).")
        if policy.source != "defaults"
        else ("Tolérances par défaut de pmo-kit : aucun modèle de gouvernance n'est défini (governance.yaml)." if fr
              else "pmo-kit's default tolerances: no governance model is set up (governance.yaml)."),
        "summary": _summary(kpis, previous_label, bodies, settings, language),
        "kpis": _kpi_rows(kpis, previous, language),
        "bodies": bodies,
        "exceptions": _exception_rows(review.exceptions, policy, language, settings.max_exception_rows),
        "exceptions_total": len(review.exceptions),
        "exceptions_more": max(len(review.exceptions) - settings.max_exception_rows, 0),
        "data_quality": [{"project": f"{r['project_id']} — {r['project_name']}", "issue": r["issue"],
                          "message": r["message"], "row": "" if pd.isna(r["row"]) else str(int(r["row"]))}
                         for r in dq.head(dq_limit).to_dict("records")],
        "data_quality_total": len(dq),
        "data_quality_more": max(len(dq) - dq_limit, 0),
        "disagreements": [{"project": f"{r['project_id']} — {r['project_name']}",
                           "declared": w["rag"][r["rag_self"]], "computed": rag_mark(r["rag_overall"], language)}
                          for r in disagreements.head(dq_limit).to_dict("records")],
        "disagreements_more": max(len(disagreements) - dq_limit, 0),
        "heatmap_note": (("Les {n} projets les plus en écart sur {total}." if fr
                          else "The {n} projects furthest from plan, out of {total}.")
                         .format(n=HEAT_MAP_ROWS, total=format_number(len(review.snapshots), language))
                         if len(review.snapshots) > HEAT_MAP_ROWS else ""),
        "attention_total": len(needing),
        "attention_more": max(len(needing) - len(paged), 0),
        "projects": _pages(paged, review.exceptions, dq, policy, language),
        "tolerances": _tolerance_rows(policy, language),
        "lessons": [{"project": l["project"], "category": l["category"], "lesson": l["lesson"],
                     "tags": ", ".join(l["tags"]) if isinstance(l["tags"], (list, tuple)) else (l["tags"] or "")}
                    for l in (lessons or [])],
        "streak_months": settings.red_streak_escalation,
        "stale_days": settings.stale_after_days,
        "source_file": sources.file,
        "source_sha": sources.sha256[:12],
        "history_from": period_label(sources.history[0], language) if sources.history else "",
        "history_count": len(sources.history),
    }


def pack_images(*, config: EngagementConfig, review: PeriodReview, history: pd.DataFrame) -> dict[str, tuple[bytes, float]]:
    """The heat map and trend charts, as images for render_docx."""
    language = config.language
    fr = language == "fr"
    w = WORDS[language]
    snapshots = review.snapshots.assign(_rank=review.snapshots["rag_overall"].fillna(-1))
    top = snapshots.sort_values(["_rank", "severity", "project_id"], ascending=[False, False, True]).head(HEAT_MAP_ROWS)
    rows = []
    for r in top.to_dict("records"):
        label = f"{r['project_id']} {r['project_name']}"
        rows.append((label if len(label) <= 42 else label[:41] + "…",
                     [r[f"rag_{d}"] for d in DIMENSIONS] + [r["rag_overall"]]))
    columns = [w["dimension"][d] for d in (*DIMENSIONS, "overall")]
    legend = [(2, w["rag"]["red"]), (1, w["rag"]["amber"]), (0, w["rag"]["green"]),
              (None, "non évalué" if fr else "not assessed")]
    images = {"heatmap": (heat_map(rows, columns, LETTERS[language], legend), 15.5)}
    periods = history["period"].tolist()
    counts = {code: history[name].astype(int).tolist() for code, name in ((0, "green"), (1, "amber"), (2, "red"))}
    images["rag_trend"] = (rag_trend(periods, counts, {c: w["rag"][n] for c, n in
                                                       ((0, "green"), (1, "amber"), (2, "red"))},
                                     "Projets par météo calculée" if fr else "Projects by computed RAG"), 15.5)
    series = {
        ("Statuts à temps" if fr else "On time"): history["on_time_share"].tolist(),
        ("Dans les délais" if fr else "On schedule"): history["on_schedule_share"].tolist(),
        ("Dans le budget" if fr else "On budget"): history["on_budget_share"].tolist(),
        ("Jalons tenus" if fr else "Milestones hit"): history["milestone_hit_rate"].tolist(),
    }
    images["kpi_trend"] = (kpi_trend(periods, series, "Indicateurs du PMO" if fr else "PMO indicators"), 15.5)
    indices = {"CPI": history["portfolio_cpi"].tolist(), "SPI": history["portfolio_spi"].tolist()}
    images["index_trend"] = (kpi_trend(periods, indices, "CPI et SPI du portefeuille" if fr else "Portfolio CPI and SPI",
                                       percent=False, reference=1.0, span=(0.9, 1.1)), 15.5)
    return images
