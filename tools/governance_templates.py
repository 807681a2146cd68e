"""Authoring of the governance charter templates (governance_charter.fr.docx / .en.docx)."""
from __future__ import annotations

from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from docx_builder import (bullet, centered_image, document_control, heading, key_value_table, new_document, page_break,
                          para, table, tag)

LABELS = {
    "fr": {
        "title": "Charte de gouvernance du PMO",
        "subtitle": "{{ client }} — modèle de gouvernance, version {{ version }} du {{ stored_at|date }}",
        "prepared": "Document préparé par {{ consultant }} le {{ today|date }} (empreinte du modèle {{ content_hash }}).",
        "purpose": "Objet de la charte",
        "purpose_text": "Cette charte fixe la façon dont les projets de {{ client }} sont gouvernés : qui décide de "
                        "quoi, dans quelles instances et à quel rythme, quels jalons et documents chaque projet doit "
                        "respecter selon son niveau, quelles tolérances s'appliquent et comment les écarts remontent. "
                        "Elle s'applique à tous les projets du portefeuille.",
        "mission": "Mission du PMO : {{ mission }}",
        "vision": "Vision : {{ vision }}",
        "review": "La charte est revue au moins une fois par an et à chaque nouvelle version du modèle de "
                  "gouvernance ; la version en vigueur est la version {{ version }}.",
        "type": "Type de PMO et mandat",
        "type_text": "Le PMO est un PMO {{ pmo_type }} : {{ pmo_type_text }}",
        "mandate_text": "Il exerce les fonctions suivantes :",
        "mandate_line": "{{ f.name }} — {{ f.description }}",
        "structure": "Structure de gouvernance",
        "structure_text": "Chaque instance décide dans la limite de ses droits de décision et escalade le reste à "
                          "l'instance supérieure (flèches). Les dépassements de tolérance d'un projet remontent à "
                          "l'instance d'escalade de son niveau.",
        "bodies": "Instances et mandats",
        "bodies_text": "Mandat de chaque instance : présidence, membres, quorum, rythme, droits de décision, entrées "
                       "et sorties.",
        "body_cols": ["Président", "Membres", "Quorum", "Rythme", "Escalade vers", "Jalons approuvés"],
        "decision_rights": "Droits de décision",
        "inputs": "Entrées",
        "outputs": "Sorties",
        "roles": "Rôles et responsabilités",
        "roles_text": "Les rôles sont tenus par des personnes nommées dans chaque projet ; une même personne peut "
                      "tenir plusieurs rôles.",
        "role_cols": ["Rôle", "Type", "Responsabilités"],
        "tiers": "Niveaux de projet",
        "tiers_text": "Le niveau d'un projet dépend de son budget total (budget à l'achèvement). Il fixe les jalons "
                      "à passer, les documents à produire, le rythme du rapport d'avancement et l'instance vers "
                      "laquelle un dépassement est escaladé.",
        "tier_cols": ["Niveau", "Budget", "Jalons", "Documents requis", "Rapport", "Escalade"],
        "gates": "Jalons",
        "gates_text": "Les jalons suivent les phases PM² (lancement, planification, exécution, clôture). Un projet ne "
                      "passe un jalon que lorsque les critères d'entrée sont remplis ; l'instance indiquée approuve "
                      "le passage au vu des critères de sortie.",
        "gate_meta": "Approbation : {{ g.approver }}. Niveaux concernés : {{ g.tiers }}.",
        "criteria_cols": ["Critères d'entrée", "Critères de sortie"],
        "tolerances": "Tolérances et escalade",
        "tolerances_text": "Les tolérances sont des écarts relatifs. Un écart inférieur au seuil ambre est vert ; "
                           "à partir du seuil ambre il est ambre et le chef de projet présente un plan de "
                           "redressement à son comité ; à partir du seuil rouge il est rouge et fait l'objet d'un "
                           "rapport d'exception adressé à l'instance d'escalade du niveau.",
        "tolerance_cols": ["Niveau", "Délais", "Coûts", "Périmètre", "Risques", "Bénéfices"],
        "tolerance_note": "Seuils ambre / rouge.",
        "measures": "Mesure des écarts :",
        "paths": "Chemins d'escalade :",
        "raci": "Matrice RACI des processus de gouvernance",
        "raci_text": "{% for l in raci.legend %}{{ l.letter }} = {{ l.meaning }}{% if not loop.last %} ; "
                     "{% endif %}{% endfor %}.",
        "raci_process": "Processus",
        "calendar": "Calendrier de gouvernance",
        "calendar_text": "Réunions de {{ calendar_from }} à {{ calendar_to }} (fuseau horaire {{ timezone }}). Le "
                         "fichier {{ ics_name }} contient les mêmes réunions, à importer dans Outlook ou Google "
                         "Agenda.",
        "calendar_summary_cols": ["Instance", "Rythme", "Sur 12 mois"],
        "calendar_cols": ["Mois", "Réunions (jours du mois)"],
        "approval": "Approbation de la charte",
        "approval_cols": ["Rôle", "Nom", "Date", "Signature"],
        "control": {"document_control": "Suivi du document", "version": "Version", "date": "Date",
                    "author": "Auteur", "approvers": "Approbateurs", "changes": "Modifications", "status": "Statut",
                    "history": "Historique des versions du modèle de gouvernance"},
    },
    "en": {
        "title": "PMO governance charter",
        "subtitle": "{{ client }} — governance model, version {{ version }} of {{ stored_at|date }}",
        "prepared": "Prepared by {{ consultant }} on {{ today|date }} (model fingerprint {{ content_hash }}).",
        "purpose": "Purpose of this charter",
        "purpose_text": "This charter sets out how {{ client }}'s projects are governed: who decides what, in which "
                        "bodies and how often, which gates and documents each project needs according to its tier, "
                        "which tolerances apply and how deviations are escalated. It applies to every project in "
                        "the portfolio.",
        "mission": "PMO mission: {{ mission }}",
        "vision": "Vision: {{ vision }}",
        "review": "The charter is reviewed at least once a year and with every new version of the governance "
                  "model; the version in force is version {{ version }}.",
        "type": "PMO type and mandate",
        "type_text": "The PMO is a {{ pmo_type }} PMO: {{ pmo_type_text }}",
        "mandate_text": "It runs the following functions:",
        "mandate_line": "{{ f.name }} — {{ f.description }}",
        "structure": "Governance structure",
        "structure_text": "Each body decides within its decision rights and escalates the rest to the body above "
                          "(arrows). A project's tolerance breaches go to the escalation body of its tier.",
        "bodies": "Bodies and terms of reference",
        "bodies_text": "Terms of reference of each body: chair, members, quorum, cadence, decision rights, inputs and "
                       "outputs.",
        "body_cols": ["Chair", "Members", "Quorum", "Cadence", "Escalates to", "Gates approved"],
        "decision_rights": "Decision rights",
        "inputs": "Inputs",
        "outputs": "Outputs",
        "roles": "Roles and responsibilities",
        "roles_text": "Roles are held by people named in each project; one person may hold several roles.",
        "role_cols": ["Role", "Kind", "Responsibilities"],
        "tiers": "Project tiers",
        "tiers_text": "A project's tier follows from its total budget (budget at completion). It sets the gates to "
                      "pass, the documents to produce, how often the project reports and the body a breach is "
                      "escalated to.",
        "tier_cols": ["Tier", "Budget", "Gates", "Required documents", "Reporting", "Escalation"],
        "gates": "Stage gates",
        "gates_text": "Gates follow the PM² phases (initiating, planning, executing, closing). A project reaches a "
                      "gate only when its entry criteria are met; the body named approves the passage against the "
                      "exit criteria.",
        "gate_meta": "Approval: {{ g.approver }}. Tiers: {{ g.tiers }}.",
        "criteria_cols": ["Entry criteria", "Exit criteria"],
        "tolerances": "Tolerances and escalation",
        "tolerances_text": "Tolerances are relative deviations. A deviation below the amber threshold is green; from "
                           "the amber threshold it is amber and the project manager brings a recovery plan to the "
                           "project's committee; from the red threshold it is red and an exception report goes to "
                           "the escalation body of the tier.",
        "tolerance_cols": ["Tier", "Schedule", "Cost", "Scope", "Risk", "Benefits"],
        "tolerance_note": "Amber / red thresholds.",
        "measures": "How deviations are measured:",
        "paths": "Escalation paths:",
        "raci": "RACI matrix of the governance processes",
        "raci_text": "{% for l in raci.legend %}{{ l.letter }} = {{ l.meaning }}{% if not loop.last %}; "
                     "{% endif %}{% endfor %}.",
        "raci_process": "Process",
        "calendar": "Governance calendar",
        "calendar_text": "Meetings from {{ calendar_from }} to {{ calendar_to }} (time zone {{ timezone }}). The file "
                         "{{ ics_name }} holds the same meetings, to import into Outlook or Google Calendar.",
        "calendar_summary_cols": ["Body", "Cadence", "In 12 months"],
        "calendar_cols": ["Month", "Meetings (days of the month)"],
        "approval": "Approval of the charter",
        "approval_cols": ["Role", "Name", "Date", "Signature"],
        "control": {"document_control": "Document control", "version": "Version", "date": "Date",
                    "author": "Author", "approvers": "Approvers", "changes": "Changes", "status": "Status",
                    "history": "History of the governance model's versions"},
    },
}


