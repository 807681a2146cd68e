"""The example's decision registers of September and October 2026, filled as the bodies filled them.

They are made the way the review makes them (the same exceptions, computed from the example's status history,
and the same register), then filled from governance/data/example_decisions.yaml, so that `pmo decisions import`
followed by `pmo review --all` tells the loop: decisions, actions, one closed, one overdue that escalates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import yaml
from openpyxl import load_workbook

from governance.core.i18n import pick
from governance.core.paths import DATA_DIR
from governance.core.xlsx.forms import form_brand_for
from governance.decisions import read_registers
from governance.decisions.layout import DECISION_LETTERS, FOLLOW_UP_HEADER_ROW, FOLLOW_UP_LETTERS, META_SHEET
from governance.decisions.store import ACTION_COLUMNS
from governance.engagement.config import Engagement, load_engagement
from governance.review import ComputedPeriod, ReviewInputs, StoredHistory, compute_periods, load_policy
from governance.review.metrics import PREVIOUS_COLUMNS
from governance.review.registers import next_meetings, register_contents, write_registers
from governance.review.status_input import discover_status_files, load_status_file, status_dir
from governance.structure import resolve_governance

PREPARED_AT = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)


def _meta(workbook) -> dict:
    meta = {}
    for row in workbook[META_SHEET].iter_rows(values_only=True):
        if not row or row[0] is None:
            break
        meta[str(row[0])] = row[1]
    return meta


def fill_register(
    source: Path,
    target: Path,
    *,
    decisions: dict[str, dict] | None = None,
    follow_ups: dict[str, dict] | None = None,
    meeting_on: date | None = None,
) -> Path:
    """A register filled as a meeting's secretary would and saved as `target`. `decisions`: {"<project>/<dimension>":
    {"decision": text, "actions": [{"action", "owner", "due"}]}} (the first action on the exception's row, the others
    under "Other actions"); `follow_ups`: {action ref: {"status": open|closed|dropped (or as shown), "closed_on",
    "comment"}}."""
    workbook = load_workbook(source)
    meta = _meta(workbook)
    sheets = [s for s in workbook.sheetnames if s != META_SHEET]
    ws, follow = workbook[sheets[0]], workbook[sheets[1]]
    if meeting_on is not None:
        ws[f"D{meta['meeting_row']}"] = meeting_on
    listed = [r for r in workbook[META_SHEET].iter_rows(min_row=len(meta) + 2, values_only=True) if r and r[0]]
    exceptions = {
        f"{r[1]}/{r[2]}": (r[0], int(meta["first_row"]) + i) for i, r in enumerate(listed[: meta["exceptions"]])
    }
    action_rows = {r[0]: FOLLOW_UP_HEADER_ROW + i for i, r in enumerate(listed[meta["exceptions"] :], start=1)}
    L = DECISION_LETTERS  # noqa: N806
    spare = int(meta["other_first_row"])
    for key, filled in (decisions or {}).items():
        ref, row = exceptions[key]
        ws[f"{L['decision']}{row}"] = filled["decision"]
        for n, action in enumerate(filled.get("actions", [])):
            at = row
            if n:
                at, spare = spare, spare + 1
                ws[f"{L['ref']}{at}"] = ref
            ws[f"{L['action']}{at}"] = action["action"]
            ws[f"{L['owner']}{at}"] = action["owner"]
            ws[f"{L['due_on']}{at}"] = action["due"]
    for ref, filled in (follow_ups or {}).items():
        row = action_rows[ref]
        for name in ("status", "closed_on", "comment"):
            if filled.get(name) is not None:
                follow[f"{FOLLOW_UP_LETTERS[name]}{row}"] = filled[name]
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def _story(language: str) -> list[dict]:
    raw = yaml.safe_load((DATA_DIR / "example_decisions.yaml").read_text(encoding="utf-8"))["registers"]
    shown = {
        "fr": {"open": "Ouverte", "closed": "Close", "dropped": "Abandonnée"},
        "en": {"open": "Open", "closed": "Closed", "dropped": "Dropped"},
    }[language]
    story = []
    for entry in raw:
        decisions = {
            key: {
                "decision": pick(d["decision"], language),
                "actions": [
                    {"action": pick(a["action"], language), "owner": a["owner"], "due": date.fromisoformat(a["due"])}
                    for a in d.get("actions", [])
                ],
            }
            for key, d in (entry.get("decisions") or {}).items()
        }
        follow_ups = {
            ref: {
                "status": shown[f["status"]],
                "closed_on": date.fromisoformat(f["closed_on"]) if f.get("closed_on") else None,
                "comment": pick(f.get("comment"), language),
            }
            for ref, f in (entry.get("follow_up") or {}).items()
        }
        story.append(
            {
                "period": entry["period"],
                "body": entry["body"],
                "decisions": decisions,
                "follow_ups": follow_ups,
                "meeting_on": date.fromisoformat(entry["meeting"]) if entry.get("meeting") else None,
            }
        )
    return story


def _reviews(engagement: Engagement, until: str, actions: pd.DataFrame) -> dict[str, ComputedPeriod]:
    """Every period of the example's status history up to `until`, computed as `pmo review --all` would after
    the actions were imported."""
    policy = load_policy(engagement)
    files = [
        load_status_file(path, engagement.display(path), period, engagement.config.review)
        for period, path in sorted(discover_status_files(status_dir(engagement)).items())
        if period <= until
    ]
    empty = pd.DataFrame(columns=list(PREVIOUS_COLUMNS))
    inputs = ReviewInputs(engagement, policy, until, files, [])
    computed = compute_periods(inputs, [StoredHistory(empty, None, actions) for _ in files])
    return {c.file.period: c for c in computed}


def _actions_of(engagement: Engagement, files: list[Path]) -> pd.DataFrame:
    policy = load_policy(engagement)
    read = read_registers(
        engagement,
        files,
        bodies={b: b for b in policy.bodies},
        is_known_person=lambda _name: True,
        date_bounds=(date(1990, 1, 1), date(2100, 12, 31)),
    )
    rows = [
        {**a, "period": r.period, "body_id": r.body_id, "status": "open", "closed_on": None, "comment": ""}
        for r in read.registers
        for a in r.actions
    ]
    return pd.DataFrame(rows, columns=ACTION_COLUMNS)


def write_example_decisions(root: Path, language: str) -> list[Path]:
    """data/decisions/<period>/: the filled registers of each month of the story, oldest first."""
    engagement = load_engagement(root)
    policy = load_policy(engagement)
    model = resolve_governance(engagement).model
    brand = form_brand_for(engagement)
    blank = root / "out" / ".example-registers"
    story = _story(language)
    written: list[Path] = []
    for period in sorted({s["period"] for s in story}):
        actions = _actions_of(engagement, written)
        review = _reviews(engagement, period, actions)[period].review
        contents = register_contents(
            review, actions, policy, next_meetings(model, period, engagement.config.timezone), language
        )
        made = {p.name: p for p in write_registers(contents, _fresh(blank / period), brand, PREPARED_AT)}
        by_body = {c.body_id: made[n] for c, n in zip(contents, made, strict=True)}
        for entry in (s for s in story if s["period"] == period):
            source = by_body[entry["body"]]  # a KeyError here: the example's exceptions changed, update the story
            written.append(
                fill_register(
                    source,
                    root / "data" / "decisions" / period / source.name,
                    decisions=entry["decisions"],
                    meeting_on=entry["meeting_on"],
                    follow_ups=entry["follow_ups"],
                )
            )
    _remove(blank)
    return written


def _fresh(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
