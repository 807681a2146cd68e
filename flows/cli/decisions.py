"""`pmo decisions`: the bodies' decision registers imported after their meetings, and the history of decisions
and actions."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from flows.cli.output import finish, guarded, print_json

app = typer.Typer(help="Decisions and actions: import the filled registers, list the history.", no_args_is_help=True)

WARNINGS_SHOWN = 20


@app.command("import")
def import_registers(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    source: Optional[Path] = typer.Option(
        None, "--from", help="A register or a folder of them (default: every .xlsx under data/decisions/)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Import the decision registers filled after the meetings: decisions, actions (owner, due date) and the
    follow-up of earlier actions. Importing a register again replaces its decisions, never the follow-up."""
    from flows.decisions import decisions_import
    from flows.runtime import run_flow

    outcome = run_flow(decisions_import, engagement_dir=str(engagement_dir), source=str(source) if source else None)

    def summary(r: dict) -> list[str]:
        lines = [
            f"Decision registers imported: {r['registers']} ({', '.join(r['files'])}): {r['decisions']} decision(s), "
            f"{r['actions']} action(s), {r['follow_ups']} follow-up(s) of earlier actions ({r['closed']} closed or "
            "dropped)."
        ]
        lines += [f"warning: {w}" for w in r["warnings"][:WARNINGS_SHOWN]]
        if len(r["warnings"]) > WARNINGS_SHOWN:
            lines.append(f"... and {len(r['warnings']) - WARNINGS_SHOWN} more warning(s) (--json shows all)")
        return lines

    finish(outcome, as_json, summary)


@app.command("list")
def list_decisions(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    only_open: bool = typer.Option(False, "--open", help="Only decisions with an action still open."),
    body: Optional[str] = typer.Option(None, "--body", help="Only this body's decisions (its id in governance.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """The decisions taken and their actions, oldest first: owner, due date, status, overdue or not today."""

    def run() -> dict:
        from datetime import date

        from governance.core.problems import InputError, Problem
        from governance.core.store import session_scope
        from governance.decisions import actions_frame, decision_list, decisions_frame
        from governance.engagement.config import load_engagement
        from governance.review import load_policy

        engagement = load_engagement(engagement_dir)
        policy = load_policy(engagement)
        if body and body not in policy.bodies:
            raise InputError(
                [
                    Problem(
                        "--body",
                        f"unknown body {body!r}; expected one of {', '.join(policy.bodies)}",
                        code="unknown-body",
                    )
                ]
            )
        with session_scope(engagement.database_url()) as session:
            decisions = decisions_frame(session=session, engagement=engagement.id, body=body)
            actions = actions_frame(session=session, engagement=engagement.id, body=body)
        bodies = {b: policy.body_label(b, engagement.language) for b in policy.bodies}
        return {
            "body": body,
            "open_only": only_open,
            **decision_list(decisions, actions, today=date.today(), only_open=only_open, bodies=bodies),
        }

    result = guarded(as_json, run)
    if as_json:
        print_json({"ok": True, **result})
        return
    c = result["counts"]
    typer.echo(
        f"{c['decisions']} decision(s), {c['actions']} action(s): {c['open']} open ({c['overdue']} overdue), "
        f"{c['closed']} closed, {c['dropped']} dropped."
    )
    for d in result["decisions"]:
        typer.echo(
            f"{d['period']} {d['body']} — {d['project_id']} {d['project_name']} ({d['dimension']}): {d['decision']}"
        )
        for a in d["actions"]:
            late = " OVERDUE" if a["overdue"] else ""
            typer.echo(
                f"    [{a['status']}{late}] {a['action']} — {a['owner']}, due {a['due_on']}"
                + (f", closed {a['closed_on']}" if a["closed_on"] else "")
            )
