"""The Jinja sandbox every template runs in: no Python reachable, autoescape, strict undefined, bounded work."""

from __future__ import annotations

import re
import time
from functools import wraps
from typing import Any

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from governance.core import formatting

MAX_STRING = 1_000_000  # longest string a template expression may build
MAX_OUTPUT = 50_000_000  # characters one document part may produce
MAX_ITERATIONS = 1_000_000  # loop steps over range() in one render
MAX_RENDER_SECONDS = 30.0  # a real template renders in milliseconds; this stops a runaway loop
# Word refuses these in XML; surrogates and U+FFFE/U+FFFF are not XML characters either.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class RenderBudget:
    """Time and size limits of one render; a template loop cannot run for ever or fill the memory."""

    def __init__(self) -> None:
        self.reset()

    def reset(self, seconds: float | None = None) -> None:
        self.deadline = time.monotonic() + (MAX_RENDER_SECONDS if seconds is None else seconds)
        self.iterations = 0
        self.output = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise SecurityError("template took too long to render and was stopped")

    def step(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise SecurityError("template loops too many times")
        if not self.iterations % 1000:
            self.tick()

    def emit(self, value: Any) -> Any:
        self.output += _size(value) if isinstance(value, str) else 16
        if self.output > MAX_OUTPUT:
            raise SecurityError("template produces a document that is too large")
        self.tick()
        return value


class _BoundedRange:
    """range() whose iteration counts against the render budget (nested loops over one range too)."""

    def __init__(self, budget: RenderBudget, values: range) -> None:
        self._budget, self._values = budget, values

    def __iter__(self):
        for value in self._values:
            self._budget.step()
            yield value

    def __len__(self) -> int:
        return len(self._values)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox does not bound `'a' * 10**9` or a runaway loop: refuse what would build huge values,
    and stop a render that runs past its time budget."""

    intercepted_binops = frozenset(["*", "**", "+"])

    def __init__(self, *args, budget: RenderBudget | None = None, **kwargs) -> None:
        self.budget = budget or RenderBudget()
        kwargs.setdefault("finalize", self.budget.emit)
        super().__init__(*args, **kwargs)
        for name in ("lipsum", "cycler", "joiner"):  # no document needs them; lipsum takes a size argument
            self.globals.pop(name, None)
        self.globals["range"] = lambda *args: _BoundedRange(self.budget, safe_range(*args))
        self.filters = {name: _bounded_filter(function) for name, function in self.filters.items()}

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 100:
            raise SecurityError("exponent too large in template")
        if operator == "*":
            size = _size(left) * (right if isinstance(right, int) else 1) + _size(right) * (
                left if isinstance(left, int) else 1
            )
            if size > MAX_STRING:
                raise SecurityError("template expression builds a value that is too large")
        if operator == "+" and _size(left) + _size(right) > MAX_STRING:
            raise SecurityError("template expression builds a value that is too large")
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj, attribute):
        self.budget.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self.budget.tick()
        return super().getitem(obj, argument)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        __self.budget.tick()
        _check_arguments(args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if _size(result) > MAX_STRING:
            raise SecurityError("template expression builds a value that is too large")
        return result


def _check_arguments(args: tuple, kwargs: dict) -> None:
    # Widths and counts such as center(10**9) or indent(10**9) would build a huge string first.
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_STRING:
            raise SecurityError("template passes a number that is too large")


def _bounded_filter(function):
    @wraps(function)
    def bounded(*args, **kwargs):
        _check_arguments(args, kwargs)
        result = function(*args, **kwargs)
        if _size(result) > MAX_STRING:
            raise SecurityError("template filter builds a value that is too large")
        return result

    if hasattr(function, "jinja_pass_arg"):
        bounded.jinja_pass_arg = function.jinja_pass_arg
    return bounded


def _size(value: object) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def make_environment(language: str, autoescape: bool = True, budget: RenderBudget | None = None) -> BoundedSandbox:
    """The sandbox every template runs in. `autoescape=False` only for plain-text document properties."""
    env = BoundedSandbox(autoescape=autoescape, undefined=StrictUndefined, budget=budget)
    env.filters["number"] = lambda v, d=0: formatting.number(v, language, d)
    env.filters["percent"] = lambda v, d=0: formatting.percent(v, language, d)
    env.filters["date"] = lambda v: formatting.day(v, language)
    return env


def clean_context(value: Any, warnings: list[str], path: str = "") -> Any:
    """Remove control characters (Word refuses them) and say which field had them."""
    if isinstance(value, str):
        cleaned = _CONTROL.sub("", value)
        if cleaned != value:
            warnings.append(f"{path or 'value'}: control characters removed")
        return cleaned
    if isinstance(value, dict):
        return {k: clean_context(v, warnings, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_context(v, warnings, f"{path}[{i}]") for i, v in enumerate(value)]
    return value
