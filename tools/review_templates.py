"""Authoring of the governance review pack templates (review_pack.fr.docx / .en.docx)."""
from __future__ import annotations

from pathlib import Path

from docx.shared import Pt

from docx_builder import bullet, centered_image, heading, new_document, para, table, tag


def new_page(paragraph):
    """Start `paragraph` on a new page (a page-break paragraph would leave a blank page when the previous
    page is exactly full)."""
    paragraph.paragraph_format.page_break_before = True
    return paragraph

LABELS = {
    "fr": {
        "title": "Revue mensuelle de gouvernance",
        "subtitle": "{{ client }} — {{ period_label }}",
        "prepared": "Situation au {{ period_end|date }}. Dossier préparé par {{ consultant }}, le {{ today|date }}, "
                    "pour les instances de gouvernance.",
        "summary": "Synthèse",
        "kpis": "Indicateurs clés",
        "kpi_cols": ["Indicateur", "{{ period_label }}", "{{ previous_label or 'Mois précédent' }}"],
        "decisions": "Décisions attendues, par instance",
        "decisions_cols": ["Projet", "En rouge", "Décision attendue"],
        "no_decision": "Aucun dépassement de tolérance en rouge : aucune décision n'est demandée ce mois-ci.",
        "decisions_more": "… et {{ b.more }} autres projets pour cette instance, dans l'onglet Exceptions du classeur.",
        "heatmap": "Carte de chaleur du portefeuille",
        "heatmap_text": "Météo calculée de chaque projet par dimension, d'après les tolérances de son niveau "
                        "(V vert, O orange, R rouge, – faute de données). Les projets les plus en écart sont en haut.",
        "trends": "Tendances",
        "trends_text": "Les {{ history_count }} derniers mois enregistrés, de {{ history_from }} à {{ period_label }}.",
        "exceptions": "Exceptions et décisions attendues",
        "exception_list": "Liste des exceptions",
        "exceptions_text": "Chaque dimension en rouge est une exception, remontée à l'instance que le modèle de "
                           "gouvernance désigne pour le niveau du projet ; un projet en rouge depuis "
                           "{{ streak_months }} mois ou plus remonte à l'instance supérieure.",
        "exceptions_cols": ["Projet", "Dimension", "Écart / seuil", "Rouge depuis", "Instance",
                            "Décision attendue"],
        "exceptions_more": "… et {{ exceptions_more }} autres exceptions dans l'onglet Exceptions du classeur.",
        "no_exception": "Aucune exception ce mois-ci.",
        "dq": "Qualité des données",
        "dq_text": "Sont signalés : le statut manquant d'un projet encore ouvert, un statut daté de plus de "
                   "{{ stale_days }} jours avant la fin du mois, un coût réel en hausse sans valeur acquise "
                   "supplémentaire, un % d'avancement incohérent avec VA/BAC, un niveau ou une météo illisibles.",
        "dq_cols": ["Projet", "Problème", "Détail", "Ligne"],
        "dq_more": "… et {{ data_quality_more }} autres dans l'onglet Qualité des données du classeur.",
        "no_dq": "Aucun problème de qualité des données.",
        "lessons": "Enseignements enregistrés ce mois-ci",
        "lessons_cols": ["Projet", "Catégorie", "Enseignement", "Mots-clés"],
        "no_lessons": "Aucun enseignement n'a été enregistré ce mois-ci (pmo lessons import).",
        "self": "Météo déclarée et météo calculée",
        "self_cols": ["Projet", "Météo déclarée", "Météo calculée"],
        "no_self": "Les météos déclarées par les chefs de projet concordent avec les météos calculées.",
        "attention": "Projets nécessitant une attention",
        "attention_text": "{{ attention_total }} projet(s) en rouge, ou en orange et en dégradation ; une page "
                          "par projet, les plus en écart d'abord.",
        "attention_more": "Seules les {{ projects|length }} premières pages figurent ici ; les "
                          "{{ attention_more }} autres projets sont listés dans l'onglet Attention du classeur.",
        "no_attention": "Aucun projet n'est en rouge ni en orange en dégradation.",
        "page_meta": "{{ p.tier }} · Sponsor : {{ p.sponsor }} · Chef de projet : {{ p.manager }} · "
                     "Statut du {{ p.status_date }}",
        "page_rag": "Météo globale : {{r p.overall }}   {{ p.trend }}{% if p.streak %} — {{ p.streak }}{% endif %}. "
                    "Météo déclarée par le chef de projet : {{ p.self_rag }}"
                    "{% if p.disagrees %} (diffère de la météo calculée){% endif %}.",
        "dims_cols": ["Dimension", "Écart", "Seuil orange", "Seuil rouge", "Météo"],
        "evm": "Valeur acquise",
        "evm_cols": ["Indicateur", "Valeur", "Indicateur", "Valeur"],
        "schedule": "Délais et prochain jalon",
        "schedule_cols": ["Fin du projet", "", "Prochain jalon", "{{ p.milestone }}"],
        "schedule_rows": [
            ["Référence", "{{ p.baseline_end }}", "Référence", "{{ p.milestone_baseline }}"],
            ["Prévision", "{{ p.forecast_end }}", "Prévision", "{{ p.milestone_forecast }}"],
            ["Glissement", "{{ p.end_slip }} ({{ p.end_slip_share }} de la durée)", "Glissement", "{{ p.milestone_slip }}"],
        ],
        "duration": "Durée prévue : {{ p.duration }}, depuis la {{ p.duration_basis }}.",
        "raid": "Risques et problèmes",
        "raid_cols": ["Risques ouverts", "Problèmes ouverts", "Exposition au risque", "Exposition / BAC"],
        "page_decisions": "Décisions attendues",
        "page_decisions_cols": ["Dimension", "Instance", "Décision attendue"],
        "page_flags": "Qualité des données",
        "method": "Annexe — méthode",
        "method_evm": "Valeur acquise : SV = VA − VP, CV = VA − CR, SPI = VA / VP, CPI = VA / CR ; EAC = BAC / CPI "
                      "(l'EAC retenu) ; ETC = EAC − CR ; VAC = BAC − EAC ; TCPI = (BAC − VA) / (BAC − CR) pour "
                      "finir dans le budget, (BAC − VA) / (EAC − CR) pour finir à l'EAC. Une division par zéro "
                      "(VP ou CR nuls en début de projet) donne « n. d. », jamais l'infini.",
        "method_dims": "Écarts : délais = max(1 − SPI, glissement de la fin / durée prévue) ; coûts = max(1 − CPI, "
                       "(EAC − BAC) / BAC) ; périmètre = part du périmètre modifiée, à défaut évolution du BAC depuis "
                       "le premier statut ; risques = exposition / BAC ; bénéfices = 1 − réalisés / prévus à date. "
                       "Un écart supérieur ou égal au seuil orange est orange, au seuil rouge est rouge ; la météo "
                       "globale est la pire des dimensions. La tendance compare au mois précédent du projet.",
        "method_source": "{{ policy_source }}",
        "tolerance_cols": ["Niveau (budget)", "Délais", "Coûts", "Périmètre", "Risques", "Bénéfices",
                           "Instance saisie"],
        "tolerance_note": "Seuils orange / rouge par dimension ; l'instance saisie reçoit les dépassements en rouge.",
        "sources": "Source : {{ source_file }} (empreinte SHA-256 {{ source_sha }}…).",
    },
    "en": {
        "title": "Monthly governance review",
        "subtitle": "{{ client }} — {{ period_label }}",
        "prepared": "Status as at {{ period_end|date }}. Pack prepared by {{ consultant }}, on {{ today|date }}, for "
                    "the governance bodies.",
        "summary": "Summary",
        "kpis": "Key figures",
        "kpi_cols": ["Indicator", "{{ period_label }}", "{{ previous_label or 'Previous month' }}"],
        "decisions": "Decisions expected, by body",
        "decisions_cols": ["Project", "Red on", "Decision needed"],
        "no_decision": "No red tolerance breach: no decision is requested this month.",
        "decisions_more": "… and {{ b.more }} more projects for this body in the Exceptions sheet of the workbook.",
        "heatmap": "Portfolio heat map",
        "heatmap_text": "Computed RAG of each project by dimension, against its tier's tolerances (G green, A amber, "
                        "R red, – no data). Projects furthest from plan are at the top.",
        "trends": "Trends",
        "trends_text": "The last {{ history_count }} stored months, {{ history_from }} to {{ period_label }}.",
        "exceptions": "Exceptions and decisions expected",
        "exception_list": "Exception list",
        "exceptions_text": "Every red dimension is an exception, escalated to the body the governance model names "
                           "for the project's tier; a project red for {{ streak_months }} months or more goes one "
                           "body further up.",
        "exceptions_cols": ["Project", "Dimension", "Deviation / red at", "Red for", "Body", "Decision needed"],
        "exceptions_more": "… and {{ exceptions_more }} more exceptions in the Exceptions sheet of the workbook.",
        "no_exception": "No exception this month.",
        "dq": "Data quality",
        "dq_text": "Flagged: a missing status from a project still open, a status dated more than {{ stale_days }} "
                   "days before the end of the month, actual cost rising with no additional earned value, a % "
                   "complete inconsistent with EV/BAC, an unreadable tier or RAG.",
        "dq_cols": ["Project", "Issue", "Detail", "Row"],
        "dq_more": "… and {{ data_quality_more }} more in the Data quality sheet of the workbook.",
        "no_dq": "No data-quality issue.",
        "lessons": "Lessons learned recorded this month",
        "lessons_cols": ["Project", "Category", "Lesson", "Tags"],
        "no_lessons": "No lesson was recorded this month (pmo lessons import).",
        "self": "Self-declared and computed RAG",
        "self_cols": ["Project", "Self-declared", "Computed"],
        "no_self": "Project managers' own RAG agrees with the computed RAG.",
        "attention": "Projects needing attention",
        "attention_text": "{{ attention_total }} project(s) red, or amber and worsening; one page per project, "
                          "furthest from plan first.",
        "attention_more": "Only the first {{ projects|length }} pages are here; the other {{ attention_more }} "
                          "projects are listed in the Attention sheet of the workbook.",
        "no_attention": "No project is red or amber and worsening.",
        "page_meta": "{{ p.tier }} · Sponsor: {{ p.sponsor }} · Project manager: {{ p.manager }} · "
                     "Status of {{ p.status_date }}",
        "page_rag": "Overall RAG: {{r p.overall }}   {{ p.trend }}{% if p.streak %} — {{ p.streak }}{% endif %}. "
                    "Project manager's own RAG: {{ p.self_rag }}"
                    "{% if p.disagrees %} (differs from the computed RAG){% endif %}.",
        "dims_cols": ["Dimension", "Deviation", "Amber at", "Red at", "RAG"],
        "evm": "Earned value",
        "evm_cols": ["Indicator", "Value", "Indicator", "Value"],
        "schedule": "Schedule and next milestone",
        "schedule_cols": ["Project end", "", "Next milestone", "{{ p.milestone }}"],
        "schedule_rows": [
            ["Baseline", "{{ p.baseline_end }}", "Baseline", "{{ p.milestone_baseline }}"],
            ["Forecast", "{{ p.forecast_end }}", "Forecast", "{{ p.milestone_forecast }}"],
            ["Slip", "{{ p.end_slip }} ({{ p.end_slip_share }} of duration)", "Slip", "{{ p.milestone_slip }}"],
        ],
        "duration": "Planned duration: {{ p.duration }}, from the {{ p.duration_basis }}.",
        "raid": "Risks and issues",
        "raid_cols": ["Open risks", "Open issues", "Risk exposure", "Exposure / BAC"],
        "page_decisions": "Decisions needed",
        "page_decisions_cols": ["Dimension", "Body", "Decision needed"],
        "page_flags": "Data quality",
        "method": "Annex — method",
        "method_evm": "Earned value: SV = EV − PV, CV = EV − AC, SPI = EV / PV, CPI = EV / AC; EAC = BAC / CPI (the "
                      "EAC used); ETC = EAC − AC; VAC = BAC − EAC; TCPI = (BAC − EV) / (BAC − AC) to finish on "
                      "budget, (BAC − EV) / (EAC − AC) to finish at EAC. A division by zero (PV or AC zero early in "
                      "a project) reads \"n/a\", never infinity.",
        "method_dims": "Deviations: schedule = max(1 − SPI, end-date slip / planned duration); cost = max(1 − CPI, "
                       "(EAC − BAC) / BAC); scope = share of scope changed, else change of BAC since the first "
                       "status; risk = exposure / BAC; benefits = 1 − realised / planned to date. A deviation at or "
                       "above the amber threshold is amber, at or above red is red; the overall RAG is the worst "
                       "dimension. The trend compares with the project's previous month.",
        "method_source": "{{ policy_source }}",
        "tolerance_cols": ["Tier (budget)", "Schedule", "Cost", "Scope", "Risk", "Benefits", "Escalates to"],
        "tolerance_note": "Amber / red thresholds per dimension; red breaches go to the body named last.",
        "sources": "Source: {{ source_file }} (SHA-256 fingerprint {{ source_sha }}…).",
    },
}


