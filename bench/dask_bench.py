"""Benchmark: `templates generate --projects` for N projects, sequential against Dask with 2 worker processes.

Usage: python bench/dask_bench.py [--projects 1000] [--workers 2] [--repeat 3] [--chunks-per-worker 4 ...]
                                  [--prefect-tasks] [--skip-cold]
Every run goes through the `template_generation` flow as the CLI runs it (ephemeral Prefect API). Documents per
second are counted over the whole flow call, and over its render step alone (what Dask changes: planning, the
staging copy of the previous outputs, publishing and Prefect's own work are the same in both); best of --repeat
rounds of one run per mode (the machine may be shared: the load comes and goes). Printed:
  - sequential (the default),
  - `--dask --workers N`: a local cluster of N processes started by the run (what a one-off command costs),
  - PMO_DASK_ADDRESS: a cluster already running (started here once, its workers warmed by a first run), per
    --chunks-per-worker value,
  - with --prefect-tasks: one Prefect task per chunk submitted to the DaskTaskRunner (the design not chosen: each
    worker process then starts its own temporary Prefect server),
and whether every Dask run wrote the same files, byte for byte, and the same manifest as the sequential run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kit_bench import project_list  # noqa: E402 (the benches' shared input: the example portfolio repeated)


def written(root: Path) -> dict[str, str]:
    """sha256 of every file of out/projects/, the manifest included, read back from disk."""
    folder = root / "out" / "projects"
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def cpu_seconds() -> tuple[float, float]:
    """CPU used so far by this process (the flow, and a local cluster's scheduler) and by Dask's worker processes
    (alive, or ended and reaped); Prefect's temporary server is left out."""
    import psutil

    own = os.times()
    workers = own.children_user + own.children_system
    for child in psutil.Process().children(recursive=True):
        try:
            if "spawn_main" in " ".join(child.cmdline()):  # multiprocessing's spawned processes: the workers
                workers += sum(child.cpu_times()[:2])
        except psutil.Error:
            pass
    return own.user + own.system, workers


@dataclass(order=True)
class Run:
    seconds: float  # the flow call, wall time
    render: float  # its render step (the documents rendered into the staging folder), wall time
    count: int
    own_cpu: float  # this process (the flow, and a local cluster's scheduler)
    workers_cpu: float


RENDERED: list[float] = []


def timing_render_jobs(render_jobs):
    """flows.kit's render_jobs, timed: the step Dask changes, apart from what both runs share (Prefect, planning,
    the staging copy of the previous outputs, publishing)."""

    def timed_render(*args, **kwargs):
        start = time.perf_counter()
        try:
            return render_jobs(*args, **kwargs)
        finally:
            RENDERED.append(time.perf_counter() - start)

    return timed_render


def timed(flow, root: Path, listing: Path) -> Run:
    """One run of the flow, with the CPU seconds of this process and of the workers (the machine may be shared:
    CPU tells what wall time hides)."""
    from flows.runtime import run_flow

    before = cpu_seconds()
    start = time.perf_counter()
    outcome = run_flow(flow, engagement_dir=str(root), projects=str(listing))
    seconds = time.perf_counter() - start
    after = cpu_seconds()
    if not outcome.ok:
        raise SystemExit(outcome.problems)
    return Run(seconds, RENDERED[-1], outcome.result["count"], after[0] - before[0], after[1] - before[1])


def report(label: str, runs: list[Run], same: bool | None, sequential: list[Run] | None) -> None:
    """The best run (and the best render step) of a mode, against the sequential ones."""
    best, render = min(runs), min(r.render for r in runs)
    cpu = f"CPU {best.own_cpu:.1f} s here" + (
        f" + {best.workers_cpu:.1f} s in workers" if best.workers_cpu >= 0.05 else ""
    )
    ratio = render_ratio = ""
    if sequential:
        ratio = f" = {min(sequential).seconds / best.seconds:.2f}x"
        render_ratio = f" = {min(r.render for r in sequential) / render:.2f}x"
    bytes_ = "" if same is None else ("; same bytes" if same else "; BYTES DIFFER")
    print(
        f"{label:<48} {best.count} documents in {best.seconds:5.2f} s = {best.count / best.seconds:4.0f} documents/s"
        f"{ratio}; render step {render:.2f} s = {best.count / render:4.0f} documents/s{render_ratio} ({cpu}; runs "
        f"{', '.join(f'{r.seconds:.2f}' for r in runs)} s){bytes_}",
        flush=True,
    )


def run_chunk(function, chunk):
    """What each Prefect task runs (the design not chosen): one chunk."""
    return function(chunk)


def map_as_tasks(function, chunks, done, first=None):
    """A ChunkMap of Prefect tasks: one task per chunk submitted to the flow's DaskTaskRunner."""
    from prefect import task
    from prefect.cache_policies import NONE

    chunk_task = task(run_chunk, cache_policy=NONE)
    futures = [chunk_task.submit(function, chunk) for chunk in chunks]
    if first:
        first()
    results = []
    for future in futures:
        results.append(future.result())
        if done:
            done(results[-1])
    return results


def prefect_task_flow(workers: int):
    """The design not chosen: the flow's steps, but the batch rendered in the flow's body with each chunk a Prefect
    task on the DaskTaskRunner (submitted from a task instead, the task's context would travel with each chunk,
    and the plan it holds, whose parsed templates do not pickle)."""
    # Imported by its name, not as __main__: the worker processes import it to find the task's function.
    from dask_bench import map_as_tasks
    from prefect import flow

    from flows.kit import plan_kit, publish_kit
    from flows.parallel import Parallel, task_runner
    from governance.core.publish import staged_outputs
    from governance.kit.render import render_jobs, summary

    @flow(name="template_generation_prefect_tasks", task_runner=task_runner(Parallel(workers=workers)))
    def generation(engagement_dir: str, projects: str) -> dict:
        started = time.perf_counter()
        plan = plan_kit(engagement_dir, None, None, projects)
        with staged_outputs(plan.engagement.out_dir) as staging:
            outputs = timing_render_jobs(render_jobs)(plan, staging, map_chunks=map_as_tasks, chunks=4 * workers)
            published = publish_kit(plan, staging, outputs)
        return summary(plan, outputs, published, time.perf_counter() - started)

    return generation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chunks-per-worker", type=int, nargs="+", default=[4])
    parser.add_argument("--prefect-tasks", action="store_true", help="also time one Prefect task per chunk")
    parser.add_argument("--skip-cold", action="store_true", help="no run starting its own local cluster")
    args = parser.parse_args()

    from flows.runtime import quiet_prefect

    quiet_prefect()
    os.environ.pop("PMO_DASK_ADDRESS", None)
    from distributed import LocalCluster

    import flows.kit
    import flows.parallel
    from flows.kit import template_generation
    from flows.parallel import Parallel, task_runner, with_parallel
    from governance.example.engagement import create_example_engagement

    flows.kit.render_jobs = timing_render_jobs(flows.kit.render_jobs)
    print(f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "engagement"
        create_example_engagement(root, "fr")
        listing = project_list(root / "data" / f"projets-{args.projects}.csv", args.projects)
        small = project_list(root / "data" / "projets-10.csv", 10)
        timed(template_generation, root, small)  # Prefect's temporary server started before anything is timed
        # No Client here: a default client would be picked up by every DaskTaskRunner, the per-run ones included.
        with LocalCluster(**task_runner(Parallel(workers=args.workers)).cluster_kwargs) as cluster:
            existing = with_parallel(template_generation, Parallel(address=cluster.scheduler_address))
            timed(existing, root, small)  # the workers import the renderer's modules once, as a running one has
            modes = [("sequential", template_generation, None)]
            if not args.skip_cold:
                modes.append(
                    (
                        f"--dask --workers {args.workers} (cluster started by the run)",
                        with_parallel(template_generation, Parallel(workers=args.workers)),
                        None,
                    )
                )
            modes += [
                (f"PMO_DASK_ADDRESS, {args.workers} running workers, {n * args.workers} chunks", existing, n)
                for n in args.chunks_per_worker
            ]
            # Rounds of one run per mode, best of each: on a shared machine the load comes and goes.
            runs: dict[str, list[tuple]] = {label: [] for label, _, _ in modes}
            same: dict[str, bool] = {}
            reference: dict[str, str] | None = None
            for _ in range(args.repeat):
                for label, flow, per_worker in modes:
                    if per_worker:
                        flows.parallel.CHUNKS_PER_WORKER = per_worker
                    runs[label].append(timed(flow, root, listing))
                    files = written(root)
                    reference = reference or files
                    same[label] = same.get(label, True) and files == reference
            sequential = runs["sequential"]
            for label, _, _ in modes:
                report(label, runs[label], None if label == "sequential" else same[label], sequential)
        if args.prefect_tasks:
            label = f"one Prefect task per chunk ({4 * args.workers}) on DaskTaskRunner"
            runs[label] = [timed(prefect_task_flow(args.workers), root, listing)]
            same[label] = written(root) == reference
            report(label, runs[label], same[label], sequential)
        print(f"bytes identical to the sequential run in every Dask run: {'yes' if all(same.values()) else 'NO'}")
        print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":  # Dask's worker processes are spawned: they import this module, and must not run it
    main()
