"""Example monthly status history for the 25 example projects, 2025-11 to 2026-10, as the client exports it.

French Excel CSVs (`;`, decimal comma, no-break spaces, dd/mm/yyyy, BOM) with the client's own French
headers, mapped to the canonical columns by the `review:` section added to pmo.yaml. A few stories run
through the year so that the first review already shows trends and data-quality flags:
- PRJ-005 drifts to red on cost (red three months running by October: escalated a level up),
- PRJ-009 drifts to red on schedule, PRJ-016 slides into amber while its manager still reports green,
- PRJ-004 was red in spring and recovers, PRJ-002's budget was re-baselined for a scope change,
- PRJ-012 does not send its October update, PRJ-017's October status is dated the 6th,
- PRJ-007 keeps spending in October with no progress, PRJ-020 reports a % complete its EV does not support,
- PRJ-015 closed in September, PRJ-008 closes in October.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import yaml

from governance.core.atomic import write_bytes_atomic
from governance.core.periods import period_bounds, shift_period
from governance.example.portfolio import PROJECTS, ExampleProject
from governance.review.policy import default_policy

FIRST_PERIOD, PERIODS = "2025-11", 12
SEED = 20261103
HEADERS = {  # the client's PPM export -> canonical columns
    "Code projet": "project_id",
    "Intitulé": "project_name",
    "Niveau": "tier",
    "Sponsor": "sponsor",
    "Chef de projet": "project_manager",
    "Date de statut": "status_date",
    "Date de début": "start_date",
    "Budget (BAC)": "bac",
    "Valeur planifiée (VP)": "pv",
    "Valeur acquise (VA)": "ev",
    "Coût réel (CR)": "ac",
    "% d'avancement": "percent_complete",
    "Fin de référence": "baseline_end",
    "Fin prévisionnelle": "forecast_end",
    "Prochain jalon": "next_milestone",
    "Jalon : date de référence": "milestone_baseline",
    "Jalon : date prévue": "milestone_forecast",
    "Risques ouverts": "open_risks",
    "Problèmes ouverts": "open_issues",
    "Exposition au risque": "risk_exposure",
    "Bénéfices prévus à date": "benefits_planned",
    "Bénéfices réalisés": "benefits_realised",
    "Météo CP": "rag_self",
}
TIER_NAMES = {"tier1": "Niveau 1", "tier2": "Niveau 2", "tier3": "Niveau 3"}
MILESTONES = (
    ("Cadrage validé", 0.12),
    ("Conception validée", 0.35),
    ("Réalisation terminée", 0.65),
    ("Recette validée", 0.85),
    ("Mise en service", 1.0),
)
# Month index 0 = 2025-11 ... 11 = 2026-10.
SPI_PATH = {
    "PRJ-009": (1.0, 1.0, 0.99, 0.98, 0.97, 0.95, 0.93, 0.92, 0.90, 0.88, 0.86, 0.84),
    "PRJ-004": (0.97, 0.95, 0.93, 0.91, 0.89, 0.88, 0.88, 0.90, 0.92, 0.94, 0.95, 0.97),
    "PRJ-016": (1.0, 1.0, 0.99, 0.99, 0.98, 0.98, 0.97, 0.97, 0.96, 0.95, 0.94, 0.93),
}
CPI_PATH = {
    "PRJ-005": (1.0, 0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.915, 0.895, 0.885, 0.875),
    "PRJ-004": (0.96, 0.95, 0.94, 0.93, 0.92, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.97),
}
RISK_SHARE = {"PRJ-024": 0.16, "PRJ-005": 0.12, "PRJ-009": 0.11, "PRJ-004": 0.09}
BENEFITS = {
    "PRJ-003": (date(2026, 5, 1), 35_000, 0.88),
    "PRJ-014": (date(2026, 8, 1), 8_000, 0.97),
    "PRJ-011": (date(2026, 6, 1), 12_000, 0.82),
}
# Optimistic self-declared weather: what the project manager writes when the figures say otherwise.
SELF_RAG = {"PRJ-005": "Orange", "PRJ-016": "Vert"}


def _business_day_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _s_curve(x: float) -> float:
    x = min(max(x, 0.0), 1.0)
    return x * x * (3 - 2 * x)


def _money(value: float) -> str:
    """1234567.8 -> '1 234 567,80' with no-break spaces, as French Excel exports it."""
    text = f"{value:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def _date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


RAG_WORDS = {"Vert": 0, "Orange": 1, "Rouge": 2}


def _rag_word(code: int) -> str:
    return ("Vert", "Orange", "Rouge")[code]


def _row(project: ExampleProject, month: int, status: date, rng: np.random.Generator, state: dict) -> dict | None:
    duration = (project.end - project.start).days
    planned_share = _s_curve((status - project.start).days / duration)
    bias = state.setdefault("bias", (rng.normal(0, 0.012), rng.normal(0, 0.012)))
    spi = SPI_PATH.get(project.id, (None,) * PERIODS)[month] or 1.0 + bias[0] + rng.normal(0, 0.008)
    cpi = CPI_PATH.get(project.id, (None,) * PERIODS)[month] or 1.0 + bias[1] + rng.normal(0, 0.008)
    bac = project.budget
    if project.id == "PRJ-002" and month >= 7:  # scope change approved in June: budget re-baselined
        bac = 960_000.0
    pv = bac * planned_share
    finished = planned_share >= 1.0 and project.id not in SPI_PATH
    ev = bac if finished else min(pv * spi, bac)
    if project.id == "PRJ-007" and month == PERIODS - 1:
        ev = state["ev"]  # spending with no progress this month
    ac = ev / cpi
    if project.id == "PRJ-007" and month == PERIODS - 1:
        ac = state["ac"] + 18_400
    state.update(ev=ev, ac=ac)
    percent = 100 * ev / bac
    if project.id == "PRJ-020":
        percent = min(percent + 18, 95)  # reported progress the earned value does not support
    slip = round(max(0.0, 1 - spi) * duration * (1.1 if project.id == "PRJ-009" else 0.6))
    if project.id == "PRJ-019":
        slip = 21
    forecast_end = project.end + timedelta(days=slip)
    next_milestone, baseline, forecast = "", None, None
    for name, share in MILESTONES:
        planned = project.start + timedelta(days=round(share * duration))
        expected = planned + timedelta(days=round(slip * share))
        if expected > status:
            next_milestone, baseline, forecast = name, planned, expected
            break
    risk_share = RISK_SHARE.get(project.id, 0.035 + 0.03 * rng.random())
    risks = int(round(3 + 30 * risk_share + rng.integers(0, 4)))
    benefits_planned = benefits_realised = ""
    if project.id in BENEFITS:
        since, per_month, realised_share = BENEFITS[project.id]
        months = (status.year - since.year) * 12 + status.month - since.month + 1
        if months > 0:
            benefits_planned = _money(per_month * months)
            benefits_realised = _money(per_month * months * realised_share)
    # The project manager's own RAG follows the figures (against the default tolerances) except where a
    # story says otherwise.
    bands = default_policy().tier(project.tier).tolerances
    deviations = {
        "schedule": max(1 - spi, slip / duration),
        "cost": 1 / cpi - 1,
        "risk": risk_share,
        "scope": bac / project.budget - 1,
        "benefits": 1 - BENEFITS[project.id][2] if benefits_planned else 0.0,
    }
    computed = max(
        2 if value >= bands[d].red - 1e-9 else 1 if value >= bands[d].amber - 1e-9 else 0
        for d, value in deviations.items()
    )
    rag_self = _rag_word(min(computed, RAG_WORDS[SELF_RAG[project.id]]) if project.id in SELF_RAG else computed)
    return {
        "Code projet": project.id,
        "Intitulé": project.name,
        "Niveau": TIER_NAMES[project.tier],
        "Sponsor": project.sponsor,
        "Chef de projet": project.manager,
        "Date de statut": _date(status),
        "Date de début": _date(project.start),
        "Budget (BAC)": _money(bac),
        "Valeur planifiée (VP)": _money(pv),
        "Valeur acquise (VA)": _money(ev),
        "Coût réel (CR)": _money(ac),
        "% d'avancement": f"{percent:.0f}",
        "Fin de référence": _date(project.end),
        "Fin prévisionnelle": _date(forecast_end),
        "Prochain jalon": next_milestone,
        "Jalon : date de référence": _date(baseline),
        "Jalon : date prévue": _date(forecast),
        "Risques ouverts": str(risks),
        "Problèmes ouverts": str(int(rng.integers(0, 3) + (risks > 7))),
        "Exposition au risque": _money(round(bac * risk_share, -2)),
        "Bénéfices prévus à date": benefits_planned,
        "Bénéfices réalisés": benefits_realised,
        "Météo CP": rag_self,
    }


def status_history() -> dict[str, list[dict]]:
    """Rows per period, deterministic."""
    rng = np.random.default_rng(SEED)
    states: dict[str, dict] = {p.id: {} for p in PROJECTS}
    closed: set[str] = set()
    history = {}
    for month in range(PERIODS):
        period = shift_period(FIRST_PERIOD, month)
        first, last = period_bounds(period)
        rows = []
        for project in PROJECTS:
            if project.start > last or project.id in closed:
                continue
            if project.id == "PRJ-012" and month == PERIODS - 1:
                continue  # the October update did not come in
            status = _business_day_before(last) - timedelta(days=int(rng.integers(0, 2)))
            if project.id == "PRJ-017" and month == PERIODS - 1:
                status = date(2026, 10, 6)  # last month's figures sent again
            row = _row(project, month, max(status, project.start), rng, states[project.id])
            rows.append(row)
            if project.end <= last and project.id not in SPI_PATH and project.id != "PRJ-019":
                closed.add(project.id)
        history[period] = rows
    return history


def _csv(rows: list[dict]) -> bytes:
    header = list(HEADERS)
    lines = [";".join(header)] + [";".join(str(row[h]) for h in header) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def write_status_history(root: Path, language: str) -> list[Path]:
    """data/status/<YYYY-MM>.csv for the example's 12 months, and the column mapping in pmo.yaml."""
    written = [
        write_bytes_atomic(root / "data" / "status" / f"{period}.csv", _csv(rows))
        for period, rows in status_history().items()
    ]
    comment = (
        "\n# Revue mensuelle : colonnes de l'export du client -> colonnes attendues par pmo-kit\n"
        if language == "fr"
        else "\n# Monthly review: the client's export columns -> pmo-kit's columns\n"
    )
    section = yaml.safe_dump({"review": {"columns": HEADERS}}, allow_unicode=True, sort_keys=False, width=100)
    config = root / "pmo.yaml"
    text = config.read_text(encoding="utf-8")
    if "\nreview:" not in text:
        write_bytes_atomic(config, (text.rstrip("\n") + "\n" + comment + section).encode("utf-8"))
    return written
