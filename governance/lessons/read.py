"""Lessons learned: reading the files a PMO collects (CSV or XLSX, French exports, the kit's registers).

Columns (English or French headers): project, category, lesson, tags, date; optionally recommendation and
owner. A register without a `lesson` column may give its narrative columns instead (what happened, what
went well, what to repeat, what to avoid): they are joined into the lesson. In an XLSX register the header
row may sit below a title block. The kit's Word lessons-learned document, once filled in, is read too: its
session table gives the project and date, its lessons table the lessons (rows are numbered in that table). Every lesson gets a natural key (a hash of project, lesson and date) so
that importing the same file again updates instead of duplicating.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from governance.core.problems import InputError, Problem, read_all
from governance.core.tabular import plain_text

LESSON_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".docx")
MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024
HEADER_SEARCH_ROWS = 15
COLUMNS = ("project", "category", "lesson", "tags", "date", "recommendation", "owner")
NARRATIVE = ("what_happened", "went_well", "repeat", "avoid")
ALIASES = {
    "project": {
        "project",
        "projet",
        "project id",
        "id projet",
        "code projet",
        "project code",
        "nom du projet",
        "project name",
    },
    "category": {"category", "categorie", "domaine", "theme", "type"},
    "lesson": {
        "lesson",
        "lecon",
        "lecon apprise",
        "lecons apprises",
        "lesson learned",
        "lessons learned",
        "enseignement",
        "retour d experience",
    },
    "tags": {"tags", "tag", "mots cles", "mot cle", "mots clefs", "etiquettes", "keywords"},
    "date": {
        "date",
        "date de saisie",
        "date d enregistrement",
        "recorded on",
        "recorded",
        "date recorded",
        "date de la seance",
        "session date",
    },
    "recommendation": {"recommendation", "recommandation", "recommandations", "recommendations"},
    "owner": {"owner", "responsable", "proprietaire", "auteur", "author"},
    "what_happened": {"what happened", "ce qui s est passe", "description", "constat", "situation"},
    "went_well": {"what went well", "ce qui a bien fonctionne", "points forts"},
    "repeat": {"what to repeat", "to repeat", "a reproduire", "bonnes pratiques a reproduire"},
    "avoid": {"what to avoid", "to avoid", "a eviter", "ecueils a eviter"},
}
_HEADER = {alias: column for column, aliases in ALIASES.items() for alias in aliases}
_TAG_SPLIT = re.compile(r"\s*[,;|#]\s*")
FRAME_COLUMNS = [
    "lesson_key",
    "project",
    "category",
    "lesson",
    "tags",
    "tag_keys",
    "recorded_on",
    "recommendation",
    "owner",
    "search_text",
    "source_file",
    "source_row",
]


def lesson_files(folder: Path) -> list[Path]:
    """Every CSV/XLSX under data/lessons/ (sub-folders included), Excel lock files and hidden files left out."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in LESSON_SUFFIXES and not p.name.startswith(("~$", "."))
    )


def lesson_key(project: str, lesson: str, recorded_on) -> str:
    """The natural key: same project, same lesson (case, accents and spacing aside), same date."""
    text = f"{plain_text(project)}\n{plain_text(lesson)}\n{recorded_on.isoformat()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_tags(text: str) -> list[str]:
    tags = []
    for tag in _TAG_SPLIT.split(text or ""):
        tag = tag.strip()
        if tag and plain_text(tag) not in {plain_text(t) for t in tags}:
            tags.append(tag)
    return tags


def search_words(text: str) -> list[str]:
    """Search terms as stored: lower case, no accents, letters and digits only."""
    return plain_text(text).split()


def _map_header(cells: list[str]) -> dict[int, str]:
    mapping = {}
    for position, cell in enumerate(cells):
        column = _HEADER.get(plain_text(cell)) if cell else None
        if column and column not in mapping.values():
            mapping[position] = column
    return mapping


def _is_header(cells: list[str]) -> bool:
    mapped = set(_map_header(cells).values())
    return "project" in mapped and ("lesson" in mapped or bool(mapped & set(NARRATIVE)))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):  # dates typed in Excel come back as datetime
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(path: Path, label: str) -> tuple[pd.DataFrame, int]:
    """The first sheet holding a lessons header within its first rows; returns the table and the header row."""
    from governance.core.tabular import check_sheet, open_workbook

    with open_workbook(path, label) as workbook:
        for sheet in workbook.worksheets:
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
                if _is_header(cells):
                    check_sheet(path, label, sheet, rows, header_row=index + 1)
                    header = cells
                    body, numbers = [], []
                    for number, row in enumerate(rows[index + 1 :], start=index + 2):
                        row = (row + [""] * len(header))[: len(header)]
                        if any(row):
                            body.append(row)
                            numbers.append(number)
                    frame = pd.DataFrame(body, columns=[f"c{i}" for i in range(len(header))], dtype=object)
                    frame.attrs["header"] = header
                    frame["_row"] = numbers
                    return frame, index + 1
    raise InputError(
        [
            Problem(
                label,
                "no lessons table found; expected a header row with the columns project, "
                "category, lesson, tags, date (or projet, catégorie, leçon, mots-clés, date)",
                code="no-lessons-table",
            )
        ]
    )


