"""The PMO staffing and training plan (staffing_plan.<fr|en>.docx), filled in by `pmo staffing`: sizing of the
team, roles, current team and hiring, skills and gaps, training plan, project-manager workshops, budget."""

from __future__ import annotations

from docx.document import Document

from .blocks import (
    Text,
    bullet,
    centered_image,
    each,
    heading,
    keep_together,
    new_document,
    numeric,
    otherwise,
    para,
    table,
    title_block,
    total_row,
    when,
)


def money(t: Text, expression: str) -> str:
    """An amount in euros: `12 000 €` in French, `€12,000` in English (the `number` filter groups digits)."""
    amount = f"{{{{ {expression}|number }}}}"
    return t(f"{amount} €", f"€{amount}")


def totalled_table(
    doc: Document,
    headers: list[str],
    widths: list[float],
    loop: str,
    cells: list[str],
    total: list[str],
    numbers: list[int],
    whole: bool = True,
    font_size: float = 9,
) -> None:
    """One row per item of `loop`, then a bold `total` row; the `numbers` columns right-aligned; rows kept
    together (the whole table on one page when `whole`)."""
    result = table(doc, headers, widths, loop=loop, cells=cells, font_size=font_size)
    total_row(result, total, widths, font_size)
    numeric(result, numbers)
    keep_together(result, whole)


