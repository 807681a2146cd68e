"""Authoring of the document kit templates (document_templates/<id>.<fr|en>.docx).

One builder per kit document. French and English text sit side by side (`t(fr, en)`) so that a change to
one language is made to the other in the same place. The variables used here are the kit context built
by governance/kit_context.py; `pmo templates check` verifies both stay in step.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from governance.kit.context import french_spacing

from docx_builder import (
    bullet, bullets, document_control, guidance, heading, key_value_table, new_document, page_break, para,
    table, tag, text_width,
)

Text = Callable[[str, str], str]


def translator(language: str) -> Text:
    """t(fr, en): the text in the template's language, French with its no-break spaces (« », :, ;, ?)."""
    return (lambda fr, en: french_spacing(fr)) if language == "fr" else (lambda fr, en: en)


def control_labels(t: Text) -> dict[str, str]:
    return {
        "document_control": t("Suivi du document", "Document control"),
        "version": t("Version", "Version"), "date": t("Date", "Date"), "author": t("Auteur", "Author"),
        "approvers": t("Approbateurs", "Approvers"), "status": t("Statut", "Status"),
        "history": t("Historique des versions", "Version history"), "changes": t("Modifications", "Changes"),
    }


def blank(t: Text) -> str:
    return t("[À compléter]", "[To be completed]")


def boxes(*options: str) -> str:
    """Tick boxes on one line; a no-break space keeps each box with its word."""
    return "   ".join(f"☐\u00a0{option}" for option in options)


def blank_date(t: Text) -> str:
    return t("[jj/mm/aaaa]", "[yyyy-mm-dd]")


def start(t: Text, title: str, subtitle: str, property_title: str, landscape: bool = False, intro: str = ""):
    """Title, subtitle, how-to note and the document-control block every kit document opens with."""
    doc = new_document(property_title, "{{ client.name }}", landscape=landscape)
    doc.add_paragraph(title, style="Title")
    para(doc, subtitle, size=13)
    if intro:
        guidance(doc, intro)
    guidance(doc, t("Le texte en gris italique guide la rédaction : remplacez-le, puis supprimez-le. Les "
                    "mentions entre crochets sont à compléter.",
                    "Grey italic text is guidance: replace it, then delete it. Text in square brackets is to "
                    "be completed."))
    document_control(doc, control_labels(t))
    return doc


def signatures(doc, t: Text, roles: list[str]) -> None:
    width = text_width(doc)
    table(doc, [t("Nom", "Name"), t("Fonction", "Role"), t("Date", "Date"), t("Signature", "Signature")],
          [width * f for f in (0.28, 0.32, 0.16, 0.24)],
          rows=[[t("[Nom]", "[Name]"), role, blank_date(t), ""] for role in roles], row_height=1.3)


def identification(doc, t: Text, extra: list[tuple[str, str]] | None = None) -> None:
    """The project's identity card, pre-filled from the project list (placeholders in the blank kit)."""
    rows = [
        (t("Projet", "Project"), "{{ project.name }}"),
        (t("Identifiant", "Identifier"), "{{ project.id }}"),
        (t("Sponsor", "Sponsor"), "{{ project.sponsor }}"),
        (t("Chef de projet", "Project manager"), "{{ project.manager }}"),
        (t("Niveau", "Tier"), "{{ project.tier_name }}"),
    ]
    width = text_width(doc)
    key_value_table(doc, rows + list(extra or []), (4.5, width - 4.5))


def tolerance_table(doc, t: Text, sequence: str = "project.tiers") -> None:
    width = text_width(doc)
    headers = [t("Niveau", "Tier"), t("Délais", "Schedule"), t("Coûts", "Cost"), t("Périmètre", "Scope"),
               t("Risques", "Risk"), t("Bénéfices", "Benefits")]
    cells = ["{{ tier.name }}"] + [
        f"{{{{ tier.tolerance.{d}.amber|percent }}}} / {{{{ tier.tolerance.{d}.red|percent }}}}"
        for d in ("schedule", "cost", "scope", "risk", "benefits")
    ]
    first = width * 0.22
    table(doc, headers, [first] + [(width - first) / 5] * 5, loop=f"tier in {sequence}", cells=cells, font_size=8.5)
    para(doc, t("Seuil orange / seuil rouge : écart relatif au-delà duquel la dimension passe à l'orange, "
                "puis au rouge. {{ tolerance_rule }}",
                "Amber threshold / red threshold: the relative deviation at which the dimension turns amber, "
                "then red. {{ tolerance_rule }}"), size=9, italic=True)


# --------------------------------------------------------------------------------------------- PMO charter


