"""Outputs are written to a temporary file in the same folder, then renamed: never a truncated file.

A temporary file is named `.<target>.<pid>-<random>.tmp`: one a killed process left behind is recognised by its
dead pid (governance.core.publish leaves such files out of the folders it publishes).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

TEMPORARY = re.compile(r"^\..+\.(?:(?P<pid>\d+)-)?[a-z0-9_]+\.tmp$")


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` in one rename."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    # mkstemp creates 0600; outputs are ordinary files for the consultant and their tools.
    os.chmod(tmp, 0o666 & ~_umask())
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def temporary_owner(name: str) -> int | None:
    """The pid that wrote the temporary file `name` (0 for one of an older version, without pid); None when
    `name` is not a temporary file of `atomic_path`."""
    match = TEMPORARY.match(name)
    if match is None:
        return None
    return int(match["pid"]) if match["pid"] else 0


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(target: Path | str, writer: Callable[[Path], object]) -> Path:
    """Call `writer(tmp_path)` then move the result into place."""
    with atomic_path(target) as tmp:
        writer(tmp)
    return Path(target)


def write_text_atomic(target: Path | str, text: str, encoding: str = "utf-8") -> Path:
    return write_atomic(target, lambda p: p.write_text(text, encoding=encoding))


def write_bytes_atomic(target: Path | str, data: bytes) -> Path:
    return write_atomic(target, lambda p: p.write_bytes(data))
