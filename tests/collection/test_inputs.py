"""Small rules of the collection, table-driven: who gets which form, which files the inbox holds, what a run
refuses before doing anything."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from governance.collection.contacts import person_key
from governance.collection.forms import file_stem
from governance.collection.prepare import by_manager
from governance.collection.returns import inbox_files
from governance.collection.roster import collection_period

runner = CliRunner()


@pytest.mark.parametrize(
    ("names", "groups"),
    [
        (["Hélène Vasseur", "helene  VASSEUR", "Marc Delorme"], 2),
        (["Иван Петров", "王芳", "Ελένη Παππά"], 3),  # never reduced to one empty name
        (["Иван Петров", "иван петров"], 1),
        (["", "  ", "Marc Delorme"], 2),  # the projects without a manager: one form of their own
    ],
)
def test_projects_are_grouped_by_person(names, groups):
    projects = pd.DataFrame({"project_id": [f"P{i}" for i in range(len(names))], "project_manager": names})
    assert len(by_manager(projects)) == groups


@pytest.mark.parametrize(
    ("name", "stem"),
    [("Hélène Vasseur", "helene-vasseur"), ("王芳", "王芳"), ("Иван Петров", "иван-петров"), ("", "x")],
)
def test_names_in_file_names(name, stem):
    assert file_stem(name, "x") == stem
    assert person_key(name) or name == ""


def test_the_inbox_reads_below_itself_only(tmp_path):
    inbox = tmp_path / ".clients" / "valmont" / "data" / "inbox" / "2026-11"  # an engagement under a dot-folder
    (inbox / "sub").mkdir(parents=True)
    for name in ("a.xlsx", "sub/b.eml", "~$a.xlsx", ".DS_Store", "Thumbs.db"):
        (inbox / name).write_bytes(b"x")
    (inbox / ".hidden").mkdir()
    (inbox / ".hidden" / "c.xlsx").write_bytes(b"x")
    assert [p.relative_to(inbox).as_posix() for p in inbox_files(inbox)] == ["a.xlsx", "sub/b.eml"]


@pytest.mark.parametrize(
    ("today", "period"),
    [
        ("2026-11-25", "2026-11"),
        ("2026-12-01", "2026-11"),
        ("2026-12-03", "2026-11"),
        ("2026-12-15", "2026-11"),
        ("2026-12-16", "2026-12"),
        ("2027-01-08", "2026-12"),
    ],
)
def test_the_default_month(today, period):
    assert collection_period(pd.Timestamp(today).date()) == period


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        (["collect", "status", "{eng}", "--today", "03/12/2026"], "bad-date"),
        (["collect", "remind", "{eng}", "--today", "demain"], "bad-date"),
        (["collect", "merge", "{eng}", "--period", "2026-13"], None),
    ],
)
def test_bad_options_are_refused(example, arguments, code):
    result = runner.invoke(app, [a.replace("{eng}", str(example)) for a in arguments] + ["--json"])
    assert result.exit_code == 2, result.output
    problems = json.loads(result.stdout)["problems"]
    assert problems and (code is None or [p["code"] for p in problems] == [code])
    assert not (example / "out" / "collection").exists()


def test_an_unknown_stage_is_refused(example):
    from flows.collection import status_collection
    from flows.runtime import run_flow

    outcome = run_flow(status_collection, engagement_dir=str(example), stage="remnd")
    assert not outcome.ok and [p["code"] for p in outcome.problems] == ["unknown-stage"]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("  prepare_day: 10\n", "greater than or equal to 16"),
        ("  remind_days: [20]\n", "days 1 to 15"),
        ("  review_day: 20\n", "less than or equal to 15"),
        ("  smtp: {host: mail.client.example}\n", "sender is not"),
    ],
)
def test_collection_settings_that_would_pick_the_wrong_month_are_refused(example, setting, message):
    path = example / "pmo.yaml"
    text = path.read_text(encoding="utf-8")
    if "sender" in message:
        text = text.replace("  sender: pmo@valmont-logistique.example\n", "")
    path.write_text(text.replace("collection:\n", "collection:\n" + setting), encoding="utf-8")
    result = runner.invoke(app, ["collect", "status", str(example), "--json"])
    assert result.exit_code == 2, result.output
    assert message in json.dumps(json.loads(result.stdout)["problems"], ensure_ascii=False)
