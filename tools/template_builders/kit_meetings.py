"""The kit's meeting documents: communication plan, agenda and minutes of a governance body, stage-gate
review checklist and lessons-learned session."""

from __future__ import annotations

from docx.document import Document

from .blocks import bullet, bullets, guidance, heading, key_value_table, otherwise, para, table, text_width, when
from .kit_blocks import blank, blank_date, boxes, kit_text, signatures, start


def build_communication_plan(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Plan de communication", "Communication plan"),
        "{{ project.name }} — {{ client.name }}",
        t("Plan de communication — {{ project.name }}", "Communication plan — {{ project.name }}"),
        landscape=True,
        intro=t(
            "Qui doit savoir quoi, quand et par quel canal. Les communications de la gouvernance sont "
            "pré-remplies ; ajoutez celles propres au projet.",
            "Who needs to know what, when and through which channel. Governance communications are "
            "pre-filled; add the project's own.",
        ),
    )
    width = text_width(doc)
    heading(doc, t("1. Objectifs de communication", "1. Communication objectives"))
    guidance(
        doc,
        t(
            "Ce que la communication doit obtenir : adhésion des utilisateurs, information de la direction, "
            "préparation au changement…",
            "What communication must achieve: user buy-in, informing management, readiness for change…",
        ),
    )
    heading(doc, t("2. Parties prenantes", "2. Stakeholders"))
    table(
        doc,
        [
            t("Partie prenante", "Stakeholder"),
            t("Intérêt", "Interest"),
            t("Influence", "Influence"),
            t("Besoins d'information", "Information needs"),
        ],
        [width * f for f in (0.25, 0.15, 0.15, 0.45)],
        loop="r in stakeholder_roles",
        cells=["{{ r.name }}", "", "", blank(t)],
        after=[[blank(t), "", "", ""], [blank(t), "", "", ""]],
    )
    heading(doc, t("3. Instances de gouvernance", "3. Governance meetings"))
    table(
        doc,
        [
            t("Instance", "Body"),
            t("Objet", "Purpose"),
            t("Participants", "Attendees"),
            t("Fréquence", "Cadence"),
            t("Anime", "Chair"),
            t("Prochaine", "Next"),
        ],
        [width * f for f in (0.14, 0.3, 0.2, 0.17, 0.1, 0.09)],
        loop="b in bodies",
        cells=[
            "{{ b.name }}",
            "{{ b.purpose }}",
            "{{ b.members_text }}",
            "{{ b.cadence }}",
            "{{ b.chair }}",
            "{{ b.next_meeting|date }}",
        ],
        font_size=8,
    )
    heading(doc, t("4. Reporting", "4. Reporting"))
    table(
        doc,
        [
            t("Niveau", "Tier"),
            t("Rapport", "Report"),
            t("Fréquence", "Frequency"),
            t("Destinataire des escalades", "Escalations go to"),
        ],
        [width * f for f in (0.28, 0.26, 0.18, 0.28)],
        loop="tier in project.tiers",
        cells=[
            "{{ tier.name }}",
            t("Rapport d'avancement", "Status report"),
            "{{ tier.reporting }}",
            "{{ tier.escalation_body }}",
        ],
    )
    heading(doc, t("5. Communications du projet", "5. Project communications"))
    table(
        doc,
        [
            t("Communication", "Communication"),
            t("Objectif", "Objective"),
            t("Public", "Audience"),
            t("Date ou fréquence", "Date or frequency"),
            t("Responsable", "Owner"),
            t("Canal", "Channel"),
        ],
        [width * f for f in (0.17, 0.25, 0.18, 0.14, 0.12, 0.14)],
        rows=[
            [t("Lancement du projet", "Project kick-off"), "", "", "", "", t("Réunion", "Meeting")],
            [t("Lettre d'information", "Newsletter"), "", "", "", "", t("Courriel", "E-mail")],
            [t("Formation des utilisateurs", "User training"), "", "", "", "", ""],
            [blank(t), "", "", "", "", ""],
        ],
    )
    return doc


