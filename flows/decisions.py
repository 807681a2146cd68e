"""Flow `decisions_import`: the bodies' filled decision registers in, checked together, stored in one transaction."""

from __future__ import annotations

from pathlib import Path

from prefect import flow
from sqlalchemy import Engine

from flows.common import input_errors_fail, step
from governance import decisions
from governance.collection import load_contacts
from governance.core.problems import InputError
from governance.core.store import transaction
from governance.engagement.config import Engagement, load_engagement
from governance.engagement.identity import engagement_store
from governance.review import date_range, latest_snapshots, load_policy
from governance.staffing import load_inputs as staffing_inputs


def known_names(engagement: Engagement, engine: Engine) -> list[str]:
    """Everyone an action's owner may be: the contacts, the PMO team, the projects' sponsors and managers."""
    names = [c.name for c in load_contacts(engagement).by_name.values()]
    try:
        people = staffing_inputs(engagement).people
    except InputError:  # a broken staff list is the staffing plan's to report, not the decisions'
        people = None
    names += [p.name for p in people.people] if people else []
    with transaction(engine) as session:
        stored = latest_snapshots(
            session=session,
            engagement=engagement.id,
            since="0000-01",
            before="9999-12",
            columns=("project_id", "sponsor", "project_manager"),
        )
    return names + stored["sponsor"].dropna().tolist() + stored["project_manager"].dropna().tolist()


@step
def find_registers(engagement_dir: str, source: str | None) -> tuple[Engagement, list[Path]]:
    engagement = load_engagement(engagement_dir)
    return engagement, decisions.find_registers(engagement, source)


@step
def read_registers(engagement: Engagement, files: list[Path], engine: Engine) -> decisions.RegistersRead:
    """Check every register (all problems of all files together); nothing stored yet."""
    policy = load_policy(engagement)
    bodies = {b: policy.body_label(b, engagement.language) for b in policy.bodies}
    is_known = decisions.known_people(known_names(engagement, engine))
    return decisions.read_registers(
        engagement, files, bodies=bodies, is_known_person=is_known, date_bounds=date_range()
    )


@step
def store_registers(engagement: Engagement, read: decisions.RegistersRead, engine: Engine) -> dict:
    with transaction(engine) as session:
        return decisions.store_registers(session=session, engagement=engagement, read=read)


@flow(name="decisions_import", log_prints=False)
@input_errors_fail
def decisions_import(engagement_dir: str, source: str | None = None) -> dict:
    """Import the decision registers of data/decisions/ (or `source`): decisions, actions and their follow-up."""
    engagement, files = find_registers(engagement_dir, source)
    # A refused register raises inside the block: the store is left as it was, the folder's claim included.
    with engagement_store(engagement, "decisions") as engine:
        read = read_registers(engagement, files, engine)
        counts = store_registers(engagement, read, engine)
    return {
        "engagement": str(engagement.root),
        "files": read.files,
        **counts,
        "warnings": [str(w) for w in read.warnings],
    }
