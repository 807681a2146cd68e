"""One review run after its inputs are read: history, computation, storage, rendering and the result printed.

Each period is computed for all projects at once, oldest first, against each project's latest earlier
snapshot (stored, or computed earlier in this run); the periods go into the store in one transaction, which
stays open while the pack and the workbook are rendered into a staging folder: a refused template rolls the
store back, and the two files are published together, after the commit (governance.core.publish).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from sqlmodel import Session

from governance.assessment import dimension_medians, maturity_progress
from governance.core.docx import branding_for, prepare_template, render_docx
from governance.core.docx.template_source import template_path
from governance.core.periods import period_bounds, shift_period
from governance.core.pptx import SlideSpec
from governance.core.problems import Problem
from governance.core.publish import Staging
from governance.core.xlsx.forms import form_brand_for
from governance.decisions import actions_frame, overdue_exceptions
from governance.engagement.config import Engagement
from governance.lessons import lessons_for_period
from governance.review.deck import check_review_deck, deck_name, render_review_deck
from governance.review.inputs import ReviewInputs
from governance.review.kpis import markdown_summary, portfolio_kpis
from governance.review.metrics import PREVIOUS_COLUMNS, PeriodReview, compute_period, latest_before
from governance.review.objectives import objective_standing, with_dimension_maturity
from governance.review.pack import PackSources, data_quality_rows, pack_context, pack_images
from governance.review.project_results import project_results
from governance.review.recorded import with_recorded
from governance.review.registers import action_rows, next_meetings, register_contents, write_registers
from governance.review.status_input import StatusFile
from governance.review.store import (
    count_rows,
    kpi_history,
    latest_snapshots,
    recorded_frame,
    replace_period,
    replace_recorded,
    stored_periods,
)
from governance.review.wording import vocabulary
from governance.review.workbook import write_review_workbook
from governance.structure import resolve_governance

LOOKBACK_MONTHS = 12  # a project silent for longer starts afresh (new trend, new streak)


@dataclass
class StoredHistory:
    """What the store holds before a period: each project's latest snapshot, and the maturity assessments."""

    snapshots: pd.DataFrame
    maturity: dict | None
    actions: pd.DataFrame  # every action the bodies decided (governance.decisions), with its follow-up


@dataclass
class ComputedPeriod:
    file: StatusFile
    review: PeriodReview
    kpis: dict


@dataclass
class StoredReview:
    """After storing: row counts, every stored period and the KPI history the pack charts."""

    snapshots: int
    periods: int
    stored_periods: list[str]
    history: pd.DataFrame


def read_history(inputs: ReviewInputs, *, session: Session) -> list[StoredHistory]:
    """For each period to compute, the stored snapshots it builds on (periods recomputed now left out)."""
    engagement_id = inputs.engagement.id
    periods = [f.period for f in inputs.files]
    actions = actions_frame(session=session, engagement=engagement_id)
    return [
        StoredHistory(
            latest_snapshots(
                session=session,
                engagement=engagement_id,
                since=shift_period(p, -LOOKBACK_MONTHS),
                before=p,
                exclude=periods,
            ),
            maturity_progress(session=session, engagement=engagement_id, until=period_bounds(p)[1]),
            actions,
        )
        for p in periods
    ]


def compute_periods(inputs: ReviewInputs, stored: list[StoredHistory]) -> list[ComputedPeriod]:
    """Each period in order, every project at once, against each project's latest earlier snapshot."""
    settings = inputs.engagement.config.review
    computed: list[ComputedPeriod] = []
    fresh: list[pd.DataFrame] = []  # snapshots computed in this run, not stored yet
    for status, history in zip(inputs.files, stored, strict=True):
        since = shift_period(status.period, -LOOKBACK_MONTHS)
        candidates = [f for f in (history.snapshots, *fresh[-LOOKBACK_MONTHS:]) if not f.empty]
        frame = (
            pd.concat(candidates, ignore_index=True)
            if len(candidates) > 1
            else (candidates[0] if candidates else history.snapshots)
        )
        previous = latest_before(frame[frame["period"] >= since], status.period)
        overdue = overdue_exceptions(history.actions, status.period)
        review = compute_period(status.frame, previous, inputs.policy, status.period, settings, overdue)
        computed.append(ComputedPeriod(status, review, portfolio_kpis(review, history.maturity)))
        fresh.append(review.snapshots[list(PREVIOUS_COLUMNS)])
    return computed


