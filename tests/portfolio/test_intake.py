"""The demand register read back exactly (CSV pair and workbook), every bad input refused where it is, the
workbook the kit writes read back unchanged, in both languages."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from governance.core.problems import MORE, InputError
from governance.core.xlsx.forms import FormBrand
from governance.engagement.config import load_engagement
from governance.kit.render import generate
from governance.portfolio.intake import find_register, parse_quarter, read_register
from governance.portfolio.intake_workbook import (
    demand_register_bytes,
    generic_roles,
    register_roles,
    write_demand_register,
)
from governance.portfolio.model import COST_COLUMNS, DEMAND_COLUMNS, EFFORT_COLUMNS, DemandRegister

DEMANDS = "data/portfolio/demands.csv"
EFFORT = "data/portfolio/effort.csv"
WORKBOOK = "data/portfolio/demands.xlsx"
PROJECTS = {"PRJ-001", "PRJ-004"}  # running projects of the project list
HEADER = [
    "id",
    "Titre",
    "Sponsor",
    "Description",
    "Objectif stratégique",
    "Bénéfices attendus",
    "Valeur annuelle (€)",
    "Risque (1-5)",
    "Début au plus tôt",
    "Dépendances",
    "Obligatoire",
    "Statut",
    "Coût 2027 (€)",
    "Coût 2028 (€)",
]
# As French Excel saves it: amounts with spaces (ordinary, no-break, narrow no-break), decimal commas and "€",
# quarters written three ways, statuses as labels and as an id, "x" for yes.
ROWS = [
    [
        "DEM-001",
        "Portail client",
        "Hélène Vasseur",
        "Nouveau portail, paiement en ligne",
        "Croissance",
        "Moins d'appels",
        "1 200 000,50 €",
        "3",
        "2027-T1",
        "",
        "oui",
        "Soumise",
        "400\u00a0000",
        "1 000,5",
    ],
    ["DEM-002", "CRM", "DSI", "", "", "", "", "", "2027-Q2", "DEM-001; DEM-003", "non", "En instruction", "", "250000"],
    ["DEM-003", "ERP", "DAF", "", "", "", "0", "5", "T3 2027", "", "x", "Approuvée", "10 €", ""],
    ["DEM-004", "Conformité", "Juridique", "", "", "", "", "", "2028-t1", "dem-003", "", "deferred", "", "75\u202f000"],
]
EFFORT_HEADER = ["id", "Rôle", "Trimestre", "Jours"]
EFFORT_ROWS = [
    ["DEM-001", "Développeur", "2027-T1", "40"],
    ["DEM-001", "Développeur", "2027-T2", "12,5"],
    ["dem-003", "Architecte", "2027-T3", "3"],
    ["PRJ-001", "Développeur", "2027-T1", "20"],
    ["DEM-002", "Chef de projet", "2027-T2", "0"],
    ["DEM-004", "Testeur", "2028-T1", "5"],
]


def csv_text(header: list[str], rows: list[list[str]], delimiter: str = ";") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_pair(root: Path, demands: str, effort: str, encoding: str = "utf-8-sig") -> Path:
    folder = root / "data" / "portfolio"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "demands.csv").write_bytes(demands.encode(encoding))
    (folder / "effort.csv").write_bytes(effort.encode(encoding))
    return root / "data"


def read(data_dir: Path, language: str = "fr", projects: set[str] = PROJECTS):
    paths = find_register(data_dir)
    labels = [str(p.relative_to(data_dir.parent)) for p in paths]
    return read_register(paths, labels, project_ids=projects, language=language)


def expected_demands(source: str = DEMANDS, rows: tuple[int, ...] = (2, 3, 4, 5)) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            (
                "DEM-001",
                "Portail client",
                "Hélène Vasseur",
                "Nouveau portail, paiement en ligne",
                "Croissance",
                "Moins d'appels",
                1_200_000.5,
                3.0,
                "2027-Q1",
                (),
                True,
                "submitted",
            ),
            ("DEM-002", "CRM", "DSI", "", "", "", None, None, "2027-Q2", ("DEM-001", "DEM-003"), False, "under_review"),
            ("DEM-003", "ERP", "DAF", "", "", "", 0.0, 5.0, "2027-Q3", (), True, "approved"),
            ("DEM-004", "Conformité", "Juridique", "", "", "", None, None, "2028-Q1", ("DEM-003",), False, "deferred"),
        ],
        columns=list(DEMAND_COLUMNS[:-2]),
    )
    frame["source"], frame["row"] = source, list(rows)
    frame = frame.astype({"benefit_value": float, "risk": float, "mandatory": bool, "row": int})
    for column in ("demand_id", "title", "sponsor", "description", "objective", "benefits", "earliest_start"):
        frame[column] = frame[column].astype(object)
    for column in ("dependencies", "status", "source"):
        frame[column] = frame[column].astype(object)
    return frame


EXPECTED_COSTS = pd.DataFrame(
    [
        ("DEM-001", 2027, 400_000.0),
        ("DEM-001", 2028, 1_000.5),
        ("DEM-002", 2027, 0.0),
        ("DEM-002", 2028, 250_000.0),
        ("DEM-003", 2027, 10.0),
        ("DEM-003", 2028, 0.0),
        ("DEM-004", 2027, 0.0),
        ("DEM-004", 2028, 75_000.0),
    ],
    columns=list(COST_COLUMNS),
).astype({"demand_id": object, "year": int, "amount": float})


def expected_effort(
    source: str = EFFORT, first_row: int = 2, sheet: str | None = None, role_column: str = "Rôle"
) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            ("DEM-001", "Développeur", "2027-Q1", 40.0),
            ("DEM-001", "Développeur", "2027-Q2", 12.5),
            ("DEM-003", "Architecte", "2027-Q3", 3.0),  # written dem-003: the register's spelling is kept
            ("PRJ-001", "Développeur", "2027-Q1", 20.0),
            ("DEM-002", "Chef de projet", "2027-Q2", 0.0),
            ("DEM-004", "Testeur", "2028-Q1", 5.0),
        ],
        columns=list(EFFORT_COLUMNS[:4]),
    )
    frame["source"], frame["sheet"] = source, sheet
    frame["row"], frame["role_column"] = range(first_row, first_row + len(frame)), role_column
    frame = frame.astype({"item_id": object, "role": object, "quarter": object, "days": float, "row": int})
    return frame.astype({"source": object, "sheet": object, "role_column": object})[list(EFFORT_COLUMNS)]


@pytest.fixture
def good(tmp_path) -> Path:
    return write_pair(tmp_path, csv_text(HEADER, ROWS), csv_text(EFFORT_HEADER, EFFORT_ROWS))


def check_frames(register: DemandRegister, demands: pd.DataFrame, effort: pd.DataFrame) -> None:
    assert list(register.demands.columns) == list(DEMAND_COLUMNS)
    assert list(register.costs.columns) == list(COST_COLUMNS)
    assert list(register.effort.columns) == list(EFFORT_COLUMNS)
    pd.testing.assert_frame_equal(register.demands, demands)
    pd.testing.assert_frame_equal(register.costs, EXPECTED_COSTS)
    pd.testing.assert_frame_equal(register.effort, effort)


# ------------------------------------------------------------------------------------------------ good input


def test_a_french_csv_pair_reads_into_exact_frames(good):
    register, warnings = read(good)
    check_frames(register, expected_demands(), expected_effort())
    assert (
        warnings == [] and register.files == [DEMANDS, EFFORT] and register.ids == [f"DEM-00{n}" for n in range(1, 5)]
    )


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_french_csv_traps(tmp_path, encoding):
    """BOM or none, Windows-1252 as older Excel saves it: the same frames."""
    demands = csv_text(HEADER, ROWS)
    if encoding == "cp1252":  # no narrow no-break space in Windows-1252: Excel writes a no-break space
        demands = demands.replace("\u202f", "\u00a0")
    data = write_pair(tmp_path, demands, csv_text(EFFORT_HEADER, EFFORT_ROWS), encoding=encoding)
    register, _ = read(data)
    check_frames(register, expected_demands(), expected_effort())


def test_an_english_csv_with_commas_reads_the_same(tmp_path):
    """English headers, ',' separated, English thousands and statuses: the same register."""
    header = [
        "ID",
        "Title",
        "Sponsor",
        "Description",
        "Strategic objective",
        "Expected benefits",
        "Annual value",
        "Risk",
        "Earliest start",
        "Dependencies",
        "Mandatory",
        "Status",
        "Cost 2027",
        "cost 2028 (EUR)",
    ]
    rows = [list(row) for row in ROWS]
    rows[0][6], rows[0][12], rows[0][13], rows[0][10], rows[0][11] = "1,200,000.50", "EUR 400,000", "1000.5", "yes", ""
    rows[1][10], rows[1][11], rows[1][13] = "no", "Under review", "250,000"
    rows[2][10], rows[2][11] = "Yes", "approved"
    rows[3][13] = "75,000"
    effort = [list(row) for row in EFFORT_ROWS]
    effort[1][3] = "12.5"
    data = write_pair(tmp_path, csv_text(header, rows, ","), csv_text(["id", "role", "quarter", "days"], effort, ","))
    register, _ = read(data, language="en")
    check_frames(register, expected_demands(), expected_effort(role_column="role"))


def client_workbook(path: Path) -> Path:
    """A workbook a client made by hand: English headers on row 1, numbers as numbers, a boolean for yes."""
    workbook = Workbook()
    demands = workbook.active
    demands.title = "Demands"
    demands.append(
        [
            "ID",
            "Title",
            "Sponsor",
            "Description",
            "Strategic objective",
            "Expected benefits",
            "Annual value",
            "Risk",
            "Earliest start",
            "Dependencies",
            "Mandatory",
            "Status",
            "Cost 2027",
            "Cost 2028",
        ]
    )
    demands.append(
        [
            "DEM-001",
            "Portail client",
            "Hélène Vasseur",
            "Nouveau portail, paiement en ligne",
            "Croissance",
            "Moins d'appels",
            1_200_000.5,
            3,
            "2027-Q1",
            None,
            True,
            "Submitted",
            400_000,
            1000.5,
        ]
    )
    demands.append(["DEM-002", "CRM", "DSI", None, None, None, None, None, "2027-Q2", "DEM-001 DEM-003", "No"])
    demands["L3"], demands["N3"] = "Under review", 250_000
    demands.append(["DEM-003", "ERP", "DAF", None, None, None, 0, 5.0, "Q3 2027", None, "x", "Approved", 10])
    demands.append([None] * 14)  # a blank row in between is skipped
    demands.append(["DEM-004", "Conformité", "Juridique", None, None, None, None, None, "2028-Q1", "DEM-003"])
    demands["L6"], demands["N6"] = "Deferred", 75_000
    effort = workbook.create_sheet("Effort")
    effort.append(["id", "Role", "Quarter", "Days"])
    for item, role, quarter, days in EFFORT_ROWS:
        effort.append([item, role, quarter.replace("T", "Q"), float(days.replace(",", "."))])
    workbook.save(path)
    return path


def test_a_client_workbook_reads_into_the_same_frames(tmp_path):
    folder = tmp_path / "data" / "portfolio"
    folder.mkdir(parents=True)
    client_workbook(folder / "demands.xlsx")
    register, warnings = read(tmp_path / "data", language="en")
    check_frames(
        register,
        expected_demands(WORKBOOK, rows=(2, 3, 4, 6)),
        expected_effort(WORKBOOK, sheet="Effort", role_column="Role"),
    )
    assert warnings == [] and register.files == [WORKBOOK]


def test_quarters_are_read_in_every_usual_form():
    for text in ("2027-T1", "2027-q1", "2027 T1", "T1 2027", "Q1 2027", " 2027-Q1 "):
        assert parse_quarter(text) == "2027-Q1"
    for text in ("2027-T5", "2027-1", "Q1", "01/01/2027", ""):
        with pytest.raises(ValueError):
            parse_quarter(text)


# ------------------------------------------------------------------------------------------------ finding


def test_finding_the_register(tmp_path):
    data = tmp_path / "data"
    assert find_register(data) == []
    folder = data / "portfolio"
    folder.mkdir(parents=True)
    (folder / "demands.csv").write_text("id\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        find_register(data)
    assert [(p.file, p.code) for p in error.value.problems] == [(EFFORT, "effort-file-missing")]
    (folder / "effort.csv").write_text("id\n", encoding="utf-8")
    assert find_register(data) == [folder / "demands.csv", folder / "effort.csv"]
    (folder / "demands.csv").unlink()
    with pytest.raises(InputError) as error:
        find_register(data)
    assert [(p.file, p.code) for p in error.value.problems] == [(DEMANDS, "demands-file-missing")]
    (folder / "demands.xlsx").write_bytes(b"")
    with pytest.raises(InputError) as error:
        find_register(data)
    [problem] = error.value.problems
    assert problem.code == "register-twice" and WORKBOOK in problem.message and EFFORT in problem.message
    (folder / "effort.csv").unlink()
    assert find_register(data) == [folder / "demands.xlsx"]


# ------------------------------------------------------------------------------------------------ bad input

D, E = "demands", "effort"


def edit_cell(kind: str, row: int, column: str, value: str):
    """Change one cell: `row` as the file numbers it (header = 1), `column` by its header."""

    def apply(tables: dict) -> None:
        header, rows = tables[kind]
        rows[row - 2][header.index(column)] = value

    return apply


def edit_header(kind: str, column: str, value: str):
    def apply(tables: dict) -> None:
        header, _ = tables[kind]
        header[header.index(column)] = value

    return apply


def add_row(kind: str, values: list[str]):
    def apply(tables: dict) -> None:
        header, rows = tables[kind]
        rows.append(values + [""] * (len(header) - len(values)))

    return apply


# (edit, [(file, row, column, code)], words the message must hold): each a single mistake, refused alone.
BAD = {
    "missing required column": (
        edit_header(D, "Sponsor", "Parrain"),
        [(DEMANDS, 1, "Sponsor", "missing-column")],
        ["'Sponsor'", "expected"],
    ),
    "missing effort column": (
        edit_header(E, "Jours", "Durée"),
        [(EFFORT, 1, "Jours", "missing-column")],
        ["'Jours' (or 'Days')"],
    ),
    "duplicate id": (
        add_row(D, ["dem-001", "Doublon", "X", "", "", "", "", "", "2027-T1"]),
        [(DEMANDS, 6, "id", "duplicate-id")],
        ["already used on row 2"],
    ),
    "bad id": (
        add_row(D, ["DEM/9", "Autre", "X", "", "", "", "", "", "2027-T1"]),
        [(DEMANDS, 6, "id", "bad-id")],
        ["demand id 'DEM/9' is not allowed; expected letters, digits"],
    ),
    "reserved id": (
        add_row(D, ["CON", "Autre", "X", "", "", "", "", "", "2027-T1"]),
        [(DEMANDS, 6, "id", "bad-id")],
        ["demand id"],
    ),
    "missing id": (
        add_row(D, ["", "Autre", "X", "", "", "", "", "", "2027-T1"]),
        [(DEMANDS, 6, "id", "missing-id")],
        ["expected an id"],
    ),
    "a running project's id": (
        add_row(D, ["prj-004", "Autre", "X", "", "", "", "", "", "2027-T1"]),
        [(DEMANDS, 6, "id", "id-is-a-project")],
        ["running project"],
    ),
    "missing title": (edit_cell(D, 3, "Titre", ""), [(DEMANDS, 3, "Titre", "missing-title")], ["title"]),
    "missing sponsor": (edit_cell(D, 4, "Sponsor", " "), [(DEMANDS, 4, "Sponsor", "missing-sponsor")], ["sponsor"]),
    "missing earliest start": (
        edit_cell(D, 2, "Début au plus tôt", ""),
        [(DEMANDS, 2, "Début au plus tôt", "missing-earliest-start")],
        ["expected a quarter such as 2027-T1"],
    ),
    "bad quarter": (
        edit_cell(D, 2, "Début au plus tôt", "2027-T5"),
        [(DEMANDS, 2, "Début au plus tôt", "bad-quarter")],
        ["'2027-T5' is not a quarter"],
    ),
    "negative cost": (
        edit_cell(D, 3, "Coût 2028 (€)", "-250 000"),
        [(DEMANDS, 3, "Coût 2028 (€)", "negative-cost")],
        ["negative; expected 0 or more"],
    ),
    "cost not a number": (
        edit_cell(D, 3, "Coût 2027 (€)", "beaucoup"),
        [(DEMANDS, 3, "Coût 2027 (€)", "not-a-number")],
        ["'beaucoup' is not a number"],
    ),
    "value not a number": (
        edit_cell(D, 2, "Valeur annuelle (€)", "n/a"),
        [(DEMANDS, 2, "Valeur annuelle (€)", "not-a-number")],
        ["'n/a'"],
    ),
    "negative value": (
        edit_cell(D, 2, "Valeur annuelle (€)", "-5"),
        [(DEMANDS, 2, "Valeur annuelle (€)", "negative-value")],
        ["negative"],
    ),
    "risk above 5": (
        edit_cell(D, 2, "Risque (1-5)", "6"),
        [(DEMANDS, 2, "Risque (1-5)", "bad-risk")],
        ["from 1 (low) to 5 (high)"],
    ),
    "risk not whole": (edit_cell(D, 2, "Risque (1-5)", "2,5"), [(DEMANDS, 2, "Risque (1-5)", "bad-risk")], []),
    "risk zero": (edit_cell(D, 2, "Risque (1-5)", "0"), [(DEMANDS, 2, "Risque (1-5)", "bad-risk")], []),
    "risk not a number": (
        edit_cell(D, 2, "Risque (1-5)", "élevé"),
        [(DEMANDS, 2, "Risque (1-5)", "not-a-number")],
        [],
    ),
    "unknown status": (
        edit_cell(D, 4, "Statut", "Validée"),
        [(DEMANDS, 4, "Statut", "unknown-status")],
        ["'Validée' is unknown; expected one of Soumise, En instruction, Approuvée, Rejetée, Différée"],
    ),
    "bad mandatory": (
        edit_cell(D, 4, "Obligatoire", "peut-être"),
        [(DEMANDS, 4, "Obligatoire", "bad-mandatory")],
        ["expected oui/non, yes/no, x or blank"],
    ),
    "unknown dependency": (
        edit_cell(D, 5, "Dépendances", "DEM-003, DEM-099"),
        [(DEMANDS, 5, "Dépendances", "unknown-dependency")],
        ["'DEM-099', which is not a demand of the register"],
    ),
    "dependency on a running project": (
        edit_cell(D, 5, "Dépendances", "PRJ-001"),
        [(DEMANDS, 5, "Dépendances", "unknown-dependency")],
        ["'PRJ-001', which is not a demand of the register", "running project"],
    ),
    "dependency on itself": (
        edit_cell(D, 5, "Dépendances", "DEM-004"),
        [(DEMANDS, 5, "Dépendances", "self-dependency")],
        ["'DEM-004' depends on itself"],
    ),
    "dependency cycle": (
        edit_cell(D, 4, "Dépendances", "DEM-004"),  # DEM-004 already needs DEM-003
        [(DEMANDS, 4, "Dépendances", "dependency-cycle")],
        ["DEM-003 -> DEM-004 -> DEM-003"],
    ),
    "year column not a year": (
        edit_header(D, "Coût 2028 (€)", "Coût total (€)"),
        [(DEMANDS, 1, "Coût total (€)", "bad-year-column")],
        ["'total' is not a year"],
    ),
    "year column twice": (
        edit_header(D, "Coût 2028 (€)", "cost 2027"),
        [(DEMANDS, 1, "cost 2027", "duplicate-year-column")],
        ["2027"],
    ),
    "effort on an unknown item": (
        edit_cell(E, 4, "id", "DEM-042"),
        [(EFFORT, 4, "id", "unknown-item")],
        ["'DEM-042' is neither a demand of the register nor a running project"],
    ),
    "negative effort": (edit_cell(E, 3, "Jours", "-12,5"), [(EFFORT, 3, "Jours", "negative-effort")], ["negative"]),
    "effort not a number": (
        edit_cell(E, 3, "Jours", "douze"),
        [(EFFORT, 3, "Jours", "not-a-number")],
        ["'douze' is not a number"],
    ),
    "effort bad quarter": (edit_cell(E, 3, "Trimestre", "T2-27"), [(EFFORT, 3, "Trimestre", "bad-quarter")], []),
    "effort without quarter": (
        edit_cell(E, 3, "Trimestre", ""),
        [(EFFORT, 3, "Trimestre", "missing-quarter")],
        [],
    ),
    "effort without role": (edit_cell(E, 3, "Rôle", ""), [(EFFORT, 3, "Rôle", "missing-role")], []),
    "effort without id": (edit_cell(E, 3, "id", ""), [(EFFORT, 3, "id", "missing-id")], []),
    "effort twice": (
        add_row(E, ["DEM-001", "développeur", "2027-Q1", "3"]),
        [(EFFORT, 8, "id", "duplicate-effort")],
        ["already has a row (2)"],
    ),
}


def tables_of_good() -> dict:
    return {D: (list(HEADER), [list(r) for r in ROWS]), E: (list(EFFORT_HEADER), [list(r) for r in EFFORT_ROWS])}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_refused_where_it_is(tmp_path, case):
    edit, expected, phrases = BAD[case]
    tables = tables_of_good()
    edit(tables)
    data = write_pair(tmp_path, csv_text(*tables[D]), csv_text(*tables[E]))
    with pytest.raises(InputError) as error:
        read(data)
    problems = error.value.problems
    assert [(p.file, p.row, p.column, p.code) for p in problems] == expected
    assert all(p.severity == "error" and p.sheet is None for p in problems)
    for phrase in phrases:
        assert phrase in problems[0].message, (phrase, problems[0].message)


@pytest.mark.parametrize(
    "sheet, cell, value, expected",
    [
        ("Demandes", "C4", "Parrain", ("Demandes", 4, "Sponsor", "missing-column")),
        ("Demandes", "N6", -250_000, ("Demandes", 6, "Coût 2028 (€)", "negative-cost")),
        ("Demandes", "H5", 7, ("Demandes", 5, "Risque (1-5)", "bad-risk")),
        ("Demandes", "J7", "DEM-004", ("Demandes", 7, "Dépendances", "dependency-cycle")),
        ("Charge", "A7", "DEM-042", ("Charge", 7, "ID", "unknown-item")),
        ("Charge", "D6", "douze", ("Charge", 6, "Jours", "not-a-number")),
    ],
)
def test_bad_input_in_the_kit_workbook_names_its_sheet(good, sheet, cell, value, expected):
    """The kit's workbook filled in, one cell wrong: file, sheet, and the row as Excel shows it (under the title)."""
    register, _ = read(good)
    folder = good / "portfolio"
    path = folder / "demands.xlsx"
    write_demand_register(path, language="fr", years=[2027, 2028], roles=[], brand=None, client="C", demands=register)
    for csv_file in folder.glob("*.csv"):
        csv_file.unlink()
    workbook = load_workbook(path)
    workbook[sheet][cell] = value
    workbook.save(path)
    with pytest.raises(InputError) as error:
        read(good)
    assert [(p.file, p.sheet, p.row, p.column, p.code) for p in error.value.problems] == [(WORKBOOK, *expected)]


