"""Where the period's collection stands: each expected project received on time, late, refused or missing, per
project manager and per tier, and the on-time share against the objective bound to `reporting_on_time`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlmodel import Session

from governance.collection.merge import MergeOutcome, merge_returns
from governance.collection.returns import inbox_dir, read_inbox
from governance.collection.roster import project_roster
from governance.collection.store import prepared_forms
from governance.engagement.config import Engagement
from governance.engagement.measures import measures

STATES = ("on_time", "late", "refused", "missing_late", "outstanding")


@dataclass
class Standing:
    period: str
    today: date
    projects: pd.DataFrame  # project_id, project_name, project_manager, sponsor, tier_id, due_on, state, ...
    outcome: MergeOutcome
    prepared: bool  # the expected projects come from `prepare` (else from the roster now)


def expected_projects(engagement: Engagement, period: str, *, session: Session) -> tuple[pd.DataFrame, bool]:
    forms = prepared_forms(session=session, engagement=engagement.id, period=period)
    if forms:
        rows = [
            {
                k: getattr(f, k)
                for k in ("project_id", "project_name", "project_manager", "sponsor", "tier_id", "due_on")
            }
            for f in forms
        ]
        return pd.DataFrame(rows), True
    roster = project_roster(engagement, period, session=session).projects
    return roster[["project_id", "project_name", "project_manager", "sponsor", "tier_id", "due_on"]].copy(), False


def read_returns(engagement: Engagement, period: str, progress=None) -> MergeOutcome:
    forms = read_inbox(inbox_dir(engagement.data_dir, period), engagement.display, engagement.id, period, progress)
    return merge_returns(forms, period, engagement.config.timezone, engagement.language)


def standing(engagement: Engagement, period: str, today: date, *, session: Session) -> Standing:
    expected, prepared = expected_projects(engagement, period, session=session)
    outcome = read_returns(engagement, period)
    received = {
        row["project_id"]: (row["received_on"].date(), row["source_form"]) for row in outcome.merged.to_dict("records")
    }
    states, received_on, sources = [], [], []
    for row in expected.to_dict("records"):
        got = received.get(row["project_id"])
        if got is not None:
            states.append("on_time" if got[0] <= row["due_on"] else "late")
            received_on.append(got[0])
            sources.append(got[1])
        else:
            refused = row["project_id"] in outcome.refused_projects
            states.append("refused" if refused else ("missing_late" if today > row["due_on"] else "outstanding"))
            received_on.append(None)
            sources.append("")
    expected = expected.assign(state=states, received_on=received_on, source_form=sources)
    expected["days_late"] = [
        max((today - d).days, 0) if s in ("missing_late", "refused") else 0 for s, d in zip(states, expected["due_on"])
    ]
    return Standing(period, today, expected, outcome, prepared)


def counts(frame: pd.DataFrame, by: str) -> list[dict]:
    table = pd.crosstab(frame[by].replace("", "–"), frame["state"]).reindex(columns=list(STATES), fill_value=0)
    return [{by: key, "expected": int(row.sum()), **{s: int(row[s]) for s in STATES}} for key, row in table.iterrows()]


def on_time_objective(engagement: Engagement) -> dict | None:
    measure = measures()["reporting_on_time"]
    for objective in engagement.config.pmo.objectives:
        if objective.metric == "reporting_on_time":
            return {"text": objective.text, "target": measure.target_value(objective.target), "due": objective.due}
    return None


def standing_result(engagement: Engagement, standing: Standing) -> dict:
    frame = standing.projects
    expected = len(frame)
    on_time = int((frame["state"] == "on_time").sum())
    # Over the reports due by now (or already in): a month not yet due is not a missed objective.
    due = expected - int((frame["state"] == "outstanding").sum())
    share = on_time / due if due else None
    objective = on_time_objective(engagement)
    if objective and objective["target"] is not None and share is not None:
        objective["met"] = share >= objective["target"]
    return {
        "engagement": str(engagement.root),
        "period": standing.period,
        "as_of": standing.today.isoformat(),
        "expected": expected,
        "from_prepare": standing.prepared,
        **{state: int((frame["state"] == state).sum()) for state in STATES},
        "on_time_share": share,
        "objective": objective,
        "by_manager": counts(frame, "project_manager") if expected else [],
        "by_tier": counts(frame, "tier_id") if expected else [],
        "projects": [
            {
                "project_id": r["project_id"],
                "project_name": r["project_name"],
                "project_manager": r["project_manager"],
                "tier_id": r["tier_id"],
                "due_on": r["due_on"].isoformat(),
                "state": r["state"],
                "received_on": r["received_on"].isoformat() if r["received_on"] else None,
                "days_late": int(r["days_late"]),
                "source_form": r["source_form"],
            }
            for r in frame.to_dict("records")
        ],
        "refused_problems": [str(p) for p in standing.outcome.refused],
    }
