"""The `pmo` command line: a thin layer over the flows. Heavy imports happen inside commands."""
from __future__ import annotations

import typer

from flows.cli import assess, engagement

app = typer.Typer(
    name="pmo",
    help="pmo-kit: set up and run a client's PMO (assessment, governance, document kit, monthly review).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
engagement.register(app)
app.add_typer(assess.app, name="assess")
from flows.cli import governance  # noqa: E402
app.add_typer(governance.app, name="governance")
from flows.cli import lessons, staffing  # noqa: E402
app.add_typer(staffing.app, name="staffing")
app.add_typer(lessons.app, name="lessons")
from flows.cli import review  # noqa: E402
review.register(app)
from flows.cli import templates  # noqa: E402
app.add_typer(templates.app, name="templates")


def main() -> None:
    from flows.runtime import quiet_prefect

    quiet_prefect()
    app()
