"""Benchmark: cold `pmo` commands on Prefect's ephemeral API against the same commands with the pmo server running.

Usage: python bench/cli_bench.py [--repeat 3] [--projects 10000] [--months 36] [--no-large]

Printed:
  - per command (`pmo assess run`, `pmo governance setup`, `pmo review`) on the example engagement (`pmo init`),
    the wall time of a cold `pmo` process, from spawn to exit: with no server (each process starts Prefect's
    ephemeral API) and with `pmo server start` running (goal: under 3 s each);
  - the monthly review of a synthetic portfolio (bench/review_bench.py's, `--projects` x `--months`, history
    seeded first) as one cold `pmo review`, against the pmo server (goal: under 5 s) and on the ephemeral API.
Each mode first runs every command once, uncounted (its database created, files in the OS cache, bytecode
compiled: a consultant's installed kit has its .pyc files, so they are cached here under a temporary
PYTHONPYCACHEPREFIX rather than recompiled each time); then each figure is the median of `--repeat` runs on a
fresh copy of the engagement, the same sequence of commands in both modes, printed with the median CPU time of
the `pmo` process (the server's own work is not in it), which other work on a busy machine inflates less.
Everything runs in a temporary folder with its own PMO_HOME and PREFECT_HOME: the server started here is this
benchmark's and is stopped at the end; a pmo server the user runs is neither used nor touched. Figures only:
nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "pmo assess run": ["assess", "run", "{dir}"],
    "pmo governance setup": ["governance", "setup", "{dir}"],
    "pmo review": ["review", "{dir}", "--period", "2026-10"],
}


def child_env(work: Path, mode: str) -> dict[str, str]:
    """A consultant's shell: no Prefect settings; the data folder of this mode (the server's, or an empty one)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != "PMO_DATABASE_URL"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env["PMO_HOME"] = str(work / ("home" if mode == "server" else "no-server"))
    env["PREFECT_HOME"] = str(work / "ephemeral-prefect")  # the ephemeral API's database, not ~/.prefect
    return env


def pmo(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """A cold `pmo ARGS` process: its wall time, and the CPU time it used (user + system; a server's is not in it)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"pmo {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def command_times(work: Path, example: Path, mode: str, repeat: int) -> dict[str, list[tuple[float, float]]]:
    env = child_env(work, mode)
    warm = work / f"warm-{mode}"
    shutil.copytree(example, warm)
    for args in COMMANDS.values():
        pmo([a.format(dir=warm) for a in args], env)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
    for run in range(repeat):
        engagement = work / f"{mode}-{run}"
        shutil.copytree(example, engagement)
        for name, args in COMMANDS.items():
            times[name].append(pmo([a.format(dir=engagement) for a in args], env))
    return times


def large_review(work: Path, projects: int, months: int, repeat: int) -> tuple[float, dict[str, list]]:
    """Seed the synthetic portfolio, then time cold `pmo review` of its last month in both modes."""
    sys.path.insert(0, str(ROOT / "bench"))
    import review_bench

    if "engagement_id" not in review_bench.CONFIG:  # its pmo.yaml predates engagement ids: give it one
        review_bench.CONFIG += "engagement_id: bench-industries\n"
    root = work / f"p{projects}"
    start = time.perf_counter()
    period = review_bench.seed(root, projects, months)
    seeded = time.perf_counter() - start
    times = {}
    for mode, runs in (("server", repeat), ("ephemeral", 1)):
        times[mode] = [pmo(["review", str(root), "--period", period], child_env(work, mode)) for _ in range(runs)]
    # The same with --json: every project's figures in one document (what a script reads).
    review = ["review", str(root), "--period", period, "--json"]
    times["server --json"] = [pmo(review, child_env(work, "server")) for _ in range(repeat)]
    return seeded, times


def figure(runs: list[tuple[float, float]]) -> str:
    """Median wall time, and median CPU time (what a busy machine cannot inflate as much)."""
    return f"{statistics.median(w for w, _ in runs):5.2f} s (cpu {statistics.median(c for _, c in runs):4.2f})"


def start_server(env: dict[str, str]) -> None:
    start = time.perf_counter()
    started = subprocess.run(
        [sys.executable, "-m", "flows.cli", "server", "start", "--port", "0", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if started.returncode:
        raise SystemExit(f"pmo server start failed:\n{started.stderr}")
    print(f"pmo server start: {time.perf_counter() - start:.1f} s ({json.loads(started.stdout)['url']})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--no-large", action="store_true", help="skip the synthetic portfolio's review")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f} at start; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="pmo-cli-bench-") as tmp:
        work = Path(tmp)
        example = work / "example"
        pmo(["init", str(example)], child_env(work, "ephemeral"))
        results = {"ephemeral": command_times(work, example, "ephemeral", args.repeat)}
        env = child_env(work, "server")
        try:
            start_server(env)
            results["server"] = command_times(work, example, "server", args.repeat)
            print(f"\nCold `pmo` process on the example engagement, median of {args.repeat} (goal, server: < 3 s)")
            print(f"  {'command':<22} {'ephemeral API':>22} {'pmo server':>22}")
            for name in COMMANDS:
                print(f"  {name:<22} {figure(results['ephemeral'][name]):>22} {figure(results['server'][name]):>22}")
            if not args.no_large:
                seeded, times = large_review(work, args.projects, args.months, args.repeat)
                print(
                    f"\nMonthly review of {args.projects:,} projects ({args.months} months, history seeded in "
                    f"{seeded:.0f} s), cold `pmo review` (goal, server: < 5 s)"
                )
                runs = ", ".join(f"{wall:.2f}" for wall, _ in times["server"])
                print(f"  pmo server     {figure(times['server'])}  runs: {runs} s")
                print(f"  ephemeral API  {figure(times['ephemeral'])}")
                print(f"  pmo server, --json (every project in one document)  {figure(times['server --json'])}")
        finally:
            subprocess.run(
                [sys.executable, "-m", "flows.cli", "server", "stop"], cwd=ROOT, env=env, capture_output=True
            )
        print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
