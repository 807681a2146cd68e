"""The bad-input corpus: every file is refused by the command that reads it, precisely, and nothing changes.

For each case the example engagement (set up once: bootstrap, a review, the lessons imported) is copied, the
bad file is put where the command reads it, and the CLI runs in a subprocess as a user runs it. The case
passes when the command exits 2, its message names the file (and the row and column the case declares), no
traceback is printed, and the store's rows and the files under out/ are exactly as before (support.state).

The files are in tests/robustness/corpus/; those awkward to commit (bombs, hand-zipped workbooks, Word files)
are built from the short descriptions below by corpus/build.py. Cases the README lists as warnings (a
missing update, control characters removed from a template value...) are not bad input and are not here.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.state import state_of

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2026-10"
TIMEOUT = 240

_spec = importlib.util.spec_from_file_location("corpus_build", CORPUS / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

REVIEW = ["review", "{eng}", "--period", PERIOD]
ASSESS = ["assess", "run", "{eng}"]
GOVERNANCE = ["governance", "setup", "{eng}"]
STAFFING = ["staffing", "plan", "{eng}"]
LESSONS = ["lessons", "import", "{eng}"]
KIT = ["templates", "generate", "{eng}", "--only", "project_charter"]
PROJECTS = ["templates", "generate", "{eng}", "--only", "project_charter", "--projects", "{eng}/data/projets.csv"]

STATUS = f"data/status/{PERIOD}.csv"
STATUS_XLSX = f"data/status/{PERIOD}.xlsx"
RESPONSES = f"data/responses/{PERIOD}/reponses-unite-sud.csv"
RESPONSES_XLSX = f"data/responses/{PERIOD}/questionnaire-hugo-blanc.xlsx"
PEOPLE, PEOPLE_XLSX = "data/people.csv", "data/people.xlsx"
LESSON = "data/lessons/lecons-apprises-2026-s1.csv"
LESSON_XLSX, LESSON_DOCX = "data/lessons/registre.xlsx", "data/lessons/retour-experience.docx"
PROJECT_LIST = "data/projets.csv"

STATUS_HEADER = (CORPUS / "status-header-only.csv").read_text(encoding="utf-8").strip().split(";")
STATUS_ROW = (
    "PRJ-001;Nouveau WMS entrepôt de Lyon;Niveau 1;Marc Delorme;Julien Moreau;30/10/2026;01/09/2025;2400000;"
    "1500000;1450000;1520000;60;31/03/2027;31/03/2027;Recette;22/03/2027;22/03/2027;5;1;100000;;;Vert"
).split(";")
PEOPLE_HEADER = (CORPUS / "people-header-only.csv").read_text(encoding="utf-8").strip().split(";")
PEOPLE_ROW = ["Mathilde Rousseau", "Responsable du PMO", 1, 4, 3, 4, 3, 3, 2, 3, 3, 4, 3, 2, ""]
LESSON_HEADER = ["Projet", "Catégorie", "Leçon apprise", "Mots-clés", "Date"]
LESSON_ROW = ["PRJ-004", "Fournisseurs", "Exiger un lot de reprise chiffré à part.", "contrat", "15/01/2026"]
PROJECT_HEADER = ["id", "nom", "sponsor", "chef_de_projet", "niveau", "budget", "debut", "fin"]


def _with(row: list, position: int, value) -> list:
    return [value if index == position else cell for index, cell in enumerate(row)]


def _questionnaire(target: Path, engagement: Path, cell: str, value) -> Path:
    """One of the example's filled questionnaires with one cell changed."""
    from openpyxl import load_workbook

    workbook = load_workbook(engagement / RESPONSES_XLSX)
    workbook["Questionnaire"][cell] = value
    workbook.save(target)
    return target


def _lessons_docx(target: Path, lesson: str) -> Path:
    session = [["Projet", "Nouveau WMS (PRJ-001)"], ["Date de la séance", "15/01/2026"]]
    header = ["N°", "Ce qui s'est passé", "Ce qui a bien marché", "À reproduire", "À éviter", "Recommandation"]
    return build.docx(target, ["Retour d'expérience"], [session, [header, ["1", lesson, "", "", "", "Tester tôt"]]])


def _pmo_yaml_edit(find: str, replace: str) -> Callable[[Path, Path], Path]:
    def make(target: Path, engagement: Path) -> Path:
        text = (engagement / "pmo.yaml").read_text(encoding="utf-8")
        assert find in text
        target.write_text(text.replace(find, replace, 1), encoding="utf-8")
        return target

    return make


