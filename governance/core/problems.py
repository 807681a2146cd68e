"""Bad input is reported, never raised as a traceback: every problem names where it is and has a stable code.

A problem is an error (the run is refused, nothing is stored or written) or a warning (the run goes on and
says it). Errors are collected from every file before the run is refused, so a user fixes them in one pass;
a file with thousands of bad rows shows its first MAX_PER_FILE and a count of the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal, TypeVar

Severity = Literal["error", "warning"]
MAX_PER_FILE = 50
MORE = "more-problems"  # the code of the line that counts what a cap left out
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: the file, where in it (row/column or key), and what was expected.

    `code` is stable across releases (scripts may match on it); the message is for people.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    key: str | None = None
    code: str = "invalid"
    severity: Severity = "error"
    hidden: int | None = None  # on a "more-problems" line: how many problems of the file it stands for
    sheet: str | None = None  # in a workbook of several sheets (a returned status form)

    def __str__(self) -> str:
        where = [self.file] if self.file else []  # a problem of the run as a whole names no file
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:  # in a YAML file the row is a line of text
            where.append(f"{'line' if self.file.endswith(('.yaml', '.yml')) else 'row'} {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        if self.key:
            where.append(self.key)
        return f"{': '.join(where)}: {self.message}"

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


def capped(problems: Iterable[Problem], per_file: int = MAX_PER_FILE) -> list[Problem]:
    """The first `per_file` problems of each file, then one line per file counting the rest.

    Capping twice (a reader's problems, then the run's) keeps the count: a "more-problems" line adds its own.
    """
    problems = list(problems)
    shown: list[Problem] = []
    seen: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    for problem in problems:
        if problem.code == MORE:
            hidden[problem.file] += problem.hidden or 0
            continue
        seen[problem.file] += 1
        if seen[problem.file] <= per_file:
            shown.append(problem)
    for file in dict.fromkeys(p.file for p in problems):
        rest = max(seen[file] - per_file, 0) + hidden[file]
        if rest:
            shown.append(
                Problem(
                    file,
                    f"and {rest} more problem(s) in this file (the first {min(seen[file], per_file)} are listed)",
                    code=MORE,
                    hidden=rest,
                )
            )
    return shown


def count(problems: Iterable[Problem]) -> int:
    """How many problems there were in all, those a cap left out included."""
    return sum(p.hidden or 0 if p.code == MORE else 1 for p in problems)


class InputError(Exception):
    """Raised with every problem found at once (capped per file); `total` counts them all."""

    def __init__(self, problems: Iterable[Problem]):
        problems = list(problems)
        self.total = count(problems)
        self.problems = capped(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """The one collector: add problems as they are found, read every input, then refuse once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(
        self,
        file: str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        key: str | None = None,
        code: str = "invalid",
        severity: Severity = "error",
    ) -> None:
        self.items.append(Problem(file, message, row=row, column=column, key=key, code=code, severity=severity))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """Problems raised inside the block are kept, and the caller carries on with the next input."""
        try:
            yield
        except InputError as exc:
            self.items.extend(exc.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise InputError(self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)


def read_all(items: Iterable[T], read: Callable[[T], R]) -> list[R]:
    """`read` every item; if any raised InputError, refuse once with the problems of all of them."""
    results: list[R] = []
    problems = Problems()
    for item in items:
        with problems.collecting():
            results.append(read(item))
    problems.raise_if_errors()
    return results


def display_path(path: Path | str, base: Path | None = None) -> str:
    """Paths in messages are relative to the engagement when possible: short and copyable."""
    path = Path(path)
    if base is not None:
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            pass
    return str(path)
