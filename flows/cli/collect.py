"""`pmo collect`: the monthly status collection (forms out, returns merged, tracker, reminders)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from flows.cli.output import finish, guarded, print_json

app = typer.Typer(
    help="Monthly status collection: forms to project managers, returns merged, tracker, reminders.",
    no_args_is_help=True,
)
WARNINGS_SHOWN = 20
ENGAGEMENT = typer.Argument(..., help="Engagement folder (holds pmo.yaml).")
PERIOD = typer.Option(None, "--period", help="Month collected, YYYY-MM (default: the month of 15 days ago).")
TODAY = typer.Option(None, "--today", help="Count lateness as of this date, YYYY-MM-DD (default: today).")
JSON = typer.Option(False, "--json", help="Print the result as JSON.")


def _run(as_json: bool, summary, **parameters) -> None:
    from flows.collection import status_collection
    from flows.runtime import run_flow

    finish(run_flow(status_collection, **parameters), as_json, summary)


def _warnings(result: dict) -> list[str]:
    warnings = result.get("warnings", [])
    lines = [f"warning: {w}" for w in warnings[:WARNINGS_SHOWN]]
    if len(warnings) > WARNINGS_SHOWN:
        lines.append(f"warning: ... and {len(warnings) - WARNINGS_SHOWN} more (all of them under --json)")
    return lines


@app.command()
def prepare(
    engagement_dir: Path = ENGAGEMENT,
    period: Optional[str] = PERIOD,
    send: bool = typer.Option(True, "--send/--no-send", help="Send the messages when SMTP is configured."),
    resend: bool = typer.Option(False, "--resend", help="Send again the messages already sent for this month."),
    as_json: bool = JSON,
) -> None:
    """Write a status form per project manager (a sheet per project) and the message that goes with it."""
    _run(
        as_json,
        _prepare_summary,
        show_progress=not as_json,
        engagement_dir=str(engagement_dir),
        stage="prepare",
        period=period,
        send=send,
        resend=resend,
    )


def _prepare_summary(r: dict) -> list[str]:
    lines = [
        f"Status collection {r['period']}: {r['projects']} project(s) in {r['managers']} form(s), one per project "
        f"manager (from {r['project_source']}); due {r['due_text']}."
    ]
    if r["skipped_quarterly"]:
        lines.append(f"{r['skipped_quarterly']} project(s) of quarterly tiers do not report this month.")
    lines.append(f"Forms and messages (.eml drafts): {r['folder']}")
    if r["sent"]:
        lines.append(f"Sent {r['sent']} message(s) over SMTP.")
    return lines + _warnings(r)


@app.command()
def merge(
    engagement_dir: Path = ENGAGEMENT,
    period: Optional[str] = PERIOD,
    partial: bool = typer.Option(
        False, "--partial", help="Merge the valid forms even when others are refused (the refused ones are listed)."
    ),
    as_json: bool = JSON,
) -> None:
    """Merge the returned forms of data/inbox/<YYYY-MM>/ into data/status/<YYYY-MM>.csv."""
    _run(
        as_json,
        _merge_summary,
        show_progress=not as_json,
        engagement_dir=str(engagement_dir),
        stage="merge",
        period=period,
        partial=partial,
    )


def _merge_summary(r: dict) -> list[str]:
    lines = [
        f"Merged {r['merged']} project(s) from {len(r['forms'])} form(s) into {r['status_file']} "
        f"({r['late']} received late)."
    ]
    for s in r["superseded"]:
        lines.append(f"  {s['project_id']}: {s['file']} superseded by {s['by']}")
    if r["refused_forms"] or r["refused_projects"]:
        lines.append(
            f"Left out (--partial): {len(r['refused_forms'])} form(s) refused, "
            f"{len(r['refused_projects'])} project(s) refused."
        )
    if r["refused_later"]:
        lines.append(
            f"Kept the last valid return of {', '.join(r['refused_later'])} (--partial): a later one was refused."
        )
    lines.append(f"Next: pmo review {r['engagement']} --period {r['period']}")
    return lines + _warnings(r)


@app.command()
def remind(
    engagement_dir: Path = ENGAGEMENT,
    period: Optional[str] = PERIOD,
    today: Optional[str] = TODAY,
    send: bool = typer.Option(True, "--send/--no-send", help="Send the messages when SMTP is configured."),
    as_json: bool = JSON,
) -> None:
    """Remind the project managers whose report is late; escalate as governance.yaml says (each message once)."""
    _run(
        as_json,
        _remind_summary,
        engagement_dir=str(engagement_dir),
        stage="remind",
        period=period,
        today=today,
        send=send,
    )


def _remind_summary(r: dict) -> list[str]:
    lines = [f"Reminders {r['period']} as of {r['as_of']}: {r['late_projects']} late project(s)."]
    for w in r["written"]:
        to = f" <{w['email']}>" if w["email"] else " (no address: draft only)"
        lines.append(f"  {w['kind']:<10} {w['recipient']}{to}: {', '.join(w['projects'])}")
    for s in r["skipped"]:
        when = f"sent {s['sent_at']}" if s["sent_at"] else f"written {s['recorded_at']}"
        lines.append(f"  already done: {s['kind']} to {s['recipient']} ({when})")
    if r["sent"]:
        lines.append(f"Sent {r['sent']} message(s) over SMTP.")
    return lines + _warnings(r)


@app.command()
def status(
    engagement_dir: Path = ENGAGEMENT,
    period: Optional[str] = PERIOD,
    today: Optional[str] = TODAY,
    as_json: bool = JSON,
) -> None:
    """Received, missing and late reports, per project manager and per tier, against the on-time objective."""

    def run() -> dict:
        from governance import collection
        from governance.core.periods import check_day, check_period
        from governance.core.store import session_scope
        from governance.engagement.config import load_engagement

        engagement = load_engagement(engagement_dir)
        day = check_day(today, "--today") if today else collection.today_in(engagement)
        month = check_period(period) if period else collection.collection_period(day)
        with session_scope(engagement.database_url()) as session:
            return collection.standing_result(engagement, collection.standing(engagement, month, day, session=session))

    result = guarded(as_json, run)
    if as_json:
        print_json({"ok": True, **result})
        return
    for line in _status_lines(result):
        typer.echo(line)


def _status_lines(r: dict) -> list[str]:
    share = "–" if r["on_time_share"] is None else f"{r['on_time_share']:.0%}"
    lines = [
        f"Status collection {r['period']} as of {r['as_of']}: {r['expected']} expected; {r['on_time']} on time, "
        f"{r['late']} late, {r['refused']} refused, {r['missing_late']} missing and past due, "
        f"{r['outstanding']} not yet due. On time: {share}."
    ]
    objective = r["objective"]
    if objective and objective.get("target") is not None:
        verdict = {True: "met", False: "not met", None: "nothing due yet"}[objective.get("met")]
        lines.append(f"Objective '{objective['text']}': target {objective['target']:.0%}, {verdict}.")
    header = f"  {'project manager':<28} {'exp.':>4} {'on time':>7} {'late':>4} {'refused':>7} {'missing':>7}"
    lines.append(header)
    for row in r["by_manager"]:
        lines.append(
            f"  {row['project_manager'][:28]:<28} {row['expected']:>4} {row['on_time']:>7} {row['late']:>4} "
            f"{row['refused']:>7} {row['missing_late'] + row['outstanding']:>7}"
        )
    refused = r["refused_problems"]
    lines.extend(f"refused: {p}" for p in refused[:WARNINGS_SHOWN])
    if len(refused) > WARNINGS_SHOWN:
        lines.append(f"refused: ... and {len(refused) - WARNINGS_SHOWN} more (all of them under --json)")
    lines.append(
        "  by tier: "
        + "; ".join(f"{row['tier_id']} {row['on_time'] + row['late']}/{row['expected']}" for row in r["by_tier"])
    )
    return lines
