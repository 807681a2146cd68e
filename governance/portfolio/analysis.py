"""From the register, the merged scores, the board's decisions and the capacity to what the board sees: the demand
table, the selection problem (what is left of budget and capacity once the committed work is counted), the
capacity before and after a selection, and why each demand left out was left out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from governance.core.formatting import money, number
from governance.core.i18n import t
from governance.portfolio.capacity import (
    Resources,
    balance,
    capacity_by_month,
    capacity_by_quarter,
    load_by_month,
    role_key,
)
from governance.portfolio.model import (
    CANDIDATE_STATUSES,
    DemandRegister,
    month_quarter,
    quarter_label,
    quarters_between,
)
from governance.portfolio.selection import Selection, SelectionProblem


def demand_table(register: DemandRegister, merged: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """One row per demand: the register's fields, its effective status (the board's latest decision, else the
    register's), its weighted score and reviewers, its total cost and cost per year, its last quarter of work."""
    table = register.demands.drop(columns=["source", "row"]).copy()
    decided = decisions.set_index("demand_id")["decision"] if len(decisions) else pd.Series(dtype=object)
    table["register_status"] = table["status"]
    decided_status = table["demand_id"].map(decided)
    table["status"] = decided_status.where(decided_status.notna(), table["status"]).astype(object)
    scores = merged.set_index("demand_id") if len(merged) else pd.DataFrame()
    for column, default in (("score", np.nan), ("reviewers", 0), ("flagged", False), ("flagged_criteria", ())):
        values = table["demand_id"].map(scores[column]) if column in scores else pd.Series(np.nan, index=table.index)
        table[column] = values if column == "score" else [default if _missing(v) else v for v in values]
    costs = register.costs.groupby("demand_id")["amount"].sum()
    table["total_cost"] = table["demand_id"].map(costs).fillna(0.0).astype(float)
    # A demand ends with its last quarter of effort; without effort, with the last year it costs anything in.
    last_effort = register.effort.groupby("item_id")["quarter"].max()
    last_cost_year = register.costs[register.costs["amount"] > 0].groupby("demand_id")["year"].max()
    last = []
    for demand_id, start in zip(table["demand_id"], table["earliest_start"]):
        if demand_id in last_effort.index:
            last.append(max(start, last_effort[demand_id]))
        elif demand_id in last_cost_year.index:
            last.append(max(start, f"{int(last_cost_year[demand_id])}-Q4"))
        else:
            last.append(start)
    table["last_quarter"] = last
    return table.reset_index(drop=True)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def horizon_months(register: DemandRegister) -> list[str]:
    """Every month from the first quarter of work (effort or earliest start) to the last."""
    quarters = list(register.effort["quarter"]) + list(register.demands["earliest_start"])
    if not quarters:
        return []
    months = []
    for quarter in quarters_between(min(quarters), max(quarters)):
        year, number_ = int(quarter[:4]), int(quarter[-1])
        months += [f"{year:04d}-{3 * number_ - 2 + k:02d}" for k in range(3)]
    return months


@dataclass
class Capacity:
    """Capacity and load per role and month: committed work, the candidates, and the grid they share."""

    months: list[str]
    roles: list[str]  # role keys
    capacity: pd.DataFrame  # role, month, days
    load: pd.DataFrame  # item_id, role, month, days (every item of the effort sheet)
    committed_ids: set[str]  # running projects and approved demands
    candidate_ids: set[str]  # demands still to decide (submitted, under review, deferred); rejected ones are neither

    def balance(self, candidate_ids: set[str] | None = None) -> pd.DataFrame:
        """The balance with the committed work and `candidate_ids` (None: every candidate)."""
        chosen = self.candidate_ids if candidate_ids is None else set(candidate_ids) & self.candidate_ids
        committed = self.load[self.load["item_id"].isin(self.committed_ids)]
        rest = self.load[self.load["item_id"].isin(chosen)]
        return balance(self.capacity, committed, rest, self.months, self.roles)


def capacity_of(register: DemandRegister, resources: Resources, table: pd.DataFrame, days_per_month: float) -> Capacity:
    months = horizon_months(register)
    approved = set(table.loc[table["status"] == "approved", "demand_id"])
    demand_ids = set(table["demand_id"])
    running = {i for i in register.effort["item_id"] if i not in demand_ids}
    return Capacity(
        months=months,
        roles=resources.roles,
        capacity=capacity_by_month(resources, months, days_per_month),
        load=load_by_month(register.effort),
        committed_ids=running | approved,
        candidate_ids=set(table.loc[table["status"].isin(CANDIDATE_STATUSES), "demand_id"]),
    )


