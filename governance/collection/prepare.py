"""`pmo collect prepare`: a form per project manager and the message that goes with it, staged under
out/collection/<YYYY-MM>/ (forms/ and messages/), with the forms and messages recorded in the store.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlmodel import Session

from governance.collection.contacts import Contacts, load_contacts, person_key
from governance.collection.forms import form_file_name, unique_name, write_form
from governance.collection.messages import Composed, Letter, compose, eml_bytes
from governance.collection.roster import Roster, project_roster
from governance.collection.store import now, record_message, replace_forms
from governance.core.formatting import day, long_day
from governance.core.problems import Problem
from governance.core.publish import Staging
from governance.core.xlsx.forms import form_brand_for
from governance.engagement.config import Engagement


def collection_folder(period: str) -> str:
    """A period's collection outputs, relative to out/ (forms, messages, reminders: published together)."""
    return f"collection/{period}"


@dataclass
class Prepared:
    period: str
    roster: Roster
    forms: list[dict] = field(default_factory=list)
    messages: list[Composed] = field(default_factory=list)
    message_files: dict[str, str] = field(default_factory=dict)  # recipient -> published .eml path
    warnings: list[Problem] = field(default_factory=list)


def by_manager(projects: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Projects grouped by their manager, whatever the case, accents or spacing of the name."""
    key = projects["project_manager"].map(person_key)
    groups = []
    for _, group in projects.groupby(key, sort=True):
        name = next((n for n in group["project_manager"] if n.strip()), "")
        groups.append((name, group.sort_values("project_id")))
    return groups


def meeting_of(engagement: Engagement, roster: Roster, tier_ids) -> tuple[str, object] | None:
    """The first meeting reviewing these tiers' reports: (body name, date), or None."""
    model = roster.model
    found = [roster.deadlines[t] for t in tier_ids if t in roster.deadlines and roster.deadlines[t].meeting_on]
    if not found:
        return None
    first = min(found, key=lambda d: d.meeting_on)
    return model.body(first.body_id).name(engagement.language), first.meeting_on


def missing_contact(contacts: Contacts, name: str, role: str) -> Problem:
    return Problem(
        contacts.source,
        f"no e-mail address for {name or 'an unnamed person'} ({role}); the message is written as a draft without "
        "a recipient and is not sent",
        code="missing-contact",
        severity="warning",
    )


def prepare_forms(
    engagement: Engagement,
    period: str,
    staging: Staging,
    *,
    session: Session,
    when: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Prepared:
    """Write every manager's form and message into `staging` and record them (the caller commits); `progress`
    is told (forms written, forms to write) after each one."""
    when = when or now()
    roster = project_roster(engagement, period, session=session)
    contacts = load_contacts(engagement)
    language = engagement.language
    brand = form_brand_for(engagement)
    folder = staging.folder(collection_folder(period))
    for sub in ("forms", "messages"):
        shutil.rmtree(folder / sub, ignore_errors=True)
        (folder / sub).mkdir(parents=True)
    last = {r["project_id"]: r for r in roster.last.to_dict("records")}
    prepared = Prepared(period, roster)
    form_rows = []
    groups = by_manager(roster.projects)
    used: set[str] = set()
    for done, (manager, group) in enumerate(groups, start=1):
        projects = group.to_dict("records")
        meeting = meeting_of(engagement, roster, group["tier_id"].unique())
        meeting_text = f"{meeting[0]}, {long_day(meeting[1], language)}" if meeting else ""
        path = folder / "forms" / unique_name(form_file_name(period, manager, language), used)
        form = write_form(path, manager, projects, last, period, brand, meeting_text, when)
        for project, sheet in zip(projects, form.sheets):
            form_rows.append(
                {
                    "project_id": project["project_id"],
                    "project_name": project["project_name"],
                    "tier_id": project["tier_id"] or "",
                    "project_manager": manager,
                    "sponsor": project["sponsor"] or "",
                    "due_on": project["due_on"],
                    "form_file": str(staging.final(path)),
                    "sheet": sheet,
                    "prepared_at": when,
                }
            )
        contact = contacts.find(manager) if manager else None
        if contact is None:
            prepared.warnings.append(missing_contact(contacts, manager, "project manager"))
        letter = Letter(
            "request",
            manager,
            contact.email if contact else "",
            projects,
            min(p["due_on"] for p in projects),
            [path],
            meeting,
        )
        composed = compose(
            letter,
            language=language,
            client=engagement.config.client.name,
            period=period,
            settings=engagement.config.collection,
            when=when,
        )
        eml = staging.write_bytes(folder / "messages" / path.with_suffix(".eml").name, eml_bytes(composed))
        prepared.messages.append(composed)
        prepared.message_files[manager] = str(staging.final(eml))
        prepared.forms.append(
            {"manager": manager, "email": letter.email, "file": str(staging.final(path)), "projects": form.projects}
        )
        if progress is not None:
            progress(done, len(groups))
    replace_forms(session=session, engagement=engagement.id, period=period, rows=form_rows)
    for composed in prepared.messages:
        record_letter(session, engagement.id, period, composed, prepared.message_files[composed.letter.recipient], when)
    return prepared


def record_letter(
    session: Session,
    engagement_id: str,
    period: str,
    composed: Composed,
    file: str,
    when: datetime,
    sent_at: datetime | None = None,
) -> None:
    letter = composed.letter
    record_message(
        session=session,
        engagement=engagement_id,
        period=period,
        values={
            "kind": letter.kind,
            "recipient": letter.recipient,
            "email": letter.email,
            "projects": ",".join(p["project_id"] for p in letter.projects),
            "subject": composed.subject,
            "file": file,
            "message_id": composed.message["Message-ID"],
            "written_at": when,
            "sent_at": sent_at,
        },
    )


def prepare_result(engagement: Engagement, prepared: Prepared, sent: list[str], send_failures: list[str]) -> dict:
    roster = prepared.roster
    language = engagement.language
    due = sorted(set(roster.projects["due_on"]))
    return {
        "engagement": str(engagement.root),
        "period": prepared.period,
        "projects": len(roster.projects),
        "managers": len(prepared.forms),
        "skipped_quarterly": roster.skipped_quarterly,
        "project_source": roster.source,
        "due_on": [d.isoformat() for d in due],
        "due_text": ", ".join(day(d, language) for d in due),
        "forms": prepared.forms,
        "messages": list(prepared.message_files.values()),
        "sent": len(sent),
        "send_failures": send_failures,
        "folder": str(engagement.out_dir / collection_folder(prepared.period)),
        "warnings": [str(w) for w in prepared.warnings] + send_failures,
    }
