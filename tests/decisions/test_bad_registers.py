"""Every bad register is refused: exit 2, one line naming the file, sheet, row and column and what was expected,
and nothing stored (the store and out/ compared before and after)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from flows.cli import app
from governance.decisions.layout import META_SHEET
from governance.example.decisions import fill_register
from tests.support.state import state_of

runner = CliRunner()
SEPTEMBER = "out/reviews/2026-09/registre-decisions-portfolio_board-2026-09.xlsx"
GOOD = {
    "PRJ-005/cost": {
        "decision": "Plan de réduction des coûts demandé",
        "actions": [{"action": "Présenter le plan", "owner": "Antoine Faure", "due": date(2026, 10, 20)}],
    }
}


@pytest.fixture(scope="module")
def reviewed(example_template, tmp_path_factory):
    """The example reviewed up to September 2026 (its registers written), with the October registers stored."""
    root = tmp_path_factory.mktemp("bad-registers") / "engagement"
    shutil.copytree(example_template, root)
    october = root / "data" / "decisions" / "2026-10"
    shutil.rmtree(root / "data" / "decisions" / "2026-09")
    shutil.move(october, root / "october")  # kept aside: its follow-ups need September's actions
    result = runner.invoke(app, ["review", str(root), "--period", "2026-09", "--all"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root


def _cell(path: Path, sheet_index: int, coordinate: str, value) -> None:
    workbook = load_workbook(path)
    workbook[workbook.sheetnames[sheet_index]][coordinate] = value
    workbook.save(path)


def _meta(path: Path, key: str, value) -> None:
    workbook = load_workbook(path)
    for row in workbook[META_SHEET].iter_rows(min_col=1, max_col=2):
        if row[0].value == key:
            row[1].value = value
    workbook.save(path)


def _not_a_register(path: Path) -> None:
    workbook = Workbook()
    workbook.active["A1"] = "hello"
    workbook.save(path)


# (name, how the filled register is spoiled, the expected line's parts)
CASES = [
    (
        "decision-missing",
        lambda p: _cell(p, 0, "I11", None),
        ["sheet Décisions: row 11: column I (Décision prise)", "exactly one decision per exception row"],
    ),
    ("due-not-a-date", lambda p: _cell(p, 0, "L11", "fin du mois"), ["row 11: column L (Échéance)", "expected a date"]),
    (
        "due-out-of-range",
        lambda p: _cell(p, 0, "L11", date(2206, 1, 1)),
        ["row 11: column L (Échéance)", "outside 1990-2100"],
    ),
    ("owner-missing", lambda p: _cell(p, 0, "K11", None), ["row 11: column K (Responsable)", "owner and due date"]),
    (
        "identity-edited",
        lambda p: _cell(p, 0, "B11", "PRJ-999"),
        ["row 11: column B (Code projet)", "grey cells are locked"],
    ),
    (
        "meeting-not-a-date",
        lambda p: _cell(p, 0, "D7", "mardi"),
        ["row 7: column D (Date de la réunion)", "expected a date"],
    ),
    (
        "other-action-unknown-ref",
        lambda p: (
            _cell(p, 0, "A15", "E7"),
            _cell(p, 0, "J15", "x"),
            _cell(p, 0, "K15", "y"),
            _cell(p, 0, "L15", date(2026, 11, 1)),
        ),
        ["row 15: column A (Réf.)", "expected one of E1"],
    ),
    ("other-engagement", lambda p: _meta(p, "engagement", "someone-else-1234"), ["register of another engagement"]),
    (
        "unknown-body",
        lambda p: _meta(p, "body", "board_of_nobody"),
        ["sheet _pmo", "body 'board_of_nobody'", "expected one of"],
    ),
    ("not-a-register", _not_a_register, ["is not a decision register"]),
    ("not-xlsx", lambda p: p.write_bytes(b"not a zip"), ["not a valid .xlsx"]),
]


@pytest.mark.parametrize("name,spoil,expected", CASES, ids=[c[0] for c in CASES])
def test_a_bad_register_is_refused_and_nothing_is_stored(reviewed, tmp_path, name, spoil, expected):
    root = tmp_path / "engagement"
    shutil.copytree(reviewed, root)
    target = root / "data" / "decisions" / "bad.xlsx"
    fill_register(root / SEPTEMBER, target, decisions=GOOD)
    spoil(target)
    before = state_of(root)
    result = runner.invoke(app, ["decisions", "import", str(root)], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if "bad.xlsx" in line]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("data/decisions/bad.xlsx: ")
    for part in expected:
        assert part in lines[0], lines[0]
    assert "Traceback" not in result.output
    assert state_of(root) == before


def test_the_good_register_itself_is_accepted(reviewed, tmp_path):
    """The cases above spoil a register that is fine as filled: without the spoiling it imports."""
    root = tmp_path / "engagement"
    shutil.copytree(reviewed, root)
    fill_register(root / SEPTEMBER, root / "data" / "decisions" / "good.xlsx", decisions=GOOD)
    result = runner.invoke(app, ["decisions", "import", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_two_registers_of_one_body_and_month_and_an_unknown_follow_up(reviewed, tmp_path):
    root = tmp_path / "engagement"
    shutil.copytree(reviewed, root)
    for name in ("a.xlsx", "b.xlsx"):
        fill_register(root / SEPTEMBER, root / "data" / "decisions" / name, decisions=GOOD)
    before = state_of(root)
    result = runner.invoke(app, ["decisions", "import", str(root)], catch_exceptions=False)
    assert result.exit_code == 2 and "b.xlsx: is a second register of portfolio_board for 2026-09" in result.output
    assert state_of(root) == before
    # October's registers follow up September's actions, which are not stored: refused, nothing stored.
    result = runner.invoke(
        app, ["decisions", "import", str(root), "--from", str(root / "october")], catch_exceptions=False
    )
    assert result.exit_code == 2 and "follows up action 2026-09/portfolio_board/PRJ-005/cost/1" in result.output
    assert state_of(root) == before


@pytest.mark.parametrize(
    ("filled", "expected"),
    [
        ({"status": "Peut-être"}, "column H (Statut): status reads 'Peut-être'"),
        ({"closed_on": date(2026, 10, 24)}, "column I (Date de clôture): action 2026-09/portfolio_board/PRJ-005"),
        (
            {"status": "Close", "closed_on": date(2099, 1, 1)},
            "column I (Date de clôture): closing date 2099-01-01 is after",
        ),
        (
            {"status": "Close", "closed_on": date(2026, 8, 1)},
            "closing date 2026-08-01 is before the action was decided",
        ),
    ],
    ids=["unknown-status", "open-with-a-date", "closed-in-the-future", "closed-before-decided"],
)
def test_a_bad_follow_up_is_refused(reviewed, tmp_path, filled, expected):
    root = tmp_path / "engagement"
    shutil.copytree(reviewed, root)
    fill_register(root / SEPTEMBER, root / "data" / "decisions" / "2026-09.xlsx", decisions=GOOD)
    assert runner.invoke(app, ["decisions", "import", str(root)], catch_exceptions=False).exit_code == 0
    result = runner.invoke(app, ["review", str(root), "--period", "2026-10"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    october = root / "out/reviews/2026-10/registre-decisions-portfolio_board-2026-10.xlsx"
    ref = "2026-09/portfolio_board/PRJ-005/cost/1"
    fill_register(october, root / "data" / "decisions" / "2026-10.xlsx", follow_ups={ref: filled})
    before = state_of(root)
    result = runner.invoke(app, ["decisions", "import", str(root)], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    [line] = [line for line in result.output.splitlines() if "2026-10.xlsx" in line]
    assert line.startswith("data/decisions/2026-10.xlsx: sheet Suivi des actions: row 5: ") and expected in line, line
    assert state_of(root) == before


def test_a_closed_action_without_a_date_takes_the_meeting_date(reviewed, tmp_path):
    root = tmp_path / "engagement"
    shutil.copytree(reviewed, root)
    fill_register(root / SEPTEMBER, root / "data" / "decisions" / "2026-09.xlsx", decisions=GOOD)
    assert runner.invoke(app, ["decisions", "import", str(root)], catch_exceptions=False).exit_code == 0
    assert runner.invoke(app, ["review", str(root), "--period", "2026-10"], catch_exceptions=False).exit_code == 0
    october = root / "out/reviews/2026-10/registre-decisions-portfolio_board-2026-10.xlsx"
    ref = "2026-09/portfolio_board/PRJ-005/cost/1"
    target = root / "data" / "decisions" / "2026-10.xlsx"
    fill_register(october, target, meeting_on=date(2026, 11, 10), follow_ups={ref: {"status": "Close"}})
    result = runner.invoke(app, ["decisions", "import", str(root)], catch_exceptions=False)
    assert result.exit_code == 0 and "the meeting's date is taken" in result.output
    listed = runner.invoke(app, ["decisions", "list", str(root), "--json"], catch_exceptions=False)
    [action] = [a for d in json.loads(listed.stdout)["decisions"] for a in d["actions"] if a["ref"] == ref]
    assert (action["status"], action["closed_on"]) == ("closed", "2026-11-10")
