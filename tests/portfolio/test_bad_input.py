"""Every bad portfolio input is refused through the CLI: exit 2, the `--json` problems each naming the file and the
row and column (or key and line) with a stable code, one line per problem on stderr, and nothing stored and
nothing written (the store, out/ and data/projects.csv compared before and after).

One engagement is prepared per module (the example taken in, scored, a selection made so that the board's decision
sheet exists); each case copies it, spoils one input and runs one command.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli import app
from governance.engagement.config import load_engagement
from governance.portfolio.criteria import load_scoring
from governance.portfolio.scoring_workbook import META_SHEET, write_scoring_workbook
from support.state import state_of

runner = CliRunner()
PORTFOLIO = Path("data/portfolio")
REGISTER = PORTFOLIO / "demands.xlsx"
RESOURCES = PORTFOLIO / "resources.csv"
SCORES = PORTFOLIO / "scores"
DECISIONS = PORTFOLIO / "decisions"
REVIEWERS = (
    "data/portfolio/scores/notation-demandes-helene-vasseur.xlsx",
    "data/portfolio/scores/notation-demandes-mathilde-rousseau.xlsx",
)
NEW_REVIEWER = "Paul Neuf"  # `pmo portfolio score --reviewer` writes his workbook; the cases return it filled
NEW_WORKBOOK = "out/portfolio/scoring/notation-demandes-paul-neuf.xlsx"
RETURNED = "data/portfolio/scores/paul.xlsx"


def invoke(*args: str):
    return runner.invoke(app, ["portfolio", *args], catch_exceptions=False)


def snapshot(root: Path) -> dict:
    """The store, out/ and the project list: what a refused command must leave exactly as it was."""
    return state_of(root) | {"projects.csv": hashlib.sha256((root / "data/projects.csv").read_bytes()).hexdigest()}


@pytest.fixture(scope="module")
def prepared(example_template, tmp_path_factory) -> Path:
    """The example with its demands stored, the two reviewers' scores merged, a blank workbook written for a third
    reviewer, and a selection made (out/portfolio/board/ holds the decision sheet)."""
    root = tmp_path_factory.mktemp("portfolio-bad-input") / "engagement"
    shutil.copytree(example_template, root)
    for args in (("intake",), ("score", "--reviewer", NEW_REVIEWER), ("select",)):
        result = invoke(args[0], str(root), *args[1:])
        assert result.exit_code == 0, result.output
    assert (root / NEW_WORKBOOK).is_file()
    assert list((root / "out/portfolio/board").glob("decisions-*.xlsx"))
    return root


def _register_to_csv(root: Path) -> None:
    """The example's register as demands.csv and effort.csv (the workbook's headers and rows), the workbook gone."""
    workbook = load_workbook(root / REGISTER, read_only=True)
    for sheet, name in (("Demandes", "demands.csv"), ("Charge", "effort.csv")):
        rows = list(workbook[sheet].iter_rows(min_row=_header_row(workbook[sheet]), values_only=True))
        width = max(i + 1 for i, v in enumerate(rows[0]) if v is not None)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        for row in rows:
            if all(v is None for v in row[:width]):
                continue
            writer.writerow(
                ["" if v is None else f"{v:g}".replace(".", ",") if isinstance(v, float) else v for v in row[:width]]
            )
        (root / PORTFOLIO / name).write_text(out.getvalue(), encoding="utf-8-sig")
    workbook.close()
    (root / REGISTER).unlink()


@pytest.fixture(scope="module")
def prepared_csv(prepared, tmp_path_factory) -> Path:
    """The same engagement with its register as demands.csv + effort.csv (taken in: the CSV form is accepted)."""
    root = tmp_path_factory.mktemp("portfolio-bad-input-csv") / "engagement"
    shutil.copytree(prepared, root)
    _register_to_csv(root)
    result = invoke("intake", str(root))
    assert result.exit_code == 0, result.output
    return root


def _copy(source: Path, tmp_path: Path) -> Path:
    root = tmp_path / "engagement"
    shutil.copytree(source, root)
    return root


# ------------------------------------------------------------------------------------------- what a refusal is


@dataclass(frozen=True)
class Expected:
    """The problem a case must produce: its file and where in it, a part of its message, and the other files that
    rightly report the same code (every returned workbook, say). `count`: how many problems in all."""

    code: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    key: str | None = None
    message: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    count: int | None = None


def assert_refused(result, root: Path, before: dict, expected: Expected) -> list[dict]:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert snapshot(root) == before  # nothing stored, nothing written, the project list untouched
    payload = json.loads(result.stdout)
    assert payload["ok"] is False
    problems = payload["problems"]
    assert payload["total"] == len(problems)
    mine = [p for p in problems if p["file"] == expected.file]
    assert mine, [p["text"] for p in problems]
    first = mine[0]
    assert first["code"] == expected.code, first["text"]
    assert first["severity"] == "error"
    where = (first.get("sheet"), first.get("row"), (first.get("column") or "").casefold() or None, first.get("key"))
    wanted = (expected.sheet, expected.row, expected.column and expected.column.casefold(), expected.key)
    assert where == wanted, first["text"]
    for part in expected.message:
        assert part in first["message"], first["message"]
    # The line a person reads: the file, then where (a YAML file's row is its line), then the message.
    assert first["text"].startswith(f"{expected.file}: "), first["text"]
    if expected.row is not None:
        kind = "line" if expected.file.endswith((".yaml", ".yml")) else "row"
        assert f": {kind} {expected.row}: " in first["text"], first["text"]
    if expected.key:
        assert f": {expected.key}: " in first["text"], first["text"]
    # Only the problems of this input: no line about a file that is fine.
    files = {expected.file, *expected.others}
    assert {(p["file"], p["code"]) for p in problems} == {(f, expected.code) for f in files}, [
        p["text"] for p in problems
    ]
    assert len(problems) == (expected.count or len(files)), [p["text"] for p in problems]
    # One line per problem on stderr, as --json lists them.
    assert result.stderr.splitlines() == [p["text"] for p in problems]
    return problems


def _line_of(text: str, needle: str, after: str | None = None) -> int:
    """The 1-based line of the first line holding `needle` (after the line holding `after`)."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n in range(start, len(lines)) if needle in lines[n]) + 1


