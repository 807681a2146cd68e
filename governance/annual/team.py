"""Section 7: the staffing plan's roles and FTE against the team actually in data/people.csv."""

from __future__ import annotations

import pandas as pd

TEAM_COLUMNS = ["role", "target_fte", "current_fte", "difference", "action", "people"]


def team_rows(team: list) -> pd.DataFrame:
    """One row per PMO role of the plan (governance.staffing's RoleStaffing: target and current FTE, the people
    holding it, the action it calls for)."""
    return pd.DataFrame(
        [
            {
                "role": r.role,
                "target_fte": float(r.target_fte),
                "current_fte": float(r.current_fte),
                "difference": float(r.difference),
                "action": r.action,
                "people": list(r.people),
            }
            for r in team
        ],
        columns=TEAM_COLUMNS,
    )
