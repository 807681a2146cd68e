"""Real engines for the deployment tests: a Prefect server on 127.0.0.1 with its database on a throw-away
PostgreSQL database, and processes (workers, `pmo serve`) that are always stopped, whatever the test did."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def postgres_database(admin_url: str, prefix: str) -> Iterator[str]:
    """A new empty database on the test PostgreSQL server, dropped after the block."""
    from governance.core.store import make_engine

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PMO_"))}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", PYTHONUNBUFFERED="1", **extra)
    return env


@contextmanager
def process(command: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT) -> Iterator[subprocess.Popen]:
    """A background process in its own session, logging to `log`; its whole group is stopped after the block."""
    with open(log, "w") as out:
        child = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield child
        finally:
            stop(child)


def stop(child: subprocess.Popen, timeout: float = 20) -> int | None:
    if child.poll() is None:
        os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    else:
        try:  # children it left behind
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return child.returncode


def api(url: str, path: str, body: dict | None = None, method: str | None = None):
    data = None if body is None else json.dumps(body, default=str).encode()
    request = urllib.request.Request(
        f"{url}{path}",
        data=data,
        method=method or ("POST" if data is not None else "GET"),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


def wait_until(check, timeout: float, what: str, interval: float = 0.5, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check()
        except OSError:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            detail = f"\n--- {log}:\n{log.read_text()[-4000:]}" if log and log.exists() else ""
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}{detail}")
        time.sleep(interval)


@contextmanager
def prefect_server(database_url: str, home: Path) -> Iterator[str]:
    """`prefect server start` on 127.0.0.1 with its database on PostgreSQL (asyncpg); yields the API URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    async_url = make_url(database_url).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    env = base_env(PREFECT_HOME=str(home), PREFECT_API_DATABASE_CONNECTION_URL=async_url, PREFECT_UI_ENABLED="false")
    log = home / "server.log"
    home.mkdir(parents=True, exist_ok=True)
    command = [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    with process(command, env, log) as server:
        wait_until(lambda: server.poll() is None and api(url, "/health"), 90, "the Prefect server", log=log)
        yield url


def flow_run_state(url: str, run_id: str) -> str | None:
    state = api(url, f"/flow_runs/{run_id}").get("state") or {}
    return state.get("type")


def wait_for_final_state(url: str, run_id: str, timeout: float, log: Path | None = None) -> str:
    final = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")
    return wait_until(
        lambda: (s := flow_run_state(url, run_id)) in final and s, timeout, f"flow run {run_id}", log=log, interval=1
    )


def deployments_named(url: str, name: str) -> list[dict]:
    return api(url, "/deployments/filter", {"deployments": {"name": {"any_": [name]}}})


def run_logs(url: str, run_id: str) -> str:
    """What a flow run logged on the server, to explain a failed run."""
    logs = api(url, "/logs/filter", {"logs": {"flow_run_id": {"any_": [run_id]}}, "limit": 200})
    state = api(url, f"/flow_runs/{run_id}").get("state") or {}
    return f"state: {state.get('type')} {state.get('message')}\n" + "\n".join(entry["message"] for entry in logs)
