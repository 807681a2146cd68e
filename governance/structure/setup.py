"""`pmo governance setup`: what the flow orchestrates, one call per step (load, store, render, result).

Load finds every problem with the input (and lints the charter's template) before anything is stored or
written; store adds a version when the model changed, in a transaction the flow commits only once render has
written the charter (Word), the RACI matrix (XLSX), the 12-month calendar (iCalendar) and the structure
diagram (PNG) into a staging copy of out/governance/; the folder is then published as one unit, so the four
always describe the same version (governance.core.publish).
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from governance.core.atomic import write_bytes_atomic
from governance.core.docx import branding_for, prepare_template, render_docx
from governance.core.docx.template_source import template_path
from governance.core.i18n import words
from governance.core.problems import InputError, Problem
from governance.core.publish import Staging
from governance.engagement.config import Engagement, load_engagement
from governance.structure.calendar import (
    add_months,
    build_ics,
    check_timezone,
    meetings,
    month_label,
    parse_start_month,
    window,
)
from governance.structure.charter import charter_context, history_rows
from governance.structure.diagram import governance_diagram
from governance.structure.diff import diff_models
from governance.structure.model import GOVERNANCE_FILE, GovernanceModel, governance_dict, load_governance
from governance.structure.raci import fit_raci_columns, write_raci_xlsx
from governance.structure.store import StoredVersion, all_versions, save_version


@dataclass
class SetupInput:
    engagement: Engagement
    model: GovernanceModel
    first: date  # the calendar's window [first, end)
    end: date
    warnings: list[Problem] = field(default_factory=list)


def consultant_name(engagement: Engagement) -> str:
    """Who stores a version: the consultant named in pmo.yaml, else the account running the command."""
    if engagement.config.consultant:
        return engagement.config.consultant
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        return "unknown"


def load_setup(engagement_dir: str, calendar_start: str | None) -> SetupInput:
    """Everything that can be wrong with the input is found here, before anything is stored or written."""
    engagement = load_engagement(engagement_dir)
    model = load_governance(engagement)
    if model is None:
        raise InputError(
            [
                Problem(
                    GOVERNANCE_FILE,
                    "file not found; write a starting model with `pmo governance propose DIR`, then edit it",
                    code="governance-file-missing",
                )
            ]
        )
    check_timezone(engagement.config.timezone)
    first, end = window(parse_start_month(calendar_start))
    template, label = template_path("governance_charter", engagement.language, engagement.templates_dir)
    # Linted before anything is stored or written; the render reuses the parsed template.
    prepare_template(template, language=engagement.language, branding=branding_for(engagement), template_label=label)
    warnings = []
    if model.pmo_type != engagement.config.pmo.type:
        warnings.append(
            Problem(
                GOVERNANCE_FILE,
                f"pmo_type {model.pmo_type!r} differs from pmo.yaml pmo.type {engagement.config.pmo.type!r}",
                code="governance-pmo-type-differs",
                severity="warning",
            )
        )
    return SetupInput(engagement, model, first, end, warnings)


def record_version(*, session: Session, engagement: Engagement, model: GovernanceModel) -> StoredVersion:
    """A new version when the model changed, else the latest one. Flushed, not committed: later reads in the
    same transaction see it as the store holds it."""
    stored = save_version(
        session=session, engagement=engagement.id, model=governance_dict(model), stored_by=consultant_name(engagement)
    )
    session.flush()
    session.expire_all()
    return stored


def version_history(*, session: Session, engagement: Engagement, stored: StoredVersion) -> tuple[list, list[str]]:
    """The history for the charter (what each version changed), and what the version just stored changed."""
    versions = all_versions(session=session, engagement=engagement.id)
    language = engagement.language
    history, changes = [], []
    for previous, current in zip([None, *versions], versions, strict=False):
        texts = [c.text for c in diff_models(previous.model, current.model, language)] if previous else []
        history.append((current.version, current.stored_by, current.stored_at, texts))
        if current.version == stored.version and stored.created:
            changes = texts
    return history_rows(history, language), changes


OUTPUT_FOLDER = "governance"  # under out/


def render_setup(setup: SetupInput, stored: StoredVersion, history: list, staging: Staging) -> dict:
    """Diagram, calendar, RACI matrix and charter of out/governance/, written into `staging` (the paths returned
    are where they are published)."""
    engagement, model, first, end = setup.engagement, setup.model, setup.first, setup.end
    config = engagement.config
    language = config.language
    names = words("structure", language)["outputs"]
    folder = staging.folder(OUTPUT_FOLDER)
    colour = config.branding.primary_colour
    diagram = governance_diagram(model, language, colour)
    diagram_path = write_bytes_atomic(folder / names["diagram"], diagram)
    ics = build_ics(
        model,
        language=language,
        tz_name=config.timezone,
        first=first,
        end=end,
        calendar_name=f"{names['calendar_name']} — {config.client.name}",
        uid_domain=f"{engagement.id}.pmo-kit",
        sequence=stored.version,
    )
    calendar_path = write_bytes_atomic(folder / names["calendar"], ics)
    raci_path = write_raci_xlsx(model, language, folder / names["raci"], colour, config.client.name, stored.version)
    context = charter_context(
        config=config,
        model=model,
        version=stored.version,
        content_hash=stored.content_hash,
        stored_at=stored.stored_at,
        history=history,
        calendar_first=first,
        calendar_end=end,
        ics_name=names["calendar"],
    )
    template, label = template_path("governance_charter", language, engagement.templates_dir)
    rendered = render_docx(
        template,
        context,
        folder / names["charter"],
        language=language,
        branding=branding_for(engagement),
        images={"diagram": (diagram, 16.0)},
        template_label=label,
    )
    fit_raci_columns(rendered.path)
    return {
        "charter": str(staging.final(rendered.path)),
        "raci": str(staging.final(raci_path)),
        "calendar": str(staging.final(calendar_path)),
        "diagram": str(staging.final(diagram_path)),
        "warnings": rendered.warnings,
        "meetings": len(meetings(model, check_timezone(config.timezone), first, end)),
    }


def setup_result(setup: SetupInput, stored: StoredVersion, changes: list[str], outputs: dict) -> dict:
    """What `pmo governance setup` prints (the flow's result)."""
    model, first, end = setup.model, setup.first, setup.end
    last = add_months(end, -1)
    return {
        "engagement": str(setup.engagement.root),
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
        "calendar_to": last.strftime("%Y-%m"),
        "calendar_label": f"{month_label(first, 'en')} to {month_label(last, 'en')}",
        **outputs,
        "warnings": [str(w) for w in setup.warnings] + outputs["warnings"],
    }
