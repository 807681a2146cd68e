"""Section 4: exception episodes (a project's dimension red review after review), raised, resolved, open, and how
long they lasted, from the stored monthly snapshots.

An episode starts at a review that finds the dimension red after one that did not (or the project's first); it
is resolved at the first later review of the project that finds it not red. A month without the project's
status, or with the dimension not assessed, says nothing: the episode goes on. Duration of a resolved episode:
months from the review that raised it to the one that resolved it (red in January only, green in February: 1);
age of an open one: months from the review that raised it to the year's last, counted inclusively (raised in the
last month: 1), like the review's red streak.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from governance.annual.year import ReportYear, months_between

EPISODE_COLUMNS = ["project_id", "project_name", "dimension", "body_id", "raised", "resolved", "last_red"]
STAT_COLUMNS = ["raised", "resolved", "open", "mean_months", "median_months"]


def exception_episodes(snapshots: pd.DataFrame, dimensions: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Every episode in `snapshots` (one row per project and reviewed period: project_id, project_name, period,
    escalation_body, rag_<dimension> as 'red' / 'amber' / 'green' / None). `body_id`: the body the review that
    raised it escalated the project to; `resolved`: the period of the review that found it not red (None: open);
    `last_red`: the last review that found it red."""
    if snapshots.empty:
        return pd.DataFrame(columns=EPISODE_COLUMNS)
    long = snapshots.melt(
        id_vars=["project_id", "project_name", "period", "escalation_body"],
        value_vars=[f"rag_{d}" for d in dimensions],
        var_name="dimension",
        value_name="rag",
    )
    long = long[long["rag"].notna()]
    long = long.assign(dimension=long["dimension"].str.removeprefix("rag_"))
    long = long.sort_values(["project_id", "dimension", "period"], kind="stable").reset_index(drop=True)
    red = (long["rag"] == "red").to_numpy()
    same = np.zeros(len(long), dtype=bool)
    same[1:] = (long["project_id"].to_numpy()[1:] == long["project_id"].to_numpy()[:-1]) & (
        long["dimension"].to_numpy()[1:] == long["dimension"].to_numpy()[:-1]
    )
    previous_red = np.zeros(len(long), dtype=bool)
    previous_red[1:] = red[:-1]
    previous_red &= same
    starts = red & ~previous_red
    ends = ~red & previous_red
    # Numbered in order: a row's episode is the last one started at or before it, always in its own
    # project and dimension when it ends one (the row before it is red and of the same group).
    number = np.cumsum(starts)
    raised = long.loc[starts, ["project_id", "project_name", "dimension", "escalation_body", "period"]]
    episodes = raised.rename(columns={"escalation_body": "body_id", "period": "raised"}).assign(episode=number[starts])
    resolved = pd.Series(long.loc[ends, "period"].to_numpy(), index=number[ends], name="resolved")
    last_red = long.loc[red, "period"].groupby(number[red]).max().rename("last_red")
    episodes = episodes.join(resolved, on="episode").join(last_red, on="episode")
    for column in ("body_id", "resolved"):  # None for "none", whatever the string dtype of the pandas in use
        episodes[column] = episodes[column].astype(object).where(episodes[column].notna(), None)
    return episodes[EPISODE_COLUMNS].reset_index(drop=True)


@dataclass
class ExceptionRecord:
    """The year's episodes and their figures."""

    episodes: pd.DataFrame  # those of the year: raised in it, or open when it began; with duration / age
    totals: dict
    by_dimension: pd.DataFrame  # index: dimension; STAT_COLUMNS
    by_body: pd.DataFrame  # index: body id ("" when the tier names none); STAT_COLUMNS
    longest_open: pd.DataFrame
    open_by_month: list[int]
    new_by_month: list[int]


def _stats(episodes: pd.DataFrame) -> dict:
    durations = episodes.loc[episodes["is_resolved"], "months"]
    return {
        "raised": int(episodes["raised_in_year"].sum()),
        "resolved": int(episodes["is_resolved"].sum()),
        "open": int((~episodes["is_resolved"]).sum()),
        "mean_months": float(durations.mean()) if len(durations) else None,
        "median_months": float(durations.median()) if len(durations) else None,
    }


def _grouped(episodes: pd.DataFrame, key: str, order: list[str] | None = None) -> pd.DataFrame:
    rows = {value: _stats(group) for value, group in episodes.groupby(key, sort=True)}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=STAT_COLUMNS)
    if order is not None:
        frame = frame.reindex(order)
        frame[["raised", "resolved", "open"]] = frame[["raised", "resolved", "open"]].fillna(0).astype(int)
    else:
        frame = frame.sort_values(["raised", "open"], ascending=False, kind="stable")
    frame.index.name = key
    return frame


def exception_record(
    episodes: pd.DataFrame, year: ReportYear, dimensions: list[str] | tuple[str, ...], longest: int = 10
) -> ExceptionRecord:
    """The episodes that matter to the year (raised in it, or still open when it began), counted: raised in the
    year, carried in, resolved in it, open at its end; duration of the resolved ones (mean, median, in months),
    age of the open ones; by dimension and by body; the `longest` open ones; open and new at each month's end."""
    frame = episodes if len(episodes) else pd.DataFrame(columns=EPISODE_COLUMNS)
    keep = (frame["raised"] <= year.last) & (frame["resolved"].isna() | (frame["resolved"] >= year.first))
    mine = frame[keep].copy()
    mine["raised_in_year"] = (mine["raised"] >= year.first).astype(bool)
    mine["is_resolved"] = mine["resolved"].notna().astype(bool)
    mine["months"] = pd.Series(
        [
            months_between(r, e) if isinstance(e, str) else months_between(r, year.last) + 1
            for r, e in zip(mine["raised"], mine["resolved"], strict=True)
        ],
        index=mine.index,
        dtype=int,
    )
    opened = mine[~mine["is_resolved"]]
    totals = {
        **_stats(mine),
        "carried": int((~mine["raised_in_year"]).sum()),
        "open_mean_months": float(opened["months"].mean()) if len(opened) else None,
    }
    mine["body_id"] = mine["body_id"].fillna("")
    longest_open = mine[~mine["is_resolved"]].sort_values(
        ["months", "raised", "project_id", "dimension"], ascending=[False, True, True, True], kind="stable"
    )
    open_by_month = [
        int(((mine["raised"] <= m) & (mine["resolved"].isna() | (mine["resolved"] > m))).sum()) for m in year.months
    ]
    new_by_month = [int((mine["raised"] == m).sum()) for m in year.months]
    return ExceptionRecord(
        episodes=mine.reset_index(drop=True),
        totals=totals,
        by_dimension=_grouped(mine, "dimension", list(dimensions)),
        by_body=_grouped(mine, "body_id"),
        longest_open=longest_open.head(longest).reset_index(drop=True),
        open_by_month=open_by_month,
        new_by_month=new_by_month,
    )
