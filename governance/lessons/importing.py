"""Importing lessons learned: which files (data/lessons/ or the one given), read together, stored once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlmodel import Session

from governance.core.problems import InputError, Problem
from governance.engagement.config import Engagement
from governance.lessons.read import LESSON_SUFFIXES, lesson_files, load_lessons
from governance.lessons.store import count_lessons, save_lessons, search_method


@dataclass
class LessonsRead:
    lessons: pd.DataFrame
    duplicates: int  # the same lesson met more than once in the files
    files: list[str]  # as displayed (relative to the engagement)


def lessons_dir(engagement: Engagement) -> Path:
    return engagement.data_dir / "lessons"


def find_lesson_files(engagement: Engagement, source: str | None = None) -> list[Path]:
    """`source` (a file or folder) or every lessons-learned file under data/lessons/."""
    if source:
        path = Path(source)
        if not path.exists():
            raise InputError(
                [
                    Problem(
                        source,
                        "file or folder not found; expected lessons-learned files (.csv, .xlsx, .docx)",
                        code="file-not-found",
                    )
                ]
            )
        if path.is_file() and path.suffix.lower() not in LESSON_SUFFIXES:
            raise InputError(
                [
                    Problem(
                        source,
                        f"unsupported file type {path.suffix!r}; expected .csv, .xlsx or the "
                        "kit's lessons-learned .docx",
                        code="unsupported-file",
                    )
                ]
            )
        files = [path] if path.is_file() else lesson_files(path)
    else:
        files = lesson_files(lessons_dir(engagement))
    if not files:
        folder = source or engagement.display(lessons_dir(engagement))
        raise InputError(
            [
                Problem(
                    folder,
                    "no lessons-learned file found; expected .csv or .xlsx files with the "
                    "columns project, category, lesson, tags, date, or the kit's filled .docx",
                    code="no-lessons",
                )
            ]
        )
    return files


def read_lessons(engagement: Engagement, source: str | None = None) -> LessonsRead:
    """Read and validate every file (all problems of all files reported together)."""
    files = find_lesson_files(engagement, source)
    labels = [engagement.display(f) for f in files]
    lessons, duplicates = load_lessons(files, labels)
    return LessonsRead(lessons, duplicates, labels)


def store_lessons(*, session: Session, engagement: Engagement, read: LessonsRead) -> dict[str, Any]:
    """Save the lessons (no duplicates); counts of added, updated, unchanged and stored, and the search method."""
    counts: dict[str, Any] = save_lessons(session=session, engagement=engagement.id, lessons=read.lessons)
    counts["stored"] = count_lessons(session=session, engagement=engagement.id)
    counts["search"] = search_method(session)
    return counts


def import_result(engagement: Engagement, read: LessonsRead, counts: dict[str, Any]) -> dict[str, Any]:
    """What `pmo lessons import --json` prints."""
    return {
        "engagement": str(engagement.root),
        "files": read.files,
        "read": int(len(read.lessons) + read.duplicates),
        "duplicates_in_files": int(read.duplicates),
        **counts,
    }
