"""`pmo collect merge`: the returns merged into data/status/<YYYY-MM>.csv, written atomically, and recorded.

A status file the client delivered by hand for the period (one without the `source_form` column, or an .xlsx)
is never overwritten: the merge is refused, naming it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from governance.collection.merge import MergeOutcome, is_merged_file, status_csv
from governance.collection.store import now, replace_returns
from governance.core.atomic import write_bytes_atomic
from governance.core.problems import InputError, Problem
from governance.engagement.config import Engagement
from governance.review import discover_status_files, status_dir


def merged_path(engagement: Engagement, period: str) -> Path:
    """Where the merged file goes; refused when the period already has a status file the merge did not write."""
    folder = status_dir(engagement)
    existing = discover_status_files(folder, engagement.display).get(period)
    target = folder / f"{period}.csv"
    if existing is not None:
        if existing != target or not is_merged_file(first_line(existing)):
            raise InputError(
                [
                    Problem(
                        engagement.display(existing),
                        f"is a status file for {period} that was not written by `pmo collect merge`; expected no "
                        "status file for a month collected with forms (move it out of data/status/ to merge)",
                        code="status-file-exists",
                    )
                ]
            )
    return target


def first_line(path: Path) -> str:
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        return handle.readline()


def refuse_unless_partial(outcome: MergeOutcome, partial: bool) -> None:
    """Exit 2 with every problem when anything was refused and `partial` is not set, or when nothing is left."""
    if outcome.refused and not partial:
        raise InputError(outcome.refused)
    if outcome.merged.empty:
        problems = outcome.refused or [
            Problem(
                f"data/inbox/{outcome.period}",
                "holds no returned form; expected the forms sent back by the "
                "project managers (.xlsx, or the e-mails saved as .eml)",
                code="empty-inbox",
            )
        ]
        raise InputError(problems)


def write_merged(path: Path, outcome: MergeOutcome, language: str, label: str) -> Path:
    """Written as bytes (the CSV's own CRLF line ends, on every system), swapped in atomically."""
    try:
        return write_bytes_atomic(path, status_csv(outcome.merged, language).encode("utf-8"))
    except PermissionError as exc:  # Windows: the file is open in Excel
        raise InputError(
            [
                Problem(
                    label,
                    f"cannot be replaced ({exc.strerror}): close it in Excel and run the merge again",
                    code="output-file-in-use",
                )
            ]
        ) from None


def record_returns(engagement: Engagement, outcome: MergeOutcome, *, session: Session, when: datetime) -> None:
    rows = [
        {
            "project_id": a.sheet.project_id,
            "source_form": a.form.label,
            "sha256": a.form.sha256,
            "received_at": a.form.received_at,
            "outcome": "merged",
            "merged_at": when,
        }
        for a in outcome.accepted
    ]
    for form, sheet in outcome.refused_returns:  # kept only under --partial: a refused run records nothing
        rows.append(
            {
                "project_id": sheet.project_id,
                "source_form": form.label,
                "sha256": form.sha256,
                "received_at": form.received_at,
                "outcome": "refused",
                "merged_at": when,
            }
        )
    for form, sheet, _ in outcome.superseded:
        rows.append(
            {
                "project_id": sheet.project_id,
                "source_form": form.label,
                "sha256": form.sha256,
                "received_at": form.received_at,
                "outcome": "superseded",
                "merged_at": when,
            }
        )
    replace_returns(session=session, engagement=engagement.id, period=outcome.period, rows=rows)


def merge_result(engagement: Engagement, outcome: MergeOutcome, path: Path | None, partial: bool) -> dict:
    superseded = [
        {"project_id": sheet.project_id, "file": form.label, "by": winner.label}
        for form, sheet, winner in outcome.superseded
    ]
    return {
        "engagement": str(engagement.root),
        "period": outcome.period,
        "status_file": str(path) if path else None,
        "merged": len(outcome.merged),
        "forms": sorted({a.form.label for a in outcome.accepted}),
        "late": int((outcome.merged["received_on"] > outcome.merged["due_on"]).sum()) if len(outcome.merged) else 0,
        "superseded": superseded,
        "partial": partial,
        "refused_forms": outcome.refused_forms,
        "refused_projects": outcome.refused_projects,
        # refused returns newer than the one merged: that earlier valid return's figures were kept (--partial)
        "refused_later": sorted(
            {sheet.project_id for _, sheet in outcome.refused_returns} - set(outcome.refused_projects)
        ),
        "refused": [str(p) for p in outcome.refused] if partial else [],
        "warnings": [f"refused and left out (--partial): {p}" for p in outcome.refused] if partial else [],
    }


__all__ = ["merge_result", "merged_path", "now", "record_returns", "refuse_unless_partial", "write_merged"]
