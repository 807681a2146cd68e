"""The kit rendered on the example engagement, read back as a person would: every template, both languages."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli import app
from governance.engagement.config import load_engagement
from governance.kit.render import generate
from governance.structure import default_governance as _default_model
from support.kit import document_text, governance, headings

TODAY = date(2026, 11, 21)
runner = CliRunner()


@pytest.fixture(scope="module")
def kits(example_template, tmp_path_factory):
    """The kit in French and English, rendered with the hand-written governance model."""
    root = tmp_path_factory.mktemp("kit") / "engagement"
    shutil.copytree(example_template, root)
    engagement = load_engagement(root)
    results = {
        language: generate(engagement, language=language, governance=governance(), today=TODAY)
        for language in ("fr", "en")
    }
    return root, results


def files(result: dict, suffix: str = ".docx") -> list[Path]:
    return [Path(d["file"]) for d in result["documents"] if d["file"].endswith(suffix)]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_template_renders_and_reads_back(kits, language):
    root, results = kits
    result = results[language]
    ids = {d["template_id"] for d in result["documents"]}
    assert len(ids) == 15 and result["warnings"] == []
    # one checklist per gate, one agenda and one minutes per body, four registers also in Excel, and the demand
    # register in Excel only
    assert result["count"] == 15 - 3 + 2 + 2 + 2 + 4
    other = "Document control" if language == "fr" else "Suivi du document"
    for path in files(result):
        text = document_text(path)
        assert "{{" not in text and "{%" not in text and "}}" not in text, path.name
        assert "Groupe Valmont Logistique" in text, path.name
        assert other not in text, path.name  # no label of the other language
        titles = headings(path)
        assert titles[0] and len(titles) >= 4, path.name
        properties = Document(str(path)).core_properties
        assert (
            "{{" not in properties.title and properties.author == "Claire Dumont, consultante PMO"
            if language == "fr"
            else properties.author.startswith("Claire Dumont")
        )


def text_of(result: dict, template_id: str, item: str = "") -> str:
    path = next(
        Path(d["file"])
        for d in result["documents"]
        if d["template_id"] == template_id and d["format"] == "docx" and d["item"] == item
    )
    return document_text(path)


def test_pmo_charter_is_filled_from_the_engagement(kits):
    _, results = kits
    text = text_of(results["fr"], "pmo_charter")
    for expected in (
        "Mission\u00a0: Donner à la direction une vue fiable du portefeuille",
        "Tous les projets de niveau 1 et 2 publient un rapport d'avancement mensuel",
        "30/06/2027",
        "Le PMO est un PMO de contrôle",
        "Suivi des projets — indicateurs",
        "Conseil de portefeuille",
        "Trimestriel, le premier lundi du trimestre à 10:00 (120 min)",
        "04/01/2027, 05/04/2027, 05/07/2027",  # the next three quarterly meetings
        "5\u00a0% / 10\u00a0%",
        "Niveau A — majeur",
        "500\u202f000\u00a0€ et plus",
        "Comité de pilotage (Niveau A — majeur\u00a0: Conseil de portefeuille)",
        "Instance d'approbation de la charte\u00a0: Conseil de portefeuille.",
    ):
        assert expected in text, expected
    english = text_of(results["en"], "pmo_charter")
    assert "The PMO is a controlling PMO" in english and "EUR 500,000 and above" in english
    document = Document(
        str(next(Path(d["file"]) for d in results["fr"]["documents"] if d["template_id"] == "pmo_charter"))
    )
    assert len(document.inline_shapes) == 1  # the governance structure chart (the logo is in the header)


def test_per_gate_and_per_body_documents(kits):
    root, results = kits
    result = results["fr"]
    names = sorted(Path(d["file"]).name for d in result["documents"] if d["item"])
    assert names == [
        "11-revue-de-jalon-1-pret-pour-l-execution.docx",
        "11-revue-de-jalon-2-pret-pour-la-cloture.docx",
        "13-ordre-du-jour-comite-de-pilotage.docx",
        "13-ordre-du-jour-conseil-de-portefeuille.docx",
        "14-compte-rendu-comite-de-pilotage.docx",
        "14-compte-rendu-conseil-de-portefeuille.docx",
    ]
    checklist = text_of(result, "stage_gate_checklist", "go")
    assert "Revue de jalon 1\u00a0: Prêt pour l'exécution" in checklist
    assert "Charte signée" in checklist and "Budget détaillé" in checklist and "Référence approuvée" in checklist
    assert "Prochain jalon" in checklist and "Prêt pour la clôture" in checklist
    agenda = text_of(result, "meeting_agenda", "steering")
    # Next fortnightly Wednesday after Saturday 21 November 2026 in a meeting week: 25 November.
    assert "25/11/2026" in agenda and "14:00 (60 min)" in agenda and "Prochaine séance\u00a0: 09/12/2026." in agenda
    assert "Examen\u00a0: registre des risques" in agenda and "Points à escalader (Conseil de portefeuille)" in agenda
    minutes = text_of(result, "meeting_minutes", "steering")
    assert "6. Escalades — Conseil de portefeuille" in minutes
    assert "Escalades" not in text_of(result, "meeting_minutes", "board")  # the top body escalates to no one


def test_blank_kit_keeps_clear_placeholders(kits):
    _, results = kits
    charter = text_of(results["fr"], "project_charter")
    assert "[Nom du projet]" in charter and "[jj/mm/aaaa]" in charter and "[À compléter]" in charter
    assert "[Project name]" in text_of(results["en"], "project_charter")
    assert "Version" in charter and "Claire Dumont, consultante PMO" in charter  # document control block


def test_registers_as_excel(kits):
    _, results = kits
    workbooks = files(results["fr"], ".xlsx")
    assert sorted(p.name for p in workbooks) == [
        "05-registre-des-risques.xlsx",
        "06-journal-des-problemes.xlsx",
        "07-journal-des-decisions.xlsx",
        "08-journal-des-changements.xlsx",
        "15-registre-des-demandes.xlsx",
    ]
    risks = load_workbook(workbooks[0])
    sheet = risks.worksheets[0]
    assert risks.sheetnames == ["Registre des risques", "Échelles", "Listes"]
    assert sheet.freeze_panes == "B6" and sheet["A5"].value == "Réf." and sheet["H5"].value == "Score"
    assert sheet["H6"].value == '=IF(OR(F6="",G6=""),"",F6*G6)'
    assert sheet["I6"].value == (
        '=IF(H6="","",IF(H6>=15,"Critique",IF(H6>=10,"Élevée",IF(H6>=5,"Modérée",IF(H6>=1,"Faible","")))))'
    )
    lists = {str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["F"] == "'Listes'!$A$2:$A$6"  # likelihood 1-5
    assert lists["D"] == "'Listes'!$C$2:$C$10"  # nine risk categories
    assert [c.value for c in risks["Listes"]["C"][1:4]] == ["Stratégique", "Financier", "Planning"]
    issues = load_workbook(workbooks[1]).worksheets[0]
    bodies = load_workbook(workbooks[1])["Listes"]
    assert [c.value for c in bodies["J"][1:3]] == ["Conseil de portefeuille", "Comité de pilotage"]
    assert issues["L6"].value == '=IF(B6="","",IF(K6="",TODAY(),K6)-B6)'


def test_generating_twice_gives_the_same_files(kits, tmp_path):
    root, results = kits
    again = generate(load_engagement(root), language="fr", governance=governance(), today=TODAY)
    assert [(d["file"], d["sha256"]) for d in again["documents"]] == [
        (d["file"], d["sha256"]) for d in results["fr"]["documents"]
    ]


def test_manifest_lists_every_file_with_its_hash(kits):
    root, results = kits
    manifest = root / "out" / "kit" / "manifest.csv"
    rows = list(csv.DictReader(io.StringIO(manifest.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert len(rows) == results["fr"]["count"] + results["en"]["count"]  # both languages kept
    first = next(r for r in rows if r["file"] == "01-charte-du-pmo.docx")
    assert first["template_id"] == "pmo_charter" and first["language"] == "fr" and first["kind"] == "kit"
    import hashlib

    assert first["sha256"] == hashlib.sha256((root / "out" / "kit" / first["file"]).read_bytes()).hexdigest()


def test_stale_documents_are_removed_unless_edited(example):
    engagement = load_engagement(example)
    generate(engagement, governance=governance(), today=TODAY)
    kit = example / "out" / "kit"
    edited = kit / "14-compte-rendu-comite-de-pilotage.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")  # someone worked on it
    smaller = governance()
    smaller["gates"] = [g for g in smaller["gates"] if g["id"] == "go"]
    for tier in smaller["tiers"]:
        tier["gates"] = [g for g in tier["gates"] if g == "go"]
    smaller["bodies"][1]["id"] = "project_board"
    smaller["bodies"][1]["name"] = {"fr": "Comité projet", "en": "Project board"}
    for tier in smaller["tiers"]:
        if tier["escalation_body"] == "steering":
            tier["escalation_body"] = "project_board"
    result = generate(engagement, governance=smaller, today=TODAY)
    assert sorted(result["removed"]) == [
        "kit/11-revue-de-jalon-2-pret-pour-la-cloture.docx",
        "kit/13-ordre-du-jour-comite-de-pilotage.docx",
    ]
    assert not (kit / "11-revue-de-jalon-2-pret-pour-la-cloture.docx").exists() and edited.exists()
    assert result["warnings"] == [
        "kit/14-compte-rendu-comite-de-pilotage.docx: no longer part of the kit but edited since generated: kept"
    ]
    # --only never removes anything
    result = generate(engagement, only=["status_report"], governance=smaller, today=TODAY)
    assert result["count"] == 1 and result["removed"] == [] and (kit / "01-charte-du-pmo.docx").exists()


def test_project_documents_from_the_project_list(example):
    """The example's 25 projects (6 in tier 1, 10 in tier 2, 9 in tier 3) with the default governance:
    charter, business case and status report for tiers 1 and 2, no business case for tier 3."""
    engagement = load_engagement(example)
    result = generate(
        engagement,
        projects="data/projects.csv",
        governance=_default_model("controlling").model_dump(mode="json"),
        today=TODAY,
    )
    assert result["projects"] == 25 and result["count"] == 6 * 3 + 10 * 3 + 9 * 2
    made = {(d["project_id"], d["template_id"]) for d in result["documents"]}
    assert ("PRJ-010", "business_case") not in made and ("PRJ-002", "business_case") in made
    folder = example / "out" / "projects" / "PRJ-001"
    charter = document_text(folder / "charte-de-projet-PRJ-001.docx")
    for expected in (
        "Nouveau WMS entrepôt de Lyon",
        "Marc Delorme",
        "Julien Moreau",
        "2\u202f400\u202f000\u00a0€",
        "01/09/2025",
        "31/03/2027",
    ):
        assert expected in charter
    assert "{{" not in charter and "[Nom du projet]" not in charter


@pytest.fixture
def two_tier_projects(example) -> Path:
    path = example / "data" / "projets-test.csv"
    path.write_text(
        "id;nom;sponsor;chef_de_projet;budget;debut;fin\n"
        "A-1;Grand projet;Marc;Julie;1 200 000;05/01/2026;31/12/2027\n"
        "B-2;Petit projet;Anne;Luc;80 000;01/03/2026;30/09/2026\n",
        encoding="utf-8",
    )
    return path


def test_documents_follow_each_projects_tier(example, two_tier_projects):
    result = generate(load_engagement(example), projects=str(two_tier_projects), governance=governance(), today=TODAY)
    made = sorted((d["project_id"], d["template_id"]) for d in result["documents"])
    # major needs a business case, minor does not; registers and kit documents are not per project
    assert made == [
        ("A-1", "business_case"),
        ("A-1", "project_charter"),
        ("A-1", "status_report"),
        ("B-2", "project_charter"),
        ("B-2", "status_report"),
    ]
    status = document_text(example / "out" / "projects" / "B-2" / "rapport-avancement-B-2.docx")
    assert "Niveau B — courant" in status and "15\u00a0% / 25\u00a0%" in status and "novembre 2026" in status
    assert "Rapport trimestriel du chef de projet" in status
    charter = document_text(example / "out" / "projects" / "A-1" / "charte-de-projet-A-1.docx")
    assert "Conseil de portefeuille" in charter  # the major tier's own approver of the closing gate


def test_default_governance_and_the_example_model(example):
    """Without governance.yaml the kit still renders (default from the PMO type); with the example's
    governance.yaml too."""
    engagement = load_engagement(example)
    with_model = generate(engagement, today=TODAY)
    assert with_model["governance"] in ("governance.yaml", "default") and with_model["count"] > 20
    (example / "governance.yaml").unlink(missing_ok=True)
    without = generate(engagement, today=TODAY)
    assert without["governance"] == "default"
    for d in without["documents"]:
        if d["file"].endswith(".docx"):
            assert "{{" not in document_text(Path(d["file"]))


def test_cli_generate_kit_and_projects(example, monkeypatch):
    from governance.structure import ResolvedGovernance

    monkeypatch.setattr(
        "governance.kit.render.resolve_governance",
        lambda engagement: ResolvedGovernance(_default_model("controlling"), "governance.yaml"),
    )
    result = runner.invoke(
        app, ["templates", "generate", str(example), "--only", "status_report,risk_register", "--lang", "en", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["ok"] and payload["count"] == 3 and payload["language"] == "en"
    assert payload["governance"] == "governance.yaml" and result.stderr == ""
    assert sorted(Path(d["file"]).name for d in payload["documents"]) == [
        "04-status-report.docx",
        "05-risk-register.docx",
        "05-risk-register.xlsx",
    ]
    result = runner.invoke(app, ["templates", "generate", str(example), "--projects", "data/projects.csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("66 documents pre-filled for 25 projects (fr) in ")
    manifest = example / "out" / "projects" / "manifest.csv"
    rows = list(csv.DictReader(io.StringIO(manifest.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert (
        len(rows) == 66
        and rows[0]["project_id"] == "PRJ-001"
        and rows[0]["project_name"] == "Nouveau WMS entrepôt de Lyon"
    )


def test_cli_generate_reports_every_bad_input(example):
    bad = example / "data" / "bad.csv"
    bad.write_text("id;nom;niveau\n../x;A;tier1\nP-2;B;tier9\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["templates", "generate", str(example), "--projects", str(bad), "--only", "nope,risk_register", "--lang", "de"],
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        "--lang: 'de' is not allowed; expected fr or en",
        "--only: 'nope' is not a document of the kit; expected one of business_case, project_charter, status_report",
        "--only: 'risk_register' is not a project document (with --projects only these are pre-filled); expected "
        "one of business_case, project_charter, status_report",
    ]
    assert lines[3].startswith("data/bad.csv: row 2: column id: project id '../x' is not allowed")
    assert lines[4].startswith("data/bad.csv: row 3: column niveau: tier 'tier9' is unknown")
    assert len(lines) == 5 and not (example / "out" / "projects").exists()
