"""Portfolio selection: the demands that maximise the weighted score within budget, capacity and dependencies."""

from __future__ import annotations

import ctypes
import math
import os
import sys
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np

from governance.core.problems import Problem

# Costs and days are sums of floats: a use may exceed its limit by this much (relative, at least 1e-9 absolute)
# and still fit, so that a budget spent to the cent is not refused for rounding.
TOLERANCE = 1e-9
# A constraint within this much of its limit (relative, at least 1e-6 absolute) is reported as binding.
BINDING_TOLERANCE = 1e-6
# HiGHS stops at a relative gap of 1e-4 by default: a selection up to 0.01 % below the best. Gap 0 proves the
# optimum; the absolute gap (HiGHS default 1e-6) is left, as weighted scores differ by far more than that.
# Time taken is not a setting here: HiGHS's answer does not depend on it unless a time limit stops it.
SOLVER_OPTIONS = {"mip_rel_gap": 0.0, "presolve": True}
# Only if HiGHS rounds a binary to within its integrality tolerance and the rounded selection overshoots a limit:
# solve again with these (never seen on realistic instances; a guard, not a path).
STRICT_OPTIONS = {"mip_feasibility_tolerance": 1e-10, "primal_feasibility_tolerance": 1e-10}


@dataclass(frozen=True)
class SelectionProblem:
    """The candidates, their value and what they use, the limits, and the rules that tie them.

    Costs, effort, budgets and capacity are >= 0 (the caller clips remaining capacity at 0); a year without a
    budget is np.inf. Arrays are converted to float on construction; bad shapes raise ValueError (a programming
    error of the caller, not bad input of the user: the register's readers report those as Problems).
    """

    ids: list[str]  # n items
    score: np.ndarray  # (n,) value to maximise (weighted score, >= 0)
    cost: np.ndarray  # (n, Y) cost per budget year
    years: list[int]  # Y
    budget: np.ndarray  # (Y,) np.inf where none
    effort: np.ndarray  # (n, K) days per resource key
    resources: list[tuple[str, str]]  # K keys (role, quarter "2027-Q1")
    capacity: np.ndarray  # (K,) remaining days, >= 0
    requires: list[tuple[int, int]]  # (i, j): i needs j
    mandatory: frozenset[int] = frozenset()
    excluded: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        n, years, keys = len(self.ids), len(self.years), len(self.resources)
        arrays = {
            "score": (self.score, (n,)),
            "cost": (self.cost, (n, years)),
            "budget": (self.budget, (years,)),
            "effort": (self.effort, (n, keys)),
            "capacity": (self.capacity, (keys,)),
        }
        for name, (value, shape) in arrays.items():
            array = np.asarray(value, dtype=float)
            if array.size == 0:  # an empty list has no second axis
                array = array.reshape(shape)
            if array.shape != shape:
                raise ValueError(f"{name} has shape {array.shape}, expected {shape}")
            if np.isnan(array).any() or (array < 0).any():
                raise ValueError(f"{name} must be >= 0 and not NaN")
            if name != "budget" and np.isinf(array).any():
                raise ValueError(f"{name} must be finite")
            object.__setattr__(self, name, array)
        if len(set(self.ids)) != n:
            raise ValueError("ids must be unique")
        object.__setattr__(self, "requires", [(int(i), int(j)) for i, j in self.requires])
        object.__setattr__(self, "mandatory", frozenset(int(i) for i in self.mandatory))
        object.__setattr__(self, "excluded", frozenset(int(i) for i in self.excluded))
        indices = [k for edge in self.requires for k in edge] + [*self.mandatory, *self.excluded]
        if any(not 0 <= k < n for k in indices):
            raise ValueError(f"requires, mandatory and excluded refer to items 0..{n - 1}")


