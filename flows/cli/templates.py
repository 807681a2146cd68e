"""`pmo templates`: lint the Word templates, generate the document kit and pre-filled project documents."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from flows.cli.output import fail, finish, guarded, print_json

app = typer.Typer(
    help="Document kit: check the templates, generate the kit and project documents.", no_args_is_help=True
)


@app.command()
def check(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Lint every template that would be used; exit 2 on any error.

    Defaults and templates/ overrides, in French and English: file names and unknown ids, manifests, Jinja
    syntax (with the text around the error), unsafe attributes, variables the kit does not supply, and a
    trial render of each kit document in memory. Writes nothing.
    """
    from governance.engagement.config import load_engagement
    from governance.kit.manifest import check_kit

    report = guarded(as_json, lambda: check_kit(load_engagement(engagement_dir)))
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if report.problems:
        problems = [p.to_dict() | {"text": str(p)} for p in report.problems]
        if as_json:
            print_json({"ok": False, "checked": report.checked, "problems": problems, "warnings": report.warnings})
            for problem in problems:
                typer.echo(problem["text"], err=True)
            raise typer.Exit(2)
        fail(problems, as_json)
    if as_json:
        print_json({"ok": True, "checked": report.checked, "problems": [], "warnings": report.warnings})
    else:
        overrides = sum(1 for label in report.checked if label.startswith("templates/"))
        typer.echo(f"{len(report.checked)} templates checked ({overrides} from templates/): no problem.")


@app.command()
def generate(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    only: Optional[str] = typer.Option(None, "--only", help="Comma-separated template ids (default: all)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="fr or en (default: the engagement's language)."),
    projects: Optional[Path] = typer.Option(
        None,
        "--projects",
        help="Project list (CSV/XLSX): pre-fill project "
        "documents per project into out/projects/<id>/ instead of the kit.",
    ),
    dask: bool = typer.Option(
        False,
        "--dask",
        help="With --projects: render in chunks on a local Dask cluster of worker processes "
        "(PMO_DASK_ADDRESS=tcp://host:port uses that scheduler instead, without this option).",
    ),
    workers: Optional[int] = typer.Option(
        None,
        "--workers",
        min=1,
        help="Worker processes of the local Dask cluster (implies --dask; default: one per CPU).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON (no progress bar)."),
) -> None:
    """Write the document kit, or pre-filled documents per project with --projects.

    The kit goes to out/kit/ with manifest.csv (file, template id, language, sha256). With --projects, each
    project of the list gets the project documents its tier requires (charter, status report, business
    case) in out/projects/<id>/. Nothing is written unless every document renders. With --dask the same
    files, byte for byte, rendered in chunks by several processes.
    """
    from flows.kit import template_generation
    from flows.parallel import parallel_settings, with_parallel
    from flows.runtime import run_flow

    ids = [part.strip() for part in (only or "").split(",") if part.strip()] or None
    outcome = run_flow(
        with_parallel(template_generation, parallel_settings(dask or workers is not None, workers)),
        engagement_dir=str(engagement_dir),
        only=ids,
        language=lang,
        projects=str(projects) if projects else None,
        show_progress=not as_json,
    )
    finish(outcome, as_json, _summary)


def _summary(result: dict) -> list[str]:
    source = (
        "governance.yaml" if result["governance"] == "governance.yaml" else "default governance (no governance.yaml)"
    )
    if result["projects"]:
        lines = [
            f"{result['count']} documents pre-filled for {result['projects']} projects ({result['language']}) "
            f"in {result['folder']}"
        ]
    else:
        lines = [f"Kit written: {result['count']} files ({result['language']}) in {result['folder']}"]
    lines.append(
        f"Manifest: {result['manifest']}. Governance: {source}. "
        f"{result['seconds']} s ({result['documents_per_second']} documents/s)."
    )
    lines.extend(f"removed (no longer in the kit): {name}" for name in result["removed"])
    lines.extend(f"warning: {w}" for w in result["warnings"])
    return lines