def _governance_edit(find: str, replace: str) -> Callable[[Path, Path], Path]:
    def make(target: Path, engagement: Path) -> Path:
        text = (engagement / "governance.yaml").read_text(encoding="utf-8")
        assert find in text
        target.write_text(text.replace(find, replace, 1), encoding="utf-8")
        return target

    return make


@dataclass(frozen=True)
class Case:
    """A bad file, where the command reads it, and what the refusal must name."""

    name: str  # the corpus file, or the name of a built one
    command: list[str]
    place: str  # where the file goes, relative to the engagement
    file: str  # the file the message names
    row: int | None = None
    column: str | None = None
    make: Callable[[Path, Path], Path] | None = None  # (target, engagement) -> target, for built files
    remove: tuple[str, ...] = ()  # files taken away first (e.g. people.csv when people.xlsx is the input)
    says: str = ""  # a few words the message must hold


CASES = [
    # ---- status files (monthly review)
    Case("status-wrong-delimiter.csv", REVIEW, STATUS, STATUS, row=1, says="missing"),
    Case("status-comma-delimiter-french-decimals.csv", REVIEW, STATUS, STATUS, row=2, says="fields"),
    Case("status-mixed-encodings.csv", REVIEW, STATUS, STATUS, row=3, column="Sponsor", says="0xE9"),
    Case("status-undefined-byte.csv", REVIEW, STATUS, STATUS, row=3, column="Intitulé", says="0x81"),
    Case("status-utf16.csv", REVIEW, STATUS, STATUS, row=1, says="UTF-16"),
    Case("status-nul-byte.csv", REVIEW, STATUS, STATUS, row=2, column="Intitulé", says="NUL"),
    Case("status-extra-fields.csv", REVIEW, STATUS, STATUS, row=3, says="fields"),
    Case("status-duplicate-header.csv", REVIEW, STATUS, STATUS, row=1, column="Niveau", says="duplicate"),
    Case("status-impossible-date.csv", REVIEW, STATUS, STATUS, row=2, column="Date de statut", says="31/02/2026"),
    Case("status-month-first-date.csv", REVIEW, STATUS, STATUS, row=3, column="Date de statut", says="10/29/2026"),
    Case("status-empty.csv", REVIEW, STATUS, STATUS, says="empty"),
    Case("status-header-only.csv", REVIEW, STATUS, STATUS),
    Case("status-csv-renamed.xlsx", REVIEW, STATUS_XLSX, STATUS_XLSX, remove=(STATUS,), says="xlsx"),
    Case(
        "status-oversize-cell.csv",
        REVIEW,
        STATUS,
        STATUS,
        row=2,
        column="Intitulé",
        says="32,767",
        make=lambda t, e: build.oversize_csv(t, ";".join(STATUS_HEADER), "PRJ-001;", ";" + ";".join(STATUS_ROW[2:])),
    ),
    Case(
        "status-zip-bomb.xlsx",
        REVIEW,
        STATUS_XLSX,
        STATUS_XLSX,
        remove=(STATUS,),
        says="unsafe",
        make=lambda t, e: build.zip_bomb_xlsx(t),
    ),
    Case(
        "status-entity-bomb.xlsx",
        REVIEW,
        STATUS_XLSX,
        STATUS_XLSX,
        remove=(STATUS,),
        make=lambda t, e: build.entity_bomb_xlsx(t, STATUS_HEADER),
    ),
    Case(
        "status-formula-without-value.xlsx",
        REVIEW,
        STATUS_XLSX,
        STATUS_XLSX,
        row=2,
        column="Valeur acquise (VA)",
        remove=(STATUS,),
        says="formula",
        make=lambda t, e: build.xlsx(t, [STATUS_HEADER, _with(STATUS_ROW, 9, "=1450*1000")]),
    ),
    Case(
        "status-control-character.xlsx",
        REVIEW,
        STATUS_XLSX,
        STATUS_XLSX,
        row=2,
        column="Intitulé",
        remove=(STATUS,),
        says="U+0001",
        make=lambda t, e: build.xlsx(t, [STATUS_HEADER, _with(STATUS_ROW, 1, "Nouveau_x0001_WMS")]),
    ),
    Case(
        "status-replacement-character.xlsx",
        REVIEW,
        STATUS_XLSX,
        STATUS_XLSX,
        row=2,
        column="Sponsor",
        remove=(STATUS,),
        says="U+FFFD",
        make=lambda t, e: build.xlsx(t, [STATUS_HEADER, _with(STATUS_ROW, 3, "Marc Del\ufffdrme")]),
    ),
    Case(
        "status-merged-header.xlsx",
        REVIEW,
        STATUS_XLSX,
        STATUS_XLSX,
        row=1,
        remove=(STATUS,),
        says="missing",
        make=lambda t, e: build.merged_header_xlsx(t, ["Code projet", "Valeurs"], STATUS_HEADER, STATUS_ROW),
    ),
    # ---- questionnaires (assess run)
    Case("responses-mixed-encodings.csv", ASSESS, RESPONSES, RESPONSES, row=3, column="respondent", says="0xE9"),
    Case("responses-undefined-byte.csv", ASSESS, RESPONSES, RESPONSES, row=3, column="respondent", says="0x8F"),
    Case("responses-extra-fields.csv", ASSESS, RESPONSES, RESPONSES, row=3, says="fields"),
    Case("responses-duplicate-header.csv", ASSESS, RESPONSES, RESPONSES, row=1, column="score", says="duplicate"),
    Case("responses-csv-renamed.xlsx", ASSESS, RESPONSES_XLSX, RESPONSES_XLSX, says="xlsx"),
    Case(
        "questionnaire-formula-without-value.xlsx",
        ASSESS,
        RESPONSES_XLSX,
        RESPONSES_XLSX,
        row=7,
        column="Note (1-5 ou N/A)",
        says="formula",
        make=lambda t, e: _questionnaire(t, e, "I7", "=1+2"),
    ),
    Case(
        "questionnaire-control-character.xlsx",
        ASSESS,
        RESPONSES_XLSX,
        RESPONSES_XLSX,
        row=3,
        column="B",
        says="U+0007",
        make=lambda t, e: _questionnaire(t, e, "B3", "Hugo_x0007_Blanc"),
    ),
    # ---- pmo.yaml (read by every command)
    Case("pmo-syntax-error.yaml", STAFFING, "pmo.yaml", "pmo.yaml", row=6, column="1", says="invalid YAML"),
    Case("pmo-unknown-key.yaml", STAFFING, "pmo.yaml", "pmo.yaml", row=6, says="branding.colour"),
    Case("pmo-bad-values.yaml", STAFFING, "pmo.yaml", "pmo.yaml", row=3, says="client.staff"),
    Case("pmo-windows-1252.yaml", REVIEW, "pmo.yaml", "pmo.yaml", row=2, column="13", says="0xE9"),
    Case("pmo-control-character.yaml", REVIEW, "pmo.yaml", "pmo.yaml", row=2, column="13", says="U+0007"),
    Case("pmo-not-a-mapping.yaml", STAFFING, "pmo.yaml", "pmo.yaml", row=1, says="mapping"),
    Case("pmo-alias-bomb.yaml", STAFFING, "pmo.yaml", "pmo.yaml", says="aliases"),
    Case(
        "pmo-deep-nesting.yaml",
        STAFFING,
        "pmo.yaml",
        "pmo.yaml",
        says="nested",
        make=lambda t, e: t.write_text("client:\n  name: " + "[" * 3000 + "]" * 3000 + "\n") and t,
    ),
    Case(
        "pmo-bad-colour.yaml",
        STAFFING,
        "pmo.yaml",
        "pmo.yaml",
        row=40,  # the example's pmo.yaml: engagement_id on line 2, three objectives bound to a metric
        says="branding.primary_colour",
        make=_pmo_yaml_edit("primary_colour: '#1F4E79'", "primary_colour: bleu"),
    ),
    # ---- governance.yaml (governance setup)
    Case("governance-not-a-mapping.yaml", GOVERNANCE, "governance.yaml", "governance.yaml", says="mapping"),
    Case(
        "governance-windows-1252.yaml", GOVERNANCE, "governance.yaml", "governance.yaml", row=3, column="6", says="0xE8"
    ),
    Case("governance-syntax-error.yaml", GOVERNANCE, "governance.yaml", "governance.yaml", row=4),
    Case(
        "governance-unknown-pmo-type.yaml",
        GOVERNANCE,
        "governance.yaml",
        "governance.yaml",
        row=7,
        says="pmo_type",
        make=_governance_edit("pmo_type: controlling", "pmo_type: dictatorial"),
    ),
    # ---- template overrides (templates generate)
    Case(
        "template-csv-renamed.docx",
        KIT,
        "templates/project_charter.fr.docx",
        "templates/project_charter.fr.docx",
    ),
    Case(
        "template-zip-bomb.docx",
        KIT,
        "templates/project_charter.fr.docx",
        "templates/project_charter.fr.docx",
        make=lambda t, e: build.zip_bomb_docx(t),
    ),
    Case(
        "template-reaches-python.docx",
        KIT,
        "templates/project_charter.fr.docx",
        "templates/project_charter.fr.docx",
        make=lambda t, e: build.docx(t, ["{{ cycler.__init__.__globals__.os.system('touch /tmp/pwned') }}"]),
    ),
    Case(
        "template-undefined-variable.docx",
        KIT,
        "templates/project_charter.fr.docx",
        "templates/project_charter.fr.docx",
        says="nothing_here",
        make=lambda t, e: build.docx(t, ["{{ nothing_here }}"]),
    ),
    # ---- people (staffing plan)
    Case("people-wrong-delimiter.csv", STAFFING, PEOPLE, PEOPLE, row=3, column="ETP", says="FTE"),
    Case("people-undefined-byte.csv", STAFFING, PEOPLE, PEOPLE, row=3, column="nom", says="0x90"),
    Case("people-mixed-encodings.csv", STAFFING, PEOPLE, PEOPLE, row=3, column="nom", says="0xE9"),
    Case("people-duplicate-header.csv", STAFFING, PEOPLE, PEOPLE, row=1, column="communication", says="duplicate"),
    Case("people-empty.csv", STAFFING, PEOPLE, PEOPLE, says="empty"),
    Case("people-header-only.csv", STAFFING, PEOPLE, PEOPLE, says="no person"),
    Case("people-extra-fields.csv", STAFFING, PEOPLE, PEOPLE, row=3, says="fields"),
    Case("people-csv-renamed.xlsx", STAFFING, PEOPLE_XLSX, PEOPLE_XLSX, remove=(PEOPLE,), says="xlsx"),
    Case(
        "people-control-character.xlsx",
        STAFFING,
        PEOPLE_XLSX,
        PEOPLE_XLSX,
        row=2,
        column="nom",
        remove=(PEOPLE,),
        says="U+001B",
        make=lambda t, e: build.xlsx(t, [PEOPLE_HEADER, _with(PEOPLE_ROW, 0, "Mathilde_x001B_")]),
    ),
    Case(
        "people-formula-without-value.xlsx",
        STAFFING,
        PEOPLE_XLSX,
        PEOPLE_XLSX,
        row=2,
        column="ETP",
        remove=(PEOPLE,),
        says="formula",
        make=lambda t, e: build.xlsx(t, [PEOPLE_HEADER, _with(PEOPLE_ROW, 2, "=1/2")]),
    ),
    Case(
        "people-oversize-cell.csv",
        STAFFING,
        PEOPLE,
        PEOPLE,
        row=2,
        column="certifications",
        says="32,767",
        make=lambda t, e: build.oversize_csv(t, ";".join(PEOPLE_HEADER), "Mathilde;Analyste PMO;1;" + "3;" * 11, ""),
    ),
    Case(
        "people-zip-bomb.xlsx",
        STAFFING,
        PEOPLE_XLSX,
        PEOPLE_XLSX,
        remove=(PEOPLE,),
        says="unsafe",
        make=lambda t, e: build.zip_bomb_xlsx(t),
    ),
    # ---- lessons (lessons import)
    Case("lessons-mixed-encodings.csv", LESSONS, LESSON, LESSON, row=3, column="Leçon apprise", says="0xE9"),
    Case("lessons-impossible-date.csv", LESSONS, LESSON, LESSON, row=2, column="Date", says="30/02/2026"),
    Case("lessons-month-first-date.csv", LESSONS, LESSON, LESSON, row=2, column="Date", says="01/15/2026"),
    Case("lessons-extra-fields.csv", LESSONS, LESSON, LESSON, row=2, says="fields"),
    Case("lessons-duplicate-header.csv", LESSONS, LESSON, LESSON, row=1, column="Catégorie", says="duplicate"),
    Case("lessons-csv-renamed.xlsx", LESSONS, LESSON_XLSX, LESSON_XLSX, says="xlsx"),
    Case("lessons-empty.csv", LESSONS, LESSON, LESSON, says="empty"),
    Case(
        "lessons-entity-bomb.xlsx",
        LESSONS,
        LESSON_XLSX,
        LESSON_XLSX,
        make=lambda t, e: build.entity_bomb_xlsx(t, LESSON_HEADER),
    ),
    Case(
        "lessons-formula-without-value.xlsx",
        LESSONS,
        LESSON_XLSX,
        LESSON_XLSX,
        row=2,
        column="Date",
        says="formula",
        make=lambda t, e: build.xlsx(t, [LESSON_HEADER, _with(LESSON_ROW, 4, "=TODAY()")]),
    ),
    Case(
        "lessons-replacement-character.docx",
        LESSONS,
        LESSON_DOCX,
        LESSON_DOCX,
        row=2,
        column="Ce qui s'est passé",
        says="U+FFFD",
        make=lambda t, e: _lessons_docx(t, "La recette a \ufffdt\ufffd"),
    ),
    # ---- project lists (templates generate --projects): ids name folders
    Case("projects-reserved-con.csv", PROJECTS, PROJECT_LIST, PROJECT_LIST, row=3, column="id", says="CON"),
    Case("projects-reserved-lpt1-extension.csv", PROJECTS, PROJECT_LIST, PROJECT_LIST, row=3, column="id"),
    Case("projects-reserved-nul-lower.csv", PROJECTS, PROJECT_LIST, PROJECT_LIST, row=2, column="id", says="nul"),
    Case("projects-trailing-dot.csv", PROJECTS, PROJECT_LIST, PROJECT_LIST, row=3, column="id"),
    Case("projects-traversal.csv", PROJECTS, PROJECT_LIST, PROJECT_LIST, row=2, column="id", says="../evil"),
    Case("projects-month-first-date.csv", PROJECTS, PROJECT_LIST, PROJECT_LIST, row=3, column="debut"),
    Case("projects-impossible-date.csv", PROJECTS, PROJECT_LIST, PROJECT_LIST, row=2, column="fin"),
    Case("projects-undefined-byte.csv", PROJECTS, PROJECT_LIST, PROJECT_LIST, row=3, column="nom", says="0x9D"),
    Case("projects-extra-fields.csv", PROJECTS, PROJECT_LIST, PROJECT_LIST, row=2, says="fields"),
    Case("projects-duplicate-header.csv", PROJECTS, PROJECT_LIST, PROJECT_LIST, row=1, column="nom"),
    Case("projects-header-only.csv", PROJECTS, PROJECT_LIST, PROJECT_LIST, says="no project"),
    Case(
        "projects-csv-renamed.xlsx",
        [*PROJECTS[:-1], "{eng}/data/projets.xlsx"],
        "data/projets.xlsx",
        "data/projets.xlsx",
        says="xlsx",
    ),
    Case(
        "projects-reserved-com9.xlsx",
        [*PROJECTS[:-1], "{eng}/data/projets.xlsx"],
        "data/projets.xlsx",
        "data/projets.xlsx",
        row=2,
        column="id",
        says="COM9",
        make=lambda t, e: build.xlsx(t, [PROJECT_HEADER, ["COM9", "Série", "A", "B", "tier1", 1000, "", ""]]),
    ),
]


