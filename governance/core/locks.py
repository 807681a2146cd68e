"""One run per engagement and capability at a time, held by the database so that a killed run holds nothing.

PostgreSQL: a session advisory lock on a connection of its own, released by the server when the holder's
connection ends (a killed process included). SQLite: a row in `run_lock` naming its holder (host, pid and the
process's start time); a row whose holder no longer runs on this host is taken over, so a kill -9 leaves no lock
behind. A second run waits up to `wait` seconds, then is refused with a message naming the holder.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, text

from governance.core.problems import InputError, Problem

DEFAULT_WAIT_SECONDS = 30.0  # PMO_RUN_WAIT overrides it
POLL_SECONDS = 0.2


def _process_start(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), so a reused pid is not taken for the holder."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def this_holder() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_start(pid)}"


def _holder_alive(holder: str) -> bool:
    host, _, rest = holder.partition(":")
    pid_text, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return True  # another machine's process: only it can tell, so it is presumed alive
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return not started or _process_start(pid) in ("", started)


def _busy(engagement: str, capability: str, waited: float, holder: str) -> InputError:
    return InputError(
        [
            Problem(
                "store",
                f"another {capability} run of engagement {engagement} is in progress ({holder}); waited "
                f"{waited:.0f} s. Run it again once that run has ended",
                code="run-in-progress",
            )
        ]
    )


def _advisory_keys(engagement: str, capability: str) -> tuple[int, int]:
    def key(value: str) -> int:
        return int.from_bytes(hashlib.sha256(value.encode()).digest()[:4], "big", signed=True)

    return key(engagement), key(capability)


@contextmanager
def _postgres_lock(engine: Engine, engagement: str, capability: str, wait: float) -> Iterator[None]:
    keys = _advisory_keys(engagement, capability)
    started = time.monotonic()
    with engine.connect() as connection:
        while not connection.execute(
            text("SELECT pg_try_advisory_lock(:a, :b)"), {"a": keys[0], "b": keys[1]}
        ).scalar():
            connection.rollback()  # no transaction left open while waiting
            if time.monotonic() - started >= wait:
                holder = connection.execute(
                    text("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = :a AND objid = :b"),
                    {"a": keys[0] & 0xFFFFFFFF, "b": keys[1] & 0xFFFFFFFF},
                ).scalar()
                raise _busy(engagement, capability, time.monotonic() - started, f"database backend {holder}")
            time.sleep(POLL_SECONDS)
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:a, :b)"), {"a": keys[0], "b": keys[1]})
            connection.commit()


def _sqlite_try(engine: Engine, engagement: str, capability: str, holder: str) -> str | None:
    """Take the lock row when free or stale; None when taken, else the live holder's name."""
    with engine.begin() as connection:  # BEGIN IMMEDIATE (core.store): one reader-writer at a time
        current = connection.execute(
            text("SELECT holder FROM run_lock WHERE engagement = :e AND capability = :c"),
            {"e": engagement, "c": capability},
        ).scalar()
        if current is not None and current != holder and _holder_alive(current):
            return current
        connection.execute(
            text("DELETE FROM run_lock WHERE engagement = :e AND capability = :c"), {"e": engagement, "c": capability}
        )
        connection.execute(
            text("INSERT INTO run_lock (engagement, capability, holder, acquired_at) VALUES (:e, :c, :h, :t)"),
            {"e": engagement, "c": capability, "h": holder, "t": datetime.now(UTC)},
        )
    return None


@contextmanager
def _sqlite_lock(engine: Engine, engagement: str, capability: str, wait: float) -> Iterator[None]:
    holder = this_holder()
    started = time.monotonic()
    while (current := _sqlite_try(engine, engagement, capability, holder)) is not None:
        if time.monotonic() - started >= wait:
            host, _, rest = current.partition(":")
            raise _busy(engagement, capability, time.monotonic() - started, f"process {rest.split(':')[0]} on {host}")
        time.sleep(POLL_SECONDS)
    try:
        yield
    finally:
        with engine.begin() as connection:
            connection.execute(
                text("DELETE FROM run_lock WHERE engagement = :e AND capability = :c AND holder = :h"),
                {"e": engagement, "c": capability, "h": holder},
            )


def run_wait() -> float:
    """How long a run waits for a running one: PMO_RUN_WAIT seconds, else 30. Read per run, so that a bad value
    is a refusal, not a crash at import."""
    try:
        return max(0.0, float(os.environ.get("PMO_RUN_WAIT") or DEFAULT_WAIT_SECONDS))
    except ValueError:
        raise InputError(
            [Problem("PMO_RUN_WAIT", "expected a number of seconds to wait for a running run", code="bad-setting")]
        ) from None


@contextmanager
def run_lock(engine: Engine, *, engagement: str, capability: str, wait: float | None = None) -> Iterator[None]:
    """Hold the run lock of (`engagement`, `capability`) for the block; InputError when still busy after `wait`."""
    wait = run_wait() if wait is None else wait
    lock = _postgres_lock if engine.dialect.name == "postgresql" else _sqlite_lock
    with lock(engine, engagement, capability, wait):
        yield