def build_pmo_charter(language: str):
    t = translator(language)
    doc = start(
        t, t("Charte du PMO", "PMO charter"), "{{ client.name }}",
        t("Charte du PMO — {{ client.name }}", "PMO charter — {{ client.name }}"),
        intro=t("La charte fonde le PMO : pourquoi il existe, ce qu'il fait, qui décide quoi. Elle est validée "
                "par la direction puis diffusée à tous les sponsors et chefs de projet.",
                "The charter establishes the PMO: why it exists, what it does, who decides what. Management "
                "approves it, then it goes to every sponsor and project manager."),
    )
    width = text_width(doc)

    heading(doc, t("1. Contexte", "1. Background"))
    para(doc, t("{{ client.name }}{% if client.sector %} ({{ client.sector }}){% endif %} met en place un bureau "
                "de gestion de projets (PMO){% if client.projects %} pour un portefeuille d'environ "
                "{{ client.projects }} projets{% endif %}.",
                "{{ client.name }}{% if client.sector %} ({{ client.sector }}){% endif %} is setting up a "
                "Project Management Office (PMO){% if client.projects %} for a portfolio of about "
                "{{ client.projects }} projects{% endif %}."))
    guidance(doc, t("Décrivez ce qui motive la création du PMO : constats de l'évaluation de maturité, "
                    "difficultés rencontrées par les projets, attentes de la direction.",
                    "Describe why the PMO is being created: findings of the maturity assessment, difficulties "
                    "projects meet, what management expects."))

    heading(doc, t("2. Mission et vision", "2. Mission and vision"))
    tag(doc, "{%p if pmo.mission %}")
    para(doc, t("Mission : {{ pmo.mission }}", "Mission: {{ pmo.mission }}"))
    tag(doc, "{%p else %}")
    guidance(doc, t("Mission du PMO en une ou deux phrases : pour qui, pour quoi faire.",
                    "The PMO's mission in one or two sentences: for whom, to do what."))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if pmo.vision %}")
    para(doc, t("Vision : {{ pmo.vision }}", "Vision: {{ pmo.vision }}"))
    tag(doc, "{%p else %}")
    guidance(doc, t("Vision à trois ans : ce qui aura changé grâce au PMO.",
                    "Three-year vision: what will have changed thanks to the PMO."))
    tag(doc, "{%p endif %}")

    heading(doc, t("3. Objectifs", "3. Objectives"))
    para(doc, t("Objectifs SMART du PMO : spécifiques, mesurables, atteignables, réalistes et datés.",
                "The PMO's SMART objectives: specific, measurable, achievable, relevant and time-bound."))
    tag(doc, "{%p if pmo.objectives %}")
    table(doc, [t("Objectif", "Objective"), t("Indicateur", "Measure"), t("Cible", "Target"),
                t("Échéance", "Due")],
          [width * f for f in (0.42, 0.3, 0.12, 0.16)], loop="o in pmo.objectives",
          cells=["{{ o.text }}", "{{ o.measure }}", "{{ o.target }}", "{{ o.due|date }}"])
    tag(doc, "{%p else %}")
    guidance(doc, t("Aucun objectif n'est encore défini dans pmo.yaml (pmo.objectives) : ajoutez-en trois à "
                    "cinq.", "No objective is defined in pmo.yaml yet (pmo.objectives): add three to five."))
    tag(doc, "{%p endif %}")

    heading(doc, t("4. Type de PMO et services offerts", "4. PMO type and services"))
    para(doc, t("Le PMO est un PMO {{ pmo.type_label }} : {{ pmo.type_description }}",
                "The PMO is a {{ pmo.type_label }} PMO: {{ pmo.type_description }}"))
    para(doc, t("Services offerts aux projets et à la direction :", "Services offered to projects and management:"))
    bullets(doc, "m in pmo.mandate", "{{ m.label }} — {{ m.description }}",
            t("Listez les services du PMO.", "List the PMO's services."))

    heading(doc, t("5. Clients et parties prenantes", "5. Customers and stakeholders"))
    table(doc, [t("Partie prenante", "Stakeholder"), t("Place dans la gouvernance", "Place in governance"),
                t("Attentes vis-à-vis du PMO", "Expectations of the PMO")],
          [width * f for f in (0.3, 0.25, 0.45)], loop="r in stakeholder_roles",
          cells=["{{ r.name }}", "{{ r.kind_label }}", blank(t)])

    heading(doc, t("6. Structure et organisation", "6. Structure and organisation"))
    para(doc, t("Le PMO est rattaché à [direction de rattachement]. La gouvernance des projets s'appuie sur les "
                "instances suivantes ; chacune escalade vers l'instance indiquée.",
                "The PMO reports to [reporting line]. Project governance relies on the bodies below; each "
                "escalates to the body shown."))
    tag(doc, "{%p if org_chart %}")
    para(doc, "{{ org_chart }}").alignment = 1
    tag(doc, "{%p endif %}")
    table(doc, [t("Instance", "Body"), t("Président", "Chair"), t("Membres", "Members"),
                t("Fréquence", "Cadence"), t("Escalade vers", "Escalates to")],
          [width * f for f in (0.19, 0.15, 0.26, 0.22, 0.18)], loop="b in bodies",
          cells=["{{ b.name }}", "{{ b.chair }}", "{{ b.members_text }}", "{{ b.cadence }}",
                 t("{{ b.escalates_to or '—' }}", "{{ b.escalates_to or '—' }}")], font_size=8.5)

    heading(doc, t("7. Rôles, responsabilités et autorité", "7. Roles, responsibilities and authority"))
    tag(doc, "{%p for r in roles %}")
    heading(doc, "{{ r.name }}", 3)
    para(doc, "{{ r.kind_label }}", italic=True, size=9)
    bullets(doc, "x in r.responsibilities", "{{ x }}")
    tag(doc, "{%p endfor %}")

    heading(doc, t("8. Droits de décision", "8. Decision rights"))
    tag(doc, "{%p for b in bodies %}")
    heading(doc, "{{ b.name }}", 3)
    para(doc, "{{ b.purpose }}", italic=True)
    bullets(doc, "x in b.decision_rights", "{{ x }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if raci %}")
    heading(doc, t("Matrice RACI des processus", "RACI matrix of the processes"), 3)
    para(doc, t("R : réalise, A : approuve (un seul par processus), S : soutient, C : consulté, I : informé.",
                "R: responsible, A: accountable (one per process), S: support, C: consulted, I: informed."),
         size=9, italic=True)
    table(doc, [t("Processus", "Process"), "R", "A", "S", "C", "I"],
          [width * f for f in (0.24, 0.16, 0.14, 0.14, 0.16, 0.16)], loop="p in raci",
          cells=["{{ p.name }}", "{{ p.R }}", "{{ p.A }}", "{{ p.S }}", "{{ p.C }}", "{{ p.I }}"], font_size=8)
    tag(doc, "{%p endif %}")

    heading(doc, t("9. Niveaux de projet et tolérances", "9. Project tiers and tolerances"))
    para(doc, t("Chaque projet est classé dans un niveau selon son budget. Le niveau fixe les jalons à passer, "
                "la fréquence du reporting, les documents exigés et l'instance qui traite ses dépassements.",
                "Every project is placed in a tier by its budget. The tier sets the gates to pass, the "
                "reporting frequency, the documents required and the body that handles its breaches."))
    table(doc, [t("Niveau", "Tier"), t("Budget", "Budget"), t("Jalons", "Gates"), t("Reporting", "Reporting"),
                t("Escalade", "Escalation")],
          [width * f for f in (0.2, 0.22, 0.26, 0.13, 0.19)], loop="tier in tiers",
          cells=["{{ tier.name }}", "{{ tier.budget_text }}", "{{ tier.gates_text }}", "{{ tier.reporting }}",
                 "{{ tier.escalation_body }}"], font_size=8.5)
    tolerance_table(doc, t, "tiers")

    heading(doc, t("10. Revues de jalon", "10. Stage gates"))
    table(doc, [t("N°", "No."), t("Jalon", "Gate"), t("Approbateur", "Approver"),
                t("Niveaux concernés", "Tiers")],
          [width * f for f in (0.08, 0.34, 0.28, 0.3)], loop="g in gates",
          cells=["{{ g.order }}", "{{ g.name }}", "{{ g.approver_text }}", "{{ g.tiers_text }}"])
    para(doc, t("Les critères d'entrée et de sortie de chaque jalon figurent dans les listes de contrôle du kit.",
                "The entry and exit criteria of each gate are in the kit's gate checklists."), size=9, italic=True)

    heading(doc, t("11. Calendrier de gouvernance", "11. Governance calendar"))
    table(doc, [t("Instance", "Body"), t("Fréquence", "Cadence"), t("Prochaines réunions", "Next meetings")],
          [width * f for f in (0.28, 0.36, 0.36)], loop="b in bodies",
          cells=["{{ b.name }}", "{{ b.cadence }}", "{{ b.next_meetings_text }}"])

    heading(doc, t("12. Documents standards", "12. Standard documents"))
    para(doc, t("Le kit documentaire du PMO ; « obligatoire pour » indique les niveaux de projet qui doivent "
                "produire le document.",
                "The PMO's document kit; 'required for' gives the project tiers that must produce the "
                "document."))
    table(doc, [t("Document", "Document"), t("Obligatoire pour", "Required for")],
          [width * 0.55, width * 0.45], loop="d in kit_documents",
          cells=["{{ d.title }}", "{{ d.required_for }}"])

    heading(doc, t("13. Facteurs de succès et indicateurs", "13. Success factors and measures"))
    para(doc, t("Le PMO mesure sa propre performance chaque mois :", "The PMO measures its own performance every month:"))
    tag(doc, "{%p for o in pmo.objectives %}")
    bullet(doc, t("{{ o.measure or o.text }} — cible : {{ o.target or 'à fixer' }}",
                  "{{ o.measure or o.text }} — target: {{ o.target or 'to be set' }}"))
    tag(doc, "{%p endfor %}")
    for line in (t("part des projets qui publient leur rapport à temps", "share of projects reporting on time"),
                 t("part des projets dans les délais et dans le budget", "share of projects on schedule and on budget"),
                 t("taux de jalons tenus et conformité aux revues de jalon", "milestone hit rate and stage-gate compliance"),
                 t("bénéfices réalisés par rapport aux bénéfices prévus", "benefits realised against benefits planned"),
                 t("progression de la maturité entre deux évaluations", "maturity progress between two assessments")):
        bullet(doc, line)
    guidance(doc, t("Ajoutez les facteurs clés de succès propres à l'organisation (soutien de la direction, "
                    "disponibilité des chefs de projet, outillage…).",
                    "Add the organisation's own critical success factors (executive support, project managers' "
                    "availability, tooling…)."))

    heading(doc, t("14. Financement", "14. Funding"))
    table(doc, [t("Poste", "Item"), t("Montant annuel (€)", "Annual amount (EUR)"), t("Commentaire", "Comment")],
          [width * f for f in (0.4, 0.25, 0.35)],
          rows=[[t("Équipe du PMO", "PMO team"), blank(t), ""], [t("Outils", "Tools"), blank(t), ""],
                [t("Formation des chefs de projet", "Project manager training"), blank(t), ""],
                [t("Accompagnement externe", "External support"), blank(t), ""]])

    heading(doc, t("15. Validation", "15. Sign-off"))
    para(doc, t("Instance d'approbation de la charte : {{ top_body or 'direction générale' }}.",
                "Approving body of this charter: {{ top_body or 'executive management' }}."))
    signatures(doc, t, [t("Sponsor du PMO", "PMO sponsor"), t("Responsable du PMO", "PMO manager")])
    return doc


# -------------------------------------------------------------------------------------------- project charter


