"""`pmo server start|stop|status`: the consultant's own Prefect server on 127.0.0.1 (placeholder, being built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="A local Prefect server every pmo command uses while it runs.", no_args_is_help=True)
