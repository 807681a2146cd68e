"""End to end on the example engagement: `pmo lessons import` and `pmo lessons search`."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from flows.cli import app
from governance.core.store import open_store, transaction
from governance.engagement.config import load_engagement
from governance.lessons.store import lessons_for_period

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def imported(example_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("lessons") / "engagement"
    shutil.copytree(example_template, root)
    result = invoke("lessons", "import", str(root), "--json")
    assert result.exit_code == 0, result.output
    return root, json.loads(result.stdout)


def test_import_reads_both_french_exports(imported):
    _, payload = imported
    assert payload["files"] == [
        "data/lessons/lecons-apprises-2026-s1.csv",
        "data/lessons/retours-experience-projets.csv",
    ]
    assert (payload["added"], payload["updated"], payload["unchanged"]) == (16, 0, 0)
    assert (payload["stored"], payload["search"]) == (16, "fts5")


def test_reimport_does_not_duplicate(imported):
    root, _ = imported
    result = invoke("lessons", "import", str(root))
    assert result.exit_code == 0
    assert result.stdout.strip() == (
        "Lessons read from 2 file(s): 0 new, 0 updated, 16 unchanged. 16 lessons in the knowledge base (search: fts5)."
    )


def search(root, *args):
    result = invoke("lessons", "search", str(root), *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_search_by_words_and_tags(imported):
    root, _ = imported
    found = search(root, "fournisseur")
    assert found["method"] == "fts5"
    # a supplier lesson (category), a contract lesson, and one tagged "fournisseurs"
    assert sorted(r["project"] for r in found["lessons"]) == ["PRJ-004", "PRJ-005", "PRJ-009"]
    assert [r["project"] for r in search(root, "--tag", "RH")["lessons"]] == ["PRJ-024", "PRJ-008"]
    assert [r["project"] for r in search(root, "comite", "--tag", "décisions")["lessons"]] == ["PRJ-012"]
    assert search(root, "supraconducteur")["count"] == 0


def test_search_human_output(imported):
    root, _ = imported
    result = invoke("lessons", "search", str(root), "échéance réglementaire")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "2026-05-20 · PRJ-015 · Gouvernance  [jalons, réglementaire]"
    assert lines[1].strip().startswith("L'échéance réglementaire servait de jalon unique")
    assert lines[-1] == "1 lesson(s)."


def test_lessons_of_the_review_month(imported):
    root, _ = imported
    engagement = load_engagement(root)
    engine = open_store(engagement.database_url())
    try:
        with transaction(engine) as session:
            october = lessons_for_period(session, "2026-10", engagement=engagement.id)
    finally:
        engine.dispose()
    assert [r["project"] for r in october] == ["PRJ-024", "PRJ-005", "PRJ-012", "PRJ-013"]


def test_bad_file_exit_2_with_file_row_column(example):
    bad = example / "data" / "lessons" / "saisie.csv"
    bad.write_text("projet;leçon;date\nPRJ-001;Une leçon;32/01/2026\n", encoding="utf-8")
    result = invoke("lessons", "import", str(example))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "data/lessons/saisie.csv: row 2: column date: date '32/01/2026' is not a date; "
        "expected DD/MM/YYYY or YYYY-MM-DD"
    )


def test_import_one_file_and_nothing_found(example, tmp_path):
    one = example / "data" / "lessons" / "lecons-apprises-2026-s1.csv"
    result = invoke("lessons", "import", str(example), "--from", str(one), "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["added"] == 8
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("lessons", "import", str(example), "--from", str(empty))
    assert result.exit_code == 2 and "no lessons-learned file found" in result.stderr