def build_project_charter(language: str):
    t = translator(language)
    doc = start(
        t, t("Charte de projet", "Project charter"), "{{ project.name }} — {{ client.name }}",
        t("Charte de projet — {{ project.name }}", "Project charter — {{ project.name }}"),
        intro=t("La charte autorise le projet : elle fixe ses objectifs, son périmètre, son budget et l'autorité "
                "du chef de projet. Le sponsor la signe au premier jalon.",
                "The charter authorises the project: it sets its objectives, scope, budget and the project "
                "manager's authority. The sponsor signs it at the first gate."),
    )
    width = text_width(doc)
    heading(doc, t("1. Identification", "1. Identification"))
    identification(doc, t, [
        (t("Budget", "Budget"), "{{ project.budget_text }}"),
        (t("Début", "Start"), "{{ project.start|date }}"),
        (t("Fin prévue", "Planned end"), "{{ project.end|date }}"),
        (t("Reporting", "Reporting"), "{{ project.reporting }}"),
    ])

    heading(doc, t("2. Objet et justification", "2. Purpose and justification"))
    guidance(doc, t("Quel problème ou quelle opportunité le projet traite-t-il ? Pourquoi maintenant ? À quel "
                    "objectif de l'entreprise contribue-t-il ?",
                    "Which problem or opportunity does the project address? Why now? Which business objective "
                    "does it serve?"))

    heading(doc, t("3. Objectifs mesurables et critères de succès", "3. Measurable objectives and success criteria"))
    table(doc, [t("Objectif", "Objective"), t("Indicateur", "Measure"), t("Cible", "Target"), t("Échéance", "Due")],
          [width * f for f in (0.4, 0.3, 0.15, 0.15)],
          rows=[[blank(t), blank(t), "", ""] for _ in range(3)])

    heading(doc, t("4. Exigences de haut niveau", "4. High-level requirements"))
    guidance(doc, t("Les exigences essentielles, sans détail de solution : ce que le résultat doit permettre.",
                    "The essential requirements, without solution detail: what the result must make possible."))
    bullet(doc, blank(t))

    heading(doc, t("5. Périmètre", "5. Scope"))
    table(doc, [t("Inclus dans le périmètre", "In scope"), t("Exclu du périmètre", "Out of scope")],
          [width / 2, width / 2], rows=[[blank(t), blank(t)] for _ in range(3)])

    heading(doc, t("6. Hypothèses et contraintes", "6. Assumptions and constraints"))
    table(doc, [t("Type", "Type"), t("Description", "Description")], [width * 0.25, width * 0.75],
          rows=[[t("Hypothèse", "Assumption"), blank(t)], [t("Hypothèse", "Assumption"), blank(t)],
                [t("Contrainte", "Constraint"), blank(t)], [t("Contrainte", "Constraint"), blank(t)]])

    heading(doc, t("7. Risques majeurs", "7. High-level risks"))
    guidance(doc, t("Les trois à cinq risques principaux, notés sur les échelles du registre des risques (1 à 5).",
                    "The three to five main risks, scored on the risk register's scales (1 to 5)."))
    table(doc, [t("Risque", "Risk"), t("Probabilité (1-5)", "Likelihood (1-5)"), t("Impact (1-5)", "Impact (1-5)"),
                t("Réponse", "Response"), t("Responsable", "Owner")],
          [width * f for f in (0.33, 0.15, 0.12, 0.22, 0.18)],
          rows=[[blank(t), "", "", "", ""] for _ in range(3)], row_height=0.8)

    heading(doc, t("8. Jalons", "8. Milestones"))
    table(doc, [t("N°", "No."), t("Jalon", "Milestone"), t("Approbateur", "Approver"), t("Date prévue", "Planned date")],
          [width * f for f in (0.08, 0.42, 0.3, 0.2)],
          rows=[["", t("Lancement du projet", "Project start"), "{{ project.sponsor }}", "{{ project.start|date }}"]],
          loop="g in project.gates",
          cells=["{{ g.order }}", "{{ g.name }}", "{{ g.approver }}", blank_date(t)],
          after=[["", t("Fin prévue du projet", "Planned project end"), "{{ project.sponsor }}",
                  "{{ project.end|date }}"]])

    heading(doc, t("9. Budget", "9. Budget"))
    table(doc, [t("Poste", "Item"), t("Montant (€)", "Amount (EUR)")], [width * 0.6, width * 0.4],
          rows=[[t("Personnel interne", "Internal staff"), blank(t)],
                [t("Prestations externes", "External services"), blank(t)],
                [t("Matériel et logiciels", "Hardware and software"), blank(t)],
                [t("Provision pour risques", "Risk contingency"), blank(t)],
                [t("Budget total (BAC)", "Total budget (BAC)"), "{{ project.budget_text }}"]])

    heading(doc, t("10. Parties prenantes", "10. Stakeholders"))
    table(doc, [t("Nom", "Name"), t("Rôle", "Role"), t("Intérêt et attentes", "Interest and expectations"),
                t("Influence", "Influence")],
          [width * f for f in (0.24, 0.22, 0.38, 0.16)],
          rows=[["{{ project.sponsor }}", t("Sponsor", "Sponsor"), blank(t), t("Forte", "High")],
                ["{{ project.manager }}", t("Chef de projet", "Project manager"), blank(t), t("Forte", "High")],
                [blank(t), "", "", ""], [blank(t), "", "", ""]])

    heading(doc, t("11. Gouvernance du projet", "11. Project governance"))
    para(doc, t("Le projet est classé en « {{ project.tier_name }} ». Il publie un rapport d'avancement "
                "{{ project.reporting }} et ses dépassements de tolérance au seuil rouge sont escaladés à l'instance "
                "suivante : {{ project.escalation_body }}.",
                "The project is classed as '{{ project.tier_name }}'. It publishes a {{ project.reporting }} status "
                "report and its red tolerance breaches are escalated to: {{ project.escalation_body }}."))
    tolerance_table(doc, t)

    heading(doc, t("12. Chef de projet et autorité", "12. Project manager and authority"))
    para(doc, t("{{ project.manager }} est nommé chef de projet. Il dirige l'équipe au quotidien et décide dans les "
                "limites des tolérances ci-dessus. Toute prévision de dépassement du seuil rouge est remontée sans "
                "délai au sponsor.",
                "{{ project.manager }} is appointed project manager, runs the team day to day and decides within "
                "the tolerances above. Any forecast breach of a red threshold goes to the sponsor without delay."))
    bullets(doc, "x in role_responsibilities.project_manager", "{{ x }}")

    heading(doc, t("13. Sponsor", "13. Sponsor"))
    para(doc, t("{{ project.sponsor }} est le sponsor du projet et en porte la justification.",
                "{{ project.sponsor }} is the project's sponsor and owns its justification."))
    bullets(doc, "x in role_responsibilities.sponsor", "{{ x }}")

    heading(doc, t("14. Approbation", "14. Approval"))
    para(doc, t("{% if project.gates %}L'approbation de la charte conditionne le passage du jalon « "
                "{{ project.gates[0].name }} » ({{ project.gates[0].approver }}).{% else %}La charte est "
                "approuvée par le sponsor.{% endif %}",
                "{% if project.gates %}Approval of the charter is a condition of the '{{ project.gates[0].name }}' "
                "gate ({{ project.gates[0].approver }}).{% else %}The sponsor approves the charter.{% endif %}"))
    signatures(doc, t, [t("Sponsor", "Sponsor"), t("Chef de projet", "Project manager"),
                        t("Responsable du PMO", "PMO manager")])
    return doc


# --------------------------------------------------------------------------------------------- business case


