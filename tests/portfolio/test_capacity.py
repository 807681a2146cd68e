"""Delivery capacity against the portfolio's load, computed by hand on a small team; the capacity file's checks."""

from __future__ import annotations

import struct
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from governance.core.problems import InputError
from governance.portfolio.capacity import (
    BALANCE_COLUMNS,
    BOTTLENECK_COLUMNS,
    balance,
    bottlenecks,
    capacity_by_month,
    capacity_by_quarter,
    load_by_month,
    month_of_header,
    read_resources,
    unknown_roles,
)
from governance.portfolio.heatmap import band, heat_map_png, month_short

LABEL = "data/portfolio/resources.csv"
MONTHS = ["2027-01", "2027-02", "2027-03", "2027-04"]
DAYS_PER_MONTH = 20.0

# A French Excel export: BOM, `;`, decimal comma, "50 %", accents and stray spaces in the roles.
# Alice (developer, full time), Bruno (developer, half time, at 50 % in February), Chloé (tester, 0,8 FTE,
# at 50 % in March). No column for April: everyone is there.
TEAM = (
    "Nom;Rôle;ETP;2027-01;2027-02;2027-03\n"
    "Alice Martin;Développeur;1;;;\n"
    "Bruno Petit; developpeur ;0,5;100;50 %;\n"
    "Chloé Durand;Testeur;0,8;;;50 %\n"
)


def write(tmp_path, text: str, name: str = "resources.csv", encoding: str = "utf-8-sig"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def team(tmp_path):
    return read_resources(write(tmp_path, TEAM), LABEL)


def effort_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        [(*row, "data/portfolio/effort.csv", number) for number, row in enumerate(rows, start=2)],
        columns=["item_id", "role", "quarter", "days", "source", "row"],
    )


# P1, a running project (committed): 30 developer days and 24 tester days in Q1.
# D1 and D2, demands under consideration (candidates): D1 45 developer days in Q1 and 6 tester days in Q2;
# D2 12 tester days in Q1.
EFFORT = effort_frame(
    [
        ("P1", "Développeur", "2027-Q1", 30),
        ("P1", "testeur", "2027-T1", 24),
        ("D1", "DEVELOPPEUR", "2027-Q1", 45),
        ("D1", "Testeur", "2027-Q2", 6),
        ("D2", "Testeur ", "2027-q1", 12),
    ]
)


def test_french_export_is_read(team):
    # The BOM, `;`, "0,8", "50 %", and blanks read as 100 %.
    assert team.people[["name", "role", "fte", "row"]].values.tolist() == [
        ["Alice Martin", "developpeur", 1.0, 2],
        ["Bruno Petit", "developpeur", 0.5, 3],
        ["Chloé Durand", "testeur", 0.8, 4],
    ]
    assert team.roles == ["developpeur", "testeur"]
    assert team.role_labels == {"developpeur": "Développeur", "testeur": "Testeur"}
    shares = team.availability.set_index(["name", "month"])["share"]
    assert shares[("Bruno Petit", "2027-02")] == 0.5
    assert shares[("Chloé Durand", "2027-03")] == 0.5
    assert shares[("Alice Martin", "2027-01")] == 1.0
    assert len(team.availability) == 9  # 3 resources x 3 month columns
    assert team.months == ["2027-01", "2027-02", "2027-03"]


def test_capacity_by_month_by_hand(team):
    capacity = capacity_by_month(team, MONTHS, DAYS_PER_MONTH)
    days = capacity.set_index(["role", "month"])["days"]
    # Developers: 1 x 20 + 0.5 x 20 = 30; February, Bruno at 50 %: 20 + 0.5 x 0.5 x 20 = 25.
    assert days["developpeur"].tolist() == [30.0, 25.0, 30.0, 30.0]
    # Tester: 0.8 x 20 = 16; March at 50 %: 0.8 x 0.5 x 20 = 8; April (no column) at 100 %: 16.
    assert days["testeur"].tolist() == pytest.approx([16.0, 16.0, 8.0, 16.0])
    assert list(capacity.columns) == ["role", "month", "days"]


def test_load_spreads_a_quarter_over_its_months():
    load = load_by_month(EFFORT)
    days = load.set_index(["item_id", "role", "month"])["days"]
    # 30 days in Q1: 10 in each month; 2027-T1 and 2027-q1 are Q1 too; roles are matched as keys.
    assert days[("P1", "developpeur")].tolist() == [10.0, 10.0, 10.0]
    assert days[("P1", "testeur")].index.tolist() == ["2027-01", "2027-02", "2027-03"]
    assert days[("D1", "developpeur")].tolist() == [15.0, 15.0, 15.0]
    assert days[("D1", "testeur")].to_dict() == {"2027-04": 2.0, "2027-05": 2.0, "2027-06": 2.0}
    assert days[("D2", "testeur")].tolist() == [4.0, 4.0, 4.0]
    assert load["days"].sum() == pytest.approx(30 + 24 + 45 + 6 + 12)


