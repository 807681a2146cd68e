"""Authoring of the PMO staffing and training plan templates (staffing_plan.fr.docx / .en.docx)."""
from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Pt

from docx_builder import _set_widths, bullet, centered_image, heading, new_document, para, table, tag

LABELS = {
    "fr": {
        "title": "Plan d'effectifs et de formation du PMO",
        "subtitle": "{{ client }} — {{ today|date }}",
        "prepared": "Préparé par {{ consultant }}. Étape 5 de la mise en place du PMO : identifier et former "
                    "l'équipe du PMO.",
        "summary": "Synthèse",
        "summary_team": "Pour un PMO {{ pmo_type }} qui suit {{ projects }} projets ({{ weighted_projects|number(2) }} "
                        "projets pondérés), l'équipe cible compte {{ total_fte|number(1) }} ETP, pour une masse "
                        "salariale de base de {{ total_annual_cost|number }} € par an "
                        "({{ total_employer_cost|number }} € en coût employeur).",
        "summary_people": "{% if has_people %}L'équipe actuelle compte {{ people_count }} personne(s), soit "
                          "{{ current_fte|number(1) }} ETP{% if to_recruit > 0 %} : {{ to_recruit|number(1) }} ETP "
                          "sont à recruter{% else %} : aucun recrutement n'est nécessaire{% endif %}. "
                          "{{ gap_count }} écart(s) de compétence ont été relevés.{% else %}L'équipe actuelle du PMO "
                          "n'est pas renseignée : l'équipe est entièrement à constituer.{% endif %}",
        "summary_budget": "{% if budget_total %}Le plan de formation représente {{ budget_total|number }} € à partir du "
                          "{{ first_quarter }} : {{ plan_total|number }} € pour l'équipe du PMO et "
                          "{{ workshops_total|number }} € d'ateliers pour les chefs de projet.{% else %}Aucune "
                          "formation n'est planifiée à ce stade.{% endif %}",
        "sizing": "Dimensionnement de l'équipe",
        "portfolio": "Portefeuille et mandat",
        "portfolio_text": "Projets suivis : {{ portfolio_source }}. Fonctions du PMO ({{ mandate_source }}) : "
                          "{{ mandate|join(', ') }}.",
        "tier_cols": ["Niveau de projet", "Projets", "Poids", "Projets pondérés"],
        "method": "Charge de travail par fonction",
        "method_text": "La charge de chaque fonction est une part fixe (posséder un processus, préparer un comité) plus "
                       "une part par projet pondéré : chaque projet compte pour le poids de son niveau (tableau "
                       "ci-dessus ; par défaut 1 au niveau 1 et, à chaque niveau inférieur, la moitié du précédent). "
                       "Elle est multipliée par le facteur du type de PMO ({{ type_factor|number(1) }} pour un PMO "
                       "{{ pmo_type }}). Un ETP représente {{ annual_hours|number }} heures productives par an. Tous "
                       "ces ratios se modifient dans pmo.yaml, section staffing.",
        "function_cols": ["Fonction", "Heures par mois", "ETP"],
        "roles_fte": "Rôles, ETP et coûts",
        "role_cols": ["Rôle", "ETP", "Salaire de base", "Coût annuel", "Coût employeur"],
        "rule_note": "{{ r.name }} : {{ r.computed_fte|number(2) }} ETP calculés, {{ r.fte|number(1) }} retenus "
                     "({{ r.note }}).",
        "directive_note": "Dans un PMO de pilotage direct, les chefs de projet rattachés au PMO ne sont pas comptés "
                          "ici : ils sont dimensionnés projet par projet.",
        "org": "Organigramme du PMO",
        "org_text": "Les cadres en pointillés signalent un poste à pourvoir.",
        "roles": "Rôles et responsabilités",
        "certification": "Certification recommandée : {{ r.certifications }}.",
        "levels_title": "Niveaux de compétence attendus",
        "levels_text": "Échelle : {% for l in levels %}{{ l.level }} {{ l.name }}{% if not loop.last %}, "
                       "{% endif %}{% endfor %}.",
        "skill": "Compétence",
        "team": "Équipe actuelle et recrutements",
        "team_cols": ["Rôle", "ETP cible", "ETP actuel", "Écart", "Personnes", "Action"],
        "no_people": "Aucune liste de l'équipe actuelle (data/people.csv) : tous les postes sont à pourvoir.",
        "skills": "Compétences de l'équipe",
        "skills_text": "Chaque personne a évalué ses compétences de 1 à 5 (source : {{ people_source }}). Chaque case "
                       "indique le niveau déclaré et le niveau attendu pour le rôle.",
        "gaps": "Écarts de compétence",
        "gap_cols": ["Personne", "Compétence", "Niveau", "Attendu", "Écart"],
        "no_gaps": "Aucun écart : chaque personne atteint le niveau attendu pour son rôle.",
        "not_assessed": "Compétences non évaluées, à compléter avant de valider le plan :",
        "progress": "Évolution depuis la mesure de {{ previous_period }}",
        "progress_cols": ["Personne", "Compétence", "Avant", "Maintenant"],
        "plan": "Plan de formation et de certification de l'équipe",
        "plan_text": "Pour chaque écart, la formation du catalogue la moins chère qui amène au niveau attendu ; une "
                     "certification attendue pour le rôle passe en premier et couvre les écarts qu'elle traite. "
                     "Chacun suit au plus {{ days_per_quarter_text }} jours de formation par trimestre, les plus "
                     "grands écarts d'abord.",
        "plan_cols": ["N°", "Trimestre", "Personne", "Formation ou certification", "Compétences visées", "Jours",
                      "Coût"],
        "no_plan": "{% if has_people %}Aucune formation n'est nécessaire pour l'équipe actuelle.{% else %}La "
                   "formation de l'équipe sera planifiée une fois les postes pourvus et les compétences "
                   "évaluées.{% endif %}",
        "no_budget": "Aucun budget de formation à prévoir à ce stade.",
        "small_roles": "Les rôles de moins d'un mi-temps peuvent être confiés à une même personne ou à un membre "
                       "de l'équipe déjà en place.",
        "prices": "Tarifs retenus",
        "prerequisites": " Prérequis : {{ n.prerequisites }}",
        "workshops": "Formation des chefs de projet",
        "workshops_text": "D'après l'évaluation de maturité {{ assessment_campaign }}, le PMO organise un atelier pour "
                          "chacune des dimensions les plus faibles (niveau {{ workshop_max_level }} ou moins), à "
                          "l'intention des {{ project_managers }} chefs de projet du portefeuille, par groupes de "
                          "{{ group_size }} au plus.",
        "workshop_cols": ["Trimestre", "Atelier", "Dimension (niveau)", "Public", "Sessions", "Coût"],
        "external": " (intervenant externe)",
        "no_weak": "Aucune dimension de l'évaluation n'est assez faible pour justifier un atelier.",
        "without": "Dimensions faibles sans atelier au catalogue : {{ weak_without_workshop|join(', ') }}.",
        "no_assessment": "Aucune évaluation de maturité n'est encore enregistrée : les ateliers destinés aux chefs de "
                         "projet seront définis à partir de ses résultats.",
        "budget": "Budget par trimestre",
        "budget_cols": ["Trimestre", "Équipe du PMO", "Chefs de projet", "Total"],
        "assumptions": "Hypothèses",
        "salary_line": "{{ s.role }} : {{ s.salary|number }} € bruts par an ({% if s.published %}salaire de base "
                       "annuel moyen en France{% else %}montant retenu pour la mission{% endif %}).",
        "on_cost": "Coût employeur : salaire de base majoré de {{ employer_on_cost|percent }} de charges patronales "
                   "(estimation).",
        "usd": "Tarifs en dollars convertis à {{ usd_rate|number(2) }} € pour 1 USD (taux indicatif).",
        "estimates": "Prix hors taxes. Les frais d'examen des certifications sont les tarifs publiés ; les prix des "
                     "formations et des préparations sont des estimations du marché français (environ 650 € par jour "
                     "en inter-entreprises), à confirmer avec le service formation avant engagement.",
        "total": "Total",
        "money": "{} €",
    },
    "en": {
        "title": "PMO staffing and training plan",
        "subtitle": "{{ client }} — {{ today|date }}",
        "prepared": "Prepared by {{ consultant }}. Step 5 of setting up the PMO: identify and train the PMO staff.",
        "summary": "Executive summary",
        "summary_team": "For a {{ pmo_type }} PMO overseeing {{ projects }} projects ({{ weighted_projects|number(2) }} "
                        "weighted projects), the target team is {{ total_fte|number(1) }} FTE, with base salaries of "
                        "€{{ total_annual_cost|number }} a year (€{{ total_employer_cost|number }} employer cost).",
        "summary_people": "{% if has_people %}The current team has {{ people_count }} person(s), "
                          "{{ current_fte|number(1) }} FTE{% if to_recruit > 0 %}: {{ to_recruit|number(1) }} FTE "
                          "to hire{% else %}: no hiring needed{% endif %}. {{ gap_count }} skill gap(s) were "
                          "found.{% else %}The current PMO team is not listed: the whole team is to be built.{% endif %}",
        "summary_budget": "{% if budget_total %}The training plan comes to €{{ budget_total|number }} from "
                          "{{ first_quarter }}: €{{ plan_total|number }} for the PMO team and "
                          "€{{ workshops_total|number }} of workshops for project managers.{% else %}No training is "
                          "planned at this stage.{% endif %}",
        "sizing": "Sizing the team",
        "portfolio": "Portfolio and mandate",
        "portfolio_text": "Projects overseen: {{ portfolio_source }}. PMO functions ({{ mandate_source }}): "
                          "{{ mandate|join(', ') }}.",
        "tier_cols": ["Project tier", "Projects", "Weight", "Weighted projects"],
        "method": "Workload by function",
        "method_text": "Each function's workload is a fixed part (owning a process, preparing a board) plus a part per "
                       "weighted project: each project counts for its tier's weight (table above; by default 1 for "
                       "tier 1 and, for each smaller tier, half the one above). It is "
                       "multiplied by the PMO type factor ({{ type_factor|number(1) }} for a {{ pmo_type }} PMO). One "
                       "FTE is {{ annual_hours|number }} productive hours a year. Every ratio can be changed in "
                       "pmo.yaml, section staffing.",
        "function_cols": ["Function", "Hours a month", "FTE"],
        "roles_fte": "Roles, FTE and costs",
        "role_cols": ["Role", "FTE", "Base salary", "Annual cost", "Employer cost"],
        "rule_note": "{{ r.name }}: {{ r.computed_fte|number(2) }} FTE computed, {{ r.fte|number(1) }} retained "
                     "({{ r.note }}).",
        "directive_note": "In a directive PMO, the project managers who report to the PMO are not counted here: they "
                          "are sized project by project.",
        "org": "PMO organisation chart",
        "org_text": "Dashed boxes show positions to fill.",
        "roles": "Roles and responsibilities",
        "certification": "Recommended certification: {{ r.certifications }}.",
        "levels_title": "Expected skill levels",
        "levels_text": "Scale: {% for l in levels %}{{ l.level }} {{ l.name }}{% if not loop.last %}, "
                       "{% endif %}{% endfor %}.",
        "skill": "Skill",
        "team": "Current team and hiring",
        "team_cols": ["Role", "Target FTE", "Current FTE", "Difference", "People", "Action"],
        "no_people": "No list of the current team (data/people.csv): every position is to be filled.",
        "skills": "Team skills",
        "skills_text": "Each person assessed their skills from 1 to 5 (source: {{ people_source }}). Each cell shows "
                       "the level declared and the level the role requires.",
        "gaps": "Skill gaps",
        "gap_cols": ["Person", "Skill", "Level", "Required", "Gap"],
        "no_gaps": "No gap: everyone reaches the level their role requires.",
        "not_assessed": "Skills not assessed, to complete before the plan is approved:",
        "progress": "Change since the {{ previous_period }} assessment",
        "progress_cols": ["Person", "Skill", "Before", "Now"],
        "plan": "Training and certification plan for the team",
        "plan_text": "For each gap, the cheapest catalogue course that reaches the required level; a certification the "
                     "role expects comes first and covers the gaps it addresses. Each person follows at most "
                     "{{ days_per_quarter_text }} training days a quarter, largest gaps first.",
        "plan_cols": ["No.", "Quarter", "Person", "Course or certification", "Skills addressed", "Days", "Cost"],
        "no_plan": "{% if has_people %}The current team needs no training.{% else %}The team's training will be "
                   "planned once the positions are filled and the skills assessed.{% endif %}",
        "no_budget": "No training budget at this stage.",
        "small_roles": "Roles of less than half time can be given to one person, or to a member of the team already "
                       "in place.",
        "prices": "Prices used",
        "prerequisites": " Prerequisites: {{ n.prerequisites }}",
        "workshops": "Training for project managers",
        "workshops_text": "Based on the {{ assessment_campaign }} maturity assessment, the PMO runs a workshop for each "
                          "of the weakest dimensions (level {{ workshop_max_level }} or below), for the portfolio's "
                          "{{ project_managers }} project managers, in groups of at most {{ group_size }}.",
        "workshop_cols": ["Quarter", "Workshop", "Dimension (level)", "Audience", "Sessions", "Cost"],
        "external": " (external trainer)",
        "no_weak": "No dimension of the assessment is weak enough to call for a workshop.",
        "without": "Weak dimensions without a workshop in the catalogue: {{ weak_without_workshop|join(', ') }}.",
        "no_assessment": "No maturity assessment is stored yet: the workshops for project managers will be set from "
                         "its results.",
        "budget": "Budget by quarter",
        "budget_cols": ["Quarter", "PMO team", "Project managers", "Total"],
        "assumptions": "Assumptions",
        "salary_line": "{{ s.role }}: €{{ s.salary|number }} gross a year ({% if s.published %}average base salary "
                       "in France{% else %}figure set for this engagement{% endif %}).",
        "on_cost": "Employer cost: base salary plus {{ employer_on_cost|percent }} of employer social charges "
                   "(estimate).",
        "usd": "Prices in US dollars converted at €{{ usd_rate|number(2) }} for USD 1 (indicative rate).",
        "estimates": "Prices exclude VAT. Certification exam fees are published prices; course and preparation prices "
                     "are estimates for the French market (about €650 a day for an open course), to be confirmed "
                     "with the training department before committing.",
        "total": "Total",
        "money": "€{}",
    },
}


