"""What the document kit knows about the engagement: the context every kit template is rendered with.

Built from pmo.yaml and the governance model (governance.yaml, as the plain dict of its contract). When the
engagement has no governance model yet, a small default derived from the PMO type stands in, so the kit
can be handed out on the first day.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from governance.core.docx.documents import format_date, format_number
from governance.core.paths import DATA_DIR

DEFAULT_GOVERNANCE = DATA_DIR / "kit_default_governance.yaml"
TOLERANCE_DIMENSIONS = ("schedule", "cost", "scope", "risk", "benefits")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
# Fortnightly meetings fall in even weeks counted from this Monday (as the governance calendar does),
# unless the cadence gives a reference_date: the same dates whatever the day the kit is generated.
BIWEEKLY_ANCHOR = date(2026, 1, 5)
QUARTER_MONTHS = (1, 4, 7, 10)
# Variables the renderer adds to every context (governance.core.docx.documents.PreparedTemplate).
RENDERER_VARIABLES = frozenset({"logo", "footer_text", "classification"})
# Charts the kit draws: the governance structure shown in the PMO charter.
KIT_IMAGES = frozenset({"org_chart"})

PMO_TYPES = {
    "fr": {
        "supportive": ("de support", "il fournit méthodes, modèles, formation et retours d'expérience ; les projets "
                                     "les adoptent librement."),
        "controlling": ("de contrôle", "il fixe les méthodes, les modèles et la gouvernance et vérifie que les projets "
                                       "s'y conforment."),
        "directive": ("de pilotage direct", "il dirige lui-même les projets : les chefs de projet lui sont rattachés."),
    },
    "en": {
        "supportive": ("supportive", "it provides methods, templates, training and lessons learned; projects adopt "
                                     "them freely."),
        "controlling": ("controlling", "it sets the methods, templates and governance and checks that projects comply."),
        "directive": ("directive", "it manages the projects itself: project managers report to it."),
    },
}
MANDATE = {
    "planning": ({"fr": "Planification", "en": "Planning"},
                 {"fr": "procédures, cadrage du périmètre et découpage en phases",
                  "en": "procedures, scope definition and stages"}),
    "process_improvement": ({"fr": "Amélioration des processus", "en": "Process improvement"},
                            {"fr": "faire évoluer les méthodes à partir des retours des projets",
                             "en": "improve methods from what projects learn"}),
    "resource_allocation": ({"fr": "Allocation des ressources", "en": "Resource allocation"},
                            {"fr": "personnes, budgets, logiciels et moyens matériels",
                             "en": "people, funding, software and materials"}),
    "tracking": ({"fr": "Suivi des projets", "en": "Project tracking"},
                 {"fr": "indicateurs, avancement, respect des délais et du budget",
                  "en": "indicators, progress, on time and on budget"}),
    "control": ({"fr": "Maîtrise des projets", "en": "Project control"},
                {"fr": "risques, problèmes, opportunités et décisions",
                 "en": "risks, issues, opportunities and decisions"}),
    "templates_training": ({"fr": "Modèles et formation", "en": "Templates and training"},
                           {"fr": "kit documentaire, bonnes pratiques et formation des chefs de projet",
                            "en": "document kit, good practice and training for project managers"}),
    "knowledge_management": ({"fr": "Gestion des connaissances", "en": "Knowledge management"},
                             {"fr": "méthodes, standards et retours d'expérience dans une base commune",
                              "en": "methods, standards and lessons learned in a shared base"}),
    "governance_alignment": ({"fr": "Gouvernance et alignement", "en": "Governance and alignment"},
                             {"fr": "relier les projets à la stratégie de l'organisation",
                              "en": "link projects to the organisation's strategy"}),
    "portfolio_view": ({"fr": "Vue portefeuille", "en": "Portfolio view"},
                       {"fr": "une vision consolidée de tous les projets pour arbitrer",
                        "en": "one consolidated view of every project to decide on priorities"}),
}
MANDATE_BY_TYPE = {
    "supportive": ["templates_training", "knowledge_management", "process_improvement"],
    "controlling": ["planning", "tracking", "control", "templates_training", "knowledge_management",
                    "governance_alignment"],
    "directive": list(MANDATE),
}
ROLE_KINDS = {"fr": {"pmo": "PMO", "project": "Projet", "executive": "Direction"},
              "en": {"pmo": "PMO", "project": "Project", "executive": "Executive"}}
FREQUENCIES = {
    "fr": {"weekly": "hebdomadaire", "biweekly": "bimensuel", "monthly": "mensuel", "quarterly": "trimestriel"},
    "en": {"weekly": "weekly", "biweekly": "fortnightly", "monthly": "monthly", "quarterly": "quarterly"},
}
WEEKDAY_NAMES = {"fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
                 "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
ORDINAL_NAMES = {"fr": {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", -1: "dernier"},
                 "en": {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}}
MONTHS = {"fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"),
          "en": tuple(calendar.month_name[1:])}

# Scales and lists shared by the Word registers and the Excel ones (governance/registers.py).
SCALES = {
    "fr": {
        "levels": [
            (1, "Rare", "moins de 10 % de chances", "Négligeable", "aucun écart visible sur les tolérances"),
            (2, "Peu probable", "10 à 30 %", "Mineur", "écart absorbé sous le seuil orange"),
            (3, "Possible", "30 à 50 %", "Modéré", "dépasse le seuil orange d'une tolérance"),
            (4, "Probable", "50 à 80 %", "Majeur", "dépasse le seuil rouge d'une tolérance"),
            (5, "Quasi certain", "plus de 80 %", "Critique", "compromet les objectifs du projet"),
        ],
        "ratings": [("1–4", "Faible", "Surveiller à chaque rapport."),
                    ("5–9", "Modérée", "Plan de réponse et responsable désigné."),
                    ("10–14", "Élevée", "Plan de réponse engagé, suivi en comité de pilotage."),
                    ("15–25", "Critique", "Escalade immédiate au sponsor et à l'instance d'escalade du niveau.")],
        "rating_thresholds": [(15, "Critique"), (10, "Élevée"), (5, "Modérée"), (1, "Faible")],
        "threat_strategies": [("Éviter", "supprimer la cause en changeant le plan"),
                              ("Transférer", "confier l'impact à un tiers (assurance, contrat)"),
                              ("Réduire", "diminuer la probabilité ou l'impact"),
                              ("Accepter", "constituer une provision et surveiller")],
        "opportunity_strategies": [("Exploiter", "faire en sorte que l'opportunité se réalise"),
                                   ("Amplifier", "augmenter sa probabilité ou son effet"),
                                   ("Partager", "s'associer à un tiers mieux placé pour la saisir"),
                                   ("Accepter", "en profiter si elle se présente")],
        "risk_categories": ["Stratégique", "Financier", "Planning", "Technique", "Ressources", "Fournisseurs",
                            "Juridique et conformité", "Sécurité", "Conduite du changement"],
        "risk_statuses": ["Ouvert", "En traitement", "Clos", "Survenu"],
        "risk_types": ["Menace", "Opportunité"],
        "issue_statuses": ["Ouvert", "En cours", "Résolu", "Clos"],
        "priorities": [("Critique", "bloque le projet ou un jalon", "24 heures"),
                       ("Haute", "menace une tolérance du projet", "3 jours ouvrés"),
                       ("Moyenne", "gêne l'avancement sans menacer les tolérances", "2 semaines"),
                       ("Basse", "à traiter quand l'occasion se présente", "prochain rapport")],
        "decision_statuses": ["Proposée", "Approuvée", "Rejetée", "Reportée"],
        "change_decisions": ["En attente", "Approuvée", "Approuvée sous conditions", "Rejetée", "Reportée"],
        "lesson_categories": ["Gouvernance", "Planification", "Coûts", "Risques", "Parties prenantes",
                              "Fournisseurs", "Technique", "Équipe", "Qualité"],
    },
    "en": {
        "levels": [
            (1, "Rare", "under 10% chance", "Negligible", "no visible deviation on tolerances"),
            (2, "Unlikely", "10 to 30%", "Minor", "deviation absorbed below the amber threshold"),
            (3, "Possible", "30 to 50%", "Moderate", "breaches the amber threshold of a tolerance"),
            (4, "Likely", "50 to 80%", "Major", "breaches the red threshold of a tolerance"),
            (5, "Almost certain", "over 80%", "Critical", "puts the project's objectives at risk"),
        ],
        "ratings": [("1–4", "Low", "Watch at every report."),
                    ("5–9", "Medium", "Response plan and named owner."),
                    ("10–14", "High", "Response plan under way, followed by the steering committee."),
                    ("15–25", "Critical", "Escalate at once to the sponsor and to the tier's escalation body.")],
        "rating_thresholds": [(15, "Critical"), (10, "High"), (5, "Medium"), (1, "Low")],
        "threat_strategies": [("Avoid", "remove the cause by changing the plan"),
                              ("Transfer", "pass the impact to a third party (insurance, contract)"),
                              ("Reduce", "lower the likelihood or the impact"),
                              ("Accept", "set aside a contingency and watch")],
        "opportunity_strategies": [("Exploit", "make sure the opportunity happens"),
                                   ("Enhance", "raise its likelihood or effect"),
                                   ("Share", "team up with a party better placed to seize it"),
                                   ("Accept", "take it if it comes")],
        "risk_categories": ["Strategic", "Financial", "Schedule", "Technical", "Resources", "Suppliers",
                            "Legal and compliance", "Safety and security", "Change management"],
        "risk_statuses": ["Open", "Being treated", "Closed", "Occurred"],
        "risk_types": ["Threat", "Opportunity"],
        "issue_statuses": ["Open", "In progress", "Resolved", "Closed"],
        "priorities": [("Critical", "blocks the project or a gate", "24 hours"),
                       ("High", "threatens a project tolerance", "3 working days"),
                       ("Medium", "slows progress without threatening tolerances", "2 weeks"),
                       ("Low", "deal with it when convenient", "next report")],
        "decision_statuses": ["Proposed", "Approved", "Rejected", "Deferred"],
        "change_decisions": ["Pending", "Approved", "Approved with conditions", "Rejected", "Deferred"],
        "lesson_categories": ["Governance", "Planning", "Cost", "Risk", "Stakeholders", "Suppliers", "Technical",
                              "Team", "Quality"],
    },
}

PLACEHOLDERS = {
    "fr": {"id": "[identifiant]", "name": "[Nom du projet]", "sponsor": "[Sponsor]", "manager": "[Chef de projet]",
           "tier_name": "[niveau]", "budget_text": "[montant] €", "date": "[jj/mm/aaaa]", "reporting": "périodique",
           "escalation_body": "[instance d'escalade du niveau]", "period": "[mois et année]"},
    "en": {"id": "[identifier]", "name": "[Project name]", "sponsor": "[Sponsor]", "manager": "[Project manager]",
           "tier_name": "[tier]", "budget_text": "EUR [amount]", "date": "[yyyy-mm-dd]", "reporting": "periodic",
           "escalation_body": "[the tier's escalation body]", "period": "[month and year]"},
}
WORDS = {
    "fr": {"governance_bodies": "Instances de gouvernance", "pmo": "PMO", "all_tiers": "Tous les niveaux",
           "none": "—", "tolerance_rule": "Un écart égal ou supérieur au seuil orange passe à l'orange ; égal ou "
                                          "supérieur au seuil rouge, au rouge, et il est escaladé.",
           "kit_status": "Modèle du kit PMO", "charter_status": "Projet soumis à validation",
           "project_status": "Brouillon pré-rempli par le PMO", "created": "Création",
           "prefilled": "Pré-remplissage à partir de la liste des projets",
           "opening": "Ouverture, vérification du quorum", "previous": "Compte rendu précédent et suivi des actions",
           "review": "Examen : {}", "decisions": "Décisions à prendre", "escalations": "Points à escalader ({})",
           "closing": "Questions diverses, date de la prochaine séance",
           "within": "Écart estimé sous le seuil orange{}", "between": "Écart entre le seuil orange et le seuil rouge{}",
           "beyond": "Écart au-delà du seuil rouge{}", "project_manager": "Chef de projet",
           "sponsor": "Sponsor", "sponsor_named": "Sponsor ({})", "of_tier": " — {}",
           "thresholds": " (délais {}, coûts {})"},
    "en": {"governance_bodies": "Governance bodies", "pmo": "PMO", "all_tiers": "All tiers", "none": "—",
           "tolerance_rule": "A deviation at or above the amber threshold turns amber; at or above the red "
                             "threshold it turns red and is escalated.",
           "kit_status": "PMO kit template", "charter_status": "Draft for approval",
           "project_status": "Draft pre-filled by the PMO", "created": "Created",
           "prefilled": "Pre-filled from the project list",
           "opening": "Opening, quorum check", "previous": "Previous minutes and action follow-up",
           "review": "Review: {}", "decisions": "Decisions to take", "escalations": "Matters to escalate ({})",
           "closing": "Any other business, date of the next meeting",
           "within": "Estimated deviation below the amber threshold{}",
           "between": "Deviation between the amber and red thresholds{}",
           "beyond": "Deviation beyond the red threshold{}", "project_manager": "Project manager",
           "sponsor": "Sponsor", "sponsor_named": "Sponsor ({})", "of_tier": " — {}",
           "thresholds": " (schedule {}, cost {})"},
}


def french_spacing(text: str) -> str:
    """French typography: a no-break space before : ; ? ! and inside « », so that a line never starts
    with a colon or a closing quote."""
    for old, new in ((" :", "\u00a0:"), (" ;", "\u00a0;"), (" ?", "\u00a0?"), (" !", "\u00a0!"),
                     ("« ", "«\u00a0"), (" »", "\u00a0»")):
        text = text.replace(old, new)
    return text


WORDS["fr"] = {key: french_spacing(value) for key, value in WORDS["fr"].items()}


# ------------------------------------------------------------------------------------ governance model


def load_governance_dict(engagement) -> dict | None:
    """The engagement's governance.yaml as the contract's plain dict, or None when it has none.

    The governance model module may not be installed yet: then there is no model to read.
    """
    try:
        from governance.structure.model import load_governance
    except ModuleNotFoundError as exc:
        if exc.name in ("governance.structure.model",):
            return None
        raise
    model = load_governance(engagement)
    if model is None:
        return None
    return model if isinstance(model, dict) else model.model_dump(mode="json")


@lru_cache(maxsize=1)
def _default_governance_text() -> str:
    return DEFAULT_GOVERNANCE.read_text(encoding="utf-8")


def default_governance(pmo_type: str = "controlling") -> dict:
    """A small governance model for an engagement without governance.yaml: the PMO type sets the mandate."""
    model = yaml.safe_load(_default_governance_text())
    model["pmo_type"] = pmo_type
    model["mandate"] = list(MANDATE_BY_TYPE.get(pmo_type, MANDATE_BY_TYPE["controlling"]))
    return model


def governance_for(engagement) -> tuple[dict, str]:
    """(governance dict, where it comes from: 'governance.yaml' or 'default')."""
    model = load_governance_dict(engagement)
    if model is not None:
        return model, "governance.yaml"
    return default_governance(engagement.config.pmo.type), "default"


# ------------------------------------------------------------------------------------------ calendar


def upcoming_meetings(cadence: dict | None, after: date, count: int = 3) -> list[date]:
    """The next `count` meeting dates on or after `after`: the governance calendar's own computation when
    the governance model is installed (the kit then agrees with the .ics it writes), else `meeting_dates`."""
    if not cadence:
        return []
    try:
        from governance.structure.calendar import meeting_dates as calendar_dates
        from governance.structure.model import Cadence
    except ModuleNotFoundError as exc:
        if exc.name not in ("governance.structure.calendar", "governance.structure.model"):
            raise
        return meeting_dates(cadence, after, count)
    try:
        model = Cadence.model_validate(cadence)
        return calendar_dates(model, after, date(after.year + 2, after.month, 1))[:count]
    except ValueError:  # not a valid cadence (the model would have refused it): no date rather than a wrong one
        return []


def meeting_dates(cadence: dict | None, after: date, count: int = 3) -> list[date]:
    """The next `count` meeting dates on or after `after` for a cadence of the governance model.

    weekly/biweekly: rule is a weekday ("tuesday"), biweekly in even weeks from the cadence's
    reference_date (default BIWEEKLY_ANCHOR); monthly/quarterly: "<first|second|third|fourth|last>
    <weekday>" (quarterly in the cadence's months, default January, April, July and October). An
    unreadable cadence gives no date rather than a wrong one.
    """
    if not cadence:
        return []
    frequency = cadence.get("frequency")
    words = str(cadence.get("rule") or "").lower().split()
    if frequency in ("weekly", "biweekly"):
        if len(words) != 1 or words[0] not in WEEKDAYS:
            return []
        day = after + timedelta(days=(WEEKDAYS.index(words[0]) - after.weekday()) % 7)
        if frequency == "biweekly":
            reference = cadence.get("reference_date") or BIWEEKLY_ANCHOR
            if isinstance(reference, str):
                reference = date.fromisoformat(reference)
            reference -= timedelta(days=reference.weekday())
            monday = day - timedelta(days=day.weekday())
            if ((monday - reference).days // 7) % 2:
                day += timedelta(days=7)
        step = 7 if frequency == "weekly" else 14
        return [day + timedelta(days=step * i) for i in range(count)]
    if frequency in ("monthly", "quarterly"):
        if len(words) != 2 or words[0] not in ORDINALS or words[1] not in WEEKDAYS:
            return []
        ordinal, weekday = ORDINALS[words[0]], WEEKDAYS.index(words[1])
        months = range(1, 13) if frequency == "monthly" else tuple(cadence.get("months") or QUARTER_MONTHS)
        found: list[date] = []
        year, month = after.year, after.month
        for _ in range(36):
            if month in months:
                day = nth_weekday(year, month, weekday, ordinal)
                if day >= after:
                    found.append(day)
                    if len(found) == count:
                        break
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found
    return []


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    """The first/second/.../last (ordinal -1) given weekday of a month."""
    if ordinal == -1:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))


def cadence_text(cadence: dict | None, language: str) -> str:
    """'mensuel, le premier mardi à 09:00 (90 min)' / 'monthly, first Tuesday at 09:00 (90 min)'."""
    if not cadence:
        return ""
    frequency = FREQUENCIES[language].get(cadence.get("frequency"), str(cadence.get("frequency") or ""))
    words = str(cadence.get("rule") or "").lower().split()
    rule = ""
    if len(words) == 2 and words[0] in ORDINALS and words[1] in WEEKDAYS:
        ordinal = ORDINAL_NAMES[language][ORDINALS[words[0]]]
        weekday = WEEKDAY_NAMES[language][WEEKDAYS.index(words[1])]
        rule = f"le {ordinal} {weekday} du mois" if language == "fr" else f"{ordinal} {weekday} of the month"
        if cadence.get("frequency") == "quarterly":
            rule = (f"le {ordinal} {weekday} du trimestre" if language == "fr"
                    else f"{ordinal} {weekday} of the quarter")
    elif len(words) == 1 and words[0] in WEEKDAYS:
        weekday = WEEKDAY_NAMES[language][WEEKDAYS.index(words[0])]
        rule = f"le {weekday}" if language == "fr" else f"on {weekday}s"
    time_text = str(cadence.get("time") or "")
    parts = [frequency.capitalize()]
    if rule:
        parts.append(rule)
    text = ", ".join(parts)
    if time_text:
        text += f" à {time_text}" if language == "fr" else f" at {time_text}"
    if cadence.get("duration_minutes"):
        text += f" ({cadence['duration_minutes']} min)"
    return text


# -------------------------------------------------------------------------------------------- helpers


def text(value: Any, language: str) -> str:
    """A {fr, en} text in `language` (the other language if that one is missing)."""
    if isinstance(value, dict):
        other = "en" if language == "fr" else "fr"
        return str(value.get(language) or value.get(other) or "")
    return "" if value is None else str(value)


def texts(value: Any, language: str) -> list[str]:
    if isinstance(value, dict):
        other = "en" if language == "fr" else "fr"
        value = value.get(language) or value.get(other) or []
    return [str(v) for v in (value or [])]


def budget_text(minimum: Any, maximum: Any, language: str) -> str:
    """A tier's budget band (minimum included, maximum excluded) as a person writes it."""
    low = format_number(minimum or 0, language)
    if maximum is None:
        return f"{low} € et plus" if language == "fr" else f"EUR {low} and above"
    high = format_number(maximum, language)
    if not minimum:
        return f"moins de {high} €" if language == "fr" else f"under EUR {high}"
    return f"{low} € à {high} €" if language == "fr" else f"EUR {low} to {high}"