def team_balance(team) -> pd.DataFrame:
    capacity = capacity_by_month(team, MONTHS, DAYS_PER_MONTH)
    load = load_by_month(EFFORT)
    committed = load[load["item_id"] == "P1"]
    candidates = load[load["item_id"] != "P1"]
    return balance(capacity, committed, candidates, MONTHS, team.roles)


def test_balance_by_hand(team):
    result = team_balance(team)
    assert list(result.columns) == list(BALANCE_COLUMNS)
    assert len(result) == 2 * 4  # complete grid
    rows = result.set_index(["role", "month"])
    expected = {
        # role, month: capacity, committed, candidates, load, free, utilisation
        # Developers: P1 10 a month, D1 15 a month in Q1.
        ("developpeur", "2027-01"): (30, 10, 15, 25, 5, 25 / 30),
        ("developpeur", "2027-02"): (25, 10, 15, 25, 0, 1.0),  # exactly full: not an overload
        ("developpeur", "2027-03"): (30, 10, 15, 25, 5, 25 / 30),
        ("developpeur", "2027-04"): (30, 0, 0, 0, 30, 0.0),
        # Tester: P1 8 a month and D2 4 a month in Q1; D1 2 in April (May and June are outside the months).
        ("testeur", "2027-01"): (16, 8, 4, 12, 4, 0.75),
        ("testeur", "2027-02"): (16, 8, 4, 12, 4, 0.75),
        ("testeur", "2027-03"): (8, 8, 4, 12, -4, 1.5),  # Chloé at 50 %: 4 days over
        ("testeur", "2027-04"): (16, 0, 2, 2, 14, 0.125),
    }
    for key, values in expected.items():
        got = rows.loc[key, ["capacity", "committed", "candidates", "load", "free", "utilisation"]].tolist()
        assert got == pytest.approx(list(values)), key


def test_balance_without_capacity_or_load():
    capacity = pd.DataFrame({"role": ["architecte"], "month": ["2027-01"], "days": [0.0]})
    load = pd.DataFrame({"item_id": ["D9"], "role": ["Architecte"], "month": ["2027-02"], "days": [5.0]})
    result = balance(capacity, None, load, ["2027-01", "2027-02"], ["architecte"])
    assert result["utilisation"].tolist() == [0.0, np.inf]  # 0 / 0 is 0; 5 days on no capacity is infinite
    assert result["free"].tolist() == [0.0, -5.0]
    assert result["committed"].tolist() == [0.0, 0.0]


def test_team_bottleneck_is_the_tester(team):
    result = bottlenecks(team_balance(team))
    assert list(result.columns) == list(BOTTLENECK_COLUMNS)
    # The developers are at exactly 100 % in February: full, not over. Only the tester limits the portfolio.
    assert result["role"].tolist() == ["testeur"]
    row = result.iloc[0]
    assert (row["months_over"], row["over_months"], row["peak_month"]) == (1, ("2027-03",), "2027-03")
    assert row["peak_utilisation"] == pytest.approx(1.5)
    assert row["overload_days"] == pytest.approx(4.0)  # 12 days of load on 8 of capacity


def test_bottlenecks_worst_first():
    def rows(role, pairs):
        return [
            {"role": role, "month": f"2027-0{i + 1}", "capacity": c, "load": load} for i, (c, load) in enumerate(pairs)
        ]

    frame = pd.DataFrame(
        rows("analyste", [(10, 13), (10, 17), (10, 5)])  # 3 + 7 = 10 days over, peak 170 %
        + rows("architecte", [(20, 30), (10, 10), (10, 0)])  # 10 days over, peak 150 %
        + rows("developpeur", [(100, 110), (100, 110), (0, 0)])  # 20 days over, peak 110 %
        + rows("testeur", [(10, 10), (10, 9), (10, 0)])  # never over
        + rows("expert", [(0, 2), (10, 0), (10, 0)])  # 2 days on no capacity: infinite peak
    )
    frame["utilisation"] = np.where(
        frame["capacity"] > 0, frame["load"] / frame["capacity"].where(frame["capacity"] > 0), 0.0
    )
    frame.loc[(frame["capacity"] == 0) & (frame["load"] > 0), "utilisation"] = np.inf
    result = bottlenecks(frame)
    # Most overload days first; equal days (analyste, architecte): the higher peak first.
    assert result["role"].tolist() == ["developpeur", "analyste", "architecte", "expert"]
    assert result["overload_days"].tolist() == pytest.approx([20.0, 10.0, 10.0, 2.0])
    assert result["months_over"].tolist() == [2, 2, 1, 1]
    assert result["peak_month"].tolist() == ["2027-01", "2027-02", "2027-01", "2027-01"]
    assert result["over_months"].iloc[1] == ("2027-01", "2027-02")
    # At 120 % a month, the developers' 10 % over is tolerated; the analyst still has 170 % in February.
    tolerant = bottlenecks(frame, threshold=1.2)
    assert tolerant["role"].tolist() == ["analyste", "architecte", "expert"]
    assert tolerant["overload_days"].tolist() == pytest.approx([1 + 5, 6.0, 2.0])  # 13-12 + 17-12; 30-24


