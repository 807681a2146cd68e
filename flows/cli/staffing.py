"""`pmo staffing`: size the PMO team, assess its skills, plan its training."""
from __future__ import annotations

from pathlib import Path

import typer

from flows.cli.output import finish

app = typer.Typer(help="PMO staffing: team size, skills matrix, training and certification plan.",
                  no_args_is_help=True)


@app.command("plan")
def plan(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Size the team from the portfolio, compare it with data/people.csv, plan training; write Word and Excel."""
    from flows.runtime import run_flow
    from flows.staffing import pmo_staffing

    outcome = run_flow(pmo_staffing, engagement_dir=str(engagement_dir))
    finish(outcome, as_json, _summary)


ACTIONS = {"recruit": "hire", "reinforce": "short", "ok": "ok", "redeploy": "over"}


def _summary(result: dict) -> list[str]:
    tiers = ", ".join(f"{tier} {count}" for tier, count in result["projects_by_tier"].items())
    lines = [f"PMO {result['pmo_type']}: {sum(result['projects_by_tier'].values())} projects ({tiers}), "
             f"target team {result['total_fte']:.1f} FTE, EUR {result['total_annual_cost']:,.0f} a year in base "
             f"salaries (EUR {result['total_employer_cost']:,.0f} employer cost)"]
    for role in result["roles"]:
        lines.append(f"  {role['role']:<24} {role['fte']:>4.1f} FTE  (now {role['current_fte']:.1f}, "
                     f"{ACTIONS[role['action']]})  EUR {role['annual_cost']:>9,.0f}")
    lines.append(f"{result['people']} people, {len(result['gaps'])} skill gaps, {len(result['training'])} training "
                 f"items, {len(result['workshops'])} project-manager workshops; training budget "
                 f"EUR {result['training_total']:,.0f} from {result['first_quarter']}")
    lines.append(f"Plan: {result['document']}")
    lines.append(f"Workbook: {result['workbook']}")
    lines.extend(f"warning: {w}" for w in result.get("warnings", []))
    return lines
