"""THE resolver: one default model (valid under the schema), one mandate per PMO type, governance.yaml first."""

from __future__ import annotations

import pytest
import yaml

from governance.core.problems import InputError
from governance.engagement.config import load_engagement
from governance.structure import default_governance, default_mandate, resolve_governance
from governance.structure.model import TOLERANCE_DIMENSIONS, parse_governance

PMO_TYPES = ("supportive", "controlling", "directive")


@pytest.mark.parametrize("pmo_type", PMO_TYPES)
def test_the_default_validates_under_the_schema(pmo_type):
    model = default_governance(pmo_type)
    parse_governance(model.model_dump(mode="json"))  # same schema and rules as a consultant's governance.yaml
    assert model.pmo_type == pmo_type and model.mandate == default_mandate(pmo_type)
    for tier in model.tiers:
        assert set(tier.tolerances.model_dump()) == set(TOLERANCE_DIMENSIONS)
        assert model.escalation_path(tier.escalation_body)[-1] == "executive_committee"
    bands = sorted((t.budget_min, t.budget_max) for t in model.tiers)
    assert bands[0][0] == 0 and bands[-1][1] is None


def test_same_bodies_whatever_the_pmo_type():
    bodies = {pmo_type: [(b.id, b.escalates_to) for b in default_governance(pmo_type).bodies] for pmo_type in PMO_TYPES}
    assert bodies["supportive"] == bodies["controlling"] == bodies["directive"]
    assert ("steering_committee", "portfolio_board") in bodies["controlling"]
    tiers = {t.id: t.escalation_body for t in default_governance("controlling").tiers}
    assert tiers == {"tier1": "portfolio_board", "tier2": "steering_committee", "tier3": "steering_committee"}


def test_one_mandate_per_pmo_type():
    assert default_mandate("supportive") == [
        "process_improvement",
        "tracking",
        "templates_training",
        "knowledge_management",
    ]
    assert default_mandate("controlling") == [
        "planning",
        "tracking",
        "control",
        "templates_training",
        "knowledge_management",
        "governance_alignment",
    ]
    assert len(default_mandate("directive")) == 9
    assert default_mandate("unknown") == default_mandate("controlling")
    default_mandate("supportive").append("control")  # callers get a copy
    assert "control" not in default_mandate("supportive")


def test_without_governance_yaml_the_default_for_the_pmo_type(example):
    (example / "governance.yaml").unlink(missing_ok=True)
    engagement = load_engagement(example)
    resolved = resolve_governance(engagement)
    assert resolved.source == "default"
    assert resolved.model == default_governance(engagement.config.pmo.type)
    assert resolved.as_dict()["mandate"] == default_mandate(engagement.config.pmo.type)
    assert resolved.as_dict() == resolve_governance(engagement).as_dict()  # same answer for every caller


def test_governance_yaml_wins(example):
    resolved = resolve_governance(load_engagement(example))
    assert resolved.source == "governance.yaml"
    written = yaml.safe_load((example / "governance.yaml").read_text(encoding="utf-8"))
    assert [b["id"] for b in resolved.as_dict()["bodies"]] == [b["id"] for b in written["bodies"]]


def test_a_bad_governance_yaml_is_an_input_error(example):
    path = example / "governance.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["bodies"][0]["quorum"] = 99
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        resolve_governance(load_engagement(example))
    quorum = [p for p in raised.value.problems if "quorum 99" in str(p)]
    assert quorum and quorum[0].code == "governance-quorum" and quorum[0].severity == "error"
