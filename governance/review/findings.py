"""What a computed period asks of people: data-quality flags, projects that stopped reporting, red exceptions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from governance.core.periods import previous_period
from governance.review.policy import DIMENSIONS
from governance.review.rag import DATA_QUALITY_FLAGS, PREVIOUS_COLUMNS, RED, ratio


def flags(snapshots: pd.DataFrame) -> pd.Series:
    """The data-quality flags of each project as one comma-separated text (stored with the snapshot)."""
    flags = pd.Series("", index=snapshots.index, dtype=object)
    for flag in DATA_QUALITY_FLAGS[1:]:
        mask = snapshots[flag].to_numpy(dtype=bool)
        if mask.any():
            flags[mask] = flags[mask] + ("," + flag)
    return flags.str.lstrip(",")


def missing_projects(
    frame: pd.DataFrame, previous: pd.DataFrame | None, period: str, period_first: pd.Timestamp
) -> pd.DataFrame:
    """Projects that reported last period, did not this period, and were not finished."""
    if previous is None or previous.empty:
        return pd.DataFrame(columns=list(PREVIOUS_COLUMNS))
    last = previous[previous["period"] == previous_period(period)]
    last = last[~last["project_id"].isin(frame["project_id"])]
    end = pd.to_datetime(last["forecast_end"]).fillna(pd.to_datetime(last["baseline_end"]))
    open_ = (last["percent_complete"].fillna(0) < 1) & ~(end < period_first)
    return last[open_].reset_index(drop=True)


def data_quality(
    snapshots: pd.DataFrame, missing: pd.DataFrame, prev: pd.DataFrame, period_last: pd.Timestamp
) -> pd.DataFrame:
    """One row per data-quality flag; `value` and `reference` carry the figures its message quotes."""
    earned = pd.Series(ratio(snapshots["ev"], snapshots["bac"]), index=snapshots.index)
    quoted = {
        "stale": (snapshots["status_date"], (period_last - snapshots["status_date"]).dt.days),
        "late": (snapshots["received_on"], (snapshots["received_on"] - snapshots["due_on"]).dt.days),
        "ac_without_ev": (snapshots["ac"] - prev["ac"].astype(float), snapshots["ev"] - prev["ev"].astype(float)),
        "percent_inconsistent": (snapshots["percent_complete"], earned),
        "unknown_tier": (snapshots["tier"], snapshots["tier_id"]),
        "rag_self_unknown": (snapshots["rag_self_text"], pd.Series(None, index=snapshots.index, dtype=object)),
    }
    columns = ["project_id", "project_name", "flag", "value", "reference", "source_row"]
    parts = []
    if len(missing):
        parts.append(
            pd.DataFrame(
                {
                    "project_id": missing["project_id"],
                    "project_name": missing["project_name"],
                    "flag": "missing",
                    "value": pd.to_datetime(missing["status_date"]).astype(object),
                    "reference": missing["period"],
                    "source_row": np.nan,
                }
            )
        )
    for flag, (value, reference) in quoted.items():
        mask = snapshots[flag].to_numpy(dtype=bool)
        if mask.any():
            parts.append(
                pd.DataFrame(
                    {
                        "project_id": snapshots.loc[mask, "project_id"],
                        "project_name": snapshots.loc[mask, "project_name"],
                        "flag": flag,
                        "value": value[mask].astype(object),
                        "reference": reference[mask].astype(object),
                        "source_row": snapshots.loc[mask, "source_row"].astype(float),
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def exceptions(snapshots: pd.DataFrame, codes: np.ndarray) -> pd.DataFrame:
    """Every red breach: one row per project and red dimension, worst first."""
    keep = [
        "project_id",
        "project_name",
        "tier_id",
        "sponsor",
        "project_manager",
        "bac",
        "eac",
        "severity",
        "red_streak",
        "escalated",
        "escalation_body",
        "action_overdue",
        "rag_self",
        "rag_disagrees",
    ]
    parts = []
    for i, dimension in enumerate(DIMENSIONS):
        mask = codes[:, i] == RED
        if mask.any():
            part = snapshots.loc[mask, keep].copy()
            part["dimension"] = dimension
            part["deviation"] = snapshots.loc[mask, f"dev_{dimension}"]
            part["amber"] = snapshots.loc[mask, f"amber_{dimension}"]
            part["red"] = snapshots.loc[mask, f"red_{dimension}"]
            parts.append(part)
    columns = keep + ["dimension", "deviation", "amber", "red"]
    if not parts:
        return pd.DataFrame(columns=columns)
    result = pd.concat(parts)
    result["_order"] = result["dimension"].map({d: i for i, d in enumerate(DIMENSIONS)})
    result = result.sort_values(["severity", "bac", "project_id", "_order"], ascending=[False, False, True, True])
    return result.drop(columns="_order").reset_index(drop=True)[columns]
