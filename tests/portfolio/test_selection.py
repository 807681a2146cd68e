"""Portfolio selection: the exact optimum against brute force, hand-worked cases for the rules, the greedy
baseline, infeasibility explained, dependency cycles, determinism and the efficient frontier."""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import pytest

from governance.portfolio import selection
from governance.portfolio.selection import (
    Binding,
    Infeasible,
    SelectionProblem,
    dependency_cycles,
    frontier,
    gap,
    greedy,
    is_feasible,
    solve_exact,
)

YEARS = [2027, 2028]


def problem(
    items: dict[str, tuple[float, float]],
    budget: float = 100.0,
    requires: tuple[tuple[str, str], ...] = (),
    mandatory: tuple[str, ...] = (),
    excluded: tuple[str, ...] = (),
    effort: dict[str, float] | None = None,
    capacity: float = np.inf,
) -> SelectionProblem:
    """One budget year and at most one resource key: items are {id: (score, cost)}, effort {id: days}."""
    ids = list(items)
    index = {item: k for k, item in enumerate(ids)}
    effort = effort or {}
    return SelectionProblem(
        ids=ids,
        score=np.array([items[i][0] for i in ids]),
        cost=np.array([[items[i][1]] for i in ids]),
        years=[2027],
        budget=np.array([budget]),
        effort=np.array([[effort.get(i, 0.0)] for i in ids]) if effort else np.zeros((len(ids), 0)),
        resources=[("architect", "2027-Q1")] if effort else [],
        capacity=np.array([capacity]) if effort else np.zeros(0),
        requires=[(index[a], index[b]) for a, b in requires],
        mandatory=frozenset(index[i] for i in mandatory),
        excluded=frozenset(index[i] for i in excluded),
    )


# ---------------------------------------------------------------------------------------------------------------
# Against brute force.


def random_problem(seed: int) -> SelectionProblem:
    """n from 1 to 15 items, 2 budget years, 3 resource keys, dependencies along a random order (no cycle),
    a few mandatory and excluded. Scores have 2 decimals, as weighted scores do, and sometimes tie or are 0.
    Limits are a share of what all items use, raised to what the forced set needs except one case in five,
    so that most cases are solvable and a few are refused."""
    rng = np.random.default_rng(seed)
    n = 1 + seed % 15
    score = np.round(rng.uniform(0, 5, n), 2) * (rng.random(n) > 0.1)
    cost = np.round(rng.uniform(0, 50, (n, 2)) * (rng.random((n, 2)) > 0.2), 0)
    effort = np.round(rng.uniform(0, 30, (n, 3)) * (rng.random((n, 3)) > 0.5), 1)
    order = rng.permutation(n)  # i may need j only when j comes earlier in this order
    requires = sorted({(int(order[a]), int(order[b])) for a in range(1, n) for b in range(a) if rng.random() < 1.5 / n})
    pick = rng.permutation(n)
    mandatory = frozenset(int(i) for i in pick[: rng.integers(0, 3)] if rng.random() < 0.5)
    excluded = frozenset(int(i) for i in pick[3 : 3 + rng.integers(0, 3)])
    forced = set(mandatory)
    while {j for i, j in requires if i in forced} - forced:
        forced |= {j for i, j in requires if i in forced}
    floor = 0 if seed % 5 == 4 else 1
    use = np.hstack([cost, effort])
    limit = np.maximum(np.round(use.sum(axis=0) * rng.uniform(0.3, 0.8, 5), 1), floor * use[sorted(forced)].sum(axis=0))
    if seed % 7 == 0:
        limit[1] = np.inf  # a year without a budget now and then
    return SelectionProblem(
        ids=[f"D{i}" for i in range(n)],
        score=score,
        cost=cost,
        years=YEARS,
        budget=limit[:2],
        effort=effort,
        resources=[("architect", "2027-Q1"), ("architect", "2027-Q2"), ("developer", "2027-Q1")],
        capacity=limit[2:],
        requires=requires,
        mandatory=mandatory,
        excluded=excluded,
    )


