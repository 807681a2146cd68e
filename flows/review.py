"""Flow `monthly_governance_review`: status files in, EVM/RAG/trends computed and stored, review pack out.

History: the period's earlier files under data/status/ that are not stored yet are computed and stored
first, oldest first, in the same run (so trends show on the first run); `all_periods` recomputes every
earlier file (after a correction, to refresh the streaks of later months). Each period is computed for
all projects at once; the periods go into the store in one transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from prefect import flow
from prefect.artifacts import create_markdown_artifact

from flows.common import input_errors_fail, step
from governance.core.docx.documents import branding_for, render_docx
from governance.engagement.config import Engagement, load_engagement
from governance.review.metrics import PREVIOUS_COLUMNS, PeriodReview, compute_period, latest_before
from governance.core.periods import check_period, default_period, period_bounds, shift_period
from governance.core.problems import InputError, Problem
from governance.review.kpis import markdown_summary, portfolio_kpis
from governance.lessons.store import lessons_for_period
from governance.review.pack import PackSources, data_quality_rows, pack_context, pack_images
from governance.review.policy import ReviewPolicy, load_policy
from governance.review.store import (count_rows, kpi_history, latest_snapshots, maturity_progress, replace_period,
                                     stored_periods)
from governance.review.workbook import write_review_workbook
from governance.review.status_input import StatusFile, discover_status_files, load_status_file, status_dir
from governance.core.store import open_store, session_scope, transaction
from governance.core.docx.template_source import template_path

LOOKBACK_MONTHS = 12  # a project silent for longer starts afresh (new trend, new streak)


@dataclass
class ReviewInputs:
    engagement: Engagement
    policy: ReviewPolicy
    period: str
    files: list[StatusFile]  # oldest first; the last one is the period reviewed
    later_stored: list[str]  # stored periods after the one reviewed (their streaks may now be stale)


@dataclass
class ComputedPeriod:
    file: StatusFile
    review: PeriodReview
    kpis: dict


def _status_files(engagement: Engagement, period: str, input_path: str | None) -> dict[str, Path]:
    folder = status_dir(engagement)
    found = discover_status_files(folder, engagement.display)
    if input_path:
        path = Path(input_path)
        if not path.is_file():
            raise InputError([Problem(input_path, "status file not found; expected a .csv or .xlsx file")])
        found[period] = path
    elif period not in found:
        raise InputError([Problem(engagement.display(folder / f"{period}.csv"),
                                  f"no status file for {period}; expected {engagement.display(folder)}/{period}.csv "
                                  "or .xlsx, one row per project (or give one with --input PATH)")])
    return found


@step
def load_review_inputs(engagement_dir: str, period: str | None, input_path: str | None,
                       all_periods: bool) -> ReviewInputs:
    """Read and validate the period's file and the earlier ones to store first (all problems together)."""
    engagement = load_engagement(engagement_dir)
    settings = engagement.config.review
    period = check_period(period) if period else default_period(engagement.config.timezone)
    policy = load_policy(engagement)
    found = _status_files(engagement, period, input_path)
    with session_scope(engagement.database_url()) as session:
        stored = stored_periods(session=session, engagement=engagement.slug)
    earlier = [p for p in found if p < period and (all_periods or p not in stored)]
    files, problems = [], []
    for p in [*earlier, period]:
        path = found[p]
        try:
            files.append(load_status_file(path, engagement.display(path), p, settings))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return ReviewInputs(engagement, policy, period, files, [p for p in stored if p > period])


@step
def compute_reviews(inputs: ReviewInputs) -> list[ComputedPeriod]:
    """Each period in order, every project at once, against each project's latest earlier snapshot."""
    engagement = inputs.engagement
    settings = engagement.config.review
    periods = [f.period for f in inputs.files]
    computed: list[ComputedPeriod] = []
    fresh: list[pd.DataFrame] = []  # snapshots computed in this run, not stored yet
    engine = open_store(engagement.database_url())
    try:
        for status in inputs.files:
            since = shift_period(status.period, -LOOKBACK_MONTHS)
            with transaction(engine) as session:
                stored = latest_snapshots(session=session, engagement=engagement.slug, since=since,
                                          before=status.period, exclude=periods)
                maturity = maturity_progress(session=session, engagement=engagement.slug,
                                             until=period_bounds(status.period)[1])
            candidates = [f for f in (stored, *fresh[-LOOKBACK_MONTHS:]) if not f.empty]
            history = pd.concat(candidates, ignore_index=True) if len(candidates) > 1 else \
                (candidates[0] if candidates else stored)
            previous = latest_before(history[history["period"] >= since], status.period)
            review = compute_period(status.frame, previous, inputs.policy, status.period, settings)
            computed.append(ComputedPeriod(status, review, portfolio_kpis(review, maturity)))
            fresh.append(review.snapshots[list(PREVIOUS_COLUMNS)])
    finally:
        engine.dispose()
    return computed