SESSION_PROJECT = {"projet", "project"}
SESSION_DATE = {"date de la seance", "session date", "date de seance"}
_PROJECT_ID = re.compile(r"\(([^()]+)\)\s*$")


def _read_docx(path: Path, label: str) -> tuple[pd.DataFrame, int]:
    """The kit's lessons-learned document once filled in (document_templates/lessons_learned.*.docx): the
    session table gives the project and the date, the lessons table one lesson per filled row."""
    import zipfile

    from docx import Document

    from governance.core.cells import cell_problems, character_problem

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError([Problem(label, "is not a valid .docx file", code="invalid-docx")]) from None
    if unpacked > MAX_DOCX_UNCOMPRESSED:
        raise InputError(
            [
                Problem(
                    label, f"expands to {unpacked // 1_000_000} MB uncompressed; refused as unsafe", code="unsafe-docx"
                )
            ]
        )
    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx raises many types for damaged files
        raise InputError(
            [Problem(label, f"cannot be read as a Word document ({type(exc).__name__})", code="invalid-docx")]
        ) from None
    session: dict[str, tuple[str, str]] = {}
    lessons_table = None
    for table in document.tables:
        rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        if not rows:
            continue
        if len(rows[0]) == 2:
            for key, value in rows:
                if plain_text(key) in SESSION_PROJECT:
                    session["project"] = (key, value)
                elif plain_text(key) in SESSION_DATE:
                    session["date"] = (key, value)
        elif lessons_table is None and len(set(_map_header(rows[0]).values()) & {*NARRATIVE, "recommendation"}) >= 2:
            lessons_table = rows
    if lessons_table is None:
        raise InputError(
            [
                Problem(
                    label,
                    "no lessons table found; expected the table of the lessons-learned "
                    "document (what happened, what went well, to repeat, to avoid, recommendation)",
                    code="no-lessons-table",
                )
            ]
        )
    problems = cell_problems(label, lessons_table, header_row=1, header=lessons_table[0])
    problems += [
        Problem(label, f"{found[0]}; retype it", key=name, code=found[1])
        for name, value in session.values()
        if (found := character_problem(value))
    ]
    key, project = session.get("project", ("Projet", ""))
    if not project or project.startswith("["):
        problems.append(
            Problem(
                label,
                "the project is not filled in; expected its name and id, e.g. 'Portail clients B2B (PRJ-002)'",
                key=key,
                code="missing-project",
            )
        )
    elif match := _PROJECT_ID.search(project):
        project = match.group(1).strip()
    date_key, recorded = session.get("date", ("Date de la séance", ""))
    if not recorded or recorded.startswith("["):
        problems.append(
            Problem(label, "the session date is not filled in; expected DD/MM/YYYY", key=date_key, code="missing-date")
        )
    if problems:
        raise InputError(problems)
    header = lessons_table[0] + [key, date_key]
    body, numbers = [], []
    narrative = [i for i, column in _map_header(lessons_table[0]).items() if column in (*NARRATIVE, "recommendation")]
    for number, row in enumerate(lessons_table[1:], start=2):
        if any(row[i] for i in narrative if i < len(row)):  # the numbered blank rows of the template are skipped
            body.append((row + [""] * len(lessons_table[0]))[: len(lessons_table[0])] + [project, recorded])
            numbers.append(number)
    frame = pd.DataFrame(body, columns=[f"c{i}" for i in range(len(header))], dtype=object)
    frame.attrs["header"] = header
    frame["_row"] = numbers
    return frame, 1


def _narrative(headings: dict[str, str], parts: list[str], row: dict[str, str]) -> str:
    filled = [c for c in parts if row[c]]
    if len(filled) == 1:
        return row[filled[0]]
    # French typography puts a space before the colon; the heading tells the file's language.
    return " ".join(f"{headings[c]}{':' if headings[c].isascii() else ' :'} {row[c].rstrip('.')}." for c in filled)


