"""`pmo portfolio`: demands taken in, scored by reviewers, capacity against demand, the selection for the board,
and the board's decisions turned into projects."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from flows.cli.output import finish, guarded

app = typer.Typer(
    help="Portfolio: take in demands, score them, balance capacity, select under budget, decide and start projects.",
    no_args_is_help=True,
)

ROWS_SHOWN = 12
WARNINGS_SHOWN = 10
ENGAGEMENT = typer.Argument(..., help="Engagement folder (holds pmo.yaml).")
AS_JSON = typer.Option(False, "--json", help="Print the result as JSON.")


def _warnings(result: dict) -> list[str]:
    lines = [f"warning: {w}" for w in result.get("warnings", [])[:WARNINGS_SHOWN]]
    if len(result.get("warnings", [])) > WARNINGS_SHOWN:
        lines.append(f"... and {len(result['warnings']) - WARNINGS_SHOWN} more warning(s) (--json shows all)")
    return lines


def _money(value: float | None) -> str:
    return "no limit" if value is None else f"{value:,.0f}"


@app.command("intake")
def intake(engagement_dir: Path = ENGAGEMENT, as_json: bool = AS_JSON) -> None:
    """Check the demand register (data/portfolio/demands.xlsx, or demands.csv and effort.csv) and store its
    demands with their status."""
    from flows.portfolio import portfolio_intake
    from flows.runtime import run_flow

    outcome = run_flow(portfolio_intake, engagement_dir=str(engagement_dir))

    def summary(r: dict) -> list[str]:
        statuses = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in r["by_status"].items() if n)
        costs = ", ".join(f"{y}: {_money(a)}" for y, a in r["cost_by_year"].items())
        return [
            f"Demand register taken in ({', '.join(r['files'])}): {r['demands']} demand(s) — {statuses}; "
            f"{r['mandatory']} mandatory.",
            f"Estimated cost by year: {costs or 'none'}; effort {r['effort_days']:,.0f} person-days.",
            *_warnings(r),
        ]

    finish(outcome, as_json, summary)


@app.command("score")
def score(
    engagement_dir: Path = ENGAGEMENT,
    reviewers: Optional[list[str]] = typer.Option(
        None,
        "--reviewer",
        help="A reviewer to write a workbook for (repeat; default: pmo.yaml portfolio.reviewers, "
        "else the contacts sitting on the deciding body).",
    ),
    as_json: bool = AS_JSON,
) -> None:
    """Merge the scoring workbooks returned in data/portfolio/scores/ (one voice per reviewer), then write a
    workbook for each reviewer still to score, in out/portfolio/scoring/."""
    from flows.portfolio import portfolio_scoring
    from flows.runtime import run_flow

    outcome = run_flow(portfolio_scoring, engagement_dir=str(engagement_dir), reviewers=reviewers or None)

    def summary(r: dict) -> list[str]:
        lines = [
            f"Scores merged from {len(r['reviewers_returned'])} workbook(s) returned "
            f"({', '.join(r['reviewers_returned']) or 'none'}); reviewers on record: "
            f"{', '.join(r['reviewers_stored']) or 'none'}.",
            f"{r['scored']} of {len(r['demands'])} demand(s) scored; reviewers disagree on "
            f"{len(r['flagged'])}: {', '.join(r['flagged']) or 'none'}.",
        ]
        for d in [d for d in r["demands"] if d["score"] is not None][:ROWS_SHOWN]:
            flag = "  ! reviewers disagree on " + ", ".join(d["flagged_criteria"]) if d["flagged"] else ""
            lines.append(f"  {d['score']:.2f}  {d['demand_id']}  {d['title']} ({d['reviewers']} reviewer(s)){flag}")
        lines.append(
            f"Scoring workbooks written: {len(r['workbooks_written'])}"
            + (f" ({', '.join(Path(f).name for f in r['workbooks_written'])})" if r["workbooks_written"] else "")
        )
        return lines + _warnings(r)

    finish(outcome, as_json, summary)


@app.command("capacity")
def capacity(engagement_dir: Path = ENGAGEMENT, as_json: bool = AS_JSON) -> None:
    """Capacity against demand by role and month (data/portfolio/resources.csv against the running projects'
    remaining effort and the demands'): the heat map and the bottleneck roles."""
    from flows.portfolio import portfolio_capacity
    from flows.runtime import run_flow

    outcome = run_flow(portfolio_capacity, engagement_dir=str(engagement_dir))

    def summary(r: dict) -> list[str]:
        lines = [f"Capacity against demand, {r['months'][0]} to {r['months'][-1]}:" if r["months"] else "No month."]
        for role in r["roles"]:
            use = "-" if role["utilisation"] is None else f"{100 * role['utilisation']:.0f} %"
            lines.append(
                f"  {role['role']}: {role['capacity_days']:,.0f} days, committed {role['committed_days']:,.0f}, "
                f"candidates {role['candidate_days']:,.0f} ({use})"
            )
        necks = r["bottlenecks"]
        lines.append(
            "Bottlenecks (if every demand went ahead): "
            + (
                ", ".join(
                    f"{b['role']} ({b['months_over']} month(s), peak {100 * b['peak_utilisation']:.0f} % in "
                    f"{b['peak_month']})"
                    for b in necks
                )
                or "none"
            )
        )
        lines.append("Written: " + ", ".join(r["files"]))
        return lines + _warnings(r)

    finish(outcome, as_json, summary)


def _budget(values: list[str] | None) -> dict[int, float] | None:
    """--budget 2027=4500000 (one per year) or --budget 4500000 (every year of the register)."""
    if not values:
        return None
    import pandas as pd

    from governance.core.problems import InputError, Problem
    from governance.core.tabular import parse_numbers

    budget: dict[int, float] = {}
    problems = []
    for value in values:
        year, _, amount = value.rpartition("=")
        numbers, bad = parse_numbers(pd.Series([amount]), ("€", "EUR"))
        if (
            (year and not (year.strip().isdigit() and 1990 <= int(year) <= 2100))
            or bool(bad.iloc[0])
            or pd.isna(numbers.iloc[0])
            or numbers.iloc[0] < 0
        ):
            problems.append(
                Problem(
                    "--budget",
                    f"{value!r} is not a budget; expected YEAR=AMOUNT (e.g. 2027=4500000) or an amount for every year",
                    code="bad-budget",
                )
            )
            continue
        budget[int(year) if year else 0] = float(numbers.iloc[0])
    if problems:
        raise InputError(problems)
    return budget


@app.command("select")
def select(
    engagement_dir: Path = ENGAGEMENT,
    budget: Optional[list[str]] = typer.Option(
        None, "--budget", help="The budget of new demands: YEAR=AMOUNT, repeated (default: pmo.yaml portfolio.budget)."
    ),
    as_json: bool = AS_JSON,
) -> None:
    """Select the demands that maximise the total weighted score within the budget per year and the capacity per
    role and quarter (exact integer programme, HiGHS), against a greedy ranking by score per euro; write the board
    pack and its decision sheet to out/portfolio/board/."""
    from flows.portfolio import portfolio_selection
    from flows.runtime import run_flow

    budgets = guarded(as_json, lambda: _budget(budget))
    outcome = run_flow(portfolio_selection, engagement_dir=str(engagement_dir), budget=budgets)

    def summary(r: dict) -> list[str]:
        gap = r["gap"]
        lines = [
            f"Proposed: {len(r['selected'])} demand(s), total score {r['score']:.2f} "
            f"({', '.join(r['selected']) or 'none'}), solved exactly in {r['solver_seconds']:.2f} s.",
            f"Greedy ranking by score per euro: {r['greedy']['score']:.2f}; the optimum is "
            f"{100 * gap.get('gain', 0):+.1f} % better.",
        ]
        for b in r["budget"]:
            lines.append(
                f"  {b['year']}: budget {_money(b['budget'])}, already approved {_money(b['committed'])}, "
                f"proposal {_money(b['selected'])}"
            )
        if r["binding"]:
            lines.append("Limits reached: " + "; ".join(b["label"] for b in r["binding"]))
        for d in r["deferred"][:ROWS_SHOWN]:
            more = f" (+{len(d['reasons']) - 2} more)" if len(d["reasons"]) > 2 else ""
            lines.append(f"  not proposed: {d['demand_id']} — {'; '.join(d['reasons'][:2])}{more}")
        if len(r["deferred"]) > ROWS_SHOWN:
            lines.append(
                f"  ... and {len(r['deferred']) - ROWS_SHOWN} more not proposed (the pack and --json list all)"
            )
        lines.append("Written: " + ", ".join(r["files"]))
        return lines + _warnings(r)

    finish(outcome, as_json, summary)


@app.command("decide")
def decide(engagement_dir: Path = ENGAGEMENT, as_json: bool = AS_JSON) -> None:
    """Import the board's filled decision sheets (data/portfolio/decisions/), and start each approved demand as a
    project: added to the project list with its tier, its charter, business case and status report pre-filled."""
    from flows.portfolio import portfolio_decision
    from flows.runtime import run_flow

    outcome = run_flow(portfolio_decision, engagement_dir=str(engagement_dir))

    def summary(r: dict) -> list[str]:
        c = r["decisions"]
        lines = [
            f"Decisions imported from {', '.join(r['sheets'])}: {c['approved']} approved, {c['rejected']} rejected, "
            f"{c['deferred']} deferred."
        ]
        for p in r["projects"]:
            lines.append(
                f"  {p['demand_id']} -> project {p['project_id']} {p['name']} ({p['tier']}, budget {_money(p['budget'])}"
                f", manager {p['manager'] or 'to appoint'})"
            )
        if r["projects"]:
            lines.append(
                f"Added to {r['project_list']}; {len(r['documents'])} document(s) pre-filled in out/projects/."
            )
        return lines

    finish(outcome, as_json, summary)
