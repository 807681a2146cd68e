"""`pmo init` (scaffold an engagement with a fictional client and realistic example data) and `pmo id`."""

from __future__ import annotations

from pathlib import Path

import typer

from flows.cli.output import guarded, print_json


def register(app: typer.Typer) -> None:
    @app.command()
    def init(
        engagement_dir: Path = typer.Argument(..., help="Folder to create (must be empty or absent)."),
        lang: str = typer.Option("fr", "--lang", help="Language of documents: fr or en."),
        as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    ) -> None:
        """Create an engagement folder with pmo.yaml and example data for every capability."""
        from governance.example.engagement import create_example_engagement

        result = guarded(as_json, lambda: create_example_engagement(engagement_dir, lang))
        if as_json:
            print_json({"ok": True, **result})
        else:
            typer.echo(
                f"Engagement created in {engagement_dir} for {result['client']} ({lang}): "
                f"{len(result['files'])} files. Next: pmo bootstrap {engagement_dir}"
            )

    @app.command(name="id")
    def engagement_id(
        engagement_dir: Path = typer.Argument(..., help="Engagement folder (holds pmo.yaml)."),
        new: bool = typer.Option(False, "--new", help="Replace the id: for a copied folder that is a new engagement."),
        as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    ) -> None:
        """Print the engagement's id, writing one into pmo.yaml when it has none (or a new one with --new).

        The id keys everything stored about the engagement and names its deployments; it never changes
        with the client's name. A copy of an engagement folder that becomes another engagement needs --new.
        """
        from governance.engagement.identity import assign_engagement_id

        value, written = guarded(as_json, lambda: assign_engagement_id(engagement_dir, renew=new))
        if as_json:
            print_json({"ok": True, "engagement_id": value, "written": written})
        else:
            typer.echo(f"{value} (written to pmo.yaml)" if written else value)