def _clear(cell):
    for paragraph in list(cell.paragraphs)[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    first = cell.paragraphs[0]
    for run in list(first.runs):
        run._r.getparent().remove(run._r)
    return first


def cell_lines(cell, lines: list[list[tuple[str, bool]]], size: float = 9, style: str | None = None) -> None:
    """Fill a cell with paragraphs, each a list of (text, bold) runs."""
    paragraph = _clear(cell)
    for index, runs in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        if style and runs and not runs[0][0].startswith("{%p"):
            paragraph.style = style
        paragraph.paragraph_format.space_after = Pt(0)
        for text, bold in runs:
            run = paragraph.add_run(text)
            run.bold = bold
            run.font.size = Pt(size)


def _cell_property(cell, name: str, **attributes: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    element = OxmlElement(name)
    for key, value in attributes.items():
        element.set(qn(key), value)
    properties.append(element)


def _row_height(row, cm: float) -> None:
    properties = row._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(Cm(cm).twips)))
    height.set(qn("w:hRule"), "atLeast")
    properties.append(height)


def _caption(table, text: str) -> None:
    """Name the table (w:tblCaption) so code can find it after rendering."""
    properties = table._tbl.tblPr
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), text)
    properties.append(caption)


def raci_table(doc, t: dict) -> None:
    """Processes as rows ({%tr for %}), roles as columns ({%tc for %}), each cell shaded by its letter."""
    result = table(doc, [t["raci_process"], "{%tc for r in raci.roles %}", "{{ r.short }}", "{%tc endfor %}"],
                   [4.2, 0.2, 11.4, 0.2], loop="p in raci.rows",
                   cells=["{{ p.name }}", "{%tc for c in p.cells %}", "{% cellbg c.fill %}{{ c.letter }}",
                          "{%tc endfor %}"], font_size=8.5)
    _caption(result, "raci")
    header, body = result.rows[0], result.rows[2]
    # Role names read bottom to top in a narrow column, as RACI charts usually show them.
    _cell_property(header.cells[2], "w:textDirection", **{"w:val": "btLr"})
    header.cells[2].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    _row_height(header, 3.6)
    for paragraph in body.cells[2].paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell in (body.cells[0], body.cells[2]):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _row_height(body, 0.6)
    for run in body.cells[2].paragraphs[0].runs:
        run.bold = True


