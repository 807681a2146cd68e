"""`pmo server start|stop|status` for real: one Prefect server per module, a `pmo review` recorded on it, no process left."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows import server
from flows.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def clean_env(home: Path) -> dict[str, str]:
    """A consultant's shell: no Prefect settings (no PREFECT_API_URL), the data folder under test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != "PMO_DATABASE_URL"}
    return env | {"PMO_HOME": str(home)}


def pmo(home: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """`pmo ARGS` in a fresh process, as the consultant types it."""
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=ROOT,
        env=clean_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def api(url: str, path: str, body: dict) -> list[dict]:
    request = urllib.request.Request(
        f"{url}{path}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def gone(pid: int) -> bool:
    return not server._pid_alive(pid)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pmo-home")


@pytest.fixture(scope="module")
def running(home):
    """A started server; stopped (killed if need be) whatever the tests did, so no process outlives the module."""
    try:
        started = pmo(home, "server", "start", "--port", "0", "--timeout", "150", "--json")
        assert started.returncode == 0, started.stderr + started.stdout
        yield json.loads(started.stdout)
    finally:
        state = json.loads((home / "server.json").read_text()) if (home / "server.json").exists() else None
        pmo(home, "server", "stop", timeout=60)
        if state and not gone(state["pid"]):
            os.killpg(state["pid"], signal.SIGKILL)


def test_status_and_stop_without_a_server(tmp_path, monkeypatch):
    monkeypatch.setenv("PMO_HOME", str(tmp_path / "pmo"))
    result = runner.invoke(app, ["server", "status"])
    assert result.exit_code == 0 and "not running" in result.stdout
    result = runner.invoke(app, ["server", "status", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["running"] is False
    result = runner.invoke(app, ["server", "stop", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == {"ok": True, "stopped": False, "pid": None}
    assert server.running_server_url() is None
    assert not (tmp_path / "pmo").exists()  # asking leaves nothing behind


def test_a_stale_state_file_is_cleaned(tmp_path, monkeypatch):
    monkeypatch.setenv("PMO_HOME", str(tmp_path))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    state = {
        "pid": dead.pid,
        "port": 4200,
        "url": "http://127.0.0.1:4200",
        "api_url": "http://127.0.0.1:4200/api",
        "started_at": "2026-01-05T09:00:00+00:00",
        "log": str(tmp_path / "server.log"),
        "prefect_home": str(tmp_path / "prefect"),
    }
    (tmp_path / "server.json").write_text(json.dumps(state))
    assert server.running_server_url() is None
    result = runner.invoke(app, ["server", "status", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["running"] is False
    assert not (tmp_path / "server.json").exists()
    result = runner.invoke(app, ["server", "stop"])
    assert result.exit_code == 0 and "not running" in result.stdout


def test_start_answers_and_status_gives_the_addresses(running, home):
    assert running["ok"] and running["running"] and not running["already_running"]
    with urllib.request.urlopen(f"{running['api_url']}/health", timeout=10) as answer:
        assert answer.status == 200
    status = pmo(home, "server", "status", "--json")
    assert status.returncode == 0, status.stderr
    payload = json.loads(status.stdout)
    assert payload["running"] and payload["answering"] and payload["pid"] == running["pid"]
    assert payload["url"] == f"http://127.0.0.1:{payload['port']}" and payload["api_url"] == payload["url"] + "/api"
    assert Path(payload["prefect_home"]) == home / "prefect" and (home / "prefect" / "prefect.db").exists()


def test_a_second_start_reports_the_running_server(running, home):
    again = pmo(home, "server", "start", "--json")
    assert again.returncode == 0, again.stderr
    payload = json.loads(again.stdout)
    assert payload["already_running"] and payload["pid"] == running["pid"] and payload["url"] == running["url"]
    other = pmo(home, "server", "start", "--port", str(running["port"] + 1))
    assert other.returncode == 2
    assert other.stderr.strip().splitlines() == [
        f"--port: the pmo server already runs on port {running['port']} ({running['url']}); stop it first "
        f"(pmo server stop) to start it on port {running['port'] + 1}"
    ]


def test_commands_run_on_the_server_with_their_logs_and_artifact(running, home, example_template, tmp_path):
    engagement = tmp_path / "engagement"
    shutil.copytree(example_template, engagement)
    review = pmo(home, "review", str(engagement), "--period", "2026-10", "--json")
    assert review.returncode == 0, review.stderr
    assert json.loads(review.stdout)["ok"]
    assert "Beginning flow run" not in review.stderr  # INFO goes to the server, not to the terminal
    url = running["api_url"]
    [run] = api(url, "/flow_runs/filter", {"flows": {"name": {"any_": ["monthly_governance_review"]}}})
    assert run["state_type"] == "COMPLETED"
    artifacts = api(url, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run["id"]]}}})
    assert [(a["type"], a["key"]) for a in artifacts] == [("markdown", "governance-review-2026-10")]
    logs = api(url, "/logs/filter", {"logs": {"flow_run_id": {"any_": [run["id"]]}}})
    assert any(log["message"].startswith("Beginning flow run") for log in logs)
    tasks = api(url, "/task_runs/filter", {"flow_runs": {"id": {"any_": [run["id"]]}}})
    assert tasks and all(t["state_type"] == "COMPLETED" for t in tasks)


def test_an_explicit_api_url_wins_over_the_server(running, home):
    probe = "from flows.runtime import connect_prefect; print(connect_prefect())"
    env = clean_env(home)
    answer = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert answer.stdout.strip() == running["api_url"]
    env["PREFECT_API_URL"] = "http://prefect.example:4200/api"
    answer = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert answer.stdout.strip() == "http://prefect.example:4200/api"


def test_stop_leaves_no_process(running, home):
    stopped = pmo(home, "server", "stop", "--json", timeout=60)
    assert stopped.returncode == 0, stopped.stderr
    assert json.loads(stopped.stdout) == {"ok": True, "stopped": True, "pid": running["pid"]}
    assert gone(running["pid"]) and not (home / "server.json").exists()
    status = pmo(home, "server", "status", "--json")
    assert json.loads(status.stdout)["running"] is False


def test_a_server_that_does_not_answer_is_not_used_and_stop_ends_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PMO_HOME", str(tmp_path))
    # A process that looks like the server (its command line names prefect) but listens nowhere.
    hung = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", "prefect", "server"], start_new_session=True
    )
    try:
        # Until the child has exec'd, its command line is still pytest's (seen on a busy machine).
        deadline = time.monotonic() + 10
        while b"prefect" not in Path(f"/proc/{hung.pid}/cmdline").read_bytes() and time.monotonic() < deadline:
            time.sleep(0.05)
        port = server.free_port()
        state = server.ServerState(
            pid=hung.pid,
            port=port,
            url=f"http://127.0.0.1:{port}",
            api_url=f"http://127.0.0.1:{port}/api",
            started_at="2026-01-05T09:00:00+00:00",
            log=str(tmp_path / "server.log"),
            prefect_home=str(tmp_path / "prefect"),
        )
        server._write_state(state)
        assert server.running_server_url() is None
        assert "does not answer" in capsys.readouterr().err
        result = runner.invoke(app, ["server", "status", "--json"])
        payload = json.loads(result.stdout)
        assert payload["running"] and not payload["answering"] and payload["pid"] == hung.pid
        result = runner.invoke(app, ["server", "stop", "--json"])
        assert result.exit_code == 0 and json.loads(result.stdout)["stopped"]
        assert gone(hung.pid) and not (tmp_path / "server.json").exists()
    finally:
        hung.kill()
        hung.wait()


def test_bad_options_and_a_taken_port_are_refused_one_line_each(tmp_path, monkeypatch):
    monkeypatch.setenv("PMO_HOME", str(tmp_path))
    result = runner.invoke(app, ["server", "start", "--port", "99999", "--timeout", "0"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "--port: 99999 is not a port; expected 1 to 65535 (0: any free port)",
        "--timeout: 0 seconds; expected a positive number of seconds",
    ]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["server", "start", "--port", str(port), "--json"])
    assert result.exit_code == 2 and json.loads(result.stdout)["problems"][0]["code"] == "port-in-use"
    assert not (tmp_path / "server.json").exists()


def test_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("PMO_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert server.data_dir() == tmp_path / "xdg" / "pmo-kit"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert server.data_dir() == tmp_path / ".local" / "share" / "pmo-kit"
    monkeypatch.setenv("PMO_HOME", str(tmp_path / "pmo"))
    assert server.state_file() == tmp_path / "pmo" / "server.json"


def test_a_server_that_fails_to_start_is_reported_with_its_log(tmp_path, monkeypatch):
    monkeypatch.setenv("PMO_HOME", str(tmp_path))
    monkeypatch.setattr(
        server, "_launch", lambda *args: subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    )
    result = runner.invoke(app, ["server", "start", "--port", "0"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: the Prefect server exited with code 3 while starting; log: {tmp_path / 'server.log'}"
    )
    assert not (tmp_path / "server.json").exists()
