"""The maturity assessment report (assessment_report.<fr|en>.docx), filled in by `pmo assess`: summary, method,
profile, strengths and gaps, recommendations, roadmap and the detail by dimension."""

from __future__ import annotations

from docx.document import Document

from .blocks import (
    Text,
    bullet,
    centered_image,
    each,
    heading,
    new_document,
    otherwise,
    page_break,
    para,
    table,
    title_block,
    when,
)


def build(language: str) -> Document:
    t = Text(language)
    title = t("Évaluation de la maturité en gestion de projet", "Project management maturity assessment")
    doc = new_document(f"{title} — {{{{ client }}}}", "{{ campaign }}")
    title_block(
        doc,
        title,
        t(
            "{{ client }} — campagne {{ campaign }} du {{ assessed_on|date }}",
            "{{ client }} — campaign {{ campaign }}, {{ assessed_on|date }}",
        ),
        t(
            "Rapport préparé par {{ consultant }} le {{ today|date }}.",
            "Report prepared by {{ consultant }} on {{ today|date }}.",
        ),
    )

    heading(doc, t("Synthèse", "Executive summary"))
    para(
        doc,
        t(
            "{{ respondents }} personnes ont répondu aux {{ question_count }} questions couvrant "
            "{{ dimension_count }} dimensions de la gestion de projet. Le niveau global de maturité est "
            "{% if overall_level %}{{ overall_level }} ({{ overall_level_name }}){% else %}non "
            "mesuré{% endif %} : une organisation est au niveau de sa dimension la plus faible. Le PMO visé est "
            "un PMO {{ pmo_type }}.",
            "{{ respondents }} people answered the {{ question_count }} questions covering "
            "{{ dimension_count }} project management dimensions. The overall maturity level is "
            "{% if overall_level %}{{ overall_level }} ({{ overall_level_name }}){% else %}not "
            "measured{% endif %}: an organisation is at the level of its weakest dimension. The intended PMO is "
            "{{ pmo_type }}.",
        ),
    )
    para(
        doc,
        t(
            "{{ gaps|length }} dimension(s) sont sous la cible, {{ disagreements|length }} montrent un "
            "désaccord marqué entre répondants et {{ recommendations|length }} recommandations sont planifiées "
            "sur 12 mois.",
            "{{ gaps|length }} dimension(s) are below target, {{ disagreements|length }} show strong "
            "disagreement between respondents, and {{ recommendations|length }} recommendations are planned "
            "over 12 months.",
        ),
    )
    with when(doc, "gaps"):
        para(doc, t("Écarts les plus importants :", "Largest gaps:"))
        with each(doc, "d in gaps[:3]"):
            bullet(
                doc,
                t(
                    "{{ d.name }} : {{ d.median|number(1) }} / {{ d.target }}",
                    "{{ d.name }}: {{ d.median|number(1) }} / {{ d.target }}",
                ),
            )

    heading(doc, t("Méthode et répondants", "Method and respondents"))
    para(
        doc,
        t(
            "Chaque question est notée de 1 (initial) à 5 (optimisé) d'après la description de niveau qui "
            "correspond le mieux à la pratique actuelle. Chaque répondant compte pour une voix par dimension "
            "(moyenne de ses réponses) ; le niveau d'une dimension est le niveau entièrement atteint par le "
            "répondant médian. « N/A » et les questions sans réponse ne comptent pas comme zéro.",
            "Each question is scored from 1 (initial) to 5 (optimised) by the level description that best "
            "matches current practice. Each respondent is one voice per dimension (the mean of their answers); "
            "a dimension's level is the level fully reached by the median respondent. 'N/A' and unanswered "
            "questions never count as zero.",
        ),
    )
    para(
        doc,
        t(
            "Niveaux : {% for l in levels %}{{ l.level }} {{ l.name }}{% if not loop.last %}, {% endif %}{% endfor %}.",
            "Levels: {% for l in levels %}{{ l.level }} {{ l.name }}{% if not loop.last %}, {% endif %}{% endfor %}.",
        ),
    )
    para(
        doc,
        t(
            "Réponses : {{ answered }} notées, {{ not_applicable }} « N/A », {{ not_answered }} sans réponse.",
            "Answers: {{ answered }} scored, {{ not_applicable }} 'N/A', {{ not_answered }} not answered.",
        ),
    )
    table(
        doc,
        [
            t("Rôle", "Role"),
            t("Répondants", "Respondents"),
            t("Médiane", "Median"),
            t("Dimension la plus forte", "Strongest dimension"),
            t("Dimension la plus faible", "Weakest dimension"),
        ],
        [4.5, 2.2, 2.0, 3.65, 3.65],
        loop="r in roles",
        cells=[
            "{{ r.role }}",
            "{{ r.respondents }}",
            "{{ r.median|number(1) }}",
            "{{ r.strongest }}",
            "{{ r.weakest }}",
        ],
    )

    page_break(doc)
    heading(doc, t("Profil de maturité", "Maturity profile"))
    para(
        doc,
        t(
            "Profil actuel (médiane des répondants) comparé à la cible.",
            "Current profile (median respondent) against the target.",
        ),
    )
    centered_image(doc, "{{ radar }}")
    table(
        doc,
        [
            "Dimension",
            t("Rép.", "Resp."),
            t("Méd.", "Med."),
            t("Moy.", "Mean"),
            "Min",
            "Max",
            "σ",
            t("Niv.", "Level"),
            t("Cible", "Target"),
            t("Écart", "Gap"),
        ],
        [3.6] + [1.38] * 9,
        loop="d in dimensions",
        cells=[
            "{{ d.name }}",
            "{{ d.respondents }}",
            "{{ d.median|number(1) }}",
            "{{ d.mean|number(1) }}",
            "{{ d.min|number(1) }}",
            "{{ d.max|number(1) }}",
            "{{ d.std|number(2) }}",
            "{{ d.level or '—' }}",
            "{{ d.target }}",
            "{{ d.gap|number(1) }}",
        ],
        font_size=7.5,
    )
    with when(doc, "progress"):
        heading(
            doc,
            t(
                "Progrès depuis l'évaluation précédente ({{ previous_campaign }})",
                "Progress since the previous assessment ({{ previous_campaign }})",
            ),
            2,
        )
        table(
            doc,
            ["Dimension", t("Précédente", "Previous"), t("Actuelle", "Current"), t("Évolution", "Change")],
            [7.0, 3.0, 3.0, 3.0],
            loop="p in progress",
            cells=[
                "{{ p.dimension }}",
                "{{ p.previous|number(1) }}",
                "{{ p.current|number(1) }}",
                "{% if p.change is not none and p.change > 0 %}+{% endif %}{{ p.change|number(1) }}",
            ],
        )

    heading(doc, t("Points forts", "Strengths"))
    with each(doc, "d in strengths"):
        bullet(
            doc,
            t(
                "{{ d.name }} — {{ d.median|number(1) }} (cible {{ d.target }})",
                "{{ d.name }} — {{ d.median|number(1) }} (target {{ d.target }})",
            ),
        )
    heading(doc, t("Écarts à la cible", "Gaps to target"))
    with when(doc, "gaps"):
        table(
            doc,
            ["Dimension", t("Médiane", "Median"), t("Cible", "Target"), t("Écart", "Gap")],
            [8.0, 2.6, 2.6, 2.8],
            loop="d in gaps",
            cells=["{{ d.name }}", "{{ d.median|number(1) }}", "{{ d.target }}", "{{ d.gap|number(1) }}"],
        )
        otherwise(doc)
        para(doc, t("Aucune dimension n'est sous la cible.", "No dimension is below target."))
    heading(doc, t("Désaccords entre répondants", "Disagreements between respondents"))
    with each(doc, "d in disagreements"):
        bullet(
            doc,
            t(
                "{{ d.name }} : notes de {{ d.min|number(1) }} à {{ d.max|number(1) }} (écart-type "
                "{{ d.std|number(2) }}). Des pratiques différentes coexistent : à clarifier en atelier avant "
                "d'agir.",
                "{{ d.name }}: scores from {{ d.min|number(1) }} to {{ d.max|number(1) }} (std dev "
                "{{ d.std|number(2) }}). Practices differ across the organisation: clarify in a workshop before "
                "acting.",
            ),
        )
    with when(doc, "not disagreements"):
        para(doc, t("Les répondants concordent sur toutes les dimensions.", "Respondents agree on every dimension."))

    page_break(doc)
    heading(doc, t("Recommandations", "Recommendations"))
    para(
        doc,
        t(
            "Classées par dépendance (gouvernance et standards d'abord) puis par écart.",
            "Ranked by dependency (governance and standards first), then by gap.",
        ),
        italic=True,
    )
    with each(doc, "r in recommendations"):
        heading(doc, "{{ r.rank }}. {{ r.title }}", 3)
        para(
            doc,
            t(
                "{{ r.dimension }} — du niveau {{ r.from_level }} au niveau {{ r.to_level }} ; horizon "
                "{{ r.horizon }} mois ; effort {{ r.effort_label }}.",
                "{{ r.dimension }} — from level {{ r.from_level }} to level {{ r.to_level }}; horizon "
                "{{ r.horizon }} months; effort {{ r.effort_label }}.",
            ),
            italic=True,
        )
        with each(doc, "a in r.actions"):
            bullet(doc, "{{ a }}")
    with when(doc, "not recommendations"):
        para(
            doc,
            t(
                "Toutes les dimensions atteignent la cible : pas de recommandation.",
                "Every dimension meets its target: no recommendation.",
            ),
        )

    heading(doc, t("Feuille de route", "Roadmap"))
    table(
        doc,
        [t("Horizon (mois)", "Horizon (months)"), t("N°", "No."), "Action", "Dimension"],
        [2.8, 1.2, 8.5, 3.5],
        loop="r in recommendations",
        cells=["{{ r.horizon }}", "{{ r.rank }}", "{{ r.title }}", "{{ r.dimension }}"],
    )

    page_break(doc)
    heading(doc, t("Détail par dimension", "Detail by dimension"))
    with each(doc, "d in dimensions"):
        heading(doc, "{{ d.name }}", 2)
        para(doc, "{{ d.description }}", italic=True)
        para(
            doc,
            t(
                "Niveau {{ d.level or '—' }} ({{ d.level_name }}), cible {{ d.target }}, {{ d.respondents }} "
                "répondant(s).",
                "Level {{ d.level or '—' }} ({{ d.level_name }}), target {{ d.target }}, {{ d.respondents }} "
                "respondent(s).",
            ),
        )
        table(
            doc,
            [
                "Id",
                "Question",
                t("Médiane", "Median"),
                "Min",
                "Max",
                t("Notées", "Scored"),
                "N/A",
                t("Sans rép.", "Blank"),
            ],
            [1.9, 7.3, 1.3, 1.0, 1.0, 1.2, 1.0, 1.3],
            loop="q in d.questions",
            cells=[
                "{{ q.id }}",
                "{{ q.text }}",
                "{{ q.median|number(1) }}",
                "{{ q.min or '—' }}",
                "{{ q.max or '—' }}",
                "{{ q.answered }}",
                "{{ q.na }}",
                "{{ q.not_answered }}",
            ],
            font_size=8,
        )
    return doc
