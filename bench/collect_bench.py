"""Benchmark: the monthly status collection, `pmo collect prepare` then `pmo collect merge`, on a large portfolio.

Usage: python bench/collect_bench.py [--projects 1000] [--managers 150] [--no-warmup] [--profile]

A throw-away engagement (`pmo init`'s example, French) gets a generated project list of `--projects` projects,
all of monthly tiers (tier1/tier2), their managers round-robin across `--managers` people. Then:
  - `pmo collect prepare ROOT --period 2026-11 --no-send` runs as a cold `pmo` process (one form per manager,
    a sheet per project, and the .eml drafts);
  - every form is filled as a project manager would (tests/support/collection.py's fill_form: valid figures,
    status date in November 2026, EV at most BAC) and dropped in data/inbox/2026-11/ (not timed);
  - `pmo collect merge ROOT --period 2026-11` runs the same way; the merged data/status/2026-11.csv must hold
    one row per project (the benchmark exits 1 when it does not).
Printed per step: the wall time of the `pmo` process from spawn to exit (Prefect's ephemeral API start-up
included), its CPU time, its peak memory (max RSS, from os.wait4: that child's own figure, which
getrusage(RUSAGE_CHILDREN) would mix with the earlier children's), and the same stage called in this process
(flows.collection's prepare_stage / merge_stage without Prefect) on a copy of the engagement; goal: each under
20 s. `--profile` prints the cProfile of those in-process calls (cumulative time). A first, uncounted
`pmo collect prepare` on the example's own 25 projects creates Prefect's database and compiles the bytecode
(under a temporary PYTHONPYCACHEPREFIX), as on a consultant's machine after first use. Everything runs in a
temporary folder with its own PMO_HOME and PREFECT_HOME: a pmo server the user runs is neither used nor touched.
Figures only: timings are not asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PERIOD = "2026-11"
GOAL_SECONDS = 20.0
FIRST_NAMES = (
    "Julien", "Sophie", "Thomas", "Claire", "Antoine", "Léa", "Hugo", "Manon", "Lucas", "Émilie",
    "Nicolas", "Chloé", "François", "Inès", "Mathieu", "Zoé", "Étienne", "Camille", "Benoît", "Anaïs",
)  # fmt: skip
LAST_NAMES = (
    "Moreau", "Laurent", "Roux", "Fontaine", "Faure", "Mercier", "Blanc", "Chevalier", "Girard", "Lefèvre",
    "Durand", "Bérard", "Noël", "Perrin", "Garnier", "Boyer", "Lemaître", "Picard", "Gauthier", "Müller",
)  # fmt: skip
SPONSORS = ("Marc Delorme", "Isabelle Carré", "Hélène Vasseur", "Paul Brunet", "Nathalie Gérard", "Yves Rocher")


@dataclass(frozen=True)
class Project:
    id: str
    manager: str
    budget: float
    start: date
    end: date


@dataclass(frozen=True)
class Run:
    wall: float  # seconds, spawn to exit
    cpu: float  # seconds, user + system of the `pmo` process (and any child it waited for)
    peak_mb: float  # its max RSS


def child_env(work: Path) -> dict[str, str]:
    """A consultant's shell without a pmo server: no Prefect settings, this benchmark's own data folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != "PMO_DATABASE_URL"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")  # compiled once by the warm-up, never into the repository
    env["PMO_HOME"] = str(work / "pmo-home")  # no `pmo server start` here: Prefect's ephemeral API
    env["PREFECT_HOME"] = str(work / "prefect-home")
    return env


def pmo(args: list[str], env: dict[str, str], log: Path) -> Run:
    """A cold `pmo ARGS` process: wall time, CPU time and peak RSS, from its own os.wait4 figures."""
    with (log.with_suffix(".out")).open("wb") as out, (log.with_suffix(".err")).open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "flows.cli", *args], cwd=ROOT, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        tail = log.with_suffix(".out").read_text(errors="replace")[-2000:]
        tail += log.with_suffix(".err").read_text(errors="replace")[-3000:]
        raise SystemExit(f"pmo {' '.join(args)} failed ({child.returncode}):\n{tail}")
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux
    return Run(elapsed, usage.ru_utime + usage.ru_stime, peak)


def manager_names(count: int) -> list[str]:
    """`count` distinct French names (accents included: grouping by manager must see through them)."""
    names = []
    for i in range(count):
        first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)]
        cycle = i // (len(FIRST_NAMES) * len(LAST_NAMES))
        names.append(f"{first} {last}" + (f" {cycle + 1}" if cycle else ""))
    return names


def _money(value: float) -> str:
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")  # 2 400 000,00 as in the example's list


