"""Every table is UTF-8 or Windows-1252 as a whole, or refused naming the first bad byte; cells are bounded."""

from __future__ import annotations

import pytest

from governance.core.problems import InputError
from governance.core.tabular import MAX_CELL_CHARS, read_csv_table

HEADER = "id;nom;budget\r\n"


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("utf8", (HEADER + "P1;Entrepôt sécurisé;1 000\r\n").encode("utf-8"), "Entrepôt sécurisé"),
        ("utf8-bom", ("\ufeff" + HEADER + "P1;Entrepôt sécurisé;1 000\r\n").encode("utf-8"), "Entrepôt sécurisé"),
        ("cp1252", (HEADER + "P1;Entrepôt sécurisé – œuvre;1 000\r\n").encode("cp1252"), "Entrepôt sécurisé – œuvre"),
    ],
)
def test_clean_files_are_read_as_written(tmp_path, name, raw, expected):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(raw)
    assert read_csv_table(path, path.name)["nom"].tolist() == [expected]


@pytest.mark.parametrize(
    ("name", "raw", "row", "column", "byte"),
    [
        # UTF-8 with one stray Windows-1252 byte (é typed in another editor): never read as Windows-1252.
        (
            "stray",
            (HEADER + "P1;Entrepôt sécurisé;1 000\r\nP2;Quai ").encode("utf-8") + b"\xe9" + b";2 000\r\n",
            3,
            "nom",
            "E9",
        ),
        # Windows-1252 with a byte Windows-1252 leaves undefined (0x81).
        (
            "undefined",
            (HEADER + "P1;Réseau ").encode("cp1252") + b"\x81" + " entrepôt;5\r\n".encode("cp1252"),
            2,
            "nom",
            "81",
        ),
        # A file that already holds replacement characters: text was lost before it reached us.
        ("replacement", (HEADER + "P1;R\ufffdseau;5\r\n").encode("utf-8"), 2, "nom", "EF"),
    ],
)
def test_mixed_or_undefined_bytes_are_refused(tmp_path, name, raw, row, column, byte):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(raw)
    with pytest.raises(InputError) as refused:
        read_csv_table(path, path.name)
    (problem,) = refused.value.problems
    assert (problem.file, problem.row, problem.column, problem.code) == (path.name, row, column, "bad-encoding")
    assert f"0x{byte}" in problem.message and "UTF-8" in problem.message


def test_oversize_cell_is_refused_with_row_and_column(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "P1;" + "x" * 200_000 + ";5\r\nP2;ok;6\r\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_csv_table(path, path.name)
    (problem,) = refused.value.problems
    assert (problem.row, problem.column, problem.code) == (2, "nom", "cell-too-long")
    assert f"{MAX_CELL_CHARS:,}" in problem.message


def test_nul_bytes_are_refused_not_crashed(tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(HEADER.encode() + b"P1;a\x00b;5\r\n")
    with pytest.raises(InputError) as refused:
        read_csv_table(path, path.name)
    assert refused.value.problems[0].code in {"not-csv", "bad-encoding"}
