"""governance.yaml: every rule has a failing example whose message is asserted; loading gives line numbers."""

from __future__ import annotations

import copy

import pytest
import yaml

from governance.core.problems import InputError
from governance.engagement.config import Engagement, parse_config
from governance.structure.model import GovernanceModel, governance_dict, load_governance, parse_governance, parse_rule

TOLERANCES = {d: {"amber": 0.05, "red": 0.10} for d in ("schedule", "cost", "scope", "risk", "benefits")}
ROLE_IDS = "pmo_manager, sponsor, project_manager"

BASE = {
    "pmo_type": "controlling",
    "mandate": ["tracking", "control"],
    "roles": [
        {
            "id": "pmo_manager",
            "name": {"fr": "Responsable du PMO", "en": "PMO manager"},
            "kind": "pmo",
            "responsibilities": {"fr": ["Diriger le PMO"], "en": ["Run the PMO"]},
        },
        {"id": "sponsor", "name": "Sponsor", "kind": "project"},
        {"id": "project_manager", "name": {"fr": "Chef de projet", "en": "Project manager"}, "kind": "project"},
    ],
    "bodies": [
        {
            "id": "board",
            "name": {"fr": "Comité de portefeuille", "en": "Portfolio board"},
            "chair": "sponsor",
            "members": ["pmo_manager"],
            "quorum": 2,
            "cadence": {"frequency": "monthly", "rule": "first tuesday", "time": "09:00", "duration_minutes": 90},
            "decision_rights": {"fr": ["Arbitrer"], "en": ["Arbitrate"]},
            "escalates_to": None,
        },
        {
            "id": "steering",
            "name": "Steering",
            "chair": "sponsor",
            "members": ["project_manager", "pmo_manager"],
            "quorum": 2,
            "cadence": {"frequency": "weekly", "rule": "monday"},
            "escalates_to": "board",
        },
    ],
    "tiers": [
        {
            "id": "tier1",
            "name": "Tier 1",
            "budget_min": 500_000,
            "budget_max": None,
            "gates": ["g1", "g2"],
            "documents": ["project_charter"],
            "reporting": "monthly",
            "escalation_body": "board",
            "tolerances": TOLERANCES,
        },
        {
            "id": "tier2",
            "name": "Tier 2",
            "budget_min": 0,
            "budget_max": 500_000,
            "gates": ["g2"],
            "documents": [],
            "reporting": "quarterly",
            "escalation_body": "steering",
            "tolerances": TOLERANCES,
        },
    ],
    "gates": [
        {"id": "g1", "name": "Ready for planning", "order": 1, "approver": "board"},
        {"id": "g2", "name": "Ready for executing", "order": 2, "approver": "steering"},
    ],
    "raci": [
        {"process": "project_intake", "name": "Intake", "assignments": {"sponsor": "A", "pmo_manager": "R"}},
        {
            "process": "change_approval",
            "name": "Change",
            "assignments": {"pmo_manager": "A", "project_manager": "R", "sponsor": "I"},
        },
    ],
}


def problems(data: dict) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_governance(data)
    return [str(p) for p in caught.value.problems]


def changed(edit) -> dict:
    data = copy.deepcopy(BASE)
    edit(data)
    return data


def body(data, body_id):
    return next(b for b in data["bodies"] if b["id"] == body_id)


def tier(data, tier_id):
    return next(t for t in data["tiers"] if t["id"] == tier_id)


