"""`pmo server start|stop|status`: the consultant's own Prefect server on 127.0.0.1, used by every pmo command."""

from __future__ import annotations

from typing import Optional

import typer

from flows.cli.output import guarded, print_json

app = typer.Typer(
    help="A local Prefect server every pmo command uses while it runs (runs, logs and artifacts in its UI).",
    no_args_is_help=True,
)
EXIT_FAILED = 1  # the server could not be started or stopped: not bad input, the log says why


def _uptime(seconds: float) -> str:
    minutes, _ = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min" if minutes else f"{int(seconds)} s"


def _describe(state: dict) -> list[str]:
    return [
        f"  UI:  {state['url']}",
        f"  API: {state['api_url']}",
        f"  pid {state['pid']}, up {_uptime(state['uptime_seconds'])}, log: {state['log']}",
    ]


def _failed(error: Exception, as_json: bool) -> None:
    if as_json:
        print_json({"ok": False, "error": str(error)})
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(EXIT_FAILED)


@app.command()
def start(
    port: Optional[int] = typer.Option(
        None,
        "--port",
        help="Port on 127.0.0.1 (default 4200, or a free one when 4200 is taken; 0: any free port).",
    ),
    timeout: float = typer.Option(90.0, "--timeout", help="Seconds to wait for the server to answer."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Start the server in the background (its data under the pmo-kit data folder) and wait until it answers."""
    from flows import server

    try:
        state, how = guarded(as_json, lambda: server.start(port, timeout))
    except server.ServerError as error:
        _failed(error, as_json)
    result = {"running": True, "answering": True, **how, **server.status()}
    if as_json:
        print_json({"ok": True, **result})
        return
    if how["already_running"]:
        typer.echo(f"The pmo server is already running: {state.url}")
    else:
        replaced = f" (port {server.DEFAULT_PORT} is taken)" if how["port_replaced"] else ""
        typer.echo(f"pmo server started in {how['waited']:.0f} s{replaced}: {state.url}")
    lines = _describe(result)
    typer.echo("\n".join(lines[1:]))
    typer.echo("Every pmo command now records its runs, logs and artifacts there. Stop it with: pmo server stop")


@app.command()
def stop(as_json: bool = typer.Option(False, "--json", help="Print the result as JSON.")) -> None:
    """Stop the server; pmo commands go back to Prefect's ephemeral API (its history stays for the next start)."""
    from flows import server

    try:
        stopped = server.stop()
    except server.ServerError as error:
        _failed(error, as_json)
    if as_json:
        print_json({"ok": True, "stopped": stopped is not None, "pid": stopped.pid if stopped else None})
        return
    typer.echo(f"pmo server stopped (pid {stopped.pid})." if stopped else "The pmo server is not running.")


@app.command()
def status(as_json: bool = typer.Option(False, "--json", help="Print the result as JSON.")) -> None:
    """Whether the server runs: its UI address, API URL, pid and uptime."""
    from flows import server

    result = server.status()
    if as_json:
        print_json({"ok": True, **result})
        return
    if not result["running"]:
        typer.echo(
            "The pmo server is not running: pmo commands use Prefect's ephemeral API. Start it with: pmo server start"
        )
        return
    answering = "" if result["answering"] else " but does not answer (starting, or see its log)"
    typer.echo(f"The pmo server is running{answering}.")
    typer.echo("\n".join(_describe(result)))
