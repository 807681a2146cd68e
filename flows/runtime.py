"""Running a flow from the CLI, on the pmo server or Prefect's ephemeral API: quiet, no heartbeat wait, no noise.

Environment defaults must be in place before Prefect is imported, so the CLI calls `connect_prefect()`
first and imports flow modules lazily.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from governance.core.problems import MORE

# Measured: these keep the temporary server from logging shutdown tracebacks and telemetry errors.
# The task-run recorder and event persister are what hold SQLite's lock and then fail at exit. Those server settings
# only reach the ephemeral server run inside the CLI's process: the pmo server is started without them (flows.server).
QUIET_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}


class _ExpectedInputErrors(logging.Filter):
    """Bad input is reported by the CLI as lines naming file, row and column, not logged as a crash."""

    def filter(self, record: logging.LogRecord) -> bool:
        from governance.core.problems import InputError

        if record.exc_info and isinstance(record.exc_info[1], InputError):
            return False
        return "InputError" not in record.getMessage()


_FILTER = _ExpectedInputErrors()


def problem_dicts(error: Exception) -> list[dict]:
    """An InputError's problems as flows and the CLI carry them: fields plus the line a person reads."""
    return [p.to_dict() | {"text": str(p)} for p in error.problems]


def count_problems(problems: list[dict]) -> int:
    """How many problems there were in all, counting those a per-file cap left out ("and N more ...")."""
    return sum(p.get("hidden") or 0 if p.get("code") == MORE else 1 for p in problems)


# With a real server (the pmo server, or PREFECT_API_URL), a run's INFO logs ("Beginning flow run", each task's
# "Finished in state Completed()") go to the API so the UI shows the run's log; the terminal still shows warnings
# and errors only. On the ephemeral API nobody reads them: QUIET_DEFAULTS' WARNING stays (nothing more to send).
API_LOGGING = {
    "PREFECT_LOGGING_LEVEL": "INFO",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_ENABLED": "true",
}


def quiet_prefect() -> None:
    for key, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(key, value)


def connect_prefect() -> str | None:
    """Before Prefect is imported: the API every flow of this process runs on, and the quiet defaults.

    PREFECT_API_URL when set; else the running pmo server (`pmo server start`), with the ephemeral mode
    switched off so that a run can never silently land in a temporary server; else None: Prefect's ephemeral
    API, as without a server.
    """
    from flows.server import running_server_url

    url = os.environ.get("PREFECT_API_URL") or running_server_url()
    if url:
        os.environ["PREFECT_API_URL"] = url
        os.environ.setdefault("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false")
        for key, value in API_LOGGING.items():
            os.environ.setdefault(key, value)
    quiet_prefect()
    return url


@dataclass
class FlowOutcome:
    """What a flow run produced: a result on success, or the input problems that stopped it."""

    ok: bool
    result: Any = None
    problems: list[dict] | None = None


def run_flow(flow: Callable[..., Any], **parameters: Any) -> FlowOutcome:
    """Run `flow` in-process without the one-second heartbeat wait; failed input comes back as problems."""
    quiet_prefect()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    # The events worker warns while draining at exit; that is expected, not something a user can act on.
    logging.getLogger("EventsWorker").setLevel(logging.ERROR)
    for name in ("prefect.task_runs", "prefect.flow_runs"):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        state = flow(**parameters, return_state=True)
    if state.is_completed():
        return FlowOutcome(ok=True, result=result_of(state))
    data = state.result(raise_on_failure=False)
    if isinstance(data, list):
        return FlowOutcome(ok=False, problems=data)
    raise RuntimeError(f"flow {getattr(flow, 'name', flow)} ended in state {state.type.value}: {state.message}")


def result_of(state: Any) -> Any:
    """A completed flow run's result, unwrapped from the Payload flows.common puts it in."""
    from flows.common import Payload  # here: flows.common imports Prefect, which this module must not

    result = state.result()
    return result.data if isinstance(result, Payload) else result