def selection_problem(
    table: pd.DataFrame, register: DemandRegister, capacity: Capacity, budget: dict[int, float]
) -> tuple[SelectionProblem, dict]:
    """The candidates as an integer programme: remaining budget per year and remaining capacity per role and
    quarter once the committed work (approved demands, running projects) is counted.

    Rejected demands are items that can never be selected, so a demand that needs one is left out by the
    selection itself; a dependency on an approved demand is met already. Returns the problem and what was
    committed ({year: cost}, over-committed years and role-quarters)."""
    items = table[table["status"].isin((*CANDIDATE_STATUSES, "rejected"))].reset_index(drop=True)
    ids = items["demand_id"].tolist()
    position = {d: i for i, d in enumerate(ids)}
    years = sorted(set(register.costs["year"].astype(int)) | set(budget))
    costs = register.costs.pivot_table(index="demand_id", columns="year", values="amount", aggfunc="sum")
    costs = costs.reindex(columns=years).fillna(0.0)
    cost = costs.reindex(ids).fillna(0.0).to_numpy(dtype=float)
    approved = table.loc[table["status"] == "approved", "demand_id"]
    committed_cost = costs.reindex(approved).fillna(0.0).sum(axis=0) if len(approved) else pd.Series(0.0, index=years)
    limits = np.array([budget.get(y, np.inf) for y in years], dtype=float)
    remaining_budget = np.clip(limits - committed_cost.reindex(years).fillna(0.0).to_numpy(), 0, None)

    quarterly = capacity_by_quarter(capacity.capacity)
    load = capacity.load.assign(
        quarter=capacity.load["month"].map(month_quarter), role=capacity.load["role"].map(role_key)
    )
    committed_load = load[load["item_id"].isin(capacity.committed_ids)].groupby(["role", "quarter"])["days"].sum()
    keys = list(zip(quarterly["role"], quarterly["quarter"]))
    available = quarterly.set_index(["role", "quarter"])["days"]
    used = committed_load.reindex(available.index).fillna(0.0)
    remaining = (available - used).clip(lower=0.0)
    effort = (
        load[load["item_id"].isin(position)]
        .pivot_table(index="item_id", columns=["role", "quarter"], values="days", aggfunc="sum")
        .reindex(index=ids, columns=pd.MultiIndex.from_tuples(keys, names=["role", "quarter"]))
        .fillna(0.0)
        .to_numpy(dtype=float)
    )
    requires = [
        (position[d], position[p])
        for d, needs in zip(items["demand_id"], items["dependencies"])
        for p in needs
        if p in position
    ]
    scores = items["score"].astype(float).fillna(0.0).to_numpy()
    problem = SelectionProblem(
        ids=ids,
        score=scores,
        cost=cost,
        years=years,
        budget=remaining_budget,
        effort=effort,
        resources=keys,
        capacity=remaining.to_numpy(dtype=float),
        requires=requires,
        mandatory=frozenset(
            position[d]
            for d, m, s in zip(items["demand_id"], items["mandatory"], items["status"])
            if m and s != "rejected"
        ),
        excluded=frozenset(position[d] for d, s in zip(items["demand_id"], items["status"]) if s == "rejected"),
    )
    over_budget = {
        int(y): float(c - b) for y, c, b in zip(years, committed_cost.reindex(years).fillna(0.0), limits) if c > b
    }
    over_capacity = {f"{r} {q}": float(u - a) for (r, q), u, a in zip(available.index, used, available) if u > a + 1e-6}
    return problem, {
        "committed_cost": {int(y): float(c) for y, c in committed_cost.reindex(years).fillna(0.0).items()},
        "over_budget": over_budget,
        "over_capacity": over_capacity,
        "budget": {int(y): (None if np.isinf(b) else float(b)) for y, b in zip(years, limits)},
    }


def deferral_reasons(
    problem: SelectionProblem,
    selection: Selection,
    table: pd.DataFrame,
    role_labels: dict[str, str],
    language: str,
) -> dict[str, list[str]]:
    """Why each candidate left out of the selection was left out, in the pack's language: a prerequisite not
    selected or rejected, what adding it alone would break (budget year, role and quarter), or no score."""
    mask = selection.mask
    cost_used = problem.cost[mask].sum(axis=0)
    effort_used = problem.effort[mask].sum(axis=0)
    statuses = table.set_index("demand_id")["status"]
    scored = table.set_index("demand_id")["score"].notna()
    reasons: dict[str, list[str]] = {}
    for i, demand_id in enumerate(problem.ids):
        if mask[i] or i in problem.excluded:
            continue
        found: list[str] = []
        if not scored.get(demand_id, False):
            found.append(t(language, fr="aucun évaluateur ne l'a notée", en="no reviewer scored it"))
        for a, b in problem.requires:
            if a == i and not mask[b]:
                other = problem.ids[b]
                if statuses.get(other) == "rejected":
                    found.append(
                        t(language, fr=f"elle dépend de {other}, rejetée", en=f"it needs {other}, which was rejected")
                    )
                else:
                    found.append(
                        t(language, fr=f"elle dépend de {other}, non retenue", en=f"it needs {other}, not proposed")
                    )
        over_years = cost_used + problem.cost[i] - problem.budget
        for y, over in zip(problem.years, over_years):
            if problem.cost[i][problem.years.index(y)] > 0 and over > 1e-6:
                amount = money(over, language)
                found.append(
                    t(
                        language,
                        fr=f"budget {y} dépassé de {amount}",
                        en=f"{y} budget exceeded by {amount}",
                    )
                )
        over_keys = effort_used + problem.effort[i] - problem.capacity
        for k, over in enumerate(over_keys):
            if problem.effort[i][k] > 0 and over > 1e-6:
                role, quarter = problem.resources[k]
                days = number(over, language, 0 if over >= 10 else 1)
                label = role_labels.get(role, role)
                found.append(
                    t(
                        language,
                        fr=f"{label}, {quarter_label(quarter, 'fr')} : {days} j de charge en trop",
                        en=f"{label}, {quarter_label(quarter, 'en')}: {days} days over capacity",
                    )
                )
        if not found:
            found.append(
                t(
                    language,
                    fr="elle tient dans les limites, mais d'autres demandes apportent plus pour le même budget",
                    en="it fits the limits, but other demands bring more for the same budget",
                )
            )
        reasons[demand_id] = found
    return reasons