def build_business_case(language: str):
    t = translator(language)
    doc = start(
        t, t("Dossier d'investissement", "Business case"), "{{ project.name }} — {{ client.name }}",
        t("Dossier d'investissement — {{ project.name }}", "Business case — {{ project.name }}"),
        intro=t("Le dossier d'investissement justifie la dépense : options étudiées, coûts, bénéfices et risques. "
                "Il est revu à chaque jalon ; le projet s'arrête s'il n'est plus justifié.",
                "The business case justifies the spend: options considered, costs, benefits and risks. It is "
                "reviewed at every gate; the project stops when it is no longer justified."),
    )
    width = text_width(doc)
    heading(doc, t("1. Identification", "1. Identification"))
    identification(doc, t, [(t("Budget demandé", "Budget requested"), "{{ project.budget_text }}"),
                            (t("Période", "Period"), "{{ project.start|date }} — {{ project.end|date }}")])
    heading(doc, t("2. Résumé", "2. Executive summary"))
    guidance(doc, t("En dix lignes : le besoin, l'option recommandée, son coût, ses bénéfices et la décision "
                    "attendue.", "In ten lines: the need, the recommended option, its cost, its benefits and the "
                    "decision sought."))
    heading(doc, t("3. Contexte stratégique", "3. Strategic context"))
    guidance(doc, t("À quels objectifs de l'entreprise le projet contribue-t-il ? Quelles contraintes externes "
                    "(réglementation, marché) l'imposent ?",
                    "Which business objectives does the project serve? Which external constraints (regulation, "
                    "market) require it?"))
    heading(doc, t("4. Problème ou opportunité", "4. Problem or opportunity"))
    guidance(doc, t("Décrivez la situation actuelle chiffrée et ce qu'elle coûte.",
                    "Describe the current situation with figures and what it costs."))
    heading(doc, t("5. Options étudiées", "5. Options considered"))
    table(doc, [t("Option", "Option"), t("Description", "Description"), t("Coût estimé (€)", "Estimated cost (EUR)"),
                t("Bénéfices", "Benefits"), t("Risques principaux", "Main risks")],
          [width * f for f in (0.17, 0.28, 0.15, 0.2, 0.2)],
          rows=[[t("0 — Ne rien faire", "0 — Do nothing"), blank(t), "0", blank(t), blank(t)],
                [t("1 — [Intitulé]", "1 — [Name]"), blank(t), "", "", ""],
                [t("2 — [Intitulé]", "2 — [Name]"), blank(t), "", "", ""]])
    heading(doc, t("6. Option recommandée", "6. Recommended option"))
    guidance(doc, t("Pourquoi cette option plutôt que les autres.", "Why this option rather than the others."))
    heading(doc, t("7. Bénéfices attendus", "7. Expected benefits"))
    table(doc, [t("Bénéfice", "Benefit"), t("Indicateur", "Measure"), t("Référence", "Baseline"),
                t("Cible", "Target"), t("Échéance", "Due"), t("Responsable", "Owner")],
          [width * f for f in (0.24, 0.2, 0.13, 0.13, 0.13, 0.17)],
          rows=[[blank(t), "", "", "", "", ""] for _ in range(3)])
    guidance(doc, t("Le responsable d'un bénéfice est une personne du métier qui en rendra compte après la clôture.",
                    "A benefit's owner is a business person who will report on it after closure."))
    heading(doc, t("8. Coûts", "8. Costs"))
    table(doc, [t("Poste (€)", "Item (EUR)"), t("Année 1", "Year 1"), t("Année 2", "Year 2"),
                t("Année 3", "Year 3"), t("Total", "Total")],
          [width * f for f in (0.32, 0.17, 0.17, 0.17, 0.17)],
          rows=[[t("Investissement", "Investment"), "", "", "", ""],
                [t("Coûts de fonctionnement", "Running costs"), "", "", "", ""],
                [t("Total", "Total"), "", "", "", "{{ project.budget_text }}"]])
    heading(doc, t("9. Analyse financière", "9. Investment appraisal"))
    key_value_table(doc, [(t("Valeur actuelle nette (VAN)", "Net present value (NPV)"), blank(t)),
                          (t("Taux de rentabilité interne", "Internal rate of return"), blank(t)),
                          (t("Délai de retour", "Payback period"), blank(t)),
                          (t("Taux d'actualisation retenu", "Discount rate used"), blank(t))], (6.0, width - 6.0))
    heading(doc, t("10. Risques majeurs", "10. Main risks"))
    table(doc, [t("Risque", "Risk"), t("Probabilité (1-5)", "Likelihood (1-5)"), t("Impact (1-5)", "Impact (1-5)"),
                t("Réponse", "Response")],
          [width * f for f in (0.42, 0.16, 0.13, 0.29)], rows=[[blank(t), "", "", ""] for _ in range(3)], row_height=0.8)
    heading(doc, t("11. Calendrier et jalons", "11. Timeline and gates"))
    table(doc, [t("Jalon", "Gate"), t("Approbateur", "Approver"), t("Date prévue", "Planned date")],
          [width * f for f in (0.45, 0.33, 0.22)], loop="g in project.gates",
          cells=["{{ g.order }}. {{ g.name }}", "{{ g.approver }}", blank_date(t)])
    heading(doc, t("12. Décision", "12. Decision"))
    para(doc, t("{% if project.gates %}Décision attendue au jalon « {{ project.gates[0].name }} » : "
                "{{ project.gates[0].approver }}.{% endif %} Options : approuver, approuver sous conditions, "
                "demander une nouvelle version, refuser.",
                "{% if project.gates %}Decision sought at the '{{ project.gates[0].name }}' gate: "
                "{{ project.gates[0].approver }}.{% endif %} Options: approve, approve with conditions, ask for "
                "a new version, reject."))
    signatures(doc, t, [t("Sponsor", "Sponsor"), t("Président de l'instance", "Chair of the body")])
    return doc


# --------------------------------------------------------------------------------------------- status report


def build_status_report(language: str):
    t = translator(language)
    doc = start(
        t, t("Rapport d'avancement", "Status report"), "{{ project.name }} — {{ project.period }}",
        t("Rapport d'avancement — {{ project.name }}", "Status report — {{ project.name }}"),
        intro=t("Rapport {{ project.reporting }} du chef de projet, publié dans les trois jours ouvrés qui suivent la "
                "fin de la période. Il dit où en est le projet par rapport à sa référence et ce dont il a besoin.",
                "The project manager's {{ project.reporting }} report, published within three working days of the "
                "end of the period. It says where the project stands against its baseline and what it needs."),
    )
    width = text_width(doc)
    heading(doc, t("1. Identification", "1. Identification"))
    identification(doc, t, [(t("Période", "Period"), "{{ project.period }}"),
                            (t("Date de situation", "Status date"), blank_date(t)),
                            (t("Budget (BAC)", "Budget (BAC)"), "{{ project.budget_text }}"),
                            (t("Fin prévue (référence)", "Baseline end"), "{{ project.end|date }}")])
    heading(doc, t("2. Santé du projet", "2. Project health"))
    para(doc, t("Vert : écart sous le seuil orange. Orange : écart au-delà du seuil orange. Rouge : écart au-delà "
                "du seuil rouge, escaladé à {{ project.escalation_body }}.",
                "Green: deviation below the amber threshold. Amber: beyond the amber threshold. Red: beyond the "
                "red threshold, escalated to {{ project.escalation_body }}."), size=9, italic=True)
    table(doc, [t("Dimension", "Dimension"), t("Statut (V/O/R)", "Status (G/A/R)"), t("Tendance", "Trend"),
                t("Commentaire", "Comment")],
          [width * f for f in (0.2, 0.17, 0.15, 0.48)],
          rows=[[t("Globale", "Overall"), "", "", ""], [t("Délais", "Schedule"), "", "", ""],
                [t("Coûts", "Cost"), "", "", ""], [t("Périmètre", "Scope"), "", "", ""],
                [t("Risques", "Risk"), "", "", ""], [t("Bénéfices", "Benefits"), "", "", ""]])
    tolerance_table(doc, t)
    heading(doc, t("3. Synthèse", "3. Summary"))
    guidance(doc, t("Trois à cinq phrases : ce qui a été accompli pendant la période, ce qui ne l'a pas été et "
                    "pourquoi, ce qui est prévu pour la période suivante.",
                    "Three to five sentences: what was achieved in the period, what was not and why, what is "
                    "planned for the next period."))
    heading(doc, t("4. Avancement et jalons", "4. Progress and milestones"))
    key_value_table(doc, [(t("Avancement physique", "Percent complete"), "[ ] %"),
                          (t("Avancement prévu à date", "Planned percent complete"), "[ ] %")], (6.0, width - 6.0))
    table(doc, [t("Jalon", "Milestone"), t("Prévu (référence)", "Planned (baseline)"), t("Prévision", "Forecast"),
                t("Réel", "Actual"), t("Statut", "Status")],
          [width * f for f in (0.36, 0.17, 0.16, 0.15, 0.16)], loop="g in project.gates",
          cells=["{{ g.order }}. {{ g.name }}", blank_date(t), "", "", ""],
          after=[[t("Fin du projet", "Project end"), "{{ project.end|date }}", "", "", ""]])
    heading(doc, t("5. Coûts", "5. Cost"))
    table(doc, [t("Indicateur", "Measure"), t("Montant (€)", "Amount (EUR)"), t("Commentaire", "Comment")],
          [width * f for f in (0.42, 0.22, 0.36)],
          rows=[[t("Budget à terminaison (BAC)", "Budget at completion (BAC)"), "{{ project.budget_text }}", ""],
                [t("Valeur planifiée à date (PV)", "Planned value to date (PV)"), "", ""],
                [t("Valeur acquise à date (EV)", "Earned value to date (EV)"), "", ""],
                [t("Coût réel à date (AC)", "Actual cost to date (AC)"), "", ""],
                [t("Estimation à terminaison (EAC)", "Estimate at completion (EAC)"), "", ""],
                [t("Écart à terminaison (BAC − EAC)", "Variance at completion (BAC − EAC)"), "", ""]])
    heading(doc, t("6. Risques, problèmes, décisions, actions, changements", "6. Risks, issues, decisions, actions, changes"))
    heading(doc, t("Risques principaux", "Top risks"), 3)
    table(doc, [t("Réf.", "Ref."), t("Risque", "Risk"), t("Score (P×I)", "Score (L×I)"), t("Réponse", "Response"),
                t("Responsable", "Owner")], [width * f for f in (0.09, 0.36, 0.13, 0.24, 0.18)],
          rows=[["R-", "", "", "", ""] for _ in range(3)])
    heading(doc, t("Problèmes ouverts", "Open issues"), 3)
    table(doc, [t("Réf.", "Ref."), t("Problème", "Issue"), t("Priorité", "Priority"), t("Action", "Action"),
                t("Échéance", "Due")], [width * f for f in (0.09, 0.38, 0.13, 0.26, 0.14)],
          rows=[["P-", "", "", "", ""] for _ in range(2)] if language == "fr" else [["I-", "", "", "", ""] for _ in range(2)])
    heading(doc, t("Décisions attendues", "Decisions needed"), 3)
    table(doc, [t("Décision", "Decision"), t("Instance", "Body"), t("Date limite", "Needed by")],
          [width * f for f in (0.55, 0.27, 0.18)], rows=[["", "", ""] for _ in range(2)])
    heading(doc, t("Actions", "Actions"), 3)
    table(doc, [t("Action", "Action"), t("Responsable", "Owner"), t("Échéance", "Due"), t("Statut", "Status")],
          [width * f for f in (0.5, 0.2, 0.15, 0.15)], rows=[["", "", "", ""] for _ in range(3)])
    heading(doc, t("Demandes de changement", "Change requests"), 3)
    table(doc, [t("Réf.", "Ref."), t("Description", "Description"), t("Impact", "Impact"), t("Statut", "Status")],
          [width * f for f in (0.12, 0.46, 0.24, 0.18)], rows=[["CR-", "", "", ""] for _ in range(2)])
    heading(doc, t("7. Aide attendue", "7. Help needed"))
    guidance(doc, t("Ce que le projet attend du sponsor, du PMO ou de l'instance de gouvernance : arbitrage, "
                    "ressources, décision. Écrivez « aucune » s'il n'y en a pas.",
                    "What the project needs from the sponsor, the PMO or the governance body: arbitration, "
                    "resources, a decision. Write 'none' if there is nothing."))
    return doc