def money(value: float | None, language: str) -> str:
    if value is None:
        return PLACEHOLDERS[language]["budget_text"]
    amount = format_number(value, language)
    return f"{amount} €" if language == "fr" else f"EUR {amount}"


def month_label(day: date, language: str) -> str:
    return f"{MONTHS[language][day.month - 1]} {day.year}"


def _agenda(body: dict, role_names: dict[str, str], language: str) -> list[dict]:
    """A standard agenda for a body's meeting: its inputs reviewed, its decisions, its escalations."""
    words = WORDS[language]
    chair = role_names.get(body.get("chair"), body.get("chair") or "")
    members = body.get("members") or []
    secretary = role_names.get("pmo_coordinator") if "pmo_coordinator" in role_names else chair
    presenter = role_names.get("pmo_manager") if "pmo_manager" in members else (
        role_names.get(members[1], members[1]) if len(members) > 1 else chair)
    duration = int((body.get("cadence") or {}).get("duration_minutes") or 60)
    escalates = body.get("escalates_to")
    fixed = [(words["opening"], chair, 5), (words["previous"], secretary, 10)]
    inputs = texts(body.get("inputs"), language)
    flexible = [(words["review"].format(i[0].lower() + i[1:] if i else i), presenter) for i in inputs]
    flexible.append((words["decisions"], chair))
    closing = [(words["escalations"].format(escalates), chair, 5)] if escalates else []
    closing.append((words["closing"], chair, 5))
    # Fixed items take 5 or 10 minutes; the rest is shared in 5-minute steps, the remainder to decisions.
    left = duration - sum(m for *_, m in fixed + closing)
    if left <= 5 * len(flexible):
        minutes = [5] * len(flexible)
    else:
        share = (left // len(flexible)) // 5 * 5
        minutes = [share] * len(flexible)
        minutes[-1] += left - share * len(flexible)
    items = fixed + [(item, lead, m) for (item, lead), m in zip(flexible, minutes)] + closing
    return [{"number": n, "item": item, "lead": lead, "minutes": m} for n, (item, lead, m) in enumerate(items, 1)]


# --------------------------------------------------------------------------------------------- context


def kit_context(*, config, governance: dict, language: str, today: date, documents: list[dict]) -> dict[str, Any]:
    """The context shared by every kit document. `documents`: the kit's entries as
    {id, title, tiers} (tiers: the manifest's default tier ids, [] for PMO documents)."""
    words = WORDS[language]
    roles = governance.get("roles") or []
    role_names = {r["id"]: text(r.get("name"), language) or r["id"] for r in roles}
    body_names = {b["id"]: text(b.get("name"), language) or b["id"] for b in governance.get("bodies") or []}
    tiers_raw = governance.get("tiers") or []
    gates_raw = sorted(governance.get("gates") or [], key=lambda g: (g.get("order") or 0, g["id"]))
    gate_names = {g["id"]: text(g.get("name"), language) or g["id"] for g in gates_raw}
    titles = {d["id"]: d["title"] for d in documents}

    def required_tiers(document: dict) -> list[str]:
        """Tier ids that need a document: governance.yaml decides when it lists documents per tier."""
        if any("documents" in t for t in tiers_raw):
            return [t["id"] for t in tiers_raw if document["id"] in (t.get("documents") or [])]
        default = document.get("tiers") or []
        return [t["id"] for t in tiers_raw] if default == "all" else [t["id"] for t in tiers_raw if t["id"] in default]

    tier_names = {t["id"]: text(t.get("name"), language) or t["id"] for t in tiers_raw}

    def tiers_text(ids: list[str] | set[str]) -> str:
        if len(tiers_raw) > 1 and set(ids) >= set(tier_names):
            return words["all_tiers"]
        return ", ".join(tier_names[t] for t in tier_names if t in ids)

    needed = {d["id"]: required_tiers(d) for d in documents}
    tiers = []
    for tier in tiers_raw:
        tolerances = tier.get("tolerances") or {}
        tiers.append({
            "id": tier["id"],
            "name": tier_names[tier["id"]],
            "budget_min": tier.get("budget_min"),
            "budget_max": tier.get("budget_max"),
            "budget_text": budget_text(tier.get("budget_min"), tier.get("budget_max"), language),
            "gates": [gate_names.get(g, g) for g in tier.get("gates") or []],
            "gates_text": ", ".join(gate_names.get(g, g) for g in tier.get("gates") or []) or words["none"],
            "gate_ids": list(tier.get("gates") or []),
            "documents": [titles[d] for d in documents_order(documents) if tier["id"] in needed[d]],
            "reporting": FREQUENCIES[language].get(tier.get("reporting"), str(tier.get("reporting") or "")),
            "escalation_body": body_names.get(tier.get("escalation_body"), tier.get("escalation_body") or ""),
            "tolerance": {d: {"amber": (tolerances.get(d) or {}).get("amber"), "red": (tolerances.get(d) or {}).get("red")}
                          for d in TOLERANCE_DIMENSIONS},
        })
    gates = []
    for position, gate in enumerate(gates_raw):
        passing = [t for t in tiers if gate["id"] in t["gate_ids"]]
        passing_ids = {t["id"] for t in passing}
        gates.append({
            "id": gate["id"],
            "name": gate_names[gate["id"]],
            "order": gate.get("order") or position + 1,
            "approver": body_names.get(gate.get("approver"), gate.get("approver") or ""),
            "approver_by_tier": {t: body_names.get(b, b) for t, b in (gate.get("approver_by_tier") or {}).items()},
            "approver_text": _approver_text(gate, body_names, tier_names, language),
            "entry_criteria": texts(gate.get("entry_criteria"), language),
            "exit_criteria": texts(gate.get("exit_criteria"), language),
            "tiers": [t["name"] for t in passing],
            "tiers_text": tiers_text(passing_ids) or words["none"],
            "documents": [titles[d] for d in documents_order(documents)
                          if passing_ids & set(needed[d]) and d != "stage_gate_checklist"],
            "next": gate_names[gates_raw[position + 1]["id"]] if position + 1 < len(gates_raw) else "",
        })
    bodies = []
    for body in governance.get("bodies") or []:
        cadence = body.get("cadence") or {}
        upcoming = upcoming_meetings(cadence, today, 4)
        members = [role_names.get(m, m) for m in body.get("members") or []]
        bodies.append({
            "id": body["id"],
            "name": body_names[body["id"]],
            "purpose": text(body.get("purpose"), language),
            "chair": role_names.get(body.get("chair"), body.get("chair") or ""),
            "members": members,
            "members_text": ", ".join(members),
            "quorum": body.get("quorum") if body.get("quorum") is not None else words["none"],
            "cadence": cadence_text(cadence, language),
            "frequency": FREQUENCIES[language].get(cadence.get("frequency"), ""),
            "time": str(cadence.get("time") or ""),
            "duration": cadence.get("duration_minutes") or "",
            "next_meetings": upcoming[:3],
            "next_meetings_text": ", ".join(format_date(d, language) for d in upcoming[:3]) or words["none"],
            "next_meeting": upcoming[0] if upcoming else None,
            "following_meeting": upcoming[1] if len(upcoming) > 1 else None,
            "decision_rights": texts(body.get("decision_rights"), language),
            "inputs": texts(body.get("inputs"), language),
            "outputs": texts(body.get("outputs"), language),
            "escalates_to": body_names.get(body.get("escalates_to"), body.get("escalates_to") or ""),
            "agenda": _agenda({**body, "escalates_to": body_names.get(body.get("escalates_to"), body.get("escalates_to"))},
                              role_names, language),
        })
    role_rows = [{"id": r["id"], "name": role_names[r["id"]], "kind": r.get("kind", ""),
                  "kind_label": ROLE_KINDS[language].get(r.get("kind"), r.get("kind") or ""),
                  "responsibilities": texts(r.get("responsibilities"), language)} for r in roles]
    raci = []
    for row in governance.get("raci") or []:
        letters = {k: [] for k in "RASCI"}
        for role_id, letter in (row.get("assignments") or {}).items():
            if letter in letters:
                letters[letter].append(role_names.get(role_id, role_id))
        raci.append({"process": row.get("process", ""), "name": text(row.get("name"), language) or row.get("process", ""),
                     **{k: ", ".join(v) or words["none"] for k, v in letters.items()}})
    pmo_type = governance.get("pmo_type") or config.pmo.type
    type_label, type_description = PMO_TYPES[language].get(pmo_type, PMO_TYPES[language]["supportive"])
    top = next((b["name"] for b in bodies if not b["escalates_to"]), "")
    scales = SCALES[language]
    responsibilities = {r["id"]: r["responsibilities"] for r in role_rows}
    for required in ("sponsor", "project_manager"):
        responsibilities.setdefault(required, [])
    return {
        "client": {"name": config.client.name, "sector": config.client.sector, "staff": config.client.staff,
                   "projects": config.client.projects},
        "consultant": config.consultant,
        "today": today,
        "pmo": {
            "type": pmo_type, "type_label": type_label, "type_description": type_description,
            "mission": config.pmo.mission, "vision": config.pmo.vision,
            "objectives": [{"text": o.text, "measure": o.measure, "target": o.target, "due": o.due}
                           for o in config.pmo.objectives],
            "mandate": [{"id": m, "label": MANDATE[m][0][language], "description": MANDATE[m][1][language]}
                        for m in governance.get("mandate") or [] if m in MANDATE],
        },
        "roles": role_rows,
        "stakeholder_roles": [r for r in role_rows if r["kind"] in ("executive", "project")],
        "role_responsibilities": responsibilities,
        "bodies": bodies,
        "top_body": top,
        "tiers": tiers,
        "gates": gates,
        "raci": raci,
        "tolerance_rule": words["tolerance_rule"],
        "kit_documents": [{"id": d["id"], "title": d["title"],
                           "required_for": tiers_text(needed[d["id"]])
                           or (words["governance_bodies"] if d.get("each") == "body" else words["pmo"])}
                          for d in documents],
        "scales": {
            "levels": [{"level": n, "likelihood": lk, "likelihood_text": lt, "impact": ik, "impact_text": it}
                       for n, lk, lt, ik, it in scales["levels"]],
            "ratings": [{"range": r, "label": label, "treatment": treatment} for r, label, treatment in scales["ratings"]],
            "threat_strategies": [{"label": a, "text": b} for a, b in scales["threat_strategies"]],
            "opportunity_strategies": [{"label": a, "text": b} for a, b in scales["opportunity_strategies"]],
            "risk_categories": scales["risk_categories"],
            "risk_statuses": scales["risk_statuses"],
            "risk_types": scales["risk_types"],
            "rating_thresholds": [list(t) for t in scales["rating_thresholds"]],
            "issue_statuses": scales["issue_statuses"],
            "priorities": [{"label": a, "text": b, "response": c} for a, b, c in scales["priorities"]],
            "priority_labels": [p[0] for p in scales["priorities"]],
            "decision_statuses": scales["decision_statuses"],
            "change_decisions": scales["change_decisions"],
            "lesson_categories": scales["lesson_categories"],
        },
    }


def _approver_text(gate: dict, body_names: dict, tier_names: dict, language: str) -> str:
    """'Comité de pilotage (Niveau 1 — stratégique : Comité de portefeuille)' when a tier has its own approver."""
    approver = body_names.get(gate.get("approver"), gate.get("approver") or "")
    special = [f"{tier_names.get(t, t)}{chr(0xA0) + ':' if language == 'fr' else ':'} {body_names.get(b, b)}"
               for t, b in (gate.get("approver_by_tier") or {}).items()]
    return f"{approver} ({'; '.join(special)})" if special else approver


def documents_order(documents: list[dict]) -> list[str]:
    return [d["id"] for d in documents]


def _change_approval(tiers: list[dict], sponsor: str | None, language: str) -> list[dict]:
    """Who decides a change, by the size of its impact against the tier's tolerances."""
    words = WORDS[language]
    def pct(value: float | None) -> str:
        if value is None:
            return "n/a"
        return format_number(value * 100, language) + ("\u00a0%" if language == "fr" else "%")

    sponsor_text = words["sponsor_named"].format(sponsor) if sponsor else words["sponsor"]
    if len(tiers) == 1:
        tol = tiers[0]["tolerance"]
        amber = words["thresholds"].format(pct(tol["schedule"]["amber"]), pct(tol["cost"]["amber"]))
        red = words["thresholds"].format(pct(tol["schedule"]["red"]), pct(tol["cost"]["red"]))
        return [{"impact": words["within"].format(amber), "approver": words["project_manager"]},
                {"impact": words["between"].format(""), "approver": sponsor_text},
                {"impact": words["beyond"].format(red), "approver": tiers[0]["escalation_body"]}]
    rows = [{"impact": words["within"].format(""), "approver": words["project_manager"]},
            {"impact": words["between"].format(""), "approver": sponsor_text}]
    rows += [{"impact": words["beyond"].format(words["of_tier"].format(t["name"])), "approver": t["escalation_body"]}
             for t in tiers]
    return rows


def blank_project(common: dict, language: str) -> dict:
    """The project of the blank kit: placeholders the project team replaces; every tier and gate shown."""
    words = PLACEHOLDERS[language]
    return {
        "id": words["id"], "name": words["name"], "sponsor": words["sponsor"], "manager": words["manager"],
        "tier": "", "tier_name": words["tier_name"], "budget": None, "budget_text": words["budget_text"],
        "start": words["date"], "end": words["date"], "reporting": words["reporting"],
        "escalation_body": words["escalation_body"], "period": words["period"],
        "tiers": common["tiers"], "gates": common["gates"], "documents": [],
        "change_approval": _change_approval(common["tiers"], None, language),
    }


def project_item(common: dict, project: dict, language: str, today: date) -> dict:
    """A project of the project list, with what its tier implies (gates, tolerances, reporting, documents)."""
    words = PLACEHOLDERS[language]
    tier = next((t for t in common["tiers"] if t["id"] == project["tier"]), None)
    tiers = [tier] if tier else []
    gate_ids = tier["gate_ids"] if tier else []
    return {
        "id": project["id"],
        "name": project["name"],
        "sponsor": project.get("sponsor") or words["sponsor"],
        "manager": project.get("manager") or words["manager"],
        "tier": project["tier"],
        "tier_name": tier["name"] if tier else words["tier_name"],
        "budget": project.get("budget"),
        "budget_text": money(project.get("budget"), language),
        "start": project.get("start") or words["date"],
        "end": project.get("end") or words["date"],
        "reporting": tier["reporting"] if tier else words["reporting"],
        "escalation_body": tier["escalation_body"] if tier else words["escalation_body"],
        "period": month_label(today, language),
        "tiers": tiers,
        "gates": [{**g, "approver": g["approver_by_tier"].get(project["tier"], g["approver"]),
                   "approver_text": g["approver_by_tier"].get(project["tier"], g["approver"])}
                  for g in common["gates"] if g["id"] in gate_ids],
        "documents": tier["documents"] if tier else [],
        "change_approval": _change_approval(tiers, project.get("sponsor"), language) if tiers else [],
    }


def document_meta(*, title: str, kind: str, template_id: str, common: dict, project: dict | None,
                  language: str, today: date) -> tuple[dict, list[dict]]:
    """The document-control block: version, date, author, approvers, status and a first history line."""
    words = WORDS[language]
    pmo_manager = next((r["name"] for r in common["roles"] if r["id"] == "pmo_manager"), "")
    if project is not None and kind == "project" and not project["id"].startswith("["):
        version, status, author = "0.1", words["project_status"], project["manager"]
        approvers, change = project["sponsor"], words["prefilled"]
    elif template_id == "pmo_charter":
        version, status, author = "0.1", words["charter_status"], common["consultant"]
        approvers, change = common["top_body"] or pmo_manager, words["created"]
    else:
        version, status, author = "1.0", words["kit_status"], common["consultant"]
        approvers, change = pmo_manager, words["created"]
    document = {"title": title, "version": version, "date": today, "author": author, "approvers": approvers,
                "status": status}
    history = [{"version": version, "date": today, "author": author, "approvers": approvers, "changes": change}]
    return document, history
