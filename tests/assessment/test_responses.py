"""Every bad answer is named by file, row and question; nothing is half-read."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.assessment.responses import discover_campaigns, load_responses
from governance.core.problems import InputError


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def messages(files: list[Path], bank) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_responses(files, [f.name for f in files], bank)
    return [str(p) for p in caught.value.problems]


def test_french_excel_csv_with_bom_and_semicolons(tmp_path, tiny_bank):
    f = write(
        tmp_path / "r.csv", "\ufeffrespondent;role;question_id;score\r\nAnn;PM;governance.1;3\r\nAnn;PM;risk.1;N/A\r\n"
    )
    frame = load_responses([f], ["r.csv"], tiny_bank)
    assert frame.set_index("question_id").loc["governance.1", "score"] == 3
    assert frame.set_index("question_id").loc["risk.1", "status"] == "na"


def test_cp1252_csv_is_read(tmp_path, tiny_bank):
    f = write(tmp_path / "r.csv", "respondent;role;question_id;score\nHélène;Contrôleur;governance.1;2\n", "cp1252")
    frame = load_responses([f], ["r.csv"], tiny_bank)
    assert set(frame["respondent"]) == {"Hélène"} and set(frame["role"]) == {"Contrôleur"}


@pytest.mark.parametrize("score", ["0", "6", "2.5", "three", "-1"])
def test_score_outside_scale(tmp_path, tiny_bank, score):
    f = write(tmp_path / "r.csv", f"respondent,role,question_id,score\nAnn,PM,governance.1,{score}\n")
    assert messages([f], tiny_bank) == [
        f"r.csv: row 2: column score: question governance.1: score {score!r} is not allowed; expected 1, 2, 3, 4, 5 or N/A"
    ]


def test_unknown_question_and_missing_name_all_reported(tmp_path, tiny_bank):
    f = write(tmp_path / "r.csv", "respondent,role,question_id,score\nAnn,PM,gouv.1,3\n,PM,risk.1,2\nAnn,PM,risk.2,9\n")
    found = messages([f], tiny_bank)
    assert len(found) == 3
    assert (
        found[0]
        == "r.csv: row 2: column question_id: unknown question id 'gouv.1'; expected an id of the question bank such as 'governance.1'"
    )
    assert found[1].startswith("r.csv: row 3: column respondent: question risk.1: respondent name is empty")
    assert found[2].startswith("r.csv: row 4: column score: question risk.2")


def test_duplicate_answer_across_files(tmp_path, tiny_bank):
    a = write(tmp_path / "a.csv", "respondent,role,question_id,score\nAnn,PM,governance.1,3\n")
    b = write(tmp_path / "b.csv", "respondent,role,question_id,score\nBob,PM,risk.1,3\nAnn,PM,governance.1,4\n")
    (found,) = messages([a, b], tiny_bank)
    assert found == (
        "a.csv: row 2: column question_id: question governance.1: 'Ann' answered more than once "
        "(a.csv row 2, b.csv row 3); expected one answer per respondent"
    )


def test_missing_column_and_extra_field(tmp_path, tiny_bank):
    a = write(tmp_path / "a.csv", "respondent,role,question,score\nAnn,PM,governance.1,3\n")
    b = write(tmp_path / "b.csv", "respondent,role,question_id,score\nAnn,PM,governance.1,3,oops\n")
    found = messages([a, b], tiny_bank)
    assert found == [
        "a.csv: row 1: column question_id: missing column 'question_id'; expected columns respondent, role, question_id, score",
        "b.csv: row 2: has 5 fields but the header has 4",
    ]


def test_xlsx_round_trip_from_generated_questionnaire(tmp_path, tiny_bank):
    from openpyxl import load_workbook

    from governance.assessment.questionnaire import HEADER_ROW, SCORE_COLUMN, SHEET, write_questionnaire_xlsx

    path = write_questionnaire_xlsx(tiny_bank, "fr", tmp_path / "q.xlsx")
    workbook = load_workbook(path)
    sheet = workbook[SHEET]
    sheet["B3"], sheet["B4"] = "Ann", "PM"
    sheet.cell(row=HEADER_ROW + 1, column=SCORE_COLUMN, value=4)
    sheet.cell(row=HEADER_ROW + 2, column=SCORE_COLUMN, value="N/A")
    sheet.cell(row=HEADER_ROW + 3, column=SCORE_COLUMN, value=7)
    workbook.save(path)
    (found,) = messages([path], tiny_bank)
    assert (
        found == "q.xlsx: row 9: column score: question risk.1: score '7' is not allowed; expected 1, 2, 3, 4, 5 or N/A"
    )
    sheet.cell(row=HEADER_ROW + 3, column=SCORE_COLUMN).value = None
    workbook.save(path)
    frame = load_responses([path], ["q.xlsx"], tiny_bank).set_index("question_id")
    assert frame.loc["governance.1", "score"] == 4 and frame.loc["governance.2", "status"] == "na"
    assert frame.loc["risk.1", "status"] == "not_answered" and len(frame) == 4


def test_questionnaire_has_dropdown_and_language(tmp_path, tiny_bank):
    from openpyxl import load_workbook

    from governance.assessment.questionnaire import SHEET, write_questionnaire_xlsx

    workbook = load_workbook(write_questionnaire_xlsx(tiny_bank, "en", tmp_path / "q.xlsx"))
    sheet = workbook[SHEET]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"1,2,3,4,5,N/A"' and str(validation.sqref) == "I7:I10"
    assert sheet["C7"].value == "governance question 1" and sheet["D7"].value == "level 1"
    assert workbook["Instructions"]["A1"].value == "Project management maturity questionnaire"


def test_campaign_discovery(tmp_path):
    write(tmp_path / "2026-04" / "a.csv", "x")
    write(tmp_path / "2026-10" / "b.xlsx", "x")
    write(tmp_path / "loose.csv", "x")
    write(tmp_path / "2026-10" / "~$b.xlsx", "lock file")
    found = discover_campaigns(tmp_path)
    assert {k: [p.name for p in v] for k, v in found.items()} == {
        "current": ["loose.csv"],
        "2026-04": ["a.csv"],
        "2026-10": ["b.xlsx"],
    }
