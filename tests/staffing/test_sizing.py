"""Sizing the PMO team: hand-computed portfolios for each PMO type, overrides, costs, the project list."""

from __future__ import annotations

from datetime import date

import pytest

from governance.core.problems import InputError
from governance.engagement.config import parse_config
from governance.engagement.staffing_settings import FUNCTIONS, SizingSettings, quarter_start
from governance.staffing.inputs import next_quarter, portfolio_from_settings, read_portfolio
from governance.staffing.mandate import default_tiers, mandate_of, pmo_type_of, tiers_of
from governance.staffing.sizing import DEFAULT_TIERS, compare_team, effective_ratios, round_to, size_team, team_costs
from governance.structure import default_mandate

# tier1 2, tier2 4, tier3 8 -> weighted projects W = 2*1 + 4*0.5 + 8*0.25 = 6
PORTFOLIO = {"tier1": 2, "tier2": 4, "tier3": 8}
DEFAULTS = effective_ratios(SizingSettings(), list(DEFAULT_TIERS))
# The mandates the hand computations below assume (the sizing model's arithmetic, whatever the default mandate).
MANDATES = {
    "supportive": ("tracking", "process_improvement", "templates_training", "knowledge_management"),
    "controlling": (
        "planning",
        "tracking",
        "control",
        "templates_training",
        "knowledge_management",
        "governance_alignment",
        "portfolio_view",
    ),
    "directive": FUNCTIONS,
}


def fte(sizing) -> dict[str, float]:
    return {r.role: r.fte for r in sizing.roles}


def hours(sizing) -> dict[str, float]:
    return {r.role: r.hours_per_month for r in sizing.roles}


# Hours a month by hand with the default ratios (fixed + per weighted project x 6), then x 12 / 1600:
# controlling (factor 1): manager 43 (running the PMO) + control 10 + governance 18 + portfolio 9 = 80 -> 0.6;
#   analyst planning 12 + tracking 40 + control 12 + portfolio 16 = 80 -> 0.6; process specialist planning 10
#   + templates 25 + knowledge 5 = 40 -> 0.3; coordinator 6 + 12 + 6 + 3 + 12 + 9 = 48 -> 0.36 -> 0.4.
# supportive (factor 0.7 on the mandate, not on running the PMO): manager 43 + 4 x 0.7 = 45.8 -> 0.34 -> 0.3,
#   raised to the 0.5 minimum; analyst 40 x 0.7 = 28 -> 0.2; specialist (23 + 25 + 5) x 0.7 = 37.1 -> 0.3;
#   coordinator (12 + 3 + 12) x 0.7 = 18.9 -> 0.1.
# directive (factor 1.4, all nine functions): manager 43 + (4 + 7 + 10 + 18 + 9) x 1.4 = 110.2 -> 0.83 -> 0.8,
#   full time because the others reach 2.2 FTE; analyst (12 + 17 + 40 + 12 + 16) x 1.4 = 135.8 -> 1.0;
#   specialist (10 + 23 + 25 + 5) x 1.4 = 88.2 -> 0.7; coordinator 48 x 1.4 = 67.2 -> 0.5.
@pytest.mark.parametrize(
    "pmo_type, expected_hours, expected_fte, total, manager_rule",
    [
        (
            "controlling",
            {"pmo_manager": 80, "pmo_analyst": 80, "pmo_process_specialist": 40, "pmo_coordinator": 48},
            {"pmo_manager": 0.6, "pmo_analyst": 0.6, "pmo_process_specialist": 0.3, "pmo_coordinator": 0.4},
            1.9,
            None,
        ),
        (
            "supportive",
            {"pmo_manager": 45.8, "pmo_analyst": 28, "pmo_process_specialist": 37.1, "pmo_coordinator": 18.9},
            {"pmo_manager": 0.5, "pmo_analyst": 0.2, "pmo_process_specialist": 0.3, "pmo_coordinator": 0.1},
            1.1,
            "manager_minimum",
        ),
        (
            "directive",
            {"pmo_manager": 110.2, "pmo_analyst": 135.8, "pmo_process_specialist": 88.2, "pmo_coordinator": 67.2},
            {"pmo_manager": 1.0, "pmo_analyst": 1.0, "pmo_process_specialist": 0.7, "pmo_coordinator": 0.5},
            3.2,
            "manager_full_time",
        ),
    ],
)
def test_sizing_by_pmo_type(pmo_type, expected_hours, expected_fte, total, manager_rule):
    sizing = size_team(PORTFOLIO, pmo_type, MANDATES[pmo_type], DEFAULTS)
    assert sizing.weighted_projects == 6
    assert hours(sizing) == pytest.approx(expected_hours)
    assert fte(sizing) == expected_fte
    assert sizing.total_fte == pytest.approx(total)
    assert sizing.roles[0].rule == manager_rule


