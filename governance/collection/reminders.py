"""`pmo collect remind`: a reminder to each project manager whose report is past due, and an escalation once it
is `late_report.escalate_after_days` late (governance.yaml, per tier) to the project's sponsor or to the chair
of the body named there. Only months whose forms were prepared are chased (nothing was asked otherwise).

Each (period, kind, person) is written once; one written but not sent (SMTP down, `--no-send`) is sent by the
next run that sends, and one sent is never sent again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from governance.collection.contacts import Contact, Contacts, load_contacts, person_key
from governance.collection.forms import file_stem, unique_name
from governance.collection.messages import Composed, Letter, compose, eml_bytes
from governance.collection.prepare import collection_folder, missing_contact, record_letter
from governance.collection.store import now, prepared_forms, recorded_messages
from governance.collection.tracker import Standing
from governance.core.problems import Problem
from governance.core.publish import Staging
from governance.engagement.config import Engagement
from governance.structure.resolve import resolve_governance
from governance.structure.schema import GovernanceModel

CHASED = ("missing_late", "refused")


@dataclass
class Reminders:
    letters: list[Composed] = field(default_factory=list)
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, recipient) -> .eml published path
    skipped: list[dict] = field(default_factory=list)  # written or sent before
    warnings: list[Problem] = field(default_factory=list)
    not_prepared: bool = False  # no form was sent for the month: nobody is chased


def _escalation_recipient(
    engagement: Engagement, model: GovernanceModel, contacts: Contacts, row: dict, escalate_to: str
) -> tuple[str, Contact | None]:
    """The project's sponsor, or the chair of the body (the contact holding the chair's role)."""
    if escalate_to == "sponsor":
        return row["sponsor"], contacts.find(row["sponsor"]) if row["sponsor"] else None
    chair = model.body(escalate_to).chair
    chairs = contacts.with_role(chair)
    if chairs:
        return chairs[0].name, chairs[0]
    return model.role(chair).name(engagement.language), None


def _letters(
    engagement: Engagement, model: GovernanceModel, contacts: Contacts, standing: Standing
) -> list[tuple[Letter, Contact | None]]:
    """One letter per kind and person (recipients resolved first, so one person gets one letter)."""
    late = standing.projects[standing.projects["state"].isin(CHASED)]
    letters: dict[tuple[str, str], tuple[Letter, Contact | None]] = {}
    tiers = {t.id: t for t in model.tiers}

    def add(kind: str, name: str, contact: Contact | None, project: dict, row: dict) -> None:
        letter, _ = letters.setdefault(
            (kind, person_key(name)), (Letter(kind, name, contact.email if contact else "", [], row["due_on"]), contact)
        )
        letter.projects.append(project)
        letter.due_on = min(letter.due_on, row["due_on"])
        letter.days_late = max(letter.days_late, int(row["days_late"]))

    for row in late.to_dict("records"):
        project = {k: row[k] for k in ("project_id", "project_name", "project_manager")}
        manager = row["project_manager"]
        add("reminder", manager, contacts.find(manager) if manager else None, project, row)
        tier = tiers.get(row["tier_id"])
        if tier is not None and row["days_late"] >= tier.late_report.escalate_after_days:
            name, contact = _escalation_recipient(engagement, model, contacts, row, tier.late_report.escalate_to)
            add("escalation", name, contact, project, row)
    return list(letters.values())


def plan_reminders(
    engagement: Engagement,
    standing: Standing,
    staging: Staging,
    *,
    session: Session,
    deliver: bool,
    when: datetime | None = None,
) -> Reminders:
    """Write the reminders and escalations due today into `staging` and record them (the caller commits).
    `deliver`: this run sends (SMTP configured, sending asked), so a letter written before but never sent is
    written again to be sent."""
    result = Reminders()
    if not standing.prepared:
        result.not_prepared = True
        return result
    when = when or now()
    contacts = load_contacts(engagement)
    model = resolve_governance(engagement).model
    recorded = {
        (kind, person_key(name)): message
        for (kind, name), message in recorded_messages(
            session=session, engagement=engagement.id, period=standing.period
        ).items()
    }
    forms = {
        f.project_id: f.form_file
        for f in prepared_forms(session=session, engagement=engagement.id, period=standing.period)
    }
    todo = []
    for letter, contact in _letters(engagement, model, contacts, standing):
        found = recorded.get((letter.kind, person_key(letter.recipient)))
        if found is not None and (found.sent_at is not None or not (deliver and letter.email)):
            result.skipped.append(
                {
                    "kind": letter.kind,
                    "recipient": letter.recipient,
                    "recorded_at": found.written_at.isoformat(),
                    "sent_at": found.sent_at.isoformat() if found.sent_at else None,
                }
            )
            continue
        if contact is None:
            result.warnings.append(missing_contact(contacts, letter.recipient, letter.kind))
        if letter.kind == "reminder":
            paths = {forms.get(p["project_id"]) for p in letter.projects} - {None}
            letter.attachments = [Path(p) for p in sorted(paths) if Path(p).is_file()]
        todo.append(letter)
    if not todo:
        return result
    folder = staging.folder(collection_folder(standing.period)) / f"reminders-{standing.today.isoformat()}"
    folder.mkdir(parents=True, exist_ok=True)
    used = {p.name.casefold() for p in folder.iterdir()}  # an earlier run of the day keeps its drafts
    for letter in todo:
        composed = compose(
            letter,
            language=engagement.language,
            client=engagement.config.client.name,
            period=standing.period,
            settings=engagement.config.collection,
            when=when,
        )
        name = unique_name(f"{letter.kind}-{file_stem(letter.recipient, 'unknown')}.eml", used)
        file = str(staging.final(staging.write_bytes(folder / name, eml_bytes(composed))))
        result.letters.append(composed)
        result.files[(letter.kind, letter.recipient)] = file
        record_letter(session, engagement.id, standing.period, composed, file, when)
    return result


def remind_result(
    engagement: Engagement, standing: Standing, reminders: Reminders, sent: list[str], failures: list[str]
) -> dict:
    warnings = [str(w) for w in reminders.warnings] + failures
    if reminders.not_prepared:
        warnings.insert(
            0,
            f"no form was prepared for {standing.period} (`pmo collect prepare`): nobody is chased for a report "
            "that was not asked for",
        )
    return {
        "engagement": str(engagement.root),
        "period": standing.period,
        "as_of": standing.today.isoformat(),
        "late_projects": int(standing.projects["state"].isin(CHASED).sum()),
        "written": [
            {
                "kind": c.letter.kind,
                "recipient": c.letter.recipient,
                "email": c.letter.email,
                "projects": [p["project_id"] for p in c.letter.projects],
                "file": reminders.files[(c.letter.kind, c.letter.recipient)],
            }
            for c in reminders.letters
        ],
        "skipped": reminders.skipped,
        "sent": len(sent),
        "send_failures": failures,
        "warnings": warnings,
    }


def today_in(engagement: Engagement) -> date:
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(engagement.config.timezone)).date()
