"""`pmo lessons`: the PMO's lessons-learned knowledge base (import, search)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from flows.cli.output import finish, guarded, print_json

app = typer.Typer(help="Lessons learned: import the projects' registers, search them.", no_args_is_help=True)


@app.command("import")
def import_lessons(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    source: Optional[Path] = typer.Option(
        None, "--from", help="A file or folder to import (default: every .csv/.xlsx/.docx under data/lessons/)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Import lessons-learned files (CSV, XLSX, the kit's filled Word document); importing a file again never
    duplicates its lessons."""
    from flows.lessons import lessons_import
    from flows.runtime import run_flow

    outcome = run_flow(lessons_import, engagement_dir=str(engagement_dir), source=str(source) if source else None)
    finish(
        outcome,
        as_json,
        lambda r: [
            f"Lessons read from {len(r['files'])} file(s): {r['added']} new, {r['updated']} updated, "
            f"{r['unchanged']} unchanged"
            + (f", {r['duplicates_in_files']} repeated in the files" if r["duplicates_in_files"] else "")
            + f". {r['stored']} lessons in the knowledge base (search: {r['search']})."
        ],
    )


@app.command("search")
def search(
    engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
    text: str = typer.Argument("", help="Words to find (in project, category, lesson, tags); all must match."),
    tag: Optional[list[str]] = typer.Option(None, "--tag", help="Only lessons with this tag (repeatable)."),
    project: Optional[str] = typer.Option(None, "--project", help="Only this project's lessons."),
    limit: int = typer.Option(20, "--limit", min=1, max=1000, help="Most lessons to show."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Search the lessons learned by words and tags, best matches first."""

    def run() -> dict:
        from governance.core.store import session_scope
        from governance.engagement.config import load_engagement
        from governance.lessons import search_lessons

        engagement = load_engagement(engagement_dir)
        with session_scope(engagement.database_url()) as session:
            rows, method = search_lessons(
                session=session, engagement=engagement.id, query=text, tags=tag or [], project=project, limit=limit
            )
        return {
            "query": text,
            "tags": tag or [],
            "project": project,
            "method": method,
            "count": len(rows),
            "lessons": rows,
        }

    result = guarded(as_json, run)
    if as_json:
        print_json({"ok": True, **result})
        return
    if not result["lessons"]:
        typer.echo(
            "No lesson found." + (" Import them first with `pmo lessons import`." if not text and not tag else "")
        )
        return
    for row in result["lessons"]:
        tags = f"  [{row['tags']}]" if row["tags"] else ""
        category = f" · {row['category']}" if row["category"] else ""
        typer.echo(f"{row['recorded_on'].isoformat()} · {row['project']}{category}{tags}")
        typer.echo(f"    {row['lesson']}")
    typer.echo(f"{result['count']} lesson(s).")
