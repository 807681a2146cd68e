"""`pmo collect prepare` sending over SMTP, to a local aiosmtpd server: one message per project manager, in the
engagement's language, with its form attached; sent once (a re-run sends nothing more, --resend sends again)."""

from __future__ import annotations

import csv
import email
import email.policy
import io
import json
import socket
from pathlib import Path

import pytest
import yaml
from aiosmtpd.controller import Controller
from sqlalchemy import select
from typer.testing import CliRunner

from flows.cli import app
from governance.collection.store import CollectionMessage
from governance.core.store import open_store, transaction
from governance.core.tabular import plain_text

runner = CliRunner()
PERIOD = "2026-11"
SENDER = "pmo@client.example"


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


class Recorder:
    """Keeps every envelope the server accepts."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield recorder, controller.port
    finally:
        controller.stop()


def address(name: str) -> str:
    return plain_text(name, ".") + "@client.example"


def configure(root: Path, port: int, language: str | None = None, **smtp: object) -> dict[str, str]:
    """pmo.yaml sends through the local server; data/contacts.csv knows every project manager and sponsor.
    Returns {project manager: address}."""
    path = root / "pmo.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["collection"] = {
        **(config.get("collection") or {}),
        "sender": SENDER,
        "sender_name": "PMO",
        "smtp": {"host": "127.0.0.1", "port": port, "security": "none", **smtp},
    }
    if language:
        config["language"] = language
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    text = (root / "data" / "projects.csv").read_text(encoding="utf-8-sig")
    projects = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    managers = {p["chef_de_projet"] for p in projects if p["chef_de_projet"].strip()}
    sponsors = {p["sponsor"] for p in projects if p["sponsor"].strip()} - managers
    lines = ["nom;email;rôle"]
    lines += [f"{n};{address(n)};project_manager" for n in sorted(managers)]
    lines += [f"{n};{address(n)};sponsor" for n in sorted(sponsors)]
    (root / "data" / "contacts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {n: address(n) for n in managers}


def prepare(root: Path, *options: str) -> dict:
    result = invoke("collect", "prepare", str(root), "--period", PERIOD, "--json", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def received(envelopes) -> dict[str, tuple]:
    """Recipient -> (envelope, parsed message); each envelope goes to exactly one recipient."""
    out = {}
    for envelope in envelopes:
        assert len(envelope.rcpt_tos) == 1, envelope.rcpt_tos
        out[envelope.rcpt_tos[0]] = (envelope, email.message_from_bytes(envelope.content, policy=email.policy.default))
    assert len(out) == len(envelopes), "a recipient got two messages"
    return out


def sent_times(root: Path) -> dict[str, object]:
    engine = open_store(f"sqlite:///{root / 'pmo.db'}")
    try:
        with transaction(engine) as session:
            rows = session.execute(select(CollectionMessage.recipient, CollectionMessage.sent_at)).all()
            return {recipient: sent_at for recipient, sent_at in rows}
    finally:
        engine.dispose()


def test_prepare_sends_each_manager_one_message_once(example, smtp_server):
    recorder, port = smtp_server
    contacts = configure(example, port)

    payload = prepare(example)

    # Every manager with a project reporting this month (quarterly tiers skip November) gets one form.
    forms = {f["manager"]: f for f in payload["forms"]}
    assert payload["managers"] == len(forms) > 1 and set(forms) <= set(contacts)
    managers = {m: contacts[m] for m in forms}
    assert payload["sent"] == len(managers) and payload["send_failures"] == []
    messages = received(recorder.envelopes)
    assert set(messages) == set(managers.values())
    for manager, form in forms.items():
        assert form["email"] == managers[manager]
        envelope, message = messages[managers[manager]]
        assert envelope.mail_from == SENDER
        assert message["To"].addresses[0].addr_spec == managers[manager]
        assert message["From"].addresses[0].addr_spec == SENDER
        assert "Rapport d'avancement novembre 2026 — à renvoyer avant le 30/11/2026" in message["Subject"]
        assert message["Content-Language"] == "fr"
        assert "X-Unsent" not in message  # a draft marker for Outlook, never on the wire
        attachments = list(message.iter_attachments())
        assert len(attachments) == 1
        form_file = Path(form["file"])
        assert attachments[0].get_filename() == form_file.name and form_file.name.endswith(".xlsx")
        assert attachments[0].get_payload(decode=True) == form_file.read_bytes()
    # The .eml drafts kept on disk are the ones marked X-Unsent.
    draft = email.message_from_bytes(Path(payload["messages"][0]).read_bytes(), policy=email.policy.default)
    assert draft["X-Unsent"] == "1"
    first_sent = sent_times(example)
    assert set(first_sent) == set(managers) and all(first_sent.values())

    again = prepare(example)
    assert again["sent"] == 0
    assert len(recorder.envelopes) == len(managers)  # recorded as sent: nothing repeated
    assert sent_times(example) == first_sent

    resent = prepare(example, "--resend")
    assert resent["sent"] == len(managers)
    assert len(recorder.envelopes) == 2 * len(managers)
    assert {e.rcpt_tos[0] for e in recorder.envelopes[len(managers) :]} == set(managers.values())
    assert sent_times(example) == first_sent  # the first sending time is kept


def test_an_english_engagement_gets_english_messages(example, smtp_server):
    recorder, port = smtp_server
    contacts = configure(example, port, language="en")

    payload = prepare(example)

    managers = {f["manager"]: contacts[f["manager"]] for f in payload["forms"]}
    assert payload["sent"] == len(managers) > 1
    messages = received(recorder.envelopes)
    assert set(messages) == set(managers.values())
    for _, message in messages.values():
        assert "Status report" in message["Subject"] and "Rapport" not in message["Subject"]
        assert message["Content-Language"] == "en"
        assert "X-Unsent" not in message
        (attachment,) = message.iter_attachments()
        assert attachment.get_filename().startswith(f"status-{PERIOD}-")
        assert attachment.get_filename().endswith(".xlsx")


def test_a_user_name_without_its_password_is_refused(example, smtp_server, monkeypatch):
    recorder, port = smtp_server
    monkeypatch.delenv("PMO_TEST_SMTP_SECRET", raising=False)
    configure(example, port, username="pmo", password_env="PMO_TEST_SMTP_SECRET")

    result = invoke("collect", "prepare", str(example), "--period", PERIOD, "--json")

    assert result.exit_code == 2, result.output
    problems = json.loads(result.stdout)["problems"]
    assert [p["code"] for p in problems] == ["smtp-password-missing"]
    assert problems[0]["file"] == "pmo.yaml" and "PMO_TEST_SMTP_SECRET" in problems[0]["message"]
    assert recorder.envelopes == []
    assert sent_times(example) == {}  # nothing recorded
    assert not (example / "out" / "collection").exists()  # and nothing written

    # Merging needs no password: only a stage that sends asks for it.
    merged = invoke("collect", "merge", str(example), "--period", PERIOD, "--partial", "--json")
    assert merged.exit_code == 0, merged.output


def test_reminders_not_sent_are_sent_by_the_next_run_that_sends(example, smtp_server):
    recorder, port = smtp_server
    configure(example, port)
    prepare(example, "--no-send")
    remind = ("collect", "remind", str(example), "--period", PERIOD, "--today", "2026-12-01", "--json")

    drafts = json.loads(invoke(*remind, "--no-send").stdout)
    assert drafts["written"] and drafts["sent"] == 0 and recorder.envelopes == []

    sending = json.loads(invoke(*remind).stdout)  # written before but never sent: sent now
    assert sending["sent"] == len(drafts["written"]) == len(recorder.envelopes)
    assert {w["recipient"] for w in sending["written"]} == {w["recipient"] for w in drafts["written"]}

    again = json.loads(invoke(*remind).stdout)  # sent once: never again
    assert again["sent"] == 0 and again["written"] == [] and len(again["skipped"]) == len(drafts["written"])
    assert len(recorder.envelopes) == len(drafts["written"])
