"""People file, skills matrix and gaps, and the training plan of a small team, computed by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import yaml

from governance.core.problems import InputError
from governance.staffing.profiles import load_role_profiles
from governance.staffing.skills import current_by_role, read_people, skill_gaps, skills_matrix
from governance.staffing.training import (
    Catalogue,
    budget_by_quarter,
    item_cost,
    load_catalogue,
    pm_workshops,
    quarter_label,
    schedule,
    staff_plan,
)


@pytest.fixture(scope="module")
def profiles():
    return load_role_profiles()


@pytest.fixture(scope="module")
def catalogue(profiles):
    return load_catalogue(profiles)


def people_csv(tmp_path, text: str, encoding: str = "utf-8-sig"):
    path = tmp_path / "people.csv"
    path.write_bytes(text.encode(encoding))
    return path


HEADER = (
    "nom;rôle;ETP;communication;analyse;organisation;synthèse;méthodologie;risques;outils;pédagogie;métier;"
    "leadership;agilité;certifications\n"
)
# Everyone at their role's level except: Alice methodology 3 (4 required); Bruno tools 2 (4) and agile 1 (2);
# Chloé organisation 2 (4) and communication not assessed.
SMALL_TEAM = (
    HEADER
    + "Alice Martin;Responsable du PMO;1;4;3;4;3;3;3;2;3;4;4;2;\n"
    + "Bruno Petit;Analyste PMO;1;3;4;3;4;3;3;2;1;3;2;1;CAPM\n"
    + "Chloé Durand;coordinatrice pmo;0,5;;2;2;3;2;2;3;2;2;2;1;PRINCE 2, Scrum master\n"
)


@pytest.fixture
def team(tmp_path, profiles, catalogue):
    return read_people(people_csv(tmp_path, SMALL_TEAM), "data/people.csv", profiles, catalogue.aliases())


def test_people_read_with_french_headers_roles_and_decimals(team):
    people = {p.name: p for p in team.people}
    assert [p.role for p in team.people] == ["pmo_manager", "pmo_analyst", "pmo_coordinator"]
    assert people["Chloé Durand"].fte == 0.5 and people["Chloé Durand"].skills["communication"] is None
    assert people["Bruno Petit"].certifications == ["capm"]
    assert people["Chloé Durand"].certifications == ["prince2_foundation", "csm"]
    assert current_by_role(team.people)["pmo_coordinator"] == (0.5, ["Chloé Durand"])
    assert team.warnings == []


def test_people_errors_name_file_row_and_column(tmp_path, profiles, catalogue):
    text = (
        HEADER
        + "Alice Martin;Responsable du PMO;1,5;4;3;4;3;3;3;2;3;4;4;2;\n"
        + "Bruno Petit;Chef de projet;1;3;4;3;4;3;3;2;1;3;2;1;\n"
        + "Chloé Durand;Coordinatrice PMO;1;4;7;4;3;2;2;3;2;2;2;1;\n"
        + "alice martin;Analyste PMO;1;4;3,5;4;3;3;3;2;3;4;4;2;\n"
        + ";Analyste PMO;1;4;3;4;3;3;3;2;3;4;4;x;\n"
    )
    with pytest.raises(InputError) as caught:
        read_people(people_csv(tmp_path, text, "cp1252"), "data/people.csv", profiles, catalogue.aliases())
    roles = "Responsable du PMO, Analyste PMO, Spécialiste des processus PMO, Coordinateur du PMO"
    assert [str(p) for p in caught.value.problems] == [
        "data/people.csv: row 2: column ETP: FTE '1,5' is not allowed; expected a number above 0 and at most 1 "
        "(0,5 for half time), or blank for full time",
        f"data/people.csv: row 3: column rôle: unknown role 'Chef de projet'; expected one of {roles}",
        "data/people.csv: row 4: column analyse: skill analysis: level '7' is not allowed; expected a whole number "
        "from 1 to 5, or blank when not assessed",
        "data/people.csv: row 5: column nom: 'alice martin' appears more than once (first on row 2); expected one "
        "row per person",
        "data/people.csv: row 5: column analyse: skill analysis: level '3,5' is not allowed; expected a whole "
        "number from 1 to 5, or blank when not assessed",
        "data/people.csv: row 6: column nom: name is empty; expected the person's name",
        "data/people.csv: row 6: column agilité: skill agile: level 'x' is not allowed; expected a whole number "
        "from 1 to 5, or blank when not assessed",
    ]


def test_people_header_problems(tmp_path, profiles, catalogue):
    path = people_csv(tmp_path, "name;analyze2;commentaire\nA;3;ok\n")
    with pytest.raises(InputError) as caught:
        read_people(path, "data/people.csv", profiles, catalogue.aliases())
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith("data/people.csv: row 1: column analyze2: unknown column 'analyze2'; expected name")
    assert messages[1] == "data/people.csv: row 1: column role: missing column 'role'; expected the person's role"
    assert len(messages) == 2  # 'commentaire' is a known free-text column, ignored


def test_people_from_xlsx_with_missing_skill_column(tmp_path, profiles, catalogue):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Role", "Communication", "Analysis", "Certifications"])
    sheet.append(["Dana Lee", "PMO analyst", 3, 2, "PMP"])
    sheet.append(["Eli Roy", "pmo_process_specialist", None, 5.0, None])
    path = tmp_path / "people.xlsx"
    workbook.save(path)
    team = read_people(path, "data/people.xlsx", profiles, catalogue.aliases(), language="en")
    assert [(p.name, p.role, p.skills["analysis"], p.skills["tools"]) for p in team.people] == [
        ("Dana Lee", "pmo_analyst", 2, None),
        ("Eli Roy", "pmo_process_specialist", 5, None),
    ]
    assert team.people[0].certifications == ["pmp"]
    assert any(
        "no column for skill 'tools'" in str(w) and w.severity == "warning" and w.code == "skill-column-missing"
        for w in team.warnings
    )


def test_matrix_and_gaps(team, profiles):
    matrix = skills_matrix(team.people, profiles)
    assert len(matrix) == 3 * len(profiles.skill_ids)
    status = {(r["person"], r["skill"]): r["status"] for r in matrix.to_dict("records")}
    assert status[("Chloé Durand", "communication")] == "not_assessed"
    gaps = skill_gaps(matrix)
    assert [(g["person"], g["skill"], g["level"], g["required"], g["gap"]) for g in gaps.to_dict("records")] == [
        ("Bruno Petit", "tools", 2, 4, 2),
        ("Chloé Durand", "organisation", 2, 4, 2),
        ("Alice Martin", "methodology", 3, 4, 1),
        ("Bruno Petit", "agile", 1, 2, 1),
    ]


def test_training_plan_for_a_small_team(team, profiles, catalogue):
    matrix = skills_matrix(team.people, profiles)
    lines = schedule(staff_plan(team.people, matrix, profiles, catalogue), days_per_quarter=5)
    # Alice: the role's PMP (655 USD x 0.86 + 2,000 = 2,563) also closes methodology (PMP develops it to 4).
    # Bruno holds CAPM (his role's certification); tools to 4: only the Excel/Power BI course (1,200);
    #   agile to 2: the agile course (700) is cheaper than CSM (1,373 USD x 0.86 = 1,181).
    # Chloé: organisation to 4: only the organisation course (650); no certification expected of a coordinator.
    # Order: first quarter for all (at most 5 days each), largest gap first, then role order.
    assert [(x.order, x.person, x.item, x.skills, x.reason, x.cost, x.quarter) for x in lines] == [
        (1, "Bruno Petit", "course_data_tools", ("tools",), "gap", 1200, 0),
        (2, "Chloé Durand", "course_organisation", ("organisation",), "gap", 650, 0),
        (3, "Alice Martin", "pmp", ("methodology",), "role_certification", 2563, 0),
        (4, "Bruno Petit", "course_agile", ("agile",), "gap", 700, 0),
    ]
    budget = budget_by_quarter(lines, [], date(2027, 1, 1))
    assert budget == [{"quarter": 0, "start": date(2027, 1, 1), "staff": 5113, "project_managers": 0, "total": 5113}]


def test_days_per_quarter_spread_the_plan(team, profiles, catalogue):
    matrix = skills_matrix(team.people, profiles)
    lines = schedule(staff_plan(team.people, matrix, profiles, catalogue), days_per_quarter=2)
    quarters = {(x.person, x.item): x.quarter for x in lines}
    # Bruno: 2 days of tools fill his first quarter, agile moves to the next; PMP (5 days) takes a quarter alone.
    assert quarters == {
        ("Bruno Petit", "course_data_tools"): 0,
        ("Bruno Petit", "course_agile"): 1,
        ("Chloé Durand", "course_organisation"): 0,
        ("Alice Martin", "pmp"): 0,
    }
    budget = budget_by_quarter(lines, [], date(2027, 4, 1))
    assert [(b["start"], b["total"]) for b in budget] == [(date(2027, 4, 1), 4413), (date(2027, 7, 1), 700)]


def test_pmi_member_prices_and_no_role_certifications(team, profiles, catalogue):
    matrix = skills_matrix(team.people, profiles)
    assert item_cost(catalogue.item("pmp"), catalogue.exchange_rates, pmi_member=True) == 2348  # 405 x 0.86 + 2000
    lines = staff_plan(team.people, matrix, profiles, catalogue, role_certifications=False)
    alice = [x for x in lines if x.person == "Alice Martin"]
    # methodology 3 -> 4 without the role's PMP: still PMP, the only catalogue item that reaches level 4
    assert [(x.item, x.reason) for x in alice] == [("pmp", "gap")]


def test_uncovered_gap_and_one_item_for_several_gaps(team, profiles):
    catalogue = Catalogue.model_validate(
        {
            "exchange_rates": {"EUR": 1.0},
            "items": [
                {
                    "id": "all_round",
                    "kind": "course",
                    "name": {"fr": "Tout", "en": "All"},
                    "develops": {"tools": 4, "organisation": 4},
                    "fee": {"currency": "EUR", "amount": 900},
                    "days": 3,
                }
            ],
        }
    )
    matrix = skills_matrix(team.people, profiles)
    lines = staff_plan(team.people, matrix, profiles, catalogue, role_certifications=False)
    assert [(x.person, x.item, x.skills, x.kind, x.cost) for x in lines] == [
        ("Alice Martin", None, ("methodology",), "on_the_job", 0.0),
        ("Bruno Petit", "all_round", ("tools",), "course", 900),
        ("Bruno Petit", None, ("agile",), "on_the_job", 0.0),
        ("Chloé Durand", "all_round", ("organisation",), "course", 900),
    ]


def test_catalogue_extended_from_the_engagement(tmp_path, profiles):
    extension = tmp_path / "catalogue.yaml"
    extension.write_text(
        yaml.safe_dump(
            {
                "exchange_rates": {"GBP": 1.15},
                "items": [
                    {
                        "id": "pmp",
                        "kind": "certification",
                        "name": {"fr": "PMP", "en": "PMP"},
                        "develops": {"methodology": 4},
                        "fee": {"currency": "GBP", "amount": 500},
                        "days": 4,
                    },
                    {
                        "id": "apm_pfq",
                        "kind": "certification",
                        "name": {"fr": "APM PFQ", "en": "APM PFQ"},
                        "develops": {"methodology": 3},
                        "fee": {"currency": "GBP", "amount": 400},
                        "days": 3,
                    },
                ],
                "workshops": {
                    "risk": {
                        "title": {"fr": "Risques", "en": "Risk"},
                        "audience": {"fr": "CP", "en": "PM"},
                        "days": 1,
                        "cost_per_session": 999,
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    catalogue = load_catalogue(profiles, extension, "catalogue.yaml")
    assert item_cost(catalogue.item("pmp"), catalogue.exchange_rates) == 575  # replaced: 500 GBP x 1.15
    assert item_cost(catalogue.item("apm_pfq"), catalogue.exchange_rates) == 460  # added
    assert catalogue.workshops["risk"].cost_per_session == 999 and "benefits" in catalogue.workshops
    assert catalogue.aliases()["apm pfq"] == "apm_pfq"


def test_catalogue_errors_name_the_key(tmp_path, profiles):
    extension = tmp_path / "catalogue.yaml"
    extension.write_text(
        yaml.safe_dump(
            {
                "items": [
                    {
                        "id": "x",
                        "kind": "course",
                        "name": {"fr": "X", "en": "X"},
                        "develops": {"juggling": 3},
                        "fee": {"currency": "CHF", "amount": 10},
                        "days": 1,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_catalogue(profiles, extension, "catalogue.yaml")
    assert [p.key for p in caught.value.problems] == ["items.x.develops", "items.x.fee.currency"]


SCORES = pd.DataFrame(
    {
        "dimension_id": ["governance", "planning", "cost", "risk", "benefits", "unknown_dim"],
        "level": [2, 2, 3, 1, 1, 1],
        "median": [2.4, 2.1, 3.2, 1.8, 1.5, 1.0],
    }
)


def test_workshops_for_the_weakest_dimensions(catalogue):
    workshops, without = pm_workshops(
        SCORES, catalogue, max_level=2, max_workshops=3, project_managers=16, group_size=10, per_quarter=2
    )
    # weakest first: level 1 (unknown_dim has no workshop, benefits 1.5, risk 1.8), then level 2 (planning 2.1);
    # 16 project managers in groups of 10 -> 2 sessions each
    assert [(w.dimension, w.sessions, w.cost, w.quarter) for w in workshops] == [
        ("benefits", 2, 3200, 0),
        ("risk", 2, 3200, 0),
        ("planning", 2, 600, 1),
    ]
    assert without == ["unknown_dim"]
    lines = budget_by_quarter([], workshops, date(2027, 1, 1))
    assert [(quarter_label(b["start"], "fr"), b["total"]) for b in lines] == [("T1 2027", 6400), ("T2 2027", 600)]
    assert quarter_label(date(2027, 4, 1), "en") == "Q2 2027"


def test_no_assessment_no_workshop(catalogue):
    assert pm_workshops(None, catalogue) == ([], [])
    workshops, _ = pm_workshops(SCORES, catalogue, max_level=1, project_managers=0)
    assert [(w.dimension, w.sessions) for w in workshops] == [("benefits", 1), ("risk", 1)]


def test_builtin_profiles_and_catalogue_are_consistent(profiles, catalogue):
    assert len(profiles.skills) == 11 and [r.id for r in profiles.roles][0] == "pmo_manager"
    seed = {"pmp": (655, 405), "pmi_rmp": (670, 520)}
    for item_id, (amount, member) in seed.items():
        fee = catalogue.item(item_id).fee
        assert (fee.currency, fee.amount, fee.member_amount) == ("USD", amount, member)
    assert catalogue.item("csm").fee.range == [250, 2495] and catalogue.item("cm").fee.range == [110, 300]
    assert {"pmp", "pmi_rmp", "csm", "itil4_foundation", "cm"} <= {i.id for i in catalogue.items}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_template_reads_only_what_the_context_gives(team, profiles, catalogue, language):
    from governance.core.docx import undeclared_variables
    from governance.core.docx.template_source import template_path
    from governance.engagement.staffing_settings import StaffingSettings
    from governance.staffing.inputs import Portfolio
    from governance.staffing.plan import StaffingInputs, build_plan
    from governance.staffing.report import report_context
    from governance.staffing.store import skills_progress

    inputs = StaffingInputs(
        settings=StaffingSettings(),
        configured_pmo_type="controlling",
        governance=None,
        portfolio=Portfolio({"tier1": 2, "tier2": 4, "tier3": 8}, 5, "data/projects.csv"),
        people=team,
        profiles=profiles,
        catalogue=catalogue,
        scores=SCORES,
        assessment_campaign="2026-10",
        start=date(2027, 1, 1),
    )
    plan = build_plan(inputs)
    previous = pd.DataFrame([{"person": "Bruno Petit", "skill": "tools", "level": 1}])
    progress = skills_progress(plan.matrix, previous)
    assert progress.to_dict("records") == [
        {"person": "Bruno Petit", "role": "pmo_analyst", "skill": "tools", "before": 1, "now": 2, "change": 1}
    ]
    context = report_context(
        plan=plan,
        profiles=profiles,
        catalogue=catalogue,
        governance=None,
        portfolio_source=inputs.portfolio.source,
        language=language,
        client="Acme",
        consultant="C. D.",
        people_source="data/people.csv",
        assessment_campaign="2026-10",
        dimension_names={},
        previous_period="2026-01",
        progress=progress,
        salaries_note={r: 1.0 for r in ("pmo_manager", "pmo_analyst", "pmo_process_specialist", "pmo_coordinator")},
        employer_on_cost=0.42,
        people_count=3,
        training=StaffingSettings().training,
    )
    template, _ = template_path("staffing_plan", language, None)
    supplied = set(context) | {"logo", "footer_text", "classification", "org_chart", "heat_map"}
    assert undeclared_variables(template, language) <= supplied
    assert context["roles"][0]["name"] == ("Responsable du PMO" if language == "fr" else "PMO manager")
    assert context["plan_total"] == 5113 and context["small_roles"]
