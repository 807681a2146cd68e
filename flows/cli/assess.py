"""`pmo assess`: questionnaires out, answers in, maturity scored, report written."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from flows.cli.output import finish, guarded, print_json

app = typer.Typer(help="Capability assessment: questionnaire, scoring and report.", no_args_is_help=True)


@app.command()
def questionnaire(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    format: str = typer.Option("xlsx", "--format", help="xlsx (with dropdowns) or csv (long form)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default out/assessment/)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Write the blank questionnaire respondents fill in, in the engagement's language."""
    from governance.assessment import write_questionnaire

    def run() -> dict:
        return write_questionnaire(engagement_dir, format, output)

    result = guarded(as_json, run)
    if as_json:
        print_json({"ok": True, **result})
    else:
        typer.echo(
            f"Questionnaire written: {result['file']} ({result['questions']} questions, "
            f"{result['dimensions']} dimensions, {result['language']})"
        )


@app.command("run")
def run_assessment(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    responses: Optional[Path] = typer.Option(
        None,
        "--responses",
        help="A file or folder of filled questionnaires (default: every campaign under data/responses/).",
    ),
    campaign: Optional[str] = typer.Option(None, "--campaign", help="Campaign to report on (default: the latest)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Score the filled questionnaires, store the results and write the Word report."""
    from flows.assessment import capability_assessment
    from flows.runtime import run_flow

    outcome = run_flow(
        capability_assessment,
        engagement_dir=str(engagement_dir),
        responses=str(responses) if responses else None,
        campaign=campaign,
    )
    finish(outcome, as_json, _summary)


def _summary(result: dict) -> list[str]:
    lines = [
        f"Assessment {result['campaign']}: {result['respondents']} respondents, "
        f"overall level {result['overall_level'] or 'not measured'}"
    ]
    for d in result["dimensions"]:
        median = "—" if d["median"] is None else f"{d['median']:.1f}"
        flag = "  disagreement" if d["disagreement"] else ""
        lines.append(
            f"  {d['dimension_id']:<18} median {median:>4}  level {d['level'] or '—'}  target {d['target']}{flag}"
        )
    if result.get("previous_campaign"):
        lines.append(f"Compared with campaign {result['previous_campaign']}.")
    lines.append(f"{result['recommendations']} recommendations. Report: {result['report']}")
    lines.extend(f"warning: {w}" for w in result.get("warnings", []))
    return lines
