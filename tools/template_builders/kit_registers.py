"""The kit's registers and the change request form: risks, issues, decisions, changes (Word versions of
the Excel registers)."""

from __future__ import annotations

from docx.document import Document

from .blocks import bullets, guidance, heading, key_value_table, page_break, para, table, text_width
from .kit_blocks import approval_levels, blank_date, boxes, kit_text, register_intro, signatures, start


def build_risk_register(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Registre des risques", "Risk register"),
        "{{ project.name }} — {{ client.name }}",
        t("Registre des risques — {{ project.name }}", "Risk register — {{ project.name }}"),
        landscape=True,
    )
    width = text_width(doc)
    heading(doc, t("1. Mode d'emploi", "1. How to use this register"))
    register_intro(
        doc,
        t,
        t(
            "Tout membre de l'équipe peut proposer un risque ; le chef de projet l'enregistre, lui désigne "
            "un responsable et revoit le registre au moins à chaque rapport d'avancement.",
            "Anyone in the team may raise a risk; the project manager records it, names an owner and "
            "reviews the register at least for every status report.",
        ),
    )
    heading(doc, t("2. Échelles", "2. Scales"))
    table(
        doc,
        [t("Niveau", "Level"), t("Probabilité", "Likelihood"), t("Impact", "Impact")],
        [width * f for f in (0.08, 0.46, 0.46)],
        loop="s in scales.levels",
        cells=["{{ s.level }}", "{{ s.likelihood }} — {{ s.likelihood_text }}", "{{ s.impact }} — {{ s.impact_text }}"],
    )
    para(doc, t("Score = probabilité × impact (1 à 25).", "Score = likelihood × impact (1 to 25)."))
    table(
        doc,
        [t("Score", "Score"), t("Criticité", "Rating"), t("Traitement", "Treatment")],
        [width * f for f in (0.12, 0.18, 0.7)],
        loop="r in scales.ratings",
        cells=["{{ r.range }}", "{{ r.label }}", "{{ r.treatment }}"],
    )
    heading(doc, t("3. Stratégies de réponse", "3. Response strategies"))
    para(doc, t("Menaces :", "Threats:"))
    bullets(doc, "s in scales.threat_strategies", "{{ s.label }} — {{ s.text }}")
    para(doc, t("Opportunités :", "Opportunities:"))
    bullets(doc, "s in scales.opportunity_strategies", "{{ s.label }} — {{ s.text }}")
    heading(doc, t("4. Escalade", "4. Escalation"))
    para(
        doc,
        t(
            "Un risque dont l'exposition (coût probable) rapportée au budget dépasse le seuil de tolérance "
            "« risques » du niveau du projet est signalé dans le rapport d'avancement, puis escaladé.",
            "A risk whose exposure (probable cost) relative to the budget exceeds the 'risk' tolerance of "
            "the project's tier is flagged in the status report, then escalated.",
        ),
    )
    table(
        doc,
        [
            t("Niveau", "Tier"),
            t("Seuil orange", "Amber threshold"),
            t("Seuil rouge", "Red threshold"),
            t("Escalade vers", "Escalates to"),
        ],
        [width * f for f in (0.3, 0.18, 0.18, 0.34)],
        loop="tier in project.tiers",
        cells=[
            "{{ tier.name }}",
            "{{ tier.tolerance.risk.amber|percent }}",
            "{{ tier.tolerance.risk.red|percent }}",
            "{{ tier.escalation_body }}",
        ],
    )
    page_break(doc)
    heading(doc, t("5. Registre", "5. Register"))
    headers = [
        t("Réf.", "Ref."),
        t("Risque (cause → effet)", "Risk (cause → effect)"),
        t("Catégorie", "Category"),
        t("Responsable", "Owner"),
        "P",
        "I",
        t("Score", "Score"),
        t("Stratégie", "Strategy"),
        t("Actions", "Actions"),
        t("Statut", "Status"),
        t("Revue", "Review"),
    ]
    fractions = (0.05, 0.21, 0.09, 0.1, 0.035, 0.035, 0.055, 0.09, 0.17, 0.075, 0.085)
    table(
        doc,
        headers,
        [width * f for f in fractions],
        rows=[[f"R-{n:03d}", "", "", "", "", "", "", "", "", "", ""] for n in range(1, 9)],
        font_size=8,
        row_height=1.0,
    )
    para(
        doc,
        t(
            "Catégories : {{ scales.risk_categories|join(', ') }}. Statuts : {{ scales.risk_statuses|join(', ') }}.",
            "Categories: {{ scales.risk_categories|join(', ') }}. Statuses: {{ scales.risk_statuses|join(', ') }}.",
        ),
        size=9,
        italic=True,
    )
    return doc