@dataclass(frozen=True)
class Binding:
    """A constraint that makes the problem infeasible, or that binds at a selection.

    kind is "budget" (key: the year), "capacity" (key: "role quarter"), "dependency" (key: "A -> B", A needs B,
    which is excluded) or "excluded" (key: an item both mandatory and excluded). needed is what the forced set
    needs (infeasible) or what the selection uses (binding); available is the limit (0 for an excluded item).
    """

    kind: str
    key: str
    needed: float
    available: float
    items: tuple[str, ...]  # the ids responsible: forced items using it, or selected items using it

    def __str__(self) -> str:
        who = f" ({', '.join(self.items)})" if self.items else ""
        if self.kind == "dependency":
            return f"dependency {self.key}: the prerequisite is excluded{who}"
        if self.kind == "excluded":
            return f"{self.key} is both mandatory and excluded"
        return f"{self.kind} {self.key}: {self.needed:,.2f} needed, {self.available:,.2f} available{who}"


@dataclass(frozen=True)
class Selection:
    method: str  # "exact" | "greedy"
    selected: tuple[str, ...]  # in input order
    mask: np.ndarray  # (n,) bool
    score: float
    cost_by_year: dict[int, float]
    # Budget years and capacity keys that are full at this selection (see _binding_rows).
    binding: tuple[Binding, ...]
    seconds: float
    # Proven optimal: always for "exact" unless a time limit stopped the solver first; never claimed for "greedy".
    optimal: bool = False
    # The best score any selection could reach, as far as the solver proved (the score itself when optimal).
    bound: float = math.inf


@dataclass(frozen=True)
class FrontierPoint:
    budget_factor: float  # every year's budget multiplied by this
    total_budget: float  # the sum of the scaled budgets over the years
    score: float
    selected: tuple[str, ...]
    optimal: bool = True  # False only when a time limit stopped the solver at this point


class Infeasible(Exception):
    """The mandatory demands (with what they need) cannot all be selected; `bindings` says which limit breaks."""

    def __init__(self, bindings: Sequence[Binding], reason: str = "the mandatory demands cannot all be selected"):
        self.bindings = list(bindings)
        super().__init__(f"{reason}: " + "; ".join(str(b) for b in self.bindings))

    def problems(self, file: str = "") -> list[Problem]:
        """One Problem per binding constraint, for the run to report as bad input."""
        return [Problem(file, str(b), key=b.key, code=f"infeasible-{b.kind}") for b in self.bindings]


# ---------------------------------------------------------------------------------------------------------------
# What every solver shares: the limits as one matrix of rows, the dependency closures, the forced set.


@dataclass(frozen=True)
class _Rows:
    """Budget years and capacity keys as one set of rows: use (n, R) against limit (R,)."""

    use: np.ndarray
    limit: np.ndarray
    kind: tuple[str, ...]
    key: tuple[str, ...]


def _rows(problem: SelectionProblem) -> _Rows:
    return _Rows(
        use=np.hstack([problem.cost, problem.effort]),
        limit=np.concatenate([problem.budget, problem.capacity]),
        kind=("budget",) * len(problem.years) + ("capacity",) * len(problem.resources),
        key=tuple(str(y) for y in problem.years) + tuple(f"{role} {quarter}" for role, quarter in problem.resources),
    )


def _fits(used: np.ndarray, limit: np.ndarray) -> np.ndarray:
    return used <= limit + TOLERANCE * np.maximum(1.0, np.where(np.isinf(limit), 1.0, limit))


def _closures(n: int, requires: list[tuple[int, int]]) -> list[np.ndarray]:
    """For each item, itself and every item it needs, directly or not (sorted indices); cycles are fine."""
    needs: list[list[int]] = [[] for _ in range(n)]
    for i, j in requires:
        needs[i].append(j)
    closures = []
    for start in range(n):
        if not needs[start]:
            closures.append(np.array([start]))
            continue
        seen, stack = {start}, [start]
        while stack:
            for j in needs[stack.pop()]:
                if j not in seen:
                    seen.add(j)
                    stack.append(j)
        closures.append(np.array(sorted(seen)))
    return closures


@dataclass(frozen=True)
class _Prepared:
    rows: _Rows
    closures: list[np.ndarray]
    forced: np.ndarray  # (n,) bool: mandatory and what they need
    allowed: np.ndarray  # (n,) bool: neither it nor anything it needs is excluded
    eligible: np.ndarray  # (n,) bool: allowed, not forced, and fits with the forced set and what it needs itself
    residual: np.ndarray  # (R,) what the forced set leaves of each limit


