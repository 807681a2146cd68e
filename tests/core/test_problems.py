"""Problems: typed, collected from every input before refusing, capped per file with a count of the rest."""

from __future__ import annotations

import pytest

from governance.core.problems import MAX_PER_FILE, InputError, Problem, Problems, capped, read_all


def test_a_problem_names_where_it_is():
    problem = Problem("data/status/2026-10.csv", "expected a number", row=4, column="ac", code="not-a-number")
    assert str(problem) == "data/status/2026-10.csv: row 4: column ac: expected a number"
    assert problem.to_dict() == {
        "file": "data/status/2026-10.csv",
        "message": "expected a number",
        "row": 4,
        "column": "ac",
        "code": "not-a-number",
        "severity": "error",
    }


def test_cap_per_file_counts_the_rest():
    many = [Problem("a.csv", f"bad {i}", row=i) for i in range(2, 2002)]
    few = [Problem("b.csv", "bad", row=2)]
    shown = capped(many + few)
    a_lines = [p for p in shown if p.file == "a.csv"]
    assert len(a_lines) == MAX_PER_FILE + 1
    assert a_lines[-1].code == "more-problems" and "and 1950 more problem(s)" in a_lines[-1].message
    assert [p for p in shown if p.file == "b.csv"] == few
    error = InputError(many + few)
    assert error.total == 2001 and len(error.problems) == MAX_PER_FILE + 2


def test_read_all_reads_every_input_then_refuses_once():
    def read(name: str) -> str:
        if name.startswith("bad"):
            raise InputError([Problem(name, "unreadable")])
        return name.upper()

    assert read_all(["a", "b"], read) == ["A", "B"]
    with pytest.raises(InputError) as refused:
        read_all(["bad1", "ok", "bad2"], read)
    assert [p.file for p in refused.value.problems] == ["bad1", "bad2"]


def test_warnings_do_not_refuse():
    problems = Problems()
    problems.add("people.csv", "no skills assessed", row=3, code="no-skills", severity="warning")
    problems.raise_if_errors()
    assert not problems and len(problems.warnings) == 1
    problems.add("people.csv", "unknown role", row=4, column="role", code="unknown-role")
    with pytest.raises(InputError) as refused:
        problems.raise_if_errors()
    assert [p.code for p in refused.value.problems] == ["unknown-role"]


def test_capping_twice_keeps_the_count():
    """A reader refuses with a capped list; the run gathers it with others and caps again: the count holds."""

    def read(name: str) -> None:
        raise InputError([Problem(name, f"bad {i}", row=i) for i in range(2, 2002)])

    with pytest.raises(InputError) as refused:
        read_all(["a.csv", "b.csv"], read)
    error = refused.value
    assert error.total == 4000
    more = [p for p in error.problems if p.code == "more-problems"]
    assert [(p.file, p.hidden) for p in more] == [("a.csv", 1950), ("b.csv", 1950)]
    assert len(error.problems) == 2 * (MAX_PER_FILE + 1)
