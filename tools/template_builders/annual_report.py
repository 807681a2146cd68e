"""The PMO annual report (annual_report.<fr|en>.docx), filled in by `pmo report annual`: summary, maturity,
objectives scorecard, portfolio trends, exceptions, decisions and actions, lessons, staffing, year-two
recommendations, method. Each section says what is missing when its input is not stored."""

from __future__ import annotations

from docx.document import Document
from docx.shared import Pt

from .blocks import (
    Text,
    bullet,
    centered_image,
    each,
    heading,
    new_document,
    new_page,
    numeric,
    otherwise,
    para,
    table,
    title_block,
    total_row,
    when,
)

MONTHS = 12


def _missing(doc: Document, section: str) -> None:
    """Inside `when(<section>.ok)`: otherwise the sentence saying what is missing and which command produces it."""
    otherwise(doc)
    para(doc, f"{{{{ {section}.missing }}}}", italic=True)


def _section(doc: Document, text: str, condition: str) -> None:
    """A section's heading, on a new page when the section has content (`condition`): a section that only says
    what is missing follows the previous one."""
    with when(doc, condition):
        new_page(heading(doc, text))
        otherwise(doc)
        heading(doc, text)


def build(language: str) -> Document:
    t = Text(language, spacing=True)
    title = t("Bilan annuel du PMO", "PMO annual report")
    doc = new_document(f"{title} — {{{{ client }}}}", "{{ year_label }}")
    title_block(
        doc,
        title,
        "{{ client }} — {{ year_label }}",
        t(
            "Les douze mois de {{ first_label }} à {{ last_label }}, arrêtés au {{ period_end|date }}. Bilan "
            "préparé par {{ consultant }}, le {{ today|date }}.",
            "The twelve months from {{ first_label }} to {{ last_label }}, as at {{ period_end|date }}. Report "
            "prepared by {{ consultant }}, on {{ today|date }}.",
        ),
    )

    heading(doc, t("Synthèse", "Summary"))
    with each(doc, "s in summary"):
        bullet(doc, "{{ s }}")
    with when(doc, "missing"):
        heading(doc, t("Ce que le bilan n'a pas trouvé", "What the report did not find"), 2)
        with each(doc, "m in missing"):
            bullet(doc, "{{ m }}")

    # 1. Maturity
    _section(
        doc,
        t("1. Maturité : point de départ et réévaluation", "1. Maturity: baseline and re-assessment"),
        "maturity.ok",
    )
    with when(doc, "maturity.ok"):
        para(doc, "{{ maturity.intro }}")
        centered_image(doc, "{{ radar }}")
        with when(doc, "maturity.compared"):
            result = table(
                doc,
                [
                    "Dimension",
                    "{{ maturity.start_label }}",
                    "{{ maturity.latest_label }}",
                    t("Évolution", "Change"),
                    t("Cible", "Target"),
                    t("Écart restant", "Gap left"),
                ],
                [4.3, 2.7, 2.7, 2.2, 1.5, 2.6],
                loop="r in maturity.rows",
                cells=[
                    "{{ r.name }}",
                    "{{ r.start }}",
                    "{{ r.latest }}",
                    "{{ r.change }}",
                    "{{ r.target }}",
                    "{{ r.gap }}",
                ],
            )
            numeric(result, [3, 4, 5])
            otherwise(doc)
            result = table(
                doc,
                ["Dimension", "{{ maturity.latest_label }}", t("Cible", "Target"), t("Écart restant", "Gap left")],
                [6.4, 3.6, 2.6, 3.4],
                loop="r in maturity.rows",
                cells=["{{ r.name }}", "{{ r.latest }}", "{{ r.target }}", "{{ r.gap }}"],
            )
            numeric(result, [2, 3])
        para(doc, "{{ maturity.overall }}")
        with when(doc, "maturity.note"):
            para(doc, "{{ maturity.note }}", italic=True)
        _missing(doc, "maturity")

    # 2. Objectives scorecard
    _section(doc, t("2. Tableau de bord des objectifs du PMO", "2. PMO objectives scorecard"), "scorecard.ok")
    with when(doc, "scorecard.ok"):
        para(
            doc,
            t(
                "Chaque objectif de pmo.yaml lié à une mesure, tel que chaque revue mensuelle l'a jugé : sa valeur "
                "en début et en fin d'année (le premier et le dernier mois mesurés) et son statut à la fin.",
                "Each objective of pmo.yaml bound to a measure, as each monthly review judged it: its value at the "
                "start and the end of the year (the first and last months measured) and its status at the end.",
            ),
        )
        table(
            doc,
            [
                t("N°", "#"),
                t("Objectif", "Objective"),
                t("Mesure", "Measure"),
                t("Cible", "Target"),
                t("Début", "Start"),
                t("Fin", "End"),
                t("Statut à fin", "Status at end"),
                t("Échéance", "Due"),
            ],
            [0.8, 2.7, 2.5, 1.5, 2.1, 2.1, 2.0, 2.3],
            loop="o in scorecard.rows",
            cells=[
                "{{ o.number }}",
                "{{ o.text }}",
                "{{ o.measure }}",
                "{{ o.target }}",
                "{{ o.start }}",
                "{{ o.end }}",
                "{{ o.status }}",
                "{{ o.due }}",
            ],
            font_size=8,
        )
        with when(doc, "scorecard.grid"):
            heading(doc, t("Mois par mois", "Month by month"), 2)
            table(
                doc,
                [t("N°", "#")] + [f"{{{{ scorecard.months[{m}] }}}}" for m in range(MONTHS)],
                [1.0] + [1.25] * MONTHS,
                loop="o in scorecard.grid",
                cells=["{{ o.number }}"] + [f"{{{{r o.marks[{m}] }}}}" for m in range(MONTHS)],
                font_size=7,
            )
            para(doc, "{{ scorecard.legend }}", italic=True, size=8.5)
        with when(doc, "scorecard.note"):
            para(doc, "{{ scorecard.note }}", italic=True)
        _missing(doc, "scorecard")

    # 3. Portfolio trends
    _section(doc, t("3. Tendances du portefeuille", "3. Portfolio trends"), "trends.ok")
    with when(doc, "trends.ok"):
        para(doc, "{{ trends.intro }}")
        with when(doc, "trends.note"):
            para(doc, "{{ trends.note }}", italic=True)
        centered_image(doc, "{{ rag_trend }}")
        centered_image(doc, "{{ kpi_trend }}")
        centered_image(doc, "{{ index_trend }}")
        result = table(
            doc,
            [
                t("Mois", "Month"),
                t("Statuts reçus", "Reports received"),
                t("À temps", "On time"),
                t("Dans les délais", "On schedule"),
                t("Dans le budget", "On budget"),
                t("Jalons tenus", "Milestones hit"),
                "CPI",
                "SPI",
                t("R / O / V", "R / A / G"),
            ],
            [3.0, 1.7, 1.4, 1.6, 1.6, 2.4, 1.1, 1.1, 2.1],
            loop="r in trends.rows",
            cells=[
                "{{ r.month }}",
                "{{ r.received }}",
                "{{ r.on_time }}",
                "{{ r.on_schedule }}",
                "{{ r.on_budget }}",
                "{{ r.milestones }}",
                "{{ r.cpi }}",
                "{{ r.spi }}",
                "{{ r.rag }}",
            ],
            font_size=8,
            row_height=0.4,
        )
        numeric(result, [1, 2, 3, 4, 5, 6, 7, 8])
        _missing(doc, "trends")

    # 4. Exceptions
    _section(
        doc,
        t("4. Exceptions : ouvertes, résolues, durées", "4. Exceptions: raised, resolved, duration"),
        "exceptions.ok",
    )
    with when(doc, "exceptions.ok"):
        para(doc, "{{ exceptions.intro }}", italic=True, size=9)
        with when(doc, "exceptions.any"):
            para(doc, "{{ exceptions.totals }}")
            stat_headers = [
                t("Ouvertes dans l'année", "Raised in the year"),
                t("Résolues", "Resolved"),
                t("Encore ouvertes", "Still open"),
                t("Durée moyenne (mois)", "Mean duration (months)"),
                t("Durée médiane (mois)", "Median duration (months)"),
            ]
            stat_cells = ["{{ s.raised }}", "{{ s.resolved }}", "{{ s.open }}", "{{ s.mean }}", "{{ s.median }}"]
            total_cells = [
                "{{ exceptions.total.name }}",
                "{{ exceptions.total.raised }}",
                "{{ exceptions.total.resolved }}",
                "{{ exceptions.total.open }}",
                "{{ exceptions.total.mean }}",
                "{{ exceptions.total.median }}",
            ]
            widths = [4.5, 2.3, 2.0, 2.2, 2.5, 2.5]
            heading(doc, t("Par dimension", "By dimension"), 2)
            result = table(
                doc,
                ["Dimension", *stat_headers],
                widths,
                loop="s in exceptions.by_dimension",
                cells=["{{ s.name }}", *stat_cells],
            )
            total_row(result, total_cells, widths)
            numeric(result, [1, 2, 3, 4, 5])
            heading(doc, t("Par instance", "By body"), 2)
            result = table(
                doc,
                [t("Instance saisie", "Body escalated to"), *stat_headers],
                widths,
                loop="s in exceptions.by_body",
                cells=["{{ s.name }}", *stat_cells],
            )
            total_row(result, total_cells, widths)
            numeric(result, [1, 2, 3, 4, 5])
            with when(doc, "exceptions.longest"):
                heading(doc, t("Les plus anciennes encore ouvertes", "The oldest still open"), 2)
                result = table(
                    doc,
                    [
                        t("Projet", "Project"),
                        "Dimension",
                        t("Instance", "Body"),
                        t("En rouge depuis", "Red since"),
                        t("Mois", "Months"),
                    ],
                    [5.3, 2.2, 3.7, 2.9, 1.9],
                    loop="e in exceptions.longest",
                    cells=["{{ e.project }}", "{{ e.dimension }}", "{{ e.body }}", "{{ e.since }}", "{{ e.months }}"],
                    font_size=8.5,
                )
                numeric(result, [4])
            otherwise(doc)
            para(doc, "{{ exceptions.none }}")
        _missing(doc, "exceptions")

    # 5. Decisions and actions
    _section(doc, t("5. Décisions et actions des instances", "5. The bodies' decisions and actions"), "decisions.ok")
    with when(doc, "decisions.ok"):
        para(doc, "{{ decisions.totals }}")
        widths = [3.6, 2.0, 2.0, 1.7, 2.3, 2.0, 2.4]
        result = table(
            doc,
            [
                t("Instance", "Body"),
                t("Décisions", "Decisions"),
                t("Actions ouvertes", "Actions opened"),
                t("Closes", "Closed"),
                t("Abandons", "Dropped"),
                t("En cours à fin", "Open at end"),
                t("En retard", "Overdue"),
            ],
            widths,
            loop="b in decisions.bodies",
            cells=[
                "{{ b.body }}",
                "{{ b.decisions }}",
                "{{ b.opened }}",
                "{{ b.closed }}",
                "{{ b.dropped }}",
                "{{ b.open }}",
                "{{ b.overdue }}",
            ],
        )
        total_row(
            result,
            [
                "{{ decisions.total.body }}",
                "{{ decisions.total.decisions }}",
                "{{ decisions.total.opened }}",
                "{{ decisions.total.closed }}",
                "{{ decisions.total.dropped }}",
                "{{ decisions.total.open }}",
                "{{ decisions.total.overdue }}",
            ],
            widths,
        )
        numeric(result, [1, 2, 3, 4, 5, 6])
        with when(doc, "decisions.open_actions"):
            heading(doc, t("Actions en cours à la fin de l'année", "Actions open at the end of the year"), 2)
            table(
                doc,
                [
                    t("Instance", "Body"),
                    t("Action", "Action"),
                    t("Responsable", "Owner"),
                    t("Échéance", "Due"),
                    t("Retard", "Late"),
                ],
                [3.2, 6.1, 2.5, 2.3, 1.9],
                loop="a in decisions.open_actions",
                cells=[
                    "{{ a.body }}",
                    t("{{ a.project }} : {{ a.action }}", "{{ a.project }}: {{ a.action }}"),
                    "{{ a.owner }}",
                    "{{ a.due }}",
                    "{{ a.late }}",
                ],
                font_size=8,
            )
            with when(doc, "decisions.open_more"):
                para(
                    doc,
                    t(
                        "… et {{ decisions.open_more }} autres actions en cours, d'échéance plus lointaine.",
                        "… and {{ decisions.open_more }} more open actions, due later.",
                    ),
                    italic=True,
                )
        _missing(doc, "decisions")

    # 6. Lessons learned
    heading(doc, t("6. Retours d'expérience", "6. Lessons learned"))
    with when(doc, "lessons.ok"):
        para(doc, "{{ lessons.totals }}")
        result = table(
            doc,
            [t("Catégorie", "Category"), t("Enseignements", "Lessons")],
            [8.0, 3.0],
            loop="c in lessons.categories",
            cells=["{{ c.category }}", "{{ c.count }}"],
        )
        numeric(result, [1])
        heading(doc, t("Quelques enseignements", "Some of the lessons"), 2)
        table(
            doc,
            [t("Projet", "Project"), t("Catégorie", "Category"), t("Enseignement", "Lesson"), "Date"],
            [2.0, 2.8, 9.0, 2.2],
            loop="l in lessons.examples",
            cells=["{{ l.project }}", "{{ l.category }}", "{{ l.lesson }}", "{{ l.date }}"],
            font_size=8,
        )
        _missing(doc, "lessons")

    # 7. Staffing
    _section(
        doc, t("7. Effectifs du PMO : plan et équipe réelle", "7. PMO staffing: plan and actual team"), "staffing.ok"
    )
    with when(doc, "staffing.ok"):
        para(doc, "{{ staffing.intro }}")
        widths = [3.7, 1.6, 1.6, 2.1, 2.8, 4.2]
        result = table(
            doc,
            [
                t("Rôle", "Role"),
                t("Plan (ETP)", "Plan (FTE)"),
                t("Équipe (ETP)", "Team (FTE)"),
                t("Écart", "Difference"),
                t("Action", "Action"),
                t("Personnes", "People"),
            ],
            widths,
            loop="r in staffing.rows",
            cells=[
                "{{ r.role }}",
                "{{ r.target }}",
                "{{ r.current }}",
                "{{ r.difference }}",
                "{{ r.action }}",
                "{{ r.people }}",
            ],
        )
        total_row(
            result,
            [
                "{{ staffing.total.role }}",
                "{{ staffing.total.target }}",
                "{{ staffing.total.current }}",
                "{{ staffing.total.difference }}",
                "",
                "",
            ],
            widths,
        )
        numeric(result, [1, 2, 3])
        para(
            doc,
            t(
                "Écart : équipe moins plan ; négatif, l'équipe est en dessous du plan.",
                "Difference: team minus plan; negative, the team is below the plan.",
            ),
            italic=True,
            size=8.5,
        )
        with each(doc, "n in staffing.notes"):
            para(doc, "{{ n }}")
        _missing(doc, "staffing")

    # 8. Recommendations
    _section(
        doc,
        t("8. Recommandations pour la deuxième année", "8. Recommendations for year two"),
        "recommendations.assessed",
    )
    heading(doc, t("Maturité", "Maturity"), 2)
    with when(doc, "recommendations.assessed"):
        para(doc, "{{ recommendations.intro }}")
        with each(doc, "r in recommendations.steps"):
            step = para(doc, "{{ r.title }}")
            step.runs[0].bold = True
            para(doc, "{{ r.heading }}", italic=True, size=9)
            with each(doc, "a in r.actions"):
                bullet(doc, "{{ a }}")
        with when(doc, "recommendations.all_reached"):
            para(doc, "{{ recommendations.all_reached }}")
        otherwise(doc)
        para(doc, "{{ recommendations.missing }}", italic=True)
    heading(doc, t("Objectifs et actions", "Objectives and actions"), 2)
    with each(doc, "o in recommendations.objectives"):
        bullet(doc, "{{ o }}")
    with when(doc, "recommendations.overdue"):
        bullet(doc, "{{ recommendations.overdue }}")
    with when(doc, "recommendations.nothing"):
        para(doc, "{{ recommendations.nothing }}")

    new_page(heading(doc, t("Annexe — méthode", "Annex — method")))
    for text in (
        t(
            "Maturité : la première évaluation enregistrée sert de point de départ, la dernière jusqu'à la fin de "
            "l'année de réévaluation. Le score d'une dimension est la médiane des répondants (chacun une voix, "
            "moyenne de ses réponses), son niveau celui qu'atteint entièrement le répondant médian ; le niveau "
            "global est celui de la dimension la plus faible.",
            "Maturity: the first stored assessment is the baseline, the last one up to the year's end the "
            "re-assessment. A dimension's score is the respondents' median (each one voice, the mean of their "
            "answers), its level the one the median respondent fully reaches; the overall level is that of the "
            "weakest dimension.",
        ),
        t(
            "Objectifs : chaque mois est jugé comme la revue de ce mois l'a fait, sur les douze derniers mois "
            "enregistrés : atteint, manqué (échéance passée), en bonne voie (le rythme depuis le premier mois "
            "mesuré atteint la cible à l'échéance) ou à risque ; sans valeur quand la mesure n'en a pas ce mois-là.",
            "Objectives: each month is judged as that month's review did, on the last twelve stored months: "
            "achieved, missed (due date passed), on track (the pace since the first measured month reaches the "
            "target by the due date) or at risk; no value when the measure has none that month.",
        ),
        t(
            "Tendances : les indicateurs enregistrés par chaque revue mensuelle (part des statuts reçus à temps, "
            "des projets dans les délais et dans le budget, jalons tenus, CPI et SPI du portefeuille, projets par "
            "météo calculée).",
            "Trends: the indicators each monthly review stored (share of status reports on time, of projects on "
            "schedule and on budget, milestones hit, portfolio CPI and SPI, projects by computed RAG).",
        ),
        t(
            "Décisions et actions : une action est ouverte à la réunion qui l'a décidée, en retard si elle est "
            "encore ouverte à la fin de l'année et que son échéance est passée ; le délai de clôture court de la "
            "réunion à la date de clôture.",
            "Decisions and actions: an action is opened at the meeting that decided it, overdue when still open at "
            "the year's end past its due date; the time to close runs from the meeting to the closing date.",
        ),
        t(
            "Effectifs : le plan est recalculé comme le fait pmo staffing plan, à partir de la liste des projets "
            "par niveau, du type de PMO et de son mandat ; l'équipe réelle est celle de data/people.csv.",
            "Staffing: the plan is computed again as pmo staffing plan does, from the projects per tier, the PMO "
            "type and its mandate; the actual team is that of data/people.csv.",
        ),
    ):
        para(doc, text, size=9)

    for paragraph in doc.paragraphs:  # the summary bullets read better a little apart
        if paragraph.style.name == "List Bullet":
            paragraph.paragraph_format.space_after = Pt(3)
    return doc
