"""`pmo governance propose`: valid for every input, sensibly different by PMO type, maturity and size; never
overwrites a consultant's edits without --force."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from governance.core.problems import InputError
from governance.engagement.config import load_engagement
from governance.example.governance import valmont_governance
from governance.structure.model import parse_governance
from governance.structure.proposal import (
    Basis,
    Maturity,
    control_level,
    maturity_of,
    organisation_size,
    proposal_state,
    proposal_text,
    propose_for,
    propose_governance,
    write_proposal,
)


def gate_count(model: dict) -> int:
    return sum(len(t["gates"]) for t in model["tiers"])


def document_count(model: dict) -> int:
    return sum(len(t["documents"]) for t in model["tiers"])


def bodies(model: dict) -> list[str]:
    return [b["id"] for b in model["bodies"]]


@pytest.mark.parametrize(
    "pmo_type, staff, projects, maturity",
    list(
        itertools.product(
            ["supportive", "controlling", "directive"], [0, 60, 150, 3000], [0, 6, 25, 90], [None, 1, 2, 3, 4, 5]
        )
    ),
)
def test_every_proposal_is_a_valid_model(pmo_type, staff, projects, maturity):
    parse_governance(propose_governance(pmo_type, staff, projects, maturity))


@pytest.mark.parametrize(
    "pmo_type, maturity, expected",
    [
        ("supportive", None, "light"),
        ("supportive", 5, "standard"),
        ("controlling", 1, "light"),
        ("controlling", 2, "light"),
        ("controlling", 3, "standard"),
        ("controlling", None, "standard"),
        ("controlling", 4, "strong"),
        ("directive", 2, "standard"),
        ("directive", 3, "strong"),
    ],
)
def test_control_level_from_type_and_maturity(pmo_type, maturity, expected):
    assert control_level(pmo_type, maturity) == expected


@pytest.mark.parametrize(
    "staff, projects, expected",
    [
        (0, 0, "medium"),
        (50, 0, "small"),
        (50, 6, "small"),
        (50, 25, "medium"),
        (150, 25, "medium"),
        (1200, 25, "large"),
        (300, 80, "large"),
        (0, 9, "small"),
    ],
)
def test_organisation_size(staff, projects, expected):
    assert organisation_size(staff, projects) == expected


def test_low_maturity_means_fewer_gates_and_lighter_control():
    low, high = propose_governance("controlling", 150, 25, 1), propose_governance("controlling", 150, 25, 4)
    assert gate_count(low) < gate_count(high) and len(low["gates"]) < len(high["gates"])
    assert document_count(low) < document_count(high)
    assert "change_board" not in bodies(low) and "change_board" in bodies(high)
    # Wider tolerance bands when control is light, on every tier and dimension.
    for light, strong in zip(low["tiers"], high["tiers"], strict=True):
        for dimension in ("schedule", "cost", "scope", "risk", "benefits"):
            assert light["tolerances"][dimension]["red"] > strong["tolerances"][dimension]["red"]
    assert high["tiers"][0]["reporting"] == "biweekly" and low["tiers"][-1]["reporting"] == "quarterly"
    assert low["tiers"][-1]["gates"] == []


def test_pmo_type_shapes_bodies_mandate_and_accountability():
    supportive = propose_governance("supportive", 150, 25, 3)
    controlling = propose_governance("controlling", 150, 25, 3)
    directive = propose_governance("directive", 150, 25, 3)
    assert bodies(supportive) == ["portfolio_board", "steering_committee", "pmo_review"]
    assert bodies(controlling) == ["portfolio_board", "steering_committee", "change_board", "pmo_review"]
    assert bodies(directive)[0] == "executive_board"
    assert supportive["bodies"][0]["cadence"]["frequency"] == "quarterly"
    assert controlling["bodies"][0]["cadence"]["frequency"] == "monthly"
    assert len(supportive["mandate"]) < len(controlling["mandate"]) < len(directive["mandate"])
    assert "resource_allocation" in directive["mandate"] and "control" not in supportive["mandate"]

    def accountable(model, process):
        row = next(r for r in model["raci"] if r["process"] == process)
        return next(role for role, letter in row["assignments"].items() if letter == "A")

    # The more control the PMO has, the more it answers for itself.
    assert accountable(supportive, "change_approval") == "sponsor"
    assert accountable(controlling, "change_approval") == "pmo_manager"
    assert accountable(directive, "risk_escalation") == "pmo_manager"
    assert accountable(controlling, "risk_escalation") == "sponsor"
    assert gate_count(supportive) < gate_count(controlling) < gate_count(directive)


def test_size_sets_the_tier_thresholds():
    small, medium, large = (propose_governance("controlling", s, p, 3) for s, p in ((40, 6), (150, 25), (2000, 90)))
    assert [(t["budget_min"], t["budget_max"]) for t in small["tiers"]] == [(250_000, None), (0, 250_000)]
    assert [(t["budget_min"], t["budget_max"]) for t in medium["tiers"]] == [
        (1_000_000, None),
        (300_000, 1_000_000),
        (0, 300_000),
    ]
    assert large["tiers"][0]["budget_min"] == 5_000_000 and "executive_board" in bodies(large)
    assert small["bodies"][-1]["cadence"]["frequency"] == "biweekly"  # a small PMO meets every other week


def test_the_example_model_matches_the_example_portfolio():
    from governance.example.portfolio import PROJECTS

    model = parse_governance(valmont_governance())
    assert [t.id for t in model.tiers] == ["tier1", "tier2", "tier3"]
    for project in PROJECTS:
        tier = next(
            t
            for t in model.tiers
            if t.budget_min <= project.budget and (t.budget_max is None or project.budget < t.budget_max)
        )
        assert tier.id == project.tier, project.id
    assert model.escalation_path("steering_committee") == ["steering_committee", "portfolio_board", "executive_board"]
    assert {
        "pmo_manager",
        "pmo_analyst",
        "pmo_process_specialist",
        "pmo_coordinator",
        "sponsor",
        "project_owner",
        "project_manager",
        "core_team",
    } <= {r.id for r in model.roles}
    assert {r.process for r in model.raci} == {
        "project_intake",
        "gate_approval",
        "change_approval",
        "risk_escalation",
        "status_reporting",
        "benefits_review",
        "lessons_learned",
    }
    for body in model.bodies:  # French and English texts, not one copied into the other
        assert body.name.fr != body.name.en or body.name.fr == "PMO review"


BASIS = Basis("controlling", 150, 25, 2, "governance, assessment 2026-10")


def test_proposal_file_knows_whether_it_was_edited(tmp_path):
    target = tmp_path / "governance.yaml"
    assert proposal_state(target) == "absent"
    text = proposal_text(propose_governance("controlling", 150, 25, 2), BASIS, "Acme", "fr", date(2026, 11, 21))
    assert "contrôle allégé" in text and "maturité 2 (governance, assessment 2026-10)" in text
    write_proposal(target, text, force=False, label="governance.yaml")
    assert proposal_state(target) == "unedited"
    # Written by propose and unchanged: a new proposal replaces it without --force.
    assert write_proposal(target, text.replace("Acme", "Acme SA"), force=False, label="governance.yaml") == "unedited"
    target.write_text(target.read_text(encoding="utf-8").replace("quorum: 3", "quorum: 2", 1), encoding="utf-8")
    assert proposal_state(target) == "edited"
    with pytest.raises(InputError) as caught:
        write_proposal(target, text, force=False, label="governance.yaml")
    assert str(caught.value.problems[0]).startswith(
        "governance.yaml: was edited (or not written by `pmo governance propose`) and is kept; use --force"
    )
    assert "quorum: 2" in target.read_text(encoding="utf-8")
    assert write_proposal(target, text, force=True, label="governance.yaml") == "edited"
    assert proposal_state(target) == "unedited"


def test_a_file_without_marker_is_the_consultants(tmp_path):
    target = tmp_path / "governance.yaml"
    target.write_text("pmo_type: controlling\n", encoding="utf-8")
    assert proposal_state(target) == "edited"


def test_proposal_file_parses_to_the_proposed_model(tmp_path):
    import yaml

    model = propose_governance("directive", 2000, 90, 4)
    text = proposal_text(model, Basis("directive", 2000, 90, 4), "Acme", "en")
    assert parse_governance(yaml.safe_load(text)).model_dump(mode="json") == parse_governance(model).model_dump(
        mode="json"
    )


def test_maturity_is_the_assessments_governance_level_else_its_overall_level():
    from governance.assessment import Maturity as Stored

    assert maturity_of(None) is None
    stored = Stored("2026-10", date(2026, 10, 1), 1, {"governance": 4, "planning": 2})
    assert maturity_of(stored) == Maturity(4, "2026-10", "governance")
    assert maturity_of(Stored("2026-10", date(2026, 10, 1), 2, {"governance": None})) == Maturity(
        2, "2026-10", "overall"
    )
    assert maturity_of(Stored("2026-10", date(2026, 10, 1), None, {})) is None


def test_the_proposal_uses_the_maturity_it_is_given(example):
    engagement = load_engagement(example)
    model, basis = propose_for(engagement, assessed=Maturity(4, "2026-10", "governance"))
    assert basis.control == "strong" and "gouvernance, évaluation 2026-10" in basis.maturity_source
    assert model == propose_governance("controlling", 150, 25, 4)
    _, overridden = propose_for(engagement, maturity_override=1, assessed=Maturity(4, "2026-10", "governance"))
    assert overridden.control == "light"
    _, none = propose_for(engagement)
    assert none.maturity is None and none.maturity_source == ""