# ------------------------------------------------------------------------------------------- governance.yaml

GOVERNANCE = "governance.yaml"
SCALE_3 = "        3: {fr: Contribue à un objectif stratégique, en: Contributes to one strategic objective}\n"
CRITERIA_KEY = "bodies[portfolio_board].portfolio.criteria[strategic_alignment]"


def _edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8-sig")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _empty_project_name(root: Path) -> None:
    path = root / "data/projects.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    cells = lines[1].split(";")
    cells[1] = ""  # PRJ-001's name
    lines[1] = ";".join(cells)
    path.write_text("".join(lines), encoding="utf-8-sig")


# (id, how the engagement is spoiled, the problem expected; a line computed from the file when `line` is a tuple)
SETTINGS_CASES = [
    (
        "weight-not-a-number",
        _edit(GOVERNANCE, "weight: 30", "weight: beaucoup"),
        Expected(
            "governance-invalid-value",
            GOVERNANCE,
            key=f"{CRITERIA_KEY}.weight",
            message=("'beaucoup'",),
        ),
        ("weight: beaucoup", None),
    ),
    (
        "scale-without-3",
        _edit(GOVERNANCE, SCALE_3, ""),
        Expected(
            "portfolio-bad-scale",
            GOVERNANCE,
            key=f"{CRITERIA_KEY}.scale",
            message=("scores 1, 2, 4, 5", "1, 2, 3, 4 and 5"),
        ),
        ("scale:", "- id: strategic_alignment"),
    ),
    (
        # Not in the brief's list but the same rule: one bad row of the project list is one line, not one per
        # effort row of the running projects (which the register rightly names).
        "project-list-row",
        _empty_project_name,
        Expected("project-name-empty", "data/projects.csv", row=2, column="nom"),
        None,
    ),
]


@pytest.mark.parametrize(
    ("spoil", "expected", "line"), [c[1:] for c in SETTINGS_CASES], ids=[c[0] for c in SETTINGS_CASES]
)
def test_bad_settings_are_refused(prepared, tmp_path, spoil, expected, line):
    root = _copy(prepared, tmp_path)
    spoil(root)
    if line:
        expected = replace(expected, row=_line_of((root / GOVERNANCE).read_text(encoding="utf-8"), *line))
    before = snapshot(root)
    result = invoke("intake", str(root), "--json")
    assert_refused(result, root, before, expected)