def build_issue_log(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Journal des problèmes", "Issue log"),
        "{{ project.name }} — {{ client.name }}",
        t("Journal des problèmes — {{ project.name }}", "Issue log — {{ project.name }}"),
        landscape=True,
    )
    width = text_width(doc)
    heading(doc, t("1. Mode d'emploi", "1. How to use this log"))
    register_intro(
        doc,
        t,
        t(
            "Un problème est un événement qui s'est produit et qui affecte le projet (un risque survenu, "
            "un blocage, une non-conformité). Chaque problème a un responsable, une action et une échéance.",
            "An issue is something that has happened and affects the project (a risk that occurred, a "
            "blocker, a non-conformity). Every issue has an owner, an action and a due date.",
        ),
    )
    heading(doc, t("2. Priorités et escalade", "2. Priorities and escalation"))
    table(
        doc,
        [t("Priorité", "Priority"), t("Signification", "Meaning"), t("Délai de traitement", "Response time")],
        [width * f for f in (0.15, 0.6, 0.25)],
        loop="p in scales.priorities",
        cells=["{{ p.label }}", "{{ p.text }}", "{{ p.response }}"],
    )
    para(
        doc,
        t(
            "Un problème que le projet ne peut pas résoudre dans ses tolérances est escaladé à l'instance "
            "indiquée pour le niveau du projet :",
            "An issue the project cannot resolve within its tolerances goes to the body shown for the project's tier:",
        ),
    )
    bullets(
        doc,
        "tier in project.tiers",
        t("{{ tier.name }} : {{ tier.escalation_body }}", "{{ tier.name }}: {{ tier.escalation_body }}"),
    )
    page_break(doc)
    heading(doc, t("3. Journal", "3. Log"))
    headers = [
        t("Réf.", "Ref."),
        t("Date", "Date"),
        t("Description", "Description"),
        t("Signalé par", "Raised by"),
        t("Responsable", "Owner"),
        t("Priorité", "Priority"),
        t("Action", "Action"),
        t("Échéance", "Due"),
        t("Statut", "Status"),
        t("Escaladé à", "Escalated to"),
        t("Résolu le", "Resolved on"),
    ]
    fractions = (0.05, 0.07, 0.2, 0.08, 0.08, 0.07, 0.17, 0.07, 0.07, 0.08, 0.06)
    prefix = t("P", "I")
    table(
        doc,
        headers,
        [width * f for f in fractions],
        rows=[[f"{prefix}-{n:03d}"] + [""] * 10 for n in range(1, 9)],
        font_size=8,
        row_height=1.0,
    )
    para(
        doc,
        t("Statuts : {{ scales.issue_statuses|join(', ') }}.", "Statuses: {{ scales.issue_statuses|join(', ') }}."),
        size=9,
        italic=True,
    )
    return doc


