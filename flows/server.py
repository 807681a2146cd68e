"""The consultant's own Prefect server on 127.0.0.1: started in the background, found by every `pmo` command.

Everything lives in the data folder (`$PMO_HOME`, else `$XDG_DATA_HOME/pmo-kit` or `~/.local/share/pmo-kit`):
the server's PREFECT_HOME (`prefect/`, its SQLite database included), its log (`server.log`) and `server.json`,
the state file naming the running server (pid, port, addresses, start time, log). No Prefect import here: the
CLI reads the state file at start-up, before Prefect is imported (`running_server_url()`, a few ms).

Port: 4200 (Prefect's own default, what its documentation and a bookmark expect) unless `--port` says otherwise.
When 4200 is taken (another Prefect server, say), a free port is used instead and said: every `pmo` command finds
the server through the state file, so only the UI's address changes, and `pmo server status` prints it. A port
asked for explicitly is never replaced: when it is taken, start is refused (exit 2). `--port 0` asks for any
free port.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from governance.core.problems import InputError, Problem

HOST = "127.0.0.1"
DEFAULT_PORT = 4200
# Measured: ready in 8-16 s on SQLite on a 2-core machine (the first start also creates the database); a loaded
# machine can take several times that.
START_TIMEOUT = 90.0
STOP_TIMEOUT = 20.0  # measured: stops within ~1.5 s of SIGTERM; a hung one is killed after this
# A health answer takes a few ms on loopback; an idle-but-alive server never needs more than this. A server that
# does not answer in time is not used (the command runs on the ephemeral API rather than hang).
PROBE_TIMEOUT = 2.0

# What the server process is given on top of PREFECT_HOME. Every other PREFECT_* variable of the caller is
# left out: the pmo server's settings are its own (its profiles.toml under PREFECT_HOME), not those of another
# Prefect server the consultant may use, nor the CLI's QUIET_DEFAULTS (which switch off, for the ephemeral
# server, the task-run recorder and event persister a real server needs to show task runs and events).
SERVER_SETTINGS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The log file records problems, not one line per request.
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
}


class ServerError(RuntimeError):
    """The server could not be started or stopped (not bad input: exit 1, with the log to read)."""


@dataclass(frozen=True)
class ServerState:
    """What server.json records about the running server."""

    pid: int
    port: int
    url: str  # the UI
    api_url: str  # what PREFECT_API_URL is set to
    started_at: str  # ISO 8601, UTC
    log: str
    prefect_home: str

    def uptime_seconds(self) -> float:
        return max(0.0, (datetime.now(UTC) - datetime.fromisoformat(self.started_at)).total_seconds())


def data_dir() -> Path:
    """pmo-kit's data folder: $PMO_HOME, else $XDG_DATA_HOME/pmo-kit, else ~/.local/share/pmo-kit."""
    if os.environ.get("PMO_HOME"):
        return Path(os.environ["PMO_HOME"]).expanduser().absolute()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base).expanduser().absolute() / "pmo-kit"


def state_file() -> Path:
    return data_dir() / "server.json"