def build_meeting_agenda(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Ordre du jour — {{ body.name }}", "Agenda — {{ body.name }}"),
        "{{ client.name }}",
        t("Ordre du jour — {{ body.name }}", "Agenda — {{ body.name }}"),
        intro=t(
            "Envoyé aux membres avec les documents au moins trois jours ouvrés avant la séance.",
            "Sent to members with the papers at least three working days before the meeting.",
        ),
    )
    width = text_width(doc)
    heading(doc, t("1. Séance", "1. Meeting"))
    key_value_table(
        doc,
        [
            (t("Instance", "Body"), "{{ body.name }}"),
            (t("Date", "Date"), "{{ body.next_meeting|date }}"),
            (t("Heure et durée", "Time and duration"), "{{ body.time }} ({{ body.duration }} min)"),
            (t("Lieu", "Place"), t("[Salle ou lien de visioconférence]", "[Room or video link]")),
            (t("Président", "Chair"), "{{ body.chair }}"),
            (t("Quorum", "Quorum"), t("{{ body.quorum }} membres", "{{ body.quorum }} members")),
        ],
        (4.5, width - 4.5),
    )
    para(doc, "{{ body.purpose }}", italic=True)
    heading(doc, t("2. Participants", "2. Attendees"))
    bullets(doc, "m in body.members", "{{ m }}")
    heading(doc, t("3. Ordre du jour", "3. Agenda"))
    table(
        doc,
        [t("N°", "No."), t("Point", "Item"), t("Présente", "Lead"), t("Durée", "Time")],
        [width * f for f in (0.07, 0.52, 0.29, 0.12)],
        loop="a in body.agenda",
        cells=["{{ a.number }}", "{{ a.item }}", "{{ a.lead }}", "{{ a.minutes }} min"],
    )
    heading(doc, t("4. Documents de séance", "4. Meeting papers"))
    bullets(
        doc,
        "x in body.inputs",
        "{{ x }}",
        t("Listez les documents à envoyer aux membres.", "List the papers to send to members."),
    )
    heading(doc, t("5. Décisions relevant de l'instance", "5. Decisions within the body's authority"))
    bullets(doc, "x in body.decision_rights", "{{ x }}")
    para(
        doc,
        t("Prochaine séance : {{ body.following_meeting|date }}.", "Next meeting: {{ body.following_meeting|date }}."),
    )
    return doc


def build_meeting_minutes(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Compte rendu — {{ body.name }}", "Minutes — {{ body.name }}"),
        "{{ client.name }}",
        t("Compte rendu — {{ body.name }}", "Minutes — {{ body.name }}"),
        intro=t(
            "Diffusé aux membres sous cinq jours ouvrés ; les décisions sont reportées dans le journal "
            "des décisions et les actions suivies à la séance suivante.",
            "Sent to members within five working days; decisions go into the decision log and actions "
            "are followed up at the next meeting.",
        ),
    )
    width = text_width(doc)
    heading(doc, t("1. Séance", "1. Meeting"))
    key_value_table(
        doc,
        [
            (t("Instance", "Body"), "{{ body.name }}"),
            (t("Date", "Date"), "{{ body.next_meeting|date }}"),
            (t("Président", "Chair"), "{{ body.chair }}"),
            (t("Rédacteur", "Minute taker"), t("[Nom]", "[Name]")),
            (
                "Quorum",
                t(
                    "{{ body.quorum }} membres requis — atteint : ☐ Oui ☐ Non",
                    "{{ body.quorum }} members required — reached: ☐ Yes ☐ No",
                ),
            ),
        ],
        (4.5, width - 4.5),
    )
    heading(doc, t("2. Présences", "2. Attendance"))
    table(
        doc,
        [t("Membre", "Member"), t("Présence", "Attendance")],
        [width * 0.6, width * 0.4],
        loop="m in body.members",
        cells=["{{ m }}", t(boxes("Présent", "Excusé", "Représenté"), boxes("Present", "Apologies", "Represented"))],
        after=[[t("[Invité]", "[Guest]"), ""]],
    )
    heading(doc, t("3. Points traités", "3. Items discussed"))
    table(
        doc,
        [t("N°", "No."), t("Point", "Item"), t("Synthèse des échanges", "Summary of the discussion")],
        [width * f for f in (0.07, 0.38, 0.55)],
        loop="a in body.agenda",
        cells=["{{ a.number }}", "{{ a.item }}", ""],
    )
    heading(doc, t("4. Décisions", "4. Decisions"))
    table(
        doc,
        [t("Réf.", "Ref."), t("Décision", "Decision"), t("Mise en œuvre par", "Implemented by")],
        [width * f for f in (0.12, 0.6, 0.28)],
        rows=[["D-", "", ""] for _ in range(3)],
    )
    heading(doc, t("5. Actions", "5. Actions"))
    table(
        doc,
        [t("N°", "No."), t("Action", "Action"), t("Responsable", "Owner"), t("Échéance", "Due")],
        [width * f for f in (0.07, 0.55, 0.22, 0.16)],
        rows=[[str(n), "", "", ""] for n in range(1, 5)],
    )
    with when(doc, "body.escalates_to"):
        heading(doc, t("6. Escalades — {{ body.escalates_to }}", "6. Escalations — {{ body.escalates_to }}"))
        guidance(
            doc,
            t(
                "Sujets hors des droits de décision de l'instance, transmis à l'instance supérieure.",
                "Matters beyond the body's decision rights, passed to the body above.",
            ),
        )
    heading(doc, t("Livrables attendus de la séance", "Expected outputs of the meeting"))
    bullets(
        doc,
        "x in body.outputs",
        "{{ x }}",
        t("Listez ce que la séance doit produire.", "List what the meeting must produce."),
    )
    para(
        doc,
        t("Prochaine séance : {{ body.following_meeting|date }}.", "Next meeting: {{ body.following_meeting|date }}."),
    )
    return doc


