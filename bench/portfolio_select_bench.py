"""Benchmark: portfolio selection on a seeded, realistic register, exact (HiGHS) against the greedy baseline.

Usage: python bench/portfolio_select_bench.py [--demands 500] [--roles 12] [--quarters 8] [--years 3]
           [--budget-share 0.4] [--mandatory 10] [--scarce 0.25] [--points 12] [--time-limit S] [--seed 2027]
Prints the time to build the problem, the exact and greedy selections (time, score, the gap), what is full at
the optimum, the efficient frontier's time point by point (--points 0 skips it; --time-limit caps each point),
and the peak RSS of the process. Times are wall-clock seconds with the CPU seconds of the process beside them.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from governance.portfolio.model import quarters_between  # noqa: E402
from governance.portfolio.selection import (  # noqa: E402
    SelectionProblem,
    frontier,
    gap,
    greedy,
    solve_exact,
)

# Five criteria on the 1-5 scale, weights summing to 1: weighted scores are multiples of 0.05, so ties are many,
# as on a real board.
WEIGHTS = np.array([0.30, 0.25, 0.20, 0.15, 0.10])
DAY_RATE = 750.0  # internal cost of a person-day
FIRST_YEAR = 2027


def build(args: argparse.Namespace) -> SelectionProblem:
    """Demands of 1 to 6 quarters on 1 to 4 roles, with external spend and a run cost into the last budget year."""
    rng = np.random.default_rng(args.seed)
    n, roles, quarters = args.demands, args.roles, quarters_between(f"{FIRST_YEAR}-Q1", _last_quarter(args.quarters))
    years = [FIRST_YEAR + k for k in range(args.years)]
    score = np.round(rng.integers(1, 6, size=(n, len(WEIGHTS))) @ WEIGHTS, 2)

    keys = [(f"role-{r + 1:02d}", q) for r in range(roles) for q in quarters]
    effort = np.zeros((n, len(keys)))
    cost = np.zeros((n, len(years)))
    # Sizes are skewed: most demands are small, a few are large programmes.
    size = rng.lognormal(mean=0.0, sigma=0.8, size=n)
    for i in range(n):
        start = rng.integers(0, len(quarters))
        length = min(rng.integers(1, 7), len(quarters) - start)
        used_roles = rng.choice(roles, size=rng.integers(1, 5), replace=False)
        for q in range(start, start + length):
            year = int(quarters[q][:4]) - FIRST_YEAR
            for r in used_roles:
                days = round(float(size[i] * rng.uniform(5, 40)), 1)
                effort[i, r * len(quarters) + q] = days
                if year < len(years):
                    cost[i, year] += days * DAY_RATE
        external = size[i] * rng.uniform(0, 150_000)
        first_year = min(int(quarters[start][:4]) - FIRST_YEAR, len(years) - 1)
        cost[i, first_year] += external
        cost[i, -1] += external * rng.uniform(0, 0.3)  # the run cost once delivered
    cost = np.round(cost, 2)
    budget = np.round(args.budget_share * cost.sum(axis=0), 0)

    # Capacity: what each role has left after the running projects. A few scarce roles (architects, data) have
    # 25 to 45 % of what the demands ask of them and bind; the others have 60 to 110 % and seldom do.
    scarce = rng.permutation(roles)[: round(roles * args.scarce)]
    share = rng.uniform(0.6, 1.1, size=roles)
    share[scarce] = rng.uniform(0.25, 0.45, size=scarce.size)
    capacity = np.round(effort.sum(axis=0) * np.repeat(share, len(quarters)), 1)

    # About 10 % of the demands need one or two earlier ones (earlier in the register: no cycle).
    requires = []
    for i in rng.choice(np.arange(1, n), size=max(n // 10, 1), replace=False):
        for j in rng.choice(i, size=min(rng.integers(1, 3), i), replace=False):
            requires.append((int(i), int(j)))
    # Mandatory: regulatory demands, among the smaller ones so that they fit; a few demands rejected.
    small = np.flatnonzero(size < np.quantile(size, 0.5))
    mandatory = frozenset(int(i) for i in rng.choice(small, size=min(args.mandatory, small.size), replace=False))
    pullers = {i for i, _ in requires} | {j for _, j in requires}
    rejectable = np.array([i for i in range(n) if i not in mandatory and i not in pullers])
    excluded = frozenset(int(i) for i in rng.choice(rejectable, size=min(n // 50, rejectable.size), replace=False))
    return SelectionProblem(
        ids=[f"D-{i + 1:04d}" for i in range(n)],
        score=score,
        cost=cost,
        years=years,
        budget=budget,
        effort=effort,
        resources=keys,
        capacity=capacity,
        requires=sorted(set(requires)),
        mandatory=mandatory,
        excluded=excluded,
    )


def _last_quarter(count: int) -> str:
    index = FIRST_YEAR * 4 + count - 1
    return f"{index // 4}-Q{index % 4 + 1}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--demands", type=int, default=500)
    parser.add_argument("--roles", type=int, default=12)
    parser.add_argument("--quarters", type=int, default=8)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--budget-share", type=float, default=0.4)
    parser.add_argument("--mandatory", type=int, default=10)
    parser.add_argument("--scarce", type=float, default=0.25, help="share of the roles whose capacity binds")
    parser.add_argument("--points", type=int, default=12, help="frontier points (0: no frontier)")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds per frontier point")
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args()

    start = time.perf_counter()
    problem = build(args)
    built = time.perf_counter() - start
    print(
        f"Portfolio selection: {len(problem.ids)} demands, {len(problem.resources)} capacity keys "
        f"({args.roles} roles x {args.quarters} quarters), {len(problem.years)} budget years, "
        f"{len(problem.requires)} dependencies, {len(problem.mandatory)} mandatory, {len(problem.excluded)} excluded"
    )
    print(f"  build: {built * 1000:.0f} ms")

    cpu = time.process_time()
    exact = solve_exact(problem)
    exact_cpu = time.process_time() - cpu
    again = solve_exact(problem)
    baseline = greedy(problem)
    difference = gap(exact, baseline)
    print(
        f"  exact:  {exact.seconds:.2f} s ({exact_cpu:.2f} s CPU), score {exact.score:.2f}, "
        f"{len(exact.selected)} selected, optimal: {exact.optimal}"
    )
    print(f"  again:  {again.seconds:.2f} s, same selection: {again.selected == exact.selected}")
    print(f"  greedy: {baseline.seconds * 1000:.0f} ms, score {baseline.score:.2f}, {len(baseline.selected)} selected")
    print(f"  gap: {difference['absolute']:.2f} points ({difference['relative'] * 100:.2f} %)")
    full = [b for b in exact.binding if b.kind == "capacity"]
    print(
        f"  full at the optimum: budget {', '.join(b.key for b in exact.binding if b.kind == 'budget') or 'none'}; "
        f"{len(full)} capacity keys of roles {', '.join(sorted({b.key.split()[0] for b in full})) or 'none'}"
    )

    if args.points:
        start, cpu = time.perf_counter(), time.process_time()
        points = frontier(problem, points=args.points, time_limit=args.time_limit)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        proven = sum(point.optimal for point in points)
        print(f"  frontier: {seconds:.2f} s ({cpu:.2f} s CPU) for {len(points)} points, {proven} proven optimal")
        for point in points:
            print(
                f"    x{point.budget_factor:.3f}  budget {point.total_budget / 1e6:7.2f} M  score {point.score:8.2f}  "
                f"{len(point.selected)} selected{'' if point.optimal else '  (time limit)'}"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"  peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    main()