def read_state() -> ServerState | None:
    """The recorded server, alive or not; None when there is none (or the file is unreadable)."""
    try:
        return ServerState(**json.loads(state_file().read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _write_state(state: ServerState) -> None:
    path = state_file()
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(asdict(state), indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)  # a reader never sees half a file


def _pid_alive(pid: int) -> bool:
    """Whether `pid` is a live Prefect process (a zombie, or a reused pid running something else, is not)."""
    if os.name == "nt":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        answered = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(answered) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    proc = Path(f"/proc/{pid}")
    if not proc.exists():  # no /proc (macOS): the health probe tells a reused pid apart
        return True
    try:
        state = proc.joinpath("stat").read_text().rsplit(")", 1)[1].split()[0]
        command = proc.joinpath("cmdline").read_bytes()
    except (OSError, IndexError):
        return False
    return state != "Z" and b"prefect" in command


def is_healthy(api_url: str, timeout: float = PROBE_TIMEOUT) -> bool:
    import urllib.request  # ~20 ms: only when a server is recorded, not for every command without one

    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as answer:
            return answer.status == 200
    except OSError:
        return False


def current() -> ServerState | None:
    """The running server, or None; a state file left by a server that is gone is removed."""
    state = read_state()
    if state is None:
        state_file().unlink(missing_ok=True)  # unreadable: nothing can be learnt from it
        return None
    if not _pid_alive(state.pid):
        state_file().unlink(missing_ok=True)
        return None
    return state


def running_server_url() -> str | None:
    """The API URL of the running pmo server, or None. Cheap (a small file, a pid, one loopback request): called
    by every `pmo` command at start-up. A server that is alive but does not answer is not used, and said."""
    state = read_state()
    if state is None or not _pid_alive(state.pid):
        return None
    if is_healthy(state.api_url):
        return state.api_url
    sys.stderr.write(
        f"warning: the pmo server (pid {state.pid}) does not answer at {state.api_url}; running on Prefect's "
        f"ephemeral API instead (see `pmo server status`, log: {state.log})\n"
    )
    return None


def server_env(prefect_home: Path) -> dict[str, str]:
    """The server process's environment: the caller's without its Prefect settings, plus the server's own."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    return env | SERVER_SETTINGS | {"PREFECT_HOME": str(prefect_home)}


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        if os.name != "nt":  # as uvicorn binds: a port in TIME_WAIT after a stop is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _port_problem(message: str, code: str) -> InputError:
    return InputError([Problem("", message, key="--port", code=code)])


def choose_port(requested: int | None) -> tuple[int, bool]:
    """The port to listen on, and whether it replaces the default (taken). See the module's docstring."""
    if requested == 0:
        return free_port(), False
    if requested is not None:
        if not _port_free(requested):
            raise _port_problem(
                f"port {requested} is in use on {HOST}; expected a free port (or leave --port out)", "port-in-use"
            )
        return requested, False
    if _port_free(DEFAULT_PORT):
        return DEFAULT_PORT, False
    return free_port(), True


@contextmanager
def _start_stop_lock() -> Iterator[None]:
    """One start or stop at a time: a second `pmo server start` waits for the first, then finds its server."""
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "nt":  # no flock; the state file written right after the launch narrows the race
        yield
        return
    import fcntl

    with open(folder / "server.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released by the kernel if this process dies
        yield


def _launch(port: int, prefect_home: Path, log: Path) -> subprocess.Popen:
    # Detached: its own session (process group), so that Ctrl-C in the terminal that started it, or that
    # terminal closing, leaves it running; `stop` ends the whole group.
    detach = (
        {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.DETACHED_PROCESS}
        if os.name == "nt"
        else {"start_new_session": True}
    )
    with open(log, "wb") as output:  # each start rewrites the log: it explains the current server
        return subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", HOST, "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=server_env(prefect_home),
            cwd=prefect_home,
            **detach,
        )


def start(port: int | None = None, timeout: float = START_TIMEOUT) -> tuple[ServerState, dict]:
    """Start the server (or find the running one) and wait until it answers.

    Returns its state and what happened: `already_running`, `port_replaced` (the default port was taken),
    `waited` (seconds until it answered). A running server on another port than the one asked for is refused.
    """
    problems = []
    if port is not None and not 0 <= port <= 65535:
        problems.append(Problem("", f"{port} is not a port; expected 1 to 65535 (0: any free port)", key="--port"))
    if timeout <= 0:
        problems.append(Problem("", f"{timeout:g} seconds; expected a positive number of seconds", key="--timeout"))
    if problems:
        raise InputError(problems)
    with _start_stop_lock():
        running = current()
        if running is not None:
            if port not in (None, 0, running.port):
                raise _port_problem(
                    f"the pmo server already runs on port {running.port} ({running.url}); stop it first "
                    f"(pmo server stop) to start it on port {port}",
                    "already-running",
                )
            return running, {"already_running": True, "port_replaced": False, "waited": 0.0}
        chosen, replaced = choose_port(port)
        prefect_home = data_dir() / "prefect"
        prefect_home.mkdir(parents=True, exist_ok=True)
        log = data_dir() / "server.log"
        clock = time.monotonic()
        process = _launch(chosen, prefect_home, log)
        base = f"http://{HOST}:{chosen}"
        state = ServerState(
            pid=process.pid,
            port=chosen,
            url=base,
            api_url=f"{base}/api",
            started_at=datetime.now(UTC).isoformat(timespec="seconds"),
            log=str(log),
            prefect_home=str(prefect_home),
        )
        _write_state(state)
        while not is_healthy(state.api_url, timeout=1.0):
            if process.poll() is not None:
                state_file().unlink(missing_ok=True)
                raise ServerError(
                    f"the Prefect server exited with code {process.returncode} while starting; log: {log}"
                )
            if time.monotonic() - clock > timeout:
                _terminate(process.pid)
                state_file().unlink(missing_ok=True)
                raise ServerError(
                    f"the Prefect server did not answer within {timeout:.0f} s and was stopped; log: {log}"
                )
            time.sleep(0.25)
        return state, {"already_running": False, "port_replaced": replaced, "waited": time.monotonic() - clock}


def _signal_group(pid: int, sig: int) -> None:
    try:
        # Its own session, so its process group id is its pid; anything else is not a group this module made.
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _reap(pid: int) -> None:
    """Collect the exit status when the server is this process's child (started by it), so it is no zombie."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except (ChildProcessError, OSError):
        pass


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        if not _pid_alive(pid):
            return True
        time.sleep(0.1)
    return False


def _terminate(pid: int, timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM to the server's process group (uvicorn shuts down cleanly), SIGKILL if it hangs."""
    if os.name == "nt":
        subprocess.run(["taskkill", "/PID", str(pid), "/T", "/F"], capture_output=True, check=False)
        if not _wait_gone(pid, timeout):
            raise ServerError(f"the Prefect server (pid {pid}) did not stop")
        return
    _signal_group(pid, signal.SIGTERM)
    if _wait_gone(pid, timeout):
        return
    _signal_group(pid, signal.SIGKILL)
    if not _wait_gone(pid, 5.0):
        raise ServerError(f"the Prefect server (pid {pid}) did not stop, even when killed")


def stop(timeout: float = STOP_TIMEOUT) -> ServerState | None:
    """Stop the running server and remove the state file; the state of the server stopped, None if none ran."""
    if not state_file().exists():  # nothing to stop, and no data folder made for nothing
        return None
    with _start_stop_lock():
        running = current()
        if running is None:
            return None
        _terminate(running.pid, timeout)
        state_file().unlink(missing_ok=True)
        return running


def status() -> dict:
    """Whether the server runs, and where: its UI and API addresses, pid, uptime, log."""
    running = current()
    if running is None:
        return {"running": False, "home": str(data_dir())}
    return {
        "running": True,
        "answering": is_healthy(running.api_url),
        **asdict(running),
        "uptime_seconds": round(running.uptime_seconds()),
        "home": str(data_dir()),
    }