def write_projects(root: Path, count: int, managers: int, seed: int = 11) -> list[Project]:
    """data/projects.csv with `count` projects in the example's French format, tiers 1 and 2 only (both report
    monthly), budgets inside their tier's bounds, managers round-robin."""
    rng = random.Random(seed)
    people = manager_names(managers)
    width = max(4, len(str(count)))
    projects, lines = [], ["id;nom;sponsor;chef_de_projet;niveau;budget;debut;fin"]
    for k in range(count):
        tier = "tier1" if k % 3 == 0 else "tier2"
        budget = round(rng.uniform(1_000_000, 6_000_000) if tier == "tier1" else rng.uniform(300_000, 999_000), -3)
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 600))
        end = start + timedelta(days=rng.randrange(300, 1100))
        project = Project(f"PRJ-{k + 1:0{width}d}", people[k % managers], budget, start, end)
        projects.append(project)
        lines.append(
            f"{project.id};Projet {k + 1} — {rng.choice(('Refonte', 'Migration', 'Déploiement', 'Étude'))} "
            f"{rng.choice(('ERP', 'CRM', 'WMS', 'TMS', 'paie', 'portail', 'entrepôt'))};{SPONSORS[k % len(SPONSORS)]};"
            f"{project.manager};{tier};{_money(budget)};{start:%d/%m/%Y};{end:%d/%m/%Y}"
        )
    (root / "data" / "projects.csv").write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    return projects


def build(root: Path, count: int, managers: int) -> list[Project]:
    from governance.example.engagement import create_example_engagement

    create_example_engagement(root, "fr")
    # The example's status history (data/status/2025-11.csv .. 2026-10.csv) is removed: it names the example's
    # 25 projects, none of the generated ones. `prepare` reads last month's figures from the store, which stays
    # empty here until a `pmo review` runs, so keeping the files would not change the work measured; removing
    # them leaves a folder holding only the generated portfolio and the merged month (data/status/2026-11.csv).
    for path in (root / "data" / "status").glob("*.csv"):
        path.unlink()
    # The example's returned forms (data/inbox/, if it ships some) are for its own projects: out of the way.
    shutil.rmtree(root / "data" / "inbox", ignore_errors=True)
    projects = write_projects(root, count, managers)
    write_contacts(root, sorted({p.manager for p in projects}))
    return projects


def write_contacts(root: Path, managers: list[str]) -> None:
    """Every generated manager in the address book (data/contacts.csv, the example's when it has one), so each
    message is written to a recipient as in real use; the example's own contacts (body chairs...) stay."""
    from governance.core.tabular import plain_text

    path = root / "data" / "contacts.csv"
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else "nom;email;rôle\n"
    lines = text.rstrip("\r\n").splitlines()
    known = {plain_text(line.split(";", 1)[0]) for line in lines[1:]}
    for name in managers:
        if plain_text(name) not in known:
            address = plain_text(name, ".") or "pm"
            lines.append(f"{name};{address}@client.example;" + ";" * (lines[0].count(";") - 2))
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")


def fill_inbox(root: Path, projects: list[Project], seed: int = 12) -> tuple[int, int]:
    """Every prepared form, filled with valid figures, saved under data/inbox/<period>/; (forms, sheets)."""
    from governance.core.periods import period_bounds
    from tests.support.collection import figures, fill_form, form_projects

    rng = random.Random(seed)
    by_id = {p.id: p for p in projects}
    last = period_bounds(PERIOD)[1]
    inbox = root / "data" / "inbox" / PERIOD
    forms = sorted((root / "out" / "collection" / PERIOD / "forms").glob("*.xlsx"))
    sheets = 0
    for form in forms:
        values = {}
        for project_id in form_projects(form):
            project = by_id[project_id]
            done = rng.uniform(0.05, 0.95)
            pv = round(project.budget * done, 2)
            ev = round(min(project.budget, pv * rng.uniform(0.85, 1.05)), 2)
            ac = round(ev * rng.uniform(0.9, 1.2), 2)
            status_date = last - timedelta(days=rng.randrange(0, 3))
            values[project_id] = figures(
                status_date,
                bac=project.budget,
                pv=pv,
                ev=ev,
                ac=ac,
                percent_complete=round(100 * ev / project.budget, 1),
                forecast_end=datetime.combine(project.end + timedelta(days=rng.randrange(0, 60)), datetime.min.time()),
                open_risks=rng.randrange(0, 8),
            )
        fill_form(form, inbox / form.name, values)
        sheets += len(values)
    return len(forms), sheets