def build(language: str) -> Document:
    t = Text(language)
    title = t("Plan d'effectifs et de formation du PMO", "PMO staffing and training plan")
    doc = new_document(f"{title} — {{{{ client }}}}", "{{ today|date }}")
    title_block(
        doc,
        title,
        "{{ client }} — {{ today|date }}",
        t(
            "Préparé par {{ consultant }}. Étape 5 de la mise en place du PMO : identifier et former l'équipe du PMO.",
            "Prepared by {{ consultant }}. Step 5 of setting up the PMO: identify and train the PMO staff.",
        ),
    )

    heading(doc, t("Synthèse", "Executive summary"))
    para(
        doc,
        t(
            "Pour un PMO {{ pmo_type }} qui suit {{ projects }} projets ({{ weighted_projects|number(2) }} "
            "projets pondérés), l'équipe cible compte {{ total_fte|number(1) }} ETP, pour une masse salariale "
            "de base de {{ total_annual_cost|number }} € par an ({{ total_employer_cost|number }} € en coût "
            "employeur).",
            "For a {{ pmo_type }} PMO overseeing {{ projects }} projects ({{ weighted_projects|number(2) }} "
            "weighted projects), the target team is {{ total_fte|number(1) }} FTE, with base salaries of "
            "€{{ total_annual_cost|number }} a year (€{{ total_employer_cost|number }} employer cost).",
        ),
    )
    para(
        doc,
        t(
            "{% if has_people %}L'équipe actuelle compte {{ people_count }} personne(s), soit "
            "{{ current_fte|number(1) }} ETP{% if to_recruit > 0 %} : {{ to_recruit|number(1) }} ETP sont à "
            "recruter{% else %} : aucun recrutement n'est nécessaire{% endif %}. {{ gap_count }} écart(s) de "
            "compétence ont été relevés.{% else %}L'équipe actuelle du PMO n'est pas renseignée : l'équipe est "
            "entièrement à constituer.{% endif %}",
            "{% if has_people %}The current team has {{ people_count }} person(s), {{ current_fte|number(1) }} "
            "FTE{% if to_recruit > 0 %}: {{ to_recruit|number(1) }} FTE to hire{% else %}: no hiring "
            "needed{% endif %}. {{ gap_count }} skill gap(s) were found.{% else %}The current PMO team is not "
            "listed: the whole team is to be built.{% endif %}",
        ),
    )
    para(
        doc,
        t(
            "{% if budget_total %}Le plan de formation représente {{ budget_total|number }} € à partir du "
            "{{ first_quarter }} : {{ plan_total|number }} € pour l'équipe du PMO et "
            "{{ workshops_total|number }} € d'ateliers pour les chefs de projet.{% else %}Aucune formation "
            "n'est planifiée à ce stade.{% endif %}",
            "{% if budget_total %}The training plan comes to €{{ budget_total|number }} from "
            "{{ first_quarter }}: €{{ plan_total|number }} for the PMO team and €{{ workshops_total|number }} "
            "of workshops for project managers.{% else %}No training is planned at this stage.{% endif %}",
        ),
    )

    heading(doc, t("Dimensionnement de l'équipe", "Sizing the team"))
    heading(doc, t("Portefeuille et mandat", "Portfolio and mandate"), 2)
    para(
        doc,
        t(
            "Projets suivis : {{ portfolio_source }}. Fonctions du PMO ({{ mandate_source }}) : "
            "{{ mandate|join(', ') }}.",
            "Projects overseen: {{ portfolio_source }}. PMO functions ({{ mandate_source }}): "
            "{{ mandate|join(', ') }}.",
        ),
    )
    totalled_table(
        doc,
        [
            t("Niveau de projet", "Project tier"),
            t("Projets", "Projects"),
            t("Poids", "Weight"),
            t("Projets pondérés", "Weighted projects"),
        ],
        [7.0, 3.0, 3.0, 3.0],
        "tier in tiers",
        ["{{ tier.name }}", "{{ tier.count }}", "{{ tier.weight|number(2) }}", "{{ tier.weighted|number(2) }}"],
        total=["Total", "{{ projects }}", "", "{{ weighted_projects|number(2) }}"],
        numbers=[1, 2, 3],
    )
    heading(doc, t("Charge de travail par fonction", "Workload by function"), 2)
    para(
        doc,
        t(
            "La charge de chaque fonction est une part fixe (posséder un processus, préparer un comité) plus "
            "une part par projet pondéré : chaque projet compte pour le poids de son niveau (tableau ci-dessus "
            "; par défaut 1 au niveau 1 et, à chaque niveau inférieur, la moitié du précédent). Elle est "
            "multipliée par le facteur du type de PMO ({{ type_factor|number(1) }} pour un PMO {{ pmo_type }}). "
            "Un ETP représente {{ annual_hours|number }} heures productives par an. Tous ces ratios se "
            "modifient dans pmo.yaml, section staffing.",
            "Each function's workload is a fixed part (owning a process, preparing a board) plus a part per "
            "weighted project: each project counts for its tier's weight (table above; by default 1 for tier 1 "
            "and, for each smaller tier, half the one above). It is multiplied by the PMO type factor "
            "({{ type_factor|number(1) }} for a {{ pmo_type }} PMO). One FTE is {{ annual_hours|number }} "
            "productive hours a year. Every ratio can be changed in pmo.yaml, section staffing.",
        ),
    )
    totalled_table(
        doc,
        [t("Fonction", "Function"), t("Heures par mois", "Hours a month"), t("ETP", "FTE")],
        [10.4, 3.3, 2.3],
        "f in functions",
        ["{{ f.name }}", "{{ f.hours|number(1) }}", "{{ f.fte|number(2) }}"],
        total=["Total", "{{ function_hours|number(1) }}", "{{ (function_hours * 12 / annual_hours)|number(2) }}"],
        numbers=[1, 2],
    )
    heading(doc, t("Rôles, ETP et coûts", "Roles, FTE and costs"), 2)
    totalled_table(
        doc,
        [
            t("Rôle", "Role"),
            t("ETP", "FTE"),
            t("Salaire de base", "Base salary"),
            t("Coût annuel", "Annual cost"),
            t("Coût employeur", "Employer cost"),
        ],
        [4.6, 1.4, 3.2, 3.2, 3.6],
        "r in roles",
        [
            "{{ r.name }}",
            "{{ r.fte|number(1) }}",
            money(t, "r.salary"),
            money(t, "r.annual_cost"),
            money(t, "r.employer_cost"),
        ],
        total=[
            "Total",
            "{{ total_fte|number(1) }}",
            "",
            money(t, "total_annual_cost"),
            money(t, "total_employer_cost"),
        ],
        numbers=[1, 2, 3, 4],
    )
    with each(doc, "r in roles if r.note"):
        bullet(
            doc,
            t(
                "{{ r.name }} : {{ r.computed_fte|number(2) }} ETP calculés, {{ r.fte|number(1) }} retenus "
                "({{ r.note }}).",
                "{{ r.name }}: {{ r.computed_fte|number(2) }} FTE computed, {{ r.fte|number(1) }} retained "
                "({{ r.note }}).",
            ),
        )
    with when(doc, "small_roles"):
        para(
            doc,
            t(
                "Les rôles de moins d'un mi-temps peuvent être confiés à une même personne ou à un membre de "
                "l'équipe déjà en place.",
                "Roles of less than half time can be given to one person, or to a member of the team already in place.",
            ),
        )
    with when(doc, "directive"):
        para(
            doc,
            t(
                "Dans un PMO de pilotage direct, les chefs de projet rattachés au PMO ne sont pas comptés ici : "
                "ils sont dimensionnés projet par projet.",
                "In a directive PMO, the project managers who report to the PMO are not counted here: they are "
                "sized project by project.",
            ),
            italic=True,
        )
    heading(doc, t("Organigramme du PMO", "PMO organisation chart"), 2)
    centered_image(doc, "{{ org_chart }}")
    para(
        doc,
        t("Les cadres en pointillés signalent un poste à pourvoir.", "Dashed boxes show positions to fill."),
        italic=True,
        size=9,
    )

    heading(doc, t("Rôles et responsabilités", "Roles and responsibilities"))
    with each(doc, "r in roles if r.fte > 0"):
        heading(doc, t("{{ r.name }} — {{ r.fte|number(1) }} ETP", "{{ r.name }} — {{ r.fte|number(1) }} FTE"), 2)
        para(doc, "{{ r.summary }}", italic=True)
        with each(doc, "line in r.responsibilities"):
            bullet(doc, "{{ line }}")
        with when(doc, "r.certifications"):
            para(
                doc,
                t(
                    "Certification recommandée : {{ r.certifications }}.",
                    "Recommended certification: {{ r.certifications }}.",
                ),
            )
    heading(doc, t("Niveaux de compétence attendus", "Expected skill levels"), 2)
    para(
        doc,
        t(
            "Échelle : {% for l in levels %}{{ l.level }} {{ l.name }}{% if not loop.last %}, {% endif %}{% endfor %}.",
            "Scale: {% for l in levels %}{{ l.level }} {{ l.name }}{% if not loop.last %}, {% endif %}{% endfor %}.",
        ),
        size=9,
    )
    result = table(
        doc,
        [t("Compétence", "Skill")] + [f"{{{{ roles[{i}].name }}}}" for i in range(4)],
        [5.2, 2.7, 2.7, 2.7, 2.7],
        loop="s in skill_levels",
        cells=["{{ s.name }}"] + [f"{{{{ s.levels[{i}] }}}}" for i in range(4)],
        font_size=8.5,
    )
    keep_together(result, whole=False)

    heading(doc, t("Équipe actuelle et recrutements", "Current team and hiring"))
    with when(doc, "has_people"):
        result = table(
            doc,
            [
                t("Rôle", "Role"),
                t("ETP cible", "Target FTE"),
                t("ETP actuel", "Current FTE"),
                t("Écart", "Difference"),
                t("Personnes", "People"),
                "Action",
            ],
            [3.7, 1.9, 2.0, 2.0, 3.2, 3.2],
            loop="m in team",
            cells=[
                "{{ m.role }}",
                "{{ m.target|number(1) }}",
                "{{ m.current|number(1) }}",
                "{% if m.difference > 0 %}+{% endif %}{{ m.difference|number(1) }}",
                "{{ m.people }}",
                "{{ m.action }}",
            ],
        )
        numeric(result, [1, 2, 3])
        otherwise(doc)
        para(
            doc,
            t(
                "Aucune liste de l'équipe actuelle (data/people.csv) : tous les postes sont à pourvoir.",
                "No list of the current team (data/people.csv): every position is to be filled.",
            ),
        )

    with when(doc, "has_people"):
        heading(doc, t("Compétences de l'équipe", "Team skills"))
        para(
            doc,
            t(
                "Chaque personne a évalué ses compétences de 1 à 5 (source : {{ people_source }}). Chaque case "
                "indique le niveau déclaré et le niveau attendu pour le rôle.",
                "Each person assessed their skills from 1 to 5 (source: {{ people_source }}). Each cell shows the "
                "level declared and the level the role requires.",
            ),
        )
        centered_image(doc, "{{ heat_map }}")
        heading(doc, t("Écarts de compétence", "Skill gaps"), 2)
        with when(doc, "gaps"):
            result = table(
                doc,
                [
                    t("Personne", "Person"),
                    t("Compétence", "Skill"),
                    t("Niveau", "Level"),
                    t("Attendu", "Required"),
                    t("Écart", "Gap"),
                ],
                [3.8, 6.7, 1.7, 2.1, 1.7],
                loop="g in gaps",
                cells=["{{ g.person }}", "{{ g.skill }}", "{{ g.level }}", "{{ g.required }}", "{{ g.gap }}"],
            )
            numeric(result, [2, 3, 4])
            otherwise(doc)
            para(
                doc,
                t(
                    "Aucun écart : chaque personne atteint le niveau attendu pour son rôle.",
                    "No gap: everyone reaches the level their role requires.",
                ),
            )
        with when(doc, "not_assessed"):
            para(
                doc,
                t(
                    "Compétences non évaluées, à compléter avant de valider le plan :",
                    "Skills not assessed, to complete before the plan is approved:",
                ),
            )
            with each(doc, "n in not_assessed"):
                bullet(doc, t("{{ n.person }} : {{ n.skills }}", "{{ n.person }}: {{ n.skills }}"))
        with when(doc, "progress"):
            heading(
                doc,
                t(
                    "Évolution depuis la mesure de {{ previous_period }}",
                    "Change since the {{ previous_period }} assessment",
                ),
                2,
            )
            table(
                doc,
                [t("Personne", "Person"), t("Compétence", "Skill"), t("Avant", "Before"), t("Maintenant", "Now")],
                [4.5, 7.5, 2.0, 2.0],
                loop="p in progress",
                cells=["{{ p.person }}", "{{ p.skill }}", "{{ p.before }}", "{{ p.now }}"],
            )

    heading(doc, t("Plan de formation et de certification de l'équipe", "Training and certification plan for the team"))
    with when(doc, "plan"):
        para(
            doc,
            t(
                "Pour chaque écart, la formation du catalogue la moins chère qui amène au niveau attendu ; une "
                "certification attendue pour le rôle passe en premier et couvre les écarts qu'elle traite. Chacun "
                "suit au plus {{ days_per_quarter_text }} jours de formation par trimestre, les plus grands écarts "
                "d'abord.",
                "For each gap, the cheapest catalogue course that reaches the required level; a certification the "
                "role expects comes first and covers the gaps it addresses. Each person follows at most "
                "{{ days_per_quarter_text }} training days a quarter, largest gaps first.",
            ),
        )
        totalled_table(
            doc,
            [
                t("N°", "No."),
                t("Trimestre", "Quarter"),
                t("Personne", "Person"),
                t("Formation ou certification", "Course or certification"),
                t("Compétences visées", "Skills addressed"),
                t("Jours", "Days"),
                t("Coût", "Cost"),
            ],
            [0.9, 2.1, 2.8, 4.2, 2.8, 1.3, 1.9],
            "p in plan",
            [
                "{{ p.order }}",
                "{{ p.quarter }}",
                "{{ p.person }}",
                "{{ p.item }}",
                "{{ p.skills }}",
                "{{ p.days|number(1) }}",
                money(t, "p.cost"),
            ],
            total=["", "", "Total", "", "", "{{ plan_days|number(1) }}", money(t, "plan_total")],
            numbers=[0, 5, 6],
            whole=False,
            font_size=8.5,
        )
        heading(doc, t("Tarifs retenus", "Prices used"), 2)
        with each(doc, "n in price_notes"):
            bullet(
                doc,
                t(
                    "{{ n.name }} : {{ n.note }}{% if n.prerequisites %} Prérequis : {{ n.prerequisites }}{% endif %}",
                    "{{ n.name }}: {{ n.note }}{% if n.prerequisites %} Prerequisites: "
                    "{{ n.prerequisites }}{% endif %}",
                ),
            )
        otherwise(doc)
        para(
            doc,
            t(
                "{% if has_people %}Aucune formation n'est nécessaire pour l'équipe actuelle.{% else %}La "
                "formation de l'équipe sera planifiée une fois les postes pourvus et les compétences "
                "évaluées.{% endif %}",
                "{% if has_people %}The current team needs no training.{% else %}The team's training will be "
                "planned once the positions are filled and the skills assessed.{% endif %}",
            ),
        )

    heading(doc, t("Formation des chefs de projet", "Training for project managers"))
    with when(doc, "has_assessment"):
        para(
            doc,
            t(
                "D'après l'évaluation de maturité {{ assessment_campaign }}, le PMO organise un atelier pour "
                "chacune des dimensions les plus faibles (niveau {{ workshop_max_level }} ou moins), à l'intention "
                "des {{ project_managers }} chefs de projet du portefeuille, par groupes de {{ group_size }} au "
                "plus.",
                "Based on the {{ assessment_campaign }} maturity assessment, the PMO runs a workshop for each of "
                "the weakest dimensions (level {{ workshop_max_level }} or below), for the portfolio's "
                "{{ project_managers }} project managers, in groups of at most {{ group_size }}.",
            ),
        )
        with when(doc, "workshops"):
            totalled_table(
                doc,
                [
                    t("Trimestre", "Quarter"),
                    t("Atelier", "Workshop"),
                    t("Dimension (niveau)", "Dimension (level)"),
                    t("Public", "Audience"),
                    "Sessions",
                    t("Coût", "Cost"),
                ],
                [2.1, 4.8, 2.8, 2.6, 1.9, 1.8],
                "w in workshops",
                [
                    "{{ w.quarter }}",
                    t(
                        "{{ w.title }}{% if w.external %} (intervenant externe){% endif %}",
                        "{{ w.title }}{% if w.external %} (external trainer){% endif %}",
                    ),
                    "{{ w.dimension }} ({{ w.level }})",
                    "{{ w.audience }}",
                    t("{{ w.sessions }} × {{ w.days|number(1) }} j", "{{ w.sessions }} × {{ w.days|number(1) }} d"),
                    money(t, "w.cost"),
                ],
                total=["", "Total", "", "", "", money(t, "workshops_total")],
                numbers=[4, 5],
                whole=False,
                font_size=8.5,
            )
            otherwise(doc)
            para(
                doc,
                t(
                    "Aucune dimension de l'évaluation n'est assez faible pour justifier un atelier.",
                    "No dimension of the assessment is weak enough to call for a workshop.",
                ),
            )
        with when(doc, "weak_without_workshop"):
            para(
                doc,
                t(
                    "Dimensions faibles sans atelier au catalogue : {{ weak_without_workshop|join(', ') }}.",
                    "Weak dimensions without a workshop in the catalogue: {{ weak_without_workshop|join(', ') }}.",
                ),
                italic=True,
            )
        otherwise(doc)
        para(
            doc,
            t(
                "Aucune évaluation de maturité n'est encore enregistrée : les ateliers destinés aux chefs de "
                "projet seront définis à partir de ses résultats.",
                "No maturity assessment is stored yet: the workshops for project managers will be set from its "
                "results.",
            ),
        )

    heading(doc, t("Budget par trimestre", "Budget by quarter"))
    with when(doc, "budget_total"):
        totalled_table(
            doc,
            [
                t("Trimestre", "Quarter"),
                t("Équipe du PMO", "PMO team"),
                t("Chefs de projet", "Project managers"),
                "Total",
            ],
            [4.0, 4.0, 4.0, 4.0],
            "b in budget",
            ["{{ b.quarter }}", money(t, "b.staff"), money(t, "b.project_managers"), money(t, "b.total")],
            total=["Total", money(t, "plan_total"), money(t, "workshops_total"), money(t, "budget_total")],
            numbers=[1, 2, 3],
        )
        otherwise(doc)
        para(doc, t("Aucun budget de formation à prévoir à ce stade.", "No training budget at this stage."))

    heading(doc, t("Hypothèses", "Assumptions"))
    with each(doc, "s in salaries"):
        bullet(
            doc,
            t(
                "{{ s.role }} : {{ s.salary|number }} € bruts par an ({% if s.published %}salaire de base annuel "
                "moyen en France{% else %}montant retenu pour la mission{% endif %}).",
                "{{ s.role }}: €{{ s.salary|number }} gross a year ({% if s.published %}average base salary in "
                "France{% else %}figure set for this engagement{% endif %}).",
            ),
        )
    bullet(
        doc,
        t(
            "Coût employeur : salaire de base majoré de {{ employer_on_cost|percent }} de charges patronales "
            "(estimation).",
            "Employer cost: base salary plus {{ employer_on_cost|percent }} of employer social charges (estimate).",
        ),
    )
    with when(doc, "usd_rate"):
        bullet(
            doc,
            t(
                "Tarifs en dollars convertis à {{ usd_rate|number(2) }} € pour 1 USD (taux indicatif).",
                "Prices in US dollars converted at €{{ usd_rate|number(2) }} for USD 1 (indicative rate).",
            ),
        )
    bullet(
        doc,
        t(
            "Prix hors taxes. Les frais d'examen des certifications sont les tarifs publiés ; les prix des "
            "formations et des préparations sont des estimations du marché français (environ 650 € par jour "
            "en inter-entreprises), à confirmer avec le service formation avant engagement.",
            "Prices exclude VAT. Certification exam fees are published prices; course and preparation prices "
            "are estimates for the French market (about €650 a day for an open course), to be confirmed with "
            "the training department before committing.",
        ),
    )
    return doc