def test_base_model_is_valid_and_dumps_the_contract_shape():
    model = parse_governance(copy.deepcopy(BASE))
    data = governance_dict(model)
    assert list(data) == ["pmo_type", "mandate", "roles", "bodies", "tiers", "gates", "raci"]
    assert data["roles"][1]["name"] == {"fr": "Sponsor", "en": "Sponsor"}  # a plain text stands for both languages
    assert {"id", "name", "kind", "responsibilities"} <= set(data["roles"][0])
    assert {
        "id",
        "name",
        "purpose",
        "chair",
        "members",
        "quorum",
        "cadence",
        "decision_rights",
        "inputs",
        "outputs",
        "escalates_to",
    } <= set(data["bodies"][0])
    assert {"frequency", "rule", "time", "duration_minutes"} <= set(data["bodies"][0]["cadence"])
    assert data["bodies"][1]["cadence"]["time"] == "09:00" and data["bodies"][1]["cadence"]["duration_minutes"] == 60
    assert {
        "id",
        "name",
        "budget_min",
        "budget_max",
        "gates",
        "documents",
        "reporting",
        "escalation_body",
        "tolerances",
    } <= set(data["tiers"][0])
    assert data["tiers"][0]["tolerances"]["cost"] == {"amber": 0.05, "red": 0.10}
    assert {"id", "name", "order", "approver", "entry_criteria", "exit_criteria"} <= set(data["gates"][0])
    assert data["raci"][0] == {
        "process": "project_intake",
        "name": {"fr": "Intake", "en": "Intake"},
        "assignments": {"sponsor": "A", "pmo_manager": "R"},
    }
    # The dump reloads to the same model: consumers can rebuild it from the plain dict.
    assert governance_dict(GovernanceModel.model_validate(data)) == data
    assert model.escalation_path("steering") == ["steering", "board"]