def keeps_the_rules(p: SelectionProblem, subsets: np.ndarray) -> np.ndarray:
    """For each subset (a row of bools), whether it keeps every limit and rule: the test's own reading."""
    use = np.hstack([p.cost, p.effort])
    limit = np.concatenate([p.budget, p.capacity])
    ok = (subsets.astype(float) @ use <= limit + 1e-9).all(axis=1)
    for i, j in p.requires:
        ok &= ~subsets[:, i] | subsets[:, j]
    for m in p.mandatory:
        ok &= subsets[:, m]
    for e in p.excluded:
        ok &= ~subsets[:, e]
    return ok


def feasible(p: SelectionProblem, mask: np.ndarray) -> bool:
    return bool(keeps_the_rules(p, np.asarray(mask)[None, :])[0]) and is_feasible(p, mask)


def brute_force(p: SelectionProblem) -> tuple[float, np.ndarray] | None:
    """The best score over every subset (None when no subset is feasible), all subsets at once."""
    n = len(p.ids)
    subsets = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)
    ok = keeps_the_rules(p, subsets)
    if not ok.any():
        return None
    scores = np.where(ok, subsets.astype(float) @ p.score, -np.inf)
    return float(scores.max()), subsets[int(scores.argmax())]


@pytest.mark.parametrize("seed", range(40))
def test_exact_matches_brute_force(seed: int) -> None:
    p = random_problem(seed)
    best = brute_force(p)
    if best is None:
        # No subset fits exactly when the forced set does not: both solvers refuse, saying why.
        with pytest.raises(Infeasible) as refused:
            solve_exact(p)
        assert refused.value.bindings
        with pytest.raises(Infeasible):
            greedy(p)
        return
    exact = solve_exact(p)
    assert exact.score == pytest.approx(best[0], abs=1e-9)
    assert exact.score == pytest.approx(float(p.score[exact.mask].sum()), abs=1e-12)
    assert feasible(p, exact.mask)
    assert exact.selected == tuple(p.ids[i] for i in np.flatnonzero(exact.mask))
    baseline = greedy(p)
    assert feasible(p, baseline.mask)
    assert baseline.score <= exact.score + 1e-9


def test_the_random_cases_are_not_trivial() -> None:
    """The brute-force comparison means something only if the cases bind, refuse and vary."""
    results = [brute_force(random_problem(seed)) for seed in range(40)]
    feasible = [r for r in results if r is not None]
    assert 0 < len(results) - len(feasible) < 10  # some refused, most solved
    assert sum(0 < r[1].sum() < r[1].size for r in feasible) >= 20  # most choose some items but not all
    assert sum(len(random_problem(seed).requires) > 0 for seed in range(40)) >= 20


# ---------------------------------------------------------------------------------------------------------------
# The rules, by hand.

# Budget 100. Alone the best pair is A + C: 10 + 7 = 17 for 70 + 30 = 100.
THREE = {"A": (10.0, 70.0), "B": (1.0, 40.0), "C": (7.0, 30.0)}


