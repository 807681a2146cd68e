"""Authoring of the assessment report templates (assessment_report.fr.docx / .en.docx)."""
from __future__ import annotations

from pathlib import Path

from docx_builder import bullet, centered_image, heading, new_document, page_break, para, table, tag

LABELS = {
    "fr": {
        "title": "Évaluation de la maturité en gestion de projet",
        "subtitle": "{{ client }} — campagne {{ campaign }} du {{ assessed_on|date }}",
        "prepared": "Rapport préparé par {{ consultant }} le {{ today|date }}.",
        "summary": "Synthèse",
        "summary_text": "{{ respondents }} personnes ont répondu aux {{ question_count }} questions couvrant "
                        "{{ dimension_count }} dimensions de la gestion de projet. Le niveau global de maturité est "
                        "{% if overall_level %}{{ overall_level }} ({{ overall_level_name }}){% else %}non mesuré{% endif %} : "
                        "une organisation est au niveau de sa dimension la plus faible. Le PMO visé est un PMO "
                        "{{ pmo_type }}.",
        "summary_gaps": "{{ gaps|length }} dimension(s) sont sous la cible, {{ disagreements|length }} montrent un "
                        "désaccord marqué entre répondants et {{ recommendations|length }} recommandations sont "
                        "planifiées sur 12 mois.",
        "top_gaps": "Écarts les plus importants :",
        "method": "Méthode et répondants",
        "method_text": "Chaque question est notée de 1 (initial) à 5 (optimisé) d'après la description de niveau "
                       "qui correspond le mieux à la pratique actuelle. Chaque répondant compte pour une voix par "
                       "dimension (moyenne de ses réponses) ; le niveau d'une dimension est le niveau entièrement "
                       "atteint par le répondant médian. « N/A » et les questions sans réponse ne comptent pas "
                       "comme zéro.",
        "answers": "Réponses : {{ answered }} notées, {{ not_applicable }} « N/A », {{ not_answered }} sans réponse.",
        "levels": "Niveaux : {% for l in levels %}{{ l.level }} {{ l.name }}{% if not loop.last %}, {% endif %}{% endfor %}.",
        "roles": ["Rôle", "Répondants", "Médiane", "Dimension la plus forte", "Dimension la plus faible"],
        "profile": "Profil de maturité",
        "profile_text": "Profil actuel (médiane des répondants) comparé à la cible.",
        "scores": ["Dimension", "Rép.", "Méd.", "Moy.", "Min", "Max", "σ", "Niv.", "Cible", "Écart"],
        "progress": "Progrès depuis l'évaluation précédente ({{ previous_campaign }})",
        "progress_cols": ["Dimension", "Précédente", "Actuelle", "Évolution"],
        "strengths": "Points forts",
        "gaps": "Écarts à la cible",
        "gaps_cols": ["Dimension", "Médiane", "Cible", "Écart"],
        "no_gaps": "Aucune dimension n'est sous la cible.",
        "disagreements": "Désaccords entre répondants",
        "disagreement_line": "{{ d.name }} : notes de {{ d.min|number(1) }} à {{ d.max|number(1) }} "
                             "(écart-type {{ d.std|number(2) }}). Des pratiques différentes coexistent : à "
                             "clarifier en atelier avant d'agir.",
        "no_disagreement": "Les répondants concordent sur toutes les dimensions.",
        "recommendations": "Recommandations",
        "recommendations_text": "Classées par dépendance (gouvernance et standards d'abord) puis par écart.",
        "rec_meta": "{{ r.dimension }} — du niveau {{ r.from_level }} au niveau {{ r.to_level }} ; "
                    "horizon {{ r.horizon }} mois ; effort {{ r.effort_label }}.",
        "no_recommendations": "Toutes les dimensions atteignent la cible : pas de recommandation.",
        "roadmap": "Feuille de route",
        "roadmap_cols": ["Horizon (mois)", "N°", "Action", "Dimension"],
        "detail": "Détail par dimension",
        "detail_meta": "Niveau {{ d.level or '—' }} ({{ d.level_name }}), cible {{ d.target }}, "
                       "{{ d.respondents }} répondant(s).",
        "question_cols": ["Id", "Question", "Médiane", "Min", "Max", "Notées", "N/A", "Sans rép."],
    },
    "en": {
        "title": "Project management maturity assessment",
        "subtitle": "{{ client }} — campaign {{ campaign }}, {{ assessed_on|date }}",
        "prepared": "Report prepared by {{ consultant }} on {{ today|date }}.",
        "summary": "Executive summary",
        "summary_text": "{{ respondents }} people answered the {{ question_count }} questions covering "
                        "{{ dimension_count }} project management dimensions. The overall maturity level is "
                        "{% if overall_level %}{{ overall_level }} ({{ overall_level_name }}){% else %}not measured{% endif %}: "
                        "an organisation is at the level of its weakest dimension. The intended PMO is "
                        "{{ pmo_type }}.",
        "summary_gaps": "{{ gaps|length }} dimension(s) are below target, {{ disagreements|length }} show strong "
                        "disagreement between respondents, and {{ recommendations|length }} recommendations are "
                        "planned over 12 months.",
        "top_gaps": "Largest gaps:",
        "method": "Method and respondents",
        "method_text": "Each question is scored from 1 (initial) to 5 (optimised) by the level description that best "
                       "matches current practice. Each respondent is one voice per dimension (the mean of their "
                       "answers); a dimension's level is the level fully reached by the median respondent. "
                       "'N/A' and unanswered questions never count as zero.",
        "answers": "Answers: {{ answered }} scored, {{ not_applicable }} 'N/A', {{ not_answered }} not answered.",
        "levels": "Levels: {% for l in levels %}{{ l.level }} {{ l.name }}{% if not loop.last %}, {% endif %}{% endfor %}.",
        "roles": ["Role", "Respondents", "Median", "Strongest dimension", "Weakest dimension"],
        "profile": "Maturity profile",
        "profile_text": "Current profile (median respondent) against the target.",
        "scores": ["Dimension", "Resp.", "Med.", "Mean", "Min", "Max", "σ", "Level", "Target", "Gap"],
        "progress": "Progress since the previous assessment ({{ previous_campaign }})",
        "progress_cols": ["Dimension", "Previous", "Current", "Change"],
        "strengths": "Strengths",
        "gaps": "Gaps to target",
        "gaps_cols": ["Dimension", "Median", "Target", "Gap"],
        "no_gaps": "No dimension is below target.",
        "disagreements": "Disagreements between respondents",
        "disagreement_line": "{{ d.name }}: scores from {{ d.min|number(1) }} to {{ d.max|number(1) }} "
                             "(std dev {{ d.std|number(2) }}). Practices differ across the organisation: "
                             "clarify in a workshop before acting.",
        "no_disagreement": "Respondents agree on every dimension.",
        "recommendations": "Recommendations",
        "recommendations_text": "Ranked by dependency (governance and standards first), then by gap.",
        "rec_meta": "{{ r.dimension }} — from level {{ r.from_level }} to level {{ r.to_level }}; "
                    "horizon {{ r.horizon }} months; effort {{ r.effort_label }}.",
        "no_recommendations": "Every dimension meets its target: no recommendation.",
        "roadmap": "Roadmap",
        "roadmap_cols": ["Horizon (months)", "No.", "Action", "Dimension"],
        "detail": "Detail by dimension",
        "detail_meta": "Level {{ d.level or '—' }} ({{ d.level_name }}), target {{ d.target }}, "
                       "{{ d.respondents }} respondent(s).",
        "question_cols": ["Id", "Question", "Median", "Min", "Max", "Scored", "N/A", "Blank"],
    },
}


