"""The collection tables on SQLite and PostgreSQL: forms replaced per month, a message recorded once per kind and
recipient (its first sending time kept), returns replaced by each merge; the caller's transaction decides."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from governance.collection.store import (
    CollectionForm,
    CollectionReturn,
    mark_sent,
    prepared_forms,
    record_message,
    recorded_messages,
    replace_forms,
    replace_returns,
)
from governance.core.store import open_store, transaction

WHEN = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def form(project_id: str, manager: str = "Julien Moreau") -> dict:
    return {
        "project_id": project_id,
        "project_name": f"Projet {project_id}",
        "tier_id": "tier1",
        "project_manager": manager,
        "sponsor": "Marc Delorme",
        "due_on": date(2026, 11, 30),
        "form_file": f"out/collection/2026-11/forms/{manager}.xlsx",
        "sheet": project_id,
        "prepared_at": WHEN,
    }


def message(kind: str, recipient: str, message_id: str, sent_at=None) -> dict:
    return {
        "kind": kind,
        "recipient": recipient,
        "email": "julien.moreau@client.example",
        "projects": "PRJ-001,PRJ-002",
        "subject": "Rapport d'avancement",
        "file": "out/collection/2026-11/messages/x.eml",
        "message_id": message_id,
        "written_at": WHEN,
        "sent_at": sent_at,
    }


def test_forms_messages_and_returns(database_url):
    engine = open_store(database_url)
    try:
        with transaction(engine) as session:
            replace_forms(session=session, engagement="e1", period="2026-11", rows=[form("PRJ-001"), form("PRJ-002")])
            replace_forms(session=session, engagement="e2", period="2026-11", rows=[form("PRJ-009")])
        with transaction(engine) as session:  # prepared again with one project moved: the month is replaced
            replace_forms(session=session, engagement="e1", period="2026-11", rows=[form("PRJ-002", "Thomas Roux")])
        with transaction(engine) as session:
            forms = prepared_forms(session=session, engagement="e1", period="2026-11")
            assert [(f.project_id, f.project_manager) for f in forms] == [("PRJ-002", "Thomas Roux")]
            assert len(session.execute(select(CollectionForm)).scalars().all()) == 2

        with transaction(engine) as session:
            record_message(session=session, engagement="e1", period="2026-11", values=message("request", "J", "<a@x>"))
        with transaction(engine) as session:
            mark_sent(session=session, engagement="e1", period="2026-11", message_ids=["<a@x>"], when=WHEN)
        later = datetime(2026, 11, 26, tzinfo=UTC)
        with transaction(engine) as session:  # prepared again: the record is updated, its sending time kept
            record_message(session=session, engagement="e1", period="2026-11", values=message("request", "J", "<b@x>"))
            record_message(session=session, engagement="e1", period="2026-11", values=message("reminder", "J", "<c@x>"))
            mark_sent(session=session, engagement="e1", period="2026-11", message_ids=["<b@x>"], when=later)
        with transaction(engine) as session:
            recorded = recorded_messages(session=session, engagement="e1", period="2026-11")
            assert set(recorded) == {("request", "J"), ("reminder", "J")}
            assert recorded[("request", "J")].message_id == "<b@x>"
            sent_at = recorded[("request", "J")].sent_at  # SQLite gives it back naive (UTC), PostgreSQL aware
            assert (sent_at.astimezone(UTC) if sent_at.tzinfo else sent_at.replace(tzinfo=UTC)) == WHEN
            assert recorded[("reminder", "J")].sent_at is None
            assert recorded_messages(session=session, engagement="e2", period="2026-11") == {}

        row = {
            "project_id": "PRJ-001",
            "source_form": "a.xlsx",
            "sha256": "0" * 64,
            "received_at": WHEN,
            "outcome": "merged",
            "merged_at": WHEN,
        }
        with transaction(engine) as session:
            replace_returns(
                session=session, engagement="e1", period="2026-11", rows=[row, {**row, "outcome": "superseded"}]
            )
        try:
            with transaction(engine) as session:  # a refused merge: the caller's transaction rolls back
                replace_returns(session=session, engagement="e1", period="2026-11", rows=[])
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        with transaction(engine) as session:
            outcomes = session.execute(select(CollectionReturn.outcome).order_by(CollectionReturn.outcome)).scalars()
            assert list(outcomes) == ["merged", "superseded"]
    finally:
        engine.dispose()
