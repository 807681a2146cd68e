"""Stored rows read back: re-running replaces, a later campaign sits beside the earlier one."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from governance.assessment import scoring
from governance.assessment.responses import validate_responses
from governance.assessment.store import (
    Assessment,
    AssessmentResponse,
    DimensionScore,
    list_assessments,
    previous_assessment,
    save_assessment,
)
from governance.core.store import open_store, transaction


@pytest.fixture
def engine(database_url):
    engine = open_store(database_url)
    yield engine
    engine.dispose()


def campaign_frames(bank, scores_text: list[str]):
    rows = [
        ("Ann", "PM", qid, s)
        for qid, s in zip(["governance.1", "governance.2", "risk.1", "risk.2"], scores_text, strict=True)
    ]
    raw = pd.DataFrame(rows, columns=["respondent", "role", "question_id", "score"]).assign(
        _row=range(2, 6), source_file="a.csv"
    )
    responses, problems = validate_responses(raw, bank)
    assert not problems
    return responses, scoring.score_dimensions(responses, bank, {"governance": 3, "risk": 3}, 2.0)


def save(engine, bank, campaign, scores_text):
    responses, scores = campaign_frames(bank, scores_text)
    with transaction(engine) as session:
        return save_assessment(
            session=session,
            engagement="acme",
            campaign=campaign,
            assessed_on=date(2026, 10, 1),
            bank_id=bank.id,
            overall_level=scoring.overall_level(scores),
            responses=responses,
            scores=scores,
        )


def counts(engine) -> tuple[int, int, int]:
    with transaction(engine) as session:
        return tuple(
            session.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (Assessment, AssessmentResponse, DimensionScore)
        )


def test_rerun_replaces_without_duplicates(engine, tiny_bank):
    first = save(engine, tiny_bank, "2026-10", ["1", "2", "3", ""])
    second = save(engine, tiny_bank, "2026-10", ["4", "4", "3", "N/A"])
    assert first == second and counts(engine) == (1, 4, 2)
    with transaction(engine) as session:
        stored = session.execute(
            select(AssessmentResponse.question_id, AssessmentResponse.score, AssessmentResponse.status).order_by(
                AssessmentResponse.question_id
            )
        ).all()
        level = session.execute(
            select(DimensionScore.level).where(DimensionScore.dimension_id == "governance")
        ).scalar_one()
    assert stored == [
        ("governance.1", 4, "answered"),
        ("governance.2", 4, "answered"),
        ("risk.1", 3, "answered"),
        ("risk.2", None, "na"),
    ]
    assert level == 4


def test_later_campaign_kept_beside_earlier(engine, tiny_bank):
    save(engine, tiny_bank, "2026-04", ["1", "1", "2", "2"])
    save(engine, tiny_bank, "2026-10", ["3", "3", "2", "2"])
    assert counts(engine) == (2, 8, 4)
    with transaction(engine) as session:
        assert [a.campaign for a in list_assessments(session=session, engagement="acme")] == ["2026-04", "2026-10"]
        assert previous_assessment(session=session, engagement="acme", campaign="2026-10").campaign == "2026-04"
        assert previous_assessment(session=session, engagement="acme", campaign="2026-04") is None


def test_failure_mid_write_keeps_previous_rows(engine, tiny_bank):
    save(engine, tiny_bank, "2026-10", ["1", "2", "3", "4"])
    responses, scores = campaign_frames(tiny_bank, ["5", "5", "5", "5"])
    broken = scores.assign(target=None)  # NOT NULL column: the insert fails after the deletes
    with pytest.raises(IntegrityError):
        with transaction(engine) as session:
            save_assessment(
                session=session,
                engagement="acme",
                campaign="2026-10",
                assessed_on=date(2026, 10, 1),
                bank_id="tiny",
                overall_level=5,
                responses=responses,
                scores=broken,
            )
    assert counts(engine) == (1, 4, 2)
    with transaction(engine) as session:
        assert session.execute(select(func.max(AssessmentResponse.score))).scalar_one() == 4


def test_migrations_are_idempotent(database_url):
    url = database_url
    for _ in range(2):
        engine = open_store(url)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("select version_num from alembic_version").scalar_one() >= "0001"
        engine.dispose()
