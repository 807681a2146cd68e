"""End to end on the example engagement: `pmo assess` through the CLI, the flow, the store and the report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import func, select
from typer.testing import CliRunner

from flows.cli import app
from governance.assessment.store import Assessment, AssessmentResponse, DimensionScore
from governance.core.store import open_store, transaction
from support import document_text

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def counts(engagement: Path) -> tuple[int, int, int]:
    engine = open_store(f"sqlite:///{engagement / 'pmo.db'}")
    try:
        with transaction(engine) as session:
            return tuple(
                session.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (Assessment, AssessmentResponse, DimensionScore)
            )
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def assessed(example_template, tmp_path_factory):
    import shutil

    root = tmp_path_factory.mktemp("assessed") / "engagement"
    shutil.copytree(example_template, root)
    result = invoke("assess", "run", str(root), "--json")
    assert result.exit_code == 0, result.output
    return root, json.loads(result.stdout)


def test_run_scores_stores_and_reports(assessed):
    root, payload = assessed
    assert payload["ok"] and payload["campaign"] == "2026-10" and payload["previous_campaign"] == "2026-04"
    assert payload["stored_campaigns"] == ["2026-04", "2026-10"] and payload["respondents"] == 14
    levels = [d["level"] for d in payload["dimensions"] if d["level"] is not None]
    assert payload["overall_level"] == min(levels)
    assert len(payload["dimensions"]) == 10
    # every stored response row is there: respondents x questions, per campaign
    assert counts(root) == (2, (10 + 14) * 50, 2 * 10)
    assert sum(payload["answers"].values()) == 14 * 50


def test_report_reads_back_with_scores_and_recommendations(assessed):
    root, payload = assessed
    report = Path(payload["report"])
    assert report.is_file() and report.parent == root / "out" / "assessment"
    text = document_text(report)
    assert "Groupe Valmont Logistique" in text and "{{" not in text and "{%" not in text
    governance = next(d for d in payload["dimensions"] if d["dimension_id"] == "governance")
    assert f"{governance['median']:.1f}".replace(".", ",") in text  # French decimal comma
    for item in payload["roadmap"]:
        assert item["title"] in text
    assert "Progrès depuis l'évaluation précédente (2026-04)" in text
    assert "Gouvernance" in text and "Synthèse" in text
    document = Document(str(report))
    assert any(shape.width > 0 for shape in document.inline_shapes)  # the radar chart


def test_rerun_gives_the_same_rows(assessed):
    root, first = assessed
    before = counts(root)
    result = invoke("assess", "run", str(root), "--json")
    assert result.exit_code == 0
    again = json.loads(result.stdout)
    assert counts(root) == before
    assert again["dimensions"] == first["dimensions"]


def test_bad_answer_exits_2_naming_file_row_question_and_stores_nothing(example):
    csv_file = example / "data" / "responses" / "2026-10" / "reponses-unite-sud.csv"
    lines = csv_file.read_text(encoding="utf-8-sig").splitlines()
    person, role, question_id, _ = lines[5].split(";")
    lines[5] = f"{person};{role};{question_id};7"
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("assess", "run", str(example))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"data/responses/2026-10/reponses-unite-sud.csv: row 6: column score: question "
        f"{question_id}: score '7' is not allowed; expected 1, 2, 3, 4, 5 or N/A"
    )
    assert not (example / "out" / "assessment").exists()
    assert counts(example) == (0, 0, 0)


def test_bad_config_exits_2_with_one_line(example):
    config = example / "pmo.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("type: controlling", "type: controling"), encoding="utf-8"
    )
    result = invoke("assess", "run", str(example), "--json")
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert payload["ok"] is False and payload["problems"][0]["key"] == "pmo.type"
    line = config.read_text(encoding="utf-8").splitlines().index("  type: controling") + 1
    assert result.stderr.count("\n") == 1 and f"pmo.yaml: line {line}: pmo.type:" in result.stderr


@pytest.mark.parametrize("fmt, suffix", [("xlsx", ".xlsx"), ("csv", ".csv")])
def test_questionnaire_command(example, fmt, suffix):
    result = invoke("assess", "questionnaire", str(example), "--format", fmt, "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    path = Path(payload["file"])
    assert path.suffix == suffix and path.is_file() and payload["questions"] == 50
    if fmt == "csv":
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "respondent,role,question_id,score" and len(lines) == 51


def test_questionnaire_bad_format(example):
    result = invoke("assess", "questionnaire", str(example), "--format", "pdf")
    assert result.exit_code == 2 and "--format: 'pdf' is not allowed; expected xlsx or csv" in result.stderr


def test_real_process_prints_no_traceback(assessed, tmp_path):
    """As a user runs it: a fresh process, Prefect's ephemeral API, nothing on stderr."""
    root, _ = assessed
    completed = subprocess.run(
        [sys.executable, "-c", "from flows.cli import main; main()", "assess", "run", str(root)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert completed.stdout.startswith("Assessment 2026-10: 14 respondents")


def test_assessment_on_postgresql(example, database_url, monkeypatch):
    """The same run against PostgreSQL when PMO_DATABASE_URL points at it (param 'sqlite' = the default file)."""
    if database_url.startswith("postgresql"):
        monkeypatch.setenv("PMO_DATABASE_URL", database_url)
    result = invoke("assess", "run", str(example), "--json")
    assert result.exit_code == 0, result.output
    from governance.engagement.config import load_engagement

    engine = open_store(load_engagement(example).database_url())
    try:
        with transaction(engine) as session:
            stored = session.execute(select(func.count()).select_from(AssessmentResponse)).scalar_one()
    finally:
        engine.dispose()
    assert stored == (10 + 14) * 50
    assert (example / "pmo.db").exists() == database_url.startswith("sqlite")


def test_report_opens_in_libreoffice(assessed, tmp_path):
    """Word and LibreOffice must open the report without a repair prompt: LibreOffice converts it to a PDF."""
    import shutil

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    _, payload = assessed
    completed = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), payload["report"]],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / (Path(payload["report"]).stem + ".pdf")
    assert completed.returncode == 0 and pdf.is_file(), completed.stderr
    import re

    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
    assert pages >= 8, pages  # the report's pages, not an empty shell