RULES = [
    # exactly one Accountable per activity
    (
        "no accountable",
        lambda d: d["raci"][0]["assignments"].update(sponsor="R"),
        "governance.yaml: raci[project_intake].assignments: expected exactly one A (Accountable), found none",
    ),
    (
        "two accountables",
        lambda d: d["raci"][0]["assignments"].update(project_manager="A"),
        "governance.yaml: raci[project_intake].assignments: expected exactly one A (Accountable), found 2 (sponsor, "
        "project_manager)",
    ),
    (
        "unknown letter",
        lambda d: d["raci"][1]["assignments"].update(sponsor="X"),
        "governance.yaml: raci[change_approval].assignments.sponsor: letter 'X' is not allowed; expected R, A, S, C or I",
    ),
    # every role and body referenced exists
    (
        "raci role",
        lambda d: d["raci"][1]["assignments"].update(sponsr="C"),
        f"governance.yaml: raci[change_approval].assignments.sponsr: role 'sponsr' does not exist; expected one of "
        f"{ROLE_IDS}",
    ),
    (
        "chair role",
        lambda d: body(d, "board").update(chair="ceo"),
        f"governance.yaml: bodies[board].chair: role 'ceo' does not exist; expected one of {ROLE_IDS}",
    ),
    (
        "member role",
        lambda d: body(d, "steering")["members"].append("architect"),
        f"governance.yaml: bodies[steering].members[3]: role 'architect' does not exist; expected one of {ROLE_IDS}",
    ),
    (
        "escalates to",
        lambda d: body(d, "steering").update(escalates_to="bord"),
        "governance.yaml: bodies[steering].escalates_to: body 'bord' does not exist; expected one of board, steering",
    ),
    (
        "tier escalation",
        lambda d: tier(d, "tier2").update(escalation_body="pmo"),
        "governance.yaml: tiers[tier2].escalation_body: body 'pmo' does not exist; expected one of board, steering",
    ),
    (
        "tier gate",
        lambda d: tier(d, "tier2")["gates"].append("g9"),
        "governance.yaml: tiers[tier2].gates[2]: gate 'g9' does not exist; expected one of g1, g2",
    ),
    (
        "gate approver",
        lambda d: d["gates"][0].update(approver="committee"),
        "governance.yaml: gates[g1].approver: body 'committee' does not exist; expected one of board, steering",
    ),
    (
        "approver by tier",
        lambda d: d["gates"][1].update(approver_by_tier={"tier9": "board"}),
        "governance.yaml: gates[g2].approver_by_tier.tier9: tier 'tier9' does not exist; expected one of tier1, tier2",
    ),
    # every body has a chair
    (
        "no chair",
        lambda d: body(d, "board").update(chair=None),
        "governance.yaml: bodies[board].chair: every body needs a chair; expected a role id, e.g. 'sponsor'",
    ),
    (
        "blank chair",
        lambda d: body(d, "steering").update(chair=" "),
        "governance.yaml: bodies[steering].chair: every body needs a chair; expected a role id, e.g. 'sponsor'",
    ),
    (
        "quorum",
        lambda d: body(d, "board").update(quorum=5),
        "governance.yaml: bodies[board].quorum: quorum 5 is more than the 2 role(s) of the body (chair and members); "
        "expected at most 2",
    ),
    # every escalation path ends at a body with decision rights and has no cycle
    (
        "cycle",
        lambda d: body(d, "board").update(escalates_to="steering"),
        "governance.yaml: bodies[board].escalates_to: escalation path board -> steering -> board is a cycle; expected "
        "every path to end at a top body (escalates_to: null)",
    ),
    (
        "top cannot decide",
        lambda d: body(d, "board").update(decision_rights={"fr": [], "en": []}),
        "governance.yaml: bodies[board].decision_rights: escalation from steering ends at 'board', which has no decision "
        "rights; expected the body at the top of an escalation path to list decision_rights",
    ),
    # tolerance bands ordered and not overlapping
    (
        "bands overlap",
        lambda d: tier(d, "tier1").update(tolerances={**TOLERANCES, "cost": {"amber": 0.15, "red": 0.10}}),
        "governance.yaml: tiers[tier1].tolerances.cost: amber 0.15 is not below red 0.10; expected amber < red, so that "
        "the bands do not overlap (green below amber, amber from amber to red, red from red up)",
    ),
    (
        "percent for fraction",
        lambda d: tier(d, "tier2").update(tolerances={**TOLERANCES, "risk": {"amber": 0.1, "red": 20}}),
        "governance.yaml: tiers[tier2].tolerances.risk.red: red 20 is not allowed; expected a fraction above 0 and at "
        "most 1 (0.10 = 10 %)",
    ),
    (
        "zero amber",
        lambda d: tier(d, "tier2").update(tolerances={**TOLERANCES, "scope": {"amber": 0, "red": 0.1}}),
        "governance.yaml: tiers[tier2].tolerances.scope.amber: amber 0.00 is not allowed; expected a fraction above 0 "
        "and at most 1 (0.10 = 10 %)",
    ),
    # tier thresholds cover all projects without gaps
    (
        "gap",
        lambda d: tier(d, "tier2").update(budget_max=400_000),
        "governance.yaml: tiers[tier1].budget_min: budgets from 400,000 to 500,000 fall in no tier (tier2 ends at "
        "400,000, tier1 starts at 500,000); expected no gap",
    ),
    (
        "overlap",
        lambda d: tier(d, "tier2").update(budget_max=600_000),
        "governance.yaml: tiers[tier2].budget_max: tier tier2 (0 to 600,000) overlaps tier tier1 (from 500,000); "
        "expected tier2 to end where tier1 starts",
    ),
    (
        "not from zero",
        lambda d: tier(d, "tier2").update(budget_min=1000),
        "governance.yaml: tiers[tier2].budget_min: budgets from 0 to 1,000 fall in no tier; expected the smallest tier "
        "(tier2) to start at budget_min: 0",
    ),
    (
        "capped top",
        lambda d: tier(d, "tier1").update(budget_max=5_000_000),
        "governance.yaml: tiers[tier1].budget_max: budgets from 5,000,000 up fall in no tier; expected the largest tier "
        "(tier1) to have budget_max: null",
    ),
    (
        "empty band",
        lambda d: tier(d, "tier2").update(budget_min=500_000),
        "governance.yaml: tiers[tier2].budget_max: budget_max 500,000 is not above budget_min 500,000; expected a band "
        "from min to max",
    ),
    (
        "listed smallest first",
        lambda d: d["tiers"].reverse(),
        "governance.yaml: tiers: tiers are not listed from the largest to the smallest budget; expected tier1, tier2",
    ),
    # gates ordered
    (
        "order used twice",
        lambda d: d["gates"][1].update(order=1),
        "governance.yaml: gates[g2].order: order 1 is used by 'g1' too; expected each gate to have its own order",
    ),
    (
        "gates listed out of order",
        lambda d: d["gates"][0].update(order=3),
        "governance.yaml: gates[g2].order: gates are not listed in order (2 comes after 3); expected them sorted by order",
    ),
    (
        "tier gates out of order",
        lambda d: tier(d, "tier1").update(gates=["g2", "g1"]),
        "governance.yaml: tiers[tier1].gates: gates are not in gate order; expected g1, g2",
    ),
    # cadences valid
    (
        "weekly with ordinal",
        lambda d: body(d, "steering")["cadence"].update(rule="first monday"),
        "governance.yaml: bodies[steering].cadence.rule: rule 'first monday' does not fit a weekly cadence; expected a "
        "weekday, e.g. 'tuesday'",
    ),
    (
        "monthly without ordinal",
        lambda d: body(d, "board")["cadence"].update(rule="tuesday"),
        "governance.yaml: bodies[board].cadence.rule: rule 'tuesday' does not fit a monthly cadence; expected "
        "'<first|second|third|fourth|last> <weekday>', e.g. 'first tuesday'",
    ),
    (
        "not a weekday",
        lambda d: body(d, "board")["cadence"].update(rule="first mardi"),
        "governance.yaml: bodies[board].cadence.rule: 'mardi' is not a weekday; expected one of monday, tuesday, "
        "wednesday, thursday, friday, saturday, sunday",
    ),
    (
        "frequency",
        lambda d: body(d, "board")["cadence"].update(frequency="fortnightly"),
        "governance.yaml: bodies[board].cadence.frequency: Input should be 'weekly', 'biweekly', 'monthly' or "
        "'quarterly' (got 'fortnightly')",
    ),
    (
        "time",
        lambda d: body(d, "board")["cadence"].update(time="25:00"),
        "governance.yaml: bodies[board].cadence.time: time '25:00' is not allowed; expected HH:MM from 00:00 to 23:59, "
        "in quotes, e.g. '09:30'",
    ),
    (
        "duration",
        lambda d: body(d, "board")["cadence"].update(duration_minutes=5),
        "governance.yaml: bodies[board].cadence.duration_minutes: duration 5 is not allowed; expected 15 to 480 minutes",
    ),
    (
        "after midnight",
        lambda d: body(d, "board")["cadence"].update(time="23:30", duration_minutes=60),
        "governance.yaml: bodies[board].cadence.duration_minutes: a meeting at 23:30 lasting 60 minutes ends after "
        "midnight; expected it to end the same day",
    ),
    (
        "quarter months",
        lambda d: body(d, "board").update(
            cadence={"frequency": "quarterly", "rule": "last friday", "months": [1, 2, 3, 4]}
        ),
        "governance.yaml: bodies[board].cadence.months: months [1, 2, 3, 4] are not allowed; expected four months three "
        "apart, e.g. [1, 4, 7, 10]",
    ),
    (
        "months on monthly",
        lambda d: body(d, "board")["cadence"].update(months=[1, 4, 7, 10]),
        "governance.yaml: bodies[board].cadence.months: months only apply to a quarterly cadence, not a monthly one",
    ),
    (
        "reference on weekly",
        lambda d: body(d, "steering")["cadence"].update(reference_date="2026-01-05"),
        "governance.yaml: bodies[steering].cadence.reference_date: reference_date only applies to a biweekly cadence, "
        "not a weekly one",
    ),
    # ids and shape
    (
        "duplicate id",
        lambda d: d["roles"][2].update(id="sponsor"),
        "governance.yaml: roles[sponsor].id: id 'sponsor' is used twice in roles; expected unique ids",
    ),
    (
        "id case",
        lambda d: d["gates"][1].update(id="Ready"),
        "governance.yaml: gates[Ready].id: id 'Ready' is not allowed; expected lower snake case (letters, digits and _), "
        "e.g. 'steering_committee'",
    ),
    (
        "unknown key",
        lambda d: body(d, "board").update(chairman="sponsor"),
        "governance.yaml: bodies[board].chairman: is not a known key (check the spelling)",
    ),
    (
        "missing key",
        lambda d: tier(d, "tier1").pop("escalation_body"),
        "governance.yaml: tiers[tier1].escalation_body: is required",
    ),
    (
        "pmo type",
        lambda d: d.update(pmo_type="controling"),
        "governance.yaml: pmo_type: Input should be 'supportive', 'controlling' or 'directive' (got 'controling')",
    ),
    (
        "mandate twice",
        lambda d: d["mandate"].append("control"),
        "governance.yaml: mandate[3]: function 'control' is listed twice",
    ),
    (
        "document id",
        lambda d: tier(d, "tier1")["documents"].append("../../etc/x"),
        "governance.yaml: tiers[tier1].documents[2]: document id '../../etc/x' is not allowed; expected a kit template "
        "id (lower case, digits, _ or -)",
    ),
]


