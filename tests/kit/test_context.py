"""The kit context: calendar, agendas, tiers, gates and placeholders, computed by hand from a small model."""

from __future__ import annotations

from datetime import date

import pytest

from governance.core.i18n import french_spacing
from governance.engagement.config import EngagementConfig
from governance.kit.context import blank_project, kit_context, project_item
from governance.kit.wording import agenda as _agenda
from governance.kit.wording import budget_text, cadence_text, upcoming_meetings
from support.kit import governance

TODAY = date(2026, 11, 21)  # a Saturday
DOCUMENTS = [
    {"id": "pmo_charter", "title": "Charte du PMO", "tiers": [], "each": None},
    {"id": "project_charter", "title": "Charte de projet", "tiers": "all", "each": None},
    {"id": "business_case", "title": "Dossier d'investissement", "tiers": ["major"], "each": None},
    {"id": "status_report", "title": "Rapport d'avancement", "tiers": "all", "each": None},
    {"id": "risk_register", "title": "Registre des risques", "tiers": "all", "each": None},
    {"id": "meeting_agenda", "title": "Ordre du jour", "tiers": [], "each": "body"},
]


def config(language: str = "fr") -> EngagementConfig:
    return EngagementConfig.model_validate(
        {
            "client": {"name": "Client & Fils", "sector": "Industrie", "projects": 12},
            "language": language,
            "consultant": "Alex Martin",
            "pmo": {
                "type": "controlling",
                "mission": "Fiabiliser le portefeuille.",
                "objectives": [
                    {"text": "Rapports à temps", "measure": "part des rapports", "target": "95 %", "due": "2027-06-30"}
                ],
            },
        }
    )


@pytest.fixture
def context():
    return kit_context(config=config(), governance=governance(), language="fr", today=TODAY, documents=DOCUMENTS)


@pytest.mark.parametrize(
    "cadence, expected",
    [
        # Quarterly in January, April, July, October: 1 Jan 2027 is a Friday, 1 April and 1 July Thursdays.
        ({"frequency": "quarterly", "rule": "first monday"}, [date(2027, 1, 4), date(2027, 4, 5), date(2027, 7, 5)]),
        # Quarterly in the cadence's own months.
        (
            {"frequency": "quarterly", "rule": "first monday", "months": [3, 6, 9, 12]},
            [date(2026, 12, 7), date(2027, 3, 1), date(2027, 6, 7)],
        ),
        # 30 November 2026 is a Monday: last Friday 27 Nov; 31 Dec a Thursday; 31 Jan 2027 a Sunday.
        ({"frequency": "monthly", "rule": "last friday"}, [date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 29)]),
        ({"frequency": "monthly", "rule": "second tuesday"}, [date(2026, 12, 8), date(2027, 1, 12), date(2027, 2, 9)]),
        ({"frequency": "weekly", "rule": "monday"}, [date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 7)]),
        # Week of 23 Nov 2026 is 46 weeks after Monday 5 Jan 2026: an even week, so a meeting week.
        ({"frequency": "biweekly", "rule": "wednesday"}, [date(2026, 11, 25), date(2026, 12, 9), date(2026, 12, 23)]),
        # With a reference in the other fortnight, the meetings move by one week.
        (
            {"frequency": "biweekly", "rule": "wednesday", "reference_date": "2026-01-14"},
            [date(2026, 12, 2), date(2026, 12, 16), date(2026, 12, 30)],
        ),
        # A meeting on the day itself counts.
        ({"frequency": "weekly", "rule": "saturday"}, [date(2026, 11, 21), date(2026, 11, 28), date(2026, 12, 5)]),
        ({"frequency": "monthly", "rule": "fifth monday"}, []),
        ({"frequency": "yearly", "rule": "monday"}, []),
        (None, []),
    ],
)
def test_meeting_dates(cadence, expected):
    assert upcoming_meetings(cadence, TODAY, 3) == expected  # computed by the governance calendar


