"""How a flow gets its parallel executor: off by default, prefect-dask's DaskTaskRunner when asked or configured.

On with `--dask` (a local cluster of `--workers` processes, default one per CPU) or with PMO_DASK_ADDRESS
(`tcp://host:port`: an existing Dask scheduler, whose workers must see the engagement folder at the same path).
The flow runs on a DaskTaskRunner; its coarse tasks still run in the flow's process, and the batch inside them
is cut into chunks that are plain functions mapped on the runner's cluster (`chunk_map`).

Why not one Prefect task per chunk on the runner: measured on the 2-core machine, 1,000 projects (2,640
documents), ephemeral Prefect API: each Dask worker process then starts its own temporary Prefect server (~6 s,
both at once) before rendering anything. See bench/dask_bench.py for the figures.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from governance.core.problems import InputError, Problem

T = TypeVar("T")
R = TypeVar("R")

ADDRESS_ENV = "PMO_DASK_ADDRESS"
CONNECT_TIMEOUT = "10s"  # Dask's default is 30 s of retries before saying a scheduler does not answer
# Chunks per worker thread. Measured, render step of 1,000 projects (2,640 documents) on 2 running workers, best of
# 4: 2 chunks 2.79 s, 4: 2.87 s, 8: 3.06 s, 16: 3.05 s, 32: 2.86 s (sequential 5.13 s). Shipping a chunk costs
# next to nothing, so a few per worker: a worker slowed down (a shared machine) does not hold the end, and the
# progress bar moves. Never one task per project.
CHUNKS_PER_WORKER = 4


@dataclass(frozen=True)
class Parallel:
    """Where a flow's chunks run: an existing scheduler (`address`), or a local cluster of `workers` processes."""

    address: str | None = None
    workers: int = 0


def parallel_settings(dask: bool = False, workers: int | None = None) -> Parallel | None:
    """The executor asked for: PMO_DASK_ADDRESS when set, a local cluster with `dask`, else None (in-process)."""
    address = os.environ.get(ADDRESS_ENV, "").strip()
    if address:
        return Parallel(address=address)
    if not dask:
        return None
    return Parallel(workers=max(1, workers or os.cpu_count() or 1))


def task_runner(parallel: Parallel):
    """A DaskTaskRunner: connected to the scheduler, or starting a local cluster of processes (one thread each:
    rendering holds the GIL, threads would not run in parallel) when the flow first needs it."""
    from prefect_dask import DaskTaskRunner

    # Prefect's console handler would print every INFO line of the scheduler and the nannies.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    if parallel.address:
        return DaskTaskRunner(address=parallel.address, client_kwargs={"timeout": CONNECT_TIMEOUT})
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": parallel.workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,  # no dashboard: nobody watches a CLI run
            # The scheduler still serves its health routes: on any free local port, not 8787 (two runs at once
            # would print a warning about the port in use).
            "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"},
        }
    )


def with_parallel(flow: Any, parallel: Parallel | None) -> Any:
    """The flow as it runs: on a DaskTaskRunner when `parallel` is set, unchanged otherwise."""
    return flow if parallel is None else flow.with_options(task_runner=task_runner(parallel))


def configured_runner() -> Any:
    """The task runner a flow is declared with: PMO_DASK_ADDRESS's scheduler when set (so that served
    deployments use it too), else None (Prefect's default)."""
    parallel = parallel_settings()
    return task_runner(parallel) if parallel else None


@dataclass
class ChunkMap:
    """Maps a pure function over chunks on the cluster of the flow's DaskTaskRunner, or in this process."""

    client: Any = None  # a distributed.Client, or None: in-process
    chunks: int = 1  # how many chunks to cut a batch into

    @property
    def distributed(self) -> bool:
        return self.client is not None

    def __call__(
        self,
        function: Callable[[T], R],
        items: list[T],
        done: Callable[[R], None] | None = None,
        first: Callable[[], None] | None = None,
    ) -> list[R]:
        """`function` over each chunk; the results in the chunks' order, `done(result)` as each finishes.
        `first()` runs here before any result is taken: in this process before the chunks, on a cluster while
        they run. An exception (a chunk's, or first()'s) is raised once no chunk runs any more."""
        if self.client is None:
            if first:
                first()
            results = []
            for item in items:
                results.append(function(item))
                if done:
                    done(results[-1])
            return results
        from distributed import as_completed

        futures = self.client.map(function, items, pure=False)
        position = {future.key: n for n, future in enumerate(futures)}
        results: list[Any] = [None] * len(futures)
        try:
            if first:
                first()
            for future in as_completed(futures, loop=self.client.loop):  # the runner's client is not the default
                result = future.result()  # a chunk's exception is raised here, as it would be in-process
                results[position[future.key]] = result
                if done:
                    done(result)
        except Exception:
            # The other chunks end first: none may write into the staging once the caller has discarded it.
            self.client.gather(futures, errors="skip")
            raise
        except BaseException:  # Ctrl-C: at once (what a running chunk still writes, the next run removes)
            self.client.cancel(futures)
            raise
        return results


def chunk_map() -> ChunkMap:
    """Inside a flow run on a DaskTaskRunner: a ChunkMap on its cluster (started now when local), cutting a batch
    in CHUNKS_PER_WORKER chunks per worker thread. Otherwise the same mapping in this process, in one chunk."""
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    runner = getattr(context, "task_runner", None)
    module = sys.modules.get("prefect_dask.task_runners")  # already imported when a flow runs on it
    if module is None or not isinstance(runner, module.DaskTaskRunner):
        return ChunkMap()
    try:
        client = runner.client
    except OSError as exc:  # a scheduler address that nothing answers: the setting is wrong, not the program
        if not runner.address:
            raise
        raise InputError(
            [
                Problem(
                    ADDRESS_ENV,
                    f"no Dask scheduler answers at {runner.address!r} ({exc}); expected the address of a running "
                    "scheduler, e.g. tcp://host:8786, or unset it to render in this process",
                    code="dask-scheduler-unreachable",
                )
            ]
        ) from None
    threads = sum(client.nthreads().values())  # {worker address: threads}
    return ChunkMap(client, CHUNKS_PER_WORKER * max(threads, 1))