def _prepare(problem: SelectionProblem) -> _Prepared:
    """The forced set checked (Infeasible names what breaks), and the items that could be added to it."""
    n = len(problem.ids)
    rows = _rows(problem)
    closures = _closures(n, problem.requires)
    forced = np.zeros(n, bool)
    for m in problem.mandatory:
        forced[closures[m]] = True
    excluded = np.zeros(n, bool)
    excluded[list(problem.excluded)] = True
    _check_forced(problem, rows, closures, forced, excluded)

    residual = rows.limit - rows.use[forced].sum(axis=0)
    residual = np.where(np.isinf(residual), np.inf, np.maximum(residual, 0.0))
    # An item that cannot join the forced set, with everything it needs, can never be selected: dropping it up
    # front shrinks the model and makes its dependants drop too (their closure contains it).
    allowed = np.array([not excluded[closure].any() for closure in closures], dtype=bool)
    eligible = np.zeros(n, bool)
    for i in np.flatnonzero(allowed & ~forced):
        members = closures[i]
        members = members[~forced[members]]
        eligible[i] = _fits(rows.use[members].sum(axis=0), residual).all()
    return _Prepared(rows, closures, forced, allowed, eligible, residual)


def _check_forced(
    problem: SelectionProblem, rows: _Rows, closures: list[np.ndarray], forced: np.ndarray, excluded: np.ndarray
) -> None:
    ids = problem.ids
    bindings: list[Binding] = []
    for m in sorted(problem.mandatory & problem.excluded):
        bindings.append(Binding("excluded", ids[m], 1.0, 0.0, (ids[m],)))
    for i, j in problem.requires:
        if forced[i] and excluded[j] and i != j:
            pulled_by = tuple(ids[m] for m in sorted(problem.mandatory) if i in closures[m])
            bindings.append(Binding("dependency", f"{ids[i]} -> {ids[j]}", 1.0, 0.0, pulled_by))
    used = rows.use[forced].sum(axis=0)
    for r in np.flatnonzero(~_fits(used, rows.limit)):
        users = tuple(ids[i] for i in np.flatnonzero(forced & (rows.use[:, r] > 0)))
        bindings.append(Binding(rows.kind[r], rows.key[r], float(used[r]), float(rows.limit[r]), users))
    if bindings:
        raise Infeasible(bindings)


def _tidy(score: np.ndarray, mask: np.ndarray, forced: np.ndarray, closures: list[np.ndarray]) -> np.ndarray:
    """Drop selected zero-score items that nothing selected needs: they add nothing and spend budget.

    Only ties are affected, so the rule makes them explainable: a zero-score item is in only when forced or
    needed by a selected item with a score.
    """
    keep = forced.copy()
    for i in np.flatnonzero(mask & (score > 0)):
        keep[closures[i]] = True
    return mask & keep


def _selection(
    problem: SelectionProblem, prepared: _Prepared, mask: np.ndarray, method: str, start: float
) -> Selection:
    ids, rows = problem.ids, prepared.rows
    used = rows.use[mask].sum(axis=0)
    binding = tuple(
        Binding(
            rows.kind[r],
            rows.key[r],
            float(used[r]),
            float(rows.limit[r]),
            tuple(ids[i] for i in np.flatnonzero(mask & (rows.use[:, r] > 0))),
        )
        for r in np.flatnonzero(_binding_rows(problem, prepared, mask, used))
    )
    return Selection(
        method=method,
        selected=tuple(ids[i] for i in np.flatnonzero(mask)),
        mask=mask,
        score=float(problem.score[mask].sum()),
        cost_by_year={year: float(problem.cost[mask, y].sum()) for y, year in enumerate(problem.years)},
        binding=binding,
        seconds=time.perf_counter() - start,
    )


