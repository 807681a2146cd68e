"""What the annual report says: the context handed to the annual_report template, in the engagement's language.

Wording comes from governance/data/words/annual.yaml (and the review's, staffing's and assessment's catalogues for
the words they own: dimensions, statuses, actions); every figure and date goes through governance.core.formatting.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from governance.annual.missing import command_for, missing_items
from governance.annual.report import AnnualReport
from governance.annual.scorecard import status_counts
from governance.core.formatting import NOT_DEFINED, day, defined, month_year, number, percent
from governance.core.i18n import french_spaced, words
from governance.review import objective_figure
from governance.staffing import role_name

# A status as the scorecard's grid shows it: a symbol a colour-blind reader tells apart, and its colour.
STATUS_MARKS = {
    "achieved": ("✔", "3A9D23"),
    "on_track": ("●", "6AA84F"),
    "at_risk": ("▲", "F0A30A"),
    "missed": ("✖", "C00000"),
    "no_value": ("–", "A6A6A6"),
    "not_measured": ("", "A6A6A6"),
}
COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
OPEN_ACTIONS_SHOWN = 40  # the oldest-due first; the count of the others is said


class _Format:
    """The engagement language's formatters, short to call."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.undefined = NOT_DEFINED[language]

    def num(self, value: Any, decimals: int = 0) -> str:
        return number(value, self.language, decimals)

    def signed(self, value: Any, decimals: int = 1) -> str:
        text = number(value, self.language, decimals)
        return f"+{text}" if defined(value) and round(float(value), decimals) > 0 else text

    def pct(self, value: Any) -> str:
        return percent(value, self.language)

    def month(self, period: str) -> str:
        return month_year(period, self.language)

    def day(self, value: Any) -> str:
        return day(value, self.language) if value is not None and not pd.isna(value) else self.undefined

    def level(self, value: Any) -> str:
        return str(int(value)) if defined(value) else self.undefined


def _quote(command: str | None, language: str) -> str:
    if not command:
        return ""
    return f"«\u00a0{command}\u00a0»" if language == "fr" else f"“{command}”"


def _missing(report: AnnualReport, f: _Format, folder: str) -> dict[str, str]:
    """Each missing input's sentence, by key."""
    w = words("annual", f.language)["missing"]
    year = _year_label(report, f)
    sentences = {}
    for item in missing_items(report):
        key = item["key"]
        months = ", ".join(f.month(m) for m in item.get("months", []))
        sentences[key] = w[key].format(
            command=_quote(command_for(key, folder), f.language),
            year=year,
            campaign=item.get("campaign", ""),
            months=months,
            problem=item.get("problem", ""),
        )
    return sentences


def _year_label(report: AnnualReport, f: _Format) -> str:
    return words("annual", f.language)["year"].format(first=f.month(report.year.first), last=f.month(report.year.last))


# ------------------------------------------------------------------------------------------- 1. maturity


def _maturity(report: AnnualReport, f: _Format, names: dict[str, str], missing: dict[str, str]) -> dict:
    w = words("annual", f.language)["maturity"]
    if report.latest is None:
        return {"ok": False, "missing": missing.get("assessment", ""), "note": "", "rows": []}
    start, latest, frame = report.start, report.latest, report.maturity
    score = lambda median, level: w["score"].format(median=f.num(median, 1), level=f.level(level))  # noqa: E731
    rows = [
        {
            "name": names.get(r["dimension_id"], r["dimension_id"]),
            "start": score(r["start_median"], r["start_level"]) if start else "",
            "latest": score(r["latest_median"], r["latest_level"]),
            "change": f.signed(r["change"]) if start else "",
            "target": str(int(r["target"])),
            "gap": f.num(max(float(r["gap"]), 0.0), 1) if defined(r["gap"]) else f.undefined,
        }
        for r in frame.to_dict("records")
    ]
    reached = int((frame["gap"] <= 0).sum())
    first = start or latest
    intro = (w["intro"] if start else w["intro_once"]).format(
        start=first.campaign,
        start_on=f.day(first.assessed_on),
        start_respondents=first.respondents,
        latest=latest.campaign,
        latest_on=f.day(latest.assessed_on),
        latest_respondents=latest.respondents,
    )
    overall = (w["overall"] if start else w["overall_once"]).format(
        start=f.level(first.overall_level), latest=f.level(latest.overall_level), reached=reached, total=len(frame)
    )
    return {
        "ok": True,
        "compared": start is not None,
        "intro": intro,
        "overall": overall,
        "start_label": start.campaign if start else "",
        "latest_label": latest.campaign,
        "rows": rows,
        "note": missing.get("reassessment", ""),
        "missing": "",
    }