def test_every_problem_of_both_files_at_once(tmp_path):
    tables = tables_of_good()
    for name in ("negative cost", "unknown status", "dependency cycle", "negative effort", "effort on an unknown item"):
        BAD[name][0](tables)
    data = write_pair(tmp_path, csv_text(*tables[D]), csv_text(*tables[E]))
    with pytest.raises(InputError) as error:
        read(data)
    assert sorted((p.file, p.row, p.code) for p in error.value.problems) == [
        (DEMANDS, 3, "negative-cost"),
        (DEMANDS, 4, "dependency-cycle"),
        (DEMANDS, 4, "unknown-status"),
        (EFFORT, 3, "negative-effort"),
        (EFFORT, 4, "unknown-item"),
    ]


def test_a_file_full_of_mistakes_is_capped(tmp_path):
    rows = [list(r) for r in ROWS] + [
        [f"DEM-{n:03d}", f"Demande {n}", "X", "", "", "", "", "", "2027-T9"] + [""] * 5 for n in range(10, 80)
    ]
    data = write_pair(tmp_path, csv_text(HEADER, rows), csv_text(EFFORT_HEADER, EFFORT_ROWS))
    with pytest.raises(InputError) as error:
        read(data)
    problems = error.value.problems
    assert error.value.total == 70 and len(problems) == 51
    assert problems[-1].code == MORE and problems[-1].hidden == 20


