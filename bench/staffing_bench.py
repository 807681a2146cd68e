"""Benchmark: the staffing plan and the lessons-learned knowledge base, without Prefect.

Usage: python bench/staffing_bench.py [--lessons 20000] [--people 200] [--repeat 3] [--postgres URL]
Prints medians of:
  - the staffing plan of the example engagement, stage by stage (load, compute, charts + Word + Excel),
  - the pure plan for a large PMO team (`--people` people, sizing + matrix + training plan + schedule),
  - importing `--lessons` lessons into SQLite (read CSV, then the upsert), and importing them again,
  - a search by word through FTS5 against the LIKE fallback, and a search by tag,
  - the same import and search on PostgreSQL when --postgres gives an admin URL (a database is created).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = (
    "fournisseur contrat planning recette risque bascule jalon comité budget provision données tableau "
    "formation chauffeurs entrepôt transport délai sécurité audit qualité parties prenantes décision "
    "intégration raccordement étiquettes essais saisonnalité"
).split()
TAGS = ["RH", "contrat", "planning", "risques", "données", "achats", "sécurité", "formation", "audit", "budget"]


def timed(action, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def lessons_csv(folder: Path, count: int) -> Path:
    """Lessons of about 20 words drawn from a 4,000-word vocabulary with a Zipf-like frequency, as real text is:
    a few words are everywhere, most are rare. The named words of WORDS are among the frequent ones."""
    rng = random.Random(20261121)
    syllables = ["ra", "co", "ti", "men", "pla", "ges", "tion", "pro", "ver", "lu", "sé", "cu", "ri", "té", "dé"]
    vocabulary = list(WORDS) + ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(4000)]
    weights = [1 / (rank + 5) for rank in range(len(vocabulary))]
    lines = ["Projet;Catégorie;Leçon apprise;Mots-clés;Date"]
    start = date(2024, 1, 1)
    for index in range(count):
        text = " ".join(rng.choices(vocabulary, weights, k=20)) + f" (retour n° {index})"
        tags = ", ".join(rng.sample(TAGS, 2))
        day = start + timedelta(days=rng.randrange(900))
        lines.append(f"PRJ-{rng.randrange(1, 400):03d};Catégorie {rng.randrange(8)};{text};{tags};{day:%d/%m/%Y}")
    path = folder / "lessons.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bench_lessons(url: str, path: Path, repeat: int, label: str) -> None:
    from governance.core.store import open_store, transaction
    from governance.lessons.read import load_lessons
    from governance.lessons.store import save_lessons, search_lessons, search_method

    seconds, (lessons, _) = timed(lambda: load_lessons([path], ["lessons.csv"]), repeat)
    print(f"  read and validate {len(lessons)} lessons: {seconds:.2f} s")
    engine = open_store(url)

    def save():
        with transaction(engine) as session:
            return save_lessons(session=session, engagement="bench", lessons=lessons)

    start = time.perf_counter()
    first = save()
    print(f"  {label}: first import {time.perf_counter() - start:.2f} s {first}")
    seconds, again = timed(save, repeat)
    print(f"  {label}: import again, unchanged {seconds:.2f} s {again}")
    with transaction(engine) as session:
        method = search_method(session)
        for query, tags in (("fournisseur recette", ()), ("raccordement", ()), ("", ("audit",))):
            for use in dict.fromkeys((method, "like")):
                seconds, (rows, _) = timed(
                    lambda q=query, t=tags, u=use: search_lessons(
                        session=session, engagement="bench", query=q, tags=t, method=u, limit=20
                    ),
                    repeat,
                )
                print(
                    f"  {label}: search {query or 'tag ' + tags[0]!r} via {use}: {seconds * 1000:.1f} ms "
                    f"({len(rows)} shown)"
                )
    engine.dispose()


def bench_plan(repeat: int, people_count: int) -> None:
    from governance.engagement.staffing_settings import ROLES, StaffingSettings
    from governance.staffing import Portfolio, StaffingInputs, build_plan
    from governance.staffing.profiles import load_role_profiles
    from governance.staffing.skills import People, Person
    from governance.staffing.training import load_catalogue

    profiles = load_role_profiles()
    catalogue = load_catalogue(profiles)
    rng = random.Random(7)
    people = [
        Person(f"Person {i}", ROLES[i % 4], 1.0, {s: rng.randint(1, 5) for s in profiles.skill_ids}, [], [], i)
        for i in range(people_count)
    ]

    inputs = StaffingInputs(
        settings=StaffingSettings(),
        configured_pmo_type="directive",
        governance=None,
        portfolio=Portfolio({"tier1": 40, "tier2": 120, "tier3": 300}, 150, "bench"),
        people=People(people, "bench"),
        profiles=profiles,
        catalogue=catalogue,
    )
    seconds, plan = timed(lambda: build_plan(inputs), repeat)
    print(
        f"  pure plan for {people_count} people (460 projects): {seconds * 1000:.0f} ms, "
        f"{len(plan.lines)} training lines, {plan.sizing.total_fte:.1f} FTE"
    )


def render_and_publish(engagement, inputs, plan) -> None:
    """What the flow's render and publish steps do: the plan and the workbook staged, then swapped in."""
    from flows import staffing
    from governance.core.publish import publish, staged_outputs

    with staged_outputs(engagement.out_dir) as staging:
        staffing.render_outputs.fn(engagement, inputs, plan, None, None, staging)
        publish(staging, "staffing")


