"""The Jinja sandbox every template runs in: no Python reachable, autoescape, strict undefined, bounded work.

Bounds are checked BEFORE a value is built (its size is worked out from its operands: the widths of a
`%` or `format` spec, the occurrences a `replace` multiplies…), so a template is refused before it spends
the memory: per value (MAX_STRING characters, MAX_ITEMS items: in sizes.py, with the arithmetic), per
render (MAX_BUILT bytes built in all, MAX_OUTPUT characters of the whole document, MAX_ITERATIONS steps of
every loop, MAX_RENDER_SECONDS). `~` and {% for %} are compiled to go through the environment too.
"""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Iterator
from functools import wraps
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.runtime import LoopContext, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter, safe_range
from markupsafe import Markup

from governance.core import formatting
from governance.core.docx.sizes import (
    FILTER_SIZE,
    FILTER_TOO_LARGE,
    ITEM,
    ITEMISING,
    MAX_ITEMS,
    MAX_STRING,
    TOO_LARGE,
    WIDTHS,
    binop_items,
    binop_size,
    check_arguments,
    cost,
    item_count,
    method_size,
    spec_size,
    text_size,
    times,
    total_size,
)

MAX_BUILT = 8_000_000  # bytes of values one render builds in all (a real document builds < 1 MB)
MAX_OUTPUT = 10_000_000  # characters of one rendered document, all parts (a real one is < 200,000)
MAX_ITERATIONS = 1_000_000  # loop steps in one render, every {% for %} counted
MAX_INT_BITS = 10_000  # an integer a template computes (Python prints at most 4,300 digits anyway)
MAX_RENDER_SECONDS = 30.0  # a real template renders in milliseconds; this stops a runaway loop
_FOLDED = 10_000  # bytes of a constant Jinja may compute while compiling (e.g. 'x'|center(20))
# Word refuses these in XML; surrogates and U+FFFE/U+FFFF are not XML characters either.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class RenderBudget:
    """Time and size limits of one render; a template loop cannot run for ever or fill the memory."""

    def __init__(self) -> None:
        self.compiling = False  # while Jinja folds constants: nothing large is folded into the code
        self.reset()

    def reset(self, seconds: float | None = None) -> None:
        self.deadline = time.monotonic() + (MAX_RENDER_SECONDS if seconds is None else seconds)
        self.iterations = self.output = self.built = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise SecurityError("template took too long to render and was stopped")

    def step(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise SecurityError("template loops too many times")
        if not self.iterations % 1000:
            self.tick()

    def build(self, nbytes: int) -> None:
        self.built += nbytes
        if self.built > MAX_BUILT:
            raise SecurityError("template builds too much text in one document")

    def account(self, value: Any, message: str = TOO_LARGE) -> Any:
        """A value just built: within the per-value bounds, and counted in the render's total."""
        if isinstance(value, (str, bytes)) and len(value) > MAX_STRING:
            raise SecurityError(message)
        if isinstance(value, (list, tuple, dict, set, frozenset)) and len(value) > MAX_ITEMS:
            raise SecurityError(message)
        if isinstance(value, Iterator) and not isinstance(value, _Counted):
            return _Counted(self, value, charge=True)  # map(), select()…: each item counted as it is made
        self.build(cost(value))
        if self.compiling and cost(value) > _FOLDED:
            raise SecurityError(message)  # Jinja then computes it at render time, within the budget
        return value

    def check(self, size: int, message: str = TOO_LARGE) -> None:
        """Before building a string of `size` characters."""
        if size > MAX_STRING:
            raise SecurityError(message)

    def emit(self, value: Any) -> Any:  # finalize: before `{{ value }}` is turned into text and escaped
        size = text_size(value, escaped=True)
        self.check(size)
        self.build(size + ITEM)  # its text is a new string, kept in a buffer until the part is joined
        self.tick()
        return value

    def concat(self, pieces) -> str:
        """Environment.concat: a document part as it streams out, or a captured block ({% set %}, a macro)."""
        if isinstance(pieces, list):  # a block's buffer: sized before it is joined
            size = sum(map(len, pieces))
            self.check(size)
            self._out(size)
            return "".join(pieces)
        chunks, pending = [], []
        for piece in pieces:
            self._out(len(piece))
            pending.append(piece)
            if len(pending) == 4096:  # one string instead of 4,096 small objects: memory is the text itself
                chunks.append("".join(pending))
                pending.clear()
        return "".join(chunks) + "".join(pending)

    def _out(self, size: int) -> None:
        self.output += size
        if self.output > MAX_OUTPUT:
            raise SecurityError("template produces a document that is too large")


class _Counted:
    """The iterable of a {% for %} (or an iterator a filter returns): each step counts against the budget."""

    def __init__(self, budget: RenderBudget, values, charge: bool = False) -> None:
        self._budget, self._values, self._charge = budget, values, charge

    def __iter__(self):
        for value in self._values:
            self._budget.step()
            if self._charge:
                self._budget.build(cost(value))
            yield value


class _CountedSized(_Counted):
    """The same over a list or a range: LoopContext may ask its length (loop.last, loop.length)."""

    def __len__(self) -> int:
        return len(self._values)


class _BoundedCodeGenerator(CodeGenerator):
    """`~` compiles to a join that no sandbox hook sees, and a loop over a list calls none: route both
    through the environment, which sizes the join and counts the steps."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame) -> None:
        markup = "context.eval_ctx.volatile" if frame.eval_ctx.volatile else repr(bool(frame.eval_ctx.autoescape))
        self.write("environment.join_values((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write(f"), {markup})")

    def visit_For(self, node: nodes.For, frame) -> None:
        self.__dict__.setdefault("_loop_iterables", {})[id(node.iter)] = node.iter
        super().visit_For(node, frame)

    def visit(self, node, *args, **kwargs):
        """The iterable of a {% for %} (Jinja allows no custom node to say so): `environment.counted(…)`."""
        if self.__dict__.get("_loop_iterables", {}).get(id(node)) is not node:
            return super().visit(node, *args, **kwargs)
        self.write("environment.counted(")
        super().visit(node, *args, **kwargs)
        self.write(")")
        return None


class _BoundedFormatter(SandboxedFormatter):
    """str.format in the sandbox, each field sized before it is formatted."""

    growth = 1

    def __init__(self, env, budget: RenderBudget, **kwargs) -> None:
        super().__init__(env, **kwargs)
        self._budget, self._size = budget, 0

    def vformat(self, format_string, args, kwargs):
        self._size = len(format_string)
        self._budget.check(self._size)
        return super().vformat(format_string, args, kwargs)

    def convert_field(self, value, conversion):
        self._budget.check(text_size(value) * (1 if conversion in (None, "s") else 4))
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):
        self._size += spec_size(value, str(format_spec)) * self.growth
        self._budget.check(self._size)
        return super().format_field(value, format_spec)


class _BoundedEscapeFormatter(_BoundedFormatter, SandboxedEscapeFormatter):
    growth = 6  # Markup.format escapes each value


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox does not bound `'a' * 10**9`, `'%9999999d' % 1`, a `~` in a loop or a runaway loop:
    size what each operation would build before building it, and stop a render past its time budget."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, *args, budget: RenderBudget | None = None, **kwargs) -> None:
        self.budget = budget or RenderBudget()
        kwargs.setdefault("finalize", self.budget.emit)
        super().__init__(*args, **kwargs)
        self.concat = self.budget.concat
        # No document needs these; lipsum takes a size argument, the others turn a value into a much larger text.
        for name in ("lipsum", "cycler", "joiner"):
            self.globals.pop(name, None)
        for name in ("urlize", "pprint", "tojson", "xmlattr", "urlencode"):
            self.filters.pop(name, None)
        self.filters = {name: _bounded_filter(self.budget, name, f) for name, f in self.filters.items()}

    def compile(self, *args, **kwargs):
        self.budget.compiling = True
        try:
            return super().compile(*args, **kwargs)
        finally:
            self.budget.compiling = False

    def counted(self, values) -> _Counted:
        return (_CountedSized if hasattr(values, "__len__") else _Counted)(self.budget, values)

    def join_values(self, values: tuple, markup: bool) -> str:
        self.budget.check(total_size(values, markup))
        return self.budget.account((markup_join if markup else str_join)(values))

    def call_binop(self, context, operator, left, right):
        self.budget.check(binop_size(operator, left, right))
        if binop_items(operator, left, right) > MAX_ITEMS:
            raise SecurityError(TOO_LARGE)
        if operator in ("*", "**") and isinstance(left, int) and isinstance(right, int):
            if operator == "**" and abs(right) > 100:
                raise SecurityError("exponent too large in template")
            bits = left.bit_length() * right if operator == "**" else left.bit_length() + right.bit_length()
            if bits > MAX_INT_BITS:
                raise SecurityError(TOO_LARGE)
        return self.budget.account(super().call_binop(context, operator, left, right))

    def getattr(self, obj, attribute):
        self.budget.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self.budget.tick()
        return super().getitem(obj, argument)

    def wrap_str_format(self, value):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        owner = value.__self__
        if isinstance(owner, Markup):
            formatter = _BoundedEscapeFormatter(self, self.budget, escape=owner.escape)
        else:
            formatter = _BoundedFormatter(self, self.budget)
        is_map = value.__name__ == "format_map"

        @wraps(value)
        def bounded(*args, **kwargs):
            if is_map:
                if kwargs or len(args) != 1:
                    return wrapper(*args, **kwargs)  # Jinja's own message for a wrong call
                args, kwargs = (), args[0]
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return bounded

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        __self.budget.tick()
        owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "")
        if __obj is safe_range or (isinstance(owner, (str, bytes)) and name in WIDTHS):
            check_arguments(args, kwargs)
        if isinstance(owner, (str, bytes)):
            if name == "join" and args and not isinstance(args[0], (list, tuple)):
                args = (_materialise(__self.budget, args[0]), *args[1:])
            __self.budget.check(method_size(owner, name, args, kwargs))
        elif isinstance(__obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (__self.counted(args[0]), *args[1:])
        return __self.budget.account(super().call(__context, __obj, *args, **kwargs))


def _materialise(budget: RenderBudget, values) -> list:
    kept = []
    for value in values:
        kept.append(value)
        if len(kept) > MAX_ITEMS:
            raise SecurityError(TOO_LARGE)
    budget.build(cost(kept))
    return kept


def _join_arguments(budget: RenderBudget, pass_arg: tuple, arguments: tuple, kwargs: dict) -> tuple:
    """The join filter's items (or their attribute), materialised and sized before they are joined."""
    items = _materialise(budget, arguments[0])
    attribute = kwargs.pop("attribute", arguments[2] if len(arguments) > 2 else None)
    if attribute is not None:
        items = [make_attrgetter(pass_arg[0].environment, attribute)(item) for item in items]
    separator = arguments[1] if len(arguments) > 1 else kwargs.get("d", "")
    budget.check(total_size(items, escaped=True) + text_size(separator) * len(items))
    return (*pass_arg, items, *arguments[1:2])


def _sum_arguments(budget: RenderBudget, environment, arguments: tuple, kwargs: dict) -> tuple:
    """sum(start=[]) adds lists: their items are counted before they are added."""
    items = _materialise(budget, arguments[0])
    attribute = arguments[1] if len(arguments) > 1 else kwargs.get("attribute")
    parts = [make_attrgetter(environment, attribute)(i) for i in items] if attribute is not None else items
    if sum(map(item_count, parts)) > MAX_ITEMS or total_size(p for p in parts if isinstance(p, str)) > MAX_STRING:
        raise SecurityError(FILTER_TOO_LARGE)
    return (items, *arguments[1:])


def _bounded_filter(budget: RenderBudget, name: str, function):
    size_of = FILTER_SIZE.get(name)
    skip = 1 if hasattr(function, "jinja_pass_arg") else 0

    @wraps(function)
    def bounded(*args, **kwargs):
        arguments = args[skip:]
        if name in WIDTHS:
            check_arguments(arguments[1:], kwargs)
        if arguments and name == "join":
            args = _join_arguments(budget, args[:skip], arguments, kwargs)
        elif name in ("batch", "slice") and len(arguments) > 1 and times(arguments[1]) > MAX_ITEMS:
            raise SecurityError(FILTER_TOO_LARGE)
        elif name == "sum" and isinstance(kwargs.get("start", arguments[2] if len(arguments) > 2 else 0), Collection):
            args = (*args[:skip], *_sum_arguments(budget, args[0], arguments, kwargs))
        elif arguments and size_of is not None:
            budget.check(size_of(*arguments, **kwargs), FILTER_TOO_LARGE)
        if name in ITEMISING and arguments and isinstance(arguments[0], str) and len(arguments[0]) > MAX_ITEMS:
            raise SecurityError(FILTER_TOO_LARGE)
        return budget.account(function(*args, **kwargs), FILTER_TOO_LARGE)

    if hasattr(function, "jinja_pass_arg"):
        bounded.jinja_pass_arg = function.jinja_pass_arg
    return bounded


def make_environment(language: str, autoescape: bool = True, budget: RenderBudget | None = None) -> BoundedSandbox:
    """The sandbox every template runs in. `autoescape=False` only for plain-text document properties."""
    env = BoundedSandbox(autoescape=autoescape, undefined=StrictUndefined, budget=budget)
    env.filters["number"] = _bounded_filter(env.budget, "number", lambda v, d=0: formatting.number(v, language, d))
    env.filters["percent"] = _bounded_filter(env.budget, "percent", lambda v, d=0: formatting.percent(v, language, d))
    env.filters["date"] = _bounded_filter(env.budget, "date", lambda v: formatting.day(v, language))
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
