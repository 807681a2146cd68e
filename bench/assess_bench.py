"""Benchmark: `pmo assess run` on the example engagement, split into Prefect's start-up and the work.

Usage: python bench/assess_bench.py [--repeat 3]
Prints medians of:
  - a cold process running an empty flow (Prefect's floor: import + temporary server + one flow run),
  - a cold process running `pmo assess run` on a fresh example engagement (what a user waits for),
  - the work alone, stage by stage, in-process without Prefect (the task functions called directly),
  - a warm in-process flow run (the work plus Prefect's per-run cost; shows no heartbeat wait).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EMPTY_FLOW = """
import time; t0 = time.perf_counter()
from flows.runtime import quiet_prefect, run_flow; quiet_prefect()
from prefect import flow
@flow
def empty() -> int:
    return 1
run_flow(empty)
print(time.perf_counter() - t0)
"""


def cold(command: list[str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(completed.stderr)
    return time.perf_counter() - start


def fresh_engagement(folder: Path) -> Path:
    from governance.example.engagement import create_example_engagement

    root = folder / f"e{time.perf_counter_ns()}"
    create_example_engagement(root, "fr")
    return root


def stages(root: Path) -> dict[str, float]:
    from flows.assessment import load_campaigns, render_report, score_campaigns, store_campaigns

    timings = {}
    t = time.perf_counter()
    engagement, found = load_campaigns.fn(str(root), None, None)
    timings["load + validate"] = time.perf_counter() - t
    t = time.perf_counter()
    scored = score_campaigns.fn(engagement, found)
    timings["score"] = time.perf_counter() - t
    t = time.perf_counter()
    from governance.core.publish import publish, staged_outputs
    from governance.core.store import session_scope

    with session_scope(engagement.database_url()) as session:
        previous_campaign, previous_scores = store_campaigns.fn(engagement, found, scored, session)
    timings["store"] = time.perf_counter() - t
    current = next(s for s in scored if s.campaign.name == found.selected)
    t = time.perf_counter()
    with staged_outputs(engagement.out_dir) as staging:
        render_report.fn(engagement, found, current, previous_campaign, previous_scores, staging)
        publish(staging, "assessment")
    timings["render report"] = time.perf_counter() - t
    return timings


def main() -> None:
    from flows.runtime import quiet_prefect

    quiet_prefect()
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        floor = [cold([sys.executable, "-c", EMPTY_FLOW]) for _ in range(repeat)]
        full = [
            cold([sys.executable, "-m", "flows.cli", "assess", "run", str(fresh_engagement(folder))])
            for _ in range(repeat)
        ]
        runs = [stages(fresh_engagement(folder)) for _ in range(repeat)]
        work = {name: statistics.median(r[name] for r in runs) for name in runs[0]}

        from flows.assessment import capability_assessment
        from flows.runtime import run_flow

        root = fresh_engagement(folder)
        run_flow(capability_assessment, engagement_dir=str(root))  # warm the server
        warm = []
        for _ in range(repeat):
            t = time.perf_counter()
            run_flow(capability_assessment, engagement_dir=str(root))
            warm.append(time.perf_counter() - t)

    print(f"cold process, empty flow (Prefect floor)     {statistics.median(floor):6.2f} s")
    print(f"cold process, pmo assess run                 {statistics.median(full):6.2f} s")
    print(f"  of which above Prefect's floor             {statistics.median(full) - statistics.median(floor):6.2f} s")
    print("work alone, in-process, no Prefect:")
    for name, seconds in work.items():
        print(f"  {name:<40} {seconds:6.2f} s")
    print(f"  {'total':<40} {sum(work.values()):6.2f} s")
    print(f"warm in-process flow run (work + Prefect)    {statistics.median(warm):6.2f} s")


if __name__ == "__main__":
    main()