def test_weights_that_do_not_sum_to_100_are_normalised_with_a_warning(prepared, tmp_path):
    root = _copy(prepared, tmp_path)
    _edit(GOVERNANCE, "weight: 30", "weight: 15")(root)  # 15 + 25 + 15 + 15 + 15 = 85
    result = invoke("intake", str(root), "--json")
    assert result.exit_code == 0, result.output
    [warning] = [w for w in json.loads(result.stdout)["warnings"] if "normalised" in w]
    assert warning.startswith(f"{GOVERNANCE}: bodies[portfolio_board].portfolio.criteria: weights sum to 85")
    assert "strategic_alignment 17.6 %" in warning  # 15 / 85
    result = invoke("intake", str(root))
    assert result.exit_code == 0, result.output
    assert f"warning: {warning}" in result.output


# ------------------------------------------------------------------------------------------- scoring workbooks


def _identity(workbook) -> tuple[dict, list[str], list[str]]:
    pairs = [(a, b) for a, b in workbook[META_SHEET].iter_rows(max_col=2, values_only=True) if a]
    scalars = {a: b for a, b in pairs if a not in ("criterion", "demand")}
    return scalars, [b for a, b in pairs if a == "criterion"], [b for a, b in pairs if a == "demand"]


def _return_scored(root: Path, cells: dict[tuple[int, int], object] | None = None, name: str = RETURNED) -> None:
    """The new reviewer's workbook returned: 3 everywhere, then `cells` ((demand index, criterion index): value)."""
    target = root / name
    shutil.copy(root / NEW_WORKBOOK, target)
    workbook = load_workbook(target)
    identity, criteria, demands = _identity(workbook)
    sheet = workbook[identity["sheet"]]
    first_row, first_column = int(identity["first_row"]), int(identity["first_criterion_column"])
    for d in range(len(demands)):
        for c in range(len(criteria)):
            sheet.cell(first_row + d, first_column + c, 3)
    for (d, c), value in (cells or {}).items():
        sheet.cell(first_row + d, first_column + c, value)
    workbook.save(target)


def _score(demand: int, criterion: int, value) -> Callable[[Path], None]:
    return lambda root: _return_scored(root, {(demand, criterion): value})


def _criterion_removed_since(root: Path) -> None:
    """governance.yaml loses a criterion after the workbooks were written (and returned)."""
    _return_scored(root)
    path = root / GOVERNANCE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(n for n, line in enumerate(lines) if line.startswith("    - id: feasibility"))
    end = start + 1
    while lines[end].startswith("      "):
        end += 1
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def _demand_removed_since(root: Path) -> None:
    """DEM-020 leaves the register (its row and its effort rows) after the workbooks were written."""
    _return_scored(root)
    workbook = load_workbook(root / REGISTER)
    for sheet in ("Demandes", "Charge"):
        ws = workbook[sheet]
        for row in reversed([c.row for c in ws["A"] if c.value == "DEM-020"]):
            ws.delete_rows(row)
    workbook.save(root / REGISTER)


def _other_engagement(root: Path) -> None:
    """A filled workbook of another engagement dropped in the folder (written by pmo-kit for that engagement)."""
    _return_scored(root)
    scoring = load_scoring(load_engagement(root))
    demands = pd.DataFrame(
        {"demand_id": ["DEM-001"], "title": ["t"], "sponsor": ["s"], "description": [""], "objective": [""]}
    )
    write_scoring_workbook(
        root / SCORES / "autre.xlsx",
        engagement_id="globex-pmo-2025",
        client="Globex",
        reviewer="Bruno Petit",
        body_name="Comité",
        criteria=scoring.criteria,
        demands=demands,
        language="fr",
        brand=None,
    )


def _same_reviewer_twice(root: Path) -> None:
    _return_scored(root)
    _return_scored(root, name="data/portfolio/scores/retour-paul.xlsx")