@pytest.fixture(scope="module")
def engagement_with_history(example_template: Path, tmp_path_factory) -> Path:
    """The example engagement after a full set-up, a review and the lessons import: a store and out/ to keep."""
    root = tmp_path_factory.mktemp("corpus") / "engagement"
    shutil.copytree(example_template, root)
    for command in (["bootstrap", "{eng}"], REVIEW, LESSONS):
        result = _cli(command, root)
        assert result.returncode == 0, result.stdout + result.stderr
    return root


def _cli(command: list[str], engagement: Path) -> subprocess.CompletedProcess:
    arguments = [part.replace("{eng}", str(engagement)) for part in command]
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *arguments],
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_refused_precisely_and_changes_nothing(case: Case, engagement_with_history: Path, tmp_path):
    engagement = tmp_path / "engagement"
    shutil.copytree(engagement_with_history, engagement)
    for relative in case.remove:
        (engagement / relative).unlink()
    target = engagement / case.place
    target.parent.mkdir(parents=True, exist_ok=True)
    if case.make is not None:
        case.make(target, engagement)
    else:
        shutil.copyfile(CORPUS / case.name, target)
    before = state_of(engagement)

    result = _cli(case.command, engagement)

    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 2, output
    lines = [line for line in output.splitlines() if line.startswith(f"{case.file}: ")]
    assert lines, f"no message names {case.file}:\n{output}"
    unit = "line" if case.file.endswith((".yaml", ".yml")) else "row"  # a YAML file's rows are lines of text
    where = f"{case.file}: " + (f"{unit} {case.row}: " if case.row is not None else "")
    where += f"column {case.column}: " if case.column is not None else ""
    assert any(line.startswith(where) for line in lines), f"expected {where!r}:\n{output}"
    if case.says:
        assert any(case.says in line for line in lines), f"expected {case.says!r} in:\n{output}"
    assert state_of(engagement) == before
    assert not Path("/tmp/pwned").exists()
