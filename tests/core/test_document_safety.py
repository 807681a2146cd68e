"""Templates may come from a client or be edited by hand: every safety rule of the renderer and the kit."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from governance.core.docx import Branding, render_docx, sandbox
from governance.core.docx.template_source import check_template_id, template_path
from governance.core.problems import InputError
from governance.engagement.config import load_engagement
from governance.kit.render import KitRenderer, generate
from support.kit import document_text, governance

TODAY = date(2026, 11, 21)
BRANDING = Branding(footer="Client — PMO", classification="Interne")


def template(
    tmp_path: Path,
    body: str = "Bonjour {{ name }}",
    title: str = "",
    header: str = "",
    footer: str = "",
    name: str = "note.fr.docx",
) -> Path:
    document = Document()
    document.add_paragraph("Introduction")
    document.add_paragraph(body)
    document.core_properties.title = title
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    path = tmp_path / name
    document.save(str(path))
    return path


def render(path: Path, context: dict, target: Path):
    return render_docx(path, context, target, language="fr", branding=BRANDING, template_label=f"templates/{path.name}")


def refused(path: Path, context: dict, target: Path) -> str:
    with pytest.raises(InputError) as caught:
        render(path, context, target)
    assert not target.exists(), "nothing is written from a refused template"
    assert not list(target.parent.glob(".*.tmp")), "no temporary file left behind"
    (problem,) = caught.value.problems
    assert problem.file == f"templates/{path.name}"
    return problem.message


# ------------------------------------------------------------------------- a template cannot reach Python


PAYLOADS = [
    "{{ lipsum.__globals__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ ''|attr('__class__') }}",
    "{{ name['__class__'] }}",
    "{{ self._TemplateReference__context }}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("where", ["body", "title", "header", "footer"])
def test_reaching_for_internals_is_refused_naming_the_template(tmp_path, payload, where):
    kwargs = {"body": "Bonjour"} if where != "body" else {"body": payload}
    if where != "body":
        kwargs[where] = payload
    path = template(tmp_path, **kwargs)
    message = refused(path, {"name": "x"}, tmp_path / "out" / "note.docx")
    place = {
        "body": "the body",
        "title": "the document property title",
        "header": "the header",
        "footer": "the footer",
    }[where]
    assert message.startswith(f"{place} reaches for internal attribute(s)") and message.endswith(
        "refused by the sandbox"
    )


@pytest.mark.parametrize(
    "body, expected",
    [
        # Built at run time, so only the sandbox itself can see it.
        (
            "{% set n = '__cla' ~ 'ss__' %}{{ ''|attr(n) }}",
            "template tried an unsafe operation and was refused "
            "(access to attribute '__class__' of 'str' object is unsafe.)",
        ),
        ("{% set n = '__cla' ~ 'ss__' %}{{ name[n] }}", "template tried an unsafe operation and was refused"),
        (
            "{{ 'a' * 100000000 }}",
            "template tried an unsafe operation and was refused (template expression builds a value that is too large)",
        ),
        (
            "{{ 'x'|center(1000000000) }}",
            "template tried an unsafe operation and was refused (template passes a number that is too large)",
        ),
        ("{{ range(200000)|list }}", "template error (OverflowError): Range too big."),
        (
            "{{ range(10000000)|list }}",
            "template tried an unsafe operation and was refused (template passes a number that is too large)",
        ),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "template tried an unsafe operation and was refused (template loops too many times)",
        ),
        ("{{ 1 / 0 }}", "template error (ZeroDivisionError): division by zero"),
    ],
)
def test_sandbox_at_run_time(tmp_path, body, expected):
    message = refused(template(tmp_path, body=body), {"name": "x"}, tmp_path / "note.docx")
    assert message.startswith(expected)


def test_a_runaway_render_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_RENDER_SECONDS", 0.0)
    message = refused(
        template(tmp_path, body="{% for i in items %}{{ i.name }}{% endfor %}"),
        {"items": [{"name": "a"}] * 10},
        tmp_path / "note.docx",
    )
    assert message.startswith("template tried an unsafe operation and was refused (template took too long")


# ------------------------------------------------------------------------------ never a silent blank


@pytest.mark.parametrize("where", ["body", "title", "header"])
def test_a_missing_variable_names_template_and_variable(tmp_path, where):
    kwargs = {"body": "Projet : {{ projet }}"} if where == "body" else {"body": "ok", where: "Projet : {{ projet }}"}
    message = refused(template(tmp_path, **kwargs), {"name": "x"}, tmp_path / "note.docx")
    place = {"body": "", "title": "in the document property title: ", "header": "in the header: "}[where]
    assert message.startswith(f"{place}template uses a variable the context does not supply ('projet' is undefined)")
    assert message.endswith("near: «Projet : {{ projet }}»")


def test_a_missing_field_names_it_and_where_it_is(tmp_path):
    message = refused(
        template(tmp_path, body="Budget : {{ project.budgett|number }}"),
        {"project": {"budget": 5}},
        tmp_path / "note.docx",
    )
    assert message == (
        "template uses a variable the context does not supply ('dict object' has no attribute "
        "'budgett'); near: «Budget : {{ project.budgett|number }}»"
    )


def test_a_syntax_error_shows_the_text_around_it(tmp_path):
    message = refused(template(tmp_path, body="Budget : {{ project.budget | number }"), {}, tmp_path / "note.docx")
    assert message.startswith("Jinja syntax error in the body: unexpected '}'")
    assert "Budget : {{ project.budget | number }" in message


# --------------------------------------------------------------------------- values appear as they are


def test_xml_special_characters_appear_literally(tmp_path):
    value = "R&D < 5 & x>3 </w:t></w:r></w:p><w:p><w:r><w:t>injected"
    path = template(tmp_path, body="Valeur : {{ name }}", title="Titre {{ name }}", header="{{ name }}")
    target = tmp_path / "note.docx"
    render(path, {"name": value}, target)
    document = Document(str(target))
    assert [p.text for p in document.paragraphs] == ["Introduction", f"Valeur : {value}"]
    assert document.core_properties.title == f"Titre {value}"
    assert document.sections[0].header.paragraphs[0].text == value


def test_control_characters_are_removed_with_a_warning_naming_the_field(tmp_path):
    path = template(tmp_path, body="{{ project.name }} / {{ items[1] }}")
    target = tmp_path / "note.docx"
    result = render(path, {"project": {"name": "Projet\x0bA\x00B"}, "items": ["ok", "x\x07y"]}, target)
    assert result.warnings == ["project.name: control characters removed", "items[1]: control characters removed"]
    assert "ProjetAB / xy" in document_text(target)


def test_rendering_twice_gives_the_same_bytes(tmp_path):
    path = template(tmp_path, body="{{ name }}")
    first = render(path, {"name": "même"}, tmp_path / "a.docx").path.read_bytes()
    second = render(path, {"name": "même"}, tmp_path / "b.docx").path.read_bytes()
    assert first == second


# ------------------------------------------------------------------------------ atomic writes


def test_an_interrupted_write_leaves_the_previous_file(tmp_path, monkeypatch):
    path = template(tmp_path, body="{{ name }}")
    target = tmp_path / "note.docx"
    render(path, {"name": "version 1"}, target)
    before = target.read_bytes()

    def crash(self, data):
        with open(self, "wb") as handle:
            handle.write(data[:100])  # half a file, then the machine stops
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", crash)
    with pytest.raises(KeyboardInterrupt):
        render(path, {"name": "version 2"}, target)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_interrupted_kit_run_publishes_nothing(example, monkeypatch):
    calls = {"n": 0}
    original = KitRenderer.render

    def render_then_stop(self, job):
        calls["n"] += 1
        if calls["n"] == 6:
            raise KeyboardInterrupt
        return original(self, job)

    monkeypatch.setattr(KitRenderer, "render", render_then_stop)
    with pytest.raises(KeyboardInterrupt):
        generate(load_engagement(example), governance=governance(), today=TODAY)
    out = example / "out"
    assert not (out / "kit").exists()
    assert [p.name for p in out.iterdir() if p.name.startswith(".kit-staging")] == []


def test_a_broken_override_stops_the_kit_before_anything_is_written(example):
    from docx import Document as open_document

    from governance.core.docx.template_source import default_templates_dir

    document = open_document(str(default_templates_dir() / "decision_log.fr.docx"))
    document.core_properties.title = "{{ lipsum.__globals__ }}"
    document.save(str(example / "templates" / "decision_log.fr.docx"))
    document = open_document(str(default_templates_dir() / "change_request.fr.docx"))
    document.add_paragraph("{{ oubli }}")
    document.save(str(example / "templates" / "change_request.fr.docx"))
    with pytest.raises(InputError) as caught:
        generate(load_engagement(example), governance=governance(), today=TODAY)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "templates/decision_log.fr.docx: the document property title reaches for internal attribute(s) __globals__: "
        "refused by the sandbox",
        "templates/change_request.fr.docx: template uses a variable the context does not supply ('oubli' is "
        "undefined); near: «{{ oubli }}»",
    ]
    assert not (example / "out" / "kit").exists()


# -------------------------------------------------------------------------- ids that become paths


@pytest.mark.parametrize("bad", ["../../etc/x", "..", "a/b", "A", "", "x" * 65, "note.fr"])
def test_template_ids_cannot_leave_the_folder(bad):
    with pytest.raises(InputError):
        check_template_id(bad)
    with pytest.raises(InputError):
        template_path(bad, "fr", None)


def test_names_from_the_governance_model_make_safe_file_names(example):
    model = governance()
    model["gates"][1]["name"] = {"fr": "../../etc/passwd", "en": "../../etc/passwd"}
    model["bodies"][0]["name"] = {"fr": "/tmp/évasion", "en": "/tmp/escape"}
    result = generate(load_engagement(example), governance=model, today=TODAY)
    kit = (example / "out" / "kit").resolve()
    for d in result["documents"]:
        assert Path(d["file"]).resolve().parent == kit
    names = {Path(d["file"]).name for d in result["documents"]}
    assert "11-revue-de-jalon-1-etc-passwd.docx" in names and "13-ordre-du-jour-tmp-evasion.docx" in names


# ------------------------------------------------------------------- spreadsheets cannot run formulas


def test_xlsx_cells_are_neutralised_but_not_the_kits_formulas(example):
    model = governance()
    model["bodies"][1]["name"] = {"fr": '=HYPERLINK("http://evil","clic")', "en": "=1+1"}
    engagement = load_engagement(example)
    config = engagement.config.model_copy(
        update={"client": engagement.config.client.model_copy(update={"name": "@SUM(A1)"})}
    )
    engagement = type(engagement)(root=engagement.root, config=config)
    generate(engagement, only=["issue_log", "risk_register"], governance=model, today=TODAY)
    issues = load_workbook(example / "out" / "kit" / "06-journal-des-problemes.xlsx")
    assert issues["Listes"]["J3"].value == '\'=HYPERLINK("http://evil","clic")'
    assert issues.worksheets[0]["A1"].value == "Journal des problèmes — @SUM(A1)"  # does not start a formula
    risks = load_workbook(example / "out" / "kit" / "05-registre-des-risques.xlsx").worksheets[0]
    assert risks["H6"].value.startswith("=IF(") and risks["I6"].value.startswith("=IF(")


def test_csv_manifest_cells_are_neutralised(example):
    projects = example / "data" / "formules.csv"
    projects.write_text(
        "id;nom;niveau\nP-1;=SUM(A1:A9);major\nP-2;+33 6 00;minor\nP-3;-2+3;minor\nP-4;@cmd;minor\n", encoding="utf-8"
    )
    generate(load_engagement(example), projects=str(projects), governance=governance(), today=TODAY)
    text = (example / "out" / "projects" / "manifest.csv").read_text(encoding="utf-8-sig")
    names = {row["project_name"] for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert names == {"'=SUM(A1:A9)", "'+33 6 00", "'-2+3", "'@cmd"}
    charter = document_text(example / "out" / "projects" / "P-1" / "charte-de-projet-P-1.docx")
    assert "=SUM(A1:A9)" in charter  # in Word the name stays as written


def test_control_characters_in_a_project_list_are_reported(example):
    projects = example / "data" / "controle.csv"
    projects.write_bytes(b"id;nom;niveau\nP-1;Projet\x0bA;major\n")
    result = generate(
        load_engagement(example), projects=str(projects), only=["project_charter"], governance=governance(), today=TODAY
    )
    assert result["warnings"] == ["data/controle.csv: row 2: name: control characters removed"]
    assert "ProjetA" in document_text(example / "out" / "projects" / "P-1" / "charte-de-projet-P-1.docx")
