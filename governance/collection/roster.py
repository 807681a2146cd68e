"""Who owes a status report for a period, and by when: the project list and last period's projects, with each
tier's reporting rhythm, due date and the meeting that will review it (the governance calendar).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from sqlmodel import Session

from governance.core.periods import period_bounds, shift_period
from governance.core.problems import InputError, Problem
from governance.engagement.config import Engagement
from governance.engagement.review_settings import CANONICAL_COLUMNS
from governance.kit import find_project_list, load_project_list
from governance.review import latest_snapshots
from governance.structure.calendar import meetings
from governance.structure.resolve import resolve_governance
from governance.structure.schema import GovernanceModel

# Months in which a quarterly tier reports (the quarter's last month).
QUARTER_ENDS = (3, 6, 9, 12)
HISTORY_MONTHS = 12  # a project silent for longer is no longer expected


@dataclass(frozen=True)
class Deadline:
    """When a tier's report is due for a period, and the governance meeting that first reviews it."""

    due_on: date
    body_id: str | None
    meeting_on: date | None


def reports_in(frequency: str, period: str) -> bool:
    """Whether a tier with this reporting rhythm reports for `period` (quarterly: the quarter's last month)."""
    return frequency != "quarterly" or int(period[5:]) in QUARTER_ENDS


def working_day_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def working_days_before(day: date, count: int) -> date:
    while count > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def deadlines(
    model: GovernanceModel, period: str, timezone: str, after_days: int, lead_days: int
) -> dict[str, Deadline]:
    """Each tier's due date: `after_days` after the period's last day, on a working day, and no later than
    `lead_days` working days before the first meeting of the tier's escalation body after the period."""
    last = period_bounds(period)[1]
    window = meetings(model, ZoneInfo(timezone), last + timedelta(days=1), last + timedelta(days=62))
    result = {}
    for tier in model.tiers:
        due = working_day_on_or_before(last + timedelta(days=after_days))
        meeting = next((m.start.date() for m in window if m.body_id == tier.escalation_body), None)
        if meeting is not None:
            due = min(due, working_days_before(meeting, lead_days))
        result[tier.id] = Deadline(due, tier.escalation_body, meeting)
    return result


@dataclass
class Roster:
    """The projects due for a period, one row each: identity, manager, due date, last stored figures."""

    period: str
    projects: pd.DataFrame  # project_id, project_name, tier_id, tier, sponsor, project_manager, due_on, ...
    last: pd.DataFrame  # the latest stored snapshot of each project (PREVIOUS_COLUMNS), may be empty
    source: str
    deadlines: dict[str, Deadline]
    skipped_quarterly: int  # projects of quarterly tiers that do not report this month
    model: GovernanceModel  # the governance the deadlines come from (read once per run)


# What a form shows of last month's report, besides the project's identity.
LAST_COLUMNS = (*CANONICAL_COLUMNS, "start_date", "scope_change", "tier_id", "period")


def _tier_label(model: GovernanceModel, language: str) -> dict[str, str]:
    return {t.id: t.name(language) for t in model.tiers}


def project_roster(engagement: Engagement, period: str, *, session: Session) -> Roster:
    """The project list (data/projects.csv or .xlsx) plus the projects stored for the last 12 months that the
    list does not name; the list wins for identity. Projects of a quarterly tier only outside quarter ends are
    left out. Refused when there is neither a list nor any stored project."""
    model = resolve_governance(engagement).model
    tiers = [t.model_dump() for t in model.tiers]
    configured = engagement.config.staffing.projects_file  # the project list pmo.yaml names, if any
    path = engagement.resolve(configured) if configured else find_project_list(engagement.data_dir)
    if path is not None and not path.is_file():
        path = None
    listed = pd.DataFrame(columns=["project_id", "project_name", "sponsor", "project_manager", "tier_id"])
    if path is not None:
        rows = load_project_list(path, engagement.display(path), tiers)
        listed = pd.DataFrame(
            {
                "project_id": [r["id"] for r in rows],
                "project_name": [r["name"] for r in rows],
                "sponsor": [r["sponsor"] for r in rows],
                "project_manager": [r["manager"] for r in rows],
                "tier_id": [r["tier"] for r in rows],
            }
        )
    last = latest_snapshots(
        session=session,
        engagement=engagement.id,
        since=shift_period(period, -HISTORY_MONTHS),
        before=period,
        columns=LAST_COLUMNS,
    )
    stored = last[~last["project_id"].isin(listed["project_id"])]
    if not stored.empty:
        # A project stored but no longer listed is still expected unless it had finished.
        stored = stored[stored["percent_complete"].fillna(0) < 1]
        stored = pd.DataFrame(
            {
                "project_id": stored["project_id"],
                "project_name": stored["project_name"],
                "sponsor": stored["sponsor"],
                "project_manager": stored["project_manager"],
                "tier_id": stored["tier_id"],
            }
        )
    projects = pd.concat([listed, stored], ignore_index=True) if not stored.empty else listed
    if projects.empty:
        raise InputError(
            [
                Problem(
                    "data/projects.csv",
                    "no project to collect a status from; expected the project list (columns id, name, sponsor, "
                    "manager, tier) or a review stored for an earlier month",
                    code="no-projects",
                )
            ]
        )
    frequency = {t.id: t.reporting for t in model.tiers}
    due = projects["tier_id"].map(lambda t: reports_in(frequency.get(t, "monthly"), period))
    skipped = int((~due).sum())
    projects = projects[due].reset_index(drop=True)
    settings = engagement.config.collection
    by_tier = deadlines(model, period, engagement.config.timezone, settings.due_after_days, settings.meeting_lead_days)
    fallback = min(by_tier.values(), key=lambda d: d.due_on)
    projects["tier"] = projects["tier_id"].map(_tier_label(model, engagement.language)).fillna(projects["tier_id"])
    projects["due_on"] = projects["tier_id"].map(lambda t: by_tier.get(t, fallback).due_on)
    projects["project_manager"] = projects["project_manager"].fillna("").astype(str)
    sources = [engagement.display(path)] if path is not None else []
    if not stored.empty or path is None:
        sources.append("the stored reviews")
    return Roster(period, projects, last, " and ".join(sources), by_tier, skipped, model)


# The month a collection command works on by default: the month 15 days ago. Forms prepared on the 25th are
# for the month ending; reminders on the 1st and the merge on the 3rd (or the 14th) are for the month just ended.
DEFAULT_LOOKBACK_DAYS = 15


def collection_period(today: date) -> str:
    from governance.core.periods import period_of

    return period_of(today - timedelta(days=DEFAULT_LOOKBACK_DAYS))