# ------------------------------------------------------------------------------------------- 2. scorecard


def _figure(value: float | None, kind: str | None, f: _Format) -> str:
    return objective_figure(value, kind or "count", f.language)


def _scorecard(report: AnnualReport, f: _Format, missing: dict[str, str], folder: str) -> dict:
    from docxtpl import RichText

    w = words("annual", f.language)["scorecard"]
    statuses = words("review", f.language)["objective_status"]
    rows, grid = [], []
    for o in report.standings:
        measured = o["status"] != "not_measured"

        def at(point, kind=o["kind"]):
            if point is None:
                return f.undefined
            return w["value_at"].format(value=_figure(point[1], kind, f), month=f.month(point[0]))

        rows.append(
            {
                "number": o["number"],
                "text": o["text"],
                "measure": o["label"][f.language] if measured else w["not_measured"],
                "target": f"{COMPARATORS[o['comparator']]}\u00a0{_figure(o['target'], o['kind'], f)}"
                if measured
                else "",
                "start": at(o["start"]) if measured else "",
                "end": at(o["end"]) if measured else "",
                "status": statuses[o["status"]],
                "due": f.day(o["due"]) if o["due"] else "",
            }
        )
        if measured:
            marks = []
            for status in o["statuses"]:
                symbol, colour = STATUS_MARKS[status]
                mark = RichText()
                mark.add(symbol, color=colour, bold=True)
                marks.append(mark)
            grid.append({"number": o["number"], "marks": marks})
    no_review = not report.kpis["reviewed"].any() and bool(grid)
    return {
        "ok": bool(rows),
        "rows": rows,
        "grid": grid,
        # The period's month over its year: 12 columns fit the page, a month written out would not.
        "months": [f"{int(p[5:]):02d}\n{p[:4]}" for p in report.year.months],
        "legend": w["legend"],
        "note": (
            w["no_review"].format(
                year=_year_label(report, f), command=_quote(command_for("reviews", folder), f.language)
            )
            if no_review
            else ""
        ),
        "missing": missing.get("objectives", ""),
    }


# ------------------------------------------------------------------------------------------- 3. trends


def _trends(report: AnnualReport, f: _Format, missing: dict[str, str]) -> dict:
    w = words("annual", f.language)["trends"]
    frame = report.kpis
    reviewed = frame[frame["reviewed"]]
    if reviewed.empty:
        return {"ok": False, "rows": [], "note": "", "missing": missing.get("reviews", "")}
    rows = []
    for r in frame.to_dict("records"):
        done = r["reviewed"]
        milestones = f.pct(r["milestone_hit_rate"])
        if done and defined(r["milestones_due"]) and r["milestones_due"]:
            milestones += f" ({f.num(r['milestones_hit'])}/{f.num(r['milestones_due'])})"
        rows.append(
            {
                "month": f.month(r["period"]),
                "received": f"{f.num(r['projects'])} / {f.num(r['expected'])}" if done else f.undefined,
                "on_time": f.pct(r["on_time_share"]),
                "on_schedule": f.pct(r["on_schedule_share"]),
                "on_budget": f.pct(r["on_budget_share"]),
                "milestones": milestones,
                "cpi": f.num(r["portfolio_cpi"], 2),
                "spi": f.num(r["portfolio_spi"], 2),
                "rag": f"{f.num(r['red'])} / {f.num(r['amber'])} / {f.num(r['green'])}" if done else f.undefined,
            }
        )
    intro = w["intro"].format(reviewed=len(reviewed), first=f.month(report.year.first), last=f.month(report.year.last))
    return {"ok": True, "intro": intro, "rows": rows, "note": missing.get("months", ""), "missing": ""}


# ------------------------------------------------------------------------------------------- 4. exceptions


