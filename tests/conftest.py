"""Shared fixtures: a tiny question bank for hand computation, and one example engagement per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from flows.runtime import quiet_prefect

quiet_prefect()


def _text(fr: str, en: str | None = None) -> dict:
    return {"fr": fr, "en": en or fr}


def tiny_bank_dict() -> dict:
    levels = {n: _text(f"niveau {n}", f"level {n}") for n in range(1, 6)}

    def dimension(dimension_id: str, depends_on: list[str]) -> dict:
        return {
            "id": dimension_id,
            "name": _text(dimension_id.title()),
            "description": _text(f"about {dimension_id}"),
            "depends_on": depends_on,
            "questions": [
                {"id": f"{dimension_id}.{n}", "text": _text(f"{dimension_id} question {n}"), "levels": levels}
                for n in (1, 2)
            ],
        }

    return {
        "id": "tiny",
        "version": 1,
        "levels": levels,
        "dimensions": [dimension("governance", []), dimension("risk", ["governance"])],
    }


@pytest.fixture
def tiny_bank_path(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(tiny_bank_dict()), encoding="utf-8")
    return path


@pytest.fixture
def tiny_bank(tiny_bank_path):
    from governance.assessment.bank import load_question_bank

    return load_question_bank(tiny_bank_path)


@pytest.fixture(scope="session")
def example_template(tmp_path_factory) -> Path:
    """One example engagement per test session; tests copy it before changing anything."""
    from governance.example.engagement import create_example_engagement

    root = tmp_path_factory.mktemp("example") / "engagement"
    create_example_engagement(root, "fr")
    return root


@pytest.fixture
def example(example_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "engagement"
    shutil.copytree(example_template, target)
    return target


@pytest.fixture(scope="session", autouse=True)
def _isolated_database_url():
    # Tests use each engagement's own SQLite file unless a PostgreSQL run asks otherwise.
    if not os.environ.get("PMO_TEST_DATABASE_URL"):
        os.environ.pop("PMO_DATABASE_URL", None)
    yield


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh empty database: a SQLite file, and a new PostgreSQL database when PMO_TEST_POSTGRES_URL is set
    (an admin URL; `.ci/run` starts a throw-away server with tools/start_test_postgres.sh)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pmo.db'}"
        return
    admin_url = os.environ.get("PMO_TEST_POSTGRES_URL")
    if not admin_url:
        pytest.skip("PMO_TEST_POSTGRES_URL is not set (no PostgreSQL server for this run)")
    import uuid

    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"pmo_test_{uuid.uuid4().hex[:12]}"
    from governance.core.store import make_engine

    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
