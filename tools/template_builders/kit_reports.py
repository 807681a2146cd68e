"""The kit's business case and status report: why a project spends, and where it stands against its baseline."""

from __future__ import annotations

from docx.document import Document

from .blocks import guidance, heading, key_value_table, para, table, text_width
from .kit_blocks import blank, blank_date, identification, kit_text, signatures, start, tolerance_table


def build_business_case(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Dossier d'investissement", "Business case"),
        "{{ project.name }} — {{ client.name }}",
        t("Dossier d'investissement — {{ project.name }}", "Business case — {{ project.name }}"),
        intro=t(
            "Le dossier d'investissement justifie la dépense : options étudiées, coûts, bénéfices et risques. "
            "Il est revu à chaque jalon ; le projet s'arrête s'il n'est plus justifié.",
            "The business case justifies the spend: options considered, costs, benefits and risks. It is "
            "reviewed at every gate; the project stops when it is no longer justified.",
        ),
    )
    width = text_width(doc)
    heading(doc, t("1. Identification", "1. Identification"))
    identification(
        doc,
        t,
        [
            (t("Budget demandé", "Budget requested"), "{{ project.budget_text }}"),
            (t("Période", "Period"), "{{ project.start|date }} — {{ project.end|date }}"),
        ],
    )
    heading(doc, t("2. Résumé", "2. Executive summary"))
    guidance(
        doc,
        t(
            "En dix lignes : le besoin, l'option recommandée, son coût, ses bénéfices et la décision attendue.",
            "In ten lines: the need, the recommended option, its cost, its benefits and the decision sought.",
        ),
    )
    heading(doc, t("3. Contexte stratégique", "3. Strategic context"))
    guidance(
        doc,
        t(
            "À quels objectifs de l'entreprise le projet contribue-t-il ? Quelles contraintes externes "
            "(réglementation, marché) l'imposent ?",
            "Which business objectives does the project serve? Which external constraints (regulation, "
            "market) require it?",
        ),
    )
    heading(doc, t("4. Problème ou opportunité", "4. Problem or opportunity"))
    guidance(
        doc,
        t(
            "Décrivez la situation actuelle chiffrée et ce qu'elle coûte.",
            "Describe the current situation with figures and what it costs.",
        ),
    )
    heading(doc, t("5. Options étudiées", "5. Options considered"))
    table(
        doc,
        [
            t("Option", "Option"),
            t("Description", "Description"),
            t("Coût estimé (€)", "Estimated cost (EUR)"),
            t("Bénéfices", "Benefits"),
            t("Risques principaux", "Main risks"),
        ],
        [width * f for f in (0.17, 0.28, 0.15, 0.2, 0.2)],
        rows=[
            [t("0 — Ne rien faire", "0 — Do nothing"), blank(t), "0", blank(t), blank(t)],
            [t("1 — [Intitulé]", "1 — [Name]"), blank(t), "", "", ""],
            [t("2 — [Intitulé]", "2 — [Name]"), blank(t), "", "", ""],
        ],
    )
    heading(doc, t("6. Option recommandée", "6. Recommended option"))
    guidance(doc, t("Pourquoi cette option plutôt que les autres.", "Why this option rather than the others."))
    heading(doc, t("7. Bénéfices attendus", "7. Expected benefits"))
    table(
        doc,
        [
            t("Bénéfice", "Benefit"),
            t("Indicateur", "Measure"),
            t("Référence", "Baseline"),
            t("Cible", "Target"),
            t("Échéance", "Due"),
            t("Responsable", "Owner"),
        ],
        [width * f for f in (0.24, 0.2, 0.13, 0.13, 0.13, 0.17)],
        rows=[[blank(t), "", "", "", "", ""] for _ in range(3)],
    )
    guidance(
        doc,
        t(
            "Le responsable d'un bénéfice est une personne du métier qui en rendra compte après la clôture.",
            "A benefit's owner is a business person who will report on it after closure.",
        ),
    )
    heading(doc, t("8. Coûts", "8. Costs"))
    table(
        doc,
        [
            t("Poste (€)", "Item (EUR)"),
            t("Année 1", "Year 1"),
            t("Année 2", "Year 2"),
            t("Année 3", "Year 3"),
            t("Total", "Total"),
        ],
        [width * f for f in (0.32, 0.17, 0.17, 0.17, 0.17)],
        rows=[
            [t("Investissement", "Investment"), "", "", "", ""],
            [t("Coûts de fonctionnement", "Running costs"), "", "", "", ""],
            [t("Total", "Total"), "", "", "", "{{ project.budget_text }}"],
        ],
    )
    heading(doc, t("9. Analyse financière", "9. Investment appraisal"))
    key_value_table(
        doc,
        [
            (t("Valeur actuelle nette (VAN)", "Net present value (NPV)"), blank(t)),
            (t("Taux de rentabilité interne", "Internal rate of return"), blank(t)),
            (t("Délai de retour", "Payback period"), blank(t)),
            (t("Taux d'actualisation retenu", "Discount rate used"), blank(t)),
        ],
        (6.0, width - 6.0),
    )
    heading(doc, t("10. Risques majeurs", "10. Main risks"))
    table(
        doc,
        [
            t("Risque", "Risk"),
            t("Probabilité (1-5)", "Likelihood (1-5)"),
            t("Impact (1-5)", "Impact (1-5)"),
            t("Réponse", "Response"),
        ],
        [width * f for f in (0.42, 0.16, 0.13, 0.29)],
        rows=[[blank(t), "", "", ""] for _ in range(3)],
        row_height=0.8,
    )
    heading(doc, t("11. Calendrier et jalons", "11. Timeline and gates"))
    table(
        doc,
        [t("Jalon", "Gate"), t("Approbateur", "Approver"), t("Date prévue", "Planned date")],
        [width * f for f in (0.45, 0.33, 0.22)],
        loop="g in project.gates",
        cells=["{{ g.order }}. {{ g.name }}", "{{ g.approver }}", blank_date(t)],
    )
    heading(doc, t("12. Décision", "12. Decision"))
    para(
        doc,
        t(
            "{% if project.gates %}Décision attendue au jalon « {{ project.gates[0].name }} » : "
            "{{ project.gates[0].approver }}.{% endif %} Options : approuver, approuver sous conditions, "
            "demander une nouvelle version, refuser.",
            "{% if project.gates %}Decision sought at the '{{ project.gates[0].name }}' gate: "
            "{{ project.gates[0].approver }}.{% endif %} Options: approve, approve with conditions, ask for "
            "a new version, reject.",
        ),
    )
    signatures(doc, t, [t("Sponsor", "Sponsor"), t("Président de l'instance", "Chair of the body")])
    return doc


