"""The `pmo` command line: a thin layer over the flows. Heavy imports happen inside commands."""
from __future__ import annotations

import typer

from flows.cli import assess, bootstrap, engagement, govern, lessons, review, staffing, templates

app = typer.Typer(
    name="pmo",
    help="pmo-kit: set up and run a client's PMO (assessment, governance, document kit, monthly review).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
engagement.register(app)
bootstrap.register(app)
review.register(app)
app.add_typer(assess.app, name="assess")
app.add_typer(govern.app, name="governance")
app.add_typer(templates.app, name="templates")
app.add_typer(staffing.app, name="staffing")
app.add_typer(lessons.app, name="lessons")


def main() -> None:
    from flows.runtime import quiet_prefect

    quiet_prefect()
    app()
