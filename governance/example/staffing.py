"""Example data for staffing and lessons learned: the Valmont PMO's three people and its projects' lessons.

The French engagement gets what a French client sends: semicolon CSV from Excel, one file in UTF-8 with a
BOM and one in Windows-1252, French headers, day-first dates, decimal commas.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from governance.core.atomic import write_bytes_atomic

SKILL_HEADERS = {
    "fr": [
        "communication",
        "analyse",
        "organisation",
        "synthèse",
        "méthodologie",
        "risques",
        "outils",
        "pédagogie",
        "métier",
        "leadership",
        "agilité",
    ],
    "en": [
        "communication",
        "analysis",
        "organisation",
        "reporting",
        "methodology",
        "risk",
        "tools",
        "coaching",
        "business",
        "leadership",
        "agile",
    ],
}
# name, role (fr, en), FTE, levels in SKILL_HEADERS order, certifications held
PEOPLE = [
    (
        "Mathilde Rousseau",
        ("Responsable du PMO", "PMO manager"),
        1.0,
        [4, 3, 4, 3, 3, 2, 3, 3, 4, 3, 2],
        "PRINCE2 Foundation",
    ),
    ("Karim Benali", ("Analyste PMO", "PMO analyst"), 1.0, [3, 4, 3, 3, 1, 2, 4, 1, 2, 2, 1], ""),
    ("Élodie Marchand", ("Coordinatrice PMO", "PMO coordinator"), 0.8, [4, 2, 4, 2, 2, 1, 3, 2, 2, 2, 1], ""),
]

# project, (category fr, en), (lesson fr, en), (tags fr, en), recorded on
LESSONS = [
    (
        "PRJ-004",
        ("Fournisseurs", "Suppliers"),
        (
            "Le chiffrage de l'intégrateur ne couvrait pas la reprise des données historiques : exiger dans l'appel "
            "d'offres un lot de reprise chiffré à part.",
            "The integrator's estimate did not cover migrating historical data: require a separately priced data "
            "migration lot in the tender.",
        ),
        (["appel d'offres", "reprise de données", "contrat"], ["tender", "data migration", "contract"]),
        date(2026, 1, 15),
    ),
    (
        "PRJ-003",
        ("Planification", "Planning"),
        (
            "Les essais avec les chauffeurs tombaient en haute saison : caler les essais terrain hors des pics "
            "d'activité de novembre et décembre.",
            "Driver trials fell in the peak season: schedule field trials outside the November and December peaks.",
        ),
        (["essais", "saisonnalité", "terrain"], ["trials", "seasonality", "field"]),
        date(2026, 2, 10),
    ),
    (
        "PRJ-001",
        ("Risques", "Risk"),
        (
            "Le risque de rupture de stock pendant la bascule n'avait pas de responsable : nommer un propriétaire pour "
            "chaque risque dès le comité de lancement.",
            "The risk of stock-outs during cut-over had no owner: name an owner for every risk at the kick-off board.",
        ),
        (["bascule", "registre des risques"], ["cut-over", "risk register"]),
        date(2026, 3, 5),
    ),
    (
        "PRJ-008",
        ("Parties prenantes", "Stakeholders"),
        (
            "Les représentants du personnel ont été informés tard : les associer dès le cadrage des projets qui "
            "touchent à la rémunération.",
            "Staff representatives were told late: involve them from the scoping of any project that touches pay.",
        ),
        (["RH", "communication", "cadrage"], ["HR", "communication", "scoping"]),
        date(2026, 4, 14),
    ),
    (
        "PRJ-015",
        ("Gouvernance", "Governance"),
        (
            "L'échéance réglementaire servait de jalon unique : la découper en jalons intermédiaires revus en comité "
            "de pilotage.",
            "The regulatory deadline was the only milestone: break it into interim milestones reviewed by the "
            "steering committee.",
        ),
        (["jalons", "réglementaire"], ["milestones", "regulatory"]),
        date(2026, 5, 20),
    ),
    (
        "PRJ-016",
        ("Budget", "Budget"),
        (
            "Les aléas de chantier ont consommé la provision en quatre mois : suivre la provision pour risques comme "
            "une ligne budgétaire à part entière.",
            "Site contingencies used up the reserve in four months: track the risk reserve as a budget line of its own.",
        ),
        (["provision", "chantier", "coûts"], ["contingency", "construction", "costs"]),
        date(2026, 6, 9),
    ),
    (
        "PRJ-006",
        ("Technique", "Technical"),
        (
            "Une démonstration aux chauffeurs toutes les deux semaines a évité deux fonctionnalités inutiles : garder "
            "ce rythme pour les applications de terrain.",
            "A demo to drivers every two weeks avoided two useless features: keep this rhythm for field applications.",
        ),
        (["agilité", "démonstration", "utilisateurs"], ["agile", "demo", "users"]),
        date(2026, 6, 23),
    ),
    (
        "PRJ-009",
        ("Fournisseurs", "Suppliers"),
        (
            "Le fournisseur d'étiquettes a changé de référence sans préavis : prévoir une clause de changement de "
            "référence et qualifier un second fournisseur.",
            "The tag supplier changed its part number without notice: add a change-of-reference clause and qualify a "
            "second supplier.",
        ),
        (["contrat", "approvisionnement"], ["contract", "procurement"]),
        date(2026, 7, 8),
    ),
    (
        "PRJ-011",
        ("Qualité", "Quality"),
        (
            "Les indicateurs différaient d'une direction à l'autre : valider un dictionnaire des données avec les "
            "métiers avant de construire les tableaux de bord.",
            "Indicators differed between departments: agree a data dictionary with the business before building "
            "dashboards.",
        ),
        (["données", "tableaux de bord", "référentiel"], ["data", "dashboards", "master data"]),
        date(2026, 9, 15),
    ),
    (
        "PRJ-002",
        ("Planification", "Planning"),
        (
            "La recette a été écourtée pour tenir la date : protéger la durée de recette dans le planning de référence.",
            "Acceptance testing was cut short to hold the date: protect the testing time in the baseline schedule.",
        ),
        (["recette", "planning"], ["acceptance testing", "schedule"]),
        date(2026, 9, 29),
    ),
    (
        "PRJ-024",
        ("Parties prenantes", "Stakeholders"),
        (
            "Les équipes reprises ne connaissaient pas nos outils : prévoir un plan d'intégration et des référents dès "
            "la signature.",
            "The teams taken over did not know our tools: plan their onboarding and name go-to people from signature.",
        ),
        (["intégration", "formation", "RH"], ["onboarding", "training", "HR"]),
        date(2026, 10, 6),
    ),
    (
        "PRJ-005",
        ("Risques", "Risk"),
        (
            "Les délais de raccordement électrique ont été sous-estimés : consulter le gestionnaire de réseau dès "
            "l'étude de faisabilité.",
            "Grid connection lead times were underestimated: consult the network operator from the feasibility study.",
        ),
        (["raccordement", "délais", "fournisseurs"], ["grid connection", "lead times", "suppliers"]),
        date(2026, 10, 13),
    ),
    (
        "PRJ-012",
        ("Gouvernance", "Governance"),
        (
            "Les arbitrages techniques attendaient le comité mensuel : déléguer au comité de pilotage les décisions "
            "de moins de 20 k€.",
            "Technical trade-offs waited for the monthly board: delegate decisions under EUR 20k to the steering "
            "committee.",
        ),
        (["délégation", "décisions", "comité"], ["delegation", "decisions", "board"]),
        date(2026, 10, 20),
    ),
    (
        "PRJ-013",
        ("Parties prenantes", "Stakeholders"),
        (
            "Une visite des nouveaux locaux avant le déménagement a apaisé les inquiétudes : la proposer à chaque "
            "déménagement.",
            "A visit of the new offices before the move eased concerns: offer one before every move.",
        ),
        (["conduite du changement", "communication"], ["change management", "communication"]),
        date(2026, 10, 27),
    ),
    (
        "PRJ-018",
        ("Planification", "Planning"),
        (
            "Les sessions du vendredi étaient peu suivies : planifier les formations en début de semaine.",
            "Friday sessions were poorly attended: schedule training early in the week.",
        ),
        (["formation", "planning"], ["training", "schedule"]),
        date(2026, 11, 3),
    ),
    (
        "PRJ-010",
        ("Qualité", "Quality"),
        (
            "L'audit à blanc a révélé des écarts documentaires : l'organiser deux mois avant l'audit de certification.",
            "The mock audit found documentation gaps: hold it two months before the certification audit.",
        ),
        (["audit", "certification", "documentation"], ["audit", "certification", "documentation"]),
        date(2026, 11, 10),
    ),
]
LESSON_FILES = {
    "fr": [("lecons-apprises-2026-s1.csv", "utf-8-sig"), ("retours-experience-projets.csv", "cp1252")],
    "en": [("lessons-learned-2026-h1.csv", "utf-8"), ("project-lessons.csv", "utf-8")],
}
LESSON_HEADERS = {
    "fr": ["Projet", "Catégorie", "Leçon apprise", "Mots-clés", "Date"],
    "en": ["project", "category", "lesson", "tags", "date"],
}


def _csv(rows: list[list[str]], language: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if language == "fr" else ",", lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


def people_rows(language: str) -> list[list[str]]:
    index = 0 if language == "fr" else 1
    header = ["nom", "rôle", "ETP"] if language == "fr" else ["name", "role", "fte"]
    rows = [header + SKILL_HEADERS[language] + ["certifications"]]
    for name, roles, fte, levels, certifications in PEOPLE:
        fte_text = f"{fte:g}".replace(".", ",") if language == "fr" else f"{fte:g}"
        rows.append([name, roles[index], fte_text, *map(str, levels), certifications])
    return rows


def lesson_rows(language: str, lessons: list[tuple]) -> list[list[str]]:
    index = 0 if language == "fr" else 1
    rows = [LESSON_HEADERS[language]]
    for project, category, lesson, tags, recorded_on in lessons:
        day = recorded_on.strftime("%d/%m/%Y") if language == "fr" else recorded_on.isoformat()
        rows.append([project, category[index], lesson[index], ", ".join(tags[index]), day])
    return rows


def write_staffing_example(root: Path, language: str) -> list[Path]:
    """data/people.csv and two files under data/lessons/ (registered in governance.example.engagement.EXAMPLE_PARTS)."""
    data = root / "data"
    # French Excel's "CSV UTF-8" starts with a BOM; an English export is plain UTF-8.
    encoding = "utf-8-sig" if language == "fr" else "utf-8"
    written = [write_bytes_atomic(data / "people.csv", _csv(people_rows(language), language).encode(encoding))]
    half = len(LESSONS) // 2
    for (name, encoding), lessons in zip(LESSON_FILES[language], (LESSONS[:half], LESSONS[half:])):
        text = _csv(lesson_rows(language, lessons), language)
        written.append(write_bytes_atomic(data / "lessons" / name, text.encode(encoding)))
    return written
