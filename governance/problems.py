"""Bad input is reported, never raised as a traceback: every problem names where it is."""
from __future__ import annotations

from dataclasses import dataclass, asdict
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: the file, where in it (row/column or key), and what was expected."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        if self.key:
            where.append(self.key)
        return f"{': '.join(where)}: {self.message}"

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


class InputError(Exception):
    """Raised with every problem found at once, so a user fixes them in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path | str, base: Path | None = None) -> str:
    """Paths in messages are relative to the engagement when possible: short and copyable."""
    path = Path(path)
    if base is not None:
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            pass
    return str(path)
