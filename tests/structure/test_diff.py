"""What changed between two versions, in words (English and French)."""

from __future__ import annotations

import copy

import pytest

from governance.example.governance import valmont_governance
from governance.structure.diff import diff_models
from governance.structure.model import governance_dict, parse_governance


@pytest.fixture(scope="module")
def base() -> dict:
    return governance_dict(parse_governance(valmont_governance()))


def texts(old, new, language="en") -> list[str]:
    return [c.text for c in diff_models(old, new, language)]


def test_no_change_no_words(base):
    assert texts(base, copy.deepcopy(base)) == []


def test_the_issue_examples(base):
    new = copy.deepcopy(base)
    new["tiers"][0]["tolerances"]["cost"]["red"] = 0.15
    assert texts(base, new) == ["tier tier1: tolerance cost.red changed from 0.10 to 0.15"]
    assert texts(base, new, "fr") == ["niveau tier1 : tolérance cost.red passe de 0,10 à 0,15"]
    smaller = copy.deepcopy(base)
    smaller["bodies"] = [b for b in smaller["bodies"] if b["id"] != "change_board"]
    assert texts(smaller, base) == ["body change_board added"]
    assert texts(smaller, base, "fr") == ["instance change_board ajoutée"]
    assert texts(base, smaller, "fr") == ["instance change_board supprimée"]


def test_values_lists_and_raci(base):
    new = copy.deepcopy(base)
    new["pmo_type"] = "directive"
    new["mandate"].append("resource_allocation")
    new["bodies"][1]["members"].append("pmo_analyst")
    new["bodies"][1]["cadence"]["rule"] = "first tuesday"
    new["tiers"][1]["budget_max"] = 1_200_000
    new["raci"][0]["assignments"]["sponsor"] = "A"
    new["raci"][0]["assignments"]["portfolio_director"] = "C"
    del new["raci"][0]["assignments"]["project_manager"]
    new["gates"][1]["approver_by_tier"] = {}
    assert texts(base, new) == [
        "PMO type changed from controlling to directive",
        "mandate: function resource_allocation added",
        "body portfolio_board: members: pmo_analyst added",
        'body portfolio_board: cadence.rule changed from "second tuesday" to "first tuesday"',
        "tier tier2: budget_max changed from 1,000,000 to 1,200,000",
        "gate ready_for_executing: approver_by_tier.tier1 removed (was portfolio_board)",
        "RACI process project_intake: assignments.portfolio_director changed from A to C",
        "RACI process project_intake: assignments.sponsor changed from C to A",
        "RACI process project_intake: assignments.project_manager removed (was I)",
    ]
    french = texts(base, new, "fr")
    assert french[2] == "instance portfolio_board : members : ajout de pmo_analyst"
    assert french[4] == "niveau tier2 : budget_max passe de 1\u202f000\u202f000 à 1\u202f200\u202f000"


def test_reordering_is_said_once(base):
    new = copy.deepcopy(base)
    new["roles"].reverse()
    changes = diff_models(base, new)
    assert [c.kind for c in changes] == ["reordered"] and changes[0].text.startswith("roles: order changed (")