def build_decision_log(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Journal des décisions", "Decision log"),
        "{{ project.name }} — {{ client.name }}",
        t("Journal des décisions — {{ project.name }}", "Decision log — {{ project.name }}"),
        landscape=True,
    )
    width = text_width(doc)
    heading(doc, t("1. Mode d'emploi", "1. How to use this log"))
    register_intro(
        doc,
        t,
        t(
            "Toute décision qui engage le projet (périmètre, budget, planning, solution, organisation) est "
            "consignée avec sa justification et l'instance qui l'a prise, pour pouvoir la retrouver et "
            "l'expliquer plus tard.",
            "Every decision that commits the project (scope, budget, schedule, solution, organisation) is "
            "recorded with its rationale and the body that took it, so that it can be found and explained "
            "later.",
        ),
    )
    heading(doc, t("2. Qui décide quoi", "2. Who decides what"))
    table(
        doc,
        [t("Instance", "Body"), t("Droits de décision", "Decision rights")],
        [width * 0.25, width * 0.75],
        loop="b in bodies",
        # A Jinja literal: French spacing would turn its space into a no-break space.
        cells=[
            "{{ b.name }}",
            t("{{ b.decision_rights|join(' ; ') }}", "{{ b.decision_rights|join('; ') }}", spacing=False),
        ],
        font_size=8.5,
    )
    page_break(doc)
    heading(doc, t("3. Journal", "3. Log"))
    headers = [
        t("Réf.", "Ref."),
        t("Date", "Date"),
        t("Décision", "Decision"),
        t("Contexte et justification", "Context and rationale"),
        t("Options étudiées", "Options considered"),
        t("Décidé par", "Decided by"),
        t("Impact", "Impact"),
        t("Statut", "Status"),
        t("Lien", "Link"),
    ]
    fractions = (0.05, 0.07, 0.2, 0.2, 0.14, 0.1, 0.11, 0.07, 0.06)
    table(
        doc,
        headers,
        [width * f for f in fractions],
        rows=[[f"D-{n:03d}"] + [""] * 8 for n in range(1, 9)],
        font_size=8,
        row_height=1.0,
    )
    para(
        doc,
        t(
            "Statuts : {{ scales.decision_statuses|join(', ') }}. Lien : la référence du risque, du problème ou "
            "de la demande de changement à l'origine de la décision.",
            "Statuses: {{ scales.decision_statuses|join(', ') }}. Link: the reference of the risk, issue or "
            "change request behind the decision.",
        ),
        size=9,
        italic=True,
    )
    return doc


def build_change_log(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Journal des changements", "Change log"),
        "{{ project.name }} — {{ client.name }}",
        t("Journal des changements — {{ project.name }}", "Change log — {{ project.name }}"),
        landscape=True,
    )
    width = text_width(doc)
    heading(doc, t("1. Mode d'emploi", "1. How to use this log"))
    register_intro(
        doc,
        t,
        t(
            "Chaque demande de changement (formulaire du kit) reçoit un numéro et une ligne ici, de sa "
            "réception à la décision. Un changement approuvé met à jour la référence du projet.",
            "Every change request (the kit's form) gets a number and a line here, from receipt to decision. "
            "An approved change updates the project baseline.",
        ),
    )
    heading(doc, t("2. Qui approuve", "2. Who approves"))
    approval_levels(doc, t)
    page_break(doc)
    heading(doc, t("3. Journal", "3. Log"))
    headers = [
        t("Réf.", "Ref."),
        t("Date", "Date"),
        t("Demandeur", "Requester"),
        t("Description", "Description"),
        t("Délais (j)", "Time (d)"),
        t("Coûts (€)", "Cost (EUR)"),
        t("Périmètre", "Scope"),
        t("Priorité", "Priority"),
        t("Approbateur", "Approver"),
        t("Décision", "Decision"),
        t("Date décision", "Decided on"),
    ]
    fractions = (0.05, 0.07, 0.09, 0.23, 0.06, 0.08, 0.1, 0.07, 0.09, 0.08, 0.08)
    table(
        doc,
        headers,
        [width * f for f in fractions],
        rows=[[f"CR-{n:03d}"] + [""] * 10 for n in range(1, 9)],
        font_size=8,
        row_height=1.0,
    )
    para(
        doc,
        t(
            "Décisions : {{ scales.change_decisions|join(', ') }}.",
            "Decisions: {{ scales.change_decisions|join(', ') }}.",
        ),
        size=9,
        italic=True,
    )
    return doc