@pytest.mark.parametrize(
    "case, expected, score",
    [
        # No rule: A + C = 17 (A + B = 110 > 100; B + C = 8).
        (problem(THREE), ("A", "C"), 17.0),
        # A needs B: A + B costs 110 > 100, so A is out; B + C = 8 for 70 beats C alone (7).
        (problem(THREE, requires=(("A", "B"),)), ("B", "C"), 8.0),
        # B mandatory: 40 spent, 60 left; A (70) no longer fits, C (30) does: B + C = 8.
        (problem(THREE, mandatory=("B",)), ("B", "C"), 8.0),
        # C needs B and A is mandatory: A leaves 30, C + B need 70: A alone = 10.
        (problem(THREE, requires=(("C", "B"),), mandatory=("A",)), ("A",), 10.0),
        # C excluded: A + B = 110 > 100, so A alone (10) beats B alone (1).
        (problem(THREE, excluded=("C",)), ("A",), 10.0),
        # A needs X, which is excluded: A is out whatever it is worth; B + C = 8.
        (
            problem({**THREE, "X": (0.0, 0.0)}, requires=(("A", "X"),), excluded=("X",)),
            ("B", "C"),
            8.0,
        ),
        # A and B need each other (a cycle): both or neither, 110 > 100, so neither; C alone = 7.
        (problem(THREE, requires=(("A", "B"), ("B", "A"))), ("C",), 7.0),
        # Mandatory M needs P (cost 60): 40 left, so C (30); A (70) cannot come. M + P + C = 0 + 1 + 7 = 8.
        (
            problem({"M": (0.0, 10.0), "P": (1.0, 50.0), **THREE}, requires=(("M", "P"),), mandatory=("M",)),
            ("M", "P", "C"),
            8.0,
        ),
        # Capacity 20 days: A (15 days) and C (10) cannot both be in; A + B = 11 (budget 110 > 100 no):
        # A alone 10 vs B + C = 8 vs C alone 7: A.
        (problem(THREE, effort={"A": 15, "C": 10}, capacity=20), ("A",), 10.0),
    ],
)
def test_rules_by_hand(case: SelectionProblem, expected: tuple[str, ...], score: float) -> None:
    exact = solve_exact(case)
    assert exact.selected == expected
    assert exact.score == pytest.approx(score)
    assert feasible(case, exact.mask)


def test_zero_score_items_only_when_needed() -> None:
    # Z is free and worth nothing: left out. Y is worth nothing but A needs it: in, with A (10 for 70 + 20 = 90).
    p = problem({"A": (10.0, 70.0), "Y": (0.0, 20.0), "Z": (0.0, 0.0)}, requires=(("A", "Y"),))
    assert solve_exact(p).selected == ("A", "Y")
    assert greedy(p).selected == ("A", "Y")


def test_cost_by_year_and_binding_limits() -> None:
    # A + C spend the budget of 100 exactly: 2027 binds, with the two items that use it.
    exact = solve_exact(problem(THREE))
    assert exact.cost_by_year == {2027: 100.0}
    assert exact.binding == (Binding("budget", "2027", 100.0, 100.0, ("A", "C")),)
    # A needs B: B + C spend 70 of 100, yet the budget alone keeps A out (70 + 70 = 140 > 100): it binds.
    exact = solve_exact(problem(THREE, requires=(("A", "B"),)))
    assert exact.binding == (Binding("budget", "2027", 70.0, 100.0, ("B", "C")),)
    # Budget 1000: nothing binds.
    assert solve_exact(problem(THREE, budget=1000)).binding == ()
    # Capacity 20, A selected (70, 15 days): C (30, 10 days) fits the 30 left of the budget but not the 5 days
    # left, so capacity is full; the budget is not, since C would fit in it.
    exact = solve_exact(problem(THREE, effort={"A": 15, "C": 10}, capacity=20))
    assert exact.binding == (Binding("capacity", "architect 2027-Q1", 15.0, 20.0, ("A",)),)
    # With D (score 9, cost 40, 10 days) instead of B and C: 70 + 40 > 100 and 15 + 10 > 20, both full.
    exact = solve_exact(problem({"A": (10.0, 70.0), "D": (9.0, 40.0)}, effort={"A": 15, "D": 10}, capacity=20))
    assert exact.selected == ("A",)
    assert [b.kind for b in exact.binding] == ["budget", "capacity"]
    # An item that could never fit (cost 150 > 100) still makes the budget full: a larger one would take it.
    assert solve_exact(problem({"A": (1.0, 10.0), "G": (9.0, 150.0)})).binding == (
        Binding("budget", "2027", 10.0, 100.0, ("A",)),
    )


# ---------------------------------------------------------------------------------------------------------------
# The greedy baseline.


