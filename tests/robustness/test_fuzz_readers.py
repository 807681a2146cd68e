"""Property tests of the table readers: whatever the bytes or cells, the only exception is InputError.

InputError is what the CLI turns into exit 2 with lines naming file, row and column; any other exception
would be a traceback and exit 1. Random bytes, random text tables in the encodings clients use, and random
workbooks (text, numbers, dates, formulas with no saved value, control characters) go through the generic
readers and through the status, people, lessons and project-list readers. A few random status files go
through the CLI too: exit 0 or 2, never a traceback. Derandomized so that CI runs the same examples.
"""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.core.problems import InputError
from governance.core.tabular import read_csv_table, read_table, read_xlsx_table

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("corpus_build", CORPUS / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

FUZZ = settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TIERS = [
    {"id": "tier1", "name": {"fr": "Niveau 1", "en": "Tier 1"}, "budget_min": 1_000_000, "budget_max": None},
    {"id": "tier2", "name": {"fr": "Niveau 2", "en": "Tier 2"}, "budget_min": 200_000, "budget_max": 1_000_000},
    {"id": "tier3", "name": {"fr": "Niveau 3", "en": "Tier 3"}, "budget_min": 0, "budget_max": 200_000},
]

# Header names each reader knows, so that random tables get past the header and into the rows.
HEADERS = {
    "status": (CORPUS / "status-header-only.csv").read_text(encoding="utf-8").strip().split(";"),
    "people": (CORPUS / "people-header-only.csv").read_text(encoding="utf-8").strip().split(";"),
    "lessons": ["Projet", "Catégorie", "Leçon apprise", "Mots-clés", "Date"],
    "projects": ["id", "nom", "sponsor", "chef_de_projet", "niveau", "budget", "debut", "fin"],
    "table": ["a", "b", "c"],
}


def _status(path: Path):
    from governance.engagement.review_settings import ReviewSettings
    from governance.review.status_input import load_status_file

    return load_status_file(path, path.name, "2026-10", ReviewSettings())


def _people(path: Path):
    from governance.staffing.profiles import load_role_profiles
    from governance.staffing.skills import read_people
    from governance.staffing.training import load_catalogue

    profiles = load_role_profiles()
    return read_people(path, path.name, profiles, load_catalogue(profiles).aliases())


def _lessons(path: Path):
    from governance.lessons.read import read_lesson_file

    return read_lesson_file(path, path.name)


def _projects(path: Path):
    from governance.kit.project_list import load_project_list

    return load_project_list(path, path.name, TIERS)


READERS = {
    "table": lambda path: read_table(path, path.name),
    "status": _status,
    "people": _people,
    "lessons": _lessons,
    "projects": _projects,
}


def _only_input_errors(reader: str, suffix: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(content)
        try:
            READERS[reader](path)
        except InputError as error:
            assert error.problems and all(p.file == path.name for p in error.problems)


# ------------------------------------------------------------------------------------------------ bytes


@FUZZ
@given(reader=st.sampled_from(sorted(READERS)), content=st.binary(max_size=4000))
def test_random_bytes_as_csv(reader, content):
    _only_input_errors(reader, ".csv", content)


@FUZZ
@given(reader=st.sampled_from(sorted(READERS)), content=st.binary(max_size=4000))
def test_random_bytes_as_xlsx(reader, content):
    _only_input_errors(reader, ".xlsx", content)


def _valid_xlsx() -> bytes:
    buffer = io.BytesIO()
    path = Path(tempfile.mkdtemp()) / "valid.xlsx"
    build.xlsx(path, [HEADERS["projects"], ["PRJ-1", "Portail", "A", "B", "tier1", 1500000, "01/01/2026", ""]])
    buffer.write(path.read_bytes())
    shutil.rmtree(path.parent)
    return buffer.getvalue()


VALID_XLSX = _valid_xlsx()


@FUZZ
@given(
    reader=st.sampled_from(sorted(READERS)),
    flips=st.lists(st.tuples(st.integers(0, len(VALID_XLSX) - 1), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_damaged_workbook(reader, flips):
    content = bytearray(VALID_XLSX)
    for position, value in flips:
        content[position] = value
    _only_input_errors(reader, ".xlsx", bytes(content))


# ------------------------------------------------------------------------------------------------ tables

CELL_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(';,\t"\n\r ')),
        st.sampled_from(list("éèàçôûÉ€’«»\u00a0\u202f")),
        st.sampled_from(["\x00", "\x01", "\x1b", "\x7f", "\x85", "\ufffd", "\ufeff"]),
        st.characters(codec="utf-8"),
        st.sampled_from(list("0123456789/-.,")),
    ),
    max_size=30,
)
CELL_LIKELY = st.one_of(
    CELL_TEXT,
    st.sampled_from(["", "PRJ-001", "CON", "../x", "tier1", "Niveau 2", "1 234,50", "31/02/2026", "2026-10-31", "N/A"]),
    st.integers(-(10**12), 10**12).map(str),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
)


def _header(reader: str):
    known = HEADERS[reader]
    return st.lists(st.one_of(st.sampled_from(known), CELL_TEXT), min_size=1, max_size=len(known) + 2).map(
        lambda names: names if len(names) > 3 else known
    )


@st.composite
def csv_tables(draw):
    reader = draw(st.sampled_from(sorted(READERS)))
    header = draw(_header(reader))
    rows = draw(st.lists(st.lists(CELL_LIKELY, min_size=0, max_size=len(header) + 2), max_size=8))
    separator = draw(st.sampled_from([";", ",", "\t"]))
    text = "\n".join(separator.join(row) for row in [header, *rows]) + draw(st.sampled_from(["", "\n", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]))
    return reader, text.encode(encoding, errors="replace")


@FUZZ
@given(table=csv_tables())
def test_random_csv_tables(table):
    reader, content = table
    _only_input_errors(reader, ".csv", content)


XLSX_VALUE = st.one_of(
    st.none(),
    CELL_LIKELY,
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["=1/0", "=TODAY()", "=A1+1", "_x0001_", "a_x000B_b", "_xFFFD_"]),
)


@st.composite
def xlsx_tables(draw):
    reader = draw(st.sampled_from(sorted(READERS)))
    header = draw(_header(reader))
    rows = draw(st.lists(st.lists(XLSX_VALUE, max_size=len(header) + 1), max_size=6))
    return reader, header, rows


def _xml_safe(value):
    # XML 1.0 cannot hold most control characters at all: Excel writes them as _xHHHH_ (tested above).
    if isinstance(value, str):
        return "".join(
            c if c in "\t\n\r" or (" " <= c and c not in "\ufffe\uffff") else f"_x{ord(c):04X}_" for c in value
        )
    return value


@FUZZ
@given(table=xlsx_tables())
def test_random_workbooks(table):
    reader, header, rows = table
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.xlsx"
        build.xlsx(path, [[_xml_safe(v) for v in row] for row in [header, *rows]])
        _only_input_errors(reader, ".xlsx", path.read_bytes())


@FUZZ
@given(
    rows=st.lists(
        st.lists(
            st.one_of(st.none(), CELL_LIKELY.map(_xml_safe), st.integers(), st.datetimes(), st.dates()), max_size=4
        ),
        max_size=5,
    )
)
def test_random_workbooks_written_by_openpyxl(rows):
    """Typed cells as openpyxl writes them (dates, inline strings): the generic readers never crash."""
    from openpyxl import Workbook

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.xlsx"
        workbook = Workbook()
        for row in [["a", "b", "c", "d"], *rows]:
            workbook.active.append([v if not isinstance(v, (date, datetime)) or v.year > 1900 else None for v in row])
        workbook.save(path)
        for read in (read_xlsx_table, lambda p, label: read_csv_table(p, label)):
            try:
                read(path, path.name)
            except InputError:
                pass


def test_a_zip_holding_random_parts_is_refused_cleanly(tmp_path):
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", b"\x00\x01 not xml")
        archive.writestr("xl/workbook.xml", b"<workbook")
    for reader in READERS:
        try:
            READERS[reader](path)
        except InputError:
            pass


# ------------------------------------------------------------------------------------------------ the CLI


@pytest.fixture(scope="module")
def cli_engagement(example_template: Path, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "engagement"
    shutil.copytree(example_template, root)
    return root


@settings(max_examples=3, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(table=csv_tables())
def test_the_review_command_exits_0_or_2_never_with_a_traceback(table, cli_engagement):
    _, content = table
    with tempfile.TemporaryDirectory() as folder:
        engagement = Path(folder) / "engagement"
        shutil.copytree(cli_engagement, engagement)
        (engagement / "data" / "status" / "2026-10.csv").write_bytes(content)
        result = subprocess.run(
            [sys.executable, "-m", "flows.cli", "review", str(engagement), "--period", "2026-10"],
            cwd=ROOT,
            env=os.environ | {"PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=240,
        )
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    assert result.returncode in (0, 2), result.stdout + result.stderr
