"""Portfolio scoring: the merge recomputed by hand, the scoring workbook out and back in, every bad workbook named
by file, sheet, row and column with its code, and the weights' normalisation."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from governance.portfolio.model import Criterion
from governance.portfolio.scoring import criterion_stats, merge_scores, normalise_weights
from governance.portfolio.scoring_workbook import (
    META_SHEET,
    SCORE_COLUMNS,
    criterion_header,
    read_scoring_workbooks,
    scoring_file_name,
    write_scoring_workbook,
)

ENGAGEMENT = "acme-pmo-2026"


def _criterion(criterion_id: str, fr: str, en: str, weight: float) -> Criterion:
    scale = {n: {"fr": f"{fr} : niveau {n}", "en": f"{en}: level {n}"} for n in range(1, 6)}
    return Criterion(criterion_id, {"fr": fr, "en": en}, weight, scale)


CRITERIA = [
    _criterion("strategy", "Alignement stratégique", "Strategic alignment", 0.5),
    _criterion("value", "Valeur métier", "Business value", 0.3),
    _criterion("risk", "Risque de réalisation", "Delivery risk", 0.2),
]
DEMAND_IDS = ["D-1", "D-2", "D-3"]


def _scores(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(SCORE_COLUMNS))


# ------------------------------------------------------------------------------------------- merge, by hand

# Two reviewers, Anne and Bruno; a blank (no opinion) is simply absent from the frame.
#            strategy (0.5)   value (0.3)   risk (0.2)
# D-1  Anne        4              5             3
#      Bruno       2              5             -        (Bruno has no opinion on D-1's risk)
# D-2  Anne        3              2             4
#      Bruno       3              2             4
# D-3  Anne        5              -             -
#      Bruno       5              -             -        (nobody scored value or risk on D-3)
HAND = _scores(
    [
        ("Anne", "D-1", "strategy", 4),
        ("Anne", "D-1", "value", 5),
        ("Anne", "D-1", "risk", 3),
        ("Bruno", "D-1", "strategy", 2),
        ("Bruno", "D-1", "value", 5),
        ("Anne", "D-2", "strategy", 3),
        ("Anne", "D-2", "value", 2),
        ("Anne", "D-2", "risk", 4),
        ("Bruno", "D-2", "strategy", 3),
        ("Bruno", "D-2", "value", 2),
        ("Bruno", "D-2", "risk", 4),
        ("Anne", "D-3", "strategy", 5),
        ("Bruno", "D-3", "strategy", 5),
    ]
)


def test_merge_recomputed_by_hand():
    merged = merge_scores(HAND, CRITERIA, DEMAND_IDS, spread_flag=2).set_index("demand_id")
    # D-1: strategy (4+2)/2 = 3, value (5+5)/2 = 5, risk 3 (Anne alone: Bruno's blank is no opinion, not a 0)
    #      weighted (0.5*3 + 0.3*5 + 0.2*3) / (0.5+0.3+0.2) = (1.5 + 1.5 + 0.6) / 1 = 3.6
    # D-2: strategy 3, value 2, risk 4 -> 0.5*3 + 0.3*2 + 0.2*4 = 1.5 + 0.6 + 0.8 = 2.9
    # D-3: strategy 5 only; value and risk nobody scored, left out of the weighting -> 0.5*5 / 0.5 = 5
    #      (counted as 0 it would be 2.5: "no opinion" would sink it)
    assert merged.loc["D-1", "score"] == 3.6
    assert merged.loc["D-2", "score"] == 2.9
    assert merged.loc["D-3", "score"] == 5.0
    assert merged["coverage"].tolist() == pytest.approx([1.0, 1.0, 0.5])  # the share of the weight behind it
    # Per criterion means, as columns c:<id>
    assert merged.loc["D-1", ["c:strategy", "c:value", "c:risk"]].tolist() == [3.0, 5.0, 3.0]
    assert math.isnan(merged.loc["D-3", "c:value"]) and math.isnan(merged.loc["D-3", "c:risk"])
    # Risk on D-1: one voice (Anne) -> mean 3, n 1
    assert merged.loc["D-1", "n:risk"] == 1 and merged.loc["D-1", "n:strategy"] == 2
    # Spread: D-1 strategy 4-2 = 2 >= 2 -> flagged on strategy only; D-2 all agree; D-3 agree
    assert merged.loc["D-1", ["min:strategy", "max:strategy", "spread:strategy"]].tolist() == [2.0, 4.0, 2.0]
    assert merged["flagged"].tolist() == [True, False, False]
    assert merged["flagged_criteria"].tolist() == [["strategy"], [], []]
    assert merged["reviewers"].tolist() == [2, 2, 2]
    # Ranking: D-3 (5) > D-1 (3.6) > D-2 (2.9)
    assert merged["rank"].tolist() == [2, 3, 1]
    assert merged.index.tolist() == DEMAND_IDS  # demand_ids order, not rank order


def test_spread_flag_is_a_threshold_reached_not_exceeded():
    merged = merge_scores(HAND, CRITERIA, DEMAND_IDS, spread_flag=2.5)
    assert merged["flagged"].tolist() == [False, False, False]
    assert merged["flagged_criteria"].tolist() == [[], [], []]


def test_unscored_demand_ties_and_one_voice_per_reviewer():
    scores = _scores(
        [
            # D-10 and D-2 tie at 4: the tie goes by demand id, D-2 before D-10 (numbers compare as numbers)
            ("Anne", "D-10", "strategy", 4),
            ("Anne", "D-2", "strategy", 4),
            # Bruno twice on the same cell (should the frame hold it): his mean (1+3)/2 = 2 is one voice;
            # with Anne's 5: (2+5)/2 = 3.5, not (1+3+5)/3 = 3
            ("Bruno", "D-1", "value", 1),
            ("Bruno", "D-1", "value", 3),
            ("Anne", "D-1", "value", 5),
        ]
    )
    merged = merge_scores(scores, CRITERIA, ["D-1", "D-2", "D-10", "D-4"], spread_flag=2).set_index("demand_id")
    assert merged.loc["D-1", "score"] == 3.5 and merged.loc["D-1", "n:value"] == 2
    assert merged.loc["D-1", "spread:value"] == 3.0  # 5 - 2 (Bruno's one voice)
    assert merged["rank"].tolist() == [3, 1, 2, pd.NA]
    assert math.isnan(merged.loc["D-4", "score"]) and merged.loc["D-4", "reviewers"] == 0
    assert merged.loc["D-4", "coverage"] == 0.0 and not merged.loc["D-4", "flagged"]


def test_nobody_scored_anything():
    merged = merge_scores(_scores([]), CRITERIA, DEMAND_IDS, spread_flag=2)
    assert merged["demand_id"].tolist() == DEMAND_IDS
    assert merged["score"].isna().all() and merged["reviewers"].tolist() == [0, 0, 0]
    assert merged["rank"].isna().all() and not merged["flagged"].any()
    assert criterion_stats(_scores([])).empty


def test_a_zero_weight_criterion_alone_gives_no_score():
    criteria = [*CRITERIA[:2], _criterion("risk", "Risque", "Risk", 0.0)]
    merged = merge_scores(_scores([("Anne", "D-1", "risk", 5)]), criteria, ["D-1"], spread_flag=2)
    assert math.isnan(merged.loc[0, "score"]) and merged.loc[0, "coverage"] == 0.0


# ------------------------------------------------------------------------------------------------- weights


@pytest.mark.parametrize(
    ("raw", "expected", "note"),
    [
        ({"a": 0.5, "b": 0.3, "c": 0.2}, {"a": 0.5, "b": 0.3, "c": 0.2}, None),
        ({"a": 50, "b": 30, "c": 20}, {"a": 0.5, "b": 0.3, "c": 0.2}, None),  # percent: the usual form
        ({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}, {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}, None),  # 1 within 1e-6
        (
            {"a": 40, "b": 30, "c": 15},
            {"a": 40 / 85, "b": 30 / 85, "c": 15 / 85},
            "weights sum to 85; normalised to 100 %",
        ),
        ({"a": 2, "b": 2}, {"a": 0.5, "b": 0.5}, "weights sum to 4; normalised to 100 %"),
    ],
)
def test_normalise_weights(raw, expected, note):
    weights, found = normalise_weights(raw)
    assert weights == pytest.approx(expected)
    assert sum(weights.values()) == pytest.approx(1.0)
    assert found == note


@pytest.mark.parametrize("raw", [{"a": 0, "b": 0}, {}, {"a": -1, "b": 2}])
def test_normalise_weights_refuses_zero_or_negative(raw):
    with pytest.raises(ValueError, match="sum to 0|negative"):
        normalise_weights(raw)


# --------------------------------------------------------------------------------------------- round trip

DEMANDS = pd.DataFrame(
    {
        "demand_id": DEMAND_IDS,
        "title": ["Portail client", "Refonte de la paie", "=Nouvel ERP"],  # a formula trigger, kept as text
        "sponsor": ["Claire Martin", "Paul Bernard", "Nadia Roux"],
        "description": [
            "Un portail où les clients suivent leurs commandes, leurs factures et leurs réclamations. " * 6,
            "Remplacer l'outil de paie en fin de support.",
            None,
        ],
        "objective": ["Relation client", "Conformité", "Efficacité"],
        "total_cost": [1_250_000.0, 480_000.0, float("nan")],
    }
)
FIRST_ROW = 7  # title, subtitle, reviewer, hint, a blank row, the header (row 6), then the demands
SCORE_LETTERS = {"strategy": "G", "value": "H", "risk": "I"}


def _write(path: Path, reviewer: str = "Anne Leroy", criteria=CRITERIA, demands=DEMANDS, engagement=ENGAGEMENT):
    write_scoring_workbook(
        path,
        engagement_id=engagement,
        client="ACME",
        reviewer=reviewer,
        body_name="Comité de portefeuille",
        criteria=criteria,
        demands=demands,
        language="fr",
        brand=None,
    )
    return path


def _fill(path: Path, scores: dict[tuple[str, str], object], comment: str | None = None) -> Path:
    """As a reviewer would: values typed in the yellow cells, then saved."""
    workbook = load_workbook(path)
    sheet = workbook["Notation"]
    for (demand_id, criterion), value in scores.items():
        sheet[f"{SCORE_LETTERS[criterion]}{FIRST_ROW + DEMAND_IDS.index(demand_id)}"] = value
    if comment:
        sheet[f"J{FIRST_ROW}"] = comment
    workbook.save(path)
    return path


def _read(paths: list[Path], criteria=CRITERIA, demand_ids=DEMAND_IDS):
    return read_scoring_workbooks(
        paths,
        [p.name for p in paths],
        engagement_id=ENGAGEMENT,
        criteria=criteria,
        demand_ids=demand_ids,
        language="fr",
    )


ANNE = {("D-1", "strategy"): 4, ("D-1", "value"): 5, ("D-1", "risk"): 3, ("D-2", "strategy"): 3}
BRUNO = {("D-1", "strategy"): 2, ("D-1", "value"): 5.0, ("D-2", "strategy"): "3"}  # 5.0 and "3" are whole


def test_round_trip(tmp_path):
    anne = _fill(_write(tmp_path / "anne.xlsx"), ANNE, comment="Le portail est prioritaire")
    bruno = _fill(_write(tmp_path / "bruno.xlsx", reviewer="Bruno Petit"), BRUNO)
    scores, problems = _read([anne, bruno])
    assert problems == []
    assert list(scores.columns) == [*SCORE_COLUMNS, "file"] and scores["score"].dtype == "int64"
    assert sorted(scores[list(SCORE_COLUMNS)].itertuples(index=False, name=None)) == sorted(
        [("Anne Leroy", d, c, s) for (d, c), s in ANNE.items()]
        + [
            ("Bruno Petit", "D-1", "strategy", 2),
            ("Bruno Petit", "D-1", "value", 5),
            ("Bruno Petit", "D-2", "strategy", 3),
        ]
    )
    merged = merge_scores(scores, CRITERIA, DEMAND_IDS, spread_flag=2).set_index("demand_id")
    # D-1: strategy (4+2)/2 = 3, value 5, risk 3 -> 1.5 + 1.5 + 0.6 = 3.6; D-2: strategy 3 alone -> 3
    assert merged.loc["D-1", "score"] == 3.6
    assert merged.loc["D-2", "score"] == 3.0 and merged.loc["D-2", "coverage"] == 0.5
    assert math.isnan(merged.loc["D-3", "score"])
    assert merged["rank"].tolist() == [1, 2, pd.NA]
    assert merged.loc["D-1", "flagged_criteria"] == ["strategy"]


def test_the_written_workbook(tmp_path):
    path = _write(tmp_path / scoring_file_name("Anne Leroy", "fr"))
    assert path.name == "notation-demandes-anne-leroy.xlsx"
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Notation", "Échelles", META_SHEET]
    assert workbook[META_SHEET].sheet_state == "veryHidden"
    sheet = workbook["Notation"]
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet["A6"].value == "Demande" and sheet["F6"].value == "Coût total estimé"
    assert sheet["G6"].value == "Alignement stratégique — 50\u00a0%" == criterion_header(CRITERIA[0], "fr")
    assert sheet["J6"].value == "Commentaire"
    assert [sheet[f"A{FIRST_ROW + i}"].value for i in range(3)] == DEMAND_IDS
    assert sheet[f"B{FIRST_ROW + 2}"].value == "'=Nouvel ERP"
    assert sheet[f"F{FIRST_ROW}"].value == 1_250_000 and sheet[f"F{FIRST_ROW + 2}"].value is None
    description = sheet[f"D{FIRST_ROW}"].value
    assert description.endswith("…") and len(description) <= 220
    # Locked identity cells, unlocked yellow scores and comment
    assert sheet[f"A{FIRST_ROW}"].protection.locked
    for letter in "GHIJ":
        assert not sheet[f"{letter}{FIRST_ROW}"].protection.locked
        assert sheet[f"{letter}{FIRST_ROW}"].fill.fgColor.rgb.endswith("FFF2CC")
    # One whole 1-5 validation per criterion column, over the demand rows
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert set(validations) == {f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + 2}" for letter in "GHI"}
    rule = validations[f"G{FIRST_ROW}:G{FIRST_ROW + 2}"]
    assert (rule.type, rule.operator, rule.formula1, rule.formula2, rule.allow_blank) == (
        "whole",
        "between",
        "1",
        "5",
        True,
    )
    assert len(rule.prompt) <= 255 and "5 : Alignement stratégique" in rule.prompt
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.orientation == "landscape"
    scales = workbook["Échelles"]
    assert scales["A5"].value == "Alignement stratégique" and scales["G5"].value == "Alignement stratégique : niveau 5"


def test_english_workbook(tmp_path):
    path = tmp_path / "scoring.xlsx"
    write_scoring_workbook(
        path,
        engagement_id=ENGAGEMENT,
        client="ACME",
        reviewer="Anne Leroy",
        body_name="Portfolio board",
        criteria=CRITERIA,
        demands=DEMANDS.drop(columns="total_cost"),
        language="en",
        brand=None,
    )
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Scoring", "Scales", META_SHEET]
    assert workbook["Scoring"]["G6"].value == "Strategic alignment — 50%"
    assert workbook["Scoring"][f"F{FIRST_ROW}"].value is None  # no total_cost column: the cost is left blank
    scores, problems = read_scoring_workbooks(
        [path], ["scoring.xlsx"], engagement_id=ENGAGEMENT, criteria=CRITERIA, demand_ids=DEMAND_IDS, language="en"
    )
    assert scores.empty and [p.code for p in problems] == ["scored-nothing"]


# ------------------------------------------------------------------------------------------ bad workbooks


def _cell(coordinate: str, value):
    def spoil(path: Path) -> None:
        workbook = load_workbook(path)
        workbook["Notation"][coordinate] = value
        workbook.save(path)

    return spoil


def _not_a_scoring_workbook(path: Path) -> None:
    workbook = Workbook()
    workbook.active["A1"] = "Demande"
    workbook.save(path)


def _identity_edited(path: Path) -> None:
    workbook = load_workbook(path)
    for row in workbook[META_SHEET].iter_rows(min_col=1, max_col=2):
        if row[0].value == "reviewer":
            row[1].value = "Someone else"
    workbook.save(path)


def _other_engagement(path: Path) -> None:
    _write(path, engagement="globex-pmo-2025")


def _criterion_removed_since(path: Path) -> None:
    """Written when governance.yaml had a fourth criterion, since removed."""
    _write(path, criteria=[*CRITERIA, _criterion("urgency", "Urgence", "Urgency", 0.1)])


def _demand_removed_since(path: Path) -> None:
    """Written when the register had a demand D-4, since removed."""
    extra = pd.DataFrame({"demand_id": ["D-4"], "title": ["Archivage"], "sponsor": ["X"], "objective": ["Y"]})
    _write(path, demands=pd.concat([DEMANDS, extra], ignore_index=True))


SHEET = "Notation"
STRATEGY = "G (Alignement stratégique — 50\u00a0%)"
# (name, how the filled workbook is spoiled, code, sheet, row, column, a part of the message)
CASES = [
    ("six", _cell("G7", 6), "score-out-of-scale", SHEET, 7, STRATEGY, "score 6 is outside the 1-5 scale"),
    ("zero", _cell("H8", 0), "score-out-of-scale", SHEET, 8, "H (Valeur métier — 30\u00a0%)", "score 0 is outside"),
    ("fractional", _cell("G7", 2.5), "score-fractional", SHEET, 7, STRATEGY, "score 2.5 is not a whole number"),
    ("text", _cell("I9", "bien"), "score-not-a-number", SHEET, 9, "I (Risque de réalisation — 20\u00a0%)", "'bien'"),
    ("unknown-criterion", _criterion_removed_since, "unknown-criterion", SHEET, 6, "J (Urgence — 10\u00a0%)",
     "unknown criterion 'urgency'; expected one of strategy, value, risk"),
    ("row-edited", _cell("A8", "D-9"), "identity-edited", SHEET, 8, "A (Demande)", "reads 'D-9' where the workbook"),
    ("unknown-demand", _demand_removed_since, "unknown-demand", SHEET, 10, "A (Demande)",
     "unknown demand 'D-4'"),
    ("other-engagement", _other_engagement, "other-engagement", None, None, None, "another engagement ('globex-pmo-2025')"),
    ("identity-edited", _identity_edited, "identity-edited", META_SHEET, None, None, "was edited"),
    ("not-a-scoring-workbook", _not_a_scoring_workbook, "not-a-scoring-workbook", None, None, None,
     "is not a scoring workbook"),
    ("not-xlsx", lambda p: p.write_bytes(b"not a zip"), "not-xlsx", None, None, None, "not a valid .xlsx"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "spoil", "code", "sheet", "row", "column", "message"), CASES, ids=[c[0] for c in CASES]
)
def test_a_bad_workbook_is_refused(tmp_path, name, spoil, code, sheet, row, column, message):
    good = _fill(_write(tmp_path / "good.xlsx", reviewer="Bruno Petit"), BRUNO)
    bad = tmp_path / "bad.xlsx"
    _write(bad)
    spoil(bad)
    if code not in ("other-engagement", "not-a-scoring-workbook", "not-xlsx"):
        _fill(bad, {k: v for k, v in ANNE.items() if k != ("D-1", "strategy")})  # scores beside the spoiled cell
    scores, problems = _read([good, bad])
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1, [str(p) for p in problems]
    error = errors[0]
    assert (error.file, error.code, error.sheet, error.row, error.column) == ("bad.xlsx", code, sheet, row, column)
    assert message in error.message, error.message
    assert scores.empty  # nothing of a refused run is kept, the good workbook's scores neither
    assert "Traceback" not in str(error)


def test_the_good_workbooks_themselves_are_accepted(tmp_path):
    """The cases above spoil a workbook that is fine as filled: unspoiled, both read without a problem."""
    good = _fill(_write(tmp_path / "good.xlsx", reviewer="Bruno Petit"), BRUNO)
    bad = _fill(_write(tmp_path / "bad.xlsx"), {k: v for k, v in ANNE.items() if k != ("D-1", "strategy")})
    scores, problems = _read([good, bad])
    assert problems == [] and len(scores) == 6


def test_the_same_reviewer_twice_names_both_files(tmp_path):
    first = _fill(_write(tmp_path / "anne.xlsx"), ANNE)
    second = _fill(_write(tmp_path / "anne-v2.xlsx", reviewer="anne LEROY"), ANNE)  # the same person, retyped
    scores, problems = _read([first, second])
    assert [(p.file, p.code, p.severity) for p in problems] == [("anne-v2.xlsx", "duplicate-reviewer", "error")]
    assert "reviewer 'anne LEROY' (the first is anne.xlsx)" in problems[0].message
    assert scores.empty


def test_every_error_of_every_file_at_once(tmp_path):
    one = _fill(_write(tmp_path / "one.xlsx"), {("D-1", "strategy"): 7, ("D-2", "value"): "bof"})
    two = _fill(_write(tmp_path / "two.xlsx", reviewer="Bruno Petit"), {("D-3", "risk"): 1.5})
    _, problems = _read([one, two])
    assert [(p.file, p.row, p.code) for p in problems] == [
        ("one.xlsx", 7, "score-out-of-scale"),
        ("one.xlsx", 8, "score-not-a-number"),
        ("two.xlsx", 9, "score-fractional"),
    ]
    assert str(problems[0]).startswith("one.xlsx: sheet Notation: row 7: column G (Alignement stratégique")


def test_warnings_criterion_added_and_reviewer_who_scored_nothing(tmp_path):
    written = _fill(_write(tmp_path / "anne.xlsx", criteria=CRITERIA[:2]), {("D-1", "strategy"): 4})
    empty = _write(tmp_path / "bruno.xlsx", reviewer="Bruno Petit")
    scores, problems = _read([written, empty])
    assert [(p.file, p.code, p.severity) for p in problems] == [
        ("anne.xlsx", "criterion-added", "warning"),
        ("bruno.xlsx", "scored-nothing", "warning"),
    ]
    assert "risk (Risque de réalisation)" in problems[0].message and problems[0].row == 6
    assert scores[list(SCORE_COLUMNS)].values.tolist() == [
        ["Anne Leroy", "D-1", "strategy", 4]
    ]  # warnings keep the scores


def test_a_demand_added_since_is_a_warning(tmp_path):
    path = _fill(_write(tmp_path / "anne.xlsx"), ANNE)
    scores, problems = _read([path], demand_ids=[*DEMAND_IDS, "D-5"])
    assert [(p.code, p.severity) for p in problems] == [("demand-added", "warning")]
    assert len(scores) == 4
