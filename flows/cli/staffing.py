"""`pmo staffing`: size the PMO team, assess its skills, plan its training."""

from __future__ import annotations

from pathlib import Path

import typer

from flows.cli.output import finish

app = typer.Typer(help="PMO staffing: team size, skills matrix, training and certification plan.", no_args_is_help=True)


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
    from governance.core.formatting import money, number

    tiers = ", ".join(f"{tier} {count}" for tier, count in result["projects_by_tier"].items())
    lines = [
        f"PMO {result['pmo_type']}: {sum(result['projects_by_tier'].values())} projects ({tiers}), "
        f"target team {number(result['total_fte'], 'en', 1)} FTE, {money(result['total_annual_cost'], 'en')} a year "
        f"in base salaries ({money(result['total_employer_cost'], 'en')} employer cost)"
    ]
    for role in result["roles"]:
        lines.append(
            f"  {role['role']:<24} {number(role['fte'], 'en', 1):>4} FTE  (now "
            f"{number(role['current_fte'], 'en', 1)}, {ACTIONS[role['action']]})  "
            f"EUR {number(role['annual_cost'], 'en'):>9}"
        )
    lines.append(
        f"{result['people']} people, {len(result['gaps'])} skill gaps, {len(result['training'])} training "
        f"items, {len(result['workshops'])} project-manager workshops; training budget "
        f"{money(result['training_total'], 'en')} from {result['first_quarter']}"
    )
    lines.append(f"Plan: {result['document']}")
    lines.append(f"Workbook: {result['workbook']}")
    lines.extend(f"warning: {w}" for w in result.get("warnings", []))
    return lines
