"""Reading the client's project list: French and English formats, and one message per problem."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from governance.core.problems import InputError
from governance.example.portfolio import write_example_projects
from governance.kit.project_list import load_project_list, normalise_header, tier_for_budget
from support.kit import governance

TIERS = governance()["tiers"]  # major: 500 000 and above; minor: below 500 000


def write(tmp_path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / "projets.csv"
    path.write_bytes(text.encode(encoding))
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_project_list(path, "data/projets.csv", TIERS)
    return [str(p) for p in caught.value.problems]


def test_french_export(tmp_path):
    path = write(
        tmp_path,
        "Identifiant;Nom du projet;Sponsor;Chef de projet;Niveau;Budget (€);Date de début;Fin\r\n"
        "P-1;Entrepôt de Lyon;Marc;Julie;Niveau A — majeur;1 250 000,50 €;03/02/2026;31/12/2027\r\n"
        "P-2;Paie;Anne;Luc;;120\u202f000;2026-04-01;\r\n"
        "P-3;Portail;Anne;Luc;2;;;\r\n",
    )
    projects = load_project_list(path, "data/projets.csv", TIERS)
    first, second, third = projects
    assert first["budget"] == 1_250_000.5 and first["tier"] == "major"
    assert first["start"] == date(2026, 2, 3)  # day first: 3 February, never 2 March
    assert second["tier"] == "minor"  # no tier given: the budget band decides
    assert second["end"] is None and third["tier"] == "minor" and third["budget"] is None
    assert [p["row"] for p in projects] == [2, 3, 4]


def test_cp1252_and_english_headers(tmp_path):
    path = write(
        tmp_path,
        'id,name,sponsor,manager,tier,budget,start,end\nP-1,Déménagement,A,B,major,"1,500,000",2026-01-05,2026-12-31\n',
        encoding="cp1252",
    )
    (project,) = load_project_list(path, "p.csv", TIERS)
    assert project["name"] == "Déménagement" and project["budget"] == 1_500_000


def test_every_problem_with_row_and_column(tmp_path):
    path = write(
        tmp_path,
        "id;nom;niveau;budget;debut;fin\n"
        "../../etc/x;A;major;;;\n"
        "P-1;B;platine;;;\n"
        "p-1;C;major;;;\n"
        "P-2;;;abc;01/13/2026;\n"
        "P-3;D;;;;\n"
        "P-4;E;major;-5;01/02/2026;01/01/2026\n"
        ";F;major;;;\n",
    )
    assert problems(path) == [
        "data/projets.csv: row 2: column id: project id '../../etc/x' is not allowed; expected letters, digits, "
        "'-' or '_' (it names a folder)",
        "data/projets.csv: row 3: column niveau: tier 'platine' is unknown; expected one of major, minor (or its "
        "name or number)",
        "data/projets.csv: row 4: column id: project id 'p-1' already used on row 3",
        "data/projets.csv: row 5: column nom: the project name is empty",
        "data/projets.csv: row 5: column budget: budget 'abc' is not a number; expected an amount in euros such as "
        "2 400 000 or 2400000,50",
        "data/projets.csv: row 5: column debut: date '01/13/2026' is not a date; expected dd/mm/yyyy or yyyy-mm-dd",
        "data/projets.csv: row 6: column niveau: no tier: give the tier or the budget",
        "data/projets.csv: row 7: column budget: budget '-5' is negative",
        "data/projets.csv: row 7: column fin: end 2026-01-01 is before start 2026-02-01",
        "data/projets.csv: row 8: column id: the project id is empty",
    ]


def test_missing_columns(tmp_path):
    path = write(tmp_path, "code;sponsor\nP-1;A\n")
    assert problems(path) == [
        "data/projets.csv: row 1: missing column 'name' (or 'nom', 'projet')",
        "data/projets.csv: row 1: missing column 'tier' or 'budget': one of them places each project in a tier",
    ]


def test_xlsx_list(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ID", "Nom", "Niveau", "Budget", "Début", "Fin"])
    sheet.append(["P-9", "Flotte", "Niveau A — majeur", 2400000, datetime(2026, 3, 1), datetime(2027, 3, 31)])
    path = tmp_path / "projets.xlsx"
    workbook.save(path)
    (project,) = load_project_list(path, "projets.xlsx", TIERS)
    assert (project["tier"], project["budget"], project["end"]) == ("major", 2_400_000, date(2027, 3, 31))


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Date de début (€)", "date_de_debut"),
        ("Chef de projet", "chef_de_projet"),
        (" BUDGET ", "budget"),
        ("Niveau A — majeur", "niveau_a_majeur"),
    ],
)
def test_normalise_header(header, expected):
    assert normalise_header(header) == expected


@pytest.mark.parametrize("budget, tier", [(0, "minor"), (499_999.99, "minor"), (500_000, "major"), (9e9, "major")])
def test_tier_for_budget(budget, tier):
    assert tier_for_budget(budget, TIERS) == tier


def test_example_list_reads_back(tmp_path):
    from governance.example.portfolio import PROJECTS
    from governance.structure import default_governance as _default_model

    (path,) = write_example_projects(tmp_path, "fr")
    assert path.read_bytes().startswith("\ufeffid;nom;sponsor;chef_de_projet;niveau;budget;debut;fin".encode())
    tiers = _default_model("controlling").model_dump(mode="json")["tiers"]
    projects = load_project_list(path, "data/projects.csv", tiers)
    assert [(p["id"], p["tier"], p["budget"], p["start"]) for p in projects] == [
        (p.id, p.tier, p.budget, p.start) for p in PROJECTS
    ]