def _binding_rows(problem: SelectionProblem, prepared: _Prepared, mask: np.ndarray, used: np.ndarray) -> np.ndarray:
    """The limits that are full at a selection: what is left of them is less than any item left out would need
    from them (the item with its missing prerequisites), or they are within 1e-6 of their limit.

    Whole items seldom meet a limit exactly, so "at the limit" alone would almost never name the budget year or
    the scarce role that decides. Items that could never be selected (excluded, or needing an excluded item) and
    zero-score items are not "left out"; an item too large to fit even alone is, as a larger limit would take it.
    """
    rows = prepared.rows
    finite = np.isfinite(rows.limit)
    slack_tolerance = BINDING_TOLERANCE * np.maximum(1.0, np.where(finite, rows.limit, 1.0))
    at_limit = finite & (rows.limit - used <= slack_tolerance)
    # A limit of 0 that nothing uses or wants is no constraint anyone meets.
    wanted = (used > 0) | (rows.use[~mask & ~_excluded_mask(problem)] > 0).any(axis=0)
    left_out = np.flatnonzero(prepared.allowed & ~mask & (problem.score > 0))
    needs = np.array([rows.use[prepared.closures[i][~mask[prepared.closures[i]]]].sum(axis=0) for i in left_out])
    if not left_out.size:
        return at_limit & wanted
    asking = needs > 0
    fits_in_slack = _fits(used + needs, rows.limit) & asking
    full = finite & asking.any(axis=0) & ~fits_in_slack.any(axis=0)
    return (at_limit & wanted) | full


def _excluded_mask(problem: SelectionProblem) -> np.ndarray:
    mask = np.zeros(len(problem.ids), bool)
    mask[list(problem.excluded)] = True
    return mask


def is_feasible(problem: SelectionProblem, mask: np.ndarray) -> bool:
    """Whether a selection keeps every limit, dependency, mandatory and exclusion (within TOLERANCE)."""
    mask = np.asarray(mask, bool)
    rows = _rows(problem)
    if not _fits(rows.use[mask].sum(axis=0), rows.limit).all():
        return False
    if any(mask[i] and not mask[j] for i, j in problem.requires):
        return False
    return all(mask[m] for m in problem.mandatory) and not any(mask[e] for e in problem.excluded)


# ---------------------------------------------------------------------------------------------------------------
# The exact optimum.


def solve_exact(problem: SelectionProblem, *, time_limit: float | None = None) -> Selection:
    """The selection of greatest total score, proven optimal by HiGHS (scipy.optimize.milp, relative gap 0).

    Ties: among selections of equal score, the one HiGHS reaches first; HiGHS is deterministic, so the same
    problem (same items in the same order) gives the same selection, but reordering the items may pick another
    of the tied optima. Zero-score items are then dropped unless forced or needed (see _tidy).
    `time_limit` (seconds) bounds the solver: when it stops first, the best selection found (never worse than
    greedy's) comes back with optimal=False and the proven bound; that result depends on the machine's speed.
    Raises Infeasible when the mandatory items, with what they need, break a limit or need an excluded item.
    """
    start = time.perf_counter()
    prepared = _prepare(problem)
    mask = prepared.forced.copy()
    forced_score = float(problem.score[mask].sum())
    candidates = _candidates(problem, prepared)
    optimal, bound = True, forced_score
    if candidates.size:
        chosen, optimal, candidate_bound = _solve(problem, prepared, candidates, SOLVER_OPTIONS, time_limit)
        mask[candidates[chosen]] = True
        if not is_feasible(problem, mask):
            mask = prepared.forced.copy()
            chosen, optimal, candidate_bound = _solve(
                problem, prepared, candidates, SOLVER_OPTIONS | STRICT_OPTIONS, time_limit
            )
            mask[candidates[chosen]] = True
            if not is_feasible(problem, mask):
                raise RuntimeError("HiGHS returned a selection that breaks a limit, even with strict tolerances")
        bound = forced_score + candidate_bound
        if not optimal:
            baseline = _greedy_mask(problem, prepared)
            if problem.score[baseline].sum() > problem.score[mask].sum():
                mask = baseline
    mask = _tidy(problem.score, mask, prepared.forced, prepared.closures)
    score = float(problem.score[mask].sum())
    return replace(
        _selection(problem, prepared, mask, "exact", start), optimal=optimal, bound=score if optimal else bound
    )


