"""Blocks shared by the document kit's templates: the opening every kit document has, the project's identity
card, tolerance and approval tables, signatures and the placeholders a project team fills in."""

from __future__ import annotations

from docx.document import Document

from .blocks import (
    Text,
    document_control,
    guidance,
    key_value_table,
    new_document,
    para,
    table,
    text_width,
    title_block,
)


def kit_text(language: str) -> Text:
    """Kit documents are typeset: French text gets its no-break spaces."""
    return Text(language, spacing=True)


def blank(t: Text) -> str:
    return t("[À compléter]", "[To be completed]")


def blank_date(t: Text) -> str:
    return t("[jj/mm/aaaa]", "[yyyy-mm-dd]")


def boxes(*options: str) -> str:
    """Tick boxes on one line; a no-break space keeps each box with its word."""
    return "   ".join(f"☐\u00a0{option}" for option in options)


def start(
    t: Text, title: str, subtitle: str, property_title: str, landscape: bool = False, intro: str = ""
) -> Document:
    """Title, subtitle, how-to note and the document-control block every kit document opens with."""
    doc = new_document(property_title, "{{ client.name }}", landscape=landscape)
    title_block(doc, title, subtitle)
    if intro:
        guidance(doc, intro)
    guidance(
        doc,
        t(
            "Le texte en gris italique guide la rédaction : remplacez-le, puis supprimez-le. Les "
            "mentions entre crochets sont à compléter.",
            "Grey italic text is guidance: replace it, then delete it. Text in square brackets is to be completed.",
        ),
    )
    document_control(doc, t)
    return doc


def signatures(doc: Document, t: Text, roles: list[str]) -> None:
    width = text_width(doc)
    table(
        doc,
        [t("Nom", "Name"), t("Fonction", "Role"), t("Date", "Date"), t("Signature", "Signature")],
        [width * f for f in (0.28, 0.32, 0.16, 0.24)],
        rows=[[t("[Nom]", "[Name]"), role, blank_date(t), ""] for role in roles],
        row_height=1.3,
    )


def identification(doc: Document, t: Text, extra: list[tuple[str, str]] | None = None) -> None:
    """The project's identity card, pre-filled from the project list (placeholders in the blank kit)."""
    rows = [
        (t("Projet", "Project"), "{{ project.name }}"),
        (t("Identifiant", "Identifier"), "{{ project.id }}"),
        (t("Sponsor", "Sponsor"), "{{ project.sponsor }}"),
        (t("Chef de projet", "Project manager"), "{{ project.manager }}"),
        (t("Niveau", "Tier"), "{{ project.tier_name }}"),
    ]
    width = text_width(doc)
    key_value_table(doc, rows + list(extra or []), (4.5, width - 4.5))


def tolerance_table(doc: Document, t: Text, sequence: str = "project.tiers") -> None:
    width = text_width(doc)
    headers = [
        t("Niveau", "Tier"),
        t("Délais", "Schedule"),
        t("Coûts", "Cost"),
        t("Périmètre", "Scope"),
        t("Risques", "Risk"),
        t("Bénéfices", "Benefits"),
    ]
    cells = ["{{ tier.name }}"] + [
        f"{{{{ tier.tolerance.{d}.amber|percent }}}} / {{{{ tier.tolerance.{d}.red|percent }}}}"
        for d in ("schedule", "cost", "scope", "risk", "benefits")
    ]
    first = width * 0.22
    table(doc, headers, [first] + [(width - first) / 5] * 5, loop=f"tier in {sequence}", cells=cells, font_size=8.5)
    para(
        doc,
        t(
            "Seuil orange / seuil rouge : écart relatif au-delà duquel la dimension passe à l'orange, "
            "puis au rouge. {{ tolerance_rule }}",
            "Amber threshold / red threshold: the relative deviation at which the dimension turns amber, "
            "then red. {{ tolerance_rule }}",
        ),
        size=9,
        italic=True,
    )


def register_intro(doc: Document, t: Text, what: str) -> None:
    """What the register is for, and the reminder that its Excel twin exists."""
    para(doc, what)
    para(
        doc,
        t(
            "Le registre existe aussi au format Excel (listes déroulantes, calcul automatique) : utilisez "
            "l'un ou l'autre, pas les deux.",
            "The register also exists as an Excel workbook (dropdown lists, automatic scoring): use one or "
            "the other, not both.",
        ),
        size=9,
        italic=True,
    )


def approval_levels(doc: Document, t: Text) -> None:
    """Who decides a change, by the size of its impact (from the governance model)."""
    width = text_width(doc)
    table(
        doc,
        [t("Ampleur de l'impact", "Size of the impact"), t("Décide", "Decides")],
        [width * 0.62, width * 0.38],
        loop="a in project.change_approval",
        cells=["{{ a.impact }}", "{{ a.approver }}"],
    )
