"""Project performance for the monthly review: earned value, schedule slip, RAG per dimension, trend.

Pure pandas/numpy on whole columns (one row per project); never a loop over projects.
Undefined values (PV = 0, AC = 0, a missing date...) are NaN, never infinity: the documents print them
as "n. d." / "n/a".

Definitions
- EVM (PMI): SV = EV - PV, CV = EV - AC, SPI = EV/PV, CPI = EV/AC; EAC three ways: BAC/CPI (typical),
  AC + (BAC - EV) (atypical), AC + (BAC - EV)/(CPI x SPI) (composite); the one `eac_method` names is "the"
  EAC. ETC = EAC - AC, VAC = BAC - EAC, TCPI to BAC = (BAC - EV)/(BAC - AC), to EAC = (BAC - EV)/(EAC - AC);
  a TCPI whose remaining funds are zero or negative is undefined (finishing within them is impossible).
- Planned duration = baseline end - project start. The start is the file's `start_date` when it has one,
  else a start given by an earlier period's file, else the first status date seen for the project
  (so a project that joined the review mid-flight gets a shorter duration and a larger slip share).
- Deviation per dimension (governance model contract): schedule = max(1 - SPI, end slip / duration);
  cost = max(1 - CPI, (EAC - BAC)/BAC); scope = the file's `scope_change` share, else the change of BAC
  since the project's first review (re-baselining); risk = risk exposure / BAC; benefits = 1 - realised /
  planned, benefits planned *to date*. A deviation >= amber is amber, >= red is red; no data is "not
  assessed". Overall = the worst dimension.
- Severity = the largest deviation / red threshold (1.0 = at red; 0 when on or ahead of plan): ranks
  projects and refines the trend.
- Trend against the project's previous stored period: a worse overall RAG is worsening, a better one
  improving; with the same RAG a severity change of more than 0.10 decides; no previous period is "new".
- Streak = consecutive months (ending now) with the same overall RAG; a missed month breaks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from governance.core.periods import period_bounds, previous_period
from governance.engagement.review_settings import ReviewSettings
from governance.review.findings import data_quality, exceptions, flags, missing_projects
from governance.review.policy import DIMENSIONS, ReviewPolicy
from governance.review.rag import (
    AMBER,
    DATA_QUALITY_FLAGS,
    DECIMALS,
    GREEN,
    PREVIOUS_COLUMNS,
    RAG_CODES,
    RAG_LABELS,
    RED,
    TRENDS,
    rag_codes,
    rag_labels,
    ratio,
    worst,
)

# The shared vocabulary is re-exported: callers read a period's figures from one module.
__all__ = [
    "AMBER",
    "DATA_QUALITY_FLAGS",
    "GREEN",
    "PREVIOUS_COLUMNS",
    "RAG_CODES",
    "RAG_LABELS",
    "RED",
    "TRENDS",
    "PeriodReview",
    "compute_period",
    "deviations",
    "evm",
    "latest_before",
    "rag_codes",
    "rag_labels",
    "ratio",
    "resolve_tiers",
    "schedule",
    "worst",
]
TREND_THRESHOLD = 0.10


def _positive(values: np.ndarray) -> np.ndarray:
    return np.where(values > 0, values, np.nan)


def evm(frame: pd.DataFrame, eac_method: str = "cpi") -> pd.DataFrame:
    """Earned-value figures per row of a frame with bac, pv, ev, ac."""
    bac, pv, ev, ac = (frame[c].to_numpy(dtype=float) for c in ("bac", "pv", "ev", "ac"))
    spi = ratio(ev, pv)
    cpi = ratio(ev, ac)
    eac_cpi = ratio(bac, cpi)
    eac_atypical = ac + (bac - ev)
    eac_composite = ac + ratio(bac - ev, cpi * spi)
    eac = {"cpi": eac_cpi, "atypical": eac_atypical, "composite": eac_composite}[eac_method]
    etc = eac - ac
    return pd.DataFrame(
        {
            "sv": ev - pv,
            "cv": ev - ac,
            "spi": spi,
            "cpi": cpi,
            "eac": eac,
            "eac_cpi": eac_cpi,
            "eac_atypical": eac_atypical,
            "eac_composite": eac_composite,
            "etc": etc,
            "vac": bac - eac,
            "tcpi_bac": ratio(bac - ev, _positive(bac - ac)),
            "tcpi_eac": ratio(bac - ev, _positive(etc)),
        },
        index=frame.index,
    )


def _days(later: pd.Series, earlier: pd.Series) -> np.ndarray:
    return ((later - earlier).dt.total_seconds() / 86400.0).to_numpy(dtype=float)


def schedule(frame: pd.DataFrame, start: pd.Series) -> pd.DataFrame:
    """End-date and next-milestone slip in days and as a share of the planned duration."""
    duration = _days(frame["baseline_end"], start)
    duration = np.where(duration > 0, duration, np.nan)
    end_slip = _days(frame["forecast_end"], frame["baseline_end"])
    milestone_slip = _days(frame["milestone_forecast"], frame["milestone_baseline"])
    return pd.DataFrame(
        {
            "duration_days": duration,
            "end_slip_days": end_slip,
            "end_slip_share": ratio(end_slip, duration),
            "milestone_slip_days": milestone_slip,
            "milestone_slip_share": ratio(milestone_slip, duration),
        },
        index=frame.index,
    )


def deviations(frame: pd.DataFrame, figures: pd.DataFrame, slips: pd.DataFrame, bac_first: pd.Series) -> pd.DataFrame:
    """Deviation per dimension as a fraction (see the module docstring); NaN where there is no data."""
    bac = frame["bac"].to_numpy(dtype=float)
    scope_from_bac = np.abs(ratio(bac - bac_first.to_numpy(dtype=float), bac_first))
    scope_change = frame["scope_change"].to_numpy(dtype=float)
    planned = frame["benefits_planned"].to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "dev_schedule": np.fmax(1 - figures["spi"].to_numpy(), slips["end_slip_share"].to_numpy()),
            "dev_cost": np.fmax(1 - figures["cpi"].to_numpy(), ratio(figures["eac"].to_numpy() - bac, bac)),
            "dev_scope": np.where(np.isnan(scope_change), scope_from_bac, scope_change),
            "dev_risk": ratio(frame["risk_exposure"], bac),
            "dev_benefits": 1 - ratio(frame["benefits_realised"], _positive(planned)),
        },
        index=frame.index,
    )


def resolve_tiers(frame: pd.DataFrame, policy: ReviewPolicy) -> tuple[pd.Series, pd.Series]:
    """Tier id per project: the file's tier when the policy knows it (by id or name), else by BAC band.

    Returns (tier ids, mask of rows whose given tier is unknown).
    """
    lookup = {}
    for tier in policy.tiers:
        lookup[tier.id.casefold()] = tier.id
        for name in tier.name.values():
            # "Niveau 1 — stratégique" is also known by its short form "Niveau 1".
            for form in (name, re.split(r"\s+[—–-]\s+", name)[0]):
                lookup.setdefault(" ".join(form.split()).casefold(), tier.id)
    given = frame["tier"].str.split().str.join(" ").str.casefold().map(lookup)
    bac = frame["bac"].to_numpy(dtype=float)
    conditions = [
        (bac >= t.budget_min) & (bac < (t.budget_max if t.budget_max is not None else np.inf)) for t in policy.tiers
    ]
    by_budget = np.select(conditions, [t.id for t in policy.tiers], default=policy.tiers[-1].id)
    tier_id = given.where(given.notna(), pd.Series(by_budget, index=frame.index)).astype(object)
    unknown = (frame["tier"] != "") & given.isna()
    return tier_id, unknown


def _tier_values(tier_id: pd.Series, values: dict[str, object]) -> np.ndarray:
    return tier_id.map(values).to_numpy()


def _previous_for(current: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """The previous snapshot row of each current project (all NaN where there is none), aligned."""
    columns = [c for c in PREVIOUS_COLUMNS if c != "project_id"]
    if previous is None or previous.empty:
        empty = pd.DataFrame(index=current.index, columns=columns, dtype=object)
        for c in ("severity", "streak", "ac", "ev", "bac_first", "percent_complete", "source_row"):
            empty[c] = np.nan
        for c in (
            "status_date",
            "first_status_date",
            "start_date",
            "milestone_baseline",
            "forecast_end",
            "baseline_end",
        ):
            empty[c] = pd.Series(pd.NaT, index=current.index, dtype="datetime64[ns]")
        empty["rag_overall"] = np.nan
        return empty
    prior = previous.set_index("project_id")
    aligned = prior.reindex(index=current["project_id"].to_numpy(), columns=columns)
    aligned.index = current.index
    return aligned


@dataclass
class PeriodReview:
    """One period's computed review: a snapshot row per project, plus what it raises."""

    period: str
    snapshots: pd.DataFrame  # one row per reported project (codes as floats, see rag_labels)
    missing: pd.DataFrame  # projects of last period that did not report, with their last snapshot
    data_quality: pd.DataFrame  # project_id, project_name, flag, value, reference, source_row
    exceptions: pd.DataFrame  # one row per red dimension breach


