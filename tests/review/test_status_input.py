"""Status files: French exports read to the right numbers; every validation problem named at once."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from governance.core.periods import check_period, default_period, period_bounds, previous_period, shift_period
from governance.core.problems import InputError
from governance.engagement.review_settings import ReviewSettings
from governance.review.status_input import discover_status_files, load_status_file

HEADER = "project_id;project_name;status_date;bac;pv;ev;ac"


def write(tmp_path: Path, text: str, name: str = "2026-10.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems_of(path: Path, period: str = "2026-10", settings: ReviewSettings | None = None) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_status_file(path, path.name, period, settings or ReviewSettings())
    return [str(p) for p in caught.value.problems]


def test_french_export_reads_to_the_right_numbers(tmp_path):
    # BOM, semicolons, decimal commas, no-break and narrow no-break spaces, euro signs, dd/mm/yyyy, CRLF.
    text = (
        "\ufeffCode projet;Intitulé;Date de statut;Budget;VP;VA;CR;% avancement;Fin prévue;Météo\r\n"
        "PRJ-001;Entrepôt de Lyon;31/10/2026;2\u00a0400\u00a0000,50 €;1\u202f200\u202f000;1 080 000,25;"
        "1\u00a0150\u00a0000;45 %;03/02/2027;Orange\r\n"
    )
    path = write(tmp_path, text)
    settings = ReviewSettings(
        columns={
            "Code projet": "project_id",
            "Intitulé": "project_name",
            "Date de statut": "status_date",
            "Budget": "bac",
            "VP": "pv",
            "VA": "ev",
            "CR": "ac",
            "% avancement": "percent_complete",
            "Fin prévue": "forecast_end",
            "Météo": "rag_self",
        }
    )
    frame = load_status_file(path, "2026-10.csv", "2026-10", settings).frame
    r = frame.iloc[0]
    assert r["project_name"] == "Entrepôt de Lyon"
    assert (r["bac"], r["pv"], r["ev"], r["ac"]) == (2_400_000.50, 1_200_000.0, 1_080_000.25, 1_150_000.0)
    assert r["percent_complete"] == pytest.approx(0.45)
    assert r["status_date"] == pd.Timestamp("2026-10-31")
    assert r["forecast_end"] == pd.Timestamp("2027-02-03")  # 3 February: day first, never month first
    assert r["rag_self_code"] == 1 and r["source_row"] == 2


def test_cp1252_file_and_canonical_headers_in_any_case(tmp_path):
    text = "Project_ID;Project Name;STATUS_DATE;bac;pv;ev;ac\nPRJ-9;Réseau sécurisé;15/10/2026;100;50;40;45\n"
    frame = load_status_file(write(tmp_path, text, encoding="cp1252"), "x.csv", "2026-10", ReviewSettings()).frame
    assert frame.iloc[0]["project_name"] == "Réseau sécurisé" and frame.iloc[0]["ac"] == 45.0


def test_xlsx_with_dates_and_percentages_as_excel_stores_them(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["project_id", "project_name", "status_date", "bac", "pv", "ev", "ac", "percent_complete"])
    sheet.append(["A-1", "Alpha", datetime(2026, 10, 30), 1000.5, 500, 400, 450, 0.4])
    sheet.append(["A-2", "Beta", datetime(2026, 10, 29), 2000, 0, 0, 0, 0])
    path = tmp_path / "2026-10.xlsx"
    workbook.save(path)
    frame = load_status_file(path, "2026-10.xlsx", "2026-10", ReviewSettings()).frame
    assert frame["status_date"].tolist() == [pd.Timestamp("2026-10-30"), pd.Timestamp("2026-10-29")]
    assert frame["bac"].tolist() == [1000.5, 2000.0]
    assert frame["percent_complete"].tolist() == [0.4, 0.0]  # a percentage cell holds a fraction


def test_every_validation_error_is_reported_at_once(tmp_path):
    text = (
        "\n".join(
            [
                "project_id;project_name;status_date;bac;pv;ev;ac;open_risks",
                "P1;Alpha;31/10/2026;1 000;500;400;450;2",  # row 2: fine
                "P2;Beta;31/10/2026;12 k€;500;400;-5;1",  # row 3: money not a number, negative money
                "P3;Gamma;31/02/2026;1000;500;400;450;1",  # row 4: not a date
                "P1;Alpha bis;30/10/2026;1000;500;400;450;1",  # row 5: duplicate id of row 2
                "P4;Delta;30/10/2026;1000;500;400;450;1;surplus",  # row 6: extra field
                "P5;Epsilon;30/10/2026;1000;1000;1200;900;1",  # row 7: EV above BAC
                "P6;Zeta;28/09/2026;1000;500;400;450;1",  # row 8: status date outside the period
                "P7;;30/10/2026;1000;;400;450;1,5",  # row 9: name and PV empty, not a whole count
            ]
        )
        + "\n"
    )
    assert problems_of(write(tmp_path, text)) == [  # in row order
        "2026-10.csv: row 2: column project_id: project id 'P1' appears on rows 2, 5; expected one row per project",
        "2026-10.csv: row 3: column bac: '12 k€' is not a number; expected an amount such as 1 234 567,89",
        "2026-10.csv: row 3: column ac: '-5' is negative; expected an amount such as 1 234 567,89",
        "2026-10.csv: row 4: column status_date: '31/02/2026' is not a date; expected a date as dd/mm/yyyy or "
        "yyyy-mm-dd",
        "2026-10.csv: row 6: has 9 fields but the header has 8",
        "2026-10.csv: row 7: column ev: earned value 1200 is above the budget at completion 1000; expected EV at "
        "most BAC (re-baseline the budget if the scope grew)",
        "2026-10.csv: row 8: column status_date: status date 28/09/2026 is outside the period 2026-10; expected a "
        "date from 01/10/2026 to 31/10/2026 (or put the file under its own period)",
        "2026-10.csv: row 9: column project_name: project_name is empty; expected a value (required on every row)",
        "2026-10.csv: row 9: column pv: pv is empty; expected an amount (required on every row)",
        "2026-10.csv: row 9: column open_risks: '1,5' is not a whole number; expected a count such as 3",
    ]


def test_missing_required_columns_are_named_with_the_mapping_hint(tmp_path):
    text = "id;project_name;status_date;bac;PV\nP1;Alpha;30/10/2026;100;50\n"
    problems = problems_of(write(tmp_path, text), settings=ReviewSettings(columns={"Code": "project_id"}))
    assert problems == [
        "2026-10.csv: row 1: column project_id: missing required column 'project_id'; expected a column named "
        "project_id (pmo.yaml maps 'Code' to it)",
        "2026-10.csv: row 1: column ev: missing required column 'ev'; expected a column named ev (or a column "
        "mapped to it under review.columns in pmo.yaml)",
        "2026-10.csv: row 1: column ac: missing required column 'ac'; expected a column named ac (or a column "
        "mapped to it under review.columns in pmo.yaml)",
    ]


def test_two_columns_giving_the_same_canonical_column(tmp_path):
    text = "project_id;Code;project_name;status_date;bac;pv;ev;ac\nP1;X;Alpha;30/10/2026;100;50;50;50\n"
    problems = problems_of(write(tmp_path, text), settings=ReviewSettings(columns={"Code": "project_id"}))
    assert problems == [
        "2026-10.csv: row 1: column Code: columns 'project_id' and 'Code' both give project_id; "
        "expected only one of them"
    ]


def test_header_only_file(tmp_path):
    assert problems_of(write(tmp_path, HEADER + "\n")) == [
        "2026-10.csv: has no project rows; expected one row per project under the header"
    ]


def test_percent_out_of_range(tmp_path):
    text = "project_id;project_name;status_date;bac;pv;ev;ac;percent_complete\nP1;A;30/10/2026;100;50;50;50;120\n"
    assert problems_of(write(tmp_path, text)) == [
        "2026-10.csv: row 2: column percent_complete: '120' is out of range; expected a percentage from 0 to 100"
    ]


def test_unknown_canonical_column_in_the_mapping_is_a_config_error():
    from governance.engagement.config import parse_config

    with pytest.raises(InputError) as caught:
        parse_config({"client": {"name": "X"}, "review": {"columns": {"Budget": "budget"}}}, "pmo.yaml")
    problem = caught.value.problems[0]
    assert problem.key == "review.columns" and "unknown canonical column(s) {'Budget': 'budget'}" in problem.message


def test_discovery_by_period_and_two_files_for_one_period(tmp_path):
    for name in ("2026-09.csv", "2026-10.xlsx", "notes.csv", "~$2026-08.csv", "2026-13.csv"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert list(discover_status_files(tmp_path)) == ["2026-09", "2026-10"]
    (tmp_path / "2026-09.xlsx").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"two status files for 2026-09 \(2026-09.csv, 2026-09.xlsx\)"):
        discover_status_files(tmp_path)


def test_periods():
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    assert period_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert previous_period("2026-01") == "2025-12" and shift_period("2025-11", 11) == "2026-10"
    # 3 November 07:00 in Paris reviews October; just after midnight on 1 January Paris time, November.
    assert default_period("Europe/Paris", datetime(2026, 11, 3, 7, tzinfo=ZoneInfo("Europe/Paris"))) == "2026-10"
    assert default_period("Europe/Paris", datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Europe/Paris"))) == "2026-12"
    with pytest.raises(InputError, match="'2026-13' is not a period; expected a month as YYYY-MM"):
        check_period("2026-13")


def test_every_problem_has_a_stable_code(tmp_path):
    text = (
        HEADER + ";open_risks;percent_complete\n"
        "P1;One;15/10/2026;abc;500;400;450;1;40\n"  # not-a-number
        "P2;Two;15/10/2026;1000;-5;400;450;1;40\n"  # negative
        "P3;Three;32/13/2026;1000;500;400;450;1;40\n"  # bad-date
        "P4;Four;15/10/2026;1000;500;1400;450;1;40\n"  # ev-above-bac
        "P5;Five;15/03/2025;1000;500;400;450;1;40\n"  # date-outside-period
        "P6;Six;15/10/2026;1000;500;400;450;1,5;40\n"  # not-a-whole-number
        "P7;Seven;15/10/2026;1000;500;400;450;1;140\n"  # out-of-range
        "P8;;15/10/2026;1000;500;400;450;1;40\n"  # missing-value
        "P1;Again;15/10/2026;1000;500;400;450;1;40\n"  # duplicate-id
        "P9;Nine;15/10/2026;1000;500;400;450;1;40;extra\n"
    )  # extra-field
    with pytest.raises(InputError) as caught:
        load_status_file(write(tmp_path, text), "2026-10.csv", "2026-10", ReviewSettings())
    codes = {p.code for p in caught.value.problems}
    assert codes == {
        "not-a-number",
        "negative",
        "bad-date",
        "ev-above-bac",
        "date-outside-period",
        "not-a-whole-number",
        "out-of-range",
        "missing-value",
        "duplicate-id",
        "extra-field",
    }
    assert all(p.severity == "error" for p in caught.value.problems)
    with pytest.raises(InputError) as caught:
        load_status_file(write(tmp_path, "project_id;project_name\nP1;One\n"), "x.csv", "2026-10", ReviewSettings())
    assert [p.code for p in caught.value.problems] == ["missing-column"] * 5


def test_thousands_of_bad_rows_give_fifty_lines_and_a_count(tmp_path):
    """2,000 bad rows of three kinds: the first 50 by row are listed, then one line counts the other 4,950."""
    lines = [HEADER] + [
        f"P{i};Project {i};{'99/99/2026' if i % 2 else '15/10/2026'};abc;-1;400;450" for i in range(2000)
    ]
    with pytest.raises(InputError) as caught:
        load_status_file(write(tmp_path, "\n".join(lines) + "\n"), "2026-10.csv", "2026-10", ReviewSettings())
    error = caught.value
    assert error.total == 2000 * 2 + 1000
    assert len(error.problems) == 51 and len(str(error).splitlines()) == 51
    assert [p.row for p in error.problems[:50]] == sorted(p.row for p in error.problems[:50])
    assert error.problems[0].row == 2 and error.problems[49].row <= 2 + 50
    assert error.problems[-1].code == "more-problems" and "and 4950 more problem(s)" in error.problems[-1].message
