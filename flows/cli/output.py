"""CLI conventions shared by every command: exit codes, --json, problems one per line."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

import typer

EXIT_BAD_INPUT = 2


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=_default) + "\n")


def fail(problems: list[dict], as_json: bool) -> NoReturn:
    """Bad input: one line per problem on stderr (or the list under --json), exit code 2."""
    if as_json:
        print_json({"ok": False, "problems": problems})
    for problem in problems:
        typer.echo(problem.get("text") or str(problem), err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def guarded(as_json: bool, action: Callable[[], Any]) -> Any:
    """Run `action`; an InputError raised outside a flow gets the same treatment as one inside."""
    from governance.core.problems import InputError

    try:
        return action()
    except InputError as exc:
        fail([p.to_dict() | {"text": str(p)} for p in exc.problems], as_json)


def finish(outcome, as_json: bool, summary: Callable[[dict], list[str]]) -> None:
    """Print a flow's outcome: the result as JSON, or a short human summary."""
    if not outcome.ok:
        fail(outcome.problems or [], as_json)
    if as_json:
        print_json({"ok": True, **outcome.result})
        return
    for line in summary(outcome.result):
        typer.echo(line)
