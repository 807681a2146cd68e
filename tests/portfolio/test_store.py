"""The portfolio tables on SQLite and PostgreSQL: the register replaces the demands, a reviewer's workbook replaces
their scores, a new decision on a demand keeps the project it became; rows read back from the database."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select

from governance.core.store import open_store, transaction
from governance.portfolio.model import DemandRegister
from governance.portfolio.store import (
    DemandRecord,
    decisions_frame,
    mark_provisioned,
    record_decisions,
    replace_demands,
    replace_scores,
    scores_frame,
)


def register(*ids: str) -> DemandRegister:
    demands = pd.DataFrame(
        [
            {
                "demand_id": i,
                "title": f"Demand {i}",
                "sponsor": "Ann",
                "description": "",
                "objective": "",
                "benefits": "",
                "benefit_value": float("nan"),
                "risk": 3.0,
                "earliest_start": "2027-Q1",
                "dependencies": ("A",) if i == "B" else (),
                "mandatory": i == "A",
                "status": "submitted",
                "source": "demands.csv",
                "row": 2,
            }
            for i in ids
        ]
    )
    costs = pd.DataFrame([{"demand_id": i, "year": 2027, "amount": 1000.0} for i in ids])
    effort = pd.DataFrame(
        [
            {"item_id": i, "role": "dev", "quarter": "2027-Q1", "days": 10.0, "source": "effort.csv", "row": 2}
            for i in ids
        ]
    )
    return DemandRegister(demands, costs, effort)


def scores(reviewer: str, value: int) -> pd.DataFrame:
    return pd.DataFrame(
        [{"reviewer": reviewer, "demand_id": "A", "criterion": c, "score": value} for c in ("value", "risk")]
    )


def test_portfolio_tables_round_trip(database_url):
    engine = open_store(database_url)
    try:
        with transaction(engine) as session:
            assert replace_demands(session=session, engagement="e1", register=register("A", "B", "C")) == 3
            replace_demands(session=session, engagement="e2", register=register("A"))
        with transaction(engine) as session:  # the register taken in again: C is gone, the other engagement kept
            replace_demands(session=session, engagement="e1", register=register("A", "B"))
            stored = session.execute(select(DemandRecord).order_by(DemandRecord.engagement, DemandRecord.demand_id))
            found = [(r[0].engagement, r[0].demand_id, r[0].dependencies, r[0].mandatory, r[0].costs) for r in stored]
        assert found == [
            ("e1", "A", "", True, '{"2027": 1000.0}'),
            ("e1", "B", "A", False, '{"2027": 1000.0}'),
            ("e2", "A", "", True, '{"2027": 1000.0}'),
        ]
        with transaction(engine) as session:
            replace_scores(session=session, engagement="e1", scores=scores("Ann", 2), workbooks={"Ann": "a.xlsx"})
            replace_scores(session=session, engagement="e1", scores=scores("Bob", 4), workbooks={"Bob": "b.xlsx"})
        with transaction(engine) as session:  # Ann returns a new workbook: her voice replaced, Bob's kept
            replace_scores(session=session, engagement="e1", scores=scores("Ann", 5), workbooks={"Ann": "a2.xlsx"})
            frame = scores_frame(session=session, engagement="e1")
        assert frame.groupby("reviewer")["score"].sum().to_dict() == {"Ann": 10, "Bob": 8}
        assert set(frame.loc[frame["reviewer"] == "Ann", "workbook"]) == {"a2.xlsx"}
        decision = {"demand_id": "A", "body_id": "board", "decision": "approved", "decided_on": date(2026, 11, 24)}
        with transaction(engine) as session:
            record_decisions(session=session, engagement="e1", decisions=[{**decision, "comment": ""}], sheet="s1")
            mark_provisioned(session=session, engagement="e1", projects={"A": "PRJ-026"})
        with transaction(engine) as session:  # decided again at the next board: the project is kept
            again = {**decision, "decided_on": date(2026, 12, 8), "comment": "confirmed"}
            record_decisions(session=session, engagement="e1", decisions=[again], sheet="s2")
            decided = decisions_frame(session=session, engagement="e1")
        assert decided.to_dict("records") == [
            {
                "demand_id": "A",
                "body_id": "board",
                "decision": "approved",
                "decided_on": date(2026, 12, 8),
                "comment": "confirmed",
                "sheet": "s2",
                "project_id": "PRJ-026",
            }
        ]
    finally:
        engine.dispose()
