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
    import gc

    from flows.runtime import connect_prefect

    # Measured on `pmo review` of the example (2 cores): ~1.1 s of CPU out of 5.4 s went to the cyclic collector,
    # scanning again and again the objects the imports create (Prefect, pandas, matplotlib), then once more at exit.
    # Young collections every 50,000 allocations instead of 700 keep cycles collected, far less often.
    gc.set_threshold(50_000, 20, 20)
    # Before any flow (and Prefect) is imported: the running pmo server's API when there is one, so no temporary
    # server is started for this command (measured: ~6 s saved) and its runs show in that server's UI.
    connect_prefect()
    try:
        app()
    finally:
        # The process ends here: its objects need no final collection passes (atexit handlers, Prefect's drain of
        # logs and events to the server included, still run).
        gc.freeze()