def test_capacity_by_quarter(team):
    quarters = capacity_by_quarter(capacity_by_month(team, MONTHS, DAYS_PER_MONTH))
    days = quarters.set_index(["role", "quarter"])["days"]
    assert days[("developpeur", "2027-Q1")] == pytest.approx(30 + 25 + 30)
    assert days[("developpeur", "2027-Q2")] == pytest.approx(30)  # April only: the months asked for
    assert days[("testeur", "2027-Q1")] == pytest.approx(16 + 16 + 8)
    assert list(quarters.columns) == ["role", "quarter", "days"]


def test_unknown_roles_name_the_effort_row(team):
    effort = effort_frame([("P1", "Développeur", "2027-Q1", 30), ("D7", "Architecte", "2027-Q2", 10)])
    problems = unknown_roles(effort, team.role_labels, language="fr")
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.row, problem.column, problem.code) == (
        "data/portfolio/effort.csv",
        3,
        "rôle",
        "unknown-role",
    )
    assert "'Architecte'" in problem.message and "Développeur, Testeur" in problem.message
    english = unknown_roles(effort, team.roles, language="en")
    assert english[0].column == "role" and "developpeur, testeur" in english[0].message
    assert unknown_roles(EFFORT, team.roles) == []


HEADER = "nom;rôle;ETP;2027-01\n"


@pytest.mark.parametrize(
    ("text", "row", "column", "code"),
    [
        (HEADER + "Alice;developpeur;abc;\n", 2, "ETP", "bad-fte"),
        (HEADER + "Alice;developpeur;-1;\n", 2, "ETP", "bad-fte"),
        (HEADER + "Alice;developpeur;0;\n", 2, "ETP", "bad-fte"),
        (HEADER + "Alice;developpeur;;\n", 2, "ETP", "bad-fte"),
        (HEADER + "Alice;developpeur;80 %;\n", 2, "ETP", "bad-fte"),  # 0,8 is meant: not 80 people
        (HEADER + "Alice;developpeur;1;\nBruno;developpeur;1;120 %\n", 3, "2027-01", "bad-availability"),
        (HEADER + "Alice;developpeur;1;absente\n", 2, "2027-01", "bad-availability"),
        (HEADER + "Alice;developpeur;1;-10\n", 2, "2027-01", "bad-availability"),
        ("nom;rôle;ETP;2027-13\nAlice;developpeur;1;\n", 1, "2027-13", "bad-month-column"),
        ("nom;rôle;ETP;2027-01-15\nAlice;developpeur;1;\n", 1, "2027-01-15", "bad-month-column"),
        ("nom;rôle;ETP;2027-01;01/2027\nAlice;developpeur;1;;\n", 1, "01/2027", "repeated-column"),
        ("nom;ETP;2027-01\nAlice;1;\n", 1, "role", "missing-column"),
        ("name;role\nAlice;developer\n", 1, "fte", "missing-column"),
        ("nom;rôle;ETP;salaire\nAlice;developpeur;1;5000\n", 1, "salaire", "unknown-column"),
        (HEADER + ";developpeur;1;\n", 2, "nom", "empty-name"),
        (HEADER + "Alice;  ;1;\n", 2, "rôle", "empty-role"),
        (HEADER + "Alice;Développeur;1;\nalice;developpeur;0,5;\n", 3, "nom", "duplicate-resource"),
        ("", None, None, "empty-file"),
        (HEADER, None, None, "no-resource"),
    ],
)
def test_read_resources_refuses(tmp_path, text, row, column, code):
    with pytest.raises(InputError) as caught:
        read_resources(write(tmp_path, text), LABEL)
    problems = caught.value.problems
    assert [(p.file, p.row, p.column, p.code) for p in problems] == [(LABEL, row, column, code)]
    assert problems[0].message