def build(language: str, folder: Path) -> Path:
    t = LABELS[language]
    doc = new_document(f"{t['title']} — {{{{ client }}}}", "{{ period_label }}")
    doc.add_paragraph(t["title"], style="Title")
    para(doc, t["subtitle"], size=13)
    para(doc, t["prepared"], italic=True)

    heading(doc, t["summary"])
    tag(doc, "{%p for s in summary %}")
    bullet(doc, "{{ s }}")
    tag(doc, "{%p endfor %}")
    heading(doc, t["kpis"], 2)
    table(doc, t["kpi_cols"], [7.0, 4.5, 4.5], loop="k in kpis",
          cells=["{{ k.label }}", "{{ k.value }}", "{{ k.previous }}"])

    new_page(heading(doc, t["heatmap"]))
    para(doc, t["heatmap_text"])
    tag(doc, "{%p if heatmap_note %}")
    para(doc, "{{ heatmap_note }}", italic=True)
    tag(doc, "{%p endif %}")
    centered_image(doc, "{{ heatmap }}")

    new_page(heading(doc, t["trends"]))
    para(doc, t["trends_text"])
    centered_image(doc, "{{ rag_trend }}")
    centered_image(doc, "{{ kpi_trend }}")
    centered_image(doc, "{{ index_trend }}")

    new_page(heading(doc, t["exceptions"]))
    para(doc, t["exceptions_text"])
    heading(doc, t["decisions"], 2)
    tag(doc, "{%p for b in bodies %}")
    heading(doc, "{{ b.body }}", 3)
    table(doc, t["decisions_cols"], [5.0, 2.8, 8.2], loop="p in b.projects",
          cells=["{{ p.project_id }} — {{ p.project_name }}", "{{ p.dimensions }}", "{{ p.decision }}"])
    tag(doc, "{%p if b.more %}")
    para(doc, t["decisions_more"], italic=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not bodies %}")
    para(doc, t["no_decision"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if exceptions %}")
    heading(doc, t["exception_list"], 2)
    table(doc, t["exceptions_cols"], [3.1, 2.1, 2.1, 1.7, 2.8, 4.2], loop="e in exceptions",
          cells=["{{ e.project }}", "{{ e.dimension }}", "{{ e.deviation }} / {{ e.threshold }}", "{{ e.streak }}",
                 "{{ e.body }}", "{{ e.decision }}"], font_size=8)
    tag(doc, "{%p if exceptions_more %}")
    para(doc, t["exceptions_more"], italic=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, t["no_exception"])
    tag(doc, "{%p endif %}")

    heading(doc, t["dq"])
    para(doc, t["dq_text"])
    tag(doc, "{%p if data_quality %}")
    table(doc, t["dq_cols"], [4.0, 3.0, 7.6, 1.4], loop="d in data_quality",
          cells=["{{ d.project }}", "{{ d.issue }}", "{{ d.message }}", "{{ d.row }}"], font_size=8)
    tag(doc, "{%p if data_quality_more %}")
    para(doc, t["dq_more"], italic=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, t["no_dq"])
    tag(doc, "{%p endif %}")
    heading(doc, t["self"], 2)
    tag(doc, "{%p if disagreements %}")
    table(doc, t["self_cols"], [9.0, 3.5, 3.5], loop="d in disagreements",
          cells=["{{ d.project }}", "{{ d.declared }}", "{{r d.computed }}"])
    tag(doc, "{%p else %}")
    para(doc, t["no_self"])
    tag(doc, "{%p endif %}")

    heading(doc, t["lessons"])
    tag(doc, "{%p if lessons %}")
    table(doc, t["lessons_cols"], [3.0, 2.8, 7.4, 2.8], loop="l in lessons",
          cells=["{{ l.project }}", "{{ l.category }}", "{{ l.lesson }}", "{{ l.tags }}"], font_size=8)
    tag(doc, "{%p else %}")
    para(doc, t["no_lessons"])
    tag(doc, "{%p endif %}")

    heading(doc, t["attention"])
    tag(doc, "{%p if projects %}")
    para(doc, t["attention_text"])
    tag(doc, "{%p if attention_more %}")
    para(doc, t["attention_more"], italic=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, t["no_attention"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for p in projects %}")
    new_page(heading(doc, "{{ p.id }} — {{ p.name }}", 2))
    para(doc, t["page_meta"], italic=True, size=9)
    para(doc, t["page_rag"])
    table(doc, t["dims_cols"], [4.0, 3.0, 3.0, 3.0, 3.0], loop="d in p.dims",
          cells=["{{ d.name }}", "{{ d.deviation }}", "{{ d.amber }}", "{{ d.red }}", "{{r d.mark }}"])
    heading(doc, t["evm"], 3)
    table(doc, t["evm_cols"], [3.5, 4.5, 3.5, 4.5], loop="e in p.evm",
          cells=["{{ e.l1 }}", "{{ e.v1 }}", "{{ e.l2 }}", "{{ e.v2 }}"])
    heading(doc, t["schedule"], 3)
    table(doc, t["schedule_cols"], [3.0, 5.0, 3.0, 5.0], rows=t["schedule_rows"])
    para(doc, t["duration"], italic=True, size=8.5)
    heading(doc, t["raid"], 3)
    table(doc, t["raid_cols"], [3.5, 3.5, 4.5, 4.5],
          rows=[["{{ p.open_risks }}", "{{ p.open_issues }}", "{{ p.risk_exposure }}", "{{ p.exposure_share }}"]])
    tag(doc, "{%p if p.exceptions %}")
    heading(doc, t["page_decisions"], 3)
    table(doc, t["page_decisions_cols"], [2.6, 3.8, 9.6], loop="e in p.exceptions",
          cells=["{{ e.dimension }}", "{{ e.body }}", "{{ e.decision }}"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if p.flags %}")
    heading(doc, t["page_flags"], 3)
    tag(doc, "{%p for f in p.flags %}")
    bullet(doc, "{{ f }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    new_page(heading(doc, t["method"]))
    para(doc, t["method_evm"], size=9)
    para(doc, t["method_dims"], size=9)
    para(doc, t["method_source"], size=9)
    table(doc, t["tolerance_cols"], [2.9, 2.1, 2.1, 2.1, 2.1, 2.1, 2.6], loop="r in tolerances",
          cells=["{{ r.tier }} ({{ r.budget }})", "{{ r.schedule }}", "{{ r.cost }}", "{{ r.scope }}", "{{ r.risk }}",
                 "{{ r.benefits }}", "{{ r.body }}"], font_size=8)
    para(doc, t["tolerance_note"], italic=True, size=8.5)
    para(doc, t["sources"], size=8.5)

    for paragraph in doc.paragraphs:  # the summary bullets read better a little larger than table text
        if paragraph.style.name == "List Bullet":
            paragraph.paragraph_format.space_after = Pt(3)
    target = folder / f"review_pack.{language}.docx"
    doc.save(str(target))
    return target