def test_greedy_strictly_worse_by_hand() -> None:
    # Budget 100. Score per unit of cost: A 6/51 = 0.118, B and C 5/50 = 0.100. Greedy takes A first (51),
    # then neither B nor C fits in the 49 left: 6. The optimum is B + C = 10 for exactly 100.
    p = problem({"A": (6.0, 51.0), "B": (5.0, 50.0), "C": (5.0, 50.0)})
    baseline, exact = greedy(p), solve_exact(p)
    assert (baseline.selected, baseline.score, baseline.method) == (("A",), 6.0, "greedy")
    assert (exact.selected, exact.score, exact.method) == (("B", "C"), 10.0, "exact")
    assert gap(exact, baseline) == {
        "exact_score": 10.0,
        "baseline_score": 6.0,
        "absolute": 4.0,
        "relative": 0.4,
        "gain": 4.0 / 6.0,
        "only_exact": ("B", "C"),
        "only_baseline": ("A",),
    }


def test_greedy_order_and_closure() -> None:
    # Z costs nothing (first, by score); then C 7/30 = 0.233, A 10/70 = 0.143 (with its prerequisite P),
    # P 0.5/10 = 0.05, B 1/40 = 0.025. Budget 100: Z, C (30 spent), A + P = 80 > 70 left so not,
    # P (40 spent), B (80 spent).
    items = {"A": (10.0, 70.0), "B": (1.0, 40.0), "C": (7.0, 30.0), "P": (0.5, 10.0), "Z": (2.0, 0.0)}
    assert greedy(problem(items, requires=(("A", "P"),))).selected == ("B", "C", "P", "Z")
    # With a budget of 110, A and P come together after C: Z, C, A + P = 110; B no longer fits.
    assert greedy(problem(items, budget=110, requires=(("A", "P"),))).selected == ("A", "C", "P", "Z")


# ---------------------------------------------------------------------------------------------------------------
# Refusals name what breaks.


def test_mandatory_over_budget_names_the_year() -> None:
    p = SelectionProblem(
        ids=["M1", "M2", "D3"],
        score=np.array([1.0, 1.0, 5.0]),
        cost=np.array([[80.0, 10.0], [50.0, 10.0], [5.0, 5.0]]),
        years=YEARS,
        budget=np.array([100.0, 100.0]),
        effort=np.zeros((3, 0)),
        resources=[],
        capacity=np.zeros(0),
        requires=[],
        mandatory=frozenset({0, 1}),
    )
    for solve in (solve_exact, greedy, frontier):
        with pytest.raises(Infeasible) as refused:
            solve(p)
        # 2027: 80 + 50 = 130 > 100; 2028 (20 of 100) is fine and not named.
        assert refused.value.bindings == [Binding("budget", "2027", 130.0, 100.0, ("M1", "M2"))]
    assert "budget 2027: 130.00 needed, 100.00 available (M1, M2)" in str(refused.value)
    (reported,) = refused.value.problems("demands.xlsx")
    assert (reported.file, reported.key, reported.code) == ("demands.xlsx", "2027", "infeasible-budget")


def test_mandatory_over_capacity_names_role_and_quarter() -> None:
    # Architects have 20 days left in 2027-Q1; M1 and M2 need 15 + 10 = 25. 2027-Q2 (12 of 20) is fine.
    p = SelectionProblem(
        ids=["M1", "M2", "D3"],
        score=np.array([1.0, 1.0, 5.0]),
        cost=np.zeros((3, 1)),
        years=[2027],
        budget=np.array([np.inf]),
        effort=np.array([[15.0, 2.0], [10.0, 10.0], [30.0, 0.0]]),
        resources=[("architect", "2027-Q1"), ("architect", "2027-Q2")],
        capacity=np.array([20.0, 20.0]),
        requires=[],
        mandatory=frozenset({0, 1}),
    )
    with pytest.raises(Infeasible) as refused:
        solve_exact(p)
    assert refused.value.bindings == [Binding("capacity", "architect 2027-Q1", 25.0, 20.0, ("M1", "M2"))]


