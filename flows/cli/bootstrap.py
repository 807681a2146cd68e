"""`pmo bootstrap`: the whole PMO set-up in one command."""

from __future__ import annotations

from pathlib import Path

import typer

from flows.cli.output import finish


def register(app: typer.Typer) -> None:
    @app.command()
    def bootstrap(
        engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
        as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    ) -> None:
        """Run the whole set-up: assessment (when responses exist), governance, document kit, staffing plan."""
        from flows.bootstrap import pmo_bootstrap
        from flows.runtime import run_flow

        finish(run_flow(pmo_bootstrap, engagement_dir=str(engagement_dir)), as_json, _summary)


def _assessment(a: dict) -> str:
    return (
        f"  assessment {a['campaign']}: overall level {a['overall_level']}, "
        f"{a['recommendations']} recommendations -> {a['report']}"
    )


def _governance(g: dict) -> str:
    return f"  governance version {g['version']}: {len(g['bodies'])} bodies, {len(g['gates'])} gates -> {g['charter']}"


def _kit(k: dict) -> str:
    return f"  document kit: {k['count']} files -> {k['folder']}"


def _staffing(s: dict) -> str:
    return f"  staffing plan: {s['total_fte']} FTE, {s['total_annual_cost']:,.0f} EUR a year -> {s['document']}"


# One summary line per bootstrap step; a step not listed here gets a plain "done" line.
LINES = {"assessment": _assessment, "governance": _governance, "kit": _kit, "staffing": _staffing}
SKIPPED = {"assessment": "  assessment skipped: no questionnaire under data/responses/"}


def _summary(result: dict) -> list[str]:
    from flows.registry import bootstrap_steps

    lines = [f"PMO set-up of {result['engagement']}:"]
    if result.get("governance_proposed"):
        lines.append(f"  governance proposal written to {result['governance_proposed']} (edit it, then re-run)")
    for capability in bootstrap_steps():
        name = capability.name
        if name in result.get("skipped", []):
            lines.append(SKIPPED.get(name, f"  {name} skipped: no {capability.bootstrap.needs}"))
        elif name in result:
            lines.append(LINES[name](result[name]) if name in LINES else f"  {name}: done")
    return lines