def test_empty_portfolio_still_has_a_manager():
    sizing = size_team({"tier1": 0}, "supportive", ["tracking"], DEFAULTS)
    # 40 h a month of running the PMO -> 0.3 FTE, raised to the half-time minimum; analyst 10 h x 0.7 -> 0.05 -> 0.1
    assert fte(sizing) == {
        "pmo_manager": 0.5,
        "pmo_analyst": 0.1,
        "pmo_process_specialist": 0.0,
        "pmo_coordinator": 0.0,
    }


def test_manager_capped_at_full_time_rest_to_the_deputy():
    settings = SizingSettings(hours={"management": {"pmo_manager": {"fixed": 200, "per_project": 0}}})
    sizing = size_team({"tier1": 0}, "controlling", [], effective_ratios(settings, list(DEFAULT_TIERS)))
    # 200 h -> 1.5 FTE: one manager, 0.5 FTE of management work goes to the process specialist
    assert fte(sizing)["pmo_manager"] == 1.0 and fte(sizing)["pmo_process_specialist"] == 0.5
    assert [r.rule for r in sizing.roles][:3] == ["manager_capped", None, "deputy"]


def test_overrides_from_pmo_yaml_are_applied():
    settings = parse_config(
        {
            "client": {"name": "Acme"},
            "staffing": {
                "sizing": {
                    "annual_hours": 1200,
                    "tier_weights": {"tier3": 0.5},
                    "type_factors": {"controlling": 2.0},
                    "hours": {"tracking": {"pmo_analyst": {"per_project": 10}}},
                }
            },
        },
        "pmo.yaml",
    ).staffing
    ratios = effective_ratios(settings.sizing, list(DEFAULT_TIERS))
    # only tracking in the mandate: W = 2 + 2 + 8 x 0.5 = 8; analyst (10 + 10 x 8) x 2 = 180 h -> x 12 / 1200 = 1.8
    sizing = size_team(PORTFOLIO, "controlling", ["tracking"], ratios)
    assert sizing.weighted_projects == 8
    assert hours(sizing)["pmo_analyst"] == 180 and fte(sizing)["pmo_analyst"] == 1.8
    # the fixed part of an overridden load keeps its default (10), the coordinator's tracking load its default
    assert hours(sizing)["pmo_coordinator"] == (0 + 2 * 8) * 2


@pytest.mark.parametrize(
    "staffing, expected",
    [
        ({"sizing": {"hours": {"trakcing": {}}}}, "staffing.sizing.hours: unknown function 'trakcing'"),
        ({"sizing": {"type_factors": {"agile": 1}}}, "staffing.sizing.type_factors: unknown PMO type 'agile'"),
        ({"salaries": {"pmo_boss": 1}}, "staffing.salaries: unknown role 'pmo_boss'"),
        ({"sizing": {"annual_hours": 0}}, "staffing.sizing.annual_hours: Input should be greater than 0"),
        ({"training": {"start": "2027-Q5"}}, "staffing.training.start: '2027-Q5' is not a quarter"),
        ({"projects_by_tier": {"tier1": -1}}, "staffing.projects_by_tier: project counts cannot be negative"),
        ({"employer_on_cost": "lots"}, "staffing.employer_on_cost: Input should be a valid number"),
    ],
)
def test_bad_staffing_settings_name_the_key(staffing, expected):
    with pytest.raises(InputError) as caught:
        parse_config({"client": {"name": "Acme"}, "staffing": staffing}, "pmo.yaml")
    assert any(expected in str(p) for p in caught.value.problems), caught.value.problems


