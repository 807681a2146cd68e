"""The French CSV traps: separators, decimal commas, no-break spaces, day-first dates, encodings."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from governance.core.problems import InputError
from governance.core.tabular import check_xlsx, parse_dates, parse_numbers, read_csv_table


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1\u202f234\u202f567", 1234567.0),
        ("1,234.5", 1234.5),
        ("1234.5", 1234.5),
        ("12,0", 12.0),
        ("-3,25", -3.25),
        ("1.234,5", 1234.5),
        ("0", 0.0),
    ],
)
def test_numbers(text, expected):
    numbers, bad = parse_numbers(pd.Series([text]))
    assert not bad[0] and numbers[0] == pytest.approx(expected)


@pytest.mark.parametrize("text", ["abc", "1,2,3x", "inf", "12 k€"])
def test_bad_numbers_flagged(text):
    numbers, bad = parse_numbers(pd.Series([text]))
    assert bad[0] and pd.isna(numbers[0])


def test_blank_is_missing_not_bad():
    numbers, bad = parse_numbers(pd.Series(["", None]))
    assert not bad.any() and numbers.isna().all()


def test_dates_are_day_first():
    dates, bad = parse_dates(pd.Series(["03/02/2025", "2025-02-03", "31/12/2025", "2025-13-01", ""]))
    assert dates[0] == pd.Timestamp("2025-02-03") and dates[1] == pd.Timestamp("2025-02-03")
    assert dates[2] == pd.Timestamp("2025-12-31")
    assert bad.tolist() == [False, False, False, True, False]


def test_csv_rows_keep_their_file_row_number(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a;b\n1;2\n\n3;4\n", encoding="utf-8")
    frame = read_csv_table(path, "x.csv")
    assert frame["_row"].tolist() == [2, 4] and frame["b"].tolist() == ["2", "4"]


def test_duplicate_header_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,id\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="duplicate column header 'id'"):
        read_csv_table(path, "x.csv")


def test_zip_bomb_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", "0" * 5_000_000)
    with pytest.raises(InputError, match="refused as unsafe"):
        check_xlsx(path, "bomb.xlsx")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match="is not a valid .xlsx file"):
        check_xlsx(path, "fake.xlsx")
