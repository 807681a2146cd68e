"""The monthly review pack lists the lessons learned recorded that month (issue 6, knowledge base)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from governance.core.store import session_scope
from governance.engagement.config import load_engagement
from governance.lessons.store import lessons_for_period
from support import document_text

runner = CliRunner()


def test_review_pack_lists_the_months_lessons(example):
    imported = runner.invoke(app, ["lessons", "import", str(example), "--json"], catch_exceptions=False)
    assert imported.exit_code == 0, imported.output
    engagement = load_engagement(example)
    with session_scope(engagement.database_url()) as session:
        october = lessons_for_period(session, "2026-10", engagement.id)
        september = lessons_for_period(session, "2026-09", engagement.id)
    assert october and not {x["lesson"] for x in october} & {x["lesson"] for x in september}

    result = runner.invoke(app, ["review", str(example), "--period", "2026-10", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = document_text(Path(json.loads(result.stdout)["pack"]))
    assert "Enseignements enregistrés ce mois-ci" in text
    for lesson in october:
        assert lesson["lesson"] in text
    for lesson in september:
        assert lesson["lesson"] not in text


def test_review_pack_says_when_no_lesson_was_recorded(example):
    result = runner.invoke(app, ["review", str(example), "--period", "2026-10", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Aucun enseignement n'a été enregistré ce mois-ci" in document_text(Path(json.loads(result.stdout)["pack"]))
