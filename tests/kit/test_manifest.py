"""The kit's manifest, the engagement's overrides and `pmo templates check`."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from docx import Document
from typer.testing import CliRunner

from flows.cli import app
from governance.core.docx.template_source import default_templates_dir
from governance.engagement.config import load_engagement
from governance.kit.manifest import check_kit, load_kit, read_manifest
from support.kit import governance

runner = CliRunner()
KIT_IDS = {
    "pmo_charter",
    "project_charter",
    "business_case",
    "status_report",
    "risk_register",
    "issue_log",
    "decision_log",
    "change_log",
    "change_request",
    "lessons_learned",
    "stage_gate_checklist",
    "communication_plan",
    "meeting_agenda",
    "meeting_minutes",
    "demand_register",
}
XLSX_ONLY = {"demand_register"}  # workbooks the kit writes whole, no Word template behind them


def add_paragraph(source: Path, target: Path, text: str) -> Path:
    document = Document(str(source))
    document.add_paragraph(text)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def blank_template(target: Path, *paragraphs: str, title: str = "", header: str = "") -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.title = title
    if header:
        document.sections[0].header.paragraphs[0].text = header
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def check(example: Path):
    return check_kit(load_engagement(example), governance=governance(), today=date(2026, 11, 21))


def test_default_manifest_is_complete():
    entries, problems = read_manifest(default_templates_dir() / "manifest.yaml", "manifest.yaml")
    assert problems == []
    kit = [e for e in entries if e.kind != "report"]
    assert {e.id for e in kit} == KIT_IDS
    for entry in kit:
        assert set(entry.title) == {"fr", "en"} and entry.file["fr"] != entry.file["en"]
        for language in ("fr", "en"):
            has_template = (default_templates_dir() / f"{entry.id}.{language}.docx").is_file()
            assert has_template == (entry.id not in XLSX_ONLY), (entry.id, language)
    assert {e.id for e in entries if "xlsx" in e.formats} == {
        "risk_register",
        "issue_log",
        "decision_log",
        "change_log",
        "demand_register",
    }
    assert {e.id for e in entries if e.formats == ["xlsx"]} == XLSX_ONLY


def test_manifest_variables_are_what_the_templates_read():
    """The manifest documents each template's variables: kept in step with the .docx files."""
    from governance.core.docx import inspect_template

    entries, _ = read_manifest(default_templates_dir() / "manifest.yaml", "manifest.yaml")
    for entry in entries:
        if "docx" not in entry.formats:
            continue
        for language in ("fr", "en"):
            info = inspect_template(default_templates_dir() / f"{entry.id}.{language}.docx", language)
            assert info.problems == []
            assert info.variables == set(entry.variables), (entry.id, language)


def test_the_default_kit_checks_clean(example):
    report = check(example)
    assert report.problems == [] and report.warnings == []
    assert len(report.checked) >= 2 * len(KIT_IDS)