def test_warnings_do_not_stop_the_register(tmp_path):
    """A demand with no cost and no effort, and effort before a demand's earliest start: said, not refused."""
    tables = tables_of_good()
    tables[D][1].append(["DEM-005", "Idée", "X", "", "", "", "", "", "2028-T2"] + [""] * 5)
    tables[E][1].append(["DEM-004", "Testeur", "2027-T4", "2"])
    data = write_pair(tmp_path, csv_text(*tables[D]), csv_text(*tables[E]))
    register, warnings = read(data)
    assert [(p.file, p.row, p.column, p.code, p.severity) for p in warnings] == [
        (EFFORT, 8, "Trimestre", "effort-before-start", "warning"),
        (DEMANDS, 6, None, "no-cost-no-effort", "warning"),
    ]
    assert "before the demand's earliest start 2028-Q1" in warnings[0].message
    assert register.ids[-1] == "DEM-005"


# ------------------------------------------------------------------------------------------------ the workbook

BRAND = FormBrand("7A1F5C", "Arial", None, "Claire Dumont", "Client SA", "eng-1", "fr")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_written_register_reads_back_unchanged(good, tmp_path, language):
    register, _ = read(good)
    # Texts Excel would run as formulas are protected when written, and read back as they were.
    register.demands.loc[1, "title"] = '=HYPERLINK("http://x")'
    register.demands.loc[1, "description"] = "- une ligne\n- une autre"
    path = tmp_path / "out" / "register.xlsx"
    path.parent.mkdir()
    write_demand_register(
        path,
        language=language,
        years=[2027, 2028],
        roles=["Développeur", "Architecte"],
        brand=BRAND,
        client="Client SA",
        demands=register,
    )
    again, warnings = read_register([path], ["register.xlsx"], project_ids=PROJECTS, language=language)
    keep = [c for c in DEMAND_COLUMNS if c not in ("source", "row")]
    pd.testing.assert_frame_equal(again.demands[keep], register.demands[keep])
    pd.testing.assert_frame_equal(again.costs, register.costs)
    pd.testing.assert_frame_equal(
        again.effort.drop(columns=["source", "sheet", "row", "role_column"]),
        register.effort.drop(columns=["source", "sheet", "row", "role_column"]),
    )
    assert again.demands["row"].tolist() == [5, 6, 7, 8] and again.effort["row"].tolist() == list(range(5, 11))
    assert warnings == []


