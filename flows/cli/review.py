"""`pmo review`: the monthly governance review."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from flows.cli.output import finish

WARNINGS_SHOWN = 20


def register(app: typer.Typer) -> None:
    @app.command()
    def review(
        engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
        period: Optional[str] = typer.Option(
            None,
            "--period",
            help="Month reviewed, YYYY-MM (default: the previous month in the engagement's time zone).",
        ),
        input: Optional[Path] = typer.Option(
            None, "--input", help="Status file of the period (default: data/status/<YYYY-MM>.csv or .xlsx)."
        ),
        all_periods: bool = typer.Option(
            False, "--all", help="Recompute every earlier period's file too (by default only those not stored yet)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    ) -> None:
        """Monthly governance review: EVM, RAG against the tolerances, trends, exceptions, review pack."""
        from flows.review import monthly_governance_review
        from flows.runtime import run_flow

        outcome = run_flow(
            monthly_governance_review,
            engagement_dir=str(engagement_dir),
            period=period,
            input_path=str(input) if input else None,
            all_periods=all_periods,
        )
        finish(outcome, as_json, _summary)


def _summary(result: dict) -> list[str]:
    k = result["kpis"]
    lines = [
        f"Governance review {result['period']}: {k['projects']} of {k['expected']} projects reported "
        f"({k['red']} red, {k['amber']} amber, {k['green']} green); {k['improving']} improving, "
        f"{k['worsening']} worsening.",
        f"{k['exceptions']} exception(s) on {k['exception_projects']} project(s), {k['escalations']} escalated; "
        f"{k['data_quality_issues']} data-quality issue(s). Tolerances: {result['policy']}.",
    ]
    measured = [o for o in result["objectives"] if o["status"] not in ("not_measured", "no_value")]
    if result["objectives"]:
        lines.append(
            f"PMO objectives: {len(measured)} of {len(result['objectives'])} measured this month"
            + "".join(
                f"; {o['metric']} {_figure(o)} against {_figure(o, 'target')}: {o['status'].replace('_', ' ')}"
                for o in measured
            )
            + "."
        )
    earlier = result["computed_periods"][:-1]
    if earlier:
        lines.append(f"Also stored: {', '.join(earlier)}.")
    for e in result["exceptions"][:10]:
        streak = f", red {e['red_streak']} months" if e["red_streak"] > 1 else ""
        lines.append(f"  {e['project_id']:<10} {e['dimension']:<9} -> {e['body']}{streak}")
    if len(result["exceptions"]) > 10:
        lines.append(f"  ... and {len(result['exceptions']) - 10} more in the workbook.")
    lines.append(f"Pack: {result['pack']} ({result['project_pages']} project page(s))")
    lines.append(f"Workbook: {result['workbook']}")
    lines.append(f"Committee deck: {result['deck']}")
    a = result["actions"]
    lines.append(
        f"Actions decided by the bodies: {a['open']} open ({a['overdue']} overdue), {a['closed']} closed this month; "
        f"{len(result['registers'])} decision register(s) to fill after the meetings, then `pmo decisions import`."
    )
    warnings = result["warnings"]
    lines.extend(f"warning: {w}" for w in warnings[:WARNINGS_SHOWN])
    if len(warnings) > WARNINGS_SHOWN:
        lines.append(
            f"warning: ... and {len(warnings) - WARNINGS_SHOWN} more (all of them under --json and in "
            "the workbook's data-quality sheet)"
        )
    return lines


def _figure(objective: dict, key: str = "value") -> str:
    value = objective.get(key)
    if value is None:
        return "n/a"
    return f"{value:.0%}" if objective["kind"] == "share" else f"{value:g}"
