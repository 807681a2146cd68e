"""The portfolio board pack (portfolio_pack.<fr|en>.docx), filled in by the portfolio selection run: summary, the
demands ranked, the efficient frontier, capacity before and with the proposal (a landscape section, the heat maps'
width), the proposed selection and the limits it reaches, the demands not proposed and why, the next step."""

from __future__ import annotations

import copy

from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

from .blocks import (
    Text,
    bullet,
    bullet_cell,
    centered_image,
    each,
    heading,
    keep_together,
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
from .page import LANDSCAPE_WIDTH_CM, PAGE_WIDTH_CM


def _section(doc: Document, landscape: bool) -> None:
    """Start a new section on a new page, landscape or back to portrait. Its header and footer are the first
    section's (logo, classification, footer text, page x / y), their right-hand tab stop at the new text width."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    first = doc.sections[0]  # after add_section: the section object held before would now be the new one
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = first.page_height, first.page_width
        margin, width = Cm(2.0), LANDSCAPE_WIDTH_CM
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = first.page_width, first.page_height
        margin, width = first.left_margin, PAGE_WIDTH_CM
    section.left_margin = section.right_margin = margin
    section.top_margin, section.bottom_margin = first.top_margin, first.bottom_margin
    for source, target in ((first.header, section.header), (first.footer, section.footer)):
        target.is_linked_to_previous = False
        element = target._element
        for child in list(element):
            element.remove(child)
        for paragraph in source.paragraphs:
            element.append(copy.deepcopy(paragraph._p))
        if width != PAGE_WIDTH_CM:  # the Header/Footer styles stop at the portrait width: move it to the edge
            for paragraph in target.paragraphs:
                stops = paragraph.paragraph_format.tab_stops
                stops.add_tab_stop(Cm(PAGE_WIDTH_CM), WD_TAB_ALIGNMENT.CLEAR)
                stops.add_tab_stop(Cm(width), WD_TAB_ALIGNMENT.RIGHT)


def _note(doc: Document, text: str) -> None:
    para(doc, text, italic=True, size=8.5)


def _bottlenecks(doc: Document, t: Text, state: str) -> None:
    heading(doc, t("Rôles en surcharge", "Overloaded roles"), 3)
    with when(doc, f"capacity.{state}.rows"):
        result = table(
            doc,
            [
                t("Rôle", "Role"),
                t("Mois en surcharge", "Months over"),
                t("Pic de charge", "Peak load"),
                t("Mois du pic", "Peak month"),
                t("Jours au-delà de la capacité", "Days over capacity"),
            ],
            [7.0, 3.2, 3.2, 4.0, 4.6],
            loop=f"r in capacity.{state}.rows",
            cells=["{{ r.role }}", "{{ r.months }}", "{{ r.peak }}", "{{ r.month }}", "{{ r.days }}"],
        )
        numeric(result, [1, 2, 4])
        keep_together(result)
        otherwise(doc)
        para(doc, f"{{{{ capacity.{state}.none }}}}")


def build(language: str) -> Document:
    t = Text(language, spacing=True)
    title = t("Dossier du comité de portefeuille", "Portfolio board pack")
    doc = new_document(f"{title} — {{{{ client }}}}", "{{ body_name }}")
    title_block(
        doc,
        title,
        "{{ client }} — {{ body_name }}",
        t(
            "Proposition de sélection des demandes, soumise à la décision de l'instance « {{ body_name }} ». "
            "Dossier préparé par {{ consultant }}, le {{ prepared_on|date }}.",
            "Proposed selection of demands, put to the decision of the {{ body_name }}. Pack prepared by "
            "{{ consultant }}, on {{ prepared_on|date }}.",
        ),
    )

    # 1. Summary
    heading(doc, t("1. Synthèse", "1. Summary"))
    with each(doc, "s in summary"):
        bullet(doc, "{{ s }}")
    heading(doc, t("Coût par année au regard du budget", "Cost by year against the budget"), 2)
    widths = [2.0, 2.8, 2.8, 2.8, 2.8, 2.8]
    result = table(
        doc,
        [
            t("Année", "Year"),
            t("Budget", "Budget"),
            t("Déjà approuvé", "Already approved"),
            t("Proposition", "Proposal"),
            t("Reste", "Left"),
            t("Référence score/€", "Baseline score/€"),
        ],
        widths,
        loop="b in budget.rows",
        cells=[
            "{{ b.year }}",
            "{{ b.budget }}",
            "{{ b.committed }}",
            "{{ b.selected }}",
            "{{ b.left }}",
            "{{ b.greedy }}",
        ],
    )
    total_row(
        result,
        [
            "{{ budget.total.year }}",
            "{{ budget.total.budget }}",
            "{{ budget.total.committed }}",
            "{{ budget.total.selected }}",
            "{{ budget.total.left }}",
            "{{ budget.total.greedy }}",
        ],
        widths,
    )
    numeric(result, [1, 2, 3, 4, 5])
    keep_together(result)
    _note(
        doc,
        t(
            "Reste : le budget de l'année moins les demandes déjà approuvées et la proposition. Référence : le "
            "coût de la sélection qui prend les demandes par score par euro décroissant.",
            "Left: the year's budget less the demands already approved and the proposal. Baseline: the cost of "
            "the selection that takes demands by decreasing score per euro.",
        ),
    )
    with when(doc, "warnings"):
        heading(doc, t("Points d'attention", "Points to note"), 2)
        with each(doc, "w in warnings"):
            bullet(doc, "{{ w }}")

    # 2. Ranked demands
    new_page(heading(doc, t("2. Les demandes classées", "2. The demands ranked")))
    para(
        doc,
        t(
            "Les demandes examinées, de la mieux notée à la moins bien notée : score pondéré sur 5 (la moyenne des "
            "évaluateurs), nombre d'évaluateurs, coût total, statut et proposition du PMO.",
            "The demands considered, from the best scored to the least: weighted score out of 5 (the reviewers' "
            "mean), number of reviewers, total cost, status and the PMO's proposal.",
        ),
    )
    # The mark's legend above the table: below, a table that fills its last page would leave it alone on the next.
    with when(doc, "ranked.flagged"):
        _note(
            doc,
            t(
                "▲ : les évaluateurs divergent sur cette demande (voir les points d'attention de la synthèse).",
                "▲: the reviewers disagree on this demand (see the points to note in the summary).",
            ),
        )
    result = table(
        doc,
        [
            t("N°", "#"),
            t("Réf.", "Ref."),
            t("Demande", "Demand"),
            t("Sponsor", "Sponsor"),
            t("Score", "Score"),
            t("Éval.", "Rev."),
            t("Coût", "Cost"),
            t("Statut", "Status"),
            t("Proposition", "Proposal"),
        ],
        [0.9, 1.3, 3.1, 2.1, 1.3, 1.2, 1.7, 2.0, 2.4],
        loop="r in ranked.rows",
        cells=[
            "{{ r.rank }}",
            "{{ r.id }}",
            "{{ r.title }}",
            "{{ r.sponsor }}",
            # The disagreement mark before the score: the scores stay aligned on the right.
            "{% if r.flag %}{{ r.flag }} {% endif %}{{ r.score }}",
            "{{ r.reviewers }}",
            "{{ r.cost }}",
            "{{ r.status }}",
            "{{ r.proposal }}",
        ],
        font_size=8,
    )
    numeric(result, [0, 4, 5, 6])

    # 3. Efficient frontier
    new_page(heading(doc, t("3. La frontière efficiente", "3. The efficient frontier")))
    para(
        doc,
        t(
            "Le meilleur score pondéré total que permet chaque niveau de budget disponible pour les demandes "
            "candidates (le budget de chaque année moins les demandes déjà approuvées, multiplié par un même "
            "facteur), toutes les autres limites (capacité, dépendances, demandes obligatoires) inchangées : chaque "
            "point est une sélection optimale.",
            "The best total weighted score each level of the budget available to the candidate demands allows "
            "(every year's budget less the demands already approved, multiplied by one factor), every other limit "
            "(capacity, dependencies, mandatory demands) unchanged: each point is an optimal selection.",
        ),
    )
    with when(doc, "frontier.ok"):
        centered_image(doc, "{{ frontier_chart }}")
        para(doc, "{{ frontier.next }}")
        otherwise(doc)
        para(doc, "{{ frontier.none }}", italic=True)

    # 4. Capacity, on landscape pages: a heat map of 24 months is drawn at that width
    _section(doc, landscape=True)
    heading(doc, t("4. Capacité : avant et avec la proposition", "4. Capacity: before and with the proposal"))
    heading(
        doc,
        t("Projets en cours et demandes déjà approuvées", "Running projects and demands already approved"),
        2,
    )
    with when(doc, "heat_before"):
        centered_image(doc, "{{ heat_before }}")
    _bottlenecks(doc, t, "before")
    new_page(heading(doc, t("Avec la proposition", "With the proposal"), 2))
    with when(doc, "heat_after"):
        centered_image(doc, "{{ heat_after }}")
    _bottlenecks(doc, t, "after")
    _section(doc, landscape=False)

    # 5. Proposed selection and its trade-offs
    heading(doc, t("5. La sélection proposée et ses arbitrages", "5. The proposed selection and its trade-offs"))
    with when(doc, "selection.rows"):
        para(
            doc,
            t(
                "Les demandes que le PMO propose de retenir, dans l'ordre du classement :",
                "The demands the PMO proposes, in the order of the ranking:",
            ),
        )
        result = table(
            doc,
            [
                t("N°", "#"),
                t("Réf.", "Ref."),
                t("Demande", "Demand"),
                t("Sponsor", "Sponsor"),
                t("Score", "Score"),
                t("Coût", "Cost"),
                t("Proposition", "Proposal"),
            ],
            [1.2, 1.5, 4.5, 2.8, 1.4, 2.0, 2.6],
            loop="r in selection.rows",
            cells=[
                "{{ r.rank }}",
                "{{ r.id }}",
                "{{ r.title }}",
                "{{ r.sponsor }}",
                "{{ r.score }}",
                "{{ r.cost }}",
                "{{ r.proposal }}",
            ],
            font_size=8.5,
        )
        numeric(result, [0, 4, 5])
    heading(doc, t("Les limites atteintes", "The limits reached"), 2)
    with when(doc, "selection.binding"):
        para(
            doc,
            t(
                "La sélection proposée atteint ces limites, ce qui reste du budget et de la capacité une fois les "
                "projets en cours et les demandes déjà approuvées servis : c'est en relâchant l'une d'elles (plus "
                "de budget, plus de capacité ou un calendrier décalé) que d'autres demandes pourraient entrer.",
                "The proposed selection reaches these limits, what is left of the budget and the capacity once the "
                "running projects and the demands already approved are served: relaxing one of them (more budget, "
                "more capacity or a later schedule) is what would let other demands in.",
            ),
        )
        with each(doc, "b in selection.binding"):
            bullet(doc, "{{ b }}")
        otherwise(doc)
        para(doc, "{{ selection.none }}")
    _note(doc, "{{ selection.method }}")

    # 6. Deferred demands
    heading(doc, t("6. Les demandes non retenues et pourquoi", "6. The demands not proposed, and why"))
    with when(doc, "deferred.rows"):
        result = table(
            doc,
            [t("Réf.", "Ref."), t("Demande", "Demand"), t("Score", "Score"), t("Raisons", "Reasons")],
            [1.6, 4.4, 1.4, 8.6],
            loop="d in deferred.rows",
            cells=["{{ d.id }}", "{{ d.title }}", "{{ d.score }}", ""],
            font_size=8.5,
        )
        bullet_cell(result.rows[2].cells[3], "x in d.reasons")
        numeric(result, [2])
        otherwise(doc)
        para(doc, "{{ deferred.none }}")

    # 7. Next step
    heading(doc, t("7. Prochaine étape : la décision", "7. Next step: the decision"))
    para(doc, t("Feuille de décision : {{ decision_sheet }}", "Decision sheet: {{ decision_sheet }}")).runs[
        0
    ].bold = True
    para(doc, "{{ next_step.sheet }}")
    para(doc, "{{ next_step.decide }}")

    for paragraph in doc.paragraphs:  # the summary bullets read better a little apart
        if paragraph.style.name == "List Bullet":
            paragraph.paragraph_format.space_after = Pt(3)
    return doc