@pytest.mark.parametrize(
    "cadence, language, expected",
    [
        (
            {"frequency": "monthly", "rule": "first tuesday", "time": "09:00", "duration_minutes": 90},
            "fr",
            "Mensuel, le premier mardi du mois à 09:00 (90 min)",
        ),
        (
            {"frequency": "monthly", "rule": "last friday", "time": "16:30"},
            "en",
            "Monthly, last Friday of the month at 16:30",
        ),
        ({"frequency": "quarterly", "rule": "second monday"}, "fr", "Trimestriel, le deuxième lundi du trimestre"),
        (
            {"frequency": "biweekly", "rule": "wednesday", "duration_minutes": 60},
            "en",
            "Fortnightly, on Wednesdays (60 min)",
        ),
    ],
)
def test_cadence_text(cadence, language, expected):
    assert cadence_text(cadence, language) == expected


@pytest.mark.parametrize(
    "low, high, language, expected",
    [
        (1_000_000, None, "fr", "1\u202f000\u202f000\u00a0€ et plus"),
        (0, 300_000, "fr", "moins de 300\u202f000\u00a0€"),
        (300_000, 1_000_000, "en", "EUR 300,000 to 1,000,000"),
        (0, None, "en", "EUR 0 and above"),
    ],
)
def test_budget_text(low, high, language, expected):
    assert budget_text(low, high, language) == expected


def test_agenda_shares_the_meeting_time():
    model = governance()
    names = {r["id"]: r["name"]["fr"] for r in model["roles"]}
    steering = {**model["bodies"][1], "escalates_to": "Conseil de portefeuille"}
    agenda = _agenda(steering, names, "fr")
    # 60 min: opening 5 + minutes 10 + escalations 5 + closing 5 = 25 fixed; 35 shared by two reviews and
    # the decisions in 5-minute steps: 10, 10 and the remaining 15.
    assert [a["minutes"] for a in agenda] == [5, 10, 10, 10, 15, 5, 5]
    assert sum(a["minutes"] for a in agenda) == 60
    assert agenda[1]["lead"] == "Coordinatrice PMO"
    assert agenda[2]["item"] == "Examen\u00a0: rapport d'avancement"
    assert agenda[5]["item"] == "Points à escalader (Conseil de portefeuille)"


def test_agenda_when_the_meeting_is_short():
    body = {"chair": "ceo", "members": ["ceo"], "cadence": {"duration_minutes": 20}, "inputs": {"fr": ["A", "B"]}}
    agenda = _agenda(body, {"ceo": "DG"}, "fr")
    assert [a["minutes"] for a in agenda] == [5, 10, 5, 5, 5, 5]


def test_tiers_gates_and_documents(context):
    major, minor = context["tiers"]
    assert major["tolerance"]["cost"] == {"amber": 0.05, "red": 0.1}
    assert major["gates_text"] == "Prêt pour l'exécution, Prêt pour la clôture"
    assert minor["budget_text"] == "moins de 500\u202f000\u00a0€"
    assert minor["escalation_body"] == "Comité de pilotage" and minor["reporting"] == "trimestriel"
    # governance.yaml lists documents per tier: it decides, not the manifest's defaults
    assert major["documents"] == [
        "Charte de projet",
        "Dossier d'investissement",
        "Rapport d'avancement",
        "Registre des risques",
    ]
    go, close = context["gates"]  # sorted by order
    assert (go["id"], go["order"], go["next"]) == ("go", 1, "Prêt pour la clôture")
    assert close["tiers_text"] == "Tous les niveaux" and go["tiers_text"] == "Niveau A — majeur"
    assert close["approver_text"] == "Comité de pilotage (Niveau A — majeur\u00a0: Conseil de portefeuille)"
    required = {d["id"]: d["required_for"] for d in context["kit_documents"]}
    assert required == {
        "pmo_charter": "PMO",
        "project_charter": "Tous les niveaux",
        "business_case": "Niveau A — majeur",
        "status_report": "Tous les niveaux",
        "risk_register": "Niveau A — majeur",
        "meeting_agenda": "Instances de gouvernance",
    }