# ----------------------------------------------------------------------------------------------- registers


def register_intro(doc, t: Text, what_fr: str, what_en: str) -> None:
    para(doc, t(what_fr, what_en))
    para(doc, t("Le registre existe aussi au format Excel (listes déroulantes, calcul automatique) : utilisez "
                "l'un ou l'autre, pas les deux.",
                "The register also exists as an Excel workbook (dropdown lists, automatic scoring): use one or "
                "the other, not both."), size=9, italic=True)


def build_risk_register(language: str):
    t = translator(language)
    doc = start(t, t("Registre des risques", "Risk register"), "{{ project.name }} — {{ client.name }}",
                t("Registre des risques — {{ project.name }}", "Risk register — {{ project.name }}"), landscape=True)
    width = text_width(doc)
    heading(doc, t("1. Mode d'emploi", "1. How to use this register"))
    register_intro(doc, t,
                   "Tout membre de l'équipe peut proposer un risque ; le chef de projet l'enregistre, lui désigne "
                   "un responsable et revoit le registre au moins à chaque rapport d'avancement.",
                   "Anyone in the team may raise a risk; the project manager records it, names an owner and "
                   "reviews the register at least for every status report.")
    heading(doc, t("2. Échelles", "2. Scales"))
    table(doc, [t("Niveau", "Level"), t("Probabilité", "Likelihood"), t("Impact", "Impact")],
          [width * f for f in (0.08, 0.46, 0.46)], loop="s in scales.levels",
          cells=["{{ s.level }}", "{{ s.likelihood }} — {{ s.likelihood_text }}", "{{ s.impact }} — {{ s.impact_text }}"])
    para(doc, t("Score = probabilité × impact (1 à 25).", "Score = likelihood × impact (1 to 25)."))
    table(doc, [t("Score", "Score"), t("Criticité", "Rating"), t("Traitement", "Treatment")],
          [width * f for f in (0.12, 0.18, 0.7)], loop="r in scales.ratings",
          cells=["{{ r.range }}", "{{ r.label }}", "{{ r.treatment }}"])
    heading(doc, t("3. Stratégies de réponse", "3. Response strategies"))
    para(doc, t("Menaces :", "Threats:"))
    bullets(doc, "s in scales.threat_strategies", "{{ s.label }} — {{ s.text }}")
    para(doc, t("Opportunités :", "Opportunities:"))
    bullets(doc, "s in scales.opportunity_strategies", "{{ s.label }} — {{ s.text }}")
    heading(doc, t("4. Escalade", "4. Escalation"))
    para(doc, t("Un risque dont l'exposition (coût probable) rapportée au budget dépasse le seuil de tolérance "
                "« risques » du niveau du projet est signalé dans le rapport d'avancement, puis escaladé.",
                "A risk whose exposure (probable cost) relative to the budget exceeds the 'risk' tolerance of "
                "the project's tier is flagged in the status report, then escalated."))
    table(doc, [t("Niveau", "Tier"), t("Seuil orange", "Amber threshold"), t("Seuil rouge", "Red threshold"),
                t("Escalade vers", "Escalates to")], [width * f for f in (0.3, 0.18, 0.18, 0.34)],
          loop="tier in project.tiers",
          cells=["{{ tier.name }}", "{{ tier.tolerance.risk.amber|percent }}", "{{ tier.tolerance.risk.red|percent }}",
                 "{{ tier.escalation_body }}"])
    page_break(doc)
    heading(doc, t("5. Registre", "5. Register"))
    headers = [t("Réf.", "Ref."), t("Risque (cause → effet)", "Risk (cause → effect)"), t("Catégorie", "Category"),
               t("Responsable", "Owner"), "P", "I", t("Score", "Score"), t("Stratégie", "Strategy"),
               t("Actions", "Actions"), t("Statut", "Status"), t("Revue", "Review")]
    fractions = (0.05, 0.21, 0.09, 0.1, 0.035, 0.035, 0.055, 0.09, 0.17, 0.075, 0.085)
    table(doc, headers, [width * f for f in fractions],
          rows=[[f"R-{n:03d}", "", "", "", "", "", "", "", "", "", ""] for n in range(1, 9)], font_size=8,
          row_height=1.0)
    para(doc, t("Catégories : {{ scales.risk_categories|join(', ') }}. Statuts : {{ scales.risk_statuses|join(', ') }}.",
                "Categories: {{ scales.risk_categories|join(', ') }}. Statuses: {{ scales.risk_statuses|join(', ') }}."),
         size=9, italic=True)
    return doc


def build_issue_log(language: str):
    t = translator(language)
    doc = start(t, t("Journal des problèmes", "Issue log"), "{{ project.name }} — {{ client.name }}",
                t("Journal des problèmes — {{ project.name }}", "Issue log — {{ project.name }}"), landscape=True)
    width = text_width(doc)
    heading(doc, t("1. Mode d'emploi", "1. How to use this log"))
    register_intro(doc, t,
                   "Un problème est un événement qui s'est produit et qui affecte le projet (un risque survenu, "
                   "un blocage, une non-conformité). Chaque problème a un responsable, une action et une échéance.",
                   "An issue is something that has happened and affects the project (a risk that occurred, a "
                   "blocker, a non-conformity). Every issue has an owner, an action and a due date.")
    heading(doc, t("2. Priorités et escalade", "2. Priorities and escalation"))
    table(doc, [t("Priorité", "Priority"), t("Signification", "Meaning"), t("Délai de traitement", "Response time")],
          [width * f for f in (0.15, 0.6, 0.25)], loop="p in scales.priorities",
          cells=["{{ p.label }}", "{{ p.text }}", "{{ p.response }}"])
    para(doc, t("Un problème que le projet ne peut pas résoudre dans ses tolérances est escaladé à l'instance "
                "indiquée pour le niveau du projet :",
                "An issue the project cannot resolve within its tolerances goes to the body shown for the "
                "project's tier:"))
    bullets(doc, "tier in project.tiers", t("{{ tier.name }} : {{ tier.escalation_body }}",
                                              "{{ tier.name }}: {{ tier.escalation_body }}"))
    page_break(doc)
    heading(doc, t("3. Journal", "3. Log"))
    headers = [t("Réf.", "Ref."), t("Date", "Date"), t("Description", "Description"), t("Signalé par", "Raised by"),
               t("Responsable", "Owner"), t("Priorité", "Priority"), t("Action", "Action"), t("Échéance", "Due"),
               t("Statut", "Status"), t("Escaladé à", "Escalated to"), t("Résolu le", "Resolved on")]
    fractions = (0.05, 0.07, 0.2, 0.08, 0.08, 0.07, 0.17, 0.07, 0.07, 0.08, 0.06)
    prefix = t("P", "I")
    table(doc, headers, [width * f for f in fractions],
          rows=[[f"{prefix}-{n:03d}"] + [""] * 10 for n in range(1, 9)], font_size=8, row_height=1.0)
    para(doc, t("Statuts : {{ scales.issue_statuses|join(', ') }}.", "Statuses: {{ scales.issue_statuses|join(', ') }}."),
         size=9, italic=True)
    return doc


