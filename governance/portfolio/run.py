"""A portfolio run's computations, composed: the demand table, the capacity balance, the exact and greedy
selections, the frontier and the reasons for what is left out (pure: nothing read or written here)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from governance.core.problems import InputError, Problem
from governance.portfolio.analysis import Capacity, capacity_of, deferral_reasons, demand_table, selection_problem
from governance.portfolio.inputs import PortfolioInputs
from governance.portfolio.scoring import merge_scores
from governance.portfolio.selection import (
    Binding,
    FrontierPoint,
    Infeasible,
    Selection,
    SelectionProblem,
    frontier,
    gap,
    greedy,
    solve_exact,
)

FRONTIER_POINTS = 10
FRONTIER_SECONDS = 3.0


def scored_table(inputs: PortfolioInputs, scores: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """The demand table with the reviewers' merged scores and the board's decisions."""
    merged = merge_scores(
        scores,
        inputs.scoring.criteria,
        inputs.register.ids,
        inputs.engagement.config.portfolio.spread_flag,
    )
    return demand_table(inputs.register, merged.reset_index() if "demand_id" not in merged else merged, decisions)


@dataclass
class SelectionRun:
    table: pd.DataFrame
    capacity: Capacity
    problem: SelectionProblem
    committed: dict
    exact: Selection
    baseline: Selection
    frontier: list[FrontierPoint]
    reasons: dict[str, list[str]]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def gap(self) -> dict:
        return gap(self.exact, self.baseline)

    def balance_before(self) -> pd.DataFrame:
        return self.capacity.balance(set())

    def balance_after(self) -> pd.DataFrame:
        return self.capacity.balance(set(self.exact.selected))


def budget_of(inputs: PortfolioInputs, override: dict[int, float] | None) -> dict[int, float]:
    """The budget per year: pmo.yaml's `portfolio.budget`, each year the command line gives replacing it (year 0:
    every year the register has a cost in)."""
    budget = dict(inputs.engagement.config.portfolio.budget)
    if override and 0 in override:
        budget |= dict.fromkeys(sorted(set(inputs.register.costs["year"].astype(int))), override[0])
    return budget | {year: amount for year, amount in (override or {}).items() if year}


def _infeasible(binding: Binding, inputs: PortfolioInputs, from_command_line: bool) -> Problem:
    """Why the mandatory demands cannot all be selected, naming the limit that binds and where it is set."""
    who = ", ".join(binding.items)
    register = ", ".join(inputs.register.files)
    if binding.kind == "budget":
        return Problem(
            "--budget" if from_command_line else "pmo.yaml",
            f"the mandatory demands ({who}), with the demands they need, cost {binding.needed:,.0f} in "
            f"{binding.key} but {binding.available:,.0f} is left of that year's budget once the approved demands are "
            "counted; expected a larger budget or fewer mandatory demands",
            key=None if from_command_line else f"portfolio.budget.{binding.key}",
            code="infeasible-budget",
        )
    if binding.kind == "capacity":
        role, _, quarter = binding.key.rpartition(" ")
        label = inputs.resources.role_labels.get(role, role)
        return Problem(
            inputs.resources.source,
            f"the mandatory demands ({who}) need {binding.needed:,.1f} days of {label} in {quarter} but "
            f"{binding.available:,.1f} are free once the running projects and approved demands are counted; "
            "expected more capacity for that role or a later start",
            code="infeasible-capacity",
        )
    if binding.kind == "dependency":
        return Problem(
            register,
            f"dependency {binding.key}: a mandatory demand needs a demand that was rejected; expected the "
            "prerequisite approved or the demand no longer mandatory",
            code="infeasible-dependency",
        )
    return Problem(
        register,
        f"{binding.key} is mandatory but was rejected by the board; expected one or the other",
        code="infeasible-rejected-mandatory",
    )


def run_selection(
    inputs: PortfolioInputs,
    scores: pd.DataFrame,
    decisions: pd.DataFrame,
    budget: dict[int, float],
    *,
    from_command_line: bool = False,
) -> SelectionRun:
    """Everything the board pack shows. InputError (naming the binding constraint) when the mandatory demands
    cannot all be selected."""
    engagement = inputs.engagement
    table = scored_table(inputs, scores, decisions)
    capacity = capacity_of(inputs.register, inputs.resources, table, engagement.config.portfolio.days_per_month)
    problem, committed = selection_problem(table, inputs.register, capacity, budget)
    try:
        exact = solve_exact(problem)
    except Infeasible as exc:
        raise InputError([_infeasible(b, inputs, from_command_line) for b in exc.bindings]) from None
    baseline = greedy(problem)
    # Each point is a solve of its own: capped, so a large portfolio's pack is not held up by proofs of points the
    # board reads as a curve (a point stopped early keeps the best selection found; the pack says so).
    points = [
        replace(p, score=exact.score, selected=exact.selected, optimal=True) if abs(p.budget_factor - 1) < 1e-9 else p
        for p in frontier(problem, FRONTIER_POINTS, time_limit=FRONTIER_SECONDS)
    ]
    reasons = deferral_reasons(
        problem,
        exact,
        table,
        inputs.resources.role_labels,
        engagement.config.language,
    )
    warnings = []
    labels = inputs.resources.role_labels
    for year, over in committed["over_budget"].items():
        warnings.append(
            Problem(
                "--budget" if from_command_line else "pmo.yaml",
                f"the demands already approved cost {over:,.0f} more than the {year} budget: no new demand fits that "
                "year",
                key=None if from_command_line else f"portfolio.budget.{year}",
                code="budget-over-committed",
                severity="warning",
            )
        )
    for key, over in committed["over_capacity"].items():
        role, _, quarter = key.rpartition(" ")
        warnings.append(
            Problem(
                inputs.resources.source,
                f"{labels.get(role, role)}, {quarter}: the running projects and approved demands already need "
                f"{over:,.1f} days more than the capacity: no new demand can use that role that quarter",
                code="capacity-over-committed",
                severity="warning",
            )
        )
    # The selection keeps each role within its capacity per quarter (the unit of planning); a month of
    # the quarter may still be over, when availability dips (summer). Said, so the board can phase the start.
    after = capacity.balance(set(exact.selected))
    months_over = after[(after["utilisation"] > 1 + 1e-9) & (after["candidates"] > 0)]
    for role, group in months_over.groupby("role", sort=False):
        worst = group.loc[group["utilisation"].idxmax()]
        warnings.append(
            Problem(
                inputs.resources.source,
                f"{labels.get(role, role)}: within its capacity every quarter with the proposal, but over it in "
                f"{len(group)} month(s), most in {worst['month']} ({100 * worst['utilisation']:.0f} %): the start of "
                "a demand may need phasing",
                code="month-over-capacity",
                severity="warning",
            )
        )
    stopped = [p for p in points if not p.optimal]
    if stopped:
        warnings.append(
            Problem(
                "",
                f"{len(stopped)} point(s) of the frontier were stopped after {FRONTIER_SECONDS:g} s each (budget x "
                f"{', x'.join(f'{p.budget_factor:.2f}' for p in stopped)}): their score is the best selection found, "
                "not proven the best",
                code="frontier-not-proven",
                severity="warning",
            )
        )
    unscored = table.loc[
        table["score"].isna() & table["status"].isin(("submitted", "under_review", "deferred")), "demand_id"
    ]
    if len(unscored):
        warnings.append(
            Problem(
                "",
                f"{len(unscored)} demand(s) not scored by any reviewer, valued at 0: {', '.join(unscored)}",
                code="unscored-demands",
                severity="warning",
            )
        )
    return SelectionRun(table, capacity, problem, committed, exact, baseline, points, reasons, warnings)


def budget_rows(run: SelectionRun) -> pd.DataFrame:
    """Per year: the budget, what the approved demands already take, the proposal's and the greedy baseline's cost."""
    years = run.problem.years
    exact = run.problem.cost[run.exact.mask].sum(axis=0)
    baseline = run.problem.cost[run.baseline.mask].sum(axis=0)
    return pd.DataFrame(
        {
            "year": years,
            "budget": [np.nan if run.committed["budget"][y] is None else run.committed["budget"][y] for y in years],
            "committed": [run.committed["committed_cost"].get(y, 0.0) for y in years],
            "selected": exact,
            "greedy": baseline,
        }
    )