def test_the_blank_register_is_a_form(tmp_path):
    data = demand_register_bytes(
        language="fr", years=[2027, 2028, 2029], roles=["Développeur", "Testeur"], brand=BRAND, client="Client SA"
    )
    assert data == demand_register_bytes(
        language="fr", years=[2027, 2028, 2029], roles=["Développeur", "Testeur"], brand=BRAND, client="Client SA"
    )  # identical inputs, identical bytes
    path = tmp_path / "blank.xlsx"
    path.write_bytes(data)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Demandes", "Charge", "Mode d'emploi", "Listes"]
    assert workbook["Listes"].sheet_state == "hidden"
    demands = workbook["Demandes"]
    assert demands["A1"].value == "Registre des demandes — Client SA"
    header = [c.value for c in demands[4]]
    assert header[:3] == ["ID", "Titre", "Sponsor"] and header[-3:] == [
        "Coût 2027 (€)",
        "Coût 2028 (€)",
        "Coût 2029 (€)",
    ]
    assert demands["A4"].fill.fgColor.rgb == "007A1F5C" and demands["A4"].font.name == "Arial"
    assert demands.freeze_panes == "C5" and demands["M5"].number_format == "#,##0"
    assert demands["M5"].fill.fgColor.rgb == "00FFF2CC"  # a yellow cell to fill
    lists = {str(v.sqref).split(":")[0]: v for v in demands.data_validations.dataValidation}
    assert lists["L5"].formula1 == "'Listes'!$A$2:$A$6" and lists["K5"].formula1 == "'Listes'!$B$2:$B$3"
    assert lists["H5"].formula1 == "'Listes'!$C$2:$C$6" and lists["I5"].formula1 == "'Listes'!$D$2:$D$13"
    assert lists["M5"].type == "decimal" and lists["M5"].operator == "greaterThanOrEqual"
    assert "2027-T1" in lists["I5"].prompt  # the column's explanation shows on the cell
    statuses = [c.value for c in workbook["Listes"]["A"][1:] if c.value]
    assert statuses == ["Soumise", "En instruction", "Approuvée", "Rejetée", "Différée"]
    assert [c.value for c in workbook["Listes"]["E"][1:3]] == ["Développeur", "Testeur"]
    effort = workbook["Charge"]
    assert [c.value for c in effort[4] if c.value] == ["ID", "Rôle", "Trimestre", "Jours"]
    effort_lists = {str(v.sqref).split(":")[0]: v for v in effort.data_validations.dataValidation}
    assert effort_lists["A5"].formula1 == "'Demandes'!$A$5:$A$104" and effort_lists["A5"].errorStyle == "warning"
    assert effort_lists["B5"].formula1 == "'Listes'!$E$2:$E$3"
    help_text = " ".join(str(c.value) for row in workbook["Mode d'emploi"].iter_rows() for c in row if c.value)
    assert "Début au plus tôt" in help_text and "Rôles proposés : Développeur, Testeur." in help_text
    register, warnings = read_register([path], ["blank.xlsx"], project_ids=set(), language="fr")
    assert register.demands.empty and register.effort.empty and register.costs.empty
    assert [p.code for p in warnings] == ["no-demand"]