def _stat_row(name: str, stats: dict, f: _Format) -> dict:
    return {
        "name": name,
        "raised": f.num(stats["raised"]),
        "resolved": f.num(stats["resolved"]),
        "open": f.num(stats["open"]),
        "mean": f.num(stats["mean_months"], 1),
        "median": f.num(stats["median_months"], 1),
    }


def _exceptions(report: AnnualReport, f: _Format, missing: dict[str, str]) -> dict:
    w = words("annual", f.language)["exceptions"]
    dimensions = words("review", f.language)["dimension"]
    if not report.kpis["reviewed"].any():
        return {"ok": False, "any": False, "missing": missing.get("reviews", "")}
    record = report.exceptions
    totals = record.totals
    policy = report.inputs.prepared.policy
    snapshots = report.inputs.snapshots
    earliest = snapshots["period"].min() if len(snapshots) else report.year.first

    def since(raised: str) -> str:
        # Red at the first month read: it may have started earlier, out of what the report reads.
        if raised == earliest and raised < report.year.first:
            return w["since_before"].format(month=f.month(raised))
        return f.month(raised)

    records = lambda frame: frame.reset_index().to_dict("records")  # noqa: E731
    return {
        "ok": True,
        "any": bool(len(record.episodes)),
        "intro": w["intro"],
        "totals": w["totals"].format(
            raised=totals["raised"],
            carried=totals["carried"],
            resolved=totals["resolved"],
            mean=f.num(totals["mean_months"], 1),
            median=f.num(totals["median_months"], 1),
            open=totals["open"],
            last=f.month(report.year.last),
            open_mean=f.num(totals["open_mean_months"], 1),
        ),
        "none": w["none"].format(first=f.month(report.year.first), last=f.month(report.year.last)),
        "by_dimension": [_stat_row(dimensions[r["dimension"]], r, f) for r in records(record.by_dimension)],
        "by_body": [
            _stat_row(policy.body_label(r["body_id"] or None, f.language), r, f) for r in records(record.by_body)
        ],
        "total": _stat_row(w["total"], totals, f),
        "longest": [
            {
                "project": f"{r['project_id']} — {r['project_name']}",
                "dimension": dimensions[r["dimension"]],
                "body": policy.body_label(r["body_id"] or None, f.language),
                "since": since(r["raised"]),
                "months": f.num(r["months"]),
            }
            for r in record.longest_open.to_dict("records")
        ],
        "missing": "",
    }


# ------------------------------------------------------------------------------------------- 5. decisions


def _decisions(report: AnnualReport, f: _Format, missing: dict[str, str]) -> dict:
    w = words("annual", f.language)["decisions"]
    if "decisions" in missing:
        return {"ok": False, "missing": missing["decisions"]}
    record = report.actions
    totals = record.totals
    policy = report.inputs.prepared.policy
    days = totals["mean_days_to_close"]
    bodies = [
        {"body": policy.body_label(body_id, f.language), **{k: f.num(v) for k, v in row.items()}}
        for body_id, row in record.by_body.to_dict("index").items()
    ]
    shown = record.open_actions.head(OPEN_ACTIONS_SHOWN)
    return {
        "ok": True,
        "totals": w["totals"].format(
            decisions=totals["decisions"],
            opened=totals["opened"],
            closed=totals["closed"],
            dropped=totals["dropped"],
            open=totals["open"],
            last=f.month(report.year.last),
            overdue=totals["overdue"],
            days=w["days"].format(n=f.num(days)) if days is not None else f.undefined,
        ),
        "bodies": bodies,
        "total": {
            "body": w["total"],
            **{k: f.num(totals[k]) for k in ("decisions", "opened", "closed", "dropped", "open", "overdue")},
        },
        "open_actions": [
            {
                "ref": r["ref"],
                "body": policy.body_label(r["body_id"], f.language),
                "project": r["project_id"],
                "action": r["action"],
                "owner": r["owner"] if r["owner_known"] else w["owner_unknown"].format(owner=r["owner"]),
                "due": f.day(r["due_on"]),
                "late": w["overdue"].format(n=f.num(r["days_overdue"])) if r["overdue"] else "",
            }
            for r in shown.to_dict("records")
        ],
        "open_more": max(len(record.open_actions) - OPEN_ACTIONS_SHOWN, 0),
        "missing": "",
    }


