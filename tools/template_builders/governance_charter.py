"""The governance charter (governance_charter.<fr|en>.docx), filled in by `pmo governance charter`: purpose, PMO
type, structure, bodies, roles, tiers, gates, tolerances, RACI, calendar and approval."""

from __future__ import annotations

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from .blocks import (
    Text,
    bullet,
    bullet_cell,
    cell_lines,
    centered_image,
    document_control,
    each,
    heading,
    key_value_table,
    new_document,
    page_break,
    para,
    table,
    title_block,
    when,
)
from .page import caption, cell_property, row_height


def raci_table(doc: Document, t: Text) -> None:
    """Processes as rows ({%tr for %}), roles as columns ({%tc for %}), each cell shaded by its letter."""
    result = table(
        doc,
        [t("Processus", "Process"), "{%tc for r in raci.roles %}", "{{ r.short }}", "{%tc endfor %}"],
        [4.2, 0.2, 11.4, 0.2],
        loop="p in raci.rows",
        cells=["{{ p.name }}", "{%tc for c in p.cells %}", "{% cellbg c.fill %}{{ c.letter }}", "{%tc endfor %}"],
        font_size=8.5,
    )
    caption(result, "raci")
    header, body = result.rows[0], result.rows[2]
    # Role names read bottom to top in a narrow column, as RACI charts usually show them.
    cell_property(header.cells[2], "w:textDirection", **{"w:val": "btLr"})
    header.cells[2].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    row_height(header, 3.6)
    for paragraph in body.cells[2].paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell in (body.cells[0], body.cells[2]):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    row_height(body, 0.6)
    for run in body.cells[2].paragraphs[0].runs:
        run.bold = True


