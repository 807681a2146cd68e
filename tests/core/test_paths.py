"""Names that every client machine can hold as a file or folder (Windows, OneDrive, SharePoint)."""

from __future__ import annotations

import pytest

from governance.core.paths import portable_name_problem


@pytest.mark.parametrize(
    "name",
    ["CON", "con", "Con.txt", "PRN", "aux.docx", "NUL", "COM1", "com9.csv", "LPT1", "lpt9", "PRJ-001.", "PRJ-001 "],
)
def test_names_windows_cannot_hold_are_refused(name):
    assert portable_name_problem(name)


@pytest.mark.parametrize("name", ["PRJ-001", "CONTRACT", "console", "COM10", "LPT", "aux-1", "nul_project"])
def test_ordinary_names_pass(name):
    assert portable_name_problem(name) is None