def _candidates(problem: SelectionProblem, prepared: _Prepared) -> np.ndarray:
    """The items the solver chooses among: eligible ones with a score, and the eligible items they need."""
    wanted = np.zeros(len(problem.ids), bool)
    for i in np.flatnonzero(prepared.eligible & (problem.score > 0)):
        wanted[prepared.closures[i]] = True
    return np.flatnonzero(wanted & ~prepared.forced)


def _solve(
    problem: SelectionProblem, prepared: _Prepared, candidates: np.ndarray, options: dict, time_limit: float | None
) -> tuple[np.ndarray, bool, float]:
    """The MILP over the candidates (the forced set fixed, its use taken off the limits): a bool per candidate,
    whether it is proven optimal, and the proven bound on the candidates' score."""
    # Imported here: SciPy's optimize costs 0.3 s to import, and every review imports this package for the
    # committee deck's portfolio slide, which never solves.
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    m = candidates.size
    use = prepared.rows.use[candidates]
    residual = prepared.residual
    # A row the candidates cannot fill even all together is no constraint: leaving it out keeps the model small.
    total = use.sum(axis=0)
    live = np.flatnonzero(np.isfinite(residual) & ~_fits(total, residual))
    blocks, upper = [], []
    if live.size:
        # Each row in units of its own limit: budgets in currency (1e7) and days (1e2) side by side would span
        # eight orders of magnitude, which HiGHS handles badly; the selection is then checked in real units.
        blocks.append(sparse.csr_array(use[:, live].T / residual[live, None]))
        upper.append(np.ones(live.size))
    position = np.full(len(problem.ids), -1)
    position[candidates] = np.arange(m)
    # i needs j: x_i - x_j <= 0. A prerequisite in the forced set is always there: no row.
    edges = sorted({(position[i], position[j]) for i, j in problem.requires if position[i] >= 0 and position[j] >= 0})
    edges = [(a, b) for a, b in edges if a != b]
    if edges:
        heads, tails = np.array(edges).T
        count = len(edges)
        data = np.concatenate([np.ones(count), -np.ones(count)])
        rows = np.concatenate([np.arange(count), np.arange(count)])
        blocks.append(sparse.csr_array((data, (rows, np.concatenate([heads, tails]))), shape=(count, m)))
        upper.append(np.zeros(count))
    if not blocks:
        return np.ones(m, bool), True, float(problem.score[candidates].sum())  # nothing limits them: all in
    options = dict(options) | ({"time_limit": float(time_limit)} if time_limit is not None else {})
    with warnings.catch_warnings(), _stray_output_to_stderr():
        # Options beyond scipy's list are passed to HiGHS verbatim, as scipy warns; that is what we mean.
        warnings.filterwarnings("ignore", message="Unrecognized options", category=RuntimeWarning)
        result = milp(
            c=-problem.score[candidates],
            integrality=np.ones(m),
            bounds=Bounds(0, 1),
            constraints=LinearConstraint(sparse.vstack(blocks, format="csr"), -np.inf, np.concatenate(upper)),
            options=options,
        )
    if result.status == 2:
        # Cannot happen when the forced set fits (selecting no candidate is feasible); say what is tight anyway.
        raise Infeasible(_tight_for_forced(problem, prepared), "the solver found no feasible selection")
    if result.status == 0 and result.x is not None:
        return result.x > 0.5, True, float(-result.fun)
    if result.status == 1:  # the time limit: the incumbent if any (none selects nothing, which is feasible)
        chosen = result.x > 0.5 if result.x is not None else np.zeros(m, bool)
        dual = result.get("mip_dual_bound")
        everything = float(problem.score[candidates].sum())  # the bound before the solver proves a better one
        return chosen, False, min(float(-dual), everything) if dual is not None and np.isfinite(dual) else everything
    raise RuntimeError(f"portfolio selection: the solver stopped without an optimum ({result.message})")


_REDIRECT = threading.Lock()


