"""`pmo governance`: propose a starting model, set it up (validate, store, render), show what changed."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from flows.cli.output import finish, guarded, print_json

app = typer.Typer(
    help="Governance structure: bodies, roles, tiers, gates, tolerances, RACI and calendar.", no_args_is_help=True
)


@app.command()
def propose(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    force: bool = typer.Option(False, "--force", help="Replace governance.yaml even if it was edited."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default DIR/governance.yaml)."),
    maturity: Optional[int] = typer.Option(
        None, "--maturity", help="Governance maturity 1-5 to assume instead of the latest stored assessment's."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Write a starting governance model from the PMO type, the organisation's size and its assessed maturity."""
    from flows.governance_setup import assessed_maturity
    from governance.engagement.config import load_engagement
    from governance.structure.proposal import write_engagement_proposal

    def run() -> dict:
        engagement = load_engagement(engagement_dir)
        assessed = assessed_maturity(engagement) if maturity is None else None
        return write_engagement_proposal(engagement, maturity=maturity, assessed=assessed, output=output, force=force)

    result = guarded(as_json, run)
    if as_json:
        print_json({"ok": True, **result})
        return
    maturity_text = (
        f"maturity {result['maturity']} ({result['maturity_source']})" if result["maturity"] else "no stored assessment"
    )
    typer.echo(
        f"Proposal written: {result['file']} ({result['pmo_type']} PMO, {result['size']} organisation, "
        f"{maturity_text}: {result['control']} control)"
    )
    typer.echo(
        f"  {len(result['bodies'])} bodies ({', '.join(result['bodies'])}), {len(result['tiers'])} tiers, "
        f"{len(result['gates'])} gates, {result['roles']} roles"
    )
    typer.echo(f"Edit it, then run: pmo governance setup {engagement_dir}")


@app.command()
def setup(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml and governance.yaml)."),
    start: Optional[str] = typer.Option(
        None, "--start", help="First month of the 12-month calendar, YYYY-MM (default: next month)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Validate governance.yaml, store it as a new version if it changed, write charter, RACI and calendar."""
    from flows.governance_setup import governance_setup
    from flows.runtime import run_flow

    outcome = run_flow(governance_setup, engagement_dir=str(engagement_dir), calendar_start=start)
    finish(outcome, as_json, _setup_summary)


def _setup_summary(result: dict) -> list[str]:
    if result["created"]:
        since = (
            f" ({len(result['changes'])} change(s) since version {result['version'] - 1})"
            if result["version"] > 1
            else ""
        )
        lines = [f"Governance model stored as version {result['version']}{since}."]
    else:
        lines = [f"Governance model unchanged: version {result['version']} kept."]
    lines.append(
        f"  {len(result['bodies'])} bodies, {result['roles']} roles, {len(result['tiers'])} tiers, "
        f"{len(result['gates'])} gates, {result['raci_processes']} RACI processes; "
        f"{result['meetings']} meetings from {result['calendar_label']}"
    )
    lines.append(f"Charter: {result['charter']}")
    lines.append(f"RACI: {result['raci']}")
    lines.append(f"Calendar: {result['calendar']}")
    lines.append(f"Diagram: {result['diagram']}")
    lines.extend(f"warning: {w}" for w in result.get("warnings", []))
    return lines


@app.command()
def diff(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    from_version: Optional[int] = typer.Option(None, "--from", help="Older version (default: the one before --to)."),
    to_version: Optional[int] = typer.Option(None, "--to", help="Newer version (default: the latest)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Say in words what changed between two stored versions (by default the last two)."""
    from governance.core.store import session_scope
    from governance.engagement.config import load_engagement
    from governance.structure.diff import compare_versions, diff_lines

    def run() -> dict:
        engagement = load_engagement(engagement_dir)
        with session_scope(engagement.database_url()) as session:
            return compare_versions(
                session=session, engagement=engagement, from_version=from_version, to_version=to_version
            )

    result = guarded(as_json, run)
    if as_json:
        print_json({"ok": True, **result})
        return
    for line in diff_lines(result):
        typer.echo(line)