def test_weight_for_an_unknown_tier_is_refused():
    with pytest.raises(InputError) as caught:
        effective_ratios(SizingSettings(tier_weights={"tier9": 1}), list(DEFAULT_TIERS))
    assert str(caught.value.problems[0]) == (
        "pmo.yaml: staffing.sizing.tier_weights.tier9: unknown tier 'tier9'; expected one of tier1, tier2, tier3"
    )


def test_costs_from_seed_salaries_and_overrides():
    sizing = size_team(PORTFOLIO, "controlling", MANDATES["controlling"], DEFAULTS)
    costs = {c.role: c for c in team_costs(sizing, {}, 0.42)}
    # 0.6 x 55,000; 0.6 x 34,000; 0.3 x 45,000; 0.4 x 42,000
    assert {r: c.annual_cost for r, c in costs.items()} == {
        "pmo_manager": 33_000,
        "pmo_analyst": 20_400,
        "pmo_process_specialist": 13_500,
        "pmo_coordinator": 16_800,
    }
    assert sum(c.employer_cost for c in costs.values()) == pytest.approx(83_700 * 1.42)
    overridden = {c.role: c.annual_cost for c in team_costs(sizing, {"pmo_manager": 60_000}, 0.0)}
    assert overridden["pmo_manager"] == 36_000


def test_team_against_current_staff():
    sizing = size_team(PORTFOLIO, "directive", FUNCTIONS, DEFAULTS)  # 1.0, 1.0, 0.7, 0.5
    team = {
        t.role: t
        for t in compare_team(
            sizing, {"pmo_manager": (1.0, ["A"]), "pmo_analyst": (0.8, ["B"]), "pmo_coordinator": (1.0, ["C"])}
        )
    }
    assert (team["pmo_manager"].action, team["pmo_analyst"].action) == ("ok", "reinforce")
    assert team["pmo_process_specialist"].action == "recruit" and team["pmo_process_specialist"].difference == 0.7
    assert team["pmo_coordinator"].action == "redeploy" and team["pmo_coordinator"].difference == -0.5


@pytest.mark.parametrize(
    "value, step, expected",
    [(0.25, 0.1, 0.3), (0.35, 0.1, 0.4), (0.34, 0.1, 0.3), (0.75, 0.5, 1.0), (1.2, 0.25, 1.25), (0.0, 0.1, 0.0)],
)
def test_half_up_rounding(value, step, expected):
    assert round_to(value, step) == expected


def test_governance_model_gives_type_mandate_and_tiers():
    governance = {
        "pmo_type": "directive",
        "mandate": ["tracking", "control"],
        "tiers": [
            {"id": "tier1", "budget_min": 500000, "budget_max": None},
            {"id": "tier2", "budget_min": 0, "budget_max": 500000},
        ],
    }
    assert pmo_type_of(governance, "supportive") == "directive"
    assert mandate_of(governance, "directive") == (["tracking", "control"], "governance")
    assert mandate_of(None, "supportive") == (default_mandate("supportive"), "default")
    assert [t["id"] for t in tiers_of(governance)] == ["tier1", "tier2"]
    assert [t["id"] for t in tiers_of(None)] == ["tier1", "tier2", "tier3"]


def write(path, text: str, encoding: str = "utf-8") -> None:
    path.write_bytes(text.encode(encoding))


def test_project_list_counted_by_tier_french_csv(tmp_path):
    path = tmp_path / "projects.csv"
    write(
        path,
        "id;name;sponsor;manager;tier;budget;start;end\n"
        "P1;Entrepôt;A;Julien Moreau;tier1;2 400 000;01/09/2025;31/03/2027\n"
        "P2;Portail;B;Sophie Laurent;Niveau 2;850 000;03/11/2025;18/12/2026\n"
        "P3;Paie;C;julien moreau;3;540 000;01/12/2025;30/10/2026\n"
        "P4;Quais;D;Sophie Laurent;tier3;210 000;16/02/2026;27/11/2026\n",
        "cp1252",
    )
    portfolio = read_portfolio(path, "data/projects.csv", tiers_of(None))
    assert portfolio.projects_by_tier == {"tier1": 1, "tier2": 1, "tier3": 2}
    assert portfolio.managers == 2  # names compared without case


