"""CLI conventions shared by every command: exit codes, --json, problems one per line (capped)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

import typer

EXIT_BAD_INPUT = 2
# A terminal shows at most this many problem lines (each file's are already capped at 50): enough to fix
# a first batch, short enough to scroll back to. --json lists them all.
MAX_LINES = 200


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


def fail(problems: list[dict], as_json: bool, total: int | None = None) -> NoReturn:
    """Bad input: one line per problem on stderr (or the list under --json), exit code 2.

    `total` counts every problem found, those the per-file cap left out included (worked out from the
    "and N more" lines when not given). When some are not listed, a last line says how many there were.
    """
    from flows.runtime import count_problems

    total = count_problems(problems) if total is None else total
    if as_json:
        print_json({"ok": False, "problems": problems, "total": total})
    for problem in problems[:MAX_LINES]:
        typer.echo(problem.get("text") or str(problem), err=True)
    if len(problems) > MAX_LINES:
        typer.echo(f"and {len(problems) - MAX_LINES} more line(s) not shown (--json lists them)", err=True)
    if len(problems) > MAX_LINES or any(p.get("code") == "more-problems" for p in problems):
        typer.echo(f"{total} problem(s) in all", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def guarded(as_json: bool, action: Callable[[], Any]) -> Any:
    """Run `action`; an InputError raised outside a flow gets the same treatment as one inside."""
    from flows.runtime import problem_dicts
    from governance.core.problems import InputError

    try:
        return action()
    except InputError as exc:
        fail(problem_dicts(exc), as_json, exc.total)


def finish(outcome, as_json: bool, summary: Callable[[dict], list[str]]) -> None:
    """Print a flow's outcome: the result as JSON, or a short human summary."""
    if not outcome.ok:
        fail(outcome.problems or [], as_json)
    if as_json:
        print_json({"ok": True, **outcome.result})
        return
    for line in summary(outcome.result):
        typer.echo(line)