def store_periods(inputs: ReviewInputs, computed: list[ComputedPeriod], *, session: Session) -> StoredReview:
    """Replace every computed period; read back the counts and the KPI history (the caller commits)."""
    engagement_id = inputs.engagement.id
    for c in computed:
        replace_period(
            session=session,
            engagement=engagement_id,
            review=c.review,
            kpis=c.kpis,
            policy_source=inputs.policy.source,
            source_file=c.file.label,
            source_sha256=c.file.sha256,
        )
    # The file is the record: without it, nothing stays recorded.
    replace_recorded(
        session=session, engagement=engagement_id, recorded=inputs.recorded, source_file=inputs.recorded_source or ""
    )
    session.flush()
    snapshots, periods = count_rows(session=session, engagement=engagement_id, period=inputs.period)
    return StoredReview(
        snapshots,
        periods,
        stored_periods(session=session, engagement=engagement_id),
        objective_history(session=session, engagement=engagement_id, until=inputs.period),
    )


def objective_history(*, session: Session, engagement: str, until: str, months: int = 12) -> pd.DataFrame:
    """The stored KPIs of the months up to `until`, with what objectives are also measured by: each dimension's
    maturity at the time and the measures the PMO recorded (governance.review.objectives, .recorded)."""
    return with_recorded(
        with_dimension_maturity(
            kpi_history(session=session, engagement=engagement, until=until, months=months),
            dimension_medians(session=session, engagement=engagement),
        ),
        recorded_frame(session=session, engagement=engagement),
    )


def output_names(language: str, period: str) -> tuple[str, str]:
    stem = vocabulary(language)["output"]["stem"]
    return f"{stem}-{period}.docx", f"{stem}-{period}.xlsx"


def check_template(engagement: Engagement) -> None:
    """Parse and lint the pack's template and check the deck's (overrides or defaults) before anything is stored
    or written: a broken or unsafe one is refused here. The render reuses the parsed pack template."""
    template, label = template_path("review_pack", engagement.language, engagement.templates_dir)
    prepare_template(template, language=engagement.language, branding=branding_for(engagement), template_label=label)
    check_review_deck(engagement.language, engagement.templates_dir)


def review_folder(period: str) -> str:
    """A period's outputs, relative to out/: published together."""
    return f"reviews/{period}"


def render_outputs(
    inputs: ReviewInputs,
    current: ComputedPeriod,
    stored: StoredReview,
    staging: Staging,
    *,
    session: Session,
    extra_slides: list[SlideSpec] = (),
) -> dict:
    """The Word pack and the XLSX workbook of out/reviews/<period>/, rendered into `staging` (lessons of the month
    read from the store, in the open transaction); the paths returned are where they are published.
    `extra_slides`: other capabilities' slides for the committee deck (given by the flow)."""
    engagement = inputs.engagement
    config = engagement.config
    language = config.language
    sources = PackSources(current.file.label, current.file.sha256, stored.stored_periods)
    lessons = lessons_for_period(session, inputs.period, engagement.id)
    actions = actions_frame(session=session, engagement=engagement.id)
    followed = action_rows(actions, inputs.period, inputs.policy, language)
    context = pack_context(
        config=config,
        policy=inputs.policy,
        settings=config.review,
        review=current.review,
        kpis=current.kpis,
        history=stored.history,
        sources=sources,
        lessons=lessons,
        actions=followed,
    )
    images = pack_images(config=config, review=current.review, history=stored.history)
    template, label = template_path("review_pack", language, engagement.templates_dir)
    folder = staging.folder(review_folder(inputs.period))
    pack_name, workbook_name = output_names(language, inputs.period)
    rendered = render_docx(
        template,
        context,
        folder / pack_name,
        language=language,
        branding=branding_for(engagement),
        images=images,
        template_label=label,
    )
    deck = render_review_deck(
        context,
        images,
        folder / deck_name(language, inputs.period),
        language=language,
        branding=branding_for(engagement),
        overrides_dir=engagement.templates_dir,
        actions=followed,
        extra=extra_slides,
    )
    title = vocabulary(language)["output"]["title"].format(period=inputs.period, client=config.client.name)
    workbook = write_review_workbook(
        folder / workbook_name,
        review=current.review,
        kpis=current.kpis,
        history=stored.history,
        policy=inputs.policy,
        settings=config.review,
        language=language,
        source_file=current.file.label,
        kpi_rows=context["kpis"],
        header_fill=config.branding.primary_colour.lstrip("#"),
        title=title,
        author=config.consultant,
    )
    model = resolve_governance(engagement).model
    registers = write_registers(
        register_contents(
            current.review, actions, inputs.policy, next_meetings(model, inputs.period, config.timezone), language
        ),
        folder,
        form_brand_for(engagement),
        datetime.now(UTC),
    )
    return {
        "pack": str(staging.final(rendered.path)),
        "workbook": str(staging.final(workbook)),
        "deck": str(staging.final(deck.path)),
        "registers": [str(staging.final(r)) for r in registers],
        "actions": {k: len(v) for k, v in followed.items()},
        "warnings": rendered.warnings + deck.warnings,
        "project_pages": len(context["projects"]),
        "attention": context["attention_total"],
    }


