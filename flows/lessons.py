"""Flow `lessons_import`: lessons-learned files in, stored in the engagement's knowledge base (no duplicates)."""
from __future__ import annotations

from pathlib import Path

from prefect import flow

from flows.common import input_errors_fail, step
from governance.engagement.config import Engagement, load_engagement
from governance.lessons.read import LESSON_SUFFIXES, lesson_files, load_lessons
from governance.core.problems import InputError, Problem


def lessons_dir(engagement: Engagement) -> Path:
    return engagement.data_dir / "lessons"


@step
def read_lessons(engagement_dir: str, source: str | None):
    """Read and validate every file (all problems of all files reported together)."""
    engagement = load_engagement(engagement_dir)
    if source:
        path = Path(source)
        if not path.exists():
            raise InputError([Problem(source, "file or folder not found; expected lessons-learned files (.csv, .xlsx, "
                                      ".docx)")])
        if path.is_file() and path.suffix.lower() not in LESSON_SUFFIXES:
            raise InputError([Problem(source, f"unsupported file type {path.suffix!r}; expected .csv, .xlsx or the "
                                      "kit's lessons-learned .docx")])
        files = [path] if path.is_file() else lesson_files(path)
    else:
        files = lesson_files(lessons_dir(engagement))
    if not files:
        folder = source or engagement.display(lessons_dir(engagement))
        raise InputError([Problem(folder, "no lessons-learned file found; expected .csv or .xlsx files with the "
                                  "columns project, category, lesson, tags, date, or the kit's filled .docx")])
    lessons, duplicates = load_lessons(files, [engagement.display(f) for f in files])
    return engagement, lessons, duplicates, [engagement.display(f) for f in files]


@step(retries=2, retry_delay_seconds=2)
def store_lessons(engagement: Engagement, lessons) -> dict:
    from governance.lessons.store import count_lessons, save_lessons, search_method
    from governance.core.store import session_scope

    with session_scope(engagement.database_url()) as session:
        counts = save_lessons(session=session, engagement=engagement.slug, lessons=lessons)
        counts["stored"] = count_lessons(session=session, engagement=engagement.slug)
        counts["search"] = search_method(session)
    return counts


@flow(name="lessons_import", log_prints=False)
@input_errors_fail
def lessons_import(engagement_dir: str, source: str | None = None) -> dict:
    """Import lessons learned from data/lessons/ (or `source`) into the knowledge base."""
    engagement, lessons, duplicates, files = read_lessons(engagement_dir, source)
    counts = store_lessons(engagement, lessons)
    return {"engagement": str(engagement.root), "files": files, "read": int(len(lessons) + duplicates),
            "duplicates_in_files": int(duplicates), **counts}
