"""Gathering and validating filled questionnaires: every bad answer named by file, row and question."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd

from governance.assessment.bank import QuestionBank
from governance.assessment.questionnaire import CSV_COLUMNS, read_questionnaire_xlsx
from governance.core.problems import InputError, Problem, read_all
from governance.core.tabular import read_csv_table

RESPONSE_SUFFIXES = (".csv", ".xlsx")
NOT_APPLICABLE = {"n/a", "na", "s/o", "so", "sans objet", "not applicable"}
DEFAULT_CAMPAIGN = "current"


def discover_campaigns(responses_dir: Path) -> dict[str, list[Path]]:
    """Each sub-folder of data/responses/ is a campaign (e.g. 2026-10/); loose files form 'current'."""
    campaigns: dict[str, list[Path]] = {}
    if not responses_dir.is_dir():
        return campaigns
    loose = _response_files(responses_dir)
    if loose:
        campaigns[DEFAULT_CAMPAIGN] = loose
    for folder in sorted(p for p in responses_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files = _response_files(folder)
        if files:
            campaigns[folder.name] = files
    return campaigns


def _response_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in RESPONSE_SUFFIXES and not p.name.startswith(("~$", "."))
    )


def files_date(files: list[Path]) -> date:
    return datetime.fromtimestamp(max(p.stat().st_mtime for p in files)).date()


def read_response_file(path: Path, label: str) -> pd.DataFrame:
    if path.suffix.lower() == ".xlsx":
        frame = read_questionnaire_xlsx(path, label)
    else:
        frame = read_csv_table(path, label)
        frame.columns = [c.strip().lower() if c != "_row" else c for c in frame.columns]
        missing = [c for c in CSV_COLUMNS if c not in frame.columns]
        if missing:
            raise InputError(
                [
                    Problem(
                        label,
                        f"missing column {c!r}; expected columns {', '.join(CSV_COLUMNS)}",
                        row=1,
                        column=c,
                        code="missing-column",
                    )
                    for c in missing
                ]
            )
        frame = frame[[*CSV_COLUMNS, "_row"]]
    return frame.assign(source_file=label)


def validate_responses(raw: pd.DataFrame, bank: QuestionBank) -> tuple[pd.DataFrame, list[Problem]]:
    """Check answers; return long-form responses (one row per respondent and question) and problems.

    A question a respondent did not answer becomes status 'not_answered' (never a zero).
    """
    problems: list[Problem] = []
    frame = raw.copy()
    for column in ("respondent", "role", "question_id", "score"):
        frame[column] = frame[column].fillna("").astype(str).str.strip()

    def report(mask: pd.Series, column: str, code: str, message) -> None:
        for record in frame[mask].to_dict("records"):
            problems.append(
                Problem(record["source_file"], message(record), row=int(record["_row"]), column=column, code=code)
            )

    no_name = frame["respondent"] == ""
    report(
        no_name,
        "respondent",
        "empty-respondent",
        lambda r: f"question {r['question_id'] or '?'}: respondent name is empty; expected the respondent's name",
    )
    unknown = ~frame["question_id"].isin(bank.question_ids)
    report(
        unknown,
        "question_id",
        "unknown-question",
        lambda r: (
            f"unknown question id {r['question_id']!r}; expected an id of the question bank such as 'governance.1'"
        ),
    )

    lowered = frame["score"].str.lower()
    is_na = lowered.isin(NOT_APPLICABLE)
    numeric = pd.to_numeric(frame["score"].str.replace(",", ".", regex=False), errors="coerce")
    whole = numeric.notna() & (numeric == numeric.round()) & numeric.between(1, 5)
    blank = frame["score"] == ""
    invalid = ~(is_na | whole | blank)
    report(
        invalid,
        "score",
        "invalid-score",
        lambda r: f"question {r['question_id']}: score {r['score']!r} is not allowed; expected 1, 2, 3, 4, 5 or N/A",
    )

    key = ["respondent", "question_id"]
    duplicated = frame.duplicated(key, keep=False) & ~no_name & ~unknown
    if duplicated.any():
        for (respondent, question_id), group in frame[duplicated].groupby(key, sort=False):
            places = ", ".join(f"{f} row {r}" for f, r in zip(group["source_file"], group["_row"], strict=True))
            first = group.iloc[0]
            problems.append(
                Problem(
                    first["source_file"],
                    f"question {question_id}: {respondent!r} answered "
                    f"more than once ({places}); expected one answer per respondent",
                    row=int(first["_row"]),
                    column="question_id",
                    code="duplicate-answer",
                )
            )
    roles = frame[~no_name].groupby("respondent")["role"].agg(lambda s: sorted(set(s) - {""}))
    for respondent, distinct in roles.items():
        if len(distinct) > 1:
            first = frame[frame["respondent"] == respondent].iloc[0]
            problems.append(
                Problem(
                    first["source_file"],
                    f"respondent {respondent!r} is given several roles {distinct}; expected one role per respondent",
                    column="role",
                    code="several-roles",
                )
            )
    if problems:
        return pd.DataFrame(), sorted(problems, key=lambda p: (p.file, p.row or 0))

    frame["status"] = "answered"
    frame.loc[is_na, "status"] = "na"
    frame.loc[blank, "status"] = "not_answered"
    frame["score"] = numeric.where(whole).astype("Int64")
    frame["role"] = frame.groupby("respondent")["role"].transform(lambda s: max(s, key=len))
    frame = frame.rename(columns={"_row": "source_row"})
    return _complete(frame, bank), []


def _complete(frame: pd.DataFrame, bank: QuestionBank) -> pd.DataFrame:
    """Add a 'not_answered' row for every question a respondent's files left out."""
    questions = bank.questions_frame("en")[["question_id", "dimension_id"]]
    people = frame.groupby("respondent", sort=False).agg(role=("role", "first"), source_file=("source_file", "first"))
    grid = people.reset_index().merge(questions, how="cross")
    merged = grid.merge(
        frame[["respondent", "question_id", "score", "status", "source_row", "source_file"]],
        on=["respondent", "question_id"],
        how="left",
        suffixes=("_person", ""),
    )
    merged["status"] = merged["status"].fillna("not_answered")
    merged["source_file"] = merged["source_file"].fillna(merged["source_file_person"])
    merged["source_row"] = merged["source_row"].astype("Int64")
    return merged[
        ["respondent", "role", "question_id", "dimension_id", "score", "status", "source_file", "source_row"]
    ].reset_index(drop=True)


def load_responses(files: list[Path], labels: list[str], bank: QuestionBank) -> pd.DataFrame:
    """Read and validate a campaign's files together; raise InputError listing every problem."""
    frames = read_all(zip(files, labels, strict=True), lambda item: read_response_file(*item))
    raw = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if raw.empty:
        raise InputError([Problem(labels[0] if labels else "data/responses", "no answers found", code="no-answers")])
    responses, problems = validate_responses(raw, bank)
    if problems:
        raise InputError(problems)
    return responses