def test_bodies_roles_raci(context):
    board, steering = context["bodies"]
    assert board["chair"] == "Directrice générale" and board["escalates_to"] == ""
    assert steering["members_text"] == "Sponsor, Chef de projet, Responsable du PMO"
    assert steering["next_meeting"] == date(2026, 11, 25) and steering["following_meeting"] == date(2026, 12, 9)
    assert steering["next_meetings_text"] == "25/11/2026, 09/12/2026, 23/12/2026"
    assert context["top_body"] == "Conseil de portefeuille"
    assert [r["name"] for r in context["stakeholder_roles"]] == ["Directrice générale", "Sponsor", "Chef de projet"]
    assert context["raci"] == [
        {
            "process": "status_reporting",
            "name": "Reporting",
            "R": "Chef de projet",
            "A": "Sponsor",
            "S": "Coordinatrice PMO",
            "C": "—",
            "I": "Responsable du PMO",
        }
    ]
    assert [m["id"] for m in context["pmo"]["mandate"]] == ["tracking", "control"]
    assert context["pmo"]["type_label"] == "de contrôle"


def test_project_item_uses_its_tier():
    common = kit_context(config=config(), governance=governance(), language="fr", today=TODAY, documents=DOCUMENTS)
    project = {
        "id": "P-1",
        "name": "Entrepôt",
        "sponsor": "Marc",
        "manager": "Julie",
        "tier": "major",
        "budget": 2_400_000.0,
        "start": date(2026, 1, 5),
        "end": None,
    }
    item = project_item(common, project, "fr", TODAY)
    assert item["budget_text"] == "2\u202f400\u202f000\u00a0€" and item["period"] == "novembre 2026"
    assert item["end"] == "[jj/mm/aaaa]"  # unknown in the list: a placeholder, never a blank
    assert [g["approver"] for g in item["gates"]] == ["Conseil de portefeuille", "Conseil de portefeuille"]
    assert [t["id"] for t in item["tiers"]] == ["major"]
    assert item["change_approval"][0] == {
        "impact": "Écart estimé sous le seuil orange (délais 5\u00a0%, coûts 5\u00a0%)",
        "approver": "Chef de projet",
    }
    assert item["change_approval"][1]["approver"] == "Sponsor (Marc)"
    assert item["change_approval"][2]["approver"] == "Conseil de portefeuille"
    blank = blank_project(common, "en")
    assert blank["name"] == "[Project name]" and len(blank["tiers"]) == 2 and len(blank["change_approval"]) == 4


def test_without_governance_yaml_the_kit_uses_the_one_default(example):
    from governance.engagement.config import load_engagement
    from governance.kit.render import plan_generation
    from governance.structure import default_governance

    (example / "governance.yaml").unlink(missing_ok=True)
    engagement = load_engagement(example)
    plan = plan_generation(engagement)
    assert plan.governance_source == "default"
    common = kit_context(
        config=engagement.config,
        language="fr",
        today=TODAY,
        documents=DOCUMENTS,
        governance=default_governance(engagement.config.pmo.type).model_dump(mode="json"),
    )
    assert [b["id"] for b in common["bodies"]] == ["executive_committee", "portfolio_board", "steering_committee"]
    assert [t["escalation_body"] for t in common["tiers"]] == [
        "Comité de portefeuille",
        "Comité de pilotage projet",
        "Comité de pilotage projet",
    ]


def test_french_spacing():
    assert (
        french_spacing("Note : « oui » ; non ? stop !") == "Note\u00a0: «\u00a0oui\u00a0»\u00a0; non\u00a0? stop\u00a0!"
    )
