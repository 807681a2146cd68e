"""Benchmark: the monthly governance review on synthetic portfolios with 36 months of history.

Usage: python bench/review_bench.py [--sizes 1000 10000 50000] [--months 36] [--no-cli]

For each size, a synthetic portfolio (realistic budgets, S-curves, slipping and overrunning projects, a few
late or inconsistent updates) gets 35 months stored through the same computation, then the 36th month is
reviewed from a French-formatted CSV. Printed, per size:
  - the review stage by stage, in a fresh process (read, validate, history read, compute, store, render the
    Word pack, write the workbook) and that process's peak memory (max RSS),
  - the compute stage against a bare pandas/numpy computation of the same formulas (EVM, deviations, RAG,
    trend against the previous month) on the same rows,
  - a cold `pmo review` process (what a scheduled run costs, Prefect's start-up included), unless --no-cli.
Figures only: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST_PERIOD = "2026-01"
CONFIG = "client:\n  name: Bench Industries\nlanguage: fr\nconsultant: Bench\n"


def synthetic_months(count: int, months: int, seed: int = 7) -> list[pd.DataFrame]:
    """Validated status frames (the shape status_input produces), one per month, all projects at once."""
    from governance.core.periods import period_bounds, shift_period
    from governance.review.status_input import COUNTS, DATES, MONEY, PERCENTS, TEXTS

    rng = np.random.default_rng(seed)
    ids = np.char.add("P", np.char.zfill(np.arange(count).astype(str), 6))
    bac = np.round(np.exp(rng.normal(13.0, 1.1, count)), -2)  # median ~440 k€, a tail of multi-million projects
    first = pd.Timestamp(period_bounds(FIRST_PERIOD)[0])
    start = first - pd.to_timedelta(rng.integers(0, 400, count), unit="D")
    duration = rng.integers(180, 900, count)
    end = start + pd.to_timedelta(duration, unit="D")
    spi_trend = rng.normal(0, 0.004, count)  # some projects drift month after month
    cpi_trend = rng.normal(0, 0.003, count)
    spi_base, cpi_base = rng.normal(1.0, 0.04, count), rng.normal(1.0, 0.03, count)
    frames, previous_ev, previous_ac = [], None, None
    for month in range(months):
        period = shift_period(FIRST_PERIOD, month)
        last = pd.Timestamp(period_bounds(period)[1])
        status_date = last - pd.to_timedelta(rng.integers(0, 3, count), unit="D")
        late = rng.random(count) < 0.01
        status_date = status_date.where(~late, last - pd.Timedelta(days=25))
        x = np.clip((status_date - start).days.to_numpy() / duration, 0, 1)
        planned = x * x * (3 - 2 * x)
        spi = np.clip(spi_base + spi_trend * month + rng.normal(0, 0.01, count), 0.5, 1.3)
        cpi = np.clip(cpi_base + cpi_trend * month + rng.normal(0, 0.01, count), 0.5, 1.3)
        pv = bac * planned
        ev = np.minimum(pv * spi, bac)
        ac = ev / cpi
        if previous_ev is not None:  # 0.5 % spend with no progress this month
            stuck = rng.random(count) < 0.005
            ev = np.where(stuck, previous_ev, ev)
            ac = np.where(stuck, previous_ac * 1.03 + 1000, ac)
        previous_ev, previous_ac = ev, ac
        slip = np.maximum(0, (1 - spi) * duration * 0.7).astype(int)
        frame = pd.DataFrame(
            {
                "project_id": ids,
                "project_name": np.char.add("Projet ", ids),
                "tier": "",
                "sponsor": "Sponsor",
                "project_manager": "Chef de projet",
                "next_milestone": "Jalon",
                "rag_self": "Vert",
                "bac": bac,
                "pv": np.round(pv, 2),
                "ev": np.round(ev, 2),
                "ac": np.round(ac, 2),
                "risk_exposure": np.round(bac * rng.uniform(0.02, 0.18, count), -2),
                "benefits_planned": np.nan,
                "benefits_realised": np.nan,
                "open_risks": rng.integers(0, 15, count).astype(float),
                "open_issues": rng.integers(0, 6, count).astype(float),
                "percent_complete": np.round(np.clip(ev / bac + rng.normal(0, 0.03, count), 0, 1), 2),
                "scope_change": np.nan,
                "status_date": status_date,
                "start_date": start,
                "baseline_end": end,
                "forecast_end": end + pd.to_timedelta(slip, unit="D"),
                "milestone_baseline": status_date + pd.Timedelta(days=20),
                "milestone_forecast": status_date + pd.to_timedelta(20 + slip // 4, unit="D"),
            }
        )
        # A client's export: the columns a merge of returned forms adds (when received, due, from which form) stay out.
        frame["received_on"] = frame["due_on"] = pd.NaT
        frame["source_form"] = ""
        for column in TEXTS + MONEY + COUNTS + PERCENTS + DATES:
            assert column in frame, column
        frame["rag_self_code"] = 0.0
        frame["source_row"] = np.arange(2, count + 2)
        frames.append(frame)
    return frames


def french_csv(frame: pd.DataFrame, path: Path) -> None:
    """The month as a client's French Excel export: ';', decimal comma, no-break spaces, dd/mm/yyyy, BOM."""
    out = pd.DataFrame(
        {
            "project_id": frame["project_id"],
            "project_name": frame["project_name"],
            "sponsor": frame["sponsor"],
            "project_manager": frame["project_manager"],
        }
    )
    for column in (
        "status_date",
        "start_date",
        "baseline_end",
        "forecast_end",
        "milestone_baseline",
        "milestone_forecast",
    ):
        out[column] = frame[column].dt.strftime("%d/%m/%Y")
    for column in ("bac", "pv", "ev", "ac", "risk_exposure"):
        out[column] = frame[column].map(lambda v: f"{v:,.2f}".replace(",", "\u00a0").replace(".", ","))
    out["percent_complete"] = (frame["percent_complete"] * 100).round().astype(int).astype(str)
    out["open_risks"] = frame["open_risks"].astype(int).astype(str)
    out["open_issues"] = frame["open_issues"].astype(int).astype(str)
    out["next_milestone"] = frame["next_milestone"]
    out["rag_self"] = frame["rag_self"]
    text = out.to_csv(sep=";", index=False, lineterminator="\r\n")
    path.write_bytes(("\ufeff" + text).encode("utf-8"))