def test_mandatory_needing_an_excluded_item() -> None:
    # M needs Y, which needs X, rejected: the dependency Y -> X is named, with M that pulls it in.
    p = problem(
        {"M": (1.0, 10.0), "Y": (1.0, 10.0), "X": (1.0, 10.0)},
        requires=(("M", "Y"), ("Y", "X")),
        mandatory=("M",),
        excluded=("X",),
    )
    with pytest.raises(Infeasible) as refused:
        solve_exact(p)
    assert refused.value.bindings == [Binding("dependency", "Y -> X", 1.0, 0.0, ("M",))]
    # Mandatory and excluded at once.
    with pytest.raises(Infeasible) as refused:
        greedy(problem({"M": (1.0, 10.0)}, mandatory=("M",), excluded=("M",)))
    assert refused.value.bindings == [Binding("excluded", "M", 1.0, 0.0, ("M",))]


def test_cycle_forcing_a_mandatory_over_budget() -> None:
    # M is mandatory and in a cycle with N: both are forced, 60 + 50 = 110 > 100, both named.
    p = problem({"M": (1.0, 60.0), "N": (1.0, 50.0)}, requires=(("M", "N"), ("N", "M")), mandatory=("M",))
    with pytest.raises(Infeasible) as refused:
        solve_exact(p)
    assert refused.value.bindings == [Binding("budget", "2027", 110.0, 100.0, ("M", "N"))]


def test_bad_shapes_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="cost has shape"):
        SelectionProblem(["A"], np.ones(1), np.ones((1, 2)), [2027], np.ones(1), np.zeros((1, 0)), [], np.zeros(0), [])
    with pytest.raises(ValueError, match=">= 0"):
        SelectionProblem(["A"], -np.ones(1), np.ones((1, 1)), [2027], np.ones(1), np.zeros((1, 0)), [], np.zeros(0), [])
    with pytest.raises(ValueError, match="refer to items"):
        SelectionProblem(
            ["A"], np.ones(1), np.ones((1, 1)), [2027], np.ones(1), np.zeros((1, 0)), [], np.zeros(0), [(0, 1)]
        )


# ---------------------------------------------------------------------------------------------------------------
# Cycles, determinism, the frontier.


@pytest.mark.parametrize(
    "requires, expected",
    [
        ([(0, 1), (1, 2), (2, 3)], []),  # a chain
        ([(0, 1), (0, 2), (1, 3), (2, 3)], []),  # a diamond
        ([(0, 1), (1, 0)], [["A", "B"]]),
        ([(3, 1), (1, 2), (2, 3)], [["B", "C", "D"]]),  # listed from the first in input order, along the needs
        ([(2, 2)], [["C"]]),  # C needs itself
        ([(3, 4), (4, 3), (0, 2), (2, 1), (1, 0), (4, 0)], [["A", "C", "B"], ["D", "E"]]),  # two knots
    ],
)
def test_dependency_cycles(requires: list[tuple[int, int]], expected: list[list[str]]) -> None:
    assert dependency_cycles(["A", "B", "C", "D", "E"], requires) == expected