def _money(t: dict, expression: str) -> str:
    return t["money"].format(f"{{{{ {expression}|number }}}}")


def total_row(result, values: list[str], widths: list[float], font_size: float = 9) -> None:
    """A bold row after a table's {%tr for %} loop (the totals)."""
    row = result.add_row()
    for cell, value in zip(row.cells, values):
        cell.text = value
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.space_after = Pt(0)
            for run in paragraph.runs:
                run.font.size = Pt(font_size)
                run.font.bold = True
    _set_widths(result, widths)


def numeric(result, columns: list[int]) -> None:
    """Right-align the columns holding numbers (header included), as a reader compares them."""
    for row in result.rows:
        for index in columns:
            for paragraph in row.cells[index].paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def keep_together(result, whole: bool = True) -> None:
    """Rows never split across pages; a short table (`whole`) also stays on one page with its total."""
    for position, row in enumerate(result.rows):
        properties = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        properties.append(cant_split)
        if whole and position < len(result.rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def build(language: str, folder: Path) -> Path:
    t = LABELS[language]
    money = lambda expression: _money(t, expression)  # noqa: E731
    doc = new_document(f"{t['title']} — {{{{ client }}}}", "{{ today|date }}")
    doc.add_paragraph(t["title"], style="Title")
    para(doc, t["subtitle"], size=13)
    para(doc, t["prepared"], italic=True)

    heading(doc, t["summary"])
    para(doc, t["summary_team"])
    para(doc, t["summary_people"])
    para(doc, t["summary_budget"])

    heading(doc, t["sizing"])
    heading(doc, t["portfolio"], 2)
    para(doc, t["portfolio_text"])
    widths = [7.0, 3.0, 3.0, 3.0]
    result = table(doc, t["tier_cols"], widths, loop="tier in tiers",
                   cells=["{{ tier.name }}", "{{ tier.count }}", "{{ tier.weight|number(2) }}",
                          "{{ tier.weighted|number(2) }}"])
    total_row(result, [t["total"], "{{ projects }}", "", "{{ weighted_projects|number(2) }}"], widths)
    numeric(result, [1, 2, 3])
    keep_together(result)
    heading(doc, t["method"], 2)
    para(doc, t["method_text"])
    widths = [10.4, 3.3, 2.3]
    result = table(doc, t["function_cols"], widths, loop="f in functions",
                   cells=["{{ f.name }}", "{{ f.hours|number(1) }}", "{{ f.fte|number(2) }}"])
    total_row(result, [t["total"], "{{ function_hours|number(1) }}",
                       "{{ (function_hours * 12 / annual_hours)|number(2) }}"], widths)
    numeric(result, [1, 2])
    keep_together(result)
    heading(doc, t["roles_fte"], 2)
    widths = [4.6, 1.4, 3.2, 3.2, 3.6]
    result = table(doc, t["role_cols"], widths, loop="r in roles",
                   cells=["{{ r.name }}", "{{ r.fte|number(1) }}", money("r.salary"), money("r.annual_cost"),
                          money("r.employer_cost")])
    total_row(result, [t["total"], "{{ total_fte|number(1) }}", "", money("total_annual_cost"),
                       money("total_employer_cost")], widths)
    numeric(result, [1, 2, 3, 4])
    keep_together(result)
    tag(doc, "{%p for r in roles if r.note %}")
    bullet(doc, t["rule_note"])
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if small_roles %}")
    para(doc, t["small_roles"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if directive %}")
    para(doc, t["directive_note"], italic=True)
    tag(doc, "{%p endif %}")
    heading(doc, t["org"], 2)
    centered_image(doc, "{{ org_chart }}")
    para(doc, t["org_text"], italic=True, size=9)

    heading(doc, t["roles"])
    tag(doc, "{%p for r in roles if r.fte > 0 %}")
    heading(doc, "{{ r.name }} — {{ r.fte|number(1) }} " + ("ETP" if language == "fr" else "FTE"), 2)
    para(doc, "{{ r.summary }}", italic=True)
    tag(doc, "{%p for line in r.responsibilities %}")
    bullet(doc, "{{ line }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if r.certifications %}")
    para(doc, t["certification"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    heading(doc, t["levels_title"], 2)
    para(doc, t["levels_text"], size=9)
    result = table(doc, [t["skill"]] + [f"{{{{ roles[{i}].name }}}}" for i in range(4)], [5.2, 2.7, 2.7, 2.7, 2.7],
                   loop="s in skill_levels",
                   cells=["{{ s.name }}"] + [f"{{{{ s.levels[{i}] }}}}" for i in range(4)], font_size=8.5)
    keep_together(result, whole=False)

    heading(doc, t["team"])
    tag(doc, "{%p if has_people %}")
    result = table(doc, t["team_cols"], [3.7, 1.9, 2.0, 2.0, 3.2, 3.2], loop="m in team",
          cells=["{{ m.role }}", "{{ m.target|number(1) }}", "{{ m.current|number(1) }}",
                 "{% if m.difference > 0 %}+{% endif %}{{ m.difference|number(1) }}", "{{ m.people }}",
                 "{{ m.action }}"])
    numeric(result, [1, 2, 3])
    tag(doc, "{%p else %}")
    para(doc, t["no_people"])
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if has_people %}")
    heading(doc, t["skills"])
    para(doc, t["skills_text"])
    centered_image(doc, "{{ heat_map }}")
    heading(doc, t["gaps"], 2)
    tag(doc, "{%p if gaps %}")
    result = table(doc, t["gap_cols"], [3.8, 6.7, 1.7, 2.1, 1.7], loop="g in gaps",
                   cells=["{{ g.person }}", "{{ g.skill }}", "{{ g.level }}", "{{ g.required }}", "{{ g.gap }}"])
    numeric(result, [2, 3, 4])
    tag(doc, "{%p else %}")
    para(doc, t["no_gaps"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if not_assessed %}")
    para(doc, t["not_assessed"])
    tag(doc, "{%p for n in not_assessed %}")
    bullet(doc, "{{ n.person }} : {{ n.skills }}" if language == "fr" else "{{ n.person }}: {{ n.skills }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if progress %}")
    heading(doc, t["progress"], 2)
    table(doc, t["progress_cols"], [4.5, 7.5, 2.0, 2.0], loop="p in progress",
          cells=["{{ p.person }}", "{{ p.skill }}", "{{ p.before }}", "{{ p.now }}"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")

    heading(doc, t["plan"])
    tag(doc, "{%p if plan %}")
    para(doc, t["plan_text"])
    widths = [0.9, 2.1, 2.8, 4.2, 2.8, 1.3, 1.9]
    result = table(doc, t["plan_cols"], widths, loop="p in plan",
                   cells=["{{ p.order }}", "{{ p.quarter }}", "{{ p.person }}", "{{ p.item }}", "{{ p.skills }}",
                          "{{ p.days|number(1) }}", money("p.cost")], font_size=8.5)
    total_row(result, ["", "", t["total"], "", "", "{{ plan_days|number(1) }}", money("plan_total")], widths, 8.5)
    numeric(result, [0, 5, 6])
    keep_together(result, whole=False)
    heading(doc, t["prices"], 2)
    tag(doc, "{%p for n in price_notes %}")
    bullet(doc, "{{ n.name }}" + (" : " if language == "fr" else ": ") + "{{ n.note }}"
           + "{% if n.prerequisites %}" + t["prerequisites"] + "{% endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, t["no_plan"])
    tag(doc, "{%p endif %}")

    heading(doc, t["workshops"])
    tag(doc, "{%p if has_assessment %}")
    para(doc, t["workshops_text"])
    tag(doc, "{%p if workshops %}")
    widths = [2.1, 4.8, 2.8, 2.6, 1.9, 1.8]
    result = table(doc, t["workshop_cols"], widths, loop="w in workshops",
                   cells=["{{ w.quarter }}", "{{ w.title }}{% if w.external %}" + t["external"] + "{% endif %}",
                          "{{ w.dimension }} ({{ w.level }})", "{{ w.audience }}",
                          "{{ w.sessions }} × {{ w.days|number(1) }} " + ("j" if language == "fr" else "d"),
                          money("w.cost")], font_size=8.5)
    total_row(result, ["", t["total"], "", "", "", money("workshops_total")], widths, 8.5)
    numeric(result, [4, 5])
    keep_together(result, whole=False)
    tag(doc, "{%p else %}")
    para(doc, t["no_weak"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if weak_without_workshop %}")
    para(doc, t["without"], italic=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, t["no_assessment"])
    tag(doc, "{%p endif %}")

    heading(doc, t["budget"])
    tag(doc, "{%p if budget_total %}")
    widths = [4.0, 4.0, 4.0, 4.0]
    result = table(doc, t["budget_cols"], widths, loop="b in budget",
                   cells=["{{ b.quarter }}", money("b.staff"), money("b.project_managers"), money("b.total")])
    total_row(result, [t["total"], money("plan_total"), money("workshops_total"), money("budget_total")], widths)
    numeric(result, [1, 2, 3])
    keep_together(result)
    tag(doc, "{%p else %}")
    para(doc, t["no_budget"])
    tag(doc, "{%p endif %}")

    heading(doc, t["assumptions"])
    tag(doc, "{%p for s in salaries %}")
    bullet(doc, t["salary_line"])
    tag(doc, "{%p endfor %}")
    bullet(doc, t["on_cost"])
    tag(doc, "{%p if usd_rate %}")
    bullet(doc, t["usd"])
    tag(doc, "{%p endif %}")
    bullet(doc, t["estimates"])

    target = folder / f"staffing_plan.{language}.docx"
    doc.save(str(target))
    return target