def build_stage_gate_checklist(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Revue de jalon {{ gate.order }} : {{ gate.name }}", "Stage gate {{ gate.order }}: {{ gate.name }}"),
        "{{ project.name }} — {{ client.name }}",
        t("Revue de jalon — {{ gate.name }}", "Stage-gate review — {{ gate.name }}"),
        intro=t(
            "Le chef de projet remplit la colonne « preuve » avant la revue ; l'instance d'approbation "
            "vérifie chaque critère et prononce la décision.",
            "The project manager fills in the 'evidence' column before the review; the approving "
            "body checks every criterion and takes the decision.",
        ),
    )
    width = text_width(doc)
    heading(doc, t("1. Identification", "1. Identification"))
    key_value_table(
        doc,
        [
            (t("Projet", "Project"), "{{ project.name }} ({{ project.id }})"),
            (t("Chef de projet", "Project manager"), "{{ project.manager }}"),
            (t("Jalon", "Gate"), "{{ gate.order }}. {{ gate.name }}"),
            (t("Instance d'approbation", "Approving body"), "{{ gate.approver_text }}"),
            (t("Niveaux concernés", "Tiers concerned"), "{{ gate.tiers_text }}"),
            (t("Date de la revue", "Review date"), blank_date(t)),
        ],
        (5.0, width - 5.0),
    )
    columns = [
        t("N°", "No."),
        t("Critère", "Criterion"),
        t("Satisfait", "Met"),
        t("Preuve", "Evidence"),
        t("Commentaire", "Comment"),
    ]
    fractions = (0.07, 0.38, 0.18, 0.19, 0.18)
    met = t("Oui / Non / S.O.", "Yes / No / N/A")
    heading(doc, t("2. Critères d'entrée", "2. Entry criteria"))
    with when(doc, "gate.entry_criteria"):
        table(
            doc,
            columns,
            [width * f for f in fractions],
            loop="c in gate.entry_criteria",
            cells=["{{ loop.index }}", "{{ c }}", met, "", ""],
        )
        otherwise(doc)
        guidance(
            doc, t("Aucun critère d'entrée n'est défini pour ce jalon.", "No entry criterion is defined for this gate.")
        )
    heading(doc, t("3. Critères de sortie", "3. Exit criteria"))
    with when(doc, "gate.exit_criteria"):
        table(
            doc,
            columns,
            [width * f for f in fractions],
            loop="c in gate.exit_criteria",
            cells=["{{ loop.index }}", "{{ c }}", met, "", ""],
        )
        otherwise(doc)
        guidance(
            doc, t("Aucun critère de sortie n'est défini pour ce jalon.", "No exit criterion is defined for this gate.")
        )
    heading(doc, t("4. Documents à présenter", "4. Documents to present"))
    with when(doc, "gate.documents"):
        bullets(doc, "d in gate.documents", "{{ d }}")
        otherwise(doc)
        guidance(
            doc,
            t("Listez les documents du kit présentés à la revue.", "List the kit documents presented at the review."),
        )
    heading(doc, t("5. Décision", "5. Decision"))
    key_value_table(
        doc,
        [
            (
                t("Décision", "Decision"),
                t(
                    boxes("Poursuivre", "Poursuivre sous conditions", "Représenter", "Arrêter"),
                    boxes("Go", "Go with conditions", "Recycle", "Stop"),
                ),
            ),
            (t("Conditions", "Conditions"), ""),
            (t("Prochain jalon", "Next gate"), "{{ gate.next or '—' }}"),
        ],
        (5.0, width - 5.0),
    )
    table(
        doc,
        [t("Action demandée", "Action required"), t("Responsable", "Owner"), t("Échéance", "Due")],
        [width * f for f in (0.6, 0.22, 0.18)],
        rows=[["", "", ""] for _ in range(3)],
    )
    signatures(
        doc,
        t,
        [
            t("Président de l'instance", "Chair of the body"),
            t("Sponsor", "Sponsor"),
            t("Chef de projet", "Project manager"),
        ],
    )
    return doc


