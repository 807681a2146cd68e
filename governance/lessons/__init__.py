"""Lessons learned: reading the projects' registers into the engagement's knowledge base, and searching it."""

from governance.lessons.importing import (
    LessonsRead,
    find_lesson_files,
    import_result,
    lessons_dir,
    read_lessons,
    store_lessons,
)
from governance.lessons.store import Lesson, count_lessons, lessons_for_period, search_lessons

__all__ = [
    "Lesson",
    "LessonsRead",
    "count_lessons",
    "find_lesson_files",
    "import_result",
    "lessons_dir",
    "lessons_for_period",
    "read_lessons",
    "search_lessons",
    "store_lessons",
]