def build(language: str, folder: Path) -> Path:
    t = LABELS[language]
    doc = new_document(f"{t['title']} — {{{{ client }}}}", "{{ campaign }}")
    doc.add_paragraph(t["title"], style="Title")
    para(doc, t["subtitle"], size=13)
    para(doc, t["prepared"], italic=True)

    heading(doc, t["summary"])
    para(doc, t["summary_text"])
    para(doc, t["summary_gaps"])
    tag(doc, "{%p if gaps %}")
    para(doc, t["top_gaps"])
    tag(doc, "{%p for d in gaps[:3] %}")
    bullet(doc, "{{ d.name }} : {{ d.median|number(1) }} / {{ d.target }}" if language == "fr"
           else "{{ d.name }}: {{ d.median|number(1) }} / {{ d.target }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    heading(doc, t["method"])
    para(doc, t["method_text"])
    para(doc, t["levels"])
    para(doc, t["answers"])
    table(doc, t["roles"], [4.5, 2.2, 2.0, 3.65, 3.65], loop="r in roles",
          cells=["{{ r.role }}", "{{ r.respondents }}", "{{ r.median|number(1) }}", "{{ r.strongest }}", "{{ r.weakest }}"])

    page_break(doc)
    heading(doc, t["profile"])
    para(doc, t["profile_text"])
    centered_image(doc, "{{ radar }}")
    table(doc, t["scores"], [3.6] + [1.38] * 9, loop="d in dimensions",
          cells=["{{ d.name }}", "{{ d.respondents }}", "{{ d.median|number(1) }}", "{{ d.mean|number(1) }}",
                 "{{ d.min|number(1) }}", "{{ d.max|number(1) }}", "{{ d.std|number(2) }}", "{{ d.level or '—' }}",
                 "{{ d.target }}", "{{ d.gap|number(1) }}"], font_size=7.5)
    tag(doc, "{%p if progress %}")
    heading(doc, t["progress"], 2)
    table(doc, t["progress_cols"], [7.0, 3.0, 3.0, 3.0], loop="p in progress",
          cells=["{{ p.dimension }}", "{{ p.previous|number(1) }}", "{{ p.current|number(1) }}",
                 "{% if p.change is not none and p.change > 0 %}+{% endif %}{{ p.change|number(1) }}"])
    tag(doc, "{%p endif %}")

    heading(doc, t["strengths"])
    tag(doc, "{%p for d in strengths %}")
    bullet(doc, "{{ d.name }} — {{ d.median|number(1) }} (" + ("cible" if language == "fr" else "target") + " {{ d.target }})")
    tag(doc, "{%p endfor %}")
    heading(doc, t["gaps"])
    tag(doc, "{%p if gaps %}")
    table(doc, t["gaps_cols"], [8.0, 2.6, 2.6, 2.8], loop="d in gaps",
          cells=["{{ d.name }}", "{{ d.median|number(1) }}", "{{ d.target }}", "{{ d.gap|number(1) }}"])
    tag(doc, "{%p else %}")
    para(doc, t["no_gaps"])
    tag(doc, "{%p endif %}")
    heading(doc, t["disagreements"])
    tag(doc, "{%p for d in disagreements %}")
    bullet(doc, t["disagreement_line"])
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not disagreements %}")
    para(doc, t["no_disagreement"])
    tag(doc, "{%p endif %}")

    page_break(doc)
    heading(doc, t["recommendations"])
    para(doc, t["recommendations_text"], italic=True)
    tag(doc, "{%p for r in recommendations %}")
    heading(doc, "{{ r.rank }}. {{ r.title }}", 3)
    para(doc, t["rec_meta"], italic=True)
    tag(doc, "{%p for a in r.actions %}")
    bullet(doc, "{{ a }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not recommendations %}")
    para(doc, t["no_recommendations"])
    tag(doc, "{%p endif %}")

    heading(doc, t["roadmap"])
    table(doc, t["roadmap_cols"], [2.8, 1.2, 8.5, 3.5], loop="r in recommendations",
          cells=["{{ r.horizon }}", "{{ r.rank }}", "{{ r.title }}", "{{ r.dimension }}"])

    page_break(doc)
    heading(doc, t["detail"])
    tag(doc, "{%p for d in dimensions %}")
    heading(doc, "{{ d.name }}", 2)
    para(doc, "{{ d.description }}", italic=True)
    para(doc, t["detail_meta"])
    table(doc, t["question_cols"], [1.9, 7.3, 1.3, 1.0, 1.0, 1.2, 1.0, 1.3], loop="q in d.questions",
          cells=["{{ q.id }}", "{{ q.text }}", "{{ q.median|number(1) }}", "{{ q.min or '—' }}", "{{ q.max or '—' }}",
                 "{{ q.answered }}", "{{ q.na }}", "{{ q.not_answered }}"], font_size=8)
    tag(doc, "{%p endfor %}")

    target = folder / f"assessment_report.{language}.docx"
    doc.save(str(target))
    return target