def test_every_problem_at_once(tmp_path):
    text = HEADER + "Alice;developpeur;x;150\nBruno;;1;\nChloé;testeur;1;oui\n"
    with pytest.raises(InputError) as caught:
        read_resources(write(tmp_path, text), LABEL)
    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (2, "ETP", "bad-fte"),
        (2, "2027-01", "bad-availability"),
        (3, "rôle", "empty-role"),
        (4, "2027-01", "bad-availability"),
    ]
    assert "expected a percentage from 0 to 100" in str(caught.value)


def test_english_headers_and_excel_month_forms(tmp_path):
    # English headers in any case; month headers as Excel rewrites 2027-01: a date, "févr.-27", "Mar 2027".
    text = "NAME,Role,FTE,01/01/2027,févr.-27,Mar 2027,Comments\nTeam A,Developer,5,80,0,1,five devs\n"
    resources = read_resources(write(tmp_path, text, encoding="utf-8"), "resources.csv")
    assert resources.people[["name", "role", "fte"]].values.tolist() == [["Team A", "developer", 5.0]]
    shares = resources.availability.set_index("month")["share"].to_dict()
    # 80 is 80 %, 0 is away; 1 without a % sign is a share: 100 % (what Excel stores for a 100 % cell).
    assert shares == {"2027-01": 0.8, "2027-02": 0.0, "2027-03": 1.0}
    capacity = capacity_by_month(resources, ["2027-01", "2027-02", "2027-03"], 17.5)
    assert capacity["days"].tolist() == pytest.approx([5 * 0.8 * 17.5, 0.0, 5 * 17.5])


def test_windows_1252_export(tmp_path):
    path = write(tmp_path, "nom;rôle;ETP\nÉquipe développement;Développeur;5\n", encoding="cp1252")
    resources = read_resources(path, LABEL)
    assert resources.people["name"].tolist() == ["Équipe développement"]
    assert resources.role_labels == {"developpeur": "Développeur"}


def test_workbook_with_percent_cells_and_date_headers(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Rôle", "ETP", datetime(2027, 1, 1), datetime(2027, 2, 1)])
    sheet.append(["Alice", "Développeur", 0.8, 0.5, None])
    sheet["D2"].number_format = "0%"  # typed "50 %" in Excel: stored 0.5
    path = tmp_path / "resources.xlsx"
    workbook.save(path)
    resources = read_resources(path, "data/portfolio/resources.xlsx")
    assert resources.availability[["month", "share"]].values.tolist() == [["2027-01", 0.5], ["2027-02", 1.0]]
    days = capacity_by_month(resources, ["2027-01", "2027-02"], 20)["days"].tolist()
    assert days == pytest.approx([0.8 * 0.5 * 20, 0.8 * 20])


@pytest.mark.parametrize(
    ("header", "month"),
    [
        ("2027-03", "2027-03"),
        ("2027-3", "2027-03"),
        ("2027-03-01 00:00:00", "2027-03"),
        ("01/03/2027", "2027-03"),
        ("03/2027", "2027-03"),
        ("mars-27", "2027-03"),
        ("Sept 2027", "2027-09"),
        ("août 27", "2027-08"),
        ("2027-13", None),
        ("2027-03-15", None),
        ("15/03/2027", None),
        ("Q1 2027", None),
    ],
)
def test_month_headers(header, month):
    assert month_of_header(header) == month


def test_heat_map_is_a_png(team):
    result = team_balance(team)
    png = heat_map_png(result, language="fr", title="Charge par rôle", role_labels=team.role_labels)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert 600 < width < 2500 and 200 < height < 1200
    assert 5_000 < len(png) < 500_000


def test_heat_map_of_twelve_roles_and_two_years_is_wide():
    roles = [f"Rôle numéro {n}" for n in range(12)]
    months = [f"{year}-{month:02d}" for year in (2027, 2028) for month in range(1, 13)]
    frame = pd.DataFrame([{"role": r, "month": m, "capacity": 10.0, "utilisation": 1.1} for r in roles for m in months])
    png = heat_map_png(frame, language="en", title="Utilisation", roles_order=roles)
    width, height = struct.unpack(">II", png[16:24])
    assert width > 2 * height  # 24 columns: a landscape picture
    assert 1500 < width < 2600  # ~150 DPI, about 13 inches


def test_heat_map_bands_and_labels():
    assert [band(u) for u in (0.0, 0.69, 0.7, 1.0, 1.0000000001, 1.2, 1.21, np.inf)] == [
        "under",
        "under",
        "green",
        "green",
        "green",
        "amber",
        "red",
        "red",
    ]
    assert band(0.0, capacity=0.0) == "none" and band(np.inf, capacity=0.0) == "red"
    assert month_short("2027-01", "fr") == "janv. 27"
    assert month_short("2027-01", "en") == "Jan 27"
