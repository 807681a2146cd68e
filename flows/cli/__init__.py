"""The `pmo` command line: a thin layer over the flows, wired from flows.registry. Heavy imports happen
inside commands: building the app imports the CLI modules (Typer only), never a flow."""

from __future__ import annotations

import typer

from flows.registry import CAPABILITIES, load

app = typer.Typer(
    name="pmo",
    help="pmo-kit: set up and run a client's PMO (assessment, governance, document kit, monthly review).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for _capability in CAPABILITIES:
    _commands = load(_capability.cli)
    if isinstance(_commands, typer.Typer):
        app.add_typer(_commands, name=_capability.command)
    else:  # a register(app) function adding top-level commands
        _commands(app)


def main() -> None:
    from flows.runtime import quiet_prefect

    quiet_prefect()
    app()