def summary_markdown(inputs: ReviewInputs, current: ComputedPeriod) -> dict[str, str]:
    """The Prefect UI summary: markdown, artifact key and description."""
    return {
        "markdown": markdown_summary(
            current.kpis, current.review.exceptions, inputs.policy, inputs.engagement.language
        ),
        "key": f"governance-review-{inputs.period}",
        "description": f"{inputs.engagement.config.client.name}: governance review {inputs.period}",
    }


def data_quality_warnings(dq: pd.DataFrame) -> list[Problem]:
    """The period's data-quality flags (data_quality_rows) as warnings: the run goes on and says them."""
    return [
        Problem(
            r["file"],
            r["message"],
            row=None if pd.isna(r["row"]) else int(r["row"]),
            key=r["project_id"],
            code=f"data-quality-{r['flag'].replace('_', '-')}",
            severity="warning",
        )
        for r in dq.to_dict("records")
    ]


def result_of(inputs: ReviewInputs, current: ComputedPeriod, stored: StoredReview, outputs: dict) -> dict:
    """What `pmo review` prints (and --json shows)."""
    review, engagement, policy = current.review, inputs.engagement, inputs.policy
    dq = data_quality_rows(review, current.file.label, "en")  # messages in English, like every message
    warnings = data_quality_warnings(dq)
    later = []
    if inputs.later_stored:
        later.append(
            f"later periods are stored ({', '.join(inputs.later_stored)}): if {inputs.period}'s figures "
            f"changed, rerun the latest with --all to refresh their trends and streaks"
        )
    return {
        "engagement": str(engagement.root),
        "period": inputs.period,
        "policy": policy.source,
        "computed_periods": [f.period for f in inputs.files],
        "stored_periods": stored.stored_periods,
        "stored_snapshots": stored.snapshots,
        "kpis": current.kpis,
        "exceptions": [
            {
                "project_id": r["project_id"],
                "project_name": r["project_name"],
                "dimension": r["dimension"],
                "deviation": None if pd.isna(r["deviation"]) else round(float(r["deviation"]), 4),
                "red_threshold": float(r["red"]),
                "red_streak": int(r["red_streak"]),
                "escalated": bool(r["escalated"]),
                "body_id": r["escalation_body"],
                "body": policy.body_label(r["escalation_body"], "en"),
            }
            for r in review.exceptions.to_dict("records")
        ],
        "data_quality": [
            {
                "project_id": r["project_id"],
                "flag": r["flag"],
                "message": r["message"],
                "file": r["file"],
                "row": None if pd.isna(r["row"]) else int(r["row"]),
            }
            for r in dq.to_dict("records")
        ],
        "ignored_columns": current.file.ignored_columns,
        "objectives": objective_standing(engagement.config.pmo.objectives, stored.history, inputs.period),
        "projects": project_results(review, policy, current.file.label),
        **outputs,
        "warnings": [str(w) for w in warnings] + later + outputs["warnings"],
    }