@contextmanager
def _stray_output_to_stderr() -> Iterator[None]:
    """HiGHS 1.12 (scipy 1.17) prints a debug line to the C stdout even when silent (ERGO-Code/HiGHS#2783):
    send the process's stdout to stderr while it solves, so that `--json` output on stdout stays parseable.

    Only the file descriptor is moved (no Python text is lost); C's buffer is flushed before it moves back.
    Where there is no real descriptor 1 (some embedded runtimes), nothing is done. Solves in threads of one
    process take turns here (a process-wide descriptor); Dask's default workers are processes.
    """
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):
        saved = None
    if saved is None:
        yield
        return
    with _REDIRECT:
        try:
            os.dup2(2, 1)
            yield
        finally:
            _flush_c_stdout()
            os.dup2(saved, 1)
            os.close(saved)


def _flush_c_stdout() -> None:
    try:
        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError, TypeError):  # no C library to load (Windows): its stdout is not buffered here
        pass


def _tight_for_forced(problem: SelectionProblem, prepared: _Prepared) -> list[Binding]:
    rows, ids = prepared.rows, problem.ids
    used = rows.use[prepared.forced].sum(axis=0)
    finite = np.isfinite(rows.limit)
    tight = finite & (rows.limit - used <= BINDING_TOLERANCE * np.maximum(1.0, np.where(finite, rows.limit, 1)))
    return [
        Binding(
            rows.kind[r],
            rows.key[r],
            float(used[r]),
            float(rows.limit[r]),
            tuple(ids[i] for i in np.flatnonzero(prepared.forced & (rows.use[:, r] > 0))),
        )
        for r in np.flatnonzero(tight)
    ]


# ---------------------------------------------------------------------------------------------------------------
# The explained baseline.


def greedy(problem: SelectionProblem) -> Selection:
    """The baseline a person can follow: the forced set, then the best score per unit of cost first.

    Remaining items are ranked by score / total cost over the years (zero-cost items first, by score), ties in
    input order; zero-score items are not taken for themselves (they add nothing), only as a prerequisite. Each
    item is taken, with its prerequisites not yet selected, when they all fit together. One pass.
    Raises Infeasible as solve_exact does.
    """
    start = time.perf_counter()
    prepared = _prepare(problem)
    return _selection(problem, prepared, _greedy_mask(problem, prepared), "greedy", start)


def _greedy_mask(problem: SelectionProblem, prepared: _Prepared) -> np.ndarray:
    rows, closures = prepared.rows, prepared.closures
    mask = prepared.forced.copy()
    used = rows.use[mask].sum(axis=0)
    for i in _greedy_order(problem, prepared.eligible):
        if mask[i]:
            continue
        members = closures[i][~mask[closures[i]]]
        extra = rows.use[members].sum(axis=0)
        # Eligibility already excludes any closure that contains an excluded item.
        if _fits(used + extra, rows.limit).all():
            mask[members] = True
            used = used + extra
    return mask


def _greedy_order(problem: SelectionProblem, eligible: np.ndarray) -> list[int]:
    total_cost = problem.cost.sum(axis=1)
    order = []
    for i in np.flatnonzero(eligible & (problem.score > 0)):
        if total_cost[i] == 0:
            order.append((0, -problem.score[i], i))
        else:
            order.append((1, -problem.score[i] / total_cost[i], i))
    return [i for *_, i in sorted(order)]


# ---------------------------------------------------------------------------------------------------------------
# The efficient frontier, the gap, the cycles.