def compute_period(
    current: pd.DataFrame,
    previous: pd.DataFrame | None,
    policy: ReviewPolicy,
    period: str,
    settings: ReviewSettings | None = None,
    overdue_actions: pd.DataFrame | None = None,
) -> PeriodReview:
    """Everything the review computes for one period from the validated status rows and the previous
    snapshot of each project (latest stored period before this one; columns PREVIOUS_COLUMNS, rag_overall
    as a code). `overdue_actions` (project_id, dimension): actions decided by a body and overdue now; a
    dimension still red with one escalates its project one body higher."""
    settings = settings or ReviewSettings()
    frame = current.reset_index(drop=True)
    prev = _previous_for(frame, previous)
    has_prev = prev["period"].notna().to_numpy()
    consecutive = (prev["period"] == previous_period(period)).to_numpy()

    status_date = frame["status_date"]
    prev_first = pd.to_datetime(prev["first_status_date"])
    first_status = status_date.mask(prev_first < status_date, prev_first)
    prev_file_start = pd.to_datetime(prev["start_date"]).where(prev["start_basis"] == "file")
    start = frame["start_date"].where(frame["start_date"].notna(), prev_file_start)
    start_basis = np.where(
        frame["start_date"].notna(), "file", np.where(prev_file_start.notna(), "file", "first_status")
    )
    start = start.where(start.notna(), first_status)
    bac_first = pd.Series(
        np.where(has_prev & prev["bac_first"].notna().to_numpy(), prev["bac_first"].to_numpy(dtype=float), np.nan),
        index=frame.index,
    )

    figures = evm(frame, settings.eac_method)
    slips = schedule(frame, start)
    devs = deviations(frame, figures, slips, bac_first)

    tier_id, unknown_tier = resolve_tiers(frame, policy)
    codes = np.empty((len(frame), len(DIMENSIONS)))
    severity_parts = np.empty_like(codes)
    out = pd.DataFrame(index=frame.index)
    for i, dimension in enumerate(DIMENSIONS):  # five dimensions, each over all projects at once
        amber = _tier_values(tier_id, {t.id: t.tolerances[dimension].amber for t in policy.tiers}).astype(float)
        red = _tier_values(tier_id, {t.id: t.tolerances[dimension].red for t in policy.tiers}).astype(float)
        deviation = devs[f"dev_{dimension}"].to_numpy()
        codes[:, i] = rag_codes(deviation, amber, red)
        severity_parts[:, i] = ratio(deviation, red)
        out[f"amber_{dimension}"] = amber
        out[f"red_{dimension}"] = red
        out[f"rag_{dimension}"] = codes[:, i]
    overall = worst(codes)
    with np.errstate(invalid="ignore"):
        # Ahead of plan is not "less severe than on plan": severity starts at 0.
        severity = np.clip(np.fmax.reduce(severity_parts, axis=1), 0, None)

    prev_code = prev["rag_overall"].to_numpy(dtype=float)
    prev_severity = prev["severity"].to_numpy(dtype=float)
    change = severity - prev_severity
    trend = np.select(
        [~has_prev, overall > prev_code, overall < prev_code, change > TREND_THRESHOLD, change < -TREND_THRESHOLD],
        ["new", "worsening", "improving", "worsening", "improving"],
        default="stable",
    )
    same = consecutive & (overall == prev_code)
    streak = np.where(np.isnan(overall), 0, np.where(same, prev["streak"].to_numpy(dtype=float) + 1, 1))
    streak = np.nan_to_num(streak, nan=1).astype(int)
    red_streak = np.where(overall == RED, streak, 0)

    body = _tier_values(tier_id, {t.id: t.escalation_body for t in policy.tiers})
    escalated = red_streak >= settings.red_streak_escalation
    higher = pd.Series(body).map({b: policy.escalate(b) for b in set(body)}).to_numpy()
    escalation_body = np.where(escalated, higher, body)
    target = _overdue_targets(frame["project_id"], codes, overdue_actions, policy)
    action_overdue = pd.notna(target)
    if action_overdue.any():
        escalation_body = np.array(
            [
                _higher(policy, body, up) if hit else body
                for body, up, hit in zip(escalation_body, target, action_overdue)
            ],
            dtype=object,
        )
        escalated = escalated | action_overdue

    period_first, period_last = (pd.Timestamp(d) for d in period_bounds(period))
    stale_before = period_last - pd.Timedelta(days=settings.stale_after_days)
    stale = (status_date < stale_before).to_numpy()
    # Received after its due date (a file merged from returned forms says both; a client's file neither).
    late = (frame["received_on"] > frame["due_on"]).to_numpy()
    ac, ev, bac = (frame[c].to_numpy(dtype=float) for c in ("ac", "ev", "bac"))
    ac_without_ev = consecutive & (ac > prev["ac"].to_numpy(dtype=float)) & (ev <= prev["ev"].to_numpy(dtype=float))
    earned_share = ratio(ev, bac)
    pc = frame["percent_complete"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        percent_gap = np.abs(pc - earned_share)
    tolerance = settings.percent_complete_tolerance / 100
    percent_inconsistent = np.round(np.nan_to_num(percent_gap, nan=0.0), DECIMALS) > tolerance
    rag_self_unknown = ((frame["rag_self"] != "") & frame["rag_self_code"].isna()).to_numpy()

    prev_milestone = prev["next_milestone"].fillna("").astype(str).str.strip().str.casefold()
    prev_baseline = pd.to_datetime(prev["milestone_baseline"])
    milestone_due = (
        consecutive
        & (prev_milestone != "").to_numpy()
        & ((prev_baseline >= period_first) & (prev_baseline <= period_last)).to_numpy()
    )
    milestone_hit = milestone_due & (frame["next_milestone"].str.casefold() != prev_milestone).to_numpy()

    self_code = frame["rag_self_code"].to_numpy(dtype=float)
    rag_disagrees = ~np.isnan(self_code) & ~np.isnan(overall) & (self_code != overall)

    snapshots = pd.concat(
        [
            frame.drop(columns=["rag_self_code"]).assign(
                period=period,
                tier_id=tier_id,
                start_date=start,
                start_basis=start_basis,
                first_status_date=first_status,
                bac_first=bac_first.where(bac_first.notna(), frame["bac"]),
                rag_self=rag_labels(self_code),
                rag_self_text=frame["rag_self"],
            ),
            figures,
            slips,
            devs,
            out,
        ],
        axis=1,
    )
    snapshots = snapshots.assign(
        rag_overall=overall,
        severity=severity,
        trend=trend,
        streak=streak,
        red_streak=red_streak,
        rag_disagrees=rag_disagrees,
        escalation_body=escalation_body,
        escalated=escalated,
        action_overdue=action_overdue,
        on_time=~stale & ~late,
        stale=stale,
        late=late,
        ac_without_ev=ac_without_ev,
        percent_inconsistent=percent_inconsistent,
        unknown_tier=unknown_tier.to_numpy(),
        rag_self_unknown=rag_self_unknown,
        milestone_due=milestone_due,
        milestone_hit=milestone_hit,
        previous_period=prev["period"].to_numpy(),
        previous_rag=prev_code,
    )
    snapshots["flags"] = flags(snapshots)

    missing = missing_projects(frame, previous, period, period_first)
    return PeriodReview(
        period, snapshots, missing, data_quality(snapshots, missing, prev, period_last), exceptions(snapshots, codes)
    )


def _overdue_targets(
    project_ids: pd.Series, codes: np.ndarray, overdue: pd.DataFrame | None, policy: ReviewPolicy
) -> np.ndarray:
    """For each project, the body one above the one that decided an action now overdue on a dimension still red
    (the highest of them when there are several); None elsewhere."""
    target = np.full(len(project_ids), None, dtype=object)
    if overdue is None or overdue.empty:
        return target
    position = {p: i for i, p in enumerate(project_ids)}
    for project_id, dimension, body_id in overdue[["project_id", "dimension", "body_id"]].itertuples(index=False):
        i = position.get(project_id)
        if i is None or dimension not in DIMENSIONS or codes[i, DIMENSIONS.index(dimension)] != RED:
            continue
        up = policy.escalate(body_id)
        target[i] = up if target[i] is None else _higher(policy, target[i], up)
    return target


def _higher(policy: ReviewPolicy, body: str | None, other: str | None) -> str | None:
    """The higher of two bodies in the escalation path (fewer steps to the top)."""
    if not body:
        return other
    if not other:
        return body
    return other if policy.steps_to_top(other) < policy.steps_to_top(body) else body


def latest_before(history: pd.DataFrame, period: str) -> pd.DataFrame:
    """The latest snapshot of each project among `history` rows strictly before `period`."""
    if history is None or history.empty:
        return pd.DataFrame(columns=list(PREVIOUS_COLUMNS))
    earlier = history[history["period"] < period]
    return earlier.sort_values("period").drop_duplicates("project_id", keep="last").reset_index(drop=True)
