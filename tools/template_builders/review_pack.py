"""The monthly governance review pack (review_pack.<fr|en>.docx), filled in by `pmo review`: summary, heat map,
trends, exceptions and decisions, data quality, lessons, one page per project needing attention, method."""

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
    otherwise,
    para,
    table,
    title_block,
    when,
)


def build(language: str) -> Document:
    t = Text(language)
    title = t("Revue mensuelle de gouvernance", "Monthly governance review")
    doc = new_document(f"{title} — {{{{ client }}}}", "{{ period_label }}")
    title_block(
        doc,
        title,
        "{{ client }} — {{ period_label }}",
        t(
            "Situation au {{ period_end|date }}. Dossier préparé par {{ consultant }}, le {{ today|date }}, "
            "pour les instances de gouvernance.",
            "Status as at {{ period_end|date }}. Pack prepared by {{ consultant }}, on {{ today|date }}, for "
            "the governance bodies.",
        ),
    )

    heading(doc, t("Objectifs du PMO", "PMO objectives"))
    with when(doc, "objectives"):
        table(
            doc,
            [
                t("Objectif", "Objective"),
                t("Mesure", "Measure"),
                t("Ce mois-ci", "This month"),
                t("Cible", "Target"),
                t("Statut", "Status"),
                t("Échéance", "Due"),
            ],
            [4.3, 3.3, 2.0, 1.9, 2.8, 2.3],
            loop="o in objectives",
            cells=[
                "{{ o.text }}",
                "{{ o.measure }}",
                "{{ o.value }}",
                "{{ o.target }}",
                "{{ o.status }}{% if o.trend %} ({{ o.trend }}){% endif %}",
                "{{ o.due }}",
            ],
        )
        otherwise(doc)
        para(
            doc,
            t(
                "Aucun objectif n'est défini dans pmo.yaml (pmo.objectives).",
                "No objective is set in pmo.yaml (pmo.objectives).",
            ),
            italic=True,
        )

    heading(doc, t("Synthèse", "Summary"))
    with each(doc, "s in summary"):
        bullet(doc, "{{ s }}")
    heading(doc, t("Indicateurs clés", "Key figures"), 2)
    table(
        doc,
        [
            t("Indicateur", "Indicator"),
            "{{ period_label }}",
            t("{{ previous_label or 'Mois précédent' }}", "{{ previous_label or 'Previous month' }}"),
        ],
        [7.0, 4.5, 4.5],
        loop="k in kpis",
        cells=["{{ k.label }}", "{{ k.value }}", "{{ k.previous }}"],
    )

    new_page(heading(doc, t("Carte de chaleur du portefeuille", "Portfolio heat map")))
    para(
        doc,
        t(
            "Météo calculée de chaque projet par dimension, d'après les tolérances de son niveau (V vert, O "
            "orange, R rouge, – faute de données). Les projets les plus en écart sont en haut.",
            "Computed RAG of each project by dimension, against its tier's tolerances (G green, A amber, R red, "
            "– no data). Projects furthest from plan are at the top.",
        ),
    )
    with when(doc, "heatmap_note"):
        para(doc, "{{ heatmap_note }}", italic=True)
    centered_image(doc, "{{ heatmap }}")

    new_page(heading(doc, t("Tendances", "Trends")))
    para(
        doc,
        t(
            "Les {{ history_count }} derniers mois enregistrés, de {{ history_from }} à {{ period_label }}.",
            "The last {{ history_count }} stored months, {{ history_from }} to {{ period_label }}.",
        ),
    )
    centered_image(doc, "{{ rag_trend }}")
    centered_image(doc, "{{ kpi_trend }}")
    centered_image(doc, "{{ index_trend }}")

    new_page(heading(doc, t("Exceptions et décisions attendues", "Exceptions and decisions expected")))
    para(
        doc,
        t(
            "Chaque dimension en rouge est une exception, remontée à l'instance que le modèle de gouvernance "
            "désigne pour le niveau du projet ; un projet en rouge depuis {{ streak_months }} mois ou plus "
            "remonte à l'instance supérieure.",
            "Every red dimension is an exception, escalated to the body the governance model names for the "
            "project's tier; a project red for {{ streak_months }} months or more goes one body further up.",
        ),
    )
    heading(doc, t("Décisions attendues, par instance", "Decisions expected, by body"), 2)
    with each(doc, "b in bodies"):
        heading(doc, "{{ b.body }}", 3)
        table(
            doc,
            [t("Projet", "Project"), t("En rouge", "Red on"), t("Décision attendue", "Decision needed")],
            [5.0, 2.8, 8.2],
            loop="p in b.projects",
            cells=["{{ p.project_id }} — {{ p.project_name }}", "{{ p.dimensions }}", "{{ p.decision }}"],
        )
        with when(doc, "b.more"):
            para(
                doc,
                t(
                    "… et {{ b.more }} autres projets pour cette instance, dans l'onglet Exceptions du classeur.",
                    "… and {{ b.more }} more projects for this body in the Exceptions sheet of the workbook.",
                ),
                italic=True,
            )
    with when(doc, "not bodies"):
        para(
            doc,
            t(
                "Aucun dépassement de tolérance en rouge : aucune décision n'est demandée ce mois-ci.",
                "No red tolerance breach: no decision is requested this month.",
            ),
        )
    heading(doc, t("Suivi des décisions et des actions", "Follow-up of decisions and actions"), 2)
    para(
        doc,
        t(
            "Les actions décidées par les instances (registres importés par pmo decisions import), à la fin de "
            "{{ period_label }} : en cours, {{ actions_counts.open }} (dont {{ actions_counts.overdue }} en retard) ; "
            "closes pendant le mois, {{ actions_counts.closed }}. Une exception toujours rouge dont l'action est "
            "en retard remonte à l'instance au-dessus de celle qui l'a décidée. Le registre des décisions de chaque instance accompagne ce dossier.",
            "The actions the bodies decided (registers imported with pmo decisions import), at the end of "
            "{{ period_label }}: open, {{ actions_counts.open }} ({{ actions_counts.overdue }} of them overdue); closed "
            "during the month, {{ actions_counts.closed }}. An exception still red whose action is overdue "
            "goes to the body above the one that decided it. Each body's decision register comes with this pack.",
        ),
    )
    # Overdue, open, closed: the same table, its last column saying what matters for that list.
    for key, title, header, last in (
        ("overdue", t("Actions en retard", "Overdue actions"), t("Instance", "Body"), "{{ a.body }}"),
        ("open", t("Actions en cours", "Open actions"), t("Décidée en", "Decided in"), "{{ a.decided }}"),
        (
            "closed",
            t("Actions closes depuis le mois dernier", "Actions closed since last month"),
            t("Clôture", "Closing"),
            t("{{ a.status }} le {{ a.closed_on }}", "{{ a.status }} on {{ a.closed_on }}"),
        ),
    ):
        with when(doc, f"actions.{key}"):
            heading(doc, title, 3)
            table(
                doc,
                [t("Projet", "Project"), "Action", t("Responsable", "Owner"), t("Échéance", "Due"), header],
                [2.0, 6.0, 2.8, 2.4, 2.8],
                loop=f"a in actions.{key}",
                cells=["{{ a.project }}", "{{ a.action }}", "{{ a.owner }}", "{{ a.due }}", last],
            )
    with when(doc, "exceptions"):
        heading(doc, t("Liste des exceptions", "Exception list"), 2)
        table(
            doc,
            [
                t("Projet", "Project"),
                "Dimension",
                t("Écart / seuil", "Deviation / red at"),
                t("Rouge depuis", "Red for"),
                t("Instance", "Body"),
                t("Décision attendue", "Decision needed"),
            ],
            [3.1, 2.1, 2.1, 1.7, 2.8, 4.2],
            loop="e in exceptions",
            cells=[
                "{{ e.project }}",
                "{{ e.dimension }}",
                "{{ e.deviation }} / {{ e.threshold }}",
                "{{ e.streak }}",
                "{{ e.body }}",
                "{{ e.decision }}",
            ],
            font_size=8,
        )
        with when(doc, "exceptions_more"):
            para(
                doc,
                t(
                    "… et {{ exceptions_more }} autres exceptions dans l'onglet Exceptions du classeur.",
                    "… and {{ exceptions_more }} more exceptions in the Exceptions sheet of the workbook.",
                ),
                italic=True,
            )
        otherwise(doc)
        para(doc, t("Aucune exception ce mois-ci.", "No exception this month."))

    heading(doc, t("Qualité des données", "Data quality"))
    para(
        doc,
        t(
            "Sont signalés : le statut manquant d'un projet encore ouvert, un statut daté de plus de "
            "{{ stale_days }} jours avant la fin du mois, un coût réel en hausse sans valeur acquise "
            "supplémentaire, un % d'avancement incohérent avec VA/BAC, un niveau ou une météo illisibles.",
            "Flagged: a missing status from a project still open, a status dated more than {{ stale_days }} "
            "days before the end of the month, actual cost rising with no additional earned value, a % complete "
            "inconsistent with EV/BAC, an unreadable tier or RAG.",
        ),
    )
    with when(doc, "data_quality"):
        table(
            doc,
            [t("Projet", "Project"), t("Problème", "Issue"), t("Détail", "Detail"), t("Ligne", "Row")],
            [4.0, 3.0, 7.6, 1.4],
            loop="d in data_quality",
            cells=["{{ d.project }}", "{{ d.issue }}", "{{ d.message }}", "{{ d.row }}"],
            font_size=8,
        )
        with when(doc, "data_quality_more"):
            para(
                doc,
                t(
                    "… et {{ data_quality_more }} autres dans l'onglet Qualité des données du classeur.",
                    "… and {{ data_quality_more }} more in the Data quality sheet of the workbook.",
                ),
                italic=True,
            )
        otherwise(doc)
        para(doc, t("Aucun problème de qualité des données.", "No data-quality issue."))
    heading(doc, t("Météo déclarée et météo calculée", "Self-declared and computed RAG"), 2)
    with when(doc, "disagreements"):
        table(
            doc,
            [t("Projet", "Project"), t("Météo déclarée", "Self-declared"), t("Météo calculée", "Computed")],
            [9.0, 3.5, 3.5],
            loop="d in disagreements",
            cells=["{{ d.project }}", "{{ d.declared }}", "{{r d.computed }}"],
        )
        otherwise(doc)
        para(
            doc,
            t(
                "Les météos déclarées par les chefs de projet concordent avec les météos calculées.",
                "Project managers' own RAG agrees with the computed RAG.",
            ),
        )

    heading(doc, t("Enseignements enregistrés ce mois-ci", "Lessons learned recorded this month"))
    with when(doc, "lessons"):
        table(
            doc,
            [t("Projet", "Project"), t("Catégorie", "Category"), t("Enseignement", "Lesson"), t("Mots-clés", "Tags")],
            [3.0, 2.8, 7.4, 2.8],
            loop="l in lessons",
            cells=["{{ l.project }}", "{{ l.category }}", "{{ l.lesson }}", "{{ l.tags }}"],
            font_size=8,
        )
        otherwise(doc)
        para(
            doc,
            t(
                "Aucun enseignement n'a été enregistré ce mois-ci (pmo lessons import).",
                "No lesson was recorded this month (pmo lessons import).",
            ),
        )

    heading(doc, t("Projets nécessitant une attention", "Projects needing attention"))
    with when(doc, "projects"):
        para(
            doc,
            t(
                "{{ attention_total }} projet(s) en rouge, ou en orange et en dégradation ; une page par projet, "
                "les plus en écart d'abord.",
                "{{ attention_total }} project(s) red, or amber and worsening; one page per project, furthest from "
                "plan first.",
            ),
        )
        with when(doc, "attention_more"):
            para(
                doc,
                t(
                    "Seules les {{ projects|length }} premières pages figurent ici ; les {{ attention_more }} "
                    "autres projets sont listés dans l'onglet Attention du classeur.",
                    "Only the first {{ projects|length }} pages are here; the other {{ attention_more }} "
                    "projects are listed in the Attention sheet of the workbook.",
                ),
                italic=True,
            )
        otherwise(doc)
        para(
            doc,
            t("Aucun projet n'est en rouge ni en orange en dégradation.", "No project is red or amber and worsening."),
        )
    with each(doc, "p in projects"):
        new_page(heading(doc, "{{ p.id }} — {{ p.name }}", 2))
        para(
            doc,
            t(
                "{{ p.tier }} · Sponsor : {{ p.sponsor }} · Chef de projet : {{ p.manager }} · Statut du "
                "{{ p.status_date }}",
                "{{ p.tier }} · Sponsor: {{ p.sponsor }} · Project manager: {{ p.manager }} · Status of "
                "{{ p.status_date }}",
            ),
            italic=True,
            size=9,
        )
        para(
            doc,
            t(
                "Météo globale : {{r p.overall }}   {{ p.trend }}{% if p.streak %} — {{ p.streak }}{% endif %}. "
                "Météo déclarée par le chef de projet : {{ p.self_rag }}{% if p.disagrees %} (diffère de la météo "
                "calculée){% endif %}.",
                "Overall RAG: {{r p.overall }}   {{ p.trend }}{% if p.streak %} — {{ p.streak }}{% endif %}. "
                "Project manager's own RAG: {{ p.self_rag }}{% if p.disagrees %} (differs from the computed "
                "RAG){% endif %}.",
            ),
        )
        table(
            doc,
            [
                "Dimension",
                t("Écart", "Deviation"),
                t("Seuil orange", "Amber at"),
                t("Seuil rouge", "Red at"),
                t("Météo", "RAG"),
            ],
            [4.0, 3.0, 3.0, 3.0, 3.0],
            loop="d in p.dims",
            cells=["{{ d.name }}", "{{ d.deviation }}", "{{ d.amber }}", "{{ d.red }}", "{{r d.mark }}"],
        )
        heading(doc, t("Valeur acquise", "Earned value"), 3)
        table(
            doc,
            [t("Indicateur", "Indicator"), t("Valeur", "Value"), t("Indicateur", "Indicator"), t("Valeur", "Value")],
            [3.5, 4.5, 3.5, 4.5],
            loop="e in p.evm",
            cells=["{{ e.l1 }}", "{{ e.v1 }}", "{{ e.l2 }}", "{{ e.v2 }}"],
        )
        heading(doc, t("Délais et prochain jalon", "Schedule and next milestone"), 3)
        baseline, forecast, slip = t("Référence", "Baseline"), t("Prévision", "Forecast"), t("Glissement", "Slip")
        table(
            doc,
            [t("Fin du projet", "Project end"), "", t("Prochain jalon", "Next milestone"), "{{ p.milestone }}"],
            [3.0, 5.0, 3.0, 5.0],
            rows=[
                [baseline, "{{ p.baseline_end }}", baseline, "{{ p.milestone_baseline }}"],
                [forecast, "{{ p.forecast_end }}", forecast, "{{ p.milestone_forecast }}"],
                [
                    slip,
                    t(
                        "{{ p.end_slip }} ({{ p.end_slip_share }} de la durée)",
                        "{{ p.end_slip }} ({{ p.end_slip_share }} of duration)",
                    ),
                    slip,
                    "{{ p.milestone_slip }}",
                ],
            ],
        )
        para(
            doc,
            t(
                "Durée prévue : {{ p.duration }}, depuis la {{ p.duration_basis }}.",
                "Planned duration: {{ p.duration }}, from the {{ p.duration_basis }}.",
            ),
            italic=True,
            size=8.5,
        )
        heading(doc, t("Risques et problèmes", "Risks and issues"), 3)
        table(
            doc,
            [
                t("Risques ouverts", "Open risks"),
                t("Problèmes ouverts", "Open issues"),
                t("Exposition au risque", "Risk exposure"),
                t("Exposition / BAC", "Exposure / BAC"),
            ],
            [3.5, 3.5, 4.5, 4.5],
            rows=[["{{ p.open_risks }}", "{{ p.open_issues }}", "{{ p.risk_exposure }}", "{{ p.exposure_share }}"]],
        )
        with when(doc, "p.exceptions"):
            heading(doc, t("Décisions attendues", "Decisions needed"), 3)
            table(
                doc,
                ["Dimension", t("Instance", "Body"), t("Décision attendue", "Decision needed")],
                [2.6, 3.8, 9.6],
                loop="e in p.exceptions",
                cells=["{{ e.dimension }}", "{{ e.body }}", "{{ e.decision }}"],
            )
        with when(doc, "p.flags"):
            heading(doc, t("Qualité des données", "Data quality"), 3)
            with each(doc, "f in p.flags"):
                bullet(doc, "{{ f }}")

    new_page(heading(doc, t("Annexe — méthode", "Annex — method")))
    para(
        doc,
        t(
            "Valeur acquise : SV = VA − VP, CV = VA − CR, SPI = VA / VP, CPI = VA / CR ; EAC = BAC / CPI (l'EAC "
            "retenu) ; ETC = EAC − CR ; VAC = BAC − EAC ; TCPI = (BAC − VA) / (BAC − CR) pour finir dans le "
            "budget, (BAC − VA) / (EAC − CR) pour finir à l'EAC. Une division par zéro (VP ou CR nuls en début "
            "de projet) donne « n. d. », jamais l'infini.",
            "Earned value: SV = EV − PV, CV = EV − AC, SPI = EV / PV, CPI = EV / AC; EAC = BAC / CPI (the EAC "
            "used); ETC = EAC − AC; VAC = BAC − EAC; TCPI = (BAC − EV) / (BAC − AC) to finish on budget, (BAC − "
            "EV) / (EAC − AC) to finish at EAC. A division by zero (PV or AC zero early in a project) reads "
            '"n/a", never infinity.',
        ),
        size=9,
    )
    para(
        doc,
        t(
            "Écarts : délais = max(1 − SPI, glissement de la fin / durée prévue) ; coûts = max(1 − CPI, (EAC − "
            "BAC) / BAC) ; périmètre = part du périmètre modifiée, à défaut évolution du BAC depuis le premier "
            "statut ; risques = exposition / BAC ; bénéfices = 1 − réalisés / prévus à date. Un écart supérieur "
            "ou égal au seuil orange est orange, au seuil rouge est rouge ; la météo globale est la pire des "
            "dimensions. La tendance compare au mois précédent du projet.",
            "Deviations: schedule = max(1 − SPI, end-date slip / planned duration); cost = max(1 − CPI, (EAC − "
            "BAC) / BAC); scope = share of scope changed, else change of BAC since the first status; risk = "
            "exposure / BAC; benefits = 1 − realised / planned to date. A deviation at or above the amber "
            "threshold is amber, at or above red is red; the overall RAG is the worst dimension. The trend "
            "compares with the project's previous month.",
        ),
        size=9,
    )
    para(doc, "{{ policy_source }}", size=9)
    table(
        doc,
        [
            t("Niveau (budget)", "Tier (budget)"),
            t("Délais", "Schedule"),
            t("Coûts", "Cost"),
            t("Périmètre", "Scope"),
            t("Risques", "Risk"),
            t("Bénéfices", "Benefits"),
            t("Instance saisie", "Escalates to"),
        ],
        [2.9, 2.1, 2.1, 2.1, 2.1, 2.1, 2.6],
        loop="r in tolerances",
        cells=[
            "{{ r.tier }} ({{ r.budget }})",
            "{{ r.schedule }}",
            "{{ r.cost }}",
            "{{ r.scope }}",
            "{{ r.risk }}",
            "{{ r.benefits }}",
            "{{ r.body }}",
        ],
        font_size=8,
    )
    para(
        doc,
        t(
            "Seuils orange / rouge par dimension ; l'instance saisie reçoit les dépassements en rouge.",
            "Amber / red thresholds per dimension; red breaches go to the body named last.",
        ),
        italic=True,
        size=8.5,
    )
    para(
        doc,
        t(
            "Source : {{ source_file }} (empreinte SHA-256 {{ source_sha }}…).",
            "Source: {{ source_file }} (SHA-256 fingerprint {{ source_sha }}…).",
        ),
        size=8.5,
    )

    for paragraph in doc.paragraphs:  # the summary bullets read better a little larger than table text
        if paragraph.style.name == "List Bullet":
            paragraph.paragraph_format.space_after = Pt(3)
    return doc
