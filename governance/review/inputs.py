"""What one review run reads: the period, the policy, the status files to compute (found, read, validated), and
the measures the PMO records itself (data/pmo_measures.csv).

History: the period's earlier files under data/status/ that are not stored yet are computed and stored
first, oldest first, in the same run (so trends show on the first run); `all_periods` recomputes every
earlier file (after a correction, to refresh the streaks of later months).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlmodel import Session

from governance.core.periods import check_period, default_period
from governance.core.problems import InputError, Problem, Problems
from governance.engagement.config import Engagement
from governance.review.policy import ReviewPolicy, load_policy
from governance.review.recorded import read_recorded
from governance.review.status_input import StatusFile, check_status_file, discover_status_files, status_dir
from governance.review.store import stored_periods


@dataclass
class FoundInputs:
    """The run's period and policy, and every status file of the folder by period (no store read yet)."""

    engagement: Engagement
    policy: ReviewPolicy
    period: str
    found: dict[str, Path]


@dataclass
class ReviewInputs:
    engagement: Engagement
    policy: ReviewPolicy
    period: str
    files: list[StatusFile]  # oldest first; the last one is the period reviewed
    later_stored: list[str]  # stored periods after the one reviewed (their streaks may now be stale)
    recorded: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["period", "measure", "value"]))
    recorded_source: str | None = None  # data/pmo_measures.csv when the engagement has one


def find_status_files(engagement: Engagement, period: str, input_path: str | None) -> dict[str, Path]:
    """The folder's status files by period, with `input_path` (when given) standing for `period`'s."""
    folder = status_dir(engagement)
    found = discover_status_files(folder, engagement.display)
    if input_path:
        path = Path(input_path)
        if not path.is_file():
            raise InputError(
                [Problem(input_path, "status file not found; expected a .csv or .xlsx file", code="file-not-found")]
            )
        found[period] = path
    elif period not in found:
        raise InputError(
            [
                Problem(
                    engagement.display(folder / f"{period}.csv"),
                    f"no status file for {period}; expected {engagement.display(folder)}/{period}.csv "
                    "or .xlsx, one row per project (or give one with --input PATH)",
                    code="missing-status-file",
                )
            ]
        )
    return found


def find_inputs(engagement: Engagement, period: str | None, input_path: str | None) -> FoundInputs:
    """The period (default: last month in the engagement's time zone), the policy and the files found."""
    period = check_period(period) if period else default_period(engagement.config.timezone)
    policy = load_policy(engagement)
    return FoundInputs(engagement, policy, period, find_status_files(engagement, period, input_path))


def load_inputs(found: FoundInputs, all_periods: bool, *, session: Session) -> ReviewInputs:
    """Read and validate the period's file and the earlier ones to store first (all problems together)."""
    engagement, period = found.engagement, found.period
    stored = stored_periods(session=session, engagement=engagement.id)
    earlier = [p for p in found.found if p < period and (all_periods or p not in stored)]

    # Every file is checked before the run is refused; problems are kept uncapped until the one InputError.
    files, problems = [], Problems()
    for p in [*earlier, period]:
        path = found.found[p]
        status, found_problems = check_status_file(path, engagement.display(path), p, engagement.config.review)
        problems.extend(found_problems)
        if status is not None:
            files.append(status)
    recorded, recorded_source = pd.DataFrame(columns=["period", "measure", "value"]), None
    try:
        recorded, recorded_source = read_recorded(engagement)
    except InputError as refused:
        problems.extend(refused.problems)
    problems.raise_if_errors()
    later = [p for p in stored if p > period]
    return ReviewInputs(engagement, found.policy, period, files, later, recorded, recorded_source)