def build_change_request(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Demande de changement", "Change request"),
        "{{ project.name }} — {{ client.name }}",
        t("Demande de changement — {{ project.name }}", "Change request — {{ project.name }}"),
        intro=t(
            "Toute modification du périmètre, des délais, des coûts ou de la qualité convenus passe par "
            "ce formulaire. Le chef de projet analyse l'impact ; le décideur dépend de son ampleur.",
            "Any change to the agreed scope, schedule, cost or quality goes through this form. The "
            "project manager analyses the impact; who decides depends on its size.",
        ),
    )
    width = text_width(doc)
    heading(doc, t("1. Identification", "1. Identification"))
    key_value_table(
        doc,
        [
            (t("N° de la demande", "Request number"), "CR-[   ]"),
            (t("Projet", "Project"), "{{ project.name }} ({{ project.id }})"),
            (t("Demandeur", "Requester"), t("[Nom, fonction]", "[Name, role]")),
            (t("Date de la demande", "Date of request"), blank_date(t)),
            (t("Chef de projet", "Project manager"), "{{ project.manager }}"),
        ],
        (5.0, width - 5.0),
    )
    heading(doc, t("2. Description du changement", "2. Description of the change"))
    guidance(
        doc,
        t(
            "Ce qui change, précisément, par rapport à la référence actuelle.",
            "What changes, precisely, against the current baseline.",
        ),
    )
    heading(doc, t("3. Justification", "3. Reason"))
    guidance(
        doc,
        t(
            "Pourquoi ce changement est nécessaire et ce qui se passe s'il n'est pas fait.",
            "Why the change is needed and what happens if it is not made.",
        ),
    )
    heading(doc, t("4. Analyse d'impact", "4. Impact analysis"))
    table(
        doc,
        [t("Dimension", "Dimension"), t("Impact décrit", "Impact described"), t("Écart estimé", "Estimated deviation")],
        [width * f for f in (0.2, 0.55, 0.25)],
        rows=[
            [t("Périmètre", "Scope"), "", ""],
            [t("Délais", "Schedule"), "", t("[ ] jours", "[ ] days")],
            [t("Coûts", "Cost"), "", t("[ ] €", "EUR [ ]")],
            [t("Qualité", "Quality"), "", ""],
            [t("Risques", "Risk"), "", ""],
            [t("Bénéfices", "Benefits"), "", ""],
        ],
    )
    heading(doc, t("5. Urgence et priorité", "5. Urgency and priority"))
    key_value_table(
        doc,
        [
            (t("Urgence", "Urgency"), t(boxes("Faible", "Moyenne", "Haute"), boxes("Low", "Medium", "High"))),
            (t("Priorité", "Priority"), "☐\u00a0{{ scales.priority_labels|join('   ☐\u00a0') }}"),
            (t("Décision attendue avant le", "Decision needed by"), blank_date(t)),
        ],
        (5.0, width - 5.0),
    )
    heading(doc, t("6. Niveau d'approbation", "6. Approval level"))
    para(
        doc,
        t(
            "L'écart estimé est comparé aux tolérances du niveau du projet :",
            "The estimated deviation is compared with the tolerances of the project's tier:",
        ),
    )
    approval_levels(doc, t)
    heading(doc, t("7. Décision", "7. Decision"))
    key_value_table(
        doc,
        [
            (t("Décision", "Decision"), "☐\u00a0{{ scales.change_decisions[1:]|join('   ☐\u00a0') }}"),
            (t("Conditions", "Conditions"), ""),
            (t("Décidé par", "Decided by"), ""),
            (t("Date", "Date"), blank_date(t)),
        ],
        (5.0, width - 5.0),
    )
    signatures(doc, t, [t("Décideur", "Decision maker"), t("Chef de projet", "Project manager")])
    return doc


BUILDS = {
    "risk_register": build_risk_register,
    "issue_log": build_issue_log,
    "decision_log": build_decision_log,
    "change_log": build_change_log,
    "change_request": build_change_request,
}
