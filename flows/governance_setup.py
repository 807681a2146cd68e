"""Flow `governance_setup`: governance.yaml validated, stored as a version when it changed, outputs rendered.

Outputs (out/governance/, in the engagement's language): the governance charter (Word), the RACI matrix
(XLSX), the 12-month governance calendar (iCalendar) and the structure diagram (PNG, also in the charter).
"""
from __future__ import annotations

import getpass
import os
from datetime import date

from prefect import flow

from flows.common import input_errors_fail, step
from governance.core.atomic import write_bytes_atomic
from governance.core.docx.documents import branding_for, render_docx
from governance.engagement.config import Engagement, load_engagement
from governance.structure.calendar import (add_months, build_ics, check_timezone, meetings, month_label,
                                            parse_start_month, window)
from governance.structure.charter import charter_context, history_rows
from governance.structure.diagram import governance_diagram
from governance.structure.diff import diff_models
from governance.structure.model import GOVERNANCE_FILE, GovernanceModel, governance_dict, load_governance
from governance.structure.raci import fit_raci_columns, write_raci_xlsx
from governance.structure.store import StoredVersion, all_versions, save_version
from governance.core.problems import InputError, Problem
from governance.core.store import open_store, transaction
from governance.core.docx.template_source import template_path

OUTPUT_NAMES = {
    "fr": {"charter": "charte-gouvernance.docx", "raci": "matrice-raci.xlsx", "calendar": "calendrier-gouvernance.ics",
           "diagram": "structure-gouvernance.png", "calendar_name": "Gouvernance PMO"},
    "en": {"charter": "governance-charter.docx", "raci": "raci-matrix.xlsx", "calendar": "governance-calendar.ics",
           "diagram": "governance-structure.png", "calendar_name": "PMO governance"},
}


def consultant_name(engagement: Engagement) -> str:
    """Who stores a version: the consultant named in pmo.yaml, else the account running the command."""
    if engagement.config.consultant:
        return engagement.config.consultant
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        return "unknown"


@step
def load_model(engagement_dir: str, calendar_start: str | None):
    """Everything that can be wrong with the input is found here, before anything is stored or written."""
    engagement = load_engagement(engagement_dir)
    model = load_governance(engagement)
    if model is None:
        raise InputError([Problem(GOVERNANCE_FILE, "file not found; write a starting model with "
                                                   "`pmo governance propose DIR`, then edit it")])
    check_timezone(engagement.config.timezone)
    first, end = window(parse_start_month(calendar_start))
    template_path("governance_charter", engagement.language, engagement.templates_dir)
    warnings = []
    if model.pmo_type != engagement.config.pmo.type:
        warnings.append(f"{GOVERNANCE_FILE}: pmo_type {model.pmo_type!r} differs from pmo.yaml pmo.type "
                        f"{engagement.config.pmo.type!r}")
    return engagement, model, first, end, warnings


@step(retries=2, retry_delay_seconds=2)
def store_model(engagement: Engagement, model: GovernanceModel) -> tuple[StoredVersion, list, list[str]]:
    """A new version when the model changed; the history (with what each version changed) for the charter."""
    engine = open_store(engagement.database_url())
    try:
        with transaction(engine) as session:
            stored = save_version(session=session, engagement=engagement.slug, model=governance_dict(model),
                                  stored_by=consultant_name(engagement))
        with transaction(engine) as session:
            versions = all_versions(session=session, engagement=engagement.slug)
    finally:
        engine.dispose()
    language = engagement.language
    history, changes = [], []
    for previous, current in zip([None, *versions], versions):
        texts = [c.text for c in diff_models(previous.model, current.model, language)] if previous else []
        history.append((current.version, current.stored_by, current.stored_at, texts))
        if current.version == stored.version and stored.created:
            changes = texts
    return stored, history_rows(history, language), changes


@step
def render_outputs(engagement: Engagement, model: GovernanceModel, stored: StoredVersion, history: list,
                   first: date, end: date) -> dict:
    config = engagement.config
    language = config.language
    names = OUTPUT_NAMES[language]
    folder = engagement.out_dir / "governance"
    colour = config.branding.primary_colour
    diagram = governance_diagram(model, language, colour)
    diagram_path = write_bytes_atomic(folder / names["diagram"], diagram)
    ics = build_ics(model, language=language, tz_name=config.timezone, first=first, end=end,
                    calendar_name=f"{names['calendar_name']} — {config.client.name}",
                    uid_domain=f"{engagement.slug}.pmo-kit", sequence=stored.version)
    calendar_path = write_bytes_atomic(folder / names["calendar"], ics)
    raci_path = write_raci_xlsx(model, language, folder / names["raci"], colour, config.client.name, stored.version)
    context = charter_context(config=config, model=model, version=stored.version, content_hash=stored.content_hash,
                              stored_at=stored.stored_at, history=history, calendar_first=first, calendar_end=end,
                              ics_name=names["calendar"])
    template, label = template_path("governance_charter", language, engagement.templates_dir)
    rendered = render_docx(template, context, folder / names["charter"], language=language,
                           branding=branding_for(engagement), images={"diagram": (diagram, 16.0)},
                           template_label=label)
    fit_raci_columns(rendered.path)
    return {"charter": str(rendered.path), "raci": str(raci_path), "calendar": str(calendar_path),
            "diagram": str(diagram_path), "warnings": rendered.warnings,
            "meetings": len(meetings(model, check_timezone(config.timezone), first, end))}


@flow(name="governance_setup", log_prints=False)
@input_errors_fail
def governance_setup(engagement_dir: str, calendar_start: str | None = None) -> dict:
    """Validate the engagement's governance.yaml, store it as a new version if it changed, render its outputs."""
    engagement, model, first, end, warnings = load_model(engagement_dir, calendar_start)
    stored, history, changes = store_model(engagement, model)
    outputs = render_outputs(engagement, model, stored, history, first, end)
    return {
        "engagement": str(engagement.root),
        "version": stored.version,
        "created": stored.created,
        "content_hash": stored.content_hash,
        "stored_by": stored.stored_by,
        "stored_at": stored.stored_at.isoformat(),
        "changes": changes,
        "pmo_type": model.pmo_type,
        "bodies": [b.id for b in model.bodies],
        "roles": len(model.roles),
        "tiers": [t.id for t in model.tiers],
        "gates": [g.id for g in model.gates],
        "raci_processes": len(model.raci),
        "calendar_from": first.isoformat(),
        "calendar_to": add_months(end, -1).strftime("%Y-%m"),
        "calendar_label": f"{month_label(first, 'en')} to {month_label(add_months(end, -1), 'en')}",
        **outputs,
        "warnings": warnings + outputs["warnings"],
    }