NOTATION = "Notation"
# The new reviewer's workbook: header row 9, demands from row 10 in register order, criteria from column G.
SCORING_CASES = [
    (
        "unknown-criterion",
        _criterion_removed_since,
        Expected(
            "unknown-criterion",
            RETURNED,
            NOTATION,
            9,
            "K (Faisabilité — 15\u00a0%)",
            message=("unknown criterion 'feasibility'",),
            others=REVIEWERS,  # every returned workbook has the criterion
        ),
    ),
    (
        "score-6",
        _score(0, 0, 6),
        Expected(
            "score-out-of-scale",
            RETURNED,
            NOTATION,
            10,
            "G (Alignement stratégique — 30\u00a0%)",
            message=("score 6 is outside the 1-5 scale",),
        ),
    ),
    (
        "score-2.5",
        _score(1, 1, 2.5),
        Expected(
            "score-fractional", RETURNED, NOTATION, 11, "H (Valeur — 25\u00a0%)", message=("2.5 is not a whole number",)
        ),
    ),
    (
        "score-bien",
        _score(2, 2, "bien"),
        Expected(
            "score-not-a-number",
            RETURNED,
            NOTATION,
            12,
            "I (Risque (5 = faible) — 15\u00a0%)",
            message=("'bien'",),
        ),
    ),
    (
        "unknown-demand",
        _demand_removed_since,
        Expected(
            "unknown-demand",
            RETURNED,
            NOTATION,
            29,  # DEM-020, the 20th demand
            "A (Demande)",
            message=("unknown demand 'DEM-020'",),
            others=REVIEWERS,
        ),
    ),
    (
        "other-engagement",
        _other_engagement,
        Expected(
            "other-engagement", "data/portfolio/scores/autre.xlsx", message=("another engagement ('globex-pmo-2025')",)
        ),
    ),
    (
        "same-reviewer-twice",
        _same_reviewer_twice,
        Expected(
            "duplicate-reviewer",
            "data/portfolio/scores/retour-paul.xlsx",
            message=(f"reviewer '{NEW_REVIEWER}'", f"the first is {RETURNED}"),
        ),
    ),
]


@pytest.mark.parametrize(("spoil", "expected"), [c[1:] for c in SCORING_CASES], ids=[c[0] for c in SCORING_CASES])
def test_a_bad_scoring_workbook_is_refused(prepared, tmp_path, spoil, expected):
    root = _copy(prepared, tmp_path)
    spoil(root)
    before = snapshot(root)
    result = invoke("score", str(root), "--json")
    assert_refused(result, root, before, expected)


def test_the_returned_workbook_itself_is_accepted(prepared, tmp_path):
    """The cases above spoil a workbook that is fine as filled: unspoiled, its scores are merged."""
    root = _copy(prepared, tmp_path)
    _return_scored(root)
    result = invoke("score", str(root), "--json")
    assert result.exit_code == 0, result.output
    assert NEW_REVIEWER in json.loads(result.stdout)["reviewers_returned"]


# ------------------------------------------------------------------------------------------- the demand register


def _header_row(ws) -> int:
    return next(r[0].row for r in ws.iter_rows(min_row=1, max_row=10, max_col=1) if r[0].value == "ID")


