"""Flow `governance_setup`: governance.yaml validated, stored as a version when it changed, outputs rendered.

Each step is one call into governance.structure.setup or governance.core: load (every input problem found
first, the charter's template linted), store and render into staging (one open transaction), commit, publish,
result. Outputs (out/governance/, in the engagement's language): the governance charter (Word), the RACI matrix
(XLSX), the 12-month governance calendar (iCalendar) and the structure diagram (PNG, also in the charter). A
refusal at any step leaves the store and out/ as they were; a kill leaves out/governance/ old or new.
"""

from __future__ import annotations

import os

from prefect import flow
from sqlmodel import Session

from flows.common import input_errors_fail, step
from governance.assessment import latest_maturity
from governance.core.faults import checkpoint
from governance.core.publish import Staging, publish, staged_outputs
from governance.core.store import session_scope, transaction
from governance.engagement.config import DEFAULT_DB_FILE, Engagement
from governance.engagement.identity import engagement_store
from governance.structure.proposal import Maturity, maturity_of
from governance.structure.setup import (
    SetupInput,
    load_setup,
    record_version,
    render_setup,
    setup_result,
    version_history,
)
from governance.structure.store import StoredVersion


@step
def load_model(engagement_dir: str, calendar_start: str | None) -> SetupInput:
    """Everything that can be wrong with the input is found here, before anything is stored or written."""
    return load_setup(engagement_dir, calendar_start)


@step
def store_model(setup: SetupInput, session: Session) -> tuple[StoredVersion, list, list[str]]:
    """A new version when the model changed; the history (with what each version changed) for the charter.
    In the caller's transaction."""
    stored = record_version(session=session, engagement=setup.engagement, model=setup.model)
    history, changes = version_history(session=session, engagement=setup.engagement, stored=stored)
    return stored, history, changes


@step
def render_outputs(setup: SetupInput, stored: StoredVersion, history: list, staging: Staging) -> dict:
    """The four outputs of out/governance/, into the staging folder."""
    return render_setup(setup, stored, history, staging)


@step
def publish_outputs(staging: Staging) -> None:
    """out/governance/ swapped into place: charter, RACI, calendar and diagram of one version, together."""
    publish(staging, "governance")


@flow(name="governance_setup", log_prints=False)
@input_errors_fail
def governance_setup(engagement_dir: str, calendar_start: str | None = None) -> dict:
    """Validate the engagement's governance.yaml, store it as a new version if it changed, render its outputs."""
    setup = load_model(engagement_dir, calendar_start)
    with (
        engagement_store(setup.engagement, "governance") as engine,
        staged_outputs(setup.engagement.out_dir) as staging,
    ):
        with transaction(engine) as session:  # committed at the end of the block
            stored, history, changes = store_model(setup, session)
            outputs = render_outputs(setup, stored, history, staging)
            checkpoint("governance:rendered")
        checkpoint("governance:committed")
        publish_outputs(staging)
    return setup_result(setup, stored, changes, outputs)


def assessed_maturity(engagement: Engagement) -> Maturity | None:
    """The maturity a governance proposal uses: the latest stored assessment's (governance level, else overall).

    Does not create a store: no database yet means no assessment yet. For `pmo governance propose` and the
    bootstrap's proposal, which read the assessment capability's store; the structure layer does not.
    """
    if not os.environ.get("PMO_DATABASE_URL") and not (engagement.root / DEFAULT_DB_FILE).is_file():
        return None
    with session_scope(engagement.database_url()) as session:
        return maturity_of(latest_maturity(session=session, engagement=engagement.id))
