"""Pieces every flow shares: turning bad input into a failed state that carries the problems."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps
from typing import Any, NoReturn

from prefect import task
from prefect.cache_policies import NONE
from prefect.states import Failed

from flows.runtime import problem_dicts
from governance.core.problems import InputError, Problem


class Payload:
    """A flow's result, opaque to Prefect. Prefect looks for futures in every item a flow returns; measured: a
    result of 20,000 small dicts (the warnings of a 10,000-project review) cost 0.45 s of that walk, a wrapped
    one nothing. `flows.runtime.result_of` unwraps it."""

    __slots__ = ("data",)

    def __init__(self, data: Any) -> None:
        self.data = data


def input_errors_fail(function: Callable[..., Any]) -> Callable[..., Any]:
    """Inside a flow: the result is wrapped in a Payload; an InputError becomes a Failed state holding the
    problems (no traceback logged)."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return Payload(function(*args, **kwargs))
        except InputError as exc:
            return Failed(message=f"{exc.total} input problem(s)", data=problem_dicts(exc))

    return wrapper


def step(function: Callable[..., Any] | None = None, **options: Any):
    """A coarse Prefect task. Inputs are frames and engagement objects: never hash them for caching."""
    options.setdefault("cache_policy", NONE)
    if function is None:
        return lambda f: task(f, **options)
    return task(function, **options)


def run_subflow(subflow: Callable[..., Any], **parameters: Any) -> tuple[Any, list[dict]]:
    """Run a flow inside this one: (its result, []) or (None, its input problems, worded for the user)."""
    from flows.runtime import result_of

    state = subflow(**parameters, return_state=True)
    if state.is_completed():
        return result_of(state), []
    data = state.result(raise_on_failure=False)
    if isinstance(data, list):
        return None, data
    raise RuntimeError(f"{subflow.name} ended in state {state.type.value}: {state.message}")


def raise_problems(problems: list[dict]) -> NoReturn:
    """A subflow's input problems raised again in this flow (it fails with them)."""
    raise InputError([Problem(**{k: v for k, v in p.items() if k != "text"}) for p in problems])


@contextmanager
def progress_bar(show: bool, total: int | None, label: str):
    """A progress bar on the terminal's stderr; nothing when not a terminal or not asked for. The callback it
    yields takes (done, total): a total unknown at first (None) is given by the first update."""
    if not show or (total is not None and total < 2) or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("render", total=total)
        yield lambda done, total_now: bar.update(task, completed=done, total=total_now)
