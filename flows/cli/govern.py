"""`pmo governance`: propose a starting model, set it up (validate, store, render), show what changed."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from flows.cli.output import finish, guarded, print_json

app = typer.Typer(help="Governance structure: bodies, roles, tiers, gates, tolerances, RACI and calendar.",
                  no_args_is_help=True)


@app.command()
def propose(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    force: bool = typer.Option(False, "--force", help="Replace governance.yaml even if it was edited."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default DIR/governance.yaml)."),
    maturity: Optional[int] = typer.Option(None, "--maturity", help="Governance maturity 1-5 to assume instead of "
                                           "the latest stored assessment's."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Write a starting governance model from the PMO type, the organisation's size and its assessed maturity."""
    from governance.engagement.config import load_engagement
    from governance.structure.model import GOVERNANCE_FILE
    from governance.structure.proposal import propose_for, proposal_text, write_proposal
    from governance.core.problems import InputError, Problem

    def run() -> dict:
        if maturity is not None and not 1 <= maturity <= 5:
            raise InputError([Problem("--maturity", f"{maturity} is not allowed; expected a level from 1 to 5")])
        engagement = load_engagement(engagement_dir)
        model, basis = propose_for(engagement, maturity)
        target = output or engagement.root / GOVERNANCE_FILE
        label = engagement.display(target)
        text = proposal_text(model, basis, engagement.config.client.name, engagement.language)
        before = write_proposal(target, text, force, label)
        return {"file": str(target), "replaced": before != "absent", "was_edited": before == "edited",
                "pmo_type": basis.pmo_type, "size": basis.size, "maturity": basis.maturity,
                "maturity_source": basis.maturity_source, "control": basis.control,
                "bodies": [b["id"] for b in model["bodies"]], "tiers": [t["id"] for t in model["tiers"]],
                "gates": [g["id"] for g in model["gates"]], "roles": len(model["roles"])}

    result = guarded(as_json, run)
    if as_json:
        print_json({"ok": True, **result})
        return
    maturity_text = (f"maturity {result['maturity']} ({result['maturity_source']})" if result["maturity"]
                     else "no stored assessment")
    typer.echo(f"Proposal written: {result['file']} ({result['pmo_type']} PMO, {result['size']} organisation, "
               f"{maturity_text}: {result['control']} control)")
    typer.echo(f"  {len(result['bodies'])} bodies ({', '.join(result['bodies'])}), {len(result['tiers'])} tiers, "
               f"{len(result['gates'])} gates, {result['roles']} roles")
    typer.echo(f"Edit it, then run: pmo governance setup {engagement_dir}")


@app.command()
def setup(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml and governance.yaml)."),
    start: Optional[str] = typer.Option(None, "--start", help="First month of the 12-month calendar, YYYY-MM "
                                        "(default: next month)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Validate governance.yaml, store it as a new version if it changed, write charter, RACI and calendar."""
    from flows.governance_setup import governance_setup
    from flows.runtime import run_flow

    outcome = run_flow(governance_setup, engagement_dir=str(engagement_dir), calendar_start=start)
    finish(outcome, as_json, _setup_summary)


def _setup_summary(result: dict) -> list[str]:
    if result["created"]:
        since = f" ({len(result['changes'])} change(s) since version {result['version'] - 1})" if result["version"] > 1 else ""
        lines = [f"Governance model stored as version {result['version']}{since}."]
    else:
        lines = [f"Governance model unchanged: version {result['version']} kept."]
    lines.append(f"  {len(result['bodies'])} bodies, {result['roles']} roles, {len(result['tiers'])} tiers, "
                 f"{len(result['gates'])} gates, {result['raci_processes']} RACI processes; "
                 f"{result['meetings']} meetings from {result['calendar_label']}")
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
    from datetime import timezone

    from governance.engagement.config import load_engagement
    from governance.structure.calendar import check_timezone
    from governance.structure.diff import diff_models
    from governance.structure.store import all_versions
    from governance.core.problems import InputError, Problem
    from governance.core.store import session_scope

    def run() -> dict:
        engagement = load_engagement(engagement_dir)
        with session_scope(engagement.database_url()) as session:
            versions = {v.version: v for v in all_versions(session=session, engagement=engagement.slug)}
        if not versions:
            raise InputError([Problem(str(engagement_dir), "no governance model version is stored yet; run "
                                                           "`pmo governance setup DIR` first")])
        stored = f"stored versions: {', '.join(map(str, sorted(versions)))}"
        newer = to_version if to_version is not None else max(versions)
        older = from_version if from_version is not None else max((v for v in versions if v < newer), default=None)
        problems = [Problem(option, f"version {number} is not stored; {stored}")
                    for option, number in (("--from", older), ("--to", newer))
                    if number is not None and number not in versions]
        if problems:
            raise InputError(problems)
        language = engagement.language
        changes = diff_models(versions[older].model, versions[newer].model, language) if older is not None else []
        zone = check_timezone(engagement.config.timezone)

        def describe(v) -> dict:
            # Stored in UTC (SQLite hands it back without a zone); shown in the engagement's time zone.
            moment = v.stored_at if v.stored_at.tzinfo else v.stored_at.replace(tzinfo=timezone.utc)
            return {"version": v.version, "stored_by": v.stored_by,
                    "stored_at": moment.astimezone(zone).isoformat(timespec="minutes")}

        return {"language": language, "from": describe(versions[older]) if older is not None else None,
                "to": describe(versions[newer]), "changes": [c.to_dict() for c in changes]}

    result = guarded(as_json, run)
    if as_json:
        print_json({"ok": True, **result})
        return
    for line in _diff_lines(result):
        typer.echo(line)


def _diff_lines(result: dict) -> list[str]:
    fr = result["language"] == "fr"
    new = result["to"]
    when = lambda v: f"{v['stored_by']}, {v['stored_at'][:16].replace('T', ' ')}"  # noqa: E731
    if result["from"] is None:
        return [f"Seule la version {new['version']} est enregistrée : rien à comparer." if fr
                else f"Only version {new['version']} is stored: nothing to compare."]
    old = result["from"]
    head = (f"Modifications de la version {old['version']} ({when(old)}) à la version {new['version']} ({when(new)}) :"
            if fr else f"Changes from version {old['version']} ({when(old)}) to version {new['version']} ({when(new)}):")
    if not result["changes"]:
        return [head, "  aucune" if fr else "  none"]
    return [head, *(f"  - {c['text']}" for c in result["changes"])]
