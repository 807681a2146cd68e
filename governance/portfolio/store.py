"""Portfolio tables: the demands as last taken in, the reviewers' scores, and the board's decisions.

Functions take a keyword-only `session` and never commit: the caller owns the transaction, so a refused run stores
nothing. The register is the record of demands: taking it in again replaces them. A demand's status is the board's
latest decision when it has one, else the register's.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import DateTime, Text, UniqueConstraint, delete, select, update
from sqlmodel import Column, Field, Session, SQLModel

from governance.portfolio.model import DemandRegister


class DemandRecord(SQLModel, table=True):
    __tablename__ = "portfolio_demand"
    __table_args__ = (UniqueConstraint("engagement", "demand_id"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    demand_id: str = Field(max_length=100)
    title: str = Field(sa_column=Column(Text, nullable=False))
    sponsor: str = Field(max_length=200)
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    objective: str = Field(default="", sa_column=Column(Text, nullable=False))
    benefits: str = Field(default="", sa_column=Column(Text, nullable=False))
    benefit_value: float | None = None
    risk: int | None = None
    earliest_start: str = Field(max_length=7)
    dependencies: str = Field(default="", sa_column=Column(Text, nullable=False))  # ids, comma-separated
    mandatory: bool = False
    status: str = Field(max_length=20)  # as the register gives it
    costs: str = Field(default="{}", sa_column=Column(Text, nullable=False))  # {"2027": amount, ...}
    effort_days: float = 0.0
    source: str = Field(sa_column=Column(Text, nullable=False))
    imported_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ScoreRecord(SQLModel, table=True):
    __tablename__ = "portfolio_score"
    __table_args__ = (UniqueConstraint("engagement", "reviewer", "demand_id", "criterion"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    reviewer: str = Field(max_length=200)
    demand_id: str = Field(max_length=100)
    criterion: str = Field(max_length=100)
    score: int
    workbook: str = Field(sa_column=Column(Text, nullable=False))
    imported_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class PortfolioDecisionRecord(SQLModel, table=True):
    __tablename__ = "portfolio_decision"
    __table_args__ = (UniqueConstraint("engagement", "demand_id"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200)
    demand_id: str = Field(max_length=100)
    body_id: str = Field(max_length=100)
    decision: str = Field(max_length=20)  # approved | rejected | deferred
    decided_on: date
    comment: str = Field(default="", sa_column=Column(Text, nullable=False))
    sheet: str = Field(sa_column=Column(Text, nullable=False))
    project_id: str | None = Field(default=None, max_length=100)  # the project it became, once provisioned
    imported_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ProposalRecord(SQLModel, table=True):
    """A selection put to the board (`pmo portfolio select`): what the committee deck shows until the next one."""

    __tablename__ = "portfolio_proposal"

    id: int | None = Field(default=None, primary_key=True)
    engagement: str = Field(max_length=200, index=True)
    body_id: str = Field(max_length=100)
    prepared_on: date
    score: float
    greedy_score: float
    demands: str = Field(sa_column=Column(Text, nullable=False))  # JSON: [{demand_id, title, score, cost, proposal}]
    budget: str = Field(sa_column=Column(Text, nullable=False))  # JSON: [{year, budget, committed, selected}]
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


def now() -> datetime:
    return datetime.now(UTC)


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def replace_demands(*, session: Session, engagement: str, register: DemandRegister) -> int:
    """The register as taken in now: its demands replace those stored (decisions and scores are kept)."""
    session.execute(delete(DemandRecord).where(DemandRecord.engagement == engagement))
    costs = {
        demand: {str(int(y)): float(a) for y, a in zip(group["year"], group["amount"])}
        for demand, group in register.costs.groupby("demand_id", sort=False)
    }
    effort = register.effort.groupby("item_id")["days"].sum().to_dict()
    stamp = now()
    rows = [
        {
            "engagement": engagement,
            "demand_id": d["demand_id"],
            "title": d["title"],
            "sponsor": d["sponsor"],
            "description": _text(d["description"]),
            "objective": _text(d["objective"]),
            "benefits": _text(d["benefits"]),
            "benefit_value": None if pd.isna(d["benefit_value"]) else float(d["benefit_value"]),
            "risk": None if pd.isna(d["risk"]) else int(d["risk"]),
            "earliest_start": d["earliest_start"],
            "dependencies": ",".join(d["dependencies"]),
            "mandatory": bool(d["mandatory"]),
            "status": d["status"],
            "costs": json.dumps(costs.get(d["demand_id"], {}), sort_keys=True),
            "effort_days": float(effort.get(d["demand_id"], 0.0)),
            "source": d["source"],
            "imported_at": stamp,
        }
        for d in register.demands.to_dict("records")
    ]
    if rows:
        session.execute(DemandRecord.__table__.insert(), rows)
    return len(rows)


def replace_scores(*, session: Session, engagement: str, scores: pd.DataFrame, workbooks: dict[str, str]) -> int:
    """Each returned reviewer's scores replace that reviewer's earlier ones (one voice per reviewer).

    `scores`: reviewer, demand_id, criterion, score; `workbooks`: reviewer -> the file the scores came from."""
    reviewers = list(workbooks)
    if reviewers:
        session.execute(
            delete(ScoreRecord).where(ScoreRecord.engagement == engagement, ScoreRecord.reviewer.in_(reviewers))
        )
    stamp = now()
    rows = [
        {
            **r,
            "score": int(r["score"]),
            "engagement": engagement,
            "workbook": workbooks[r["reviewer"]],
            "imported_at": stamp,
        }
        for r in scores[["reviewer", "demand_id", "criterion", "score"]].to_dict("records")
    ]
    if rows:
        session.execute(ScoreRecord.__table__.insert(), rows)
    return len(rows)


def scores_frame(*, session: Session, engagement: str) -> pd.DataFrame:
    """Every stored score: reviewer, demand_id, criterion, score, workbook."""
    rows = session.execute(
        select(
            ScoreRecord.reviewer, ScoreRecord.demand_id, ScoreRecord.criterion, ScoreRecord.score, ScoreRecord.workbook
        )
        .where(ScoreRecord.engagement == engagement)
        .order_by(ScoreRecord.reviewer, ScoreRecord.demand_id, ScoreRecord.criterion)
    ).all()
    return pd.DataFrame(rows, columns=["reviewer", "demand_id", "criterion", "score", "workbook"])


def record_decisions(*, session: Session, engagement: str, decisions: list[dict], sheet: str) -> None:
    """The board's decisions on demands (demand_id, body_id, decision, decided_on, comment): a new decision on a
    demand replaces the earlier one, keeping the project it became."""
    ids = [d["demand_id"] for d in decisions]
    provisioned = dict(
        session.execute(
            select(PortfolioDecisionRecord.demand_id, PortfolioDecisionRecord.project_id).where(
                PortfolioDecisionRecord.engagement == engagement, PortfolioDecisionRecord.demand_id.in_(ids)
            )
        ).all()
    )
    session.execute(
        delete(PortfolioDecisionRecord).where(
            PortfolioDecisionRecord.engagement == engagement, PortfolioDecisionRecord.demand_id.in_(ids)
        )
    )
    stamp = now()
    rows = [
        {
            **d,
            "engagement": engagement,
            "sheet": sheet,
            "project_id": provisioned.get(d["demand_id"]),
            "imported_at": stamp,
        }
        for d in decisions
    ]
    if rows:
        session.execute(PortfolioDecisionRecord.__table__.insert(), rows)


def mark_provisioned(*, session: Session, engagement: str, projects: dict[str, str]) -> None:
    """Record the project each approved demand became ({demand id: project id})."""
    for demand_id, project_id in projects.items():
        session.execute(
            update(PortfolioDecisionRecord)
            .where(PortfolioDecisionRecord.engagement == engagement, PortfolioDecisionRecord.demand_id == demand_id)
            .values(project_id=project_id)
        )


def decisions_frame(*, session: Session, engagement: str) -> pd.DataFrame:
    """The board's decisions: demand_id, body_id, decision, decided_on, comment, sheet, project_id."""
    columns = ["demand_id", "body_id", "decision", "decided_on", "comment", "sheet", "project_id"]
    rows = session.execute(
        select(*(getattr(PortfolioDecisionRecord, c) for c in columns))
        .where(PortfolioDecisionRecord.engagement == engagement)
        .order_by(PortfolioDecisionRecord.demand_id)
    ).all()
    return pd.DataFrame(rows, columns=columns)


def record_proposal(
    *,
    session: Session,
    engagement: str,
    body_id: str,
    prepared_on: date,
    score: float,
    greedy_score: float,
    demands: list[dict],
    budget: list[dict],
) -> None:
    session.add(
        ProposalRecord(
            engagement=engagement,
            body_id=body_id,
            prepared_on=prepared_on,
            score=score,
            greedy_score=greedy_score,
            demands=json.dumps(demands, ensure_ascii=False),
            budget=json.dumps(budget),
            created_at=now(),
        )
    )


def latest_proposal(*, session: Session, engagement: str) -> dict | None:
    """The last selection put to the board, as plain data (None before the first `pmo portfolio select`)."""
    row = session.execute(
        select(ProposalRecord).where(ProposalRecord.engagement == engagement).order_by(ProposalRecord.id.desc())
    ).first()
    if row is None:
        return None
    record = row[0]
    return {
        "body_id": record.body_id,
        "prepared_on": record.prepared_on,
        "score": record.score,
        "greedy_score": record.greedy_score,
        "demands": json.loads(record.demands),
        "budget": json.loads(record.budget),
    }
