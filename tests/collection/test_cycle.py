"""The collection cycle end to end: prepare -> fill (as openpyxl would) -> merge -> review gives the review of
the equivalent hand-made status file; the example inbox's cases; reminders and escalations written once."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from flows.cli import app
from governance.collection.store import CollectionMessage, CollectionReturn
from governance.core.store import open_store, transaction
from governance.review.store import ReviewPeriod, ReviewSnapshot
from support.collection import fill_form, form_projects, read_status_csv

runner = CliRunner()
PERIOD = "2026-11"
# Figures compared between the two routes: every computed column of the snapshot and the period's KPIs.
SKIPPED = {"id", "engagement", "stored_at", "source_file", "source_row"}


def invoke(*args: str, code: int = 0):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def rows(root: Path, table, **where) -> list[dict]:
    engine = open_store(f"sqlite:///{root / 'pmo.db'}")
    try:
        with transaction(engine) as session:
            statement = select(table).where(*(getattr(table, k) == v for k, v in where.items()))
            return [r.model_dump(exclude=SKIPPED) for r in session.execute(statement).scalars()]
    finally:
        engine.dispose()


def november(i: int) -> dict[str, object]:
    """Every field of the form, so that the hand-made file can hold the very same values."""
    bac = 500_000.0 + 10_000 * i
    return {
        "status_date": datetime(2026, 11, 26 + i % 3),
        "start_date": datetime(2025, 3, 1),
        "bac": bac,
        "pv": round(bac * 0.5, 2),
        "ev": round(bac * (0.38 + 0.02 * (i % 7)), 2),
        "ac": round(bac * (0.45 + 0.015 * (i % 5)), 2),
        "percent_complete": 40 + i % 20,
        "baseline_end": datetime(2027, 6, 30),
        "forecast_end": datetime(2027, 7, 1 + i % 20),
        "next_milestone": f"Jalon {i}",
        "milestone_baseline": datetime(2027, 1, 15),
        "milestone_forecast": datetime(2027, 1, 15 + i % 10),
        "open_risks": i % 6,
        "open_issues": i % 3,
        "risk_exposure": 20_000.0 * (i % 4),
        "benefits_planned": None,
        "benefits_realised": None,
        "scope_change": i % 4,
        "rag_self": ("Vert", "Orange", "Rouge")[i % 3],
    }


@pytest.fixture(scope="module")
def twins(example_template, tmp_path_factory):
    """Two copies of the example reviewed up to October, without its returned forms."""
    base = tmp_path_factory.mktemp("cycle")
    roots = []
    for name in ("forms", "by_hand"):
        root = base / name
        shutil.copytree(example_template, root)
        shutil.rmtree(root / "data" / "inbox")
        invoke("review", str(root), "--period", "2026-10")
        roots.append(root)
    return roots


def test_forms_merged_then_reviewed_match_the_hand_made_file(twins):
    forms_root, hand_root = twins
    invoke("collect", "prepare", str(forms_root), "--period", PERIOD, "--no-send")
    values: dict[str, dict] = {}
    inbox = forms_root / "data" / "inbox" / PERIOD
    for number, form in enumerate(sorted((forms_root / "out" / "collection" / PERIOD / "forms").glob("*.xlsx"))):
        projects = form_projects(form)
        for project_id in projects:
            values[project_id] = november(len(values))
        fill_form(form, inbox / f"returned-{number}.xlsx", {p: values[p] for p in projects})
    merged = invoke("collect", "merge", str(forms_root), "--period", PERIOD)
    assert f"Merged {len(values)} project(s)" in merged.output
    merged_rows = read_status_csv(forms_root / "data" / "status" / f"{PERIOD}.csv")
    assert sorted(r["project_id"] for r in merged_rows) == sorted(values)

    # The same figures, typed by hand into a status file as a client would export them (English, ISO dates).
    header = ["project_id", "project_name", "tier", "sponsor", "project_manager", *november(0)]
    with (hand_root / "data" / "status" / f"{PERIOD}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in merged_rows:
            figures = values[row["project_id"]]
            cells = [row[c] for c in header[:5]]
            for name in header[5:]:
                value = figures[name]
                cells.append(
                    value.date().isoformat() if isinstance(value, datetime) else "" if value is None else value
                )
            cells[header.index("percent_complete")] = f"{figures['percent_complete']}%"
            cells[header.index("scope_change")] = f"{figures['scope_change']}%"
            writer.writerow(cells)

    for root in twins:
        invoke("review", str(root), "--period", PERIOD)
    by_form = sorted(rows(forms_root, ReviewSnapshot, period=PERIOD), key=lambda r: r["project_id"])
    by_hand = sorted(rows(hand_root, ReviewSnapshot, period=PERIOD), key=lambda r: r["project_id"])
    assert len(by_form) == len(values) and by_form == by_hand
    kpis = {k: v for k, v in rows(forms_root, ReviewPeriod, period=PERIOD)[0].items() if k != "source_sha256"}
    assert kpis == {k: v for k, v in rows(hand_root, ReviewPeriod, period=PERIOD)[0].items() if k != "source_sha256"}


@pytest.fixture
def merged_example(example, tmp_path):
    invoke("review", str(example), "--period", "2026-10")
    return example


def test_the_example_inbox_shows_every_case(merged_example):
    root = merged_example
    refused = runner.invoke(app, ["collect", "merge", str(root), "--period", PERIOD])
    assert refused.exit_code == 2
    assert (
        "petit-statut-novembre.xlsx: sheet PRJ-016: row 17: column C (Valeur acquise (VA)): earned value"
        in refused.output
    )
    assert not (root / "data" / "status" / f"{PERIOD}.csv").exists()
    assert rows(root, CollectionReturn) == []

    result = invoke("collect", "merge", str(root), "--period", PERIOD, "--partial", "--json")
    merged = json.loads(result.output)
    assert merged["merged"] == 10 and merged["late"] == 1 and merged["refused_projects"] == ["PRJ-016"]
    assert {(s["project_id"], Path(s["file"]).name) for s in merged["superseded"]} == {
        ("PRJ-004", "v1-fontaine-statut-novembre.xlsx"),
        ("PRJ-020", "v1-fontaine-statut-novembre.xlsx"),
    }
    status = {r["project_id"]: r for r in read_status_csv(root / "data" / "status" / f"{PERIOD}.csv")}
    # The corrected return won: the first one said 99 open risks.
    assert status["PRJ-004"]["open_risks"] != "99" and status["PRJ-004"]["source_form"].endswith(
        "/fontaine-statut-novembre.xlsx"
    )
    day = lambda text: datetime.strptime(text, "%d/%m/%Y").date()  # noqa: E731
    late = [p for p, r in status.items() if day(r["received_on"]) > day(r["due_on"])]
    assert late == ["PRJ-003"] and status["PRJ-003"]["received_on"] == "02/12/2026"
    stored = rows(root, CollectionReturn, period=PERIOD)
    outcomes = sorted(r["outcome"] for r in stored)
    assert (outcomes.count("merged"), outcomes.count("superseded"), outcomes.count("refused")) == (10, 2, 1)

    invoke("review", str(root), "--period", PERIOD)
    snapshots = {r["project_id"]: r for r in rows(root, ReviewSnapshot, period=PERIOD)}
    assert "late" in snapshots["PRJ-003"]["flags"] and not snapshots["PRJ-003"]["on_time"]
    assert all("late" not in r["flags"] for p, r in snapshots.items() if p != "PRJ-003")


def test_status_counts_each_project_once(merged_example):
    result = json.loads(
        invoke("collect", "status", str(merged_example), "--period", PERIOD, "--today", "2026-12-03", "--json").output
    )
    # 16 tier 1 and 2 projects are due (tier 3 reports quarterly): 9 on time, PRJ-003 late, PRJ-016 refused,
    # 5 never returned; the objective (95 % on time) is not met at 9/16.
    assert (result["expected"], result["on_time"], result["late"], result["refused"], result["missing_late"]) == (
        16,
        9,
        1,
        1,
        5,
    )
    assert result["on_time_share"] == pytest.approx(9 / 16)
    assert result["objective"]["target"] == pytest.approx(0.95) and result["objective"]["met"] is False
    tiers = {r["tier_id"]: r for r in result["by_tier"]}
    assert sum(r["expected"] for r in tiers.values()) == 16
    before_due = json.loads(
        invoke("collect", "status", str(merged_example), "--period", PERIOD, "--today", "2026-11-28", "--json").output
    )
    assert before_due["missing_late"] == 0 and before_due["outstanding"] == 5


def test_reminders_once_and_escalations_after_the_tier_delay(merged_example):
    root = merged_example
    invoke("collect", "prepare", str(root), "--period", PERIOD, "--no-send")
    first = invoke("collect", "remind", str(root), "--period", PERIOD, "--today", "2026-12-01", "--json")
    written = json.loads(first.output)["written"]
    assert written and {w["kind"] for w in written} == {"reminder"}  # 1 day late: escalation comes after 5
    assert all(Path(w["file"]).is_file() for w in written)
    again = json.loads(
        invoke("collect", "remind", str(root), "--period", PERIOD, "--today", "2026-12-01", "--json").output
    )
    assert again["written"] == [] and len(again["skipped"]) == len(written)
    later = json.loads(
        invoke("collect", "remind", str(root), "--period", PERIOD, "--today", "2026-12-08", "--json").output
    )
    escalations = [w for w in later["written"] if w["kind"] == "escalation"]
    assert escalations and {w["kind"] for w in later["written"]} == {"escalation"}
    # Tier rules say: escalate to the project's sponsor (PRJ-015's is Hélène Vasseur).
    assert any(w["recipient"] == "Hélène Vasseur" and "PRJ-015" in w["projects"] for w in escalations)
    messages = rows(root, CollectionMessage, period=PERIOD)
    assert len([m for m in messages if m["kind"] == "reminder"]) == len(written)
    body = Path(escalations[0]["file"]).read_text(encoding="utf-8")
    assert "X-Unsent: 1" in body and "manque toujours" in body.replace("=\n", "")
    assert date.fromisoformat(later["as_of"]) == date(2026, 12, 8)


def test_the_committed_example_inbox_is_the_committed_engagement(tmp_path):
    """examples/valmont (what a new user opens and prefect.yaml deploys) holds returns of its own engagement."""
    root = tmp_path / "valmont"
    shutil.copytree(Path(__file__).resolve().parents[2] / "examples" / "valmont", root)
    result = json.loads(
        invoke("collect", "status", str(root), "--period", PERIOD, "--today", "2026-12-03", "--json").output
    )
    assert (result["expected"], result["on_time"], result["late"], result["refused"]) == (16, 9, 1, 1)
    assert [p.split(": ")[0] for p in result["refused_problems"]] == [f"data/inbox/{PERIOD}/petit-statut-novembre.xlsx"]
