"""The board's decisions in, and the approved demands started as projects: checked together, stored, the project
list extended and each new project's documents pre-filled by the kit, all or nothing."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd
from sqlmodel import Session

from governance.core.atomic import write_bytes_atomic
from governance.core.problems import InputError, Problem
from governance.core.publish import Staging
from governance.kit import KitPlan, plan_generation, publish_documents, render_jobs
from governance.portfolio.analysis import demand_table
from governance.portfolio.decision_sheet import SheetRead, read_decision_sheet
from governance.portfolio.inputs import PortfolioInputs, portfolio_dir
from governance.portfolio.provisioning import appended_csv, appended_xlsx, existing_ids, project_rows
from governance.portfolio.store import decisions_frame, mark_provisioned, record_decisions

DECISIONS_FOLDER = "decisions"


@dataclass
class Sheets:
    files: list[str]
    read: list[SheetRead]
    decisions: list[dict]  # demand_id, decision, manager, comment, body_id, decided_on
    warnings: list[Problem] = field(default_factory=list)


def read_decision_sheets(inputs: PortfolioInputs) -> Sheets:
    """Every filled sheet of data/portfolio/decisions/, checked together; InputError with all problems."""
    engagement = inputs.engagement
    folder = portfolio_dir(engagement) / DECISIONS_FOLDER
    paths = sorted(p for p in folder.glob("*") if p.is_file() and not p.name.startswith(("~$", ".")))
    problems: list[Problem] = []
    for path in paths:
        if path.suffix.lower() in (".xls", ".ods", ".xlsm"):
            problems.append(
                Problem(
                    engagement.display(path),
                    f"a {path.suffix} file is not read; expected the decision sheet saved as .xlsx",
                    code="unsupported-file-type",
                )
            )
    paths = [p for p in paths if p.suffix.lower() == ".xlsx"]
    if not paths and not problems:
        raise InputError(
            [
                Problem(
                    engagement.display(folder),
                    "no decision sheet found; expected the sheet written by `pmo portfolio select`, filled by the "
                    "board, saved as .xlsx in this folder",
                    code="no-decision-sheet",
                )
            ]
        )
    read = []
    for path in paths:
        try:
            read.append(read_decision_sheet(path, engagement.display(path), engagement_id=engagement.id))
        except InputError as exc:
            problems.extend(exc.problems)
    known = set(inputs.register.ids)
    # Boards meet again: a demand deferred at one meeting is decided at a later one. Sheets are taken in the order
    # of their meetings and the latest decision on a demand stands; two decisions at one meeting contradict.
    read.sort(key=lambda sheet: (sheet.meeting_on or date.min, sheet.label))
    latest: dict[str, dict] = {}
    for sheet in read:
        problems.extend(sheet.problems)
        if sheet.body_id and sheet.body_id != inputs.scoring.body_id:
            problems.append(
                Problem(
                    sheet.label,
                    f"written for body {sheet.body_id!r}; expected the body that decides on the portfolio "
                    f"({inputs.scoring.body_id})",
                    code="decision-sheet-other-body",
                )
            )
        for d in sheet.decisions:
            earlier = latest.get(d["demand_id"])
            if d["demand_id"] not in known:
                problems.append(
                    Problem(
                        sheet.label,
                        f"demand {d['demand_id']!r} is no longer in the register; expected a demand of the register",
                        code="unknown-demand",
                    )
                )
            elif earlier is not None and earlier["decided_on"] == sheet.meeting_on:
                problems.append(
                    Problem(
                        sheet.label,
                        f"demand {d['demand_id']!r} is also decided in {earlier['sheet']}, at the same meeting "
                        f"({sheet.meeting_on}); expected one decision per meeting",
                        code="decided-twice",
                    )
                )
            latest[d["demand_id"]] = {
                **d,
                "body_id": sheet.body_id,
                "decided_on": sheet.meeting_on,
                "sheet": sheet.label,
            }
    decisions = list(latest.values())
    if problems:
        raise InputError(problems)
    return Sheets([s.label for s in read], read, decisions)


@dataclass
class Provisioned:
    rows: pd.DataFrame  # the new projects: demand_id, id, name, sponsor, manager, tier, budget, start, end
    documents: list[str] = field(default_factory=list)
    kit_plan: KitPlan | None = None
    outputs: list = field(default_factory=list)
    project_list: str = ""
    recorded: int = 0


def _same_project(projects: list[dict], row: dict) -> str | None:
    """A project of the list that already is this demand (a run stopped after writing the list): its id."""
    for p in projects:
        if p["name"].strip().lower() == row["name"].strip().lower() and p["sponsor"].strip() == row["sponsor"].strip():
            return p["id"]
    return None


def decide(inputs: PortfolioInputs, sheets: Sheets, staging: Staging, *, session: Session) -> Provisioned:
    """Store the decisions, and start every approved demand not yet a project: the project list extended (written
    before the caller commits) and the kit's documents rendered into the staging. Nothing is committed here."""
    engagement = inputs.engagement
    started = decisions_frame(session=session, engagement=engagement.id).dropna(subset=["project_id"])
    started = dict(zip(started["demand_id"], started["project_id"]))
    undone = [d for d in sheets.decisions if d["demand_id"] in started and d["decision"] != "approved"]
    if undone:
        raise InputError(
            [
                Problem(
                    d["sheet"],
                    f"demand {d['demand_id']!r} was approved and is project {started[d['demand_id']]}; expected no "
                    "new decision on it here (a project is paused or stopped by its steering committee and the "
                    "project list, not by the demand's decision sheet)",
                    code="decision-on-started-project",
                )
                for d in undone
            ]
        )
    for sheet in sheets.read:
        mine = [
            {k: d[k] for k in ("demand_id", "body_id", "decision", "decided_on", "comment")}
            for d in sheets.decisions
            if d["sheet"] == sheet.label
        ]
        record_decisions(session=session, engagement=engagement.id, decisions=mine, sheet=sheet.label)
    decisions = decisions_frame(session=session, engagement=engagement.id)
    managers = {d["demand_id"]: d["manager"] for d in sheets.decisions}
    table = demand_table(inputs.register, pd.DataFrame(columns=["demand_id"]), decisions)
    due = decisions[(decisions["decision"] == "approved") & decisions["project_id"].isna()]["demand_id"]
    approved = table[table["demand_id"].isin(set(due))].copy()
    approved["manager"] = approved["demand_id"].map(managers).fillna("")
    if approved.empty:
        return Provisioned(pd.DataFrame())
    rows = project_rows(approved, existing_ids(inputs.project_list, _label(inputs)), inputs.tiers)
    already = {r["demand_id"]: _same_project(inputs.projects, r) for r in rows.to_dict("records")}
    new = rows[[already[d] is None for d in rows["demand_id"]]]
    reused = {d: p for d, p in already.items() if p}
    path = inputs.project_list or engagement.data_dir / "projects.csv"
    data = (
        appended_xlsx(path, new)
        if path.suffix.lower() == ".xlsx"
        else appended_csv(inputs.project_list, new, engagement.config.language)
    )
    ids = dict(zip(rows["demand_id"], rows["id"])) | reused
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / path.name
        draft.write_bytes(data)
        plan = plan_generation(engagement, projects=str(draft))
        wanted = set(ids.values())
        plan = replace(plan, jobs=[j for j in plan.jobs if j.project and j.project["id"] in wanted])
        outputs = render_jobs(plan, staging)
    if len(new):
        write_bytes_atomic(path, data)  # before the commit: a run stopped here finds the rows on its next run
    mark_provisioned(session=session, engagement=engagement.id, projects=ids)
    rows["id"] = rows["demand_id"].map(ids)
    return Provisioned(
        rows,
        [o.file for o in outputs],
        plan,
        outputs,
        engagement.display(path),
        len(sheets.decisions),
    )


def _label(inputs: PortfolioInputs) -> str:
    return inputs.engagement.display(inputs.project_list) if inputs.project_list else "data/projects.csv"


def publish_provisioned(inputs: PortfolioInputs, provisioned: Provisioned, staging: Staging) -> None:
    """The new projects' documents and the kit's manifest swapped into out/projects/ (after the commit)."""
    if provisioned.kit_plan is not None:
        publish_documents(provisioned.kit_plan, staging, provisioned.outputs)