def build_lessons_learned(language: str) -> Document:
    t = kit_text(language)
    doc = start(
        t,
        t("Retour d'expérience", "Lessons learned"),
        "{{ project.name }} — {{ client.name }}",
        t("Retour d'expérience — {{ project.name }}", "Lessons learned — {{ project.name }}"),
        landscape=True,
        intro=t(
            "À conduire à chaque jalon et à la clôture. Les leçons alimentent la base de connaissances "
            "du PMO pour que les projets suivants en profitent.",
            "Run at every gate and at closure. Lessons feed the PMO's knowledge base so that later projects benefit.",
        ),
    )
    width = text_width(doc)
    heading(doc, t("1. Séance", "1. Session"))
    key_value_table(
        doc,
        [
            (t("Projet", "Project"), "{{ project.name }} ({{ project.id }})"),
            (t("Phase ou jalon", "Phase or gate"), blank(t)),
            (t("Date de la séance", "Session date"), blank_date(t)),
            (t("Animateur", "Facilitator"), blank(t)),
            (t("Participants", "Participants"), blank(t)),
        ],
        (5.0, width - 5.0),
    )
    heading(doc, t("2. Déroulé conseillé", "2. Suggested running order"))
    for line in (
        t(
            "Rappeler les objectifs et la référence du projet (10 min).",
            "Recall the project's objectives and baseline (10 min).",
        ),
        t(
            "Chacun note ce qui a bien fonctionné et ce qui a posé problème (15 min).",
            "Everyone writes down what worked and what caused trouble (15 min).",
        ),
        t(
            "Regrouper par catégorie et chercher les causes, pas les coupables (30 min).",
            "Group by category and look for causes, not culprits (30 min).",
        ),
        t(
            "Formuler des recommandations actionnables avec un responsable (15 min).",
            "Write actionable recommendations with an owner (15 min).",
        ),
    ):
        bullet(doc, line)
    heading(doc, t("3. Leçons", "3. Lessons"))
    headers = [
        t("N°", "No."),
        t("Ce qui s'est passé", "What happened"),
        t("Ce qui a bien fonctionné", "What went well"),
        t("À reproduire", "To repeat"),
        t("À éviter", "To avoid"),
        t("Recommandation", "Recommendation"),
        t("Responsable", "Owner"),
        t("Catégorie", "Category"),
    ]
    fractions = (0.04, 0.18, 0.15, 0.13, 0.13, 0.17, 0.1, 0.1)
    table(
        doc,
        headers,
        [width * f for f in fractions],
        rows=[[str(n)] + [""] * 7 for n in range(1, 7)],
        font_size=8,
        row_height=1.6,
    )
    para(
        doc,
        t(
            "Catégories : {{ scales.lesson_categories|join(', ') }}.",
            "Categories: {{ scales.lesson_categories|join(', ') }}.",
        ),
        size=9,
        italic=True,
    )
    heading(doc, t("4. Diffusion", "4. Sharing"))
    para(
        doc,
        t(
            "Le PMO verse les recommandations dans sa base de connaissances et les présente aux chefs de projet "
            "lors de la réunion de la communauté projets suivante.",
            "The PMO adds the recommendations to its knowledge base and presents them to project managers at "
            "the next project community meeting.",
        ),
    )
    return doc


BUILDS = {
    "lessons_learned": build_lessons_learned,
    "stage_gate_checklist": build_stage_gate_checklist,
    "communication_plan": build_communication_plan,
    "meeting_agenda": build_meeting_agenda,
    "meeting_minutes": build_meeting_minutes,
}
