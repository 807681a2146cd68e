"""Benchmark: the PMO annual report on a synthetic portfolio with 12 months stored.

Usage: python bench/annual_bench.py [--projects 10000] [--repeat 2] [--no-cli]

The portfolio is bench/review_bench.py's (realistic budgets, S-curves, slipping and overrunning projects), its 12
months stored through the review's own computation; two assessment campaigns, decisions and actions (one per
exception raised, a few closed, some overdue) and lessons learned are stored beside them. Printed:
  - the report's own work stage by stage, in a fresh process (load: the report's and the deck's templates,
    policy, question bank, staffing plan; read: every stored input in one session; compute: the eight sections;
    then the charts and the context both files show, the Word report, the committee deck and the publication),
    and that process's peak memory (max RSS); goal: under 10 s of work;
  - a cold `pmo report annual` process (Prefect's start-up on its temporary API included), unless --no-cli.
Figures only: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

MONTHS = 12


def seed_assessments(engagement, engine) -> None:
    """Two campaigns of 12 respondents over the built-in bank, the second a little better."""
    from governance.assessment import load_bank_and_library
    from governance.assessment.store import save_assessment
    from governance.core.store import transaction

    bank, _ = load_bank_and_library(engagement)
    rng = np.random.default_rng(3)
    for campaign, assessed_on, shift in (("2026-02", date(2026, 2, 1), 0.0), ("2026-11", date(2026, 11, 1), 0.6)):
        responses = pd.DataFrame(
            [
                {
                    "respondent": f"R{r}",
                    "role": "Chef de projet",
                    "question_id": q.id,
                    "dimension_id": d.id,
                    "score": int(np.clip(round(rng.normal(2.0 + shift, 0.8)), 1, 5)),
                    "status": "answered",
                    "source_file": "bench",
                    "source_row": None,
                }
                for r in range(12)
                for d in bank.dimensions
                for q in d.questions
            ]
        )
        voices = responses.groupby(["respondent", "dimension_id"])["score"].mean().groupby("dimension_id")
        scores = voices.agg(respondents="count", mean="mean", median="median", min="min", max="max", std="std")
        scores = scores.reindex(bank.dimension_ids).reset_index()
        scores["spread"] = scores["max"] - scores["min"]
        scores["level"] = np.floor(scores["median"]).astype(int)
        scores["target"] = 3
        scores["gap"] = 3 - scores["median"]
        scores["disagreement"] = False
        with transaction(engine) as session:
            save_assessment(
                session=session,
                engagement=engagement.id,
                campaign=campaign,
                assessed_on=assessed_on,
                bank_id=bank.id,
                overall_level=int(scores["level"].min()),
                responses=responses,
                scores=scores,
            )


def seed_decisions_and_lessons(engagement, engine, lessons: int = 1000) -> tuple[int, int]:
    """A decision and an action for each exception the stored months raised; a third of the actions closed; and
    `lessons` lessons learned over the year. Returns (decisions, lessons)."""
    from sqlalchemy import select

    from governance.core.store import transaction
    from governance.decisions.store import ActionRecord, DecisionRecord
    from governance.lessons import Lesson
    from governance.review.store import ReviewSnapshot

    stamp = datetime.now(UTC)
    with transaction(engine) as session:
        red = session.execute(
            select(ReviewSnapshot.period, ReviewSnapshot.project_id, ReviewSnapshot.escalation_body).where(
                ReviewSnapshot.engagement == engagement.id, ReviewSnapshot.rag_cost == "red"
            )
        ).all()
    first = {}
    for period, project, body in sorted(red):
        first.setdefault(project, (period, body or "portfolio_board"))
    decisions, actions = [], []
    for n, (project, (period, body)) in enumerate(sorted(first.items())):
        year, month = int(period[:4]), int(period[5:])
        meeting = date(year + (month == 12), month % 12 + 1, 8)
        decisions.append(
            {
                "engagement": engagement.id,
                "period": period,
                "body_id": body,
                "meeting_on": meeting,
                "project_id": project,
                "project_name": f"Projet {project}",
                "dimension": "cost",
                "decision": "Plan d'économies demandé",
                "register_file": "bench",
                "imported_at": stamp,
            }
        )
        closed = n % 3 == 0
        actions.append(
            {
                "engagement": engagement.id,
                "ref": f"{period}/{body}/{project}/cost/1",
                "period": period,
                "body_id": body,
                "project_id": project,
                "dimension": "cost",
                "action": "Présenter un plan d'économies chiffré",
                "owner": "Chef de projet",
                "owner_known": True,
                "due_on": meeting + timedelta(days=30),
                "status": "closed" if closed else "open",
                "closed_on": meeting + timedelta(days=20) if closed else None,
                "comment": "",
                "updated_at": stamp,
            }
        )
    categories = ["Planification", "Fournisseurs", "Risques", "Qualité", "Parties prenantes", ""]
    rows = [
        {
            "engagement": engagement.id,
            "lesson_key": f"bench-{n}",
            "project": f"P{n % 5000:06d}",
            "category": categories[n % len(categories)],
            "lesson": f"Enseignement {n} : anticiper la recette.",
            "tags": "recette",
            "tag_keys": ",recette,",
            "recorded_on": date(2026, 1, 1) + timedelta(days=n % 360),
            "recommendation": "",
            "owner": "",
            "search_text": f"enseignement {n} anticiper la recette",
            "source_file": "bench",
            "source_row": n + 2,
            "imported_at": stamp,
        }
        for n in range(lessons)
    ]
    with transaction(engine) as session:
        if decisions:
            session.execute(DecisionRecord.__table__.insert(), decisions)
            session.execute(ActionRecord.__table__.insert(), actions)
        session.execute(Lesson.__table__.insert(), rows)
    return len(decisions), lessons


def seed(root: Path, projects: int) -> str:
    """The engagement with MONTHS months stored (2026-01..2026-12) and the rest of the year's inputs; returns the
    last month."""
    import review_bench

    from governance.core.periods import shift_period
    from governance.core.store import open_store
    from governance.engagement.config import load_engagement

    # review_bench's engagement, with the id every stored row is keyed by.
    review_bench.CONFIG = "engagement_id: bench-annual-0a1b2c3d\n" + review_bench.CONFIG.removeprefix("engagement_id")
    # It stores all months but the last, which it leaves as a file to review: one month more.
    last_file = review_bench.seed(root, projects, MONTHS + 1)
    engagement = load_engagement(root)
    engine = open_store(engagement.database_url())
    try:
        seed_assessments(engagement, engine)
        decisions, lessons = seed_decisions_and_lessons(engagement, engine)
    finally:
        engine.dispose()
    print(f"seeded: {projects:,} projects x {MONTHS} months, 2 campaigns, {decisions:,} decisions, {lessons:,} lessons")
    return shift_period(last_file, -1)


def measure(root: Path, to: str) -> dict:
    """The annual report stage by stage, in this (fresh) process."""
    from governance import annual
    from governance.annual.run import render_deck, render_word, report_material
    from governance.core.publish import publish, staged_outputs
    from governance.core.store import open_store, transaction
    from governance.engagement.config import load_engagement

    t: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        t[name] = now - clock
        clock = now

    engagement = load_engagement(root)
    prepared = annual.prepare(engagement, to)
    lap("load (templates, policy, bank, staffing)")
    engine = open_store(engagement.database_url())
    with transaction(engine) as session:
        inputs = annual.read_inputs(prepared, session=session)
    lap("read the store")
    report = annual.compute_report(inputs)
    lap("compute the sections")
    # annual.render_report's three steps, timed apart: the deck has a figure of its own.
    with staged_outputs(engagement.out_dir) as staging:
        context, images = report_material(report)
        lap("charts and context")
        rendered = render_word(report, context, images, staging)
        lap("render the Word report")
        deck = render_deck(report, context, images, staging)
        lap("render the deck")
        publish(staging, "annual")
        outputs = {"report": str(staging.final(rendered.path)), "deck": str(staging.final(deck.path))}
    lap("publish")
    engine.dispose()
    t["total"] = sum(v for k, v in t.items())
    t["peak RSS MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t["snapshots read"] = len(inputs.snapshots)
    t["exceptions raised / open"] = f"{report.exceptions.totals['raised']} / {report.exceptions.totals['open']}"
    t["actions open / overdue"] = f"{report.actions.totals['open']} / {report.actions.totals['overdue']}"
    t["deck slides"] = deck.slides
    t["report"] = outputs["report"]
    t["deck"] = outputs["deck"]
    return t


def cold_cli(root: Path, to: str, repeat: int) -> list[tuple[float, float]]:
    """Cold `pmo report annual` processes on Prefect's temporary API: (wall, CPU of the process) each."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != "PMO_DATABASE_URL"}
    env["PMO_HOME"] = str(root.parent / "pmo-home")  # no pmo server: the temporary API, as without one
    env["PREFECT_HOME"] = str(root.parent / "prefect-home")
    runs = []
    for _ in range(repeat + 1):  # the first one compiles and caches: not counted
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "flows.cli", "report", "annual", str(root), "--to", to],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode:
            raise SystemExit(f"pmo report annual failed ({done.returncode}):\n{done.stderr[-3000:]}")
        runs.append((elapsed, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
    return runs[1:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-cli", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("ROOT", "TO"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    from flows.runtime import quiet_prefect

    quiet_prefect()
    if args.child:
        print(json.dumps(measure(Path(args.child[0]), args.child[1])))
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "engagement"
        start = time.perf_counter()
        to = seed(root, args.projects)
        print(f"seeding took {time.perf_counter() - start:.1f} s; report year ending {to}")
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(root), to],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        if child.returncode:
            raise SystemExit(child.stderr[-3000:])
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"\nannual report, {args.projects:,} projects x {MONTHS} months, fresh process:")
        for name, value in figures.items():
            text = f"{value:.2f} s" if isinstance(value, float) and "MB" not in name else value
            if "MB" in name:
                text = f"{value:.0f} MB"
            print(f"  {name:<42} {text}")
        if not args.no_cli:
            runs = cold_cli(root, to, args.repeat)
            walls, cpus = [w for w, _ in runs], [c for _, c in runs]
            print(
                f"\ncold `pmo report annual` (temporary Prefect API), {len(runs)} run(s): wall "
                f"{', '.join(f'{w:.1f}' for w in walls)} s (median {statistics.median(walls):.1f} s), "
                f"CPU median {statistics.median(cpus):.1f} s"
            )


if __name__ == "__main__":
    main()