@pytest.mark.parametrize(
    "manifest, expected",
    [
        (
            {"templates": [{"id": "../../etc/x", "kind": "kit", "title": {"fr": "X"}}]},
            "templates/manifest.yaml: templates[0].id: template id '../../etc/x' is not allowed; expected lower-case "
            "letters, digits, '_' or '-' (no path)",
        ),
        (
            {"templates": [{"id": "note", "kind": "memo", "title": {"fr": "X"}}]},
            "templates/manifest.yaml: templates[0].kind: Input should be 'kit', 'project' or 'report' (got 'memo')",
        ),
        (
            {"templates": [{"id": "note", "kind": "kit", "title": {"fr": "X"}, "colour": "red"}]},
            "templates/manifest.yaml: templates[0].colour: is not a known field (check the spelling)",
        ),
        (
            {"templates": [{"id": "note", "kind": "kit", "title": {"fr": "X"}, "file": {"fr": "../note"}}]},
            "templates/manifest.yaml: templates[0].file: file name '../note' (fr) is not allowed; expected lower-case "
            "letters, digits, '_' or '-' (no path, no extension)",
        ),
        (
            {"templates": [{"id": "note", "kind": "kit", "title": {"fr": "X"}, "formats": ["docx", "xlsx"]}]},
            "templates/manifest.yaml: templates[0].formats: only the registers risk_register, issue_log, decision_log, "
            "change_log exist as Excel workbooks",
        ),
        (
            {
                "templates": [
                    {"id": "demand_register", "kind": "kit", "title": {"fr": "X"}, "formats": ["docx", "xlsx"]}
                ]
            },
            "templates/manifest.yaml: 'demand_register' is written by pmo-kit itself (no template); expected no entry "
            "for it here",
        ),
        (
            {
                "templates": [
                    {"id": "memo", "kind": "kit", "title": {"fr": "X"}, "formats": ["xlsx"], "writer": "os:system"}
                ]
            },
            "templates/manifest.yaml: templates[0].writer: writer 'os:system' is not allowed; expected a function of "
            "governance.portfolio",
        ),
        (
            {"templates": [{"id": "memo", "kind": "kit", "title": {"fr": "X"}, "formats": ["xlsx"]}]},
            "templates/manifest.yaml: templates[0].formats: a kit document needs the docx format",
        ),
        (
            {
                "templates": [
                    {"id": "note", "kind": "kit", "title": {"fr": "X"}},
                    {"id": "note", "kind": "kit", "title": {"fr": "Y"}},
                ]
            },
            "templates/manifest.yaml: templates[1].id: template id 'note' appears twice",
        ),
    ],
)
def test_override_manifest_problems(example, manifest, expected):
    (example / "templates" / "manifest.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    assert expected in [str(p) for p in load_kit(example / "templates").problems]


def test_override_file_names(example):
    templates = example / "templates"
    source = default_templates_dir() / "status_report.fr.docx"
    for name in ("charte.fr.docx", "notes.docx", "status_report.de.docx", "~$status_report.fr.docx", ".hidden.docx"):
        shutil.copy(source, templates / name)
    shutil.copy(source, templates / "status_report.fr.docx")
    kit = load_kit(templates)
    assert [str(p) for p in kit.problems] == [
        "templates/charte.fr.docx: unknown template id 'charte': it overrides nothing; expected one of "
        + ", ".join(sorted(kit.templates))
        + ", or add an entry for it in templates/manifest.yaml",
        "templates/notes.docx: expected a file name like <id>.fr.docx or <id>.en.docx",
        "templates/status_report.de.docx: expected a file name like <id>.fr.docx or <id>.en.docx",
    ]
    assert kit.template_file("status_report", "fr") == (
        templates / "status_report.fr.docx",
        "templates/status_report.fr.docx",
    )
    assert kit.template_file("status_report", "en")[1] == "document_templates/status_report.en.docx"


def test_check_catches_a_broken_override(example):
    templates = example / "templates"
    default = default_templates_dir()
    add_paragraph(
        default / "project_charter.fr.docx",
        templates / "project_charter.fr.docx",
        "Budget validé : {{ project.budget | number }",
    )
    add_paragraph(default / "status_report.fr.docx", templates / "status_report.fr.docx", "Rédigé par {{ redacteur }}")
    add_paragraph(default / "issue_log.fr.docx", templates / "issue_log.fr.docx", "Montant : {{ project.budgett }}")
    add_paragraph(
        default / "lessons_learned.fr.docx", templates / "lessons_learned.fr.docx", "{{ ''.__class__.__mro__ }}"
    )
    problems = [str(p) for p in check(example).problems]
    assert problems[0].startswith("templates/project_charter.fr.docx: Jinja syntax error in the body: unexpected '}'")
    assert problems[0].endswith("near: «Budget validé : {{ project.budget | number }»")
    assert "templates/status_report.fr.docx: uses variable 'redacteur' that the kit does not supply" in problems
    missing = next(p for p in problems if p.startswith("templates/issue_log.fr.docx"))
    assert (
        "'dict object' has no attribute 'budgett'" in missing and "near: «Montant : {{ project.budgett }}»" in missing
    )
    assert (
        "templates/lessons_learned.fr.docx: the body reaches for internal attribute(s) __class__, __mro__: "
        "refused by the sandbox"
    ) in problems
    assert len(problems) == 4


def test_a_new_document_from_the_engagement(example):
    templates = example / "templates"
    (templates / "manifest.yaml").write_text(
        yaml.safe_dump(
            {
                "templates": [
                    {
                        "id": "kickoff_note",
                        "kind": "kit",
                        "order": 20,
                        "title": {"fr": "Note de lancement", "en": "Kick-off note"},
                        "file": {"fr": "note-de-lancement", "en": "kickoff-note"},
                        "tiers": "all",
                    }
                ]
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    blank_template(
        templates / "kickoff_note.fr.docx",
        "Lancement pour {{ client.name }} par {{ consultant }}",
        title="Note — {{ client.name }}",
    )
    kit = load_kit(templates)
    assert kit.problems == [] and kit.templates["kickoff_note"].declared_in == "templates/manifest.yaml"
    report = check(example)
    assert report.problems == []
    assert report.warnings == ["no English template for 'kickoff_note' (expected templates/kickoff_note.en.docx)"]


def test_governance_listing_an_unknown_document(example):
    model = governance()
    model["tiers"][0]["documents"].append("weekly_memo")
    report = check_kit(load_engagement(example), governance=model, today=date(2026, 11, 21))
    assert [str(p) for p in report.problems] == [
        "governance.yaml: tiers[0].documents: unknown document 'weekly_memo'; the kit has " + ", ".join(sorted(KIT_IDS))
    ]


def test_cli_check(example):
    result = runner.invoke(app, ["templates", "check", str(example)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("templates checked (0 from templates/): no problem.")
    add_paragraph(
        default_templates_dir() / "change_request.en.docx",
        example / "templates" / "change_request.en.docx",
        "{% for x in %}",
    )
    result = runner.invoke(app, ["templates", "check", str(example)])
    assert result.exit_code == 2
    assert result.stderr.startswith("templates/change_request.en.docx: Jinja syntax error in the body:")
    result = runner.invoke(app, ["templates", "check", str(example), "--json"])
    payload = json.loads(result.stdout)
    assert result.exit_code == 2 and payload["ok"] is False
    assert payload["problems"][0]["file"] == "templates/change_request.en.docx"


def test_a_word_file_for_the_demand_register_is_not_used(example):
    """The demand register is a workbook only: a .docx dropped for it is reported and left out, not rendered."""
    blank_template(example / "templates" / "demand_register.fr.docx", "Registre")
    kit = load_kit(example / "templates")
    assert kit.problems == [] and ("demand_register", "fr") not in kit.overrides
    assert kit.warnings == [
        "templates/demand_register.fr.docx: 'demand_register' is written as an Excel workbook only; this file is not used"
    ]
    report = check(example)
    assert report.problems == [] and not any("demand_register" in label for label in report.checked)
