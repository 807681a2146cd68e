"""Flow `lessons_import`: lessons-learned files in, stored in the engagement's knowledge base (no duplicates)."""

from __future__ import annotations

from prefect import flow

from flows.common import input_errors_fail, step
from governance import lessons
from governance.core.store import transaction
from governance.engagement.config import Engagement, load_engagement
from governance.engagement.identity import engagement_store
from governance.lessons import LessonsRead


@step
def read_lessons(engagement_dir: str, source: str | None) -> tuple[Engagement, LessonsRead]:
    """Read and validate every file (all problems of all files reported together)."""
    engagement = load_engagement(engagement_dir)
    return engagement, lessons.read_lessons(engagement, source)


@step
def store_lessons(engagement: Engagement, read: LessonsRead) -> dict:
    with engagement_store(engagement, "lessons") as engine, transaction(engine) as session:
        return lessons.store_lessons(session=session, engagement=engagement, read=read)


@flow(name="lessons_import", log_prints=False)
@input_errors_fail
def lessons_import(engagement_dir: str, source: str | None = None) -> dict:
    """Import lessons learned from data/lessons/ (or `source`) into the knowledge base."""
    engagement, read = read_lessons(engagement_dir, source)
    counts = store_lessons(engagement, read)
    return lessons.import_result(engagement, read, counts)