def test_blank_tier_derived_from_budget_bands(tmp_path):
    tiers = [
        {"id": "tier1", "budget_min": 1_000_000, "budget_max": None},
        {"id": "tier2", "budget_min": 0, "budget_max": 1_000_000},
    ]
    path = tmp_path / "projects.csv"
    write(path, "id;nom;niveau;budget\nP1;A;;1 000 000\nP2;B;;999 999,99\nP3;C;tier2;\n")
    assert read_portfolio(path, "p.csv", tiers).projects_by_tier == {"tier1": 1, "tier2": 2}


def test_default_tiers_are_the_kits():
    tiers = default_tiers()
    assert [t["id"] for t in tiers] == ["tier1", "tier2", "tier3"]
    assert tiers[0]["budget_min"] == 1_000_000 and tiers[2]["budget_max"] == tiers[1]["budget_min"]


def test_project_list_errors_named_by_row_and_column(tmp_path):
    path = tmp_path / "projects.csv"
    write(path, "id;name;tier\nP1;A;tier1\n;B;tier2\nP1;C;tier4\nP4;D;\n")
    with pytest.raises(InputError) as caught:
        read_portfolio(path, "data/projects.csv", tiers_of(None))
    assert [(p.file, p.row, p.column) for p in caught.value.problems] == [
        ("data/projects.csv", 3, "id"),
        ("data/projects.csv", 4, "id"),
        ("data/projects.csv", 4, "tier"),
        ("data/projects.csv", 5, "tier"),
    ]
    assert "tier4" in str(caught.value.problems[2])


def test_project_list_without_tier_or_budget_column(tmp_path):
    path = tmp_path / "projects.csv"
    write(path, "id,name\nP1,A\n")
    with pytest.raises(InputError) as caught:
        read_portfolio(path, "data/projects.csv", tiers_of(None))
    assert caught.value.problems[0].row == 1 and "'tier'" in str(caught.value.problems[0])


def test_counts_from_pmo_yaml():
    assert portfolio_from_settings({"tier1": 3}, list(DEFAULT_TIERS)).projects_by_tier == {
        "tier1": 3,
        "tier2": 0,
        "tier3": 0,
    }
    with pytest.raises(InputError) as caught:
        portfolio_from_settings({"tier7": 3}, list(DEFAULT_TIERS))
    assert caught.value.problems[0].key == "staffing.projects_by_tier.tier7"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2027-Q1", date(2027, 1, 1)),
        ("2027-t3", date(2027, 7, 1)),
        ("2027-05", date(2027, 4, 1)),
        ("2027-12-31", date(2027, 10, 1)),
    ],
)
def test_quarter_start(text, expected):
    assert quarter_start(text) == expected


def test_next_quarter():
    assert next_quarter(date(2026, 11, 21)) == date(2027, 1, 1)
    assert next_quarter(date(2026, 1, 1)) == date(2026, 4, 1)


@pytest.mark.parametrize("pmo_type", ["supportive", "controlling", "directive"])
def test_without_governance_yaml_staffing_uses_the_one_default_model(pmo_type):
    """Staffing, the kit and the review name the same top body, tiers and mandate: the resolver's default."""
    from governance.staffing.mandate import model_of
    from governance.staffing.report import top_body_name
    from governance.structure import default_governance

    model = default_governance(pmo_type)
    top = next(b for b in model.bodies if b.escalates_to is None)
    for language in ("fr", "en"):
        assert top_body_name(model_of(None, pmo_type), language) == getattr(top.name, language)
    mandate, source = mandate_of(None, pmo_type)
    assert set(mandate) == set(model.mandate) == set(default_mandate(pmo_type)) and source == "default"
    assert [t["id"] for t in tiers_of(None, pmo_type)] == [t.id for t in model.tiers]
