"""`pmo collect remind`: a reminder to each project manager whose report is past due, and an escalation once it
is `late_report.escalate_after_days` late (governance.yaml, per tier) to the project's sponsor or to the chair
of the body named there. Each (period, kind, recipient) is written or sent once: a re-run skips it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from governance.collection.contacts import load_contacts
from governance.collection.messages import Composed, Letter, compose, eml_bytes
from governance.collection.prepare import collection_folder, missing_contact, record_letter
from governance.collection.store import now, prepared_forms, recorded_messages
from governance.collection.tracker import Standing
from governance.core.problems import Problem
from governance.core.publish import Staging
from governance.core.tabular import plain_text
from governance.engagement.config import Engagement
from governance.structure.resolve import resolve_governance

CHASED = ("missing_late", "refused")


@dataclass
class Reminders:
    letters: list[Composed] = field(default_factory=list)
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, recipient) -> .eml published path
    skipped: list[dict] = field(default_factory=list)  # already written or sent before
    warnings: list[Problem] = field(default_factory=list)


def _letters(engagement: Engagement, standing: Standing) -> list[Letter]:
    model = resolve_governance(engagement).model
    late = standing.projects[standing.projects["state"].isin(CHASED)]
    letters: dict[tuple[str, str], Letter] = {}
    for row in late.to_dict("records"):
        project = {k: row[k] for k in ("project_id", "project_name", "project_manager")}
        manager = row["project_manager"]
        key = ("reminder", plain_text(manager))
        letter = letters.setdefault(key, Letter("reminder", manager, "", [], row["due_on"]))
        letter.projects.append(project)
        letter.due_on = min(letter.due_on, row["due_on"])
        tier = next((t for t in model.tiers if t.id == row["tier_id"]), None)
        rule = tier.late_report if tier else None
        if rule is None or row["days_late"] < rule.escalate_after_days:
            continue
        if rule.escalate_to == "sponsor":
            recipient, role = row["sponsor"], "sponsor"
        else:
            body = model.body(rule.escalate_to)
            recipient, role = body.chair, body.name(engagement.language)
        key = ("escalation", plain_text(recipient) or role)
        letter = letters.setdefault(key, Letter("escalation", recipient, "", [], row["due_on"], days_late=0))
        letter.projects.append(project)
        letter.due_on = min(letter.due_on, row["due_on"])
        letter.days_late = max(letter.days_late, int(row["days_late"]))
    return list(letters.values())


def plan_reminders(
    engagement: Engagement, standing: Standing, staging: Staging, *, session: Session, when: datetime | None = None
) -> Reminders:
    """Write the reminders and escalations due today into `staging` and record them (the caller commits)."""
    when = when or now()
    contacts = load_contacts(engagement)
    model = resolve_governance(engagement).model
    recorded = recorded_messages(session=session, engagement=engagement.id, period=standing.period)
    forms = {
        f.project_id: f.form_file
        for f in prepared_forms(session=session, engagement=engagement.id, period=standing.period)
    }
    result = Reminders()
    todo = []
    for letter in _letters(engagement, standing):
        # The recipient is resolved first (a body's chair by role), so a re-run finds what was recorded.
        if letter.kind == "escalation" and letter.recipient in {r.id for r in model.roles}:
            chairs = contacts.with_role(letter.recipient)
            contact = chairs[0] if chairs else None
            letter.recipient = contact.name if contact else model.role(letter.recipient).name(engagement.language)
        else:
            contact = contacts.find(letter.recipient) if letter.recipient else None
        found = recorded.get((letter.kind, letter.recipient))
        if found is not None:
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
            result.warnings.append(missing_contact(engagement, contacts, letter.recipient, letter.kind))
        letter.email = contact.email if contact else ""
        if letter.kind == "reminder":
            paths = {forms.get(p["project_id"]) for p in letter.projects} - {None}
            letter.attachments = [Path(p) for p in sorted(paths) if Path(p).is_file()]
        todo.append(letter)
    if not todo:
        return result
    folder = staging.folder(collection_folder(standing.period))
    sub = folder / f"reminders-{standing.today.isoformat()}"
    shutil.rmtree(sub, ignore_errors=True)
    sub.mkdir(parents=True)
    for letter in todo:
        composed = compose(
            letter,
            language=engagement.language,
            client=engagement.config.client.name,
            period=standing.period,
            settings=engagement.config.collection,
            when=when,
        )
        name = f"{letter.kind}-{plain_text(letter.recipient, '-') or 'unknown'}.eml"
        eml = staging.write_bytes(sub / name, eml_bytes(composed))
        file = str(staging.final(eml))
        result.letters.append(composed)
        result.files[(letter.kind, letter.recipient)] = file
        record_letter(session, engagement.id, standing.period, composed, file, when)
    return result


def remind_result(
    engagement: Engagement, standing: Standing, reminders: Reminders, sent: list[str], failures: list[str]
) -> dict:
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
        "warnings": [str(w) for w in reminders.warnings] + failures,
    }


def today_in(engagement: Engagement) -> date:
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(engagement.config.timezone)).date()
