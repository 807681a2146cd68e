"""Sizes of what a template would build, worked out from its operands BEFORE it is built (the sandbox's
arithmetic): a `%` or `format` spec's widths and precision, the occurrences a `replace` multiplies, the text
of a list once printed (each item's repr)… The bounds they are checked against are listed in sandbox.py."""

from __future__ import annotations

import re
import sys
from collections.abc import Collection, Mapping
from itertools import islice
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.utils import Namespace
from markupsafe import Markup, escape

MAX_STRING = 1_000_000  # characters of one string a template builds (a real value is a few hundred)
MAX_ITEMS = 100_000  # items of one list a template builds (Jinja's own bound on range())
ITEM = 64  # bytes counted for one item of a list (the reference and a small object)
TOO_LARGE = "template expression builds a value that is too large"
FILTER_TOO_LARGE = "template filter builds a value that is too large"


# Parameters that are widths or counts: center(10**9) or indent(10**9) would build a huge string.
WIDTHS = {"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "truncate", "batch", "slice"}


def check_arguments(args: tuple, kwargs: dict) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_STRING:
            raise SecurityError("template passes a number that is too large")


def char_count(value: object) -> int:
    return len(value) if isinstance(value, (str, bytes)) else 0


def item_count(value: object) -> int:
    return len(value) if isinstance(value, (list, tuple)) else 0


def times(value: object) -> int:
    return value if isinstance(value, int) else 1


def binop_items(operator: str, left: Any, right: Any) -> int:
    if operator == "+":
        return item_count(left) + item_count(right)
    if operator == "*":
        return item_count(left) * times(right) + item_count(right) * times(left)
    return 0


def cost(value: object) -> int:
    """Bytes a value built by a template takes, roughly (a string exactly)."""
    if isinstance(value, (str, bytes)):
        return sys.getsizeof(value)
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return ITEM * (len(value) + 1)
    return ITEM


def escaped_size(text: str) -> int:
    """Characters of `text` once escaped for XML (`&` becomes `&amp;`…)."""
    if isinstance(text, Markup) or len(text) > MAX_STRING:
        return len(text)
    return len(text) + 4 * sum(text.count(c) for c in "<>&\"'")


def text_size(value: Any, escaped: bool = False, limit: int = MAX_STRING) -> int:
    """Characters of str(value) (escaped for XML if `escaped`), or more than `limit`: a list's text holds
    the repr of each item, so a list of 1,000 references to one long string is 1,000 times its length."""
    if isinstance(value, str):
        return escaped_size(value) if escaped else len(value)
    if isinstance(value, bytes):
        return len(value)
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, (str, bytes)):
            total += len(item) * (24 if escaped else 4) + 3  # repr: quotes, \\x.. escapes; then escaped
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 2
        elif isinstance(item, Mapping):
            total += 4 * len(item) + 2
            stack.extend(part for pair in islice(item.items(), limit // 4 + 1) for part in pair)
        elif isinstance(item, Collection) and not isinstance(item, range):  # lists, sets, dict views
            total += 2 * len(item) + 2
            stack.extend(islice(item, limit // 2 + 1))
        elif isinstance(item, Namespace):
            stack.append(object.__getattribute__(item, "_Namespace__attrs"))
        else:
            total += 64  # a number, a date, a macro: a short text
    return total


def total_size(values, escaped: bool = False) -> int:
    """Characters of the texts of `values` together, or more than MAX_STRING (counting stops there)."""
    total = 0
    for value in values:
        total += text_size(value, escaped)
        if total > MAX_STRING:
            break
    return total


def binop_size(operator: str, left: Any, right: Any) -> int:
    """Characters of `left <operator> right` for strings, before it is computed."""
    if operator == "*":
        return char_count(left) * times(right) + char_count(right) * times(left)
    if operator == "+" and isinstance(left, (str, bytes)) and isinstance(right, (str, bytes)):
        markup = isinstance(left, Markup) or isinstance(right, Markup)  # Markup escapes the other side
        return text_size(left, markup) + text_size(right, markup)
    if operator == "%" and isinstance(left, str):
        return percent_size(left, right) * (6 if isinstance(left, Markup) else 1)
    return 0


_PRINTF = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<type>.)?", re.S
)


def percent_size(template: str, args: Any) -> int:
    """Characters of `template % args` (printf style) at most, from each spec's width and precision."""
    values = list(args) if isinstance(args, tuple) else [args]
    position, size = 0, len(template)

    def take() -> Any:
        nonlocal position
        position += 1
        return values[position - 1] if position <= len(values) else 0

    for spec in _PRINTF.finditer(template):
        kind = spec["type"]
        if kind in ("%", None):
            continue
        width = take() if spec["width"] == "*" else int(spec["width"] or 0)
        precision = take() if spec["precision"] == "*" else int(spec["precision"] or 0)
        value = args.get(spec["key"]) if spec["key"] is not None and isinstance(args, Mapping) else take()
        width = abs(width) if isinstance(width, int) else 0
        precision = abs(precision) if isinstance(precision, int) else 0
        if kind in "sra":
            length = text_size(value) * (1 if kind == "s" else 4)
            length = min(length, precision) if spec["precision"] is not None else length
        elif kind in "eEfFgG":
            length = precision + 330  # a float has at most 309 digits before the point
        else:
            length = max(text_size(value), precision) + 2
        size += max(width, length)
    return size


_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)(?P<group>[,_]?)(?:\.(?P<precision>\d+))?[a-zA-Z%]?", re.S)


def spec_size(value: Any, spec: str) -> int:
    """Characters of format(value, spec) at most (a date's strftime spec: a few characters per directive)."""
    match = _SPEC.fullmatch(spec)
    if not match:
        return text_size(value) + 32 * len(spec)
    width, precision = int(match["width"] or 0), int(match["precision"] or 0)
    length = text_size(value) + (0 if isinstance(value, str) else precision + 8)
    if isinstance(value, str) and match["precision"]:
        length = min(length, precision)
    return max(width, length * 4 // 3 + 1 if match["group"] else length)


def method_size(text: str | bytes, name: str, args: tuple, kwargs: dict) -> int:
    """Characters a str (or Markup) method would return, worked out before calling it."""
    n, grow = len(text), 6 if isinstance(text, Markup) else 1  # Markup escapes what it is given
    first = args[0] if args else None
    if name == "replace" and len(args) >= 2 and isinstance(first, (str, bytes)):
        count = args[2] if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0 else None
        found = text.count(first) if first else n + 1
        return n + min(found, found if count is None else count) * max(text_size(args[1]) * grow - len(first), 0)
    if name in ("center", "ljust", "rjust", "zfill") and isinstance(first, int):
        return max(n, first)
    if name == "expandtabs":
        size = first if isinstance(first, int) else kwargs.get("tabsize", 8)
        return n + text.count("\t" if isinstance(text, str) else b"\t") * max(size, 0)
    if name == "join" and isinstance(first, (list, tuple)):
        return total_size(first, grow > 1) + n * max(len(first) - 1, 0)
    if name == "translate" and isinstance(first, Mapping):
        return n * max([text_size(v) for v in first.values()] + [1])
    if name in ("upper", "lower", "title", "capitalize", "swapcase", "casefold"):
        return n if text.isascii() else 3 * n  # 'ß'.upper() is 'SS'
    if name == "encode":
        return 4 * n
    if name in ("split", "rsplit", "splitlines"):
        separator = first if name != "splitlines" else None
        pieces = (text.count(separator) if separator else n // 2) + 1
        limit = args[1] if len(args) > 1 else kwargs.get("maxsplit", -1)
        if isinstance(limit, int) and limit >= 0:
            pieces = min(pieces, limit + 1)
        if pieces > MAX_ITEMS:
            raise SecurityError(TOO_LARGE)
    return n


def as_text(value: Any) -> str:
    """str(value), unless that text would be too large (then a stand-in just over the limit is sized)."""
    if isinstance(value, str):
        return value
    if text_size(value) > MAX_STRING:
        raise SecurityError("template filter builds a value that is too large")
    return str(value)


def _indent_size(s, width=4, *_args, **_kwargs) -> int:
    text = as_text(s)
    return len(text) + (text.count("\n") + 1) * (len(width) if isinstance(width, str) else max(width, 0))


def _wordwrap_size(s, width=79, break_long_words=True, wrapstring=None, *_args, **_kwargs) -> int:
    return (text_size(s) + 1) * (1 + len(wrapstring or "\n"))


def _replace_size(s, old, new, count=None) -> int:
    text = as_text(s)  # with autoescape the text and the new part may be escaped first
    return (
        escaped_size(text)
        - len(text)
        + method_size(text, "replace", (str(old), escape(new), -1 if count is None else count), {})
    )


# What a filter would build, from its arguments (the value first, after Jinja's context argument if any).
FILTER_SIZE = {
    "center": lambda value, width=80: max(text_size(value), width if isinstance(width, int) else 0),
    "indent": _indent_size,
    "wordwrap": _wordwrap_size,
    "format": lambda value, *args, **kwargs: percent_size(as_text(value), kwargs or args),
    "replace": _replace_size,
    "string": lambda value: text_size(value),
    "escape": lambda value: text_size(value, escaped=True),
    "e": lambda value: text_size(value, escaped=True),
    "forceescape": lambda value: escaped_size(str(as_text(value))),
    "truncate": lambda s, length=255, killwords=False, end="...", *a, **k: text_size(s) + text_size(end),
    **{
        name: (lambda value, *a, **k: method_size(as_text(value), "upper", (), {}))
        for name in ("upper", "lower", "title", "capitalize")
    },
}
# Filters that make one item per character of a string.
ITEMISING = {"list", "sort", "batch", "slice", "groupby", "unique", "map", "select", "reject", "selectattr"}
