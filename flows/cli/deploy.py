"""`pmo serve DIR...` (every engagement's deployments on their schedules) and `pmo deployments DIR...` (the
prefect.yaml a Prefect server's `prefect deploy --all` reads)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from flows.cli.output import guarded, print_json


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        engagement_dirs: list[Path] = typer.Argument(..., help="Engagement folders (each holds pmo.yaml)."),
        prefect_file: Optional[Path] = typer.Option(
            None, "--prefect-file", help="Deployments to serve (default: the kit's own list, as in prefect.yaml)."
        ),
    ) -> None:
        """Serve the kit's deployments for these engagements on their schedules (runs until Ctrl-C).

        Each engagement's deployments are named after its id and carry its folder and time zone. Uses the
        Prefect server at PREFECT_API_URL, else the one `pmo server start` runs, else starts one on 127.0.0.1
        while serving.
        """
        import os
        import warnings

        import sqlalchemy

        from flows.deployments import build_deployments, local_api

        # Every folder's pmo.yaml is checked now, not at 07:00 on the 3rd.
        deployments = guarded(False, lambda: build_deployments(engagement_dirs, prefect_file))
        from prefect import serve as prefect_serve
        from prefect.settings import PREFECT_API_URL, temporary_settings

        if not os.environ.get("PREFECT_API_URL") and tuple(map(int, sqlalchemy.__version__.split(".")[:2])) >= (2, 1):
            # Measured: prefect 3.8's scheduler fails on SQLAlchemy 2.1 ("Can't evaluate bulk DML statement").
            typer.echo(
                f"warning: SQLAlchemy {sqlalchemy.__version__} is installed; Prefect 3.8's scheduler needs "
                "SQLAlchemy < 2.1 to create scheduled runs (pip install 'sqlalchemy<2.1')",
                err=True,
            )
        # Prefect 3.8 leaves this coroutine unawaited when stopped by SIGTERM; the stop itself completes.
        warnings.filterwarnings("ignore", message="coroutine 'Runner.astop' was never awaited")
        with local_api() as url, temporary_settings(updates={PREFECT_API_URL: url}):
            names = sorted({f"{d.flow_name}/{d.name}" for d in deployments})
            typer.echo(
                f"Serving {len(deployments)} deployment(s) of {len(engagement_dirs)} engagement(s) on {url}: "
                + ", ".join(names)
                + ". Stop with Ctrl-C."
            )
            prefect_serve(*deployments, print_starting_message=False)

    @app.command()
    def deployments(
        engagement_dirs: list[Path] = typer.Argument(..., help="Engagement folders (each holds pmo.yaml)."),
        out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write this prefect.yaml (default: print it)."),
        as_json: bool = typer.Option(False, "--json", help="Print the deployments as JSON instead of YAML."),
    ) -> None:
        """Write the prefect.yaml that deploys the kit for these engagements on a Prefect server.

        Then, from the pmo-kit folder: `prefect deploy --all --prefect-file FILE` and start a worker of the
        `pmo-kit` pool where the engagement folders are at the same paths.
        """
        from flows import registry
        from flows.deployments import engagement_refs
        from governance.core.atomic import write_text_atomic

        refs = guarded(as_json, lambda: engagement_refs(engagement_dirs))
        if as_json:
            print_json({"ok": True, "deployments": registry.deployment_specs(refs)})
            return
        text = registry.prefect_yaml(refs, generator="`pmo deployments`")
        if out is None:
            typer.echo(text, nl=False)
            return
        write_text_atomic(out, text)
        typer.echo(f"Wrote {out}: {len(registry.deployment_specs(refs))} deployment(s) of {len(refs)} engagement(s).")
