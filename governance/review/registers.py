"""The review's side of the governance loop: each body's decision register, and the actions the pack follows up.

A register goes to every body with an exception to decide or an action still open, dated for the body's first
meeting after the period in the governance calendar. The actions are reckoned as of the period's last day
(governance.decisions.standing_at), so the pack of a month says the same whenever it is rendered again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from governance.core.formatting import day
from governance.core.i18n import words
from governance.core.periods import period_bounds
from governance.core.xlsx.forms import FormBrand
from governance.decisions import RegisterContent, register_file_name, standing_at, write_register
from governance.review.metrics import PeriodReview
from governance.review.policy import ReviewPolicy
from governance.review.wording import decision_text, months, pct, period_label, vocabulary
from governance.structure import GovernanceModel
from governance.structure.calendar import meetings

MEETING_WINDOW_DAYS = 62  # a body meeting less often than every two months gets no date: the meeting fills it in


def next_meetings(model: GovernanceModel, period: str, timezone: str) -> dict[str, object]:
    """Each body's first meeting after the period's last day (bodies without one in the window are left out)."""
    last = period_bounds(period)[1]
    found: dict[str, object] = {}
    for m in meetings(model, ZoneInfo(timezone), last + timedelta(days=1), last + timedelta(days=MEETING_WINDOW_DAYS)):
        found.setdefault(m.body_id, m.start.date())
    return found


def register_contents(
    review: PeriodReview, actions: pd.DataFrame, policy: ReviewPolicy, meeting_dates: dict[str, object], language: str
) -> list[RegisterContent]:
    """One register per body with an exception of the period or an action open at its end, bodies in policy order."""
    w = vocabulary(language)
    exceptions = review.exceptions[review.exceptions["escalation_body"].fillna("").isin(policy.bodies)]
    standing = standing_at(actions, review.period)
    open_actions = standing[standing["state"] == "open"] if not standing.empty else standing
    wanted = set(exceptions["escalation_body"]) | set(open_actions.get("body_id", pd.Series(dtype=str)))
    contents = []
    for body_id in (b for b in policy.bodies if b in wanted):
        mine = exceptions[exceptions["escalation_body"] == body_id]
        rows = [
            {
                "ref": f"E{n}",
                "project_id": r["project_id"],
                "project_name": r["project_name"],
                "dimension": r["dimension"],
                "dimension_label": w["dimension"][r["dimension"]],
                "deviation": pct(r["deviation"], language),
                "red": pct(r["red"], language),
                "red_streak": months(int(r["red_streak"]), language),
                "expected": decision_text(r["dimension"], bool(r["escalated"]), int(r["red_streak"]), language),
            }
            for n, r in enumerate(mine.to_dict("records"), start=1)
        ]
        follow = [
            {
                "action_ref": a["ref"],
                "project_id": a["project_id"],
                "action": a["action"],
                "owner": a["owner"],
                "due_on": a["due_on"],
                "decided": a["period"],
                "body": policy.body_label(a["body_id"], language),
                "status": "open",
            }
            for a in open_actions[open_actions["body_id"] == body_id].to_dict("records")
        ]
        contents.append(
            RegisterContent(
                body_id,
                policy.body_label(body_id, language),
                review.period,
                period_label(review.period, language),
                meeting_dates.get(body_id),
                rows,
                follow,
            )
        )
    return contents


def write_registers(contents: list[RegisterContent], folder: Path, brand: FormBrand, at: datetime) -> list[Path]:
    return [
        write_register(folder / register_file_name(c.body_id, c.period, brand.language), c, brand, at) for c in contents
    ]


def action_rows(actions: pd.DataFrame, period: str, policy: ReviewPolicy, language: str) -> dict[str, list[dict]]:
    """The actions the pack and the deck follow up: open, overdue (a subset of open) and closed during the
    period, formatted; overdue first among the open ones."""
    standing = standing_at(actions, period)
    status = words("decisions", language)["status"]
    if standing.empty:
        return {"open": [], "overdue": [], "closed": []}
    standing = standing.sort_values(["overdue", "due_on", "ref"], ascending=[False, True, True])

    def rows(frame: pd.DataFrame) -> list[dict]:
        return [
            {
                "ref": a["ref"],
                "project": a["project_id"],
                "action": a["action"],
                "owner": a["owner"],
                "due": day(a["due_on"], language),
                "body": policy.body_label(a["body_id"], language),
                "decided": period_label(a["period"], language),
                "status": status[a["state"]],
                "closed_on": day(a["closed_on"], language) if pd.notna(a["closed_on"]) else "",
                "comment": a["comment"],
            }
            for a in frame.to_dict("records")
        ]

    return {
        "open": rows(standing[standing["state"] == "open"]),
        "overdue": rows(standing[standing["overdue"]]),
        "closed": rows(standing[standing["closed_now"]]),
    }