def build_decision_log(language: str):
    t = translator(language)
    doc = start(t, t("Journal des décisions", "Decision log"), "{{ project.name }} — {{ client.name }}",
                t("Journal des décisions — {{ project.name }}", "Decision log — {{ project.name }}"), landscape=True)
    width = text_width(doc)
    heading(doc, t("1. Mode d'emploi", "1. How to use this log"))
    register_intro(doc, t,
                   "Toute décision qui engage le projet (périmètre, budget, planning, solution, organisation) est "
                   "consignée avec sa justification et l'instance qui l'a prise, pour pouvoir la retrouver et "
                   "l'expliquer plus tard.",
                   "Every decision that commits the project (scope, budget, schedule, solution, organisation) is "
                   "recorded with its rationale and the body that took it, so that it can be found and explained "
                   "later.")
    heading(doc, t("2. Qui décide quoi", "2. Who decides what"))
    table(doc, [t("Instance", "Body"), t("Droits de décision", "Decision rights")], [width * 0.25, width * 0.75],
          loop="b in bodies", cells=["{{ b.name }}", "{{ b.decision_rights|join(' ; ') }}" if language == "fr"
                                     else "{{ b.decision_rights|join('; ') }}"], font_size=8.5)
    page_break(doc)
    heading(doc, t("3. Journal", "3. Log"))
    headers = [t("Réf.", "Ref."), t("Date", "Date"), t("Décision", "Decision"),
               t("Contexte et justification", "Context and rationale"), t("Options étudiées", "Options considered"),
               t("Décidé par", "Decided by"), t("Impact", "Impact"), t("Statut", "Status"), t("Lien", "Link")]
    fractions = (0.05, 0.07, 0.2, 0.2, 0.14, 0.1, 0.11, 0.07, 0.06)
    table(doc, headers, [width * f for f in fractions],
          rows=[[f"D-{n:03d}"] + [""] * 8 for n in range(1, 9)], font_size=8, row_height=1.0)
    para(doc, t("Statuts : {{ scales.decision_statuses|join(', ') }}. Lien : la référence du risque, du problème ou "
                "de la demande de changement à l'origine de la décision.",
                "Statuses: {{ scales.decision_statuses|join(', ') }}. Link: the reference of the risk, issue or "
                "change request behind the decision."), size=9, italic=True)
    return doc


def approval_levels(doc, t: Text) -> None:
    width = text_width(doc)
    table(doc, [t("Ampleur de l'impact", "Size of the impact"), t("Décide", "Decides")],
          [width * 0.62, width * 0.38], loop="a in project.change_approval",
          cells=["{{ a.impact }}", "{{ a.approver }}"])


def build_change_log(language: str):
    t = translator(language)
    doc = start(t, t("Journal des changements", "Change log"), "{{ project.name }} — {{ client.name }}",
                t("Journal des changements — {{ project.name }}", "Change log — {{ project.name }}"), landscape=True)
    width = text_width(doc)
    heading(doc, t("1. Mode d'emploi", "1. How to use this log"))
    register_intro(doc, t,
                   "Chaque demande de changement (formulaire du kit) reçoit un numéro et une ligne ici, de sa "
                   "réception à la décision. Un changement approuvé met à jour la référence du projet.",
                   "Every change request (the kit's form) gets a number and a line here, from receipt to decision. "
                   "An approved change updates the project baseline.")
    heading(doc, t("2. Qui approuve", "2. Who approves"))
    approval_levels(doc, t)
    page_break(doc)
    heading(doc, t("3. Journal", "3. Log"))
    headers = [t("Réf.", "Ref."), t("Date", "Date"), t("Demandeur", "Requester"), t("Description", "Description"),
               t("Délais (j)", "Time (d)"), t("Coûts (€)", "Cost (EUR)"), t("Périmètre", "Scope"),
               t("Priorité", "Priority"), t("Approbateur", "Approver"), t("Décision", "Decision"),
               t("Date décision", "Decided on")]
    fractions = (0.05, 0.07, 0.09, 0.23, 0.06, 0.08, 0.1, 0.07, 0.09, 0.08, 0.08)
    table(doc, headers, [width * f for f in fractions],
          rows=[[f"CR-{n:03d}"] + [""] * 10 for n in range(1, 9)], font_size=8, row_height=1.0)
    para(doc, t("Décisions : {{ scales.change_decisions|join(', ') }}.",
                "Decisions: {{ scales.change_decisions|join(', ') }}."), size=9, italic=True)
    return doc


# ------------------------------------------------------------------------------------------- change request


def build_change_request(language: str):
    t = translator(language)
    doc = start(t, t("Demande de changement", "Change request"), "{{ project.name }} — {{ client.name }}",
                t("Demande de changement — {{ project.name }}", "Change request — {{ project.name }}"),
                intro=t("Toute modification du périmètre, des délais, des coûts ou de la qualité convenus passe par "
                        "ce formulaire. Le chef de projet analyse l'impact ; le décideur dépend de son ampleur.",
                        "Any change to the agreed scope, schedule, cost or quality goes through this form. The "
                        "project manager analyses the impact; who decides depends on its size."))
    width = text_width(doc)
    heading(doc, t("1. Identification", "1. Identification"))
    key_value_table(doc, [(t("N° de la demande", "Request number"), "CR-[   ]"),
                          (t("Projet", "Project"), "{{ project.name }} ({{ project.id }})"),
                          (t("Demandeur", "Requester"), t("[Nom, fonction]", "[Name, role]")),
                          (t("Date de la demande", "Date of request"), blank_date(t)),
                          (t("Chef de projet", "Project manager"), "{{ project.manager }}")], (5.0, width - 5.0))
    heading(doc, t("2. Description du changement", "2. Description of the change"))
    guidance(doc, t("Ce qui change, précisément, par rapport à la référence actuelle.",
                    "What changes, precisely, against the current baseline."))
    heading(doc, t("3. Justification", "3. Reason"))
    guidance(doc, t("Pourquoi ce changement est nécessaire et ce qui se passe s'il n'est pas fait.",
                    "Why the change is needed and what happens if it is not made."))
    heading(doc, t("4. Analyse d'impact", "4. Impact analysis"))
    table(doc, [t("Dimension", "Dimension"), t("Impact décrit", "Impact described"),
                t("Écart estimé", "Estimated deviation")], [width * f for f in (0.2, 0.55, 0.25)],
          rows=[[t("Périmètre", "Scope"), "", ""], [t("Délais", "Schedule"), "", t("[ ] jours", "[ ] days")],
                [t("Coûts", "Cost"), "", "[ ] €" if language == "fr" else "EUR [ ]"],
                [t("Qualité", "Quality"), "", ""], [t("Risques", "Risk"), "", ""],
                [t("Bénéfices", "Benefits"), "", ""]])
    heading(doc, t("5. Urgence et priorité", "5. Urgency and priority"))
    key_value_table(doc, [(t("Urgence", "Urgency"), t(boxes("Faible", "Moyenne", "Haute"), boxes("Low", "Medium", "High"))),
                          (t("Priorité", "Priority"), "☐\u00a0{{ scales.priority_labels|join('   ☐\u00a0') }}"),
                          (t("Décision attendue avant le", "Decision needed by"), blank_date(t))], (5.0, width - 5.0))
    heading(doc, t("6. Niveau d'approbation", "6. Approval level"))
    para(doc, t("L'écart estimé est comparé aux tolérances du niveau du projet :",
                "The estimated deviation is compared with the tolerances of the project's tier:"))
    approval_levels(doc, t)
    heading(doc, t("7. Décision", "7. Decision"))
    key_value_table(doc, [(t("Décision", "Decision"), "☐\u00a0{{ scales.change_decisions[1:]|join('   ☐\u00a0') }}"),
                          (t("Conditions", "Conditions"), ""),
                          (t("Décidé par", "Decided by"), ""),
                          (t("Date", "Date"), blank_date(t))], (5.0, width - 5.0))
    signatures(doc, t, [t("Décideur", "Decision maker"), t("Chef de projet", "Project manager")])
    return doc