def frontier(problem: SelectionProblem, points: int = 12, *, time_limit: float | None = None) -> list[FrontierPoint]:
    """The best score at each budget level: every year's budget scaled by one factor, solved exactly.

    `points` factors run evenly from the smallest that funds the forced set to the first of: the factor that
    funds every item not excluded, and 1.5 (never below 1.0); 1.0 itself is added when not among them. Years
    without a budget stay unconstrained. When no year has a budget, each year's reference budget is what the
    items not excluded cost that year (their own cost profile), so factor 1.0 funds them all and the frontier
    shows what less money buys. Infeasible points are skipped. The score cannot fall as the factor grows: a
    larger budget only widens the choice.
    `time_limit` applies to each point; a point it stops keeps the previous point's selection if that scored
    more (it still fits the larger budget), so the frontier stays non-decreasing.
    """
    prepared = _prepare(problem)  # raises Infeasible when no budget could fund the forced set
    every = problem.cost[~_excluded_mask(problem)].sum(axis=0)
    reference = every.copy() if np.isinf(problem.budget).all() else problem.budget.copy()
    scaled = np.isfinite(reference)
    forced_cost = problem.cost[prepared.forced].sum(axis=0)
    low = _factor_to_fund(forced_cost[scaled], reference[scaled])
    high = max(1.0, min(_factor_to_fund(every[scaled], reference[scaled]), 1.5))
    factors = np.linspace(low, max(low, high), max(points, 1)) if np.isfinite(low) else np.array([])
    result: list[FrontierPoint] = []
    for factor in sorted({float(f) for f in factors} | {1.0}):
        budget = np.where(scaled, reference * factor, np.inf)
        try:
            selection = solve_exact(replace(problem, budget=budget), time_limit=time_limit)
        except Infeasible:
            continue
        point = FrontierPoint(
            factor, float(budget[scaled].sum()), selection.score, selection.selected, selection.optimal
        )
        if result and result[-1].score > point.score:  # only when a time limit stopped this point early
            point = replace(point, score=result[-1].score, selected=result[-1].selected)
        result.append(point)
    return result


def _factor_to_fund(needed: np.ndarray, budget: np.ndarray) -> float:
    """The smallest factor f with needed <= f * budget in every year (inf if a zero budget must fund something)."""
    if not needed.size:
        return 0.0
    if ((budget == 0) & (needed > 0)).any():
        return np.inf
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(budget > 0, needed / np.where(budget > 0, budget, 1.0), 0.0)
    return float(ratio.max())


def gap(exact: Selection, baseline: Selection) -> dict:
    """How far the baseline is below the optimum (relative: a share of the optimum), how much more the optimum
    scores (gain: a share of the baseline's score), and which items differ."""
    absolute = exact.score - baseline.score
    return {
        "exact_score": exact.score,
        "baseline_score": baseline.score,
        "absolute": absolute,
        "relative": absolute / exact.score if exact.score > 0 else 0.0,
        "gain": absolute / baseline.score if baseline.score > 0 else 0.0,
        "only_exact": tuple(i for i in exact.selected if i not in set(baseline.selected)),
        "only_baseline": tuple(i for i in baseline.selected if i not in set(exact.selected)),
    }


def dependency_cycles(ids: Sequence[str], requires: Sequence[tuple[int, int]]) -> list[list[str]]:
    """Every knot of items that need each other, once each: [A, B, C] when A needs B, B needs C, C needs A.

    A knot is a strongly connected component (with a self-loop, one item); its items are listed from the one
    first in input order, following what each needs, so a simple cycle reads in its own order. Knots are
    listed by the input position of their first item.
    """
    n = len(ids)
    needs: list[list[int]] = [[] for _ in range(n)]
    for i, j in requires:
        needs[i].append(j)
    for targets in needs:
        targets.sort()
    components = _strong_components(needs)
    cycles = []
    for component in components:
        members = set(component)
        if len(members) == 1 and component[0] not in needs[component[0]]:
            continue
        first = min(members)
        order, seen, stack = [], set(), [first]
        while stack:
            i = stack.pop()
            if i in seen:
                continue
            seen.add(i)
            order.append(i)
            stack.extend(j for j in reversed(needs[i]) if j in members and j not in seen)
        cycles.append([ids[i] for i in order])
    return sorted(cycles, key=lambda cycle: list(ids).index(cycle[0]))


def _strong_components(needs: list[list[int]]) -> list[list[int]]:
    """Tarjan's algorithm, iterative (a long chain of dependencies must not hit the recursion limit)."""
    n = len(needs)
    index, low, on_stack = [-1] * n, [0] * n, [False] * n
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            if child < len(needs[node]):
                work.append((node, child + 1))
                target = needs[node][child]
                if index[target] < 0:
                    work.append((target, 0))
                elif on_stack[target]:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack[top] = False
                    component.append(top)
                    if top == node:
                        break
                components.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components