def read_lesson_file(path: Path, label: str) -> pd.DataFrame:
    """One file's lessons, validated: columns FRAME_COLUMNS. InputError names file, row and column."""
    from governance.core.tabular import parse_dates, read_csv_table

    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = read_csv_table(path, label)
        header = [c for c in raw.columns if c != "_row"]
        raw = raw.rename(columns={c: f"c{i}" for i, c in enumerate(header)})
        header_row = 1
    elif suffix == ".docx":
        raw, header_row = _read_docx(path, label)
        header = raw.attrs["header"]
    else:
        raw, header_row = _read_xlsx(path, label)
        header = raw.attrs["header"]
    mapping = _map_header(header)
    names = {position: header[position] for position in mapping}
    present = set(mapping.values())
    problems = []
    if "project" not in present:
        problems.append(
            Problem(
                label,
                "missing column 'project' (or 'projet'); expected columns project, category, lesson, tags, date",
                row=header_row,
                column="project",
                code="missing-column",
            )
        )
    if "lesson" not in present and not present & set(NARRATIVE):
        problems.append(
            Problem(
                label,
                "missing column 'lesson' (or 'leçon'); expected columns project, category, lesson, tags, date",
                row=header_row,
                column="lesson",
                code="missing-column",
            )
        )
    if "date" not in present:
        problems.append(
            Problem(
                label,
                "missing column 'date'; expected the date each lesson was recorded",
                row=header_row,
                column="date",
                code="missing-column",
            )
        )
    if problems:
        raise InputError(problems)
    frame = pd.DataFrame(
        {column: raw[f"c{position}"].fillna("").astype(str).str.strip() for position, column in mapping.items()}
    )
    for column in COLUMNS + NARRATIVE:
        if column not in frame:
            frame[column] = ""
    frame["_row"] = raw["_row"].to_numpy()
    column_name = {column: names[position] for position, column in mapping.items()}

    if "lesson" not in present:
        # Each part keeps its column's heading, so the stored lesson still says what it is.
        parts = [c for c in NARRATIVE if c in present]
        frame["lesson"] = [_narrative(column_name, parts, row) for row in frame[parts].to_dict("records")]
        column_name["lesson"] = column_name[parts[0]]

    def report(mask: pd.Series, column: str, message: str, code: str) -> None:
        for row in frame.loc[mask, "_row"]:
            problems.append(Problem(label, message, row=int(row), column=column_name.get(column, column), code=code))

    report(frame["project"] == "", "project", "project is empty; expected the project's id or name", "empty-project")
    report(frame["lesson"] == "", "lesson", "lesson is empty; expected what was learned", "empty-lesson")
    dates, bad = parse_dates(frame["date"])
    report(
        frame["date"] == "",
        "date",
        "date is empty; expected the date the lesson was recorded (DD/MM/YYYY)",
        "empty-date",
    )
    for record in frame[bad][["_row", "date"]].to_dict("records"):
        problems.append(
            Problem(
                label,
                f"date {record['date']!r} is not a date; expected DD/MM/YYYY or YYYY-MM-DD",
                row=int(record["_row"]),
                column=column_name.get("date", "date"),
                code="invalid-date",
            )
        )
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    frame["recorded_on"] = dates.dt.date
    tags = frame["tags"].map(split_tags)
    frame["tags"] = tags.map(", ".join)
    frame["tag_keys"] = tags.map(lambda values: "," + ",".join(plain_text(t) for t in values) + "," if values else "")
    frame["lesson_key"] = [
        lesson_key(project, lesson, day)
        for project, lesson, day in zip(frame["project"], frame["lesson"], frame["recorded_on"], strict=True)
    ]
    frame["search_text"] = (
        frame["project"]
        + " "
        + frame["category"]
        + " "
        + frame["lesson"]
        + " "
        + frame["tags"]
        + " "
        + frame["recommendation"]
    ).map(plain_text)
    frame["source_file"] = label
    frame["source_row"] = frame["_row"].astype(int)
    return frame[FRAME_COLUMNS].reset_index(drop=True)


def load_lessons(files: list[Path], labels: list[str]) -> tuple[pd.DataFrame, int]:
    """Every file's lessons (all problems of all files together); the same lesson twice is kept once.

    Returns the lessons and how many duplicates were dropped.
    """
    frames = read_all(zip(files, labels, strict=True), lambda item: read_lesson_file(*item))
    if not frames:
        return pd.DataFrame(columns=FRAME_COLUMNS), 0
    lessons = pd.concat(frames, ignore_index=True)
    unique = lessons.drop_duplicates("lesson_key", keep="last")
    return unique.reset_index(drop=True), len(lessons) - len(unique)
