"""The run lock: one run per engagement and capability; the second waits, then is refused; a killed holder
holds nothing (a row of a dead process on SQLite is taken over, PostgreSQL drops a dead session's lock)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from governance.core.locks import run_lock
from governance.core.problems import InputError
from governance.core.store import open_store

HOLDER = """
import sys, time
from governance.core.locks import run_lock
from governance.core.store import open_store
engine = open_store(sys.argv[1])
with run_lock(engine, engagement="acme-0001", capability="review", wait=0):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
print("released", flush=True)
"""


def hold(database_url: str, seconds: float) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, database_url, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "held"
    return process


@pytest.fixture
def engine(database_url):
    engine = open_store(database_url)
    yield engine
    engine.dispose()


def test_a_second_run_is_refused_after_waiting_and_names_the_holder(engine, database_url):
    holder = hold(database_url, 60)
    try:
        started = time.monotonic()
        with pytest.raises(InputError) as error:
            with run_lock(engine, engagement="acme-0001", capability="review", wait=0.6):
                pass
        assert time.monotonic() - started >= 0.6
        [problem] = error.value.problems
        assert problem.code == "run-in-progress" and "another review run of engagement acme-0001" in problem.message
        # Another capability, or another engagement, is not held up.
        with run_lock(engine, engagement="acme-0001", capability="staffing", wait=0):
            pass
        with run_lock(engine, engagement="other-0002", capability="review", wait=0):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_the_second_run_waits_for_the_first(engine, database_url):
    holder = hold(database_url, 1.0)
    started = time.monotonic()
    with run_lock(engine, engagement="acme-0001", capability="review", wait=30):
        waited = time.monotonic() - started
    assert holder.wait(timeout=30) == 0 and holder.stdout.read().strip() == "released"
    assert 0.5 <= waited < 20


def test_a_killed_holder_leaves_no_lock(engine, database_url):
    holder = hold(database_url, 60)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    started = time.monotonic()
    with run_lock(engine, engagement="acme-0001", capability="review", wait=10):
        pass
    assert time.monotonic() - started < 10


def test_a_bad_wait_setting_is_refused_before_the_store_is_touched(example_template, tmp_path, monkeypatch):
    import shutil

    from typer.testing import CliRunner

    from flows.cli import app
    from support.state import state_of

    root = tmp_path / "engagement"
    shutil.copytree(example_template, root)
    monkeypatch.setenv("PMO_RUN_WAIT", "soon")
    before = state_of(root)
    result = CliRunner().invoke(app, ["review", str(root), "--period", "2026-10"])
    assert result.exit_code == 2 and "PMO_RUN_WAIT: expected a number of seconds" in result.stderr
    assert state_of(root) == before and not (root / "pmo.db").exists()
