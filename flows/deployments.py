"""The kit's deployments for one or more engagements, served locally by `pmo serve DIR [DIR ...]`.

They come from flows.registry, the list prefect.yaml is generated from (a Prefect server with a worker reads
that file via `prefect deploy`), or from another prefect.yaml given with --prefect-file. Each entry becomes
`flow.to_deployment(...)` per engagement, named after the engagement's id, with its schedules in the engagement's
time zone and the engagement folder as parameter, so that `prefect.serve(...)` runs them all on schedule in this
process.

Prefect's ephemeral API runs no scheduler ("Cannot schedule flows on an ephemeral server"), so unless
PREFECT_API_URL points at a server, `local_api()` starts one on loopback for as long as serving lasts.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from flows import registry
from governance.core.problems import InputError, Problem
from governance.engagement.config import CONFIG_FILE

PREFECT_FILE = registry.PREFECT_FILE


def load_flow(entrypoint: str):
    """`flows.review:monthly_governance_review` (or `flows/review.py:...`) -> the flow object."""
    module_path, _, name = entrypoint.partition(":")
    return registry.load(f"{module_path.removesuffix('.py').replace('/', '.')}:{name}")


def _schedules(entry: dict, label: str) -> list:
    from prefect.schedules import Cron, Interval

    result = []
    for index, raw in enumerate(entry.get("schedules") or []):
        if not raw.get("active", True):
            continue
        options = {"timezone": raw.get("timezone"), "parameters": raw.get("parameters") or None}
        if raw.get("cron"):
            result.append(Cron(raw["cron"], **options))
        elif raw.get("interval"):
            result.append(Interval(raw["interval"], **options))
        else:
            raise InputError(
                [
                    Problem(
                        label,
                        "schedule without cron or interval; expected one of them",
                        key=f"deployments.{entry.get('name')}.schedules.{index}",
                    )
                ]
            )
    return result


def engagement_refs(engagement_dirs: list[str | Path]) -> list[registry.EngagementRef]:
    """Each folder's engagement (pmo.yaml validated, all folders' problems together); two folders with one id
    are refused, naming both."""
    refs: list[registry.EngagementRef] = []
    problems: list[Problem] = []
    for folder in engagement_dirs:
        try:
            refs.append(registry.engagement_ref(folder))
        except InputError as exc:
            # Several folders at once: say which one's pmo.yaml is wrong.
            problems.extend(
                replace(p, file=str(Path(folder) / p.file)) if p.file == CONFIG_FILE else p for p in exc.problems
            )
    seen: dict[str, str] = {}
    for ref in refs:
        if ref.engagement_id in seen and seen[ref.engagement_id] != ref.folder:
            problems.append(
                Problem(
                    f"{ref.folder}/pmo.yaml",
                    f"engagement id {ref.engagement_id!r} is also the id of {seen[ref.engagement_id]}; a copied "
                    f"engagement needs an id of its own: run `pmo id {ref.folder} --new`",
                    key="engagement_id",
                    code="engagement-id-taken",
                )
            )
        seen.setdefault(ref.engagement_id, ref.folder)
    if problems:
        raise InputError(problems)
    return list({ref.folder: ref for ref in refs}.values())


def deployment_specs(
    engagements: list[registry.EngagementRef], prefect_file: Path | None = None
) -> list[dict[str, Any]]:
    """The deployment entries for `engagements`: the registry's, or those of another prefect.yaml (each of its
    entries once per engagement, its name followed by the engagement's id)."""
    if prefect_file is None or Path(prefect_file).resolve() == PREFECT_FILE:
        return registry.deployment_specs(engagements)
    return [
        {
            **entry,
            "name": f"{entry.get('name') or 'deployment'}-{ref.engagement_id}",
            "parameters": {**(entry.get("parameters") or {}), "engagement_dir": ref.folder},
            "schedules": [{**s, "timezone": s.get("timezone") or ref.timezone} for s in entry.get("schedules") or []],
        }
        for ref in engagements
        for entry in _prefect_file_entries(Path(prefect_file))
    ]


def _prefect_file_entries(prefect_file: Path) -> list[dict[str, Any]]:
    label = prefect_file.name
    try:
        raw = yaml.safe_load(prefect_file.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise InputError([Problem(str(prefect_file), "file not found; expected the kit's prefect.yaml")]) from None
    entries = raw.get("deployments") or []
    if not entries:
        raise InputError([Problem(label, "no deployments; expected a 'deployments:' list")])
    return entries


def build_deployments(engagement_dirs: list[str | Path], prefect_file: Path | None = None) -> list:
    """One RunnerDeployment per deployment entry and engagement, with its schedules and parameters."""
    from prefect.deployments.runner import EntrypointType

    deployments = []
    for entry in deployment_specs(engagement_refs(engagement_dirs), prefect_file):
        flow = load_flow(entry["entrypoint"])
        parameters = dict(entry.get("parameters") or {})
        if "engagement_dir" not in inspect.signature(flow.fn).parameters:
            parameters.pop("engagement_dir", None)
        deployments.append(
            flow.to_deployment(
                name=entry["name"],
                description=entry.get("description"),
                parameters=parameters,
                schedules=_schedules(entry, Path(prefect_file or PREFECT_FILE).name),
                tags=list(entry.get("tags") or []),
                # Stored as "flows.review:monthly_governance_review": the run imports the package, whatever
                # the folder serving started from (a file path would put flows/ first on sys.path).
                entrypoint_type=EntrypointType.MODULE_PATH,
            )
        )
    return deployments


@contextmanager
def local_api(timeout: float = 60.0) -> Iterator[str]:
    """The Prefect API to serve against: PREFECT_API_URL when set, else the running pmo server (`pmo server
    start`), else a Prefect server (scheduler included) started on 127.0.0.1 for the duration of the block."""
    from flows.server import free_port, is_healthy, running_server_url

    configured = os.environ.get("PREFECT_API_URL") or running_server_url()
    if configured:
        yield configured
        return
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    log = tempfile.NamedTemporaryFile(prefix="pmo-prefect-server-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"},
        # Its own session: Ctrl-C stops the runner first, which then needs the API
        # to pause its schedules; the server is stopped after it.
        start_new_session=True,
    )
    started = False
    try:
        deadline = time.monotonic() + timeout
        while not is_healthy(url, timeout=2):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"the local Prefect server did not start (log: {log.name}); set "
                    "PREFECT_API_URL to a running server instead"
                )
            time.sleep(0.3)
        started = True
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        if started:  # the log is only worth keeping when the server failed to start
            Path(log.name).unlink(missing_ok=True)