@pytest.mark.parametrize("edit, expected", [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_each_rule_fails_with_its_message(edit, expected):
    assert expected in problems(changed(edit))


def test_every_problem_is_reported_at_once():
    def several(d):
        body(d, "board").update(chair="ceo")
        d["raci"][0]["assignments"].update(sponsor="R")
        tier(d, "tier2").update(budget_max=400_000)
        body(d, "steering")["cadence"].update(frequency="fortnightly")  # a shape error does not hide the rules

    found = problems(changed(several))
    assert len(found) == 4, found


def test_not_a_mapping():
    assert problems([1, 2]) == [
        "governance.yaml: expected a mapping with pmo_type, mandate, roles, bodies, tiers, "
        "gates and raci at the top level"
    ]


@pytest.mark.parametrize(
    "frequency, rule, expected",
    [
        ("monthly", "first tuesday", (1, 1)),
        ("quarterly", "last friday", (-1, 4)),
        ("weekly", "monday", (None, 0)),
        ("biweekly", "sunday", (None, 6)),
        ("monthly", "fourth wednesday", (4, 2)),
    ],
)
def test_parse_rule(frequency, rule, expected):
    assert parse_rule(frequency, rule) == expected


def engagement_at(root) -> Engagement:
    return Engagement(root=root, config=parse_config({"client": {"name": "Acme"}}, "pmo.yaml"))


def test_load_is_none_without_file(tmp_path):
    assert load_governance(engagement_at(tmp_path)) is None


def test_problems_carry_the_line_of_governance_yaml(tmp_path):
    text = yaml.safe_dump(BASE, sort_keys=False, allow_unicode=True).replace("chair: sponsor", "chair: sponsr", 1)
    (tmp_path / "governance.yaml").write_text(text, encoding="utf-8")
    line = next(n for n, content in enumerate(text.splitlines(), start=1) if "chair: sponsr" in content)
    with pytest.raises(InputError) as caught:
        load_governance(engagement_at(tmp_path))
    (problem,) = caught.value.problems
    assert problem.row == line and problem.key == "bodies[board].chair"
    assert str(problem).startswith(f"governance.yaml: line {line}: bodies[board].chair: role 'sponsr' does not exist")


def test_yaml_syntax_error_names_its_line(tmp_path):
    (tmp_path / "governance.yaml").write_text("pmo_type: controlling\nroles: [\n  {id: x\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_governance(engagement_at(tmp_path))
    (problem,) = caught.value.problems
    assert problem.file == "governance.yaml" and problem.row == 4 and "invalid YAML" in problem.message


def test_unquoted_time_is_read_as_the_time_written(tmp_path):
    # YAML 1.1 reads 14:30 as the base-60 number 870; the model gives the consultant their time back.
    text = (
        yaml.safe_dump(BASE, sort_keys=False)
        .replace("time: 09:00", "time: 14:30")
        .replace("time: '09:00'", "time: 14:30")
    )
    (tmp_path / "governance.yaml").write_text(text, encoding="utf-8")
    model = load_governance(engagement_at(tmp_path))
    assert model.body("board").cadence.time == "14:30"