def seed(root: Path, count: int, months: int) -> str:
    """An engagement with `months - 1` months stored; returns the period left to review (its CSV written)."""
    from governance.core.periods import shift_period
    from governance.core.store import open_store, transaction
    from governance.engagement.config import load_engagement
    from governance.review.kpis import portfolio_kpis
    from governance.review.metrics import PREVIOUS_COLUMNS, compute_period, latest_before
    from governance.review.policy import load_policy
    from governance.review.store import replace_period

    (root / "data" / "status").mkdir(parents=True)
    # Every engagement has an id in its pmo.yaml (benches that reuse this seeding may set their own).
    config = CONFIG if "engagement_id" in CONFIG else CONFIG + "engagement_id: bench-industries-0b1e2c3d\n"
    (root / "pmo.yaml").write_text(config, encoding="utf-8")
    engagement = load_engagement(root)
    policy = load_policy(engagement)
    frames = synthetic_months(count, months)
    engine = open_store(engagement.database_url())
    history = pd.DataFrame(columns=list(PREVIOUS_COLUMNS))
    for month, frame in enumerate(frames[:-1]):
        period = shift_period(FIRST_PERIOD, month)
        review = compute_period(frame, latest_before(history, period), policy, period, engagement.config.review)
        with transaction(engine) as session:
            replace_period(
                session=session,
                engagement=engagement.id,
                review=review,
                kpis=portfolio_kpis(review),
                policy_source=policy.source,
                source_file=f"data/status/{period}.csv",
                source_sha256="",
            )
        recent = review.snapshots[list(PREVIOUS_COLUMNS)]
        history = (
            pd.concat([history[history["period"] >= shift_period(period, -12)], recent], ignore_index=True)
            if len(history)
            else recent
        )
    engine.dispose()
    target = shift_period(FIRST_PERIOD, months - 1)
    french_csv(frames[-1], root / "data" / "status" / f"{target}.csv")
    return target