def build(language: str, folder: Path) -> Path:
    t = LABELS[language]
    colon = " : " if language == "fr" else ": "
    doc = new_document(f"{t['title']} — {{{{ client }}}}", "{{ client }} — version {{ version }}")
    doc.add_paragraph(t["title"], style="Title")
    para(doc, t["subtitle"], size=13)
    para(doc, t["prepared"], italic=True)
    document_control(doc, t["control"])

    heading(doc, t["purpose"])
    para(doc, t["purpose_text"])
    tag(doc, "{%p if mission %}")
    para(doc, t["mission"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if vision %}")
    para(doc, t["vision"])
    tag(doc, "{%p endif %}")
    para(doc, t["review"])

    heading(doc, t["type"])
    para(doc, t["type_text"])
    para(doc, t["mandate_text"])
    tag(doc, "{%p for f in mandate %}")
    bullet(doc, t["mandate_line"])
    tag(doc, "{%p endfor %}")

    heading(doc, t["structure"])
    para(doc, t["structure_text"])
    centered_image(doc, "{{ diagram }}")

    heading(doc, t["bodies"])
    para(doc, t["bodies_text"])
    tag(doc, "{%p for b in bodies %}")
    heading(doc, "{{ b.name }}", 2)
    tag(doc, "{%p if b.purpose %}")
    para(doc, "{{ b.purpose }}", italic=True)
    tag(doc, "{%p endif %}")
    key_value_table(doc, list(zip(t["body_cols"], ["{{ b.chair }}", "{{ b.members }}", "{{ b.quorum }}",
                                                   "{{ b.cadence }}", "{{ b.escalates_to }}", "{{ b.approves }}"])),
                    (3.6, 12.4))
    para(doc, t["decision_rights"] + colon.rstrip())
    tag(doc, "{%p for x in b.decision_rights %}")
    bullet(doc, "{{ x }}")
    tag(doc, "{%p endfor %}")
    io = table(doc, [t["inputs"], t["outputs"]], [8.0, 8.0], rows=[["", ""]])
    for cell, key in zip(io.rows[1].cells, ("inputs", "outputs")):
        cell_lines(cell, [[(f"{{%p for x in b.{key} %}}", False)], [("{{ x }}", False)], [("{%p endfor %}", False)]],
                   style="List Bullet")
    tag(doc, "{%p endfor %}")

    heading(doc, t["roles"])
    para(doc, t["roles_text"])
    roles = table(doc, t["role_cols"], [4.2, 2.0, 9.8], loop="r in roles", cells=["{{ r.name }}", "{{ r.kind }}", ""])
    cell_lines(roles.rows[2].cells[2], [[("{%p for x in r.responsibilities %}", False)], [("{{ x }}", False)],
                                         [("{%p endfor %}", False)]], style="List Bullet")

    heading(doc, t["tiers"])
    para(doc, t["tiers_text"])
    table(doc, t["tier_cols"], [2.4, 2.3, 2.9, 4.2, 2.1, 2.1], loop="tier in tiers",
          cells=["{{ tier.name }}", "{{ tier.budget }}", "{{ tier.gates }}", "{{ tier.documents }}", "{{ tier.reporting }}",
                 "{{ tier.escalation }}"], font_size=8.5)

    heading(doc, t["gates"])
    para(doc, t["gates_text"])
    tag(doc, "{%p for g in gates %}")
    heading(doc, "{{ g.order }}. {{ g.name }}", 2)
    para(doc, t["gate_meta"])
    table(doc, t["criteria_cols"], [8.0, 8.0], loop="c in g.criteria", cells=["{{ c.entry }}", "{{ c.exit }}"])
    tag(doc, "{%p endfor %}")

    heading(doc, t["tolerances"])
    para(doc, t["tolerances_text"])
    table(doc, t["tolerance_cols"], [3.5, 2.5, 2.5, 2.5, 2.5, 2.5], loop="tier in tiers",
          cells=["{{ tier.name }}", "{{ tier.tolerances.schedule }}", "{{ tier.tolerances.cost }}",
                 "{{ tier.tolerances.scope }}", "{{ tier.tolerances.risk }}", "{{ tier.tolerances.benefits }}"])
    para(doc, t["tolerance_note"], italic=True, size=9)
    para(doc, t["measures"])
    tag(doc, "{%p for d in dimensions %}")
    bullet(doc, "{{ d.name }}" + colon + "{{ d.measure }}")
    tag(doc, "{%p endfor %}")
    para(doc, t["paths"])
    tag(doc, "{%p for p in escalation_paths %}")
    bullet(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")

    page_break(doc)
    heading(doc, t["raci"])
    para(doc, t["raci_text"], size=9)
    raci_table(doc, t)

    heading(doc, t["calendar"])
    para(doc, t["calendar_text"])
    table(doc, t["calendar_summary_cols"], [5.0, 8.7, 2.3], loop="b in bodies",
          cells=["{{ b.name }}", "{{ b.cadence }}", "{{ b.meetings }}"])
    months = table(doc, t["calendar_cols"], [3.2, 12.8], loop="m in calendar", cells=["{{ m.month }}", ""])
    cell_lines(months.rows[2].cells[1], [[("{%p for e in m.meetings %}", False)],
                                          [("{{ e.body }}", True), (colon + "{{ e.days }}", False)],
                                          [("{%p endfor %}", False)]])

    heading(doc, t["approval"])
    approvals = table(doc, t["approval_cols"], [5.0, 4.5, 2.5, 4.0], loop="a in approvals",
                      cells=["{{ a.role }}", "", "", ""])
    _row_height(approvals.rows[2], 1.2)

    target = folder / f"governance_charter.{language}.docx"
    doc.save(str(target))
    return target