def bench_example(repeat: int) -> None:
    from flows import staffing
    from governance.example.engagement import create_example_engagement
    from governance.example.portfolio import PROJECTS

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "engagement"
        create_example_engagement(root, "fr")
        projects = root / "data" / "projects.csv"
        if not projects.exists():
            lines = ["id;name;sponsor;manager;tier;budget;start;end"]
            lines += [
                f"{p.id};{p.name};{p.sponsor};{p.manager};{p.tier};{p.budget:.0f};{p.start:%d/%m/%Y};{p.end:%d/%m/%Y}"
                for p in PROJECTS
            ]
            projects.write_text("\n".join(lines) + "\n", encoding="utf-8")
        load, (engagement, loaded) = timed(lambda: staffing.load_inputs.fn(str(root)), repeat)
        compute, plan = timed(lambda: staffing.compute_plan.fn(loaded), repeat)
        render, _ = timed(lambda: render_and_publish(engagement, loaded, plan), repeat)
        print(
            f"  example engagement: load {load * 1000:.0f} ms, compute {compute * 1000:.0f} ms, "
            f"charts + Word + Excel {render * 1000:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lessons", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default=None, help="admin URL of a PostgreSQL server")
    arguments = parser.parse_args()
    print("Staffing plan")
    bench_example(arguments.repeat)
    bench_plan(arguments.repeat, arguments.people)
    print("Lessons learned")
    with tempfile.TemporaryDirectory() as folder:
        path = lessons_csv(Path(folder), arguments.lessons)
        bench_lessons(f"sqlite:///{Path(folder) / 'bench.db'}", path, arguments.repeat, "SQLite")
        if arguments.postgres:
            from sqlalchemy import text
            from sqlalchemy.engine import make_url

            from governance.core.store import make_engine

            admin = make_engine(arguments.postgres).execution_options(isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text("DROP DATABASE IF EXISTS pmo_bench_lessons"))
                connection.execute(text("CREATE DATABASE pmo_bench_lessons"))
            url = make_url(arguments.postgres).set(database="pmo_bench_lessons").render_as_string(hide_password=False)
            try:
                bench_lessons(url, path, arguments.repeat, "PostgreSQL")
            finally:
                with admin.connect() as connection:
                    connection.execute(text("DROP DATABASE IF EXISTS pmo_bench_lessons WITH (FORCE)"))
                admin.dispose()


if __name__ == "__main__":
    main()