@step(retries=2, retry_delay_seconds=2)
def store_reviews(inputs: ReviewInputs, computed: list[ComputedPeriod]) -> tuple[dict, pd.DataFrame]:
    """Replace every computed period in one transaction; return row counts and the KPI history."""
    engagement = inputs.engagement
    engine = open_store(engagement.database_url())
    try:
        with transaction(engine) as session:
            for c in computed:
                replace_period(session=session, engagement=engagement.slug, review=c.review, kpis=c.kpis,
                               policy_source=inputs.policy.source, source_file=c.file.label,
                               source_sha256=c.file.sha256)
        with transaction(engine) as session:
            snapshots, periods = count_rows(session=session, engagement=engagement.slug, period=inputs.period)
            history = kpi_history(session=session, engagement=engagement.slug, until=inputs.period)
            all_periods = stored_periods(session=session, engagement=engagement.slug)
    finally:
        engine.dispose()
    return {"snapshots": snapshots, "periods": periods, "stored_periods": all_periods}, history


def output_names(language: str, period: str) -> tuple[str, str]:
    stem = "revue-gouvernance" if language == "fr" else "governance-review"
    return f"{stem}-{period}.docx", f"{stem}-{period}.xlsx"


@step
def render_review(inputs: ReviewInputs, current: ComputedPeriod, history: pd.DataFrame, stored: list[str]) -> dict:
    """The Word pack and the XLSX workbook under out/reviews/<period>/."""
    engagement = inputs.engagement
    config = engagement.config
    language = config.language
    sources = PackSources(current.file.label, current.file.sha256, stored)
    with session_scope(engagement.database_url()) as session:
        lessons = lessons_for_period(session, inputs.period, engagement.slug)
    context = pack_context(config=config, policy=inputs.policy, settings=config.review, review=current.review,
                           kpis=current.kpis, history=history, sources=sources, lessons=lessons)
    images = pack_images(config=config, review=current.review, history=history)
    template, label = template_path("review_pack", language, engagement.templates_dir)
    folder = engagement.out_dir / "reviews" / inputs.period
    pack_name, workbook_name = output_names(language, inputs.period)
    rendered = render_docx(template, context, folder / pack_name, language=language,
                           branding=branding_for(engagement), images=images, template_label=label)
    title = (f"Revue de gouvernance {inputs.period} — {config.client.name}" if language == "fr"
             else f"Governance review {inputs.period} — {config.client.name}")
    workbook = write_review_workbook(folder / workbook_name, review=current.review, kpis=current.kpis,
                                     history=history, policy=inputs.policy, settings=config.review,
                                     language=language, source_file=current.file.label, kpi_rows=context["kpis"],
                                     header_fill=config.branding.primary_colour.lstrip("#"), title=title,
                                     author=config.consultant)
    return {"pack": str(rendered.path), "workbook": str(workbook), "warnings": rendered.warnings,
            "project_pages": len(context["projects"]), "attention": context["attention_total"]}


def _result(inputs: ReviewInputs, current: ComputedPeriod, counts: dict, outputs: dict) -> dict:
    review, engagement, policy = current.review, inputs.engagement, inputs.policy
    exceptions = review.exceptions
    dq = data_quality_rows(review, current.file.label, "en")
    warnings = [f"{r['file']}" + (f": row {r['row']}" if pd.notna(r["row"]) else "") + f": {r['project_id']}: "
                f"{r['message']}" for r in dq.to_dict("records")]
    if inputs.later_stored:
        warnings.append(f"later periods are stored ({', '.join(inputs.later_stored)}): if {inputs.period}'s figures "
                        f"changed, rerun the latest with --all to refresh their trends and streaks")
    return {
        "engagement": str(engagement.root),
        "period": inputs.period,
        "policy": policy.source,
        "computed_periods": [f.period for f in inputs.files],
        "stored_periods": counts["stored_periods"],
        "stored_snapshots": counts["snapshots"],
        "kpis": current.kpis,
        "exceptions": [{
            "project_id": r["project_id"], "project_name": r["project_name"], "dimension": r["dimension"],
            "deviation": None if pd.isna(r["deviation"]) else round(float(r["deviation"]), 4),
            "red_threshold": float(r["red"]), "red_streak": int(r["red_streak"]),
            "escalated": bool(r["escalated"]), "body_id": r["escalation_body"],
            "body": policy.body_label(r["escalation_body"], "en"),
        } for r in exceptions.to_dict("records")],
        "data_quality": [{"project_id": r["project_id"], "flag": r["flag"], "message": r["message"],
                          "file": r["file"], "row": None if pd.isna(r["row"]) else int(r["row"])}
                         for r in dq.to_dict("records")],
        "ignored_columns": current.file.ignored_columns,
        **outputs,
        "warnings": warnings + outputs["warnings"],
    }


@flow(name="monthly_governance_review", log_prints=False)
@input_errors_fail
def monthly_governance_review(engagement_dir: str, period: str | None = None, input_path: str | None = None,
                              all_periods: bool = False) -> dict:
    """Review every project's monthly status against the governance tolerances and write the review pack."""
    inputs = load_review_inputs(engagement_dir, period, input_path, all_periods)
    computed = compute_reviews(inputs)
    counts, history = store_reviews(inputs, computed)
    current = computed[-1]
    outputs = render_review(inputs, current, history, counts["stored_periods"])
    language = inputs.engagement.language
    create_markdown_artifact(
        markdown=markdown_summary(current.kpis, current.review.exceptions, inputs.policy, language),
        key=f"governance-review-{inputs.period}",
        description=f"{inputs.engagement.config.client.name}: governance review {inputs.period}",
    )
    return _result(inputs, current, counts, outputs)