def _set_register_cell(root: Path, sheet: str, index: int, header: str, value) -> None:
    """The `index`-th data row (1-based) of the register's demands ("Demandes") or effort ("Charge"), in either form."""
    if (root / REGISTER).exists():
        workbook = load_workbook(root / REGISTER)
        ws = workbook[sheet]
        header_row = _header_row(ws)
        column = next(c.column for c in ws[header_row] if c.value == header)
        ws.cell(header_row + index, column, value)
        workbook.save(root / REGISTER)
        return
    path = root / PORTFOLIO / ("demands.csv" if sheet == "Demandes" else "effort.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    rows[index][rows[0].index(header)] = str(value)
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")


# (id, sheet, data row (1 = DEM-001's first row), header, value, command, code, a part of the message)
REGISTER_CASES = [
    ("unknown-dependency", "Demandes", 1, "Dépendances", "DEM-099", "intake", "unknown-dependency", "'DEM-099'"),
    # DEM-003 needs DEM-002: DEM-002 needing DEM-003 closes the cycle, named on the cycle's first row.
    ("dependency-cycle", "Demandes", 2, "Dépendances", "DEM-003", "intake", "dependency-cycle",
     "DEM-002 -> DEM-003 -> DEM-002"),
    ("negative-cost", "Demandes", 1, "Coût 2027 (€)", -1000, "intake", "negative-cost", "is negative"),
    ("negative-effort", "Charge", 1, "Jours", -5, "intake", "negative-effort", "is negative"),
    ("unknown-status", "Demandes", 1, "Statut", "Peut-être", "intake", "unknown-status", "'Peut-être'"),
    ("bad-start-quarter", "Demandes", 1, "Début au plus tôt", "2027-T5", "intake", "bad-quarter", "'2027-T5'"),
    ("bad-effort-quarter", "Charge", 1, "Trimestre", "T5 2027", "intake", "bad-quarter", "'T5 2027'"),
    ("unknown-role-capacity", "Charge", 1, "Rôle", "Astronaute", "capacity", "unknown-role", "'Astronaute'"),
    ("unknown-role-select", "Charge", 1, "Rôle", "Astronaute", "select", "unknown-role", "'Astronaute'"),
]  # fmt: skip


@pytest.mark.parametrize("form", ["xlsx", "csv"])
@pytest.mark.parametrize(
    ("sheet", "index", "header", "value", "command", "code", "message"),
    [c[1:] for c in REGISTER_CASES],
    ids=[c[0] for c in REGISTER_CASES],
)
def test_a_bad_register_is_refused(
    prepared, prepared_csv, tmp_path, form, sheet, index, header, value, command, code, message
):
    root = _copy(prepared if form == "xlsx" else prepared_csv, tmp_path)
    _set_register_cell(root, sheet, index, header, value)
    if form == "xlsx":
        # The workbook's header row is its 7th (a title above): DEM-001's row is the 8th, in either sheet.
        expected = Expected(code, str(REGISTER), sheet, 7 + index, header, message=(message,))
    else:
        name = "demands.csv" if sheet == "Demandes" else "effort.csv"
        expected = Expected(code, f"data/portfolio/{name}", None, 1 + index, header, message=(message,))
    before = snapshot(root)
    result = invoke(command, str(root), "--json")
    assert_refused(result, root, before, expected)


# ------------------------------------------------------------------------------------------- the selection


# (id, how the engagement is spoiled, --budget values, the problem expected)
SELECTION_CASES = [
    (
        "budget-too-small-for-the-mandatory",
        None,
        ["2027=100000"],
        # DEM-001 (480 000) and DEM-009 (380 000) are mandatory, both in 2027.
        Expected(
            "infeasible-budget",
            "--budget",
            message=("DEM-001, DEM-009", "cost 860,000 in 2027", "100,000 is left"),
        ),
    ),
    (
        "pmo-yaml-budget-too-small",
        _edit("pmo.yaml", "2027: 3600000", "2027: 100000"),
        [],
        Expected(
            "infeasible-budget",
            "pmo.yaml",
            key="portfolio.budget.2027",
            message=("DEM-001, DEM-009", "cost 860,000 in 2027", "100,000 is left"),
        ),
    ),
    (
        "capacity-too-small-for-the-mandatory",
        # 0.2 FTE of infrastructure: the running projects take it all; DEM-009 (mandatory) needs 80 days a quarter
        # in 2027-Q1 and Q2.
        _edit(str(RESOURCES), "Équipe infrastructure;Ingénieur infrastructure;3;", "Équipe infrastructure;Ingénieur infrastructure;0,2;"),
        [],
        Expected(
            "infeasible-capacity",
            str(RESOURCES),
            message=("(DEM-009)", "80.0 days of Ingénieur infrastructure in 2027-Q1", "0.0 are free"),
            count=2,  # 2027-Q1 and 2027-Q2
        ),
    ),
    ("budget-not-a-number", None, ["2027=abc"], Expected("bad-budget", "--budget", message=("'2027=abc'",))),
    ("budget-negative", None, ["2027=-5"], Expected("bad-budget", "--budget", message=("'2027=-5'",))),
    ("budget-year-not-a-year", None, ["20x7=100"], Expected("bad-budget", "--budget", message=("'20x7=100'",))),
]  # fmt: skip


@pytest.mark.parametrize(
    ("spoil", "budget", "expected"), [c[1:] for c in SELECTION_CASES], ids=[c[0] for c in SELECTION_CASES]
)
def test_an_impossible_selection_is_refused(prepared, tmp_path, spoil, budget, expected):
    root = _copy(prepared, tmp_path)
    if spoil:
        spoil(root)
    before = snapshot(root)
    args = [arg for value in budget for arg in ("--budget", value)]
    result = invoke("select", str(root), *args, "--json")
    assert_refused(result, root, before, expected)


# ------------------------------------------------------------------------------------------- the decision sheet

SHEET = "data/portfolio/decisions/decisions.xlsx"
DECISION_SHEET = "Décisions"
# The sheet as written by select: the meeting date in C7 (4 rows above the first demand), demands from row 11
# (the first, DEM-004, proposed; the second, DEM-002, not), the decision in column G.
FIRST, MEETING = 11, "C7"


def _decision_sheet(cells: dict | None = None, meta: dict | None = None) -> Callable[[Path], None]:
    """The board's sheet filled (a meeting date, one approval with its manager, one rejection), then `cells` and
    identity `meta` cells changed."""

    def fill(root: Path) -> None:
        [written] = (root / "out/portfolio/board").glob("decisions-*.xlsx")
        workbook = load_workbook(written)
        ws = workbook.worksheets[0]
        assert ws[f"A{FIRST - 1}"].value == "Réf." and ws[f"G{FIRST - 1}"].value == "Décision"
        filled = {
            MEETING: date.today(),
            f"G{FIRST}": "Approuvée",
            f"H{FIRST}": "Jeanne Martin",
            f"G{FIRST + 1}": "Rejetée",
        }
        for coordinate, value in (filled | (cells or {})).items():
            ws[coordinate] = value
        for coordinate, value in (meta or {}).items():
            workbook["pmo_meta"][coordinate] = value
        (root / DECISIONS).mkdir(parents=True, exist_ok=True)
        workbook.save(root / SHEET)

    return fill


def _and_an_xls(root: Path) -> None:
    _decision_sheet()(root)
    (root / DECISIONS / "ancien.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an Excel 97 file")


DECIDE_CASES = [
    (
        "unknown-decision",
        _decision_sheet({f"G{FIRST}": "Peut-être"}),
        Expected("unknown-decision", SHEET, DECISION_SHEET, FIRST, "G (Décision)", message=("'Peut-être'",)),
    ),
    (
        "meeting-date-missing",
        _decision_sheet({MEETING: None}),
        Expected("missing-meeting-date", SHEET, DECISION_SHEET, FIRST - 4, "C", message=("meeting date is missing",)),
    ),
    (
        "meeting-date-in-the-future",
        _decision_sheet({MEETING: date.today() + timedelta(days=30)}),
        Expected(
            "bad-meeting-date",
            SHEET,
            DECISION_SHEET,
            FIRST - 4,
            "C",
            message=(f"{date.today() + timedelta(days=30):%d/%m/%Y} is in the future",),
        ),
    ),
    (
        "demand-reference-edited",
        _decision_sheet({f"A{FIRST + 1}": "DEM-999"}),
        Expected(
            "decision-sheet-edited",
            SHEET,
            DECISION_SHEET,
            FIRST + 1,
            "A (Réf.)",
            message=("changed to 'DEM-999'; expected 'DEM-002'",),
        ),
    ),
    (
        "other-engagement",
        _decision_sheet(meta={"A2": "someone-else-1234"}),
        Expected("decision-sheet-other-engagement", SHEET, message=("'someone-else-1234'",)),
    ),
    (
        "xls-file",
        _and_an_xls,
        Expected("unsupported-file-type", "data/portfolio/decisions/ancien.xls", message=("saved as .xlsx",)),
    ),
]


@pytest.mark.parametrize(("spoil", "expected"), [c[1:] for c in DECIDE_CASES], ids=[c[0] for c in DECIDE_CASES])
def test_a_bad_decision_sheet_is_refused_and_no_project_is_started(prepared, tmp_path, spoil, expected):
    root = _copy(prepared, tmp_path)
    spoil(root)
    projects = (root / "data/projects.csv").read_bytes()
    before = snapshot(root)
    assert not any(path.startswith("projects/") for path in before["out"])
    result = invoke("decide", str(root), "--json")
    assert (root / "data/projects.csv").read_bytes() == projects
    assert not (root / "out/projects").exists()
    assert_refused(result, root, before, expected)


def test_the_filled_decision_sheet_itself_is_accepted(prepared, tmp_path):
    """The cases above spoil a sheet that is fine as filled: unspoiled, DEM-004 is approved and started."""
    root = _copy(prepared, tmp_path)
    _decision_sheet()(root)
    result = invoke("decide", str(root), "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [p["demand_id"] for p in payload["projects"]] == ["DEM-004"]
    assert (root / "out/projects").is_dir()