def test_consultants_own_bank_and_responses_path(tmp_path, tiny_bank_path):
    """pmo.yaml points at the consultant's bank; --responses reads one file outside data/responses/."""
    root = tmp_path / "client"
    root.mkdir()
    (root / "bank.yaml").write_text(tiny_bank_path.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "pmo.yaml").write_text(
        "engagement_id: acme-0001\nclient: {name: Acme}\nlanguage: en\nassessment:\n  question_bank: bank.yaml\n  default_target: 3\n",
        encoding="utf-8",
    )
    answers = tmp_path / "baseline" / "answers.csv"
    answers.parent.mkdir()
    answers.write_text(
        "respondent;role;question_id;score\nAnn;PM;governance.1;2\nAnn;PM;governance.2;3\n"
        "Ann;PM;risk.1;4\nBob;Sponsor;governance.1;4\nBob;Sponsor;risk.2;N/A\n",
        encoding="utf-8",
    )
    result = invoke("assess", "run", str(root), "--responses", str(answers), "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    scores = {d["dimension_id"]: d for d in payload["dimensions"]}
    assert payload["campaign"] == "baseline" and set(scores) == {"governance", "risk"}
    assert scores["governance"]["median"] == 3.25  # voices 2.5 and 4
    assert scores["risk"]["respondents"] == 1 and scores["risk"]["level"] == 4
    assert payload["answers"] == {"answered": 4, "na": 1, "not_answered": 3}
    assert Path(payload["report"]).name == "assessment-report-baseline.docx"

    (root / "bank.yaml").write_text("id: broken\nlevels: {}\ndimensions: []\n", encoding="utf-8")
    result = invoke("assess", "run", str(root), "--responses", str(answers))
    assert result.exit_code == 2
    assert all(line.startswith("bank.yaml: ") for line in result.stderr.strip().splitlines()), result.stderr
