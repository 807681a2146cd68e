"""The PMO charter and the project charter of the document kit: what the PMO and each project are for,
who decides what, and the commitments they sign up to."""

from __future__ import annotations

from docx.document import Document

from .blocks import bullet, bullets, each, guidance, heading, otherwise, para, table, text_width, when
from .kit_blocks import blank, blank_date, identification, kit_text, signatures, start, tolerance_table


def build_pmo_charter(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Charte du PMO", "PMO charter"),
        "{{ client.name }}",
        t("Charte du PMO — {{ client.name }}", "PMO charter — {{ client.name }}"),
        intro=t(
            "La charte fonde le PMO : pourquoi il existe, ce qu'il fait, qui décide quoi. Elle est validée "
            "par la direction puis diffusée à tous les sponsors et chefs de projet.",
            "The charter establishes the PMO: why it exists, what it does, who decides what. Management "
            "approves it, then it goes to every sponsor and project manager.",
        ),
    )
    width = text_width(doc)

    heading(doc, t("1. Contexte", "1. Background"))
    para(
        doc,
        t(
            "{{ client.name }}{% if client.sector %} ({{ client.sector }}){% endif %} met en place un bureau "
            "de gestion de projets (PMO){% if client.projects %} pour un portefeuille d'environ "
            "{{ client.projects }} projets{% endif %}.",
            "{{ client.name }}{% if client.sector %} ({{ client.sector }}){% endif %} is setting up a "
            "Project Management Office (PMO){% if client.projects %} for a portfolio of about "
            "{{ client.projects }} projects{% endif %}.",
        ),
    )
    guidance(
        doc,
        t(
            "Décrivez ce qui motive la création du PMO : constats de l'évaluation de maturité, "
            "difficultés rencontrées par les projets, attentes de la direction.",
            "Describe why the PMO is being created: findings of the maturity assessment, difficulties "
            "projects meet, what management expects.",
        ),
    )

    heading(doc, t("2. Mission et vision", "2. Mission and vision"))
    with when(doc, "pmo.mission"):
        para(doc, t("Mission : {{ pmo.mission }}", "Mission: {{ pmo.mission }}"))
        otherwise(doc)
        guidance(
            doc,
            t(
                "Mission du PMO en une ou deux phrases : pour qui, pour quoi faire.",
                "The PMO's mission in one or two sentences: for whom, to do what.",
            ),
        )
    with when(doc, "pmo.vision"):
        para(doc, t("Vision : {{ pmo.vision }}", "Vision: {{ pmo.vision }}"))
        otherwise(doc)
        guidance(
            doc,
            t(
                "Vision à trois ans : ce qui aura changé grâce au PMO.",
                "Three-year vision: what will have changed thanks to the PMO.",
            ),
        )

    heading(doc, t("3. Objectifs", "3. Objectives"))
    para(
        doc,
        t(
            "Objectifs SMART du PMO : spécifiques, mesurables, atteignables, réalistes et datés.",
            "The PMO's SMART objectives: specific, measurable, achievable, relevant and time-bound.",
        ),
    )
    with when(doc, "pmo.objectives"):
        table(
            doc,
            [t("Objectif", "Objective"), t("Indicateur", "Measure"), t("Cible", "Target"), t("Échéance", "Due")],
            [width * f for f in (0.42, 0.3, 0.12, 0.16)],
            loop="o in pmo.objectives",
            cells=["{{ o.text }}", "{{ o.measure }}", "{{ o.target }}", "{{ o.due|date }}"],
        )
        otherwise(doc)
        guidance(
            doc,
            t(
                "Aucun objectif n'est encore défini dans pmo.yaml (pmo.objectives) : ajoutez-en trois à cinq.",
                "No objective is defined in pmo.yaml yet (pmo.objectives): add three to five.",
            ),
        )

    heading(doc, t("4. Type de PMO et services offerts", "4. PMO type and services"))
    para(
        doc,
        t(
            "Le PMO est un PMO {{ pmo.type_label }} : {{ pmo.type_description }}",
            "The PMO is a {{ pmo.type_label }} PMO: {{ pmo.type_description }}",
        ),
    )
    para(doc, t("Services offerts aux projets et à la direction :", "Services offered to projects and management:"))
    bullets(
        doc,
        "m in pmo.mandate",
        "{{ m.label }} — {{ m.description }}",
        t("Listez les services du PMO.", "List the PMO's services."),
    )

    heading(doc, t("5. Clients et parties prenantes", "5. Customers and stakeholders"))
    table(
        doc,
        [
            t("Partie prenante", "Stakeholder"),
            t("Place dans la gouvernance", "Place in governance"),
            t("Attentes vis-à-vis du PMO", "Expectations of the PMO"),
        ],
        [width * f for f in (0.3, 0.25, 0.45)],
        loop="r in stakeholder_roles",
        cells=["{{ r.name }}", "{{ r.kind_label }}", blank(t)],
    )

    heading(doc, t("6. Structure et organisation", "6. Structure and organisation"))
    para(
        doc,
        t(
            "Le PMO est rattaché à [direction de rattachement]. La gouvernance des projets s'appuie sur les "
            "instances suivantes ; chacune escalade vers l'instance indiquée.",
            "The PMO reports to [reporting line]. Project governance relies on the bodies below; each "
            "escalates to the body shown.",
        ),
    )
    with when(doc, "org_chart"):
        para(doc, "{{ org_chart }}").alignment = 1
    table(
        doc,
        [
            t("Instance", "Body"),
            t("Président", "Chair"),
            t("Membres", "Members"),
            t("Fréquence", "Cadence"),
            t("Escalade vers", "Escalates to"),
        ],
        [width * f for f in (0.19, 0.15, 0.26, 0.22, 0.18)],
        loop="b in bodies",
        cells=[
            "{{ b.name }}",
            "{{ b.chair }}",
            "{{ b.members_text }}",
            "{{ b.cadence }}",
            t("{{ b.escalates_to or '—' }}", "{{ b.escalates_to or '—' }}"),
        ],
        font_size=8.5,
    )

    heading(doc, t("7. Rôles, responsabilités et autorité", "7. Roles, responsibilities and authority"))
    with each(doc, "r in roles"):
        heading(doc, "{{ r.name }}", 3)
        para(doc, "{{ r.kind_label }}", italic=True, size=9)
        bullets(doc, "x in r.responsibilities", "{{ x }}")

    heading(doc, t("8. Droits de décision", "8. Decision rights"))
    with each(doc, "b in bodies"):
        heading(doc, "{{ b.name }}", 3)
        para(doc, "{{ b.purpose }}", italic=True)
        bullets(doc, "x in b.decision_rights", "{{ x }}")
    with when(doc, "raci"):
        heading(doc, t("Matrice RACI des processus", "RACI matrix of the processes"), 3)
        para(
            doc,
            t(
                "R : réalise, A : approuve (un seul par processus), S : soutient, C : consulté, I : informé.",
                "R: responsible, A: accountable (one per process), S: support, C: consulted, I: informed.",
            ),
            size=9,
            italic=True,
        )
        table(
            doc,
            [t("Processus", "Process"), "R", "A", "S", "C", "I"],
            [width * f for f in (0.24, 0.16, 0.14, 0.14, 0.16, 0.16)],
            loop="p in raci",
            cells=["{{ p.name }}", "{{ p.R }}", "{{ p.A }}", "{{ p.S }}", "{{ p.C }}", "{{ p.I }}"],
            font_size=8,
        )

    heading(doc, t("9. Niveaux de projet et tolérances", "9. Project tiers and tolerances"))
    para(
        doc,
        t(
            "Chaque projet est classé dans un niveau selon son budget. Le niveau fixe les jalons à passer, "
            "la fréquence du reporting, les documents exigés et l'instance qui traite ses dépassements.",
            "Every project is placed in a tier by its budget. The tier sets the gates to pass, the "
            "reporting frequency, the documents required and the body that handles its breaches.",
        ),
    )
    table(
        doc,
        [
            t("Niveau", "Tier"),
            t("Budget", "Budget"),
            t("Jalons", "Gates"),
            t("Reporting", "Reporting"),
            t("Escalade", "Escalation"),
        ],
        [width * f for f in (0.2, 0.22, 0.26, 0.13, 0.19)],
        loop="tier in tiers",
        cells=[
            "{{ tier.name }}",
            "{{ tier.budget_text }}",
            "{{ tier.gates_text }}",
            "{{ tier.reporting }}",
            "{{ tier.escalation_body }}",
        ],
        font_size=8.5,
    )
    tolerance_table(doc, t, "tiers")

    heading(doc, t("10. Revues de jalon", "10. Stage gates"))
    table(
        doc,
        [t("N°", "No."), t("Jalon", "Gate"), t("Approbateur", "Approver"), t("Niveaux concernés", "Tiers")],
        [width * f for f in (0.08, 0.34, 0.28, 0.3)],
        loop="g in gates",
        cells=["{{ g.order }}", "{{ g.name }}", "{{ g.approver_text }}", "{{ g.tiers_text }}"],
    )
    para(
        doc,
        t(
            "Les critères d'entrée et de sortie de chaque jalon figurent dans les listes de contrôle du kit.",
            "The entry and exit criteria of each gate are in the kit's gate checklists.",
        ),
        size=9,
        italic=True,
    )

    heading(doc, t("11. Calendrier de gouvernance", "11. Governance calendar"))
    table(
        doc,
        [t("Instance", "Body"), t("Fréquence", "Cadence"), t("Prochaines réunions", "Next meetings")],
        [width * f for f in (0.28, 0.36, 0.36)],
        loop="b in bodies",
        cells=["{{ b.name }}", "{{ b.cadence }}", "{{ b.next_meetings_text }}"],
    )

    heading(doc, t("12. Documents standards", "12. Standard documents"))
    para(
        doc,
        t(
            "Le kit documentaire du PMO ; « obligatoire pour » indique les niveaux de projet qui doivent "
            "produire le document.",
            "The PMO's document kit; 'required for' gives the project tiers that must produce the document.",
        ),
    )
    table(
        doc,
        [t("Document", "Document"), t("Obligatoire pour", "Required for")],
        [width * 0.55, width * 0.45],
        loop="d in kit_documents",
        cells=["{{ d.title }}", "{{ d.required_for }}"],
    )

    heading(doc, t("13. Facteurs de succès et indicateurs", "13. Success factors and measures"))
    para(
        doc, t("Le PMO mesure sa propre performance chaque mois :", "The PMO measures its own performance every month:")
    )
    with each(doc, "o in pmo.objectives"):
        bullet(
            doc,
            t(
                "{{ o.measure or o.text }} — cible : {{ o.target or 'à fixer' }}",
                "{{ o.measure or o.text }} — target: {{ o.target or 'to be set' }}",
            ),
        )
    for line in (
        t("part des projets qui publient leur rapport à temps", "share of projects reporting on time"),
        t("part des projets dans les délais et dans le budget", "share of projects on schedule and on budget"),
        t("taux de jalons tenus et conformité aux revues de jalon", "milestone hit rate and stage-gate compliance"),
        t("bénéfices réalisés par rapport aux bénéfices prévus", "benefits realised against benefits planned"),
        t("progression de la maturité entre deux évaluations", "maturity progress between two assessments"),
    ):
        bullet(doc, line)
    guidance(
        doc,
        t(
            "Ajoutez les facteurs clés de succès propres à l'organisation (soutien de la direction, "
            "disponibilité des chefs de projet, outillage…).",
            "Add the organisation's own critical success factors (executive support, project managers' "
            "availability, tooling…).",
        ),
    )

    heading(doc, t("14. Financement", "14. Funding"))
    table(
        doc,
        [t("Poste", "Item"), t("Montant annuel (€)", "Annual amount (EUR)"), t("Commentaire", "Comment")],
        [width * f for f in (0.4, 0.25, 0.35)],
        rows=[
            [t("Équipe du PMO", "PMO team"), blank(t), ""],
            [t("Outils", "Tools"), blank(t), ""],
            [t("Formation des chefs de projet", "Project manager training"), blank(t), ""],
            [t("Accompagnement externe", "External support"), blank(t), ""],
        ],
    )

    heading(doc, t("15. Validation", "15. Sign-off"))
    para(
        doc,
        t(
            "Instance d'approbation de la charte : {{ top_body or 'direction générale' }}.",
            "Approving body of this charter: {{ top_body or 'executive management' }}.",
        ),
    )
    signatures(doc, t, [t("Sponsor du PMO", "PMO sponsor"), t("Responsable du PMO", "PMO manager")])
    return doc