def bare_compute(frame: pd.DataFrame, previous: pd.DataFrame, policy, period: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same formulas and outputs as governance.review.metrics.compute_period, written straight with numpy and one
    pandas merge, without its generality (no tier names from the file, no scope or benefits from history, no
    data-quality table, no missing-project detection): the floor to compare the compute stage with."""
    from governance.core.periods import period_bounds, previous_period

    bac, pv, ev, ac = (frame[c].to_numpy(float) for c in ("bac", "pv", "ev", "ac"))
    with np.errstate(divide="ignore", invalid="ignore"):
        spi = np.where(pv != 0, ev / pv, np.nan)
        cpi = np.where(ac != 0, ev / ac, np.nan)
        eac = np.where(cpi != 0, bac / cpi, np.nan)
        eac_atypical = ac + bac - ev
        eac_composite = np.where(cpi * spi != 0, ac + (bac - ev) / (cpi * spi), np.nan)
        etc = eac - ac
        tcpi_bac = np.where(bac - ac > 0, (bac - ev) / (bac - ac), np.nan)
        tcpi_eac = np.where(etc > 0, (bac - ev) / etc, np.nan)
        duration = (frame["baseline_end"] - frame["start_date"]).dt.days.to_numpy(float)
        duration = np.where(duration > 0, duration, np.nan)
        slip = (frame["forecast_end"] - frame["baseline_end"]).dt.days.to_numpy(float)
        milestone_slip = (frame["milestone_forecast"] - frame["milestone_baseline"]).dt.days.to_numpy(float)
        devs = {
            "schedule": np.fmax(1 - spi, slip / duration),
            "cost": np.fmax(1 - cpi, (eac - bac) / bac),
            "scope": frame["scope_change"].to_numpy(float),
            "risk": frame["risk_exposure"].to_numpy(float) / bac,
            "benefits": 1 - frame["benefits_realised"].to_numpy(float) / frame["benefits_planned"].to_numpy(float),
        }
    tiers = policy.tiers
    tier = np.select(
        [(bac >= t.budget_min) & (bac < (t.budget_max or np.inf)) for t in tiers], [t.id for t in tiers], tiers[-1].id
    )
    out = pd.DataFrame(
        {
            "project_id": frame["project_id"],
            "sv": ev - pv,
            "cv": ev - ac,
            "spi": spi,
            "cpi": cpi,
            "eac": eac,
            "eac_atypical": eac_atypical,
            "eac_composite": eac_composite,
            "etc": etc,
            "vac": bac - eac,
            "tcpi_bac": tcpi_bac,
            "tcpi_eac": tcpi_eac,
            "end_slip_days": slip,
            "end_slip_share": slip / duration,
            "milestone_slip_days": milestone_slip,
            "tier": tier,
        }
    )
    codes, severity = [], []
    for dimension, deviation in devs.items():
        amber = pd.Series(tier).map({t.id: t.tolerances[dimension].amber for t in tiers}).to_numpy(float)
        red = pd.Series(tier).map({t.id: t.tolerances[dimension].red for t in tiers}).to_numpy(float)
        value = np.round(deviation, 9)
        code = np.where(value >= red, 2.0, np.where(value >= amber, 1.0, 0.0))
        code[np.isnan(value)] = np.nan
        out[f"dev_{dimension}"], out[f"rag_{dimension}"] = deviation, code
        codes.append(code)
        severity.append(deviation / red)
    with np.errstate(invalid="ignore"):
        out["rag_overall"] = np.fmax.reduce(codes)
        out["severity"] = np.clip(np.fmax.reduce(severity), 0, None)
    before = previous[["project_id", "period", "rag_overall", "severity", "streak", "ac", "ev"]].rename(
        columns={c: f"{c}_prev" for c in ("rag_overall", "severity", "streak", "ac", "ev")}
    )
    merged = out.merge(before, on="project_id", how="left")
    change = merged["severity"] - merged["severity_prev"]
    merged["trend"] = np.select(
        [
            merged["period"].isna(),
            merged["rag_overall"] > merged["rag_overall_prev"],
            merged["rag_overall"] < merged["rag_overall_prev"],
            change > 0.1,
            change < -0.1,
        ],
        ["new", "worsening", "improving", "worsening", "improving"],
        "stable",
    )
    consecutive = merged["period"] == previous_period(period)
    same = consecutive & (merged["rag_overall"] == merged["rag_overall_prev"])
    merged["streak"] = np.where(same, merged["streak_prev"] + 1, 1)
    merged["red_streak"] = np.where(merged["rag_overall"] == 2, merged["streak"], 0)
    body = pd.Series(tier).map({t.id: t.escalation_body for t in tiers})
    merged["escalation_body"] = np.where(merged["red_streak"] >= 3, body.map(policy.escalate), body)
    last = pd.Timestamp(period_bounds(period)[1])
    merged["stale"] = (frame["status_date"] < last - pd.Timedelta(days=10)).to_numpy()
    merged["ac_without_ev"] = consecutive & (ac > merged["ac_prev"]) & (ev <= merged["ev_prev"])
    merged["percent_inconsistent"] = np.abs(frame["percent_complete"].to_numpy(float) - ev / bac) > 0.10
    melted = merged.melt(
        id_vars=["project_id", "severity", "escalation_body"],
        value_vars=[f"rag_{d}" for d in devs],
        var_name="dimension",
        value_name="code",
    )
    exceptions = melted[melted["code"] == 2].sort_values("severity", ascending=False)
    return merged, exceptions


def measure(root: Path, period: str) -> dict:
    """The review of `period` stage by stage, in this (fresh) process."""
    from flows.review import ComputedPeriod, ReviewInputs
    from governance.assessment import maturity_progress
    from governance.core.periods import period_bounds, shift_period
    from governance.core.store import open_store, transaction
    from governance.engagement.config import load_engagement
    from governance.review.kpis import portfolio_kpis
    from governance.review.metrics import compute_period
    from governance.review.pack import PackSources, pack_context, pack_images
    from governance.review.policy import load_policy
    from governance.review.status_input import StatusFile, file_sha256, map_columns, read_status_table, validate_status
    from governance.review.store import kpi_history, latest_snapshots, replace_period, stored_periods

    t = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        t[name] = now - clock
        clock = now

    engagement = load_engagement(root)
    settings = engagement.config.review
    policy = load_policy(engagement)
    path = root / "data" / "status" / f"{period}.csv"
    label = engagement.display(path)
    lap("setup")
    problems: list = []
    raw = read_status_table(path, label, problems)
    frame, source, _ = map_columns(raw, label, settings.columns, problems)
    lap("read")
    typed = validate_status(frame, label, period, source, problems)
    assert not problems, problems[:3]
    lap("validate")
    engine = open_store(engagement.database_url())
    with transaction(engine) as session:
        previous = latest_snapshots(
            session=session,
            engagement=engagement.id,
            since=shift_period(period, -12),
            before=period,
            exclude=[period],
        )
        maturity = maturity_progress(session=session, engagement=engagement.id, until=period_bounds(period)[1])
    lap("history read")
    review = compute_period(typed, previous, policy, period, settings)
    kpis = portfolio_kpis(review, maturity)
    lap("compute")
    with transaction(engine) as session:
        replace_period(
            session=session,
            engagement=engagement.id,
            review=review,
            kpis=kpis,
            policy_source=policy.source,
            source_file=label,
            source_sha256=file_sha256(path),
        )
    lap("store")
    with transaction(engine) as session:
        kpi_rows = kpi_history(session=session, engagement=engagement.id, until=period)
        stored = stored_periods(session=session, engagement=engagement.id)
    engine.dispose()
    status = StatusFile(period, path, label, typed, "")
    inputs = ReviewInputs(engagement, policy, period, [status], [])
    current = ComputedPeriod(status, review, kpis)
    context_clock = time.perf_counter()
    context = pack_context(
        config=engagement.config,
        policy=policy,
        settings=settings,
        review=review,
        kpis=kpis,
        history=kpi_rows,
        sources=PackSources(label, "", stored),
    )
    images = pack_images(config=engagement.config, review=review, history=kpi_rows)
    t["  of which context + charts"] = time.perf_counter() - context_clock
    # The committee deck alone, from that context and those charts (render_outputs below writes it again).
    from governance.core.docx import branding_for
    from governance.review.deck import render_review_deck

    deck_clock = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        deck = render_review_deck(
            context,
            images,
            Path(scratch) / "deck.pptx",
            language=engagement.language,
            branding=branding_for(engagement),
            overrides_dir=engagement.templates_dir,
        )
        t["  of which the committee deck"] = time.perf_counter() - deck_clock
        t["  deck slides"] = deck.slides
    clock = time.perf_counter()
    from governance.core.publish import publish, staged_outputs
    from governance.review import StoredReview, render_outputs

    engine = open_store(engagement.database_url())
    with staged_outputs(engagement.out_dir) as staging, transaction(engine) as session:
        outputs = render_outputs(
            inputs, current, StoredReview(len(review.snapshots), 1, stored, kpi_rows), staging, session=session
        )
        publish(staging, "review")
    engine.dispose()
    lap("render (pack, workbook, deck, registers)")
    t["total"] = sum(v for k, v in t.items() if not k.startswith(" "))
    # Compute against the bare formulas, best of 3 each on the same rows.
    ours, bare = [], []
    for _ in range(5):
        start = time.perf_counter()
        check = compute_period(typed, previous, policy, period, settings)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        floor, floor_exceptions = bare_compute(typed, previous, policy, period)
        bare.append(time.perf_counter() - start)
    # Same formulas, same answers (RAG and exceptions), or the comparison means nothing.
    assert (check.snapshots["rag_overall"].fillna(-1).to_numpy() == floor["rag_overall"].fillna(-1).to_numpy()).all()
    assert len(check.exceptions) == len(floor_exceptions)
    t["compute (best of 5)"], t["bare pandas (best of 5)"] = min(ours), min(bare)
    t["peak RSS MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t["pages"], t["exceptions"] = outputs["project_pages"], len(review.exceptions)
    t["projects"] = len(review.snapshots)
    return t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--no-cli", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("ROOT", "PERIOD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    from flows.runtime import quiet_prefect

    quiet_prefect()
    if args.child:
        print(json.dumps(measure(Path(args.child[0]), args.child[1])))
        return
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            root = Path(tmp) / f"p{size}"
            start = time.perf_counter()
            period = seed(root, size, args.months)
            seeded = time.perf_counter() - start
            child = subprocess.run(
                [sys.executable, __file__, "--child", str(root), period],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            if child.returncode:
                raise SystemExit(child.stderr)
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            if not args.no_cli:
                start = time.perf_counter()
                cli = subprocess.run(
                    [sys.executable, "-m", "flows.cli", "review", str(root), "--period", period],
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                )
                figures["cold `pmo review` process"] = time.perf_counter() - start
                if cli.returncode:
                    raise SystemExit(cli.stderr)
            results[size] = figures
            print(f"\n{size:,} projects x {args.months} months (history seeded in {seeded:.0f} s)")
            for name, value in figures.items():
                unit = "" if name in ("pages", "exceptions", "projects") or "MB" in name else " s"
                print(f"  {name:<32} {value:>9.2f}{unit}" if isinstance(value, float) else f"  {name:<32} {value:>9}")
            ratio = figures["compute (best of 5)"] / figures["bare pandas (best of 5)"]
            print(f"  {'compute / bare pandas':<32} {ratio:>9.2f}x")
    if len(results) > 1:
        sizes = sorted(results)
        print("\nGrowth with size (time per 1,000 projects, stages read..render):")
        for size in sizes:
            print(
                f"  {size:>7,}: {results[size]['total'] / size * 1000:.3f} s, peak {results[size]['peak RSS MB']:.0f} MB"
            )


if __name__ == "__main__":
    main()
