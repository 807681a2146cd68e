"""Messages to project managers, sponsors and body chairs: composed in the engagement's language, written as
.eml drafts (`X-Unsent: 1`: Outlook opens them ready to send) and, when SMTP is configured, sent.

The SMTP password comes from the environment variable pmo.yaml names (smtp.password_env), never from a file.
"""

from __future__ import annotations

import copy
import email.policy
import mimetypes
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path

from governance.core.formatting import day, long_day, month_year
from governance.core.i18n import plural, words
from governance.core.problems import InputError, Problem
from governance.engagement.collection_settings import CollectionSettings, SmtpSettings

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Header lines up to RFC 5322's 998 characters: folded at 78, Python's encoder lost the space between "—" and
# "à" in a French subject (read back as "2026  —à renvoyer").
POLICY = email.policy.default.clone(max_line_length=998)


@dataclass
class Letter:
    """One message to one person about some projects."""

    kind: str  # request | reminder | escalation
    recipient: str
    email: str  # "" when the contacts do not know the person: written as a draft, not sent
    projects: list[dict]  # project_id, project_name, project_manager
    due_on: date
    attachments: list[Path] = field(default_factory=list)
    meeting: tuple[str, date] | None = None  # (body name, date)
    days_late: int = 0


@dataclass
class Composed:
    letter: Letter
    message: EmailMessage
    subject: str


def _text(letter: Letter, language: str, client: str, period: str, sender: str) -> tuple[str, str]:
    w = words("collection", language)["messages"]
    lines = "\n".join(
        w["project_line"].format(id=p["project_id"], name=p["project_name"], manager=p.get("project_manager") or "–")
        for p in letter.projects
    )
    meeting = (
        w["meeting"].format(body=letter.meeting[0], date=long_day(letter.meeting[1], language))
        if letter.meeting
        else ""
    )
    values = {
        "client": client,
        "period": month_year(period, language),
        "due": day(letter.due_on, language),
        "name": letter.recipient or "",
        "projects_count": plural(w["projects_count"], len(letter.projects)),
        "projects": lines,
        "meeting": meeting,
        "sender": sender,
        "days": letter.days_late,
    }
    return w[letter.kind]["subject"].format(**values), w[letter.kind]["body"].format(**values)


def compose(
    letter: Letter, *, language: str, client: str, period: str, settings: CollectionSettings, when: datetime
) -> Composed:
    """The e-mail for a letter, its attachments included; the From line only when a sender is configured."""
    sender_name = settings.sender_name or words("collection", language)["messages"]["default_sender"]
    subject, body = _text(letter, language, client, period, sender_name)
    message = EmailMessage(policy=POLICY)
    message["Subject"] = subject
    if settings.sender:
        message["From"] = formataddr((settings.sender_name, settings.sender))
    if letter.email:
        message["To"] = formataddr((letter.recipient, letter.email))
    message["Date"] = format_datetime(when)
    domain = settings.sender.split("@", 1)[1] if settings.sender else "pmo-kit.local"
    message["Message-ID"] = make_msgid(domain=domain)
    message["X-Unsent"] = "1"
    message.set_content(body)
    for path in letter.attachments:
        kind = mimetypes.guess_type(path.name)[0] or XLSX_TYPE
        maintype, subtype = kind.split("/", 1)
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    # Last: set_content and add_attachment move or drop the message's Content-* headers.
    message["Content-Language"] = language
    return Composed(letter, message, subject)


def eml_bytes(composed: Composed) -> bytes:
    return bytes(composed.message)


def smtp_password(settings: SmtpSettings) -> str | None:
    """The password from the environment; refused (exit 2) when a user name is set and the variable is not."""
    if not settings.username:
        return None
    password = os.environ.get(settings.password_env)
    if password is None:
        raise InputError(
            [
                Problem(
                    "pmo.yaml",
                    f"the SMTP password is not set; expected it in the environment variable {settings.password_env} "
                    "(never in a file)",
                    key="collection.smtp.password_env",
                    code="smtp-password-missing",
                )
            ]
        )
    return password


def send(messages: list[Composed], settings: SmtpSettings, sender: str) -> tuple[list[str], list[str]]:
    """Send each message with a recipient over one SMTP connection: the Message-IDs sent, and one line per
    message not sent (the server refused it, or could not be reached). A re-run sends only those not sent.

    The drafts' `X-Unsent` header is dropped from what is sent: it only tells Outlook to open a file as a draft.
    """
    password = smtp_password(settings)
    todo = [m for m in messages if m.letter.email]
    sent: list[str] = []
    failures: list[str] = []
    context = ssl.create_default_context()
    try:
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout_seconds, context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds)
        with client:
            if settings.security == "starttls":
                client.starttls(context=context)
            if settings.username:
                client.login(settings.username, password or "")
            for composed in todo:
                outgoing = copy.deepcopy(composed.message)
                del outgoing["X-Unsent"]
                try:
                    client.send_message(outgoing, from_addr=sender, to_addrs=[composed.letter.email])
                    sent.append(outgoing["Message-ID"])
                except smtplib.SMTPException as exc:
                    failures.append(f"not sent to {composed.letter.email}: {exc}; run the command again to retry")
    except (OSError, smtplib.SMTPException) as exc:
        done = set(sent)
        failures += [
            f"not sent to {m.letter.email}: SMTP {settings.host}:{settings.port} failed ({exc}); run the command "
            "again to retry"
            for m in todo
            if m.message["Message-ID"] not in done
        ]
    return sent, failures