def build(language: str) -> Document:
    t = Text(language)
    title = t("Charte de gouvernance du PMO", "PMO governance charter")
    doc = new_document(f"{title} — {{{{ client }}}}", "{{ client }} — version {{ version }}")
    title_block(
        doc,
        title,
        t(
            "{{ client }} — modèle de gouvernance, version {{ version }} du {{ stored_at|date }}",
            "{{ client }} — governance model, version {{ version }} of {{ stored_at|date }}",
        ),
        t(
            "Document préparé par {{ consultant }} le {{ today|date }} (empreinte du modèle {{ content_hash }}).",
            "Prepared by {{ consultant }} on {{ today|date }} (model fingerprint {{ content_hash }}).",
        ),
    )
    document_control(
        doc,
        t,
        history=t("Historique des versions du modèle de gouvernance", "History of the governance model's versions"),
    )

    heading(doc, t("Objet de la charte", "Purpose of this charter"))
    para(
        doc,
        t(
            "Cette charte fixe la façon dont les projets de {{ client }} sont gouvernés : qui décide de quoi, "
            "dans quelles instances et à quel rythme, quels jalons et documents chaque projet doit respecter "
            "selon son niveau, quelles tolérances s'appliquent et comment les écarts remontent. Elle s'applique "
            "à tous les projets du portefeuille.",
            "This charter sets out how {{ client }}'s projects are governed: who decides what, in which bodies "
            "and how often, which gates and documents each project needs according to its tier, which "
            "tolerances apply and how deviations are escalated. It applies to every project in the portfolio.",
        ),
    )
    with when(doc, "mission"):
        para(doc, t("Mission du PMO : {{ mission }}", "PMO mission: {{ mission }}"))
    with when(doc, "vision"):
        para(doc, t("Vision : {{ vision }}", "Vision: {{ vision }}"))
    para(
        doc,
        t(
            "La charte est revue au moins une fois par an et à chaque nouvelle version du modèle de gouvernance "
            "; la version en vigueur est la version {{ version }}.",
            "The charter is reviewed at least once a year and with every new version of the governance model; "
            "the version in force is version {{ version }}.",
        ),
    )

    heading(doc, t("Type de PMO et mandat", "PMO type and mandate"))
    para(
        doc,
        t(
            "Le PMO est un PMO {{ pmo_type }} : {{ pmo_type_text }}",
            "The PMO is a {{ pmo_type }} PMO: {{ pmo_type_text }}",
        ),
    )
    para(doc, t("Il exerce les fonctions suivantes :", "It runs the following functions:"))
    with each(doc, "f in mandate"):
        bullet(doc, "{{ f.name }} — {{ f.description }}")

    heading(doc, t("Structure de gouvernance", "Governance structure"))
    para(
        doc,
        t(
            "Chaque instance décide dans la limite de ses droits de décision et escalade le reste à l'instance "
            "supérieure (flèches). Les dépassements de tolérance d'un projet remontent à l'instance d'escalade "
            "de son niveau.",
            "Each body decides within its decision rights and escalates the rest to the body above (arrows). A "
            "project's tolerance breaches go to the escalation body of its tier.",
        ),
    )
    centered_image(doc, "{{ diagram }}")

    heading(doc, t("Instances et mandats", "Bodies and terms of reference"))
    para(
        doc,
        t(
            "Mandat de chaque instance : présidence, membres, quorum, rythme, droits de décision, entrées et sorties.",
            "Terms of reference of each body: chair, members, quorum, cadence, decision rights, inputs and outputs.",
        ),
    )
    with each(doc, "b in bodies"):
        heading(doc, "{{ b.name }}", 2)
        with when(doc, "b.purpose"):
            para(doc, "{{ b.purpose }}", italic=True)
        key_value_table(
            doc,
            [
                (t("Président", "Chair"), "{{ b.chair }}"),
                (t("Membres", "Members"), "{{ b.members }}"),
                ("Quorum", "{{ b.quorum }}"),
                (t("Rythme", "Cadence"), "{{ b.cadence }}"),
                (t("Escalade vers", "Escalates to"), "{{ b.escalates_to }}"),
                (t("Jalons approuvés", "Gates approved"), "{{ b.approves }}"),
            ],
            (3.6, 12.4),
        )
        para(doc, t("Droits de décision :", "Decision rights:"))
        with each(doc, "x in b.decision_rights"):
            bullet(doc, "{{ x }}")
        io = table(doc, [t("Entrées", "Inputs"), t("Sorties", "Outputs")], [8.0, 8.0], rows=[["", ""]])
        for cell, key in zip(io.rows[1].cells, ("inputs", "outputs"), strict=True):
            bullet_cell(cell, f"x in b.{key}")

    heading(doc, t("Rôles et responsabilités", "Roles and responsibilities"))
    para(
        doc,
        t(
            "Les rôles sont tenus par des personnes nommées dans chaque projet ; une même personne peut tenir "
            "plusieurs rôles.",
            "Roles are held by people named in each project; one person may hold several roles.",
        ),
    )
    roles = table(
        doc,
        [t("Rôle", "Role"), t("Type", "Kind"), t("Responsabilités", "Responsibilities")],
        [4.2, 2.0, 9.8],
        loop="r in roles",
        cells=["{{ r.name }}", "{{ r.kind }}", ""],
    )
    bullet_cell(roles.rows[2].cells[2], "x in r.responsibilities")

    heading(doc, t("Niveaux de projet", "Project tiers"))
    para(
        doc,
        t(
            "Le niveau d'un projet dépend de son budget total (budget à l'achèvement). Il fixe les jalons à "
            "passer, les documents à produire, le rythme du rapport d'avancement et l'instance vers laquelle un "
            "dépassement est escaladé.",
            "A project's tier follows from its total budget (budget at completion). It sets the gates to pass, "
            "the documents to produce, how often the project reports and the body a breach is escalated to.",
        ),
    )
    table(
        doc,
        [
            t("Niveau", "Tier"),
            "Budget",
            t("Jalons", "Gates"),
            t("Documents requis", "Required documents"),
            t("Rapport", "Reporting"),
            t("Escalade", "Escalation"),
        ],
        [2.4, 2.3, 2.9, 4.2, 2.1, 2.1],
        loop="tier in tiers",
        cells=[
            "{{ tier.name }}",
            "{{ tier.budget }}",
            "{{ tier.gates }}",
            "{{ tier.documents }}",
            "{{ tier.reporting }}",
            "{{ tier.escalation }}",
        ],
        font_size=8.5,
    )

    heading(doc, t("Jalons", "Stage gates"))
    para(
        doc,
        t(
            "Les jalons suivent les phases PM² (lancement, planification, exécution, clôture). Un projet ne "
            "passe un jalon que lorsque les critères d'entrée sont remplis ; l'instance indiquée approuve le "
            "passage au vu des critères de sortie.",
            "Gates follow the PM² phases (initiating, planning, executing, closing). A project reaches a gate "
            "only when its entry criteria are met; the body named approves the passage against the exit "
            "criteria.",
        ),
    )
    with each(doc, "g in gates"):
        heading(doc, "{{ g.order }}. {{ g.name }}", 2)
        para(
            doc,
            t(
                "Approbation : {{ g.approver }}. Niveaux concernés : {{ g.tiers }}.",
                "Approval: {{ g.approver }}. Tiers: {{ g.tiers }}.",
            ),
        )
        table(
            doc,
            [t("Critères d'entrée", "Entry criteria"), t("Critères de sortie", "Exit criteria")],
            [8.0, 8.0],
            loop="c in g.criteria",
            cells=["{{ c.entry }}", "{{ c.exit }}"],
        )

    heading(doc, t("Tolérances et escalade", "Tolerances and escalation"))
    para(
        doc,
        t(
            "Les tolérances sont des écarts relatifs. Un écart inférieur au seuil ambre est vert ; à partir du "
            "seuil ambre il est ambre et le chef de projet présente un plan de redressement à son comité ; à "
            "partir du seuil rouge il est rouge et fait l'objet d'un rapport d'exception adressé à l'instance "
            "d'escalade du niveau.",
            "Tolerances are relative deviations. A deviation below the amber threshold is green; from the amber "
            "threshold it is amber and the project manager brings a recovery plan to the project's committee; "
            "from the red threshold it is red and an exception report goes to the escalation body of the tier.",
        ),
    )
    table(
        doc,
        [
            t("Niveau", "Tier"),
            t("Délais", "Schedule"),
            t("Coûts", "Cost"),
            t("Périmètre", "Scope"),
            t("Risques", "Risk"),
            t("Bénéfices", "Benefits"),
        ],
        [3.5, 2.5, 2.5, 2.5, 2.5, 2.5],
        loop="tier in tiers",
        cells=[
            "{{ tier.name }}",
            "{{ tier.tolerances.schedule }}",
            "{{ tier.tolerances.cost }}",
            "{{ tier.tolerances.scope }}",
            "{{ tier.tolerances.risk }}",
            "{{ tier.tolerances.benefits }}",
        ],
    )
    para(doc, t("Seuils ambre / rouge.", "Amber / red thresholds."), italic=True, size=9)
    para(doc, t("Mesure des écarts :", "How deviations are measured:"))
    with each(doc, "d in dimensions"):
        bullet(doc, t("{{ d.name }} : {{ d.measure }}", "{{ d.name }}: {{ d.measure }}"))
    para(doc, t("Chemins d'escalade :", "Escalation paths:"))
    with each(doc, "p in escalation_paths"):
        bullet(doc, "{{ p }}")

    page_break(doc)
    heading(doc, t("Matrice RACI des processus de gouvernance", "RACI matrix of the governance processes"))
    para(
        doc,
        t(
            "{% for l in raci.legend %}{{ l.letter }} = {{ l.meaning }}{% if not loop.last %} ; "
            "{% endif %}{% endfor %}.",
            "{% for l in raci.legend %}{{ l.letter }} = {{ l.meaning }}{% if not loop.last %}; "
            "{% endif %}{% endfor %}.",
        ),
        size=9,
    )
    raci_table(doc, t)

    heading(doc, t("Calendrier de gouvernance", "Governance calendar"))
    para(
        doc,
        t(
            "Réunions de {{ calendar_from }} à {{ calendar_to }} (fuseau horaire {{ timezone }}). Le fichier "
            "{{ ics_name }} contient les mêmes réunions, à importer dans Outlook ou Google Agenda.",
            "Meetings from {{ calendar_from }} to {{ calendar_to }} (time zone {{ timezone }}). The file "
            "{{ ics_name }} holds the same meetings, to import into Outlook or Google Calendar.",
        ),
    )
    table(
        doc,
        [t("Instance", "Body"), t("Rythme", "Cadence"), t("Sur 12 mois", "In 12 months")],
        [5.0, 8.7, 2.3],
        loop="b in bodies",
        cells=["{{ b.name }}", "{{ b.cadence }}", "{{ b.meetings }}"],
    )
    months = table(
        doc,
        [t("Mois", "Month"), t("Réunions (jours du mois)", "Meetings (days of the month)")],
        [3.2, 12.8],
        loop="m in calendar",
        cells=["{{ m.month }}", ""],
    )
    cell_lines(
        months.rows[2].cells[1],
        [
            [("{%p for e in m.meetings %}", False)],
            [("{{ e.body }}", True), (t(" : {{ e.days }}", ": {{ e.days }}"), False)],
            [("{%p endfor %}", False)],
        ],
    )

    heading(doc, t("Approbation de la charte", "Approval of the charter"))
    approvals = table(
        doc,
        [t("Rôle", "Role"), t("Nom", "Name"), "Date", "Signature"],
        [5.0, 4.5, 2.5, 4.0],
        loop="a in approvals",
        cells=["{{ a.role }}", "", "", ""],
    )
    row_height(approvals.rows[2], 1.2)
    return doc