def build_status_report(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Rapport d'avancement", "Status report"),
        "{{ project.name }} — {{ project.period }}",
        t("Rapport d'avancement — {{ project.name }}", "Status report — {{ project.name }}"),
        intro=t(
            "Rapport {{ project.reporting }} du chef de projet, publié dans les trois jours ouvrés qui suivent la "
            "fin de la période. Il dit où en est le projet par rapport à sa référence et ce dont il a besoin.",
            "The project manager's {{ project.reporting }} report, published within three working days of the "
            "end of the period. It says where the project stands against its baseline and what it needs.",
        ),
    )
    width = text_width(doc)
    heading(doc, t("1. Identification", "1. Identification"))
    identification(
        doc,
        t,
        [
            (t("Période", "Period"), "{{ project.period }}"),
            (t("Date de situation", "Status date"), blank_date(t)),
            (t("Budget (BAC)", "Budget (BAC)"), "{{ project.budget_text }}"),
            (t("Fin prévue (référence)", "Baseline end"), "{{ project.end|date }}"),
        ],
    )
    heading(doc, t("2. Santé du projet", "2. Project health"))
    para(
        doc,
        t(
            "Vert : écart sous le seuil orange. Orange : écart au-delà du seuil orange. Rouge : écart au-delà "
            "du seuil rouge, escaladé à {{ project.escalation_body }}.",
            "Green: deviation below the amber threshold. Amber: beyond the amber threshold. Red: beyond the "
            "red threshold, escalated to {{ project.escalation_body }}.",
        ),
        size=9,
        italic=True,
    )
    table(
        doc,
        [
            t("Dimension", "Dimension"),
            t("Statut (V/O/R)", "Status (G/A/R)"),
            t("Tendance", "Trend"),
            t("Commentaire", "Comment"),
        ],
        [width * f for f in (0.2, 0.17, 0.15, 0.48)],
        rows=[
            [t("Globale", "Overall"), "", "", ""],
            [t("Délais", "Schedule"), "", "", ""],
            [t("Coûts", "Cost"), "", "", ""],
            [t("Périmètre", "Scope"), "", "", ""],
            [t("Risques", "Risk"), "", "", ""],
            [t("Bénéfices", "Benefits"), "", "", ""],
        ],
    )
    tolerance_table(doc, t)
    heading(doc, t("3. Synthèse", "3. Summary"))
    guidance(
        doc,
        t(
            "Trois à cinq phrases : ce qui a été accompli pendant la période, ce qui ne l'a pas été et "
            "pourquoi, ce qui est prévu pour la période suivante.",
            "Three to five sentences: what was achieved in the period, what was not and why, what is "
            "planned for the next period.",
        ),
    )
    heading(doc, t("4. Avancement et jalons", "4. Progress and milestones"))
    key_value_table(
        doc,
        [
            (t("Avancement physique", "Percent complete"), "[ ] %"),
            (t("Avancement prévu à date", "Planned percent complete"), "[ ] %"),
        ],
        (6.0, width - 6.0),
    )
    table(
        doc,
        [
            t("Jalon", "Milestone"),
            t("Prévu (référence)", "Planned (baseline)"),
            t("Prévision", "Forecast"),
            t("Réel", "Actual"),
            t("Statut", "Status"),
        ],
        [width * f for f in (0.36, 0.17, 0.16, 0.15, 0.16)],
        loop="g in project.gates",
        cells=["{{ g.order }}. {{ g.name }}", blank_date(t), "", "", ""],
        after=[[t("Fin du projet", "Project end"), "{{ project.end|date }}", "", "", ""]],
    )
    heading(doc, t("5. Coûts", "5. Cost"))
    table(
        doc,
        [t("Indicateur", "Measure"), t("Montant (€)", "Amount (EUR)"), t("Commentaire", "Comment")],
        [width * f for f in (0.42, 0.22, 0.36)],
        rows=[
            [t("Budget à terminaison (BAC)", "Budget at completion (BAC)"), "{{ project.budget_text }}", ""],
            [t("Valeur planifiée à date (PV)", "Planned value to date (PV)"), "", ""],
            [t("Valeur acquise à date (EV)", "Earned value to date (EV)"), "", ""],
            [t("Coût réel à date (AC)", "Actual cost to date (AC)"), "", ""],
            [t("Estimation à terminaison (EAC)", "Estimate at completion (EAC)"), "", ""],
            [t("Écart à terminaison (BAC − EAC)", "Variance at completion (BAC − EAC)"), "", ""],
        ],
    )
    heading(
        doc,
        t("6. Risques, problèmes, décisions, actions, changements", "6. Risks, issues, decisions, actions, changes"),
    )
    heading(doc, t("Risques principaux", "Top risks"), 3)
    table(
        doc,
        [
            t("Réf.", "Ref."),
            t("Risque", "Risk"),
            t("Score (P×I)", "Score (L×I)"),
            t("Réponse", "Response"),
            t("Responsable", "Owner"),
        ],
        [width * f for f in (0.09, 0.36, 0.13, 0.24, 0.18)],
        rows=[["R-", "", "", "", ""] for _ in range(3)],
    )
    heading(doc, t("Problèmes ouverts", "Open issues"), 3)
    table(
        doc,
        [
            t("Réf.", "Ref."),
            t("Problème", "Issue"),
            t("Priorité", "Priority"),
            t("Action", "Action"),
            t("Échéance", "Due"),
        ],
        [width * f for f in (0.09, 0.38, 0.13, 0.26, 0.14)],
        rows=[[t("P-", "I-"), "", "", "", ""] for _ in range(2)],
    )
    heading(doc, t("Décisions attendues", "Decisions needed"), 3)
    table(
        doc,
        [t("Décision", "Decision"), t("Instance", "Body"), t("Date limite", "Needed by")],
        [width * f for f in (0.55, 0.27, 0.18)],
        rows=[["", "", ""] for _ in range(2)],
    )
    heading(doc, t("Actions", "Actions"), 3)
    table(
        doc,
        [t("Action", "Action"), t("Responsable", "Owner"), t("Échéance", "Due"), t("Statut", "Status")],
        [width * f for f in (0.5, 0.2, 0.15, 0.15)],
        rows=[["", "", "", ""] for _ in range(3)],
    )
    heading(doc, t("Demandes de changement", "Change requests"), 3)
    table(
        doc,
        [t("Réf.", "Ref."), t("Description", "Description"), t("Impact", "Impact"), t("Statut", "Status")],
        [width * f for f in (0.12, 0.46, 0.24, 0.18)],
        rows=[["CR-", "", "", ""] for _ in range(2)],
    )
    heading(doc, t("7. Aide attendue", "7. Help needed"))
    guidance(
        doc,
        t(
            "Ce que le projet attend du sponsor, du PMO ou de l'instance de gouvernance : arbitrage, "
            "ressources, décision. Écrivez « aucune » s'il n'y en a pas.",
            "What the project needs from the sponsor, the PMO or the governance body: arbitration, "
            "resources, a decision. Write 'none' if there is nothing.",
        ),
    )
    return doc


BUILDS = {
    "business_case": build_business_case,
    "status_report": build_status_report,
}