# ------------------------------------------------------------------------------------------- 6. lessons


def _lessons(report: AnnualReport, f: _Format, missing: dict[str, str]) -> dict:
    w = words("annual", f.language)["lessons"]
    record = report.lessons
    if not record.total:
        return {"ok": False, "missing": missing.get("lessons", "")}
    category = lambda c: c or w["uncategorised"]  # noqa: E731
    return {
        "ok": True,
        "totals": w["totals"].format(
            lessons=record.total,
            projects=record.projects,
            first=f.month(report.year.first),
            last=f.month(report.year.last),
        ),
        "categories": [
            {"category": category(r["category"]), "count": f.num(r["lessons"])}
            for r in record.by_category.to_dict("records")
        ],
        "examples": [
            {
                "project": r["project"],
                "category": category(r["category"]),
                "lesson": r["lesson"],
                "date": f.day(r["recorded_on"]),
            }
            for r in record.examples.to_dict("records")
        ],
        "missing": "",
    }


# ------------------------------------------------------------------------------------------- 7. staffing


def _staffing(report: AnnualReport, f: _Format, missing: dict[str, str], folder: str) -> dict:
    w = words("annual", f.language)["staffing"]
    view = report.inputs.prepared.staffing
    if report.team is None:
        return {"ok": False, "missing": missing.get("staffing", "")}
    actions = words("staffing", f.language)["action"]
    inputs = view.inputs
    rows = [
        {
            "role": role_name(inputs.profiles, r["role"], f.language, inputs.governance),
            "target": f.num(r["target_fte"], 1),
            "current": f.num(r["current_fte"], 1),
            "difference": f.signed(-r["difference"]),
            "action": actions[r["action"]],
            "people": ", ".join(r["people"]),
        }
        for r in report.team.to_dict("records")
    ]
    target, current = report.team["target_fte"].sum(), report.team["current_fte"].sum()
    command = _quote(command_for("staffing", folder), f.language)
    last = report.inputs.last_staffing_plan
    notes = [w["last_plan"].format(month=f.month(last)) if last else w["never"].format(command=command)]
    gaps = len(view.plan.gaps)
    if gaps:
        notes.append(w["gaps"].format(gaps=gaps, command=command))
    if "people" in missing:
        notes.append(missing["people"])
    return {
        "ok": True,
        "intro": w["intro"].format(
            portfolio=inputs.portfolio.source, people=inputs.people.source if inputs.people else "data/people.csv"
        ),
        "rows": rows,
        "total": {
            "role": w["total"],
            "target": f.num(target, 1),
            "current": f.num(current, 1),
            "difference": f.signed(current - target),
        },
        "notes": notes,
        "missing": "",
    }


# ------------------------------------------------------------------------------------------- 8. recommendations


def _recommendations(report: AnnualReport, f: _Format, names: dict[str, str], missing: dict[str, str]) -> dict:
    w = words("annual", f.language)["recommendations"]
    statuses = words("review", f.language)["objective_status"]
    last = f.month(report.year.last)
    steps = []
    if report.steps is not None:
        for r in report.steps.to_dict("records"):
            steps.append(
                {
                    "heading": w["step"].format(
                        dimension=names.get(r["dimension_id"], r["dimension"]),
                        from_level=int(r["from_level"]),
                        to_level=int(r["to_level"]),
                        horizon=r["horizon"],
                    ),
                    "title": r["title"],
                    "actions": list(r["actions"]),
                }
            )
    objectives = [
        w["objective"].format(
            number=o["number"],
            text=o["text"],
            status=statuses[o["status"]].lower(),
            last=last,
            value=_figure(o["end"][1] if o["end"] else None, o["kind"], f),
            target=f"{COMPARATORS[o['comparator']]}\u00a0{_figure(o['target'], o['kind'], f)}",
            due=f.day(o["due"]) if o["due"] else w["no_due"],
        )
        for o in report.revisit
    ]
    overdue = report.actions.totals["overdue"]
    measured = bool(report.kpis["reviewed"].any() or report.actions.totals["opened"] or report.actions.totals["open"])
    latest = report.latest
    return {
        "assessed": latest is not None,
        "intro": w["intro"].format(campaign=latest.campaign) if latest else "",
        "steps": steps,
        "all_reached": w["none"].format(campaign=latest.campaign) if latest and not steps else "",
        "objectives": objectives,
        "overdue": w["overdue"].format(n=overdue, last=last) if overdue else "",
        # Said only when there was something to judge: months reviewed or actions recorded.
        "nothing": w["nothing"].format(last=last) if measured and not objectives and not overdue else "",
        "missing": missing.get("assessment", ""),
    }


