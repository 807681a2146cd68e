"""`pmo report`: the PMO's reports over a period (the annual report)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from flows.cli.output import finish

app = typer.Typer(help="PMO reports: the annual report of the PMO's year.", no_args_is_help=True)


@app.command("annual")
def annual(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    to: Optional[str] = typer.Option(
        None, "--to", help="Last month of the year reported, YYYY-MM (default: the latest reviewed month)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """The PMO's annual report (Word) and its committee deck (PowerPoint): maturity, objectives, portfolio
    trends, exceptions, decisions and actions, lessons learned, staffing, recommendations for year two; says what
    is missing."""
    from flows.annual_report import annual_report
    from flows.runtime import run_flow

    outcome = run_flow(annual_report, engagement_dir=str(engagement_dir), to=to)
    finish(outcome, as_json, _summary)


def _summary(result: dict) -> list[str]:
    lines = [
        f"PMO annual report {result['from']} to {result['to']}: {len(result['reviewed_months'])} month(s) reviewed."
    ]
    maturity = result["maturity"]
    if maturity:
        start = (
            f"level {maturity['start_level']} ({maturity['start_campaign']}) -> " if maturity["start_campaign"] else ""
        )
        lines.append(f"Maturity: {start}level {maturity['latest_level']} ({maturity['latest_campaign']}).")
    counts = result["objective_counts"]
    if result["objectives"]:
        lines.append(
            f"Objectives at the end: {counts['achieved']} achieved, {counts['on_track']} on track, "
            f"{counts['at_risk']} at risk, {counts['missed']} missed, {counts['no_value']} without a value, "
            f"{counts['not_measured']} not measured."
        )
    e = result["exceptions"]
    if result["reviewed_months"]:
        mean = f"{e['mean_months']:.1f}" if e["mean_months"] is not None else "n/a"
        lines.append(
            f"Exceptions: {e['raised']} raised, {e['resolved']} resolved (mean {mean} months), "
            f"{e['open']} open at the end."
        )
    a = result["actions"]
    if a["decisions"] or a["opened"] or a["open"]:
        lines.append(
            f"Decisions: {a['decisions']}; actions: {a['opened']} opened, {a['closed']} closed, {a['dropped']} "
            f"dropped, {a['open']} open at the end ({a['overdue']} overdue)."
        )
    if result["lessons"]["total"]:
        lines.append(f"Lessons learned: {result['lessons']['total']}.")
    if result["staffing"]:
        s = result["staffing"]
        lines.append(f"Staffing: plan {s['target_fte']:.1f} FTE, team {s['current_fte']:.1f} FTE.")
    if result["missing"]:
        lines.append("Missing:")
        for item in result["missing"]:
            how = f": {item['command']}" if item["command"] else " (pmo.yaml pmo.objectives)"
            detail = f" ({', '.join(item['months'])})" if item.get("months") else ""
            problem = f" ({item['problem']})" if item.get("problem") else ""
            lines.append(f"  section {item['section']}, {item['what']}{detail}{problem}{how}")
    lines.append(f"Report: {result['report']}")
    lines.append(f"Deck: {result['deck']}")
    lines.extend(f"warning: {w}" for w in result["warnings"])
    return lines