def test_roles_come_from_the_capacity_file_else_generic_ones(tmp_path):
    data = tmp_path / "data"
    assert register_roles(data, "en") == (generic_roles("en"), [])
    assert "Chef de projet" in generic_roles("fr")
    (data / "portfolio").mkdir(parents=True)
    (data / "portfolio" / "resources.csv").write_text(
        "Nom;Rôle;ETP\nAlice;Développeur;1\nBruno; développeur ;0,5\nChloé;Testeur;0,8\n", encoding="utf-8"
    )
    assert register_roles(data, "fr") == (["Développeur", "Testeur"], [])
    (data / "portfolio" / "resources.csv").write_text("Nom;ETP\nAlice;1\n", encoding="utf-8")
    roles, warnings = register_roles(data, "fr")
    assert roles == generic_roles("fr") and len(warnings) == 1
    assert warnings[0].startswith("the demand register offers generic roles: data/portfolio/resources.csv")


# ------------------------------------------------------------------------------------------------ the kit


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_kit_writes_the_blank_register(example, language):
    """`pmo templates generate` writes the register like its other workbooks: years to come, the capacity's roles."""
    result = generate(load_engagement(example), language=language, only=["demand_register"], today=date(2026, 11, 21))
    name = "15-registre-des-demandes.xlsx" if language == "fr" else "15-demand-register.xlsx"
    [document] = result["documents"]
    assert Path(document["file"]).name == name and document["format"] == "xlsx" and result["warnings"] == []
    path = example / "out" / "kit" / name
    workbook = load_workbook(path)
    sheets = ("Demandes", "Charge", "Mode d'emploi", "Listes") if language == "fr" else ("Demands", "Effort")
    assert workbook.sheetnames[: len(sheets)] == list(sheets)
    demands = workbook.worksheets[0]
    title_row = next(row for row in range(1, 10) if demands.cell(row, 1).value)  # under the engagement's logo
    assert title_row == 4 and demands._images  # the logo is there
    assert demands.cell(title_row, 1).value.endswith("— Groupe Valmont Logistique")
    header = [c.value for c in demands[title_row + 3] if c.value]
    assert header[0] == "ID"
    cost = "Coût" if language == "fr" else "Cost"
    assert header[-3:] == [f"{cost} {year} (€)" for year in (2027, 2028, 2029)]
    roles = [c.value for c in workbook.worksheets[3]["E"][1:] if c.value]
    assert "Ingénieur data" in roles  # the French example's resources.csv: roles as capacity names them
    shutil.copy(path, example / "data" / "portfolio" / "demands.xlsx")  # the client returns it, still blank
    register, warnings = read(example / "data", language=language)
    assert register.demands.empty and [p.code for p in warnings] == ["no-demand"]


def test_the_kit_offers_generic_roles_without_a_capacity_file(example):
    (example / "data" / "portfolio" / "resources.csv").unlink()
    generate(load_engagement(example), language="en", only=["demand_register"], today=date(2026, 11, 21))
    workbook = load_workbook(example / "out" / "kit" / "15-demand-register.xlsx")
    assert [c.value for c in workbook["Lists"]["E"][1:] if c.value] == generic_roles("en")
