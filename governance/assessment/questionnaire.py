"""The questionnaire respondents fill in: XLSX (with dropdowns) or long-form CSV, and reading it back."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from governance.core.atomic import write_atomic, write_text_atomic
from governance.core.problems import InputError, Problem
from governance.assessment.bank import LEVELS, QuestionBank
from governance.core.tabular import read_xlsx_rows
from governance.core.xlsx.style import safe_cell

SHEET = "Questionnaire"
RESPONDENT_ROW, ROLE_ROW = 3, 4
HEADER_ROW = 6
COLUMNS = ["question_id", "dimension", "question", *[f"level_{n}" for n in LEVELS], "score", "comment"]
SCORE_COLUMN = COLUMNS.index("score") + 1
CSV_COLUMNS = ["respondent", "role", "question_id", "score"]
NOT_APPLICABLE = "N/A"

TEXT = {
    "fr": {
        "title": "Questionnaire de maturité de la gestion de projet",
        "respondent": "Répondant", "role": "Rôle",
        "headers": ["Id", "Dimension", "Question", "1 Initial", "2 Reproductible", "3 Défini",
                    "4 Maîtrisé", "5 Optimisé", "Note (1-5 ou N/A)", "Commentaire"],
        "instructions": [
            "Merci de consacrer une vingtaine de minutes à ce questionnaire.",
            "1. Indiquez votre nom et votre rôle en haut de la feuille « Questionnaire ».",
            "2. Pour chaque question, lisez les cinq descriptions de niveau et choisissez dans la colonne "
            "« Note » celle qui décrit le mieux la pratique actuelle de votre organisation (pas la cible).",
            "3. Choisissez N/A si la question ne s'applique pas à votre périmètre ; laissez vide si vous ne savez pas.",
            "4. Un commentaire est bienvenu, surtout lorsque la pratique varie d'un projet à l'autre.",
            "Vos réponses sont consolidées avec celles de vos collègues ; le rapport ne cite aucun nom.",
        ],
        "sheet": "Instructions",
    },
    "en": {
        "title": "Project management maturity questionnaire",
        "respondent": "Respondent", "role": "Role",
        "headers": ["Id", "Dimension", "Question", "1 Initial", "2 Repeatable", "3 Defined",
                    "4 Managed", "5 Optimised", "Score (1-5 or N/A)", "Comment"],
        "instructions": [
            "Thank you for giving this questionnaire about twenty minutes.",
            "1. Enter your name and role at the top of the 'Questionnaire' sheet.",
            "2. For each question, read the five level descriptions and pick in the 'Score' column the one "
            "that best describes how your organisation works today (not the target).",
            "3. Choose N/A when the question does not apply to your area; leave it blank if you do not know.",
            "4. Comments are welcome, especially where practice differs from project to project.",
            "Your answers are combined with your colleagues'; the report names nobody.",
        ],
        "sheet": "Instructions",
    },
}


def write_questionnaire_xlsx(bank: QuestionBank, language: str, target: Path, colour: str = "#1F4E79") -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    text = TEXT[language]
    questions = bank.questions_frame(language)
    workbook = Workbook()
    intro = workbook.active
    intro.title = text["sheet"]
    intro["A1"] = text["title"]
    intro["A1"].font = Font(bold=True, size=14, color=colour.lstrip("#"))
    for offset, line in enumerate(text["instructions"], start=3):
        intro.cell(row=offset, column=1, value=line).alignment = Alignment(wrap_text=True, vertical="top")
    intro.column_dimensions["A"].width = 110

    sheet = workbook.create_sheet(SHEET)
    sheet["A1"] = text["title"]
    sheet["A1"].font = Font(bold=True, size=14, color=colour.lstrip("#"))
    for row, label in ((RESPONDENT_ROW, text["respondent"]), (ROLE_ROW, text["role"])):
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=row, column=2).fill = PatternFill("solid", fgColor="FFF2CC")
    header_fill = PatternFill("solid", fgColor=colour.lstrip("#"))
    for column, label in enumerate(text["headers"], start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=label)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    for offset, record in enumerate(questions.to_dict("records")):
        row = HEADER_ROW + 1 + offset
        values = [record["question_id"], record["dimension"], record["question"],
                  *[record[f"level_{n}"] for n in LEVELS]]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=safe_cell(value)).alignment = wrap
        sheet.cell(row=row, column=SCORE_COLUMN).fill = PatternFill("solid", fgColor="FFF2CC")
    last = HEADER_ROW + len(questions)
    choices = DataValidation(type="list", formula1=f'"1,2,3,4,5,{NOT_APPLICABLE}"', allow_blank=True,
                             showErrorMessage=True, errorTitle="1-5 / N/A", error="1, 2, 3, 4, 5 or N/A")
    score_letter = sheet.cell(row=HEADER_ROW, column=SCORE_COLUMN).column_letter
    choices.add(f"{score_letter}{HEADER_ROW + 1}:{score_letter}{last}")
    sheet.add_data_validation(choices)
    for letter, width in zip("ABCDEFGHIJ", (14, 22, 45, 28, 28, 28, 28, 28, 12, 30)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=4)
    workbook.active = 1
    return write_atomic(target, workbook.save)


def write_questionnaire_csv(bank: QuestionBank, target: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for question_id in bank.questions_frame("en")["question_id"]:
        writer.writerow(["", "", question_id, ""])
    return write_text_atomic(target, buffer.getvalue())


def read_questionnaire_xlsx(path: Path, label: str) -> pd.DataFrame:
    """A filled XLSX questionnaire as long-form rows: respondent, role, question_id, score, _row."""
    rows = read_xlsx_rows(path, label, sheet=SHEET)

    def cell(row: int, column: int) -> str:
        try:
            value = rows[row - 1][column - 1]
        except IndexError:
            return ""
        return "" if value is None else str(value).strip()

    if cell(HEADER_ROW, 1) != TEXT["en"]["headers"][0]:
        raise InputError([Problem(label, "does not look like a questionnaire generated by `pmo assess "
                                         "questionnaire` (no header on row 6 of sheet 'Questionnaire')")])
    respondent, role = cell(RESPONDENT_ROW, 2), cell(ROLE_ROW, 2)
    records = []
    for number in range(HEADER_ROW + 1, len(rows) + 1):
        question_id = cell(number, 1)
        if not question_id:
            continue
        score = rows[number - 1][SCORE_COLUMN - 1] if len(rows[number - 1]) >= SCORE_COLUMN else None
        if isinstance(score, float) and score.is_integer():
            score = int(score)
        records.append({"respondent": respondent, "role": role, "question_id": question_id,
                        "score": "" if score is None else str(score).strip(), "_row": number})
    frame = pd.DataFrame(records, columns=[*CSV_COLUMNS, "_row"])
    frame.attrs["respondent_cell"] = f"B{RESPONDENT_ROW}"
    return frame