# ------------------------------------------------------------------------------------------- summary


def _summary(report: AnnualReport, f: _Format) -> list[str]:
    w = words("annual", f.language)["summary"]
    lines = []
    start, latest = report.start, report.latest
    if latest and start:
        lines.append(
            w["maturity"].format(
                start_level=f.level(start.overall_level),
                start=start.campaign,
                latest_level=f.level(latest.overall_level),
                latest=latest.campaign,
                start_score=f.num(start.mean_score, 1),
                latest_score=f.num(latest.mean_score, 1),
            )
        )
    elif latest:
        lines.append(
            w["maturity_once"].format(
                level=f.level(latest.overall_level), campaign=latest.campaign, score=f.num(latest.mean_score, 1)
            )
        )
    if report.standings:
        lines.append(w["objectives"].format(last=f.month(report.year.last), **status_counts(report.standings)))
    reviewed = report.kpis[report.kpis["reviewed"]]
    if len(reviewed):
        first, last = reviewed.iloc[0], reviewed.iloc[-1]
        lines.append(
            w["trends"].format(
                projects=f.num(last["projects"]),
                last=f.month(last["period"]),
                first_projects=f.num(first["projects"]),
                first=f.month(first["period"]),
                schedule_first=f.pct(first["on_schedule_share"]),
                schedule_last=f.pct(last["on_schedule_share"]),
                budget_first=f.pct(first["on_budget_share"]),
                budget_last=f.pct(last["on_budget_share"]),
            )
        )
        totals = report.exceptions.totals
        lines.append(
            w["exceptions"].format(
                raised=totals["raised"],
                resolved=totals["resolved"],
                mean=f.num(totals["mean_months"], 1),
                open=totals["open"],
                last=f.month(report.year.last),
            )
        )
    actions = report.actions.totals
    if actions["decisions"] or actions["opened"] or actions["open"]:
        lines.append(w["decisions"].format(last=f.month(report.year.last), **actions))
    if report.lessons.total:
        lines.append(w["lessons"].format(lessons=report.lessons.total, categories=len(report.lessons.by_category)))
    if report.team is not None:
        view = report.inputs.prepared.staffing
        lines.append(
            w["staffing"].format(
                target=f.num(report.team["target_fte"].sum(), 1),
                current=f.num(report.team["current_fte"].sum(), 1),
                people=len(view.inputs.people.people) if view.has_people else 0,
            )
        )
    return lines


def annual_context(report: AnnualReport, names: dict[str, str], folder: str) -> dict[str, Any]:
    """The template context. `names`: the question bank's dimension names in the engagement's language;
    `folder`: the engagement folder as the commands the report names should be typed."""
    engagement = report.inputs.engagement
    config = engagement.config
    f = _Format(config.language)
    missing = _missing(report, f, folder)
    context = {
        "client": config.client.name,
        "consultant": config.consultant,
        "today": date.today(),
        "year_label": _year_label(report, f),
        "first_label": f.month(report.year.first),
        "last_label": f.month(report.year.last),
        "period_end": report.year.end,
        "summary": _summary(report, f),
        "missing": list(missing.values()),
        "maturity": _maturity(report, f, names, missing),
        "scorecard": _scorecard(report, f, missing, folder),
        "trends": _trends(report, f, missing),
        "exceptions": _exceptions(report, f, missing),
        "decisions": _decisions(report, f, missing),
        "lessons": _lessons(report, f, missing),
        "staffing": _staffing(report, f, missing, folder),
        "recommendations": _recommendations(report, f, names, missing),
    }
    return french_spaced(context) if config.language == "fr" else context
