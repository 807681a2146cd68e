"""`pmo init`: an engagement for a fictional French client, with example data for every capability.

Everything is generated from a fixed seed, so two engagements created alike hold the same data.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yaml

from governance.assessment.bank import load_question_bank
from governance.core.atomic import write_bytes_atomic, write_text_atomic
from governance.core.problems import InputError, Problem
from governance.engagement.identity import new_engagement_id

CLIENT = "Groupe Valmont Logistique"
SEED = 20261121

CONFIG = {
    "fr": {
        "client": {"name": CLIENT, "sector": "Logistique et transport", "staff": 150, "projects": 25},
        "language": "fr",
        "timezone": "Europe/Paris",
        "consultant": "Claire Dumont, consultante PMO",
        "pmo": {
            "type": "controlling",
            "mission": "Donner à la direction une vue fiable du portefeuille de projets et aider les chefs de "
            "projet à livrer dans les délais et le budget, avec des méthodes communes.",
            "vision": "Un portefeuille piloté par la valeur, où chaque projet suit le même cadre.",
            "objectives": [
                {
                    "text": "Tous les projets de niveau 1 et 2 publient un rapport d'avancement mensuel",
                    "measure": "part des rapports reçus à la date limite (dernier jour ouvré du mois)",
                    "metric": "reporting_on_time",
                    "target": "95 %",
                    "due": "2027-06-30",
                },
                {
                    "text": "Mettre en place des revues de jalon pour les projets de plus de 500 k€",
                    "measure": "part des revues de jalon tenues selon le processus (relevé mensuel du PMO)",
                    "metric": "gate_compliance",
                    "target": "100 %",
                    "due": "2027-03-31",
                },
                {
                    "text": "Atteindre le niveau 3 de maturité sur la gouvernance et les standards",
                    "measure": "score médian de la gouvernance à la réévaluation (1 à 5)",
                    "metric": "maturity:governance",
                    "target": "3",
                    "due": "2027-10-31",
                },
            ],
        },
        "assessment": {"default_target": 3, "target": {"governance": 4, "risk": 4}, "disagreement_spread": 2.0},
        "branding": {
            "logo": "branding/logo.png",
            "primary_colour": "#1F4E79",
            "font": "Calibri",
            "footer": "Groupe Valmont Logistique — PMO",
            "classification": "Diffusion interne",
        },
        "collection": {
            "scheduled": True,
            "sender": "pmo@valmont-logistique.example",
            "sender_name": "PMO Groupe Valmont",
        },
    },
}
CONFIG["en"] = {
    **CONFIG["fr"],
    "language": "en",
    "consultant": "Claire Dumont, PMO consultant",
    "client": {**CONFIG["fr"]["client"], "sector": "Logistics and transport"},
    "pmo": {
        **CONFIG["fr"]["pmo"],
        "mission": "Give management a reliable view of the project portfolio and help project managers deliver "
        "on time and on budget with common methods.",
        "vision": "A value-driven portfolio where every project follows the same framework.",
        "objectives": [
            {
                "text": "Every tier 1 and tier 2 project publishes a monthly status report",
                "measure": "share of reports received by the due date (the month's last working day)",
                "metric": "reporting_on_time",
                "target": "95%",
                "due": "2027-06-30",
            },
            {
                "text": "Run stage-gate reviews for every project above EUR 500k",
                "measure": "share of stage-gate reviews held as the process requires (recorded monthly by the PMO)",
                "metric": "gate_compliance",
                "target": "100%",
                "due": "2027-03-31",
            },
            {
                "text": "Reach maturity level 3 in governance and standards",
                "measure": "median governance score at the re-assessment (1 to 5)",
                "metric": "maturity:governance",
                "target": "3",
                "due": "2027-10-31",
            },
        ],
    },
    "branding": {**CONFIG["fr"]["branding"], "footer": "Groupe Valmont Logistique — PMO", "classification": "Internal"},
}

ROLES = [
    "Directeur de programme",
    "Chef de projet",
    "Chef de projet",
    "Sponsor",
    "Contrôleur de gestion",
    "Responsable métier",
    "Chef de projet",
    "Architecte SI",
]
PEOPLE = [
    "Camille Bernard",
    "Julien Moreau",
    "Sophie Laurent",
    "Nicolas Petit",
    "Émilie Garnier",
    "Thomas Roux",
    "Claire Fontaine",
    "Antoine Faure",
    "Léa Mercier",
    "Hugo Blanc",
    "Manon Chevalier",
    "Lucas Girard",
    "Chloé André",
    "Maxime Lefèvre",
    "Inès Lambert",
    "Romain Dupuis",
]
# The client's "true" practice per dimension, April then October: governance and standards improve.
PROFILE = {
    "2026-04": {
        "governance": 1.8,
        "portfolio": 1.7,
        "planning": 2.4,
        "cost": 2.6,
        "risk": 1.9,
        "resources": 1.6,
        "benefits": 1.3,
        "stakeholders": 2.3,
        "standards": 1.9,
        "pmo_organisation": 1.5,
    },
    "2026-10": {
        "governance": 2.5,
        "portfolio": 2.1,
        "planning": 2.7,
        "cost": 2.9,
        "risk": 2.2,
        "resources": 1.8,
        "benefits": 1.5,
        "stakeholders": 2.6,
        "standards": 2.6,
        "pmo_organisation": 2.2,
    },
}
ROLE_BIAS = {"Sponsor": 0.4, "Directeur de programme": 0.2, "Contrôleur de gestion": -0.2, "Chef de projet": -0.3}


def _answers(campaign: str, respondents: int, rng: np.random.Generator, bank) -> list[dict]:
    rows = []
    for index in range(respondents):
        person, role = PEOPLE[index], ROLES[index % len(ROLES)]
        for d in bank.dimensions:
            # Risk practice differs a lot between business units: a disagreement the report must show.
            spread = 1.3 if d.id == "risk" else 0.55
            centre = PROFILE[campaign][d.id] + ROLE_BIAS.get(role, 0.0) + rng.normal(0, spread)
            for q in d.questions:
                draw = rng.random()
                if draw < 0.03:
                    score = "N/A"
                elif draw < 0.05:
                    score = ""
                else:
                    score = int(np.clip(round(centre + rng.normal(0, 0.5)), 1, 5))
                rows.append({"respondent": person, "role": role, "question_id": q.id, "score": score})
    return rows


def _write_responses(root: Path, bank, language: str) -> list[Path]:
    from openpyxl import load_workbook

    from governance.assessment.questionnaire import (
        HEADER_ROW,
        RESPONDENT_ROW,
        ROLE_ROW,
        SCORE_COLUMN,
        SHEET,
        write_questionnaire_xlsx,
    )

    rng = np.random.default_rng(SEED)
    written = []
    template = root / "out" / ".questionnaire-template.xlsx"
    write_questionnaire_xlsx(bank, language, template)
    for campaign, count in (("2026-04", 10), ("2026-10", 14)):
        folder = root / "data" / "responses" / campaign
        answers = _answers(campaign, count, rng, bank)
        people = list(dict.fromkeys(a["respondent"] for a in answers))
        # Most respondents return the XLSX; a business unit sends one French-Excel CSV for several people.
        by_csv = people[-4:]
        for person in people[:-4]:
            workbook = load_workbook(template)
            sheet = workbook[SHEET]
            mine = [a for a in answers if a["respondent"] == person]
            sheet.cell(row=RESPONDENT_ROW, column=2, value=person)
            sheet.cell(row=ROLE_ROW, column=2, value=mine[0]["role"])
            for offset, answer in enumerate(mine):
                value = answer["score"]
                sheet.cell(row=HEADER_ROW + 1 + offset, column=SCORE_COLUMN, value=value if value != "" else None)
            target = folder / f"questionnaire-{_slug(person)}.xlsx"
            target.parent.mkdir(parents=True, exist_ok=True)
            workbook.save(target)
            written.append(target)
        lines = ["respondent;role;question_id;score"]
        lines += [
            f"{a['respondent']};{a['role']};{a['question_id']};{a['score']}"
            for a in answers
            if a["respondent"] in by_csv
        ]
        target = folder / "reponses-unite-sud.csv"
        # French Excel saves "CSV UTF-8" with a BOM and semicolons.
        write_bytes_atomic(target, ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
        written.append(target)
    template.unlink()
    return written


def _slug(text: str) -> str:
    from governance.engagement.config import slugify

    return slugify(text)


def _write_logo(root: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    figure = plt.figure(figsize=(3.2, 1.0), dpi=150)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    axes.add_patch(FancyBboxPatch((0.03, 0.12), 0.26, 0.76, boxstyle="round,pad=0.02", color="#1F4E79"))
    axes.text(0.16, 0.5, "GV", color="white", fontsize=22, fontweight="bold", ha="center", va="center")
    axes.text(0.34, 0.5, "Valmont\nLogistique", color="#1F4E79", fontsize=14, fontweight="bold", va="center")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", transparent=True, metadata={"Software": None})
    plt.close(figure)
    return write_bytes_atomic(root / "branding" / "logo.png", buffer.getvalue())


# Each capability adds the example data it needs: (root, language) -> files written.
EXAMPLE_PARTS: list[Callable[[Path, str], list[Path]]] = []


def create_example_engagement(root: Path | str, language: str = "fr") -> dict:
    root = Path(root)
    if language not in CONFIG:
        raise InputError([Problem("--lang", f"{language!r} is not allowed; expected fr or en")])
    if root.exists() and any(root.iterdir()):
        raise InputError([Problem(str(root), "folder is not empty; expected a new or empty folder")])
    for folder in ("data/responses", "templates", "out"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    files = [write_text_atomic(root / "pmo.yaml", _config_text(language))]
    files.append(_write_logo(root))
    files.extend(_write_responses(root, load_question_bank(), language))
    for part in EXAMPLE_PARTS:
        files.extend(part(root, language))
    return {"engagement": str(root), "client": CLIENT, "language": language, "files": [str(f) for f in files]}


def _config_text(language: str) -> str:
    header = (
        "# Engagement pmo-kit : paramètres du PMO du client. Voir README.md.\n"
        if language == "fr"
        else "# pmo-kit engagement: the client's PMO settings. See README.md.\n"
    )
    from governance.example.demands import portfolio_settings

    # A new engagement, a new id; the portfolio's budget comes with the example's demands.
    config = {"engagement_id": new_engagement_id(CLIENT), **CONFIG[language], "portfolio": portfolio_settings()}
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)


from governance.example.status import write_status_history  # noqa: E402 (monthly review)

EXAMPLE_PARTS.append(write_status_history)

from governance.example.governance import write_example_governance  # noqa: E402 (governance)

EXAMPLE_PARTS.append(write_example_governance)

from governance.example.staffing import write_staffing_example  # noqa: E402 (staffing, lessons learned)

EXAMPLE_PARTS.append(write_staffing_example)

from governance.example.portfolio import write_example_projects  # noqa: E402 (document kit: data/projects.csv)

EXAMPLE_PARTS.append(write_example_projects)

from governance.example.collection import write_example_inbox  # noqa: E402 (status collection)

EXAMPLE_PARTS.append(write_example_inbox)

from governance.example.measures import write_example_measures  # noqa: E402 (recorded measures)

EXAMPLE_PARTS.append(write_example_measures)

from governance.example.decisions import write_example_decisions  # noqa: E402 (decisions and actions)

EXAMPLE_PARTS.append(write_example_decisions)

from governance.example.demands import write_example_portfolio  # noqa: E402 (portfolio: demands, capacity, scores)

EXAMPLE_PARTS.append(write_example_portfolio)
