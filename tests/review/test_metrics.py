"""Earned value, deviations, RAG, trend and streaks on rows computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from governance.engagement.review_settings import ReviewSettings
from governance.review.metrics import (
    PREVIOUS_COLUMNS,
    compute_period,
    evm,
    latest_before,
    rag_codes,
    rag_labels,
    ratio,
    resolve_tiers,
)
from governance.review.policy import default_policy, policy_from_governance
from support.review import row, status

NAN = math.nan


# bac, pv, ev, ac -> expected sv, cv, spi, cpi, eac (BAC/CPI), atypical, composite, etc, vac, tcpi_bac, tcpi_eac
EVM_CASES = {
    "behind and over": ((1000, 500, 400, 500), (-100, -100, 0.8, 0.8, 1250, 1100, 1437.5, 750, -250, 1.2, 0.8)),
    "PV = 0 and AC = 0 (not started)": ((1000, 0, 0, 0), (0, 0, NAN, NAN, NAN, 1000, NAN, NAN, NAN, 1.0, NAN)),
    "AC = 0 with progress": ((1000, 200, 100, 0), (-100, 100, 0.5, NAN, NAN, 900, NAN, NAN, NAN, 0.9, NAN)),
    "EV = 0 with cost (CPI = 0)": (
        (1000, 100, 0, 50),
        (-100, -50, 0.0, 0.0, NAN, 1050, NAN, NAN, NAN, 1000 / 950, NAN),
    ),
    "EV above BAC (budget consumed)": (
        (1000, 1000, 1100, 1000),
        (100, 100, 1.1, 1.1, 1000 / 1.1, 900, 1000 - 100 / 1.21, 1000 / 1.1 - 1000, 1000 - 1000 / 1.1, NAN, NAN),
    ),
    "on plan": ((2000, 1000, 1000, 1000), (0, 0, 1.0, 1.0, 2000, 2000, 2000, 1000, 0, 1.0, 1.0)),
}
EVM_COLUMNS = [
    "sv",
    "cv",
    "spi",
    "cpi",
    "eac_cpi",
    "eac_atypical",
    "eac_composite",
    "etc",
    "vac",
    "tcpi_bac",
    "tcpi_eac",
]


@pytest.mark.parametrize("case", EVM_CASES, ids=list(EVM_CASES))
def test_evm_by_hand(case):
    (bac, pv, ev, ac), expected = EVM_CASES[case]
    figures = evm(pd.DataFrame({"bac": [bac], "pv": [pv], "ev": [ev], "ac": [ac]}), "cpi")
    for column, value in zip(EVM_COLUMNS, expected, strict=True):
        got = figures.at[0, column]
        if math.isnan(value):
            assert math.isnan(got), f"{column}: expected not defined, got {got}"
        else:
            assert got == pytest.approx(value), column
    assert np.isfinite(figures.to_numpy(dtype=float)[~np.isnan(figures.to_numpy(dtype=float))]).all()


@pytest.mark.parametrize("method, expected", [("cpi", 1250.0), ("atypical", 1100.0), ("composite", 1437.5)])
def test_eac_method_chooses_the_headline_eac(method, expected):
    figures = evm(pd.DataFrame({"bac": [1000.0], "pv": [500.0], "ev": [400.0], "ac": [500.0]}), method)
    assert figures.at[0, "eac"] == pytest.approx(expected)
    assert figures.at[0, "vac"] == pytest.approx(1000 - expected)


def test_ratio_never_gives_infinity():
    result = ratio([1.0, 0.0, -1.0, NAN, 2.0], [0.0, 0.0, 0.0, 1.0, 4.0])
    assert np.isnan(result[:4]).all() and result[4] == 0.5


@pytest.mark.parametrize(
    "deviation, expected",
    [
        (0.0, "green"),
        (0.0499, "green"),
        (0.05, "amber"),
        (0.0999, "amber"),
        (0.10, "red"),
        (1 - 0.9, "red"),  # 0.09999999999999998 in floating point: still at the red threshold
        (1 - 0.95, "amber"),
        (0.5, "red"),
        (-0.2, "green"),
        (NAN, None),
    ],
)
def test_rag_bands_amber_and_red_inclusive(deviation, expected):
    assert rag_labels(rag_codes([deviation], 0.05, 0.10))[0] == expected


def test_tiers_by_id_name_short_name_or_budget():
    frame = status(
        [
            row("A", tier="tier1", bac=10.0),
            row("B", tier="Niveau 2", bac=10.0),
            row("C", tier="Tier 3 — standard", bac=5e6),
            row("D", tier="", bac=2e6),
            row("E", tier="", bac=500_000.0),
            row("F", tier="platinum", bac=50_000.0),
        ]
    )
    tier_id, unknown = resolve_tiers(frame, default_policy())
    assert tier_id.tolist() == ["tier1", "tier2", "tier3", "tier1", "tier2", "tier3"]
    assert unknown.tolist() == [False, False, False, False, False, True]


def test_deviations_rag_and_exceptions_on_a_hand_computed_project():
    # Tier 1 (5 % / 10 %): SPI 0.9 -> schedule 0.10 red; CPI 0.8 -> cost max(0.2, 0.25) = 0.25 red;
    # end slip 30 days on a 300-day plan -> 0.10 (the larger of the two is kept either way);
    # risk 150 / 1000 = 0.15 amber; benefits 1 - 95/100 = 0.05 green.
    frame = status(
        [
            row(
                "P1",
                tier="tier1",
                pv=500.0,
                ev=450.0,
                ac=562.5,
                start_date="2026-01-01",
                baseline_end="2026-10-28",
                forecast_end="2026-11-27",
                risk_exposure=150.0,
                benefits_planned=100.0,
                benefits_realised=95.0,
                rag_self="amber",
            )
        ]
    )
    review = compute_period(frame, None, default_policy(), "2026-10")
    s = review.snapshots.iloc[0]
    assert s["spi"] == pytest.approx(0.9) and s["cpi"] == pytest.approx(0.8)
    assert s["duration_days"] == 300 and s["end_slip_days"] == 30
    assert s["dev_schedule"] == pytest.approx(0.10)
    assert s["dev_cost"] == pytest.approx(0.25)
    assert s["dev_risk"] == pytest.approx(0.15) and s["dev_benefits"] == pytest.approx(0.05)
    assert math.isnan(s["dev_scope"])  # first review of the project: no earlier BAC to compare with
    labels = {d: rag_labels([s[f"rag_{d}"]])[0] for d in ("schedule", "cost", "scope", "risk", "benefits", "overall")}
    assert labels == {
        "schedule": "red",
        "cost": "red",
        "scope": None,
        "risk": "amber",
        "benefits": "green",
        "overall": "red",
    }
    assert s["severity"] == pytest.approx(2.5)  # cost 0.25 / red 0.10
    assert s["rag_disagrees"] and s["trend"] == "new" and s["streak"] == 1 and s["red_streak"] == 1
    assert review.exceptions[["dimension", "escalation_body"]].values.tolist() == [
        ["schedule", "portfolio_board"],
        ["cost", "portfolio_board"],
    ]


def test_not_started_project_is_not_assessed_on_cost_and_never_infinite():
    frame = status([row("P0", pv=0.0, ev=0.0, ac=0.0)])
    s = compute_period(frame, None, default_policy(), "2026-10").snapshots.iloc[0]
    assert math.isnan(s["spi"]) and math.isnan(s["cpi"]) and math.isnan(s["eac"])
    assert math.isnan(s["rag_cost"]) and math.isnan(s["rag_schedule"]) and math.isnan(s["rag_overall"])
    numbers = s[[c for c in s.index if isinstance(s[c], float)]].astype(float)
    assert not np.isinf(numbers).any()


def previous_snapshot(
    period: str, project_id: str = "P1", rag: float = 2.0, severity: float = 1.5, streak: int = 1, **values
) -> dict:
    base = {c: NAN for c in PREVIOUS_COLUMNS}
    base.update(
        project_id=project_id,
        project_name="Project",
        period=period,
        rag_overall=rag,
        severity=severity,
        streak=float(streak),
        ac=400.0,
        ev=400.0,
        bac_first=1000.0,
        start_basis="first_status",
        status_date=pd.Timestamp(f"{period}-28"),
        first_status_date=pd.Timestamp("2026-01-30"),
        next_milestone="",
        percent_complete=0.4,
    )
    base.update(values)
    return base


def test_trend_streak_and_escalation_one_body_up():
    # Tier 2 escalates to the steering committee, which escalates to the portfolio board.
    previous = pd.DataFrame(
        [
            previous_snapshot("2026-09", "P1", rag=2.0, severity=1.35, streak=2),
            previous_snapshot("2026-09", "P2", rag=1.0, severity=0.8, streak=4),
            previous_snapshot("2026-08", "P3", rag=2.0, severity=1.3, streak=5),
            previous_snapshot("2026-09", "P4", rag=1.0, severity=0.75, streak=1),
        ]
    )
    frame = status(
        [
            row("P1", pv=1000.0, ev=800.0, ac=800.0),  # SPI 0.8: 0.20 / 0.15 = 1.33, red a third month
            row("P2", pv=1000.0, ev=1000.0, ac=1000.0),  # on plan: improving from amber
            row("P3", pv=1000.0, ev=800.0, ac=800.0),  # red, but missed September: the streak restarts
            row("P4", pv=1000.0, ev=880.0, ac=880.0),  # amber (0.12), severity 0.8 vs 0.75: stable
            row("P5", pv=1000.0, ev=1000.0, ac=1000.0),  # new project
        ]
    )
    review = compute_period(frame, previous, default_policy(), "2026-10")
    s = review.snapshots.set_index("project_id")
    assert s["trend"].to_dict() == {"P1": "stable", "P2": "improving", "P3": "stable", "P4": "stable", "P5": "new"}
    assert s["streak"].to_dict() == {"P1": 3, "P2": 1, "P3": 1, "P4": 2, "P5": 1}
    assert s["red_streak"].to_dict() == {"P1": 3, "P2": 0, "P3": 1, "P4": 0, "P5": 0}
    assert bool(s.at["P1", "escalated"]) and s.at["P1", "escalation_body"] == "portfolio_board"
    assert not s.at["P3", "escalated"] and s.at["P3", "escalation_body"] == "steering_committee"
    assert review.exceptions.set_index("project_id")["escalation_body"].to_dict() == {
        "P1": "portfolio_board",
        "P3": "steering_committee",
    }


def test_same_rag_but_clearly_worse_is_worsening():
    previous = pd.DataFrame([previous_snapshot("2026-09", rag=2.0, severity=1.0, streak=1)])
    frame = status([row("P1", pv=1000.0, ev=700.0, ac=700.0)])  # 0.30 / 0.15 = severity 2.0
    s = compute_period(frame, previous, default_policy(), "2026-10").snapshots.iloc[0]
    assert s["trend"] == "worsening" and s["streak"] == 2


def test_data_quality_flags():
    previous = pd.DataFrame(
        [
            previous_snapshot("2026-09", "P1", ac=500.0, ev=400.0),
            previous_snapshot(
                "2026-09", "GONE", project_name="Gone", percent_complete=0.5, forecast_end=pd.Timestamp("2027-03-31")
            ),
            previous_snapshot("2026-09", "DONE", percent_complete=1.0, forecast_end=pd.Timestamp("2026-09-30")),
        ]
    )
    frame = status(
        [
            row("P1", pv=600.0, ev=400.0, ac=560.0),  # AC +60, EV unchanged
            row("P2", status_date="2026-10-05"),  # 26 days before the end of October: stale
            row("P3", percent_complete=0.80),  # EV/BAC = 0.50: 30 points apart
            row("P4", tier="diamond", rag_self="purple"),
        ]
    )
    review = compute_period(frame, previous, default_policy(), "2026-10", ReviewSettings(stale_after_days=10))
    flags = review.data_quality[["project_id", "flag"]].values.tolist()
    assert sorted(flags) == sorted(
        [
            ["GONE", "missing"],
            ["P2", "stale"],
            ["P1", "ac_without_ev"],
            ["P3", "percent_inconsistent"],
            ["P4", "unknown_tier"],
            ["P4", "rag_self_unknown"],
        ]
    )
    dq = review.data_quality.set_index("flag")
    assert dq.at["ac_without_ev", "value"] == pytest.approx(60.0)
    assert dq.at["stale", "reference"] == 26
    assert review.snapshots.set_index("project_id").at["P2", "on_time"] == False  # noqa: E712


def test_scope_from_rebaselined_budget_and_milestone_hit():
    previous = pd.DataFrame(
        [
            previous_snapshot(
                "2026-09",
                "P1",
                bac_first=1000.0,
                next_milestone="Design signed off",
                milestone_baseline=pd.Timestamp("2026-10-15"),
            ),
            previous_snapshot("2026-09", "P2", next_milestone="Go-live", milestone_baseline=pd.Timestamp("2026-10-20")),
        ]
    )
    frame = status(
        [
            row("P1", bac=1120.0, pv=560.0, ev=560.0, ac=560.0, next_milestone="Build complete"),
            row("P2", next_milestone="Go-live"),
        ]
    )
    s = compute_period(frame, previous, default_policy(), "2026-10").snapshots.set_index("project_id")
    assert s.at["P1", "dev_scope"] == pytest.approx(0.12)  # tier 2: amber at 10 %
    assert rag_labels([s.at["P1", "rag_scope"]])[0] == "amber"
    assert s["milestone_due"].tolist() == [True, True] and s["milestone_hit"].tolist() == [True, False]


def test_governance_model_tolerances_are_used():
    governance = {
        "bodies": [{"id": "board", "name": {"fr": "Conseil", "en": "Board"}, "escalates_to": None}],
        "tiers": [
            {
                "id": "all",
                "name": {"fr": "Tous", "en": "All"},
                "budget_min": 0,
                "budget_max": None,
                "escalation_body": "board",
                "tolerances": {"schedule": {"amber": 0.30, "red": 0.50}, "cost": {"amber": 0.30, "red": 0.50}},
            }
        ],
    }
    policy = policy_from_governance(governance)
    frame = status([row("P1", tier="", pv=1000.0, ev=800.0, ac=800.0)])  # 0.20: green under these tolerances
    review = compute_period(frame, None, policy, "2026-10")
    assert rag_labels(review.snapshots["rag_overall"])[0] == "green" and review.exceptions.empty
    assert policy.source == "governance.yaml" and policy.body_label("board", "fr") == "Conseil"


def test_latest_before_takes_each_projects_latest_earlier_period():
    history = pd.DataFrame(
        [
            previous_snapshot("2026-07", "A"),
            previous_snapshot("2026-09", "A", streak=9),
            previous_snapshot("2026-10", "A", streak=99),
            previous_snapshot("2026-08", "B"),
        ]
    )
    latest = latest_before(history, "2026-10").set_index("project_id")
    assert latest.at["A", "period"] == "2026-09" and latest.at["A", "streak"] == 9
    assert latest.at["B", "period"] == "2026-08"


def test_ten_thousand_projects_are_computed_at_once():
    rng = np.random.default_rng(1)
    count = 10_000
    bac = rng.uniform(1e5, 5e6, count)
    frame = status([row(f"P{i}") for i in range(count)])
    frame["bac"], frame["pv"] = bac, bac * 0.5
    frame["ev"], frame["ac"] = bac * rng.uniform(0.3, 0.6, count), bac * rng.uniform(0.3, 0.6, count)
    review = compute_period(frame, None, default_policy(), "2026-10")
    assert len(review.snapshots) == count
    assert (review.exceptions["dimension"].isin(["schedule", "cost"])).all()
    assert review.snapshots["project_id"].is_unique
