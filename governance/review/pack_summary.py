"""The pack's opening: headline KPI rows (with last month beside them) and the summary sentences."""

from __future__ import annotations

from collections.abc import Callable

from governance.core.formatting import NOT_DEFINED, defined
from governance.core.i18n import plural
from governance.engagement.review_settings import ReviewSettings
from governance.review.wording import keur, num, pct, vocabulary


def kpi_rows(current: dict, previous: dict | None, language: str) -> list[dict]:
    """Label, this month's value and last month's value of each headline KPI."""
    w = vocabulary(language)
    label = w["kpi"]
    undefined = NOT_DEFINED[language]

    def milestones(k: dict) -> str:
        return pct(k["milestone_hit_rate"], language) + (
            f" ({k['milestones_hit']}/{k['milestones_due']})" if k["milestones_due"] else ""
        )

    def benefits(k: dict) -> str:
        if not defined(k.get("benefits_planned")):
            return undefined
        return (
            f"{keur(k['benefits_realised'], language)} / {keur(k['benefits_planned'], language)} "
            f"({pct(k['benefits_share'], language)})"
        )

    def maturity(k: dict) -> str:
        if not defined(k.get("maturity_level")):
            return undefined
        # A level is whole; last month's comes back from the store as a float (1.0).
        level = int(k["maturity_level"]) or undefined
        return f"{level} ({num(k['maturity_score'], language, 1)}, {k['maturity_campaign']})"

    rows: list[tuple[str, Callable[[dict], str]]] = [
        (label["received"], lambda k: f"{k['projects']} / {k['expected']}"),
        (
            f"{w['rag']['red']} / {w['rag']['amber']} / {w['rag']['green']}",
            lambda k: f"{k['red']} / {k['amber']} / {k['green']}",
        ),
        (label["trend"], lambda k: f"{k['improving']} / {k['worsening']}"),
        (label["bac"], lambda k: keur(k["bac_total"], language)),
        (label["eac"], lambda k: keur(k["eac_total"], language)),
        (label["vac"], lambda k: keur(k["vac_total"], language)),
        (
            label["indices"],
            lambda k: f"{num(k['portfolio_cpi'], language, 2)} / {num(k['portfolio_spi'], language, 2)}",
        ),
        (label["on_time"], lambda k: pct(k["on_time_share"], language)),
        (label["on_schedule"], lambda k: pct(k["on_schedule_share"], language)),
        (label["on_budget"], lambda k: pct(k["on_budget_share"], language)),
        (label["milestones"], milestones),
        (label["benefits"], benefits),
        (label["exceptions"], lambda k: f"{k['exceptions']} ({k['exception_projects']})"),
        (label["escalations"], lambda k: str(k["escalations"])),
        (label["data_quality"], lambda k: str(k["data_quality_issues"])),
    ]
    if defined(current.get("maturity_level")):
        rows.append((label["maturity"], maturity))
    result = []
    for text, value in rows:
        before = ""
        if previous:
            try:
                before = value(previous)
            except (KeyError, TypeError):
                before = undefined
        result.append({"label": text, "value": value(current), "previous": before})
    return result


def summary(kpis: dict, previous_label: str, bodies: list[dict], settings: ReviewSettings, language: str) -> list[str]:
    """The pack's first paragraph, one sentence a line: reporting, RAG, decisions, escalations, money."""
    s = vocabulary(language)["summary"]
    projects = lambda n: plural(s["project"], n)  # noqa: E731
    lines = []
    missing, stale = kpis["missing"], kpis["stale"]
    text = s["received"].format(projects=kpis["projects"], expected=kpis["expected"])
    if missing or stale:
        parts = ([plural(s["missing"], missing)] if missing else []) + ([plural(s["stale"], stale)] if stale else [])
        text += f" ({s['and'].join(parts)})"
    lines.append(text + ".")
    text = s["rag"].format(red=kpis["red"], amber=kpis["amber"], green=kpis["green"])
    if kpis["not_assessed"]:
        text += s["not_assessed"].format(n=kpis["not_assessed"])
    if previous_label:
        text += s["against"].format(
            previous=previous_label, improving=kpis["improving"], worsening=kpis["worsening"], stable=kpis["stable"]
        )
        if kpis["new"]:
            text += plural(s["new"], kpis["new"])
    lines.append(text + ".")
    if kpis["exceptions"]:
        where = ", ".join(s["body"].format(body=b["body"], projects=projects(b["count"])) for b in bodies)
        lines.append(
            plural(s["breaches"], kpis["exceptions"], projects=projects(kpis["exception_projects"]), where=where)
        )
    else:
        lines.append(s["no_breach"])
    if kpis["escalations"]:
        lines.append(plural(s["escalations"], kpis["escalations"], months=settings.red_streak_escalation))
    lines.append(
        s["portfolio"].format(
            bac=keur(kpis["bac_total"], language),
            eac=keur(kpis["eac_total"], language),
            vac=keur(kpis["vac_total"], language),
            cpi=num(kpis["portfolio_cpi"], language, 2),
            spi=num(kpis["portfolio_spi"], language, 2),
        )
    )
    if kpis["rag_disagreements"]:
        lines.append(s["disagreements"].format(projects=projects(kpis["rag_disagreements"])))
    return lines
