"""Flow `status_collection`: the monthly status collection, one stage per run.

prepare (forms and messages out, sent when SMTP is configured) -> remind (reminders and escalations to the
late) -> merge (returned forms into data/status/<YYYY-MM>.csv) -> close (merge what came back, then the review).
Each stage holds the engagement's collection lock; outputs are staged and published after the store commits,
and messages are sent after that, then marked sent: a re-run never sends one twice.
"""

from __future__ import annotations

from datetime import date

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from flows.common import input_errors_fail, progress_bar, raise_problems, run_subflow, step
from governance import collection
from governance.core.faults import checkpoint
from governance.core.periods import check_day, check_period
from governance.core.problems import InputError, Problem
from governance.core.publish import publish, staged_outputs
from governance.core.store import transaction
from governance.engagement.config import Engagement, load_engagement
from governance.engagement.identity import engagement_store

STAGES = ("prepare", "remind", "merge", "close")


@step
def find_engagement(
    engagement_dir: str, stage: str, period: str | None, today: str | None, send: bool
) -> tuple[Engagement, str, date]:
    """The engagement, the day the run counts from (its time zone) and the month collected; a stage that will
    send needs its SMTP password now, before anything is written."""
    if stage not in STAGES:
        raise InputError(
            [
                Problem(
                    "",
                    f"stage {stage!r} is not known; expected one of {', '.join(STAGES)}",
                    key="stage",
                    code="unknown-stage",
                )
            ]
        )
    engagement = load_engagement(engagement_dir)
    smtp = engagement.config.collection.smtp
    if smtp is not None and send and stage in ("prepare", "remind"):
        collection.smtp_password(smtp)
    day = check_day(today, "--today") if today else collection.today_in(engagement)
    return engagement, check_period(period) if period else collection.collection_period(day), day


@step
def send_messages(engagement: Engagement, messages: list[collection.Composed]) -> tuple[list[str], list[str]]:
    """Over SMTP when pmo.yaml configures it (no Prefect retry: a retry would resend what went through)."""
    settings = engagement.config.collection
    if settings.smtp is None or not messages:
        return [], []
    return collection.send(messages, settings.smtp, settings.sender or "")


def _sent_before(engine, engagement: Engagement, period: str) -> dict[tuple[str, str], str]:
    """(kind, recipient) -> the projects of the message already sent to them this month."""
    with transaction(engine) as session:
        recorded = collection.recorded_messages(session=session, engagement=engagement.id, period=period)
        return {
            (kind, collection.person_key(name)): message.projects
            for (kind, name), message in recorded.items()
            if message.sent_at is not None
        }


def _to_send(messages: list, sent_before: dict[tuple[str, str], str], resend: bool) -> list:
    """The messages with an address never sent, or sent about other projects (a form that changed since)."""
    return [
        m
        for m in messages
        if m.letter.email
        and (
            resend
            or sent_before.get((m.letter.kind, collection.person_key(m.letter.recipient)))
            != ",".join(p["project_id"] for p in m.letter.projects)
        )
    ]


def _send_and_mark(engine, engagement: Engagement, period: str, messages: list, deliver: bool) -> tuple[list, list]:
    if not deliver:
        return [], []
    sent, failures = send_messages(engagement, messages)
    if sent:
        with transaction(engine) as session:
            collection.mark_sent(
                session=session, engagement=engagement.id, period=period, message_ids=sent, when=collection.now()
            )
    return sent, failures


@step
def prepare_stage(engagement: Engagement, period: str, deliver: bool, resend: bool, show_progress: bool) -> dict:
    with engagement_store(engagement, "collection") as engine:
        sent_before = _sent_before(engine, engagement, period)
        with staged_outputs(engagement.out_dir) as staging:
            with transaction(engine) as session, progress_bar(show_progress, None, "forms") as update:
                prepared = collection.prepare_forms(engagement, period, staging, session=session, progress=update)
                checkpoint("collect:rendered")
            checkpoint("collect:committed")
            publish(staging, "collect")
        todo = _to_send(prepared.messages, sent_before, resend)
        sent, failures = _send_and_mark(engine, engagement, period, todo, deliver)
    return collection.prepare_result(engagement, prepared, sent, failures)


@step
def remind_stage(engagement: Engagement, period: str, today: date, deliver: bool) -> dict:
    with engagement_store(engagement, "collection") as engine:
        with staged_outputs(engagement.out_dir) as staging:
            with transaction(engine) as session:
                standing = collection.standing(engagement, period, today, session=session)
                deliver = deliver and engagement.config.collection.smtp is not None
                reminders = collection.plan_reminders(engagement, standing, staging, session=session, deliver=deliver)
            if staging.folders:
                publish(staging, "collect")
        sent, failures = _send_and_mark(engine, engagement, period, reminders.letters, deliver)
    return collection.remind_result(engagement, standing, reminders, sent, failures)


@step
def merge_stage(engagement: Engagement, period: str, partial: bool, show_progress: bool = False) -> dict:
    with engagement_store(engagement, "collection") as engine:
        path = collection.merged_path(engagement, period)
        with progress_bar(show_progress, None, "returned files") as update:
            outcome = collection.read_returns(engagement, period, update)
        collection.refuse_unless_partial(outcome, partial)
        with transaction(engine) as session:
            collection.record_returns(engagement, outcome, session=session, when=collection.now())
            written = collection.write_merged(path, outcome, engagement.language, engagement.display(path))
    return collection.merge_result(engagement, outcome, written, partial)


@flow(name="status_collection", log_prints=False)
@input_errors_fail
def status_collection(
    engagement_dir: str,
    stage: str = "prepare",
    period: str | None = None,
    partial: bool = False,
    send: bool = True,
    resend: bool = False,
    today: str | None = None,
    show_progress: bool = False,
) -> dict:
    """Monthly status collection: prepare forms, remind the late, merge the returns, or close (merge then review)."""
    engagement, period, day = find_engagement(engagement_dir, stage, period, today, send)
    if stage == "prepare":
        result = prepare_stage(engagement, period, send, resend, show_progress)
    elif stage == "remind":
        result = remind_stage(engagement, period, day, send)
    elif stage == "merge":
        result = merge_stage(engagement, period, partial, show_progress)
    else:
        result = close(engagement, engagement_dir, period)
    create_markdown_artifact(
        markdown=_markdown(stage, result),
        key=f"status-collection-{period}",
        description=f"{engagement.config.client.name}: status collection {period} ({stage})",
    )
    return {"stage": stage, **result}


def close(engagement: Engagement, engagement_dir: str, period: str) -> dict:
    """The scheduled close: merge what came back (keeping the valid forms, listing the refused ones), then review
    the period. With an empty inbox the review reads the status file the client delivered, if any."""
    from flows.review import monthly_governance_review

    merged = None
    if collection.inbox_files(collection.inbox_dir(engagement.data_dir, period)):
        merged = merge_stage(engagement, period, True)
    review, problems = run_subflow(monthly_governance_review, engagement_dir=engagement_dir, period=period)
    if problems:
        raise_problems(problems)
    return {"merge": merged, "review": {k: review[k] for k in ("period", "kpis", "pack", "workbook")}}


def _markdown(stage: str, result: dict) -> str:
    lines = [f"# Status collection {result.get('period', '')}: {stage}", ""]
    for key in ("projects", "managers", "merged", "late", "late_projects", "sent"):
        if key in result:
            lines.append(f"- {key.replace('_', ' ')}: {result[key]}")
    for warning in result.get("warnings", [])[:50]:
        lines.append(f"- warning: {warning}")
    return "\n".join(lines)