# ------------------------------------------------------------------------------------------ lessons learned


def build_lessons_learned(language: str):
    t = translator(language)
    doc = start(t, t("Retour d'expérience", "Lessons learned"), "{{ project.name }} — {{ client.name }}",
                t("Retour d'expérience — {{ project.name }}", "Lessons learned — {{ project.name }}"), landscape=True,
                intro=t("À conduire à chaque jalon et à la clôture. Les leçons alimentent la base de connaissances "
                        "du PMO pour que les projets suivants en profitent.",
                        "Run at every gate and at closure. Lessons feed the PMO's knowledge base so that later "
                        "projects benefit."))
    width = text_width(doc)
    heading(doc, t("1. Séance", "1. Session"))
    key_value_table(doc, [(t("Projet", "Project"), "{{ project.name }} ({{ project.id }})"),
                          (t("Phase ou jalon", "Phase or gate"), blank(t)),
                          (t("Date de la séance", "Session date"), blank_date(t)),
                          (t("Animateur", "Facilitator"), blank(t)),
                          (t("Participants", "Participants"), blank(t))], (5.0, width - 5.0))
    heading(doc, t("2. Déroulé conseillé", "2. Suggested running order"))
    for line in (t("Rappeler les objectifs et la référence du projet (10 min).",
                   "Recall the project's objectives and baseline (10 min)."),
                 t("Chacun note ce qui a bien fonctionné et ce qui a posé problème (15 min).",
                   "Everyone writes down what worked and what caused trouble (15 min)."),
                 t("Regrouper par catégorie et chercher les causes, pas les coupables (30 min).",
                   "Group by category and look for causes, not culprits (30 min)."),
                 t("Formuler des recommandations actionnables avec un responsable (15 min).",
                   "Write actionable recommendations with an owner (15 min).")):
        bullet(doc, line)
    heading(doc, t("3. Leçons", "3. Lessons"))
    headers = [t("N°", "No."), t("Ce qui s'est passé", "What happened"), t("Ce qui a bien fonctionné", "What went well"),
               t("À reproduire", "To repeat"), t("À éviter", "To avoid"), t("Recommandation", "Recommendation"),
               t("Responsable", "Owner"), t("Catégorie", "Category")]
    fractions = (0.04, 0.18, 0.15, 0.13, 0.13, 0.17, 0.1, 0.1)
    table(doc, headers, [width * f for f in fractions], rows=[[str(n)] + [""] * 7 for n in range(1, 7)], font_size=8,
          row_height=1.6)
    para(doc, t("Catégories : {{ scales.lesson_categories|join(', ') }}.",
                "Categories: {{ scales.lesson_categories|join(', ') }}."), size=9, italic=True)
    heading(doc, t("4. Diffusion", "4. Sharing"))
    para(doc, t("Le PMO verse les recommandations dans sa base de connaissances et les présente aux chefs de projet "
                "lors de la réunion de la communauté projets suivante.",
                "The PMO adds the recommendations to its knowledge base and presents them to project managers at "
                "the next project community meeting."))
    return doc


# -------------------------------------------------------------------------------------- stage-gate checklist


def build_stage_gate_checklist(language: str):
    t = translator(language)
    doc = start(t, t("Revue de jalon {{ gate.order }} : {{ gate.name }}", "Stage gate {{ gate.order }}: {{ gate.name }}"),
                "{{ project.name }} — {{ client.name }}",
                t("Revue de jalon — {{ gate.name }}", "Stage-gate review — {{ gate.name }}"),
                intro=t("Le chef de projet remplit la colonne « preuve » avant la revue ; l'instance d'approbation "
                        "vérifie chaque critère et prononce la décision.",
                        "The project manager fills in the 'evidence' column before the review; the approving "
                        "body checks every criterion and takes the decision."))
    width = text_width(doc)
    heading(doc, t("1. Identification", "1. Identification"))
    key_value_table(doc, [(t("Projet", "Project"), "{{ project.name }} ({{ project.id }})"),
                          (t("Chef de projet", "Project manager"), "{{ project.manager }}"),
                          (t("Jalon", "Gate"), "{{ gate.order }}. {{ gate.name }}"),
                          (t("Instance d'approbation", "Approving body"), "{{ gate.approver_text }}"),
                          (t("Niveaux concernés", "Tiers concerned"), "{{ gate.tiers_text }}"),
                          (t("Date de la revue", "Review date"), blank_date(t))], (5.0, width - 5.0))
    columns = [t("N°", "No."), t("Critère", "Criterion"), t("Satisfait", "Met"), t("Preuve", "Evidence"),
               t("Commentaire", "Comment")]
    fractions = (0.07, 0.38, 0.18, 0.19, 0.18)
    met = t("Oui / Non / S.O.", "Yes / No / N/A")
    heading(doc, t("2. Critères d'entrée", "2. Entry criteria"))
    tag(doc, "{%p if gate.entry_criteria %}")
    table(doc, columns, [width * f for f in fractions], loop="c in gate.entry_criteria",
          cells=["{{ loop.index }}", "{{ c }}", met, "", ""])
    tag(doc, "{%p else %}")
    guidance(doc, t("Aucun critère d'entrée n'est défini pour ce jalon.", "No entry criterion is defined for this gate."))
    tag(doc, "{%p endif %}")
    heading(doc, t("3. Critères de sortie", "3. Exit criteria"))
    tag(doc, "{%p if gate.exit_criteria %}")
    table(doc, columns, [width * f for f in fractions], loop="c in gate.exit_criteria",
          cells=["{{ loop.index }}", "{{ c }}", met, "", ""])
    tag(doc, "{%p else %}")
    guidance(doc, t("Aucun critère de sortie n'est défini pour ce jalon.", "No exit criterion is defined for this gate."))
    tag(doc, "{%p endif %}")
    heading(doc, t("4. Documents à présenter", "4. Documents to present"))
    tag(doc, "{%p if gate.documents %}")
    bullets(doc, "d in gate.documents", "{{ d }}")
    tag(doc, "{%p else %}")
    guidance(doc, t("Listez les documents du kit présentés à la revue.", "List the kit documents presented at the review."))
    tag(doc, "{%p endif %}")
    heading(doc, t("5. Décision", "5. Decision"))
    key_value_table(doc, [(t("Décision", "Decision"),
                           t(boxes("Poursuivre", "Poursuivre sous conditions", "Représenter", "Arrêter"),
                             boxes("Go", "Go with conditions", "Recycle", "Stop"))),
                          (t("Conditions", "Conditions"), ""),
                          (t("Prochain jalon", "Next gate"), "{{ gate.next or '—' }}")], (5.0, width - 5.0))
    table(doc, [t("Action demandée", "Action required"), t("Responsable", "Owner"), t("Échéance", "Due")],
          [width * f for f in (0.6, 0.22, 0.18)], rows=[["", "", ""] for _ in range(3)])
    signatures(doc, t, [t("Président de l'instance", "Chair of the body"), t("Sponsor", "Sponsor"),
                        t("Chef de projet", "Project manager")])
    return doc


# ---------------------------------------------------------------------------------------- communication plan


