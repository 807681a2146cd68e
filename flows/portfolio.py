"""Flows of the portfolio: demands taken in, scored by the reviewers, capacity against demand, the selection and
its board pack, the board's decisions and the projects they start.

Each is a few coarse tasks (load and check, compute, store and render into staging, publish). A refused run
leaves the store and out/ as they were: every check runs inside the store block, before anything is written.
"""

from __future__ import annotations

from datetime import date

from prefect import flow
from sqlalchemy import Engine

from flows.common import input_errors_fail, step
from governance import portfolio
from governance.collection import load_contacts
from governance.core.faults import checkpoint
from governance.core.publish import publish, staged_outputs
from governance.core.store import transaction
from governance.engagement.config import Engagement, load_engagement
from governance.engagement.identity import engagement_store


@step
def load_inputs(engagement_dir: str, need_capacity: bool) -> portfolio.PortfolioInputs:
    """Read and check the criteria, the register, the capacity and the project list (all problems at once)."""
    return portfolio.load_inputs(load_engagement(engagement_dir), need_capacity=need_capacity)


def stored(engagement: Engagement, engine: Engine) -> tuple:
    with transaction(engine) as session:
        return (
            portfolio.scores_frame(session=session, engagement=engagement.id),
            portfolio.decisions_frame(session=session, engagement=engagement.id),
        )


def warnings_of(*groups) -> list[str]:
    return [str(w) for group in groups for w in group]


@flow(name="portfolio_intake", log_prints=False)
@input_errors_fail
def portfolio_intake(engagement_dir: str) -> dict:
    """Check the demand register and store its demands (the register is the record: it replaces those stored)."""
    inputs = load_inputs(engagement_dir, False)
    engagement = inputs.engagement
    with engagement_store(engagement, "portfolio") as engine:
        with transaction(engine) as session:
            count = portfolio.replace_demands(session=session, engagement=engagement.id, register=inputs.register)
        _, decisions = stored(engagement, engine)
    return portfolio.intake_summary(inputs, decisions, count) | {"warnings": warnings_of(inputs.warnings)}


def reviewers_of(engagement: Engagement, scoring: portfolio.Scoring, asked: list[str] | None) -> list[str]:
    """--reviewer, else pmo.yaml's `portfolio.reviewers`, else the contacts whose role sits on the deciding body."""
    if asked:
        return list(dict.fromkeys(asked))
    if engagement.config.portfolio.reviewers:
        return list(engagement.config.portfolio.reviewers)
    members = set(scoring.members)
    return sorted(c.name for c in load_contacts(engagement).by_name.values() if members & set(c.roles))


@flow(name="portfolio_scoring", log_prints=False)
@input_errors_fail
def portfolio_scoring(engagement_dir: str, reviewers: list[str] | None = None) -> dict:
    """Merge the scoring workbooks returned in data/portfolio/scores/ (one voice per reviewer), then write a
    workbook for each reviewer who has not returned one to out/portfolio/scoring/."""
    inputs = load_inputs(engagement_dir, False)
    engagement = inputs.engagement
    names = reviewers_of(engagement, inputs.scoring, reviewers)
    with engagement_store(engagement, "portfolio") as engine:
        returned = portfolio.read_returned_scores(inputs)
        with staged_outputs(engagement.out_dir) as staging:
            with transaction(engine) as session:
                portfolio.replace_scores(
                    session=session, engagement=engagement.id, scores=returned.scores, workbooks=returned.workbooks
                )
                scores = portfolio.scores_frame(session=session, engagement=engagement.id)
                decisions = portfolio.decisions_frame(session=session, engagement=engagement.id)
                written = portfolio.write_scoring_workbooks(inputs, decisions, names, scores, staging)
            checkpoint("portfolio:committed")
            publish(staging, "portfolio")
    result = portfolio.scoring_summary(inputs, scores, decisions, returned, written)
    return result | {"warnings": warnings_of(inputs.warnings, returned.warnings)}


@flow(name="portfolio_capacity", log_prints=False)
@input_errors_fail
def portfolio_capacity(engagement_dir: str) -> dict:
    """Capacity against demand by role and month (running projects, approved demands and every candidate): the
    heat map and the balance workbook in out/portfolio/capacity/, and the bottleneck roles."""
    inputs = load_inputs(engagement_dir, True)
    engagement = inputs.engagement
    with engagement_store(engagement, "portfolio") as engine:
        scores, decisions = stored(engagement, engine)
        table = portfolio.scored_table(inputs, scores, decisions)
        capacity = portfolio.capacity_of(
            inputs.register, inputs.resources, table, engagement.config.portfolio.days_per_month
        )
        with staged_outputs(engagement.out_dir) as staging:
            files = portfolio.write_capacity(inputs, capacity, staging)
            publish(staging, "portfolio")
    return portfolio.capacity_summary(inputs, capacity, files) | {"warnings": warnings_of(inputs.warnings)}


@step
def select(inputs: portfolio.PortfolioInputs, engine: Engine, budget: dict[int, float] | None):
    scores, decisions = stored(inputs.engagement, engine)
    chosen = portfolio.budget_of(inputs, budget)
    return portfolio.run_selection(inputs, scores, decisions, chosen, from_command_line=bool(budget))


@flow(name="portfolio_selection", log_prints=False)
@input_errors_fail
def portfolio_selection(engagement_dir: str, budget: dict[int, float] | None = None) -> dict:
    """The demands that maximise the weighted score within the budget per year and the capacity per role and
    quarter (exact integer programme), against the greedy baseline, with the frontier; the board pack and its
    decision sheet in out/portfolio/board/."""
    inputs = load_inputs(engagement_dir, True)
    engagement = inputs.engagement
    with engagement_store(engagement, "portfolio") as engine:
        run = select(inputs, engine, budget)
        today = date.today()
        with staged_outputs(engagement.out_dir) as staging:
            with transaction(engine) as session:
                files = portfolio.write_board_pack(inputs, run, staging, today=today)
                portfolio.store_proposal(inputs, run, today=today, session=session)
            checkpoint("portfolio:committed")
            publish(staging, "portfolio")
    return portfolio.selection_summary(inputs, run, files) | {"warnings": warnings_of(inputs.warnings, run.warnings)}


@flow(name="portfolio_decision", log_prints=False)
@input_errors_fail
def portfolio_decision(engagement_dir: str) -> dict:
    """Import the board's filled decision sheets (data/portfolio/decisions/), then turn each approved demand into
    a project: a row of the project list and its documents pre-filled by the kit in out/projects/<id>/."""
    inputs = load_inputs(engagement_dir, False)
    engagement = inputs.engagement
    with engagement_store(engagement, "portfolio") as engine:
        sheets = portfolio.read_decision_sheets(inputs)
        with staged_outputs(engagement.out_dir) as staging:
            with transaction(engine) as session:
                provisioned = portfolio.decide(inputs, sheets, staging, session=session)
                checkpoint("portfolio:rendered")
            checkpoint("portfolio:committed")
            portfolio.publish_provisioned(inputs, provisioned, staging)
    return portfolio.decision_summary(inputs, sheets, provisioned)
