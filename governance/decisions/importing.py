"""`pmo decisions import`: the filled registers under data/decisions/ read, checked together, then stored.

Every register is read before anything is stored, and every problem of every file is reported at once; one
problem refuses the whole import (the store is left as it was). Registers are stored oldest period first, so a
later register's follow-up of an action lands after the action itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from governance.core.problems import InputError, Problem
from governance.core.tabular import plain_text
from governance.decisions.reading import RegisterRead, read_register
from governance.decisions.store import follow_up, replace_register, stored_actions
from governance.engagement.config import Engagement

OTHER_SPREADSHEETS = (".xls", ".xlsm", ".xlsb", ".ods", ".csv")


@dataclass
class RegistersRead:
    registers: list[RegisterRead]
    files: list[str]

    @property
    def warnings(self) -> list[Problem]:
        return [w for r in self.registers for w in r.warnings]


def decisions_dir(engagement: Engagement) -> Path:
    return engagement.data_dir / "decisions"


def find_registers(engagement: Engagement, source: str | None = None) -> list[Path]:
    """`source` (a file or folder) or every workbook under data/decisions/ (Excel's lock files left out)."""
    folder = Path(source) if source else decisions_dir(engagement)
    if source and not folder.exists():
        raise InputError(
            [
                Problem(
                    source,
                    "file or folder not found; expected filled decision registers (.xlsx)",
                    code="file-not-found",
                )
            ]
        )
    if folder.is_file():
        return [folder]
    found = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(("~$", ".")))
    others = [p for p in found if p.suffix.lower() in OTHER_SPREADSHEETS]
    if others:
        raise InputError(
            [
                Problem(
                    engagement.display(p),
                    f"is a {p.suffix} file; expected the register as .xlsx (open it in Excel or LibreOffice and "
                    "save it as an Excel workbook, .xlsx)",
                    code="not-xlsx",
                )
                for p in others
            ]
        )
    files = [p for p in found if p.suffix.lower() == ".xlsx"]
    if not files:
        raise InputError(
            [
                Problem(
                    source or engagement.display(folder),
                    "no decision register found; expected the "
                    "registers written with the review pack (out/reviews/<period>/), filled after the "
                    "meeting and put here",
                    code="no-registers",
                )
            ]
        )
    return files


def known_people(names: Iterable[str]) -> Callable[[str], bool]:
    """Whether a name is one of `names`, as people write names (case, accents and spacing aside)."""
    keys = {plain_text(n) for n in names if n and str(n).strip()}
    return lambda name: plain_text(name) in keys


def read_registers(
    engagement: Engagement,
    files: list[Path],
    *,
    bodies: dict[str, str],
    is_known_person: Callable[[str], bool],
    date_bounds: tuple[date, date],
) -> RegistersRead:
    """Every register read and checked; all their problems raised together, nothing stored."""
    registers = [
        read_register(
            path,
            engagement.display(path),
            engagement_id=engagement.id,
            bodies=bodies,
            is_known_person=is_known_person,
            date_bounds=date_bounds,
            language=engagement.language,
        )
        for path in files
    ]
    problems = [p for r in registers for p in r.problems]
    seen: dict[tuple[str, str], str] = {}
    for r in registers:
        if r.problems:
            continue
        first = seen.setdefault((r.period, r.body_id), r.label)
        if first != r.label:
            problems.append(
                Problem(
                    r.label,
                    f"is a second register of {r.body_id} for {r.period} (the first is "
                    f"{first}); expected one filled register per body and month",
                    code="duplicate-register",
                )
            )
    if problems:
        raise InputError(problems)
    registers.sort(key=lambda r: (r.period, r.body_id))
    return RegistersRead(registers, [r.label for r in registers])


def _moved_actions(read: RegistersRead, stored: dict[str, tuple[str, bool]]) -> list[Problem]:
    """An action a later register has followed up must stay where it is when its register is imported again: its
    reference is its place among its exception's actions, so moving or deleting it would hand its follow-up to
    another action."""
    problems = []
    for r in read.registers:
        mine = {a["ref"]: a["action"] for a in r.actions}
        prefix = f"{r.period}/{r.body_id}/"
        for ref, (text, followed) in stored.items():
            if not followed or not ref.startswith(prefix) or mine.get(ref) == text:
                continue
            now = f"now {mine[ref]!r}" if ref in mine else "now missing"
            problems.append(
                Problem(
                    r.label,
                    f"action {ref} ({text!r}) has been followed up since, and is {now}; expected the register's "
                    "actions in their place (add a new action under Other actions, close one in the follow-up sheet)",
                    code="action-moved",
                )
            )
    return problems


def store_registers(*, session: Session, engagement: Engagement, read: RegistersRead) -> dict[str, Any]:
    """Each register's decisions and actions, then every follow-up (in the caller's transaction). A follow-up of
    an action neither stored nor in these registers, or a followed-up action moved, refuses the import."""
    stored = stored_actions(session=session, engagement=engagement.id)
    new_refs = {a["ref"] for r in read.registers for a in r.actions}
    replaced = {(r.period, r.body_id) for r in read.registers}
    kept = {ref for ref in stored if tuple(ref.split("/")[:2]) not in replaced}
    known = kept | new_refs
    problems = _moved_actions(read, stored) + [
        Problem(
            r.label,
            f"follows up action {f['ref']}, which is not stored; import the register that decided it first",
            code="unknown-action",
        )
        for r in read.registers
        for f in r.follow_ups
        if f["ref"] not in known
    ]
    if problems:
        raise InputError(problems)
    for r in read.registers:
        replace_register(
            session=session,
            engagement=engagement.id,
            period=r.period,
            body_id=r.body_id,
            decisions=r.decisions,
            actions=r.actions,
            register_file=r.label,
        )
    applied = closed = 0
    for r in read.registers:
        for f in r.follow_ups:
            if follow_up(session=session, engagement=engagement.id, period=r.period, **f):
                applied += 1
                closed += f["status"] != "open"
    return {
        "registers": len(read.registers),
        "decisions": sum(len(r.decisions) for r in read.registers),
        "actions": len(new_refs),
        "follow_ups": applied,
        "older_follow_ups_ignored": sum(len(r.follow_ups) for r in read.registers) - applied,
        "closed": closed,
    }