def build_communication_plan(language: str):
    t = translator(language)
    doc = start(t, t("Plan de communication", "Communication plan"), "{{ project.name }} — {{ client.name }}",
                t("Plan de communication — {{ project.name }}", "Communication plan — {{ project.name }}"),
                landscape=True,
                intro=t("Qui doit savoir quoi, quand et par quel canal. Les communications de la gouvernance sont "
                        "pré-remplies ; ajoutez celles propres au projet.",
                        "Who needs to know what, when and through which channel. Governance communications are "
                        "pre-filled; add the project's own."))
    width = text_width(doc)
    heading(doc, t("1. Objectifs de communication", "1. Communication objectives"))
    guidance(doc, t("Ce que la communication doit obtenir : adhésion des utilisateurs, information de la direction, "
                    "préparation au changement…",
                    "What communication must achieve: user buy-in, informing management, readiness for change…"))
    heading(doc, t("2. Parties prenantes", "2. Stakeholders"))
    table(doc, [t("Partie prenante", "Stakeholder"), t("Intérêt", "Interest"), t("Influence", "Influence"),
                t("Besoins d'information", "Information needs")], [width * f for f in (0.25, 0.15, 0.15, 0.45)],
          loop="r in stakeholder_roles", cells=["{{ r.name }}", "", "", blank(t)],
          after=[[blank(t), "", "", ""], [blank(t), "", "", ""]])
    heading(doc, t("3. Instances de gouvernance", "3. Governance meetings"))
    table(doc, [t("Instance", "Body"), t("Objet", "Purpose"), t("Participants", "Attendees"),
                t("Fréquence", "Cadence"), t("Anime", "Chair"), t("Prochaine", "Next")],
          [width * f for f in (0.14, 0.3, 0.2, 0.17, 0.1, 0.09)], loop="b in bodies",
          cells=["{{ b.name }}", "{{ b.purpose }}", "{{ b.members_text }}", "{{ b.cadence }}", "{{ b.chair }}",
                 "{{ b.next_meeting|date }}"], font_size=8)
    heading(doc, t("4. Reporting", "4. Reporting"))
    table(doc, [t("Niveau", "Tier"), t("Rapport", "Report"), t("Fréquence", "Frequency"),
                t("Destinataire des escalades", "Escalations go to")], [width * f for f in (0.28, 0.26, 0.18, 0.28)],
          loop="tier in project.tiers",
          cells=["{{ tier.name }}", t("Rapport d'avancement", "Status report"), "{{ tier.reporting }}",
                 "{{ tier.escalation_body }}"])
    heading(doc, t("5. Communications du projet", "5. Project communications"))
    table(doc, [t("Communication", "Communication"), t("Objectif", "Objective"), t("Public", "Audience"),
                t("Date ou fréquence", "Date or frequency"), t("Responsable", "Owner"), t("Canal", "Channel")],
          [width * f for f in (0.17, 0.25, 0.18, 0.14, 0.12, 0.14)],
          rows=[[t("Lancement du projet", "Project kick-off"), "", "", "", "", t("Réunion", "Meeting")],
                [t("Lettre d'information", "Newsletter"), "", "", "", "", t("Courriel", "E-mail")],
                [t("Formation des utilisateurs", "User training"), "", "", "", "", ""],
                [blank(t), "", "", "", "", ""]])
    return doc


# ---------------------------------------------------------------------------------- meeting agenda and minutes


def build_meeting_agenda(language: str):
    t = translator(language)
    doc = start(t, t("Ordre du jour — {{ body.name }}", "Agenda — {{ body.name }}"), "{{ client.name }}",
                t("Ordre du jour — {{ body.name }}", "Agenda — {{ body.name }}"),
                intro=t("Envoyé aux membres avec les documents au moins trois jours ouvrés avant la séance.",
                        "Sent to members with the papers at least three working days before the meeting."))
    width = text_width(doc)
    heading(doc, t("1. Séance", "1. Meeting"))
    key_value_table(doc, [(t("Instance", "Body"), "{{ body.name }}"),
                          (t("Date", "Date"), "{{ body.next_meeting|date }}"),
                          (t("Heure et durée", "Time and duration"), "{{ body.time }} ({{ body.duration }} min)"),
                          (t("Lieu", "Place"), t("[Salle ou lien de visioconférence]", "[Room or video link]")),
                          (t("Président", "Chair"), "{{ body.chair }}"),
                          (t("Quorum", "Quorum"), t("{{ body.quorum }} membres", "{{ body.quorum }} members"))],
                    (4.5, width - 4.5))
    para(doc, "{{ body.purpose }}", italic=True)
    heading(doc, t("2. Participants", "2. Attendees"))
    bullets(doc, "m in body.members", "{{ m }}")
    heading(doc, t("3. Ordre du jour", "3. Agenda"))
    table(doc, [t("N°", "No."), t("Point", "Item"), t("Présente", "Lead"), t("Durée", "Time")],
          [width * f for f in (0.07, 0.52, 0.29, 0.12)], loop="a in body.agenda",
          cells=["{{ a.number }}", "{{ a.item }}", "{{ a.lead }}", "{{ a.minutes }} min"])
    heading(doc, t("4. Documents de séance", "4. Meeting papers"))
    bullets(doc, "x in body.inputs", "{{ x }}", t("Listez les documents à envoyer aux membres.",
                                                   "List the papers to send to members."))
    heading(doc, t("5. Décisions relevant de l'instance", "5. Decisions within the body's authority"))
    bullets(doc, "x in body.decision_rights", "{{ x }}")
    para(doc, t("Prochaine séance : {{ body.following_meeting|date }}.", "Next meeting: {{ body.following_meeting|date }}."))
    return doc


def build_meeting_minutes(language: str):
    t = translator(language)
    doc = start(t, t("Compte rendu — {{ body.name }}", "Minutes — {{ body.name }}"), "{{ client.name }}",
                t("Compte rendu — {{ body.name }}", "Minutes — {{ body.name }}"),
                intro=t("Diffusé aux membres sous cinq jours ouvrés ; les décisions sont reportées dans le journal "
                        "des décisions et les actions suivies à la séance suivante.",
                        "Sent to members within five working days; decisions go into the decision log and actions "
                        "are followed up at the next meeting."))
    width = text_width(doc)
    heading(doc, t("1. Séance", "1. Meeting"))
    key_value_table(doc, [(t("Instance", "Body"), "{{ body.name }}"),
                          (t("Date", "Date"), "{{ body.next_meeting|date }}"),
                          (t("Président", "Chair"), "{{ body.chair }}"),
                          (t("Rédacteur", "Minute taker"), t("[Nom]", "[Name]")),
                          (t("Quorum", "Quorum"), t("{{ body.quorum }} membres requis — atteint : ☐\u00a0Oui ☐\u00a0Non",
                                                    "{{ body.quorum }} members required — reached: ☐\u00a0Yes ☐\u00a0No"))],
                    (4.5, width - 4.5))
    heading(doc, t("2. Présences", "2. Attendance"))
    table(doc, [t("Membre", "Member"), t("Présence", "Attendance")], [width * 0.6, width * 0.4],
          loop="m in body.members",
          cells=["{{ m }}", t(boxes("Présent", "Excusé", "Représenté"), boxes("Present", "Apologies", "Represented"))],
          after=[[t("[Invité]", "[Guest]"), ""]])
    heading(doc, t("3. Points traités", "3. Items discussed"))
    table(doc, [t("N°", "No."), t("Point", "Item"), t("Synthèse des échanges", "Summary of the discussion")],
          [width * f for f in (0.07, 0.38, 0.55)], loop="a in body.agenda", cells=["{{ a.number }}", "{{ a.item }}", ""])
    heading(doc, t("4. Décisions", "4. Decisions"))
    table(doc, [t("Réf.", "Ref."), t("Décision", "Decision"), t("Mise en œuvre par", "Implemented by")],
          [width * f for f in (0.12, 0.6, 0.28)], rows=[["D-", "", ""] for _ in range(3)])
    heading(doc, t("5. Actions", "5. Actions"))
    table(doc, [t("N°", "No."), t("Action", "Action"), t("Responsable", "Owner"), t("Échéance", "Due")],
          [width * f for f in (0.07, 0.55, 0.22, 0.16)], rows=[[str(n), "", "", ""] for n in range(1, 5)])
    tag(doc, "{%p if body.escalates_to %}")
    heading(doc, t("6. Escalades — {{ body.escalates_to }}", "6. Escalations — {{ body.escalates_to }}"))
    guidance(doc, t("Sujets hors des droits de décision de l'instance, transmis à l'instance supérieure.",
                    "Matters beyond the body's decision rights, passed to the body above."))
    tag(doc, "{%p endif %}")
    heading(doc, t("Livrables attendus de la séance", "Expected outputs of the meeting"))
    bullets(doc, "x in body.outputs", "{{ x }}",
            t("Listez ce que la séance doit produire.", "List what the meeting must produce."))
    para(doc, t("Prochaine séance : {{ body.following_meeting|date }}.", "Next meeting: {{ body.following_meeting|date }}."))
    return doc


BUILDS: dict[str, Callable[[str], object]] = {
    "pmo_charter": build_pmo_charter,
    "project_charter": build_project_charter,
    "business_case": build_business_case,
    "status_report": build_status_report,
    "risk_register": build_risk_register,
    "issue_log": build_issue_log,
    "decision_log": build_decision_log,
    "change_log": build_change_log,
    "change_request": build_change_request,
    "lessons_learned": build_lessons_learned,
    "stage_gate_checklist": build_stage_gate_checklist,
    "communication_plan": build_communication_plan,
    "meeting_agenda": build_meeting_agenda,
    "meeting_minutes": build_meeting_minutes,
}


def _builder(template_id: str) -> Callable[[str, Path], Path]:
    def build(language: str, folder: Path) -> Path:
        target = folder / f"{template_id}.{language}.docx"
        BUILDS[template_id](language).save(str(target))
        return target

    return build


BUILDERS = {template_id: _builder(template_id) for template_id in BUILDS}
