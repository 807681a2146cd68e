"""The example engagement's governance model: the controlling PMO of Groupe Valmont Logistique.

It starts from the proposal for its facts (controlling PMO, 150 staff, 25 projects, governance maturity aimed
at level 3) and is then tailored as a consultant would: the group executive committee at the top, meeting
days that follow the monthly reporting cycle (status reports due by the 3rd), stage-gate checklists for
tier 1 and 2 projects, a quarterly report for the smallest ones. Tiers match the example portfolio.
"""

from __future__ import annotations

from pathlib import Path

from governance.core.atomic import write_text_atomic
from governance.core.i18n import bilingual
from governance.example.portfolio import PROJECTS
from governance.structure.model import GOVERNANCE_FILE
from governance.structure.proposal import BODIES, ROLES, model_yaml, propose_governance

CLIENT = "Groupe Valmont Logistique"


def valmont_governance() -> dict:
    model = propose_governance("controlling", staff=150, projects=25, maturity=3)
    bodies = {b["id"]: b for b in model["bodies"]}

    executive = {"id": "executive_board", **{k: v for k, v in BODIES["executive_board"].items()}}
    executive["name"] = bilingual(
        "Comité exécutif du groupe — revue du portefeuille", "Group executive committee — portfolio review"
    )
    executive["members"] = list(executive["members"])
    executive["cadence"] = {
        "frequency": "quarterly",
        "rule": "third thursday",
        "time": "10:00",
        "duration_minutes": 120,
        "months": [1, 4, 7, 10],
    }
    executive["escalates_to"] = None
    ordered = [
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
    ]
    model["bodies"].insert(0, {key: executive[key] for key in ordered})

    portfolio = bodies["portfolio_board"]
    portfolio["escalates_to"] = "executive_board"
    # Reports are due by the 3rd and consolidated by the PMO the week after: the board meets on the 2nd Tuesday.
    portfolio["cadence"] = {"frequency": "monthly", "rule": "second tuesday", "time": "09:30", "duration_minutes": 120}
    portfolio["outputs"] = bilingual(
        portfolio["outputs"]["fr"] + ["Escalades vers le comité exécutif"],
        portfolio["outputs"]["en"] + ["Escalations to the executive committee"],
    )
    steering = bodies["steering_committee"]
    steering["cadence"] = {"frequency": "monthly", "rule": "third thursday", "time": "14:00", "duration_minutes": 90}
    bodies["change_board"]["cadence"] = {
        "frequency": "biweekly",
        "rule": "wednesday",
        "time": "11:00",
        "duration_minutes": 60,
    }
    review = bodies["pmo_review"]
    review["name"] = bilingual("Revue hebdomadaire du PMO", "Weekly PMO review")
    review["cadence"] = {"frequency": "weekly", "rule": "monday", "time": "09:00", "duration_minutes": 60}

    kind, name, responsibilities = ROLES["chief_executive"]
    model["roles"].insert(
        4, {"id": "chief_executive", "name": name, "kind": kind, "responsibilities": responsibilities}
    )

    tiers = {t["id"]: t for t in model["tiers"]}
    for tier_id in ("tier1", "tier2"):
        documents = tiers[tier_id]["documents"]
        documents.insert(documents.index("status_report") + 1, "stage_gate_checklist")
    # Tier 3 projects report every quarter; tiers 1 and 2 every month (the PMO's first objective).
    tiers["tier3"]["reporting"] = "quarterly"

    model["mandate"] = [f for f in model["mandate"]] + ["portfolio_view"]
    for row in model["raci"]:
        if row["process"] in ("project_intake", "benefits_review"):
            row["assignments"]["chief_executive"] = "I"
    return model


def _check_portfolio(model: dict) -> None:
    # The example portfolio names each project's tier: the model's thresholds must agree with it.
    for project in PROJECTS:
        tier = next(
            t
            for t in model["tiers"]
            if t["budget_min"] <= project.budget and (t["budget_max"] is None or project.budget < t["budget_max"])
        )
        assert tier["id"] == project.tier, f"{project.id} falls in {tier['id']}, not {project.tier}"


def example_text(language: str) -> str:
    model = valmont_governance()
    _check_portfolio(model)
    if language == "fr":
        header = [
            f"# Modèle de gouvernance du PMO — {CLIENT}",
            "# Exemple créé par `pmo init` : PMO de contrôle, 25 projets répartis en trois niveaux.",
            "# Modifiez ce fichier, puis lancez `pmo governance setup DOSSIER` pour le valider et produire la "
            "charte, la matrice RACI et le calendrier.",
            "# Textes : {fr: ..., en: ...} ; un texte simple vaut pour les deux langues.",
        ]
    else:
        header = [
            f"# PMO governance model — {CLIENT}",
            "# Example written by `pmo init`: a controlling PMO, 25 projects in three tiers.",
            "# Edit this file, then run `pmo governance setup DIR` to validate it and produce the charter, "
            "the RACI matrix and the calendar.",
            "# Texts: {fr: ..., en: ...}; a plain text stands for both languages.",
        ]
    return "\n".join(header) + "\n\n" + model_yaml(model, language)


def write_example_governance(root: Path, language: str) -> list[Path]:
    return [write_text_atomic(root / GOVERNANCE_FILE, example_text(language))]