def merged_rows(root: Path) -> list[dict[str, str]]:
    from tests.support.collection import read_status_csv

    path = root / "data" / "status" / f"{PERIOD}.csv"
    return read_status_csv(path) if path.is_file() else []


def in_process(copy: Path, inbox: Path, work: Path, profile: bool) -> dict[str, float]:
    """The two stages called in this process (no Prefect run, no process start-up) on a copy of the engagement."""
    os.environ["PREFECT_HOME"] = str(work / "prefect-inprocess")  # before Prefect is imported
    os.environ.pop("PMO_DATABASE_URL", None)
    from flows.collection import merge_stage, prepare_stage
    from governance.engagement.config import load_engagement

    engagement = load_engagement(copy)
    times = {}
    stages = (
        ("prepare", lambda: prepare_stage.fn(engagement, PERIOD, False, False, False)),
        ("merge", lambda: merge_stage.fn(engagement, PERIOD, False)),
    )
    for name, call in stages:
        if name == "merge":
            shutil.copytree(inbox, copy / "data" / "inbox" / PERIOD)
        profiler = cProfile.Profile() if profile else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        call()
        if profiler:
            profiler.disable()
        times[name] = time.perf_counter() - start
        if profiler:
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
            print(f"\ncProfile of the in-process {name} stage (cumulative):\n{text.getvalue()}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--managers", type=int, default=150)
    parser.add_argument("--no-warmup", action="store_true", help="count Prefect's first start in `prepare`")
    parser.add_argument("--no-in-process", action="store_true", help="skip the in-process calls")
    parser.add_argument("--profile", action="store_true", help="print the cProfile of the in-process calls")
    args = parser.parse_args()
    if not 0 < args.managers <= args.projects:
        parser.error("expected 0 < --managers <= --projects")
    print(f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f} at start; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="pmo-collect-bench-") as tmp:
        work = Path(tmp)
        env = child_env(work)
        if not args.no_warmup:
            from governance.example.engagement import create_example_engagement

            create_example_engagement(work / "warmup", "fr")
            start = time.perf_counter()
            pmo(["collect", "prepare", str(work / "warmup"), "--period", PERIOD, "--no-send"], env, work / "warmup")
            print(
                f"warm-up (uncounted): `pmo collect prepare` of the example's 25 projects, {time.perf_counter() - start:.1f} s"
            )
        root = work / "engagement"
        start = time.perf_counter()
        projects = build(root, args.projects, args.managers)
        copy = work / "in-process"
        shutil.copytree(root, copy)
        print(
            f"engagement: {len(projects):,} projects, {args.managers} managers, built in "
            f"{time.perf_counter() - start:.1f} s"
        )

        runs = {}
        runs["prepare"] = pmo(["collect", "prepare", str(root), "--period", PERIOD, "--no-send"], env, work / "prepare")
        forms_dir = root / "out" / "collection" / PERIOD / "forms"
        size = sum(p.stat().st_size for p in forms_dir.glob("*.xlsx")) / 1e6
        drafts = len(list((root / "out" / "collection" / PERIOD / "messages").glob("*.eml")))
        print(f"prepare: {len(list(forms_dir.glob('*.xlsx')))} forms ({size:.1f} MB), {drafts} .eml drafts")

        start = time.perf_counter()
        forms, sheets = fill_inbox(root, projects)
        print(f"filled: {forms} forms, {sheets:,} project sheets, in {time.perf_counter() - start:.1f} s (not timed)")

        runs["merge"] = pmo(["collect", "merge", str(root), "--period", PERIOD], env, work / "merge")
        rows = merged_rows(root)
        expected = {p.id for p in projects}
        found = {r.get("project_id") for r in rows}
        ok = len(rows) == len(projects) and found == expected
        print(
            f"merged: data/status/{PERIOD}.csv has {len(rows):,} rows (expected {len(projects):,}): {'ok' if ok else 'WRONG'}"
        )

        inner = {} if args.no_in_process else in_process(copy, root / "data" / "inbox" / PERIOD, work, args.profile)

        print(
            f"\nStatus collection of {len(projects):,} projects, {args.managers} managers (goal: each under {GOAL_SECONDS:.0f} s)"
        )
        print(f"  {'step':<22} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'in-process s':>13}  goal")
        for name, run in runs.items():
            inside = f"{inner[name]:13.2f}" if name in inner else f"{'-':>13}"
            verdict = "ok" if run.wall < GOAL_SECONDS else "OVER"
            print(
                f"  {'pmo collect ' + name:<22} {run.wall:7.2f} {run.cpu:7.2f} {run.peak_mb:8.0f} {inside}  "
                f"< {GOAL_SECONDS:.0f} s: {verdict}"
            )
        print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