def medium_problem(seed: int = 11, n: int = 120) -> SelectionProblem:
    """Enough items, ties (scores in steps of 0.05) and binding limits for the solver to have choices."""
    rng = np.random.default_rng(seed)
    cost = np.round(rng.lognormal(3, 0.8, (n, 2)), 0)
    effort = np.round(rng.uniform(0, 20, (n, 4)) * (rng.random((n, 4)) > 0.6), 0)
    return SelectionProblem(
        ids=[f"D{i:03d}" for i in range(n)],
        score=np.round(rng.integers(20, 101, n) * 0.05, 2),
        cost=cost,
        years=YEARS,
        budget=np.round(cost.sum(axis=0) * 0.4, 0),
        effort=effort,
        resources=[("architect", "2027-Q1"), ("architect", "2027-Q2"), ("data", "2027-Q1"), ("data", "2027-Q2")],
        capacity=np.round(effort.sum(axis=0) * 0.5, 0),
        requires=sorted({(int(i), int(rng.integers(0, i))) for i in rng.choice(np.arange(1, n), n // 10)}),
        mandatory=frozenset({3, 50}),
        excluded=frozenset({7}),
    )


def test_same_problem_same_selection() -> None:
    p = medium_problem()
    first, second = solve_exact(p), solve_exact(p)
    assert first.selected == second.selected
    assert np.array_equal(first.mask, second.mask)
    assert greedy(p).selected == greedy(p).selected


def test_optimal_and_bound() -> None:
    p = medium_problem()
    exact, baseline = solve_exact(p), greedy(p)
    assert exact.optimal and exact.bound == exact.score
    assert not baseline.optimal and baseline.bound == np.inf


def test_a_time_limit_returns_the_best_found_flagged() -> None:
    # A limit of 0 stops the solver before it proves anything (whatever the machine's speed): the selection is
    # feasible, never below greedy, not claimed optimal, and the bound is a true bound of the optimum.
    p = medium_problem()
    stopped, exact, baseline = solve_exact(p, time_limit=0.0), solve_exact(p), greedy(p)
    assert not stopped.optimal and stopped.method == "exact"
    assert feasible(p, stopped.mask)
    assert baseline.score <= stopped.score <= exact.score <= stopped.bound
    # The frontier stays non-decreasing when points stop early (the smallest budget may still be proven).
    points = frontier(p, points=6, time_limit=0.0)
    scores = [point.score for point in points]
    assert not all(point.optimal for point in points) and scores == sorted(scores)


def test_solver_output_goes_to_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    # What HiGHS writes to the C stdout while solving lands on stderr: stdout may carry --json output.
    with selection._stray_output_to_stderr():
        os.write(1, b"HighsMipSolverData::transformNewIntegerFeasibleSolution\n")
    print("after")
    out, err = capfd.readouterr()
    assert (out, err) == ("after\n", "HighsMipSolverData::transformNewIntegerFeasibleSolution\n")


def test_exact_beats_greedy_on_a_medium_case() -> None:
    p = medium_problem()
    exact, baseline = solve_exact(p), greedy(p)
    assert feasible(p, exact.mask) and feasible(p, baseline.mask)
    assert baseline.score <= exact.score
    assert {"D003", "D050"} <= set(exact.selected) and "D007" not in exact.selected
    assert {b.kind for b in exact.binding} >= {"budget"}


@pytest.mark.parametrize("unbudgeted", [False, True])
def test_frontier_is_monotone_and_includes_the_given_budget(unbudgeted: bool) -> None:
    p = medium_problem(seed=5, n=60)
    if unbudgeted:
        p = replace(p, budget=np.array([np.inf, np.inf]))
    points = frontier(p, points=8)
    factors = [point.budget_factor for point in points]
    assert factors == sorted(factors) and 1.0 in factors
    # 8 evenly spaced, and 1.0; without a budget, 1.0 funds everything and is the last of the 8.
    assert len(points) == (8 if unbudgeted else 9)
    scores = [point.score for point in points]
    assert all(a <= b + 1e-9 for a, b in zip(scores, scores[1:]))
    assert scores[0] < scores[-1]
    assert points[factors.index(1.0)].score == pytest.approx(solve_exact(p).score, abs=1e-9)
    # The first point funds exactly the forced set: the mandatory items and what they need.
    forced = set(p.mandatory)
    while {j for i, j in p.requires if i in forced} - forced:
        forced |= {j for i, j in p.requires if i in forced}
    assert forced > set(p.mandatory)  # D003 needs D001: the closure counts
    forced = p.cost[sorted(forced)].sum(axis=0)
    reference = p.cost[[i for i in range(len(p.ids)) if i not in p.excluded]].sum(axis=0) if unbudgeted else p.budget
    assert factors[0] == pytest.approx(max(forced / reference))
    assert points[0].total_budget == pytest.approx(factors[0] * reference.sum())
