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


def _summary(result: dict) -> list[str]:
    lines = [f"PMO set-up of {result['engagement']}:"]
    if result.get("governance_proposed"):
        lines.append(f"  governance proposal written to {result['governance_proposed']} (edit it, then re-run)")
    if "assessment" in result:
        a = result["assessment"]
        lines.append(f"  assessment {a['campaign']}: overall level {a['overall_level']}, "
                     f"{a['recommendations']} recommendations -> {a['report']}")
    else:
        lines.append("  assessment skipped: no questionnaire under data/responses/")
    g = result["governance"]
    lines.append(f"  governance version {g['version']}: {len(g['bodies'])} bodies, {len(g['gates'])} gates -> "
                 f"{g['charter']}")
    k = result["kit"]
    lines.append(f"  document kit: {k['count']} files -> {k['folder']}")
    s = result["staffing"]
    lines.append(f"  staffing plan: {s['total_fte']} FTE, {s['total_annual_cost']:,.0f} EUR a year -> {s['document']}")
    return lines