def build_project_charter(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Charte de projet", "Project charter"),
        "{{ project.name }} — {{ client.name }}",
        t("Charte de projet — {{ project.name }}", "Project charter — {{ project.name }}"),
        intro=t(
            "La charte autorise le projet : elle fixe ses objectifs, son périmètre, son budget et l'autorité "
            "du chef de projet. Le sponsor la signe au premier jalon.",
            "The charter authorises the project: it sets its objectives, scope, budget and the project "
            "manager's authority. The sponsor signs it at the first gate.",
        ),
    )
    width = text_width(doc)
    heading(doc, t("1. Identification", "1. Identification"))
    identification(
        doc,
        t,
        [
            (t("Budget", "Budget"), "{{ project.budget_text }}"),
            (t("Début", "Start"), "{{ project.start|date }}"),
            (t("Fin prévue", "Planned end"), "{{ project.end|date }}"),
            (t("Reporting", "Reporting"), "{{ project.reporting }}"),
        ],
    )

    heading(doc, t("2. Objet et justification", "2. Purpose and justification"))
    guidance(
        doc,
        t(
            "Quel problème ou quelle opportunité le projet traite-t-il ? Pourquoi maintenant ? À quel "
            "objectif de l'entreprise contribue-t-il ?",
            "Which problem or opportunity does the project address? Why now? Which business objective does it serve?",
        ),
    )

    heading(doc, t("3. Objectifs mesurables et critères de succès", "3. Measurable objectives and success criteria"))
    table(
        doc,
        [t("Objectif", "Objective"), t("Indicateur", "Measure"), t("Cible", "Target"), t("Échéance", "Due")],
        [width * f for f in (0.4, 0.3, 0.15, 0.15)],
        rows=[[blank(t), blank(t), "", ""] for _ in range(3)],
    )

    heading(doc, t("4. Exigences de haut niveau", "4. High-level requirements"))
    guidance(
        doc,
        t(
            "Les exigences essentielles, sans détail de solution : ce que le résultat doit permettre.",
            "The essential requirements, without solution detail: what the result must make possible.",
        ),
    )
    bullet(doc, blank(t))

    heading(doc, t("5. Périmètre", "5. Scope"))
    table(
        doc,
        [t("Inclus dans le périmètre", "In scope"), t("Exclu du périmètre", "Out of scope")],
        [width / 2, width / 2],
        rows=[[blank(t), blank(t)] for _ in range(3)],
    )

    heading(doc, t("6. Hypothèses et contraintes", "6. Assumptions and constraints"))
    table(
        doc,
        [t("Type", "Type"), t("Description", "Description")],
        [width * 0.25, width * 0.75],
        rows=[
            [t("Hypothèse", "Assumption"), blank(t)],
            [t("Hypothèse", "Assumption"), blank(t)],
            [t("Contrainte", "Constraint"), blank(t)],
            [t("Contrainte", "Constraint"), blank(t)],
        ],
    )

    heading(doc, t("7. Risques majeurs", "7. High-level risks"))
    guidance(
        doc,
        t(
            "Les trois à cinq risques principaux, notés sur les échelles du registre des risques (1 à 5).",
            "The three to five main risks, scored on the risk register's scales (1 to 5).",
        ),
    )
    table(
        doc,
        [
            t("Risque", "Risk"),
            t("Probabilité (1-5)", "Likelihood (1-5)"),
            t("Impact (1-5)", "Impact (1-5)"),
            t("Réponse", "Response"),
            t("Responsable", "Owner"),
        ],
        [width * f for f in (0.33, 0.15, 0.12, 0.22, 0.18)],
        rows=[[blank(t), "", "", "", ""] for _ in range(3)],
        row_height=0.8,
    )

    heading(doc, t("8. Jalons", "8. Milestones"))
    table(
        doc,
        [t("N°", "No."), t("Jalon", "Milestone"), t("Approbateur", "Approver"), t("Date prévue", "Planned date")],
        [width * f for f in (0.08, 0.42, 0.3, 0.2)],
        rows=[["", t("Lancement du projet", "Project start"), "{{ project.sponsor }}", "{{ project.start|date }}"]],
        loop="g in project.gates",
        cells=["{{ g.order }}", "{{ g.name }}", "{{ g.approver }}", blank_date(t)],
        after=[
            ["", t("Fin prévue du projet", "Planned project end"), "{{ project.sponsor }}", "{{ project.end|date }}"]
        ],
    )

    heading(doc, t("9. Budget", "9. Budget"))
    table(
        doc,
        [t("Poste", "Item"), t("Montant (€)", "Amount (EUR)")],
        [width * 0.6, width * 0.4],
        rows=[
            [t("Personnel interne", "Internal staff"), blank(t)],
            [t("Prestations externes", "External services"), blank(t)],
            [t("Matériel et logiciels", "Hardware and software"), blank(t)],
            [t("Provision pour risques", "Risk contingency"), blank(t)],
            [t("Budget total (BAC)", "Total budget (BAC)"), "{{ project.budget_text }}"],
        ],
    )

    heading(doc, t("10. Parties prenantes", "10. Stakeholders"))
    table(
        doc,
        [
            t("Nom", "Name"),
            t("Rôle", "Role"),
            t("Intérêt et attentes", "Interest and expectations"),
            t("Influence", "Influence"),
        ],
        [width * f for f in (0.24, 0.22, 0.38, 0.16)],
        rows=[
            ["{{ project.sponsor }}", t("Sponsor", "Sponsor"), blank(t), t("Forte", "High")],
            ["{{ project.manager }}", t("Chef de projet", "Project manager"), blank(t), t("Forte", "High")],
            [blank(t), "", "", ""],
            [blank(t), "", "", ""],
        ],
    )

    heading(doc, t("11. Gouvernance du projet", "11. Project governance"))
    para(
        doc,
        t(
            "Le projet est classé en « {{ project.tier_name }} ». Il publie un rapport d'avancement "
            "{{ project.reporting }} et ses dépassements de tolérance au seuil rouge sont escaladés à l'instance "
            "suivante : {{ project.escalation_body }}.",
            "The project is classed as '{{ project.tier_name }}'. It publishes a {{ project.reporting }} status "
            "report and its red tolerance breaches are escalated to: {{ project.escalation_body }}.",
        ),
    )
    tolerance_table(doc, t)

    heading(doc, t("12. Chef de projet et autorité", "12. Project manager and authority"))
    para(
        doc,
        t(
            "{{ project.manager }} est nommé chef de projet. Il dirige l'équipe au quotidien et décide dans les "
            "limites des tolérances ci-dessus. Toute prévision de dépassement du seuil rouge est remontée sans "
            "délai au sponsor.",
            "{{ project.manager }} is appointed project manager, runs the team day to day and decides within "
            "the tolerances above. Any forecast breach of a red threshold goes to the sponsor without delay.",
        ),
    )
    bullets(doc, "x in role_responsibilities.project_manager", "{{ x }}")

    heading(doc, t("13. Sponsor", "13. Sponsor"))
    para(
        doc,
        t(
            "{{ project.sponsor }} est le sponsor du projet et en porte la justification.",
            "{{ project.sponsor }} is the project's sponsor and owns its justification.",
        ),
    )
    bullets(doc, "x in role_responsibilities.sponsor", "{{ x }}")

    heading(doc, t("14. Approbation", "14. Approval"))
    para(
        doc,
        t(
            "{% if project.gates %}L'approbation de la charte conditionne le passage du jalon « "
            "{{ project.gates[0].name }} » ({{ project.gates[0].approver }}).{% else %}La charte est "
            "approuvée par le sponsor.{% endif %}",
            "{% if project.gates %}Approval of the charter is a condition of the '{{ project.gates[0].name }}' "
            "gate ({{ project.gates[0].approver }}).{% else %}The sponsor approves the charter.{% endif %}",
        ),
    )
    signatures(
        doc,
        t,
        [t("Sponsor", "Sponsor"), t("Chef de projet", "Project manager"), t("Responsable du PMO", "PMO manager")],
    )
    return doc


BUILDS = {
    "pmo_charter": build_pmo_charter,
    "project_charter": build_project_charter,
}
