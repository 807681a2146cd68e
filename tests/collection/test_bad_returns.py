"""Returned forms that must be refused by `pmo collect merge`: exit 2, one problem naming the file (and the sheet,
row and column when the fault is in a cell) with a stable code, and nothing written: no data/status/<period>.csv
and the collection tables as they were. Then --partial, and a project returned twice (the latest return wins)."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from typer.testing import CliRunner

from flows.cli import app
from governance.collection.form_layout import FIRST_FIELD_ROW, META_SHEET, form_fields, identity_row
from governance.collection.store import CollectionForm, CollectionMessage, CollectionReturn
from governance.core.store import open_store, transaction
from support.collection import figures, fill_form, form_projects, read_status_csv

runner = CliRunner()
PERIOD = "2026-11"
DAY = date(2026, 11, 30)
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def field_row(name: str) -> int:
    return FIRST_FIELD_ROW + [f.name for f in form_fields()].index(name)


@pytest.fixture(scope="module")
def prepared_template(example_template, tmp_path_factory) -> Path:
    """The example with the forms of 2026-11 (and of 2026-10, for the wrong-period case) prepared, not sent."""
    root = tmp_path_factory.mktemp("collection") / "engagement"
    shutil.copytree(example_template, root)
    shutil.rmtree(root / "data" / "inbox", ignore_errors=True)  # the example's own returns: each test sets its own
    for period in ("2026-10", PERIOD):
        result = invoke("collect", "prepare", str(root), "--period", period, "--no-send", "--json")
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def engagement(prepared_template, tmp_path) -> Path:
    root = tmp_path / "engagement"
    shutil.copytree(prepared_template, root)
    return root


def forms_of(root: Path, period: str = PERIOD) -> list[Path]:
    return sorted((root / "out" / "collection" / period / "forms").glob("*.xlsx"))


def inbox(root: Path) -> Path:
    folder = root / "data" / "inbox" / PERIOD
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def filled(form: Path, target: Path, edit=None, day: date = DAY, **values) -> Path:
    """Every project of `form` filled with sane figures (`values` override them), saved at `target`."""
    return fill_form(form, target, {p: figures(day, **values) for p in form_projects(form)}, edit=edit)


def stored(root: Path) -> dict[str, list[dict]]:
    engine = open_store(f"sqlite:///{root / 'pmo.db'}")
    try:
        with transaction(engine) as session:
            return {
                table.__tablename__: [dict(r._mapping) for r in session.execute(select(table.__table__)).all()]
                for table in (CollectionForm, CollectionMessage, CollectionReturn)
            }
    finally:
        engine.dispose()


def merge(root: Path, *options: str):
    return invoke("collect", "merge", str(root), "--period", PERIOD, *options)


# --- Each case drops one bad file in the inbox (beside a valid form) and says where the problem must point.
# A builder returns (file name, sheet, row, column prefix); sheet/row/column are None for a whole-file refusal.


def other_period(root: Path, folder: Path):
    form = forms_of(root, "2026-10")[0]
    filled(form, folder / form.name, day=date(2026, 10, 30))
    return form.name, None, None, None


def identity_edited(root: Path, folder: Path):
    form = forms_of(root)[0]
    sheet = next(iter(form_projects(form).values()))

    def edit(workbook):
        workbook[sheet]["B3"] = "PRJ-999"

    filled(form, folder / form.name, edit=edit)
    return form.name, sheet, identity_row("project_id"), "B"


def other_engagement(root: Path, folder: Path):
    form = forms_of(root)[0]

    def edit(workbook):
        workbook[META_SHEET]["B3"] = "autre-client-0000"  # the hidden sheet's engagement line

    filled(form, folder / form.name, edit=edit)
    return form.name, None, None, None


def csv_file(root: Path, folder: Path):
    (folder / "retour.csv").write_text("id;nom;ac\nPRJ-005;Projet;520\n", encoding="utf-8")
    return "retour.csv", None, None, None


def random_workbook(root: Path, folder: Path):
    workbook = Workbook()
    workbook.active["A1"], workbook.active["B1"] = "project_id", "ac"
    workbook.active["A2"], workbook.active["B2"] = "PRJ-005", 520
    workbook.save(folder / "mon-suivi.xlsx")
    return "mon-suivi.xlsx", None, None, None


def encrypted(root: Path, folder: Path):
    # A password-protected .xlsx is an OLE compound file wrapping the encrypted package.
    (folder / "statut-protege.xlsx").write_bytes(OLE_MAGIC + bytes(range(256)) * 8)
    return "statut-protege.xlsx", None, None, None


def not_a_zip(root: Path, folder: Path):
    (folder / "statut.xlsx").write_bytes(b"PRJ-005;520\nthis is no workbook\n" * 10)
    return "statut.xlsx", None, None, None


def zip_bomb(root: Path, folder: Path):
    with zipfile.ZipFile(folder / "bombe.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    assert (folder / "bombe.xlsx").stat().st_size * 100 < 20 * 1024 * 1024
    return "bombe.xlsx", None, None, None


def cell_case(field: str, **values):
    def build(root: Path, folder: Path):
        form = forms_of(root)[0]
        sheet = next(iter(form_projects(form).values()))
        filled(form, folder / form.name, **values)
        return form.name, sheet, field_row(field), "C"

    return build


CASES = [
    pytest.param(other_period, "wrong-period", id="form-of-another-period"),
    pytest.param(identity_edited, "identity-edited", id="project-id-edited"),
    pytest.param(other_engagement, "other-engagement", id="form-of-another-engagement"),
    pytest.param(csv_file, "not-a-form", id="csv-in-inbox"),
    pytest.param(random_workbook, "not-a-form", id="workbook-without-identity"),
    pytest.param(encrypted, "encrypted-workbook", id="password-protected"),
    pytest.param(cell_case("ac", ac=-5), "negative", id="negative-cost"),
    pytest.param(cell_case("ev", ev=2000.0), "ev-above-bac", id="ev-above-bac"),
    pytest.param(cell_case("status_date", day=date(2206, 11, 30)), "date-out-of-range", id="date-in-2206"),
    pytest.param(cell_case("status_date", day=date(1926, 11, 30)), "date-out-of-range", id="date-in-1926"),
    pytest.param(not_a_zip, "not-xlsx", id="not-a-zip"),
    pytest.param(zip_bomb, "unsafe-xlsx", id="zip-bomb"),
]


@pytest.mark.parametrize(("build", "code"), CASES)
def test_a_bad_return_refuses_the_merge_and_writes_nothing(engagement, build, code):
    folder = inbox(engagement)
    good = forms_of(engagement)[1]
    filled(good, folder / good.name)  # a valid form beside it: the bad one still refuses the run
    name, sheet, row, column = build(engagement, folder)
    label = f"data/inbox/{PERIOD}/{name}"
    status_before = sorted(p.name for p in (engagement / "data" / "status").iterdir())
    before = stored(engagement)

    result = merge(engagement, "--json")

    assert result.exit_code == 2, result.output
    payload = json.loads(result.stdout)
    assert payload["ok"] is False
    assert {p["file"] for p in payload["problems"]} == {label}, payload["problems"]
    found = [p for p in payload["problems"] if p["code"] == code]
    assert found, payload["problems"]
    problem = found[0]
    assert (problem.get("sheet"), problem.get("row")) == (sheet, row)
    if column is None:
        assert problem.get("column") is None
    else:
        assert str(problem["column"]).startswith(column)
    # Nothing written: no status file for the month, the store as it was (no return recorded).
    assert not (engagement / "data" / "status" / f"{PERIOD}.csv").exists()
    assert sorted(p.name for p in (engagement / "data" / "status").iterdir()) == status_before
    after = stored(engagement)
    assert after == before
    assert after["collection_return"] == []


@pytest.mark.parametrize("year", [2206, 1926])
def test_an_absurd_status_date_is_out_of_range_and_outside_the_period(engagement, year):
    form = forms_of(engagement)[0]
    filled(form, inbox(engagement) / form.name, day=date(year, 11, 30))
    result = merge(engagement, "--json")
    assert result.exit_code == 2, result.output
    problems = json.loads(result.stdout)["problems"]
    assert {p["code"] for p in problems} == {"date-out-of-range", "date-outside-period"}
    assert {p["row"] for p in problems} == {field_row("status_date")}


def test_the_problem_line_names_file_sheet_row_and_column(engagement):
    form = forms_of(engagement)[0]
    sheet = next(iter(form_projects(form).values()))
    filled(form, inbox(engagement) / form.name, ac=-5)
    result = merge(engagement)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"data/inbox/{PERIOD}/{form.name}: sheet {sheet}: row {field_row('ac')}: column C ("), (
        lines[0]
    )
    assert "'-5' is negative" in lines[0]
    assert not (engagement / "data" / "status" / f"{PERIOD}.csv").exists()


def test_partial_merges_the_valid_forms_and_lists_the_refused(engagement):
    folder = inbox(engagement)
    bad, good = forms_of(engagement)[0], forms_of(engagement)[1]
    filled(bad, folder / bad.name, ac=-5)
    filled(good, folder / good.name)
    (folder / "notes.csv").write_text("id;nom\nPRJ-001;x\n", encoding="utf-8")
    bad_projects, good_projects = sorted(form_projects(bad)), sorted(form_projects(good))

    refused = merge(engagement, "--json")
    assert refused.exit_code == 2
    assert not (engagement / "data" / "status" / f"{PERIOD}.csv").exists()

    result = merge(engagement, "--partial", "--json")

    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["merged"] == len(good_projects)
    assert payload["forms"] == [f"data/inbox/{PERIOD}/{good.name}"]
    assert payload["refused_forms"] == [f"data/inbox/{PERIOD}/notes.csv"]
    assert payload["refused_projects"] == bad_projects
    assert any("negative" in line for line in payload["refused"])
    rows = read_status_csv(engagement / "data" / "status" / f"{PERIOD}.csv")
    assert sorted(r["project_id"] for r in rows) == good_projects
    assert {r["source_form"] for r in rows} == {f"data/inbox/{PERIOD}/{good.name}"}
    returns = stored(engagement)["collection_return"]
    assert sorted((r["project_id"], r["outcome"]) for r in returns) == sorted(
        [(p, "merged") for p in good_projects] + [(p, "refused") for p in bad_projects]
    )
    before = (engagement / "data" / "status" / f"{PERIOD}.csv").read_bytes()

    # A refused run after a merge leaves that merge as it was: the file and the recorded returns.
    refused_again = merge(engagement, "--json")
    assert refused_again.exit_code == 2
    assert (engagement / "data" / "status" / f"{PERIOD}.csv").read_bytes() == before
    assert stored(engagement)["collection_return"] == returns

    # Without --json the refused are listed too.
    text = merge(engagement, "--partial")
    assert text.exit_code == 0
    assert "Left out (--partial): 1 form(s) refused, 1 project(s) refused." in text.stdout


def eml(form: Path, target: Path, when: str) -> Path:
    message = EmailMessage()
    message["From"] = "Chef de projet <cdp@client.example>"
    message["To"] = "pmo@client.example"
    message["Subject"] = "RE: Rapport d'avancement"
    message["Date"] = when
    message.set_content("Ci-joint mon rapport.")
    message.add_attachment(
        form.read_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=form.name,
    )
    target.write_bytes(bytes(message))
    return target


def test_a_project_returned_twice_keeps_the_latest_return(engagement, tmp_path):
    folder = inbox(engagement)
    form = forms_of(engagement)[0]
    projects = sorted(form_projects(form))
    first = filled(form, tmp_path / "first" / form.name, ac=520.0)
    second = filled(form, tmp_path / "second" / form.name, ac=640.0)
    # Name order is the reverse of time order: the e-mail's date decides, not the file name.
    eml(second, folder / "a-renvoi.eml", format_datetime(datetime(2026, 11, 27, 16, 30, tzinfo=UTC)))
    eml(first, folder / "b-premier-envoi.eml", "Mon, 23 Nov 2026 09:00:00 +0100")

    result = merge(engagement, "--json")

    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    latest = f"data/inbox/{PERIOD}/a-renvoi.eml [{form.name}]"
    older = f"data/inbox/{PERIOD}/b-premier-envoi.eml [{form.name}]"
    assert payload["forms"] == [latest]
    assert payload["superseded"] == [{"project_id": p, "file": older, "by": latest} for p in projects]
    rows = read_status_csv(engagement / "data" / "status" / f"{PERIOD}.csv")
    assert [(r["project_id"], r["ac"], r["received_on"]) for r in rows] == [(p, "640", "27/11/2026") for p in projects]
    returns = stored(engagement)["collection_return"]
    assert sorted((r["project_id"], r["source_form"], r["outcome"]) for r in returns) == sorted(
        [(p, latest, "merged") for p in projects] + [(p, older, "superseded") for p in projects]
    )


def _saved_at(path: Path, stamp: str) -> None:
    """Set the workbook's own last-saved time (docProps/core.xml), as Excel writes it on save."""
    import re

    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    core = members["docProps/core.xml"].decode()
    core = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", core)
    members["docProps/core.xml"] = core.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_bare_workbooks_returned_twice_are_ordered_by_their_saved_time(engagement):
    folder = inbox(engagement)
    form = forms_of(engagement)[0]
    projects = sorted(form_projects(form))
    later = filled(form, folder / "a-version-finale.xlsx", ac=700.0)
    earlier = filled(form, folder / "b-brouillon.xlsx", ac=510.0)
    _saved_at(later, "2026-11-26T10:00:00Z")
    _saved_at(earlier, "2026-11-20T10:00:00Z")

    result = merge(engagement, "--json")

    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["forms"] == [f"data/inbox/{PERIOD}/a-version-finale.xlsx"]
    assert [s["file"] for s in payload["superseded"]] == [f"data/inbox/{PERIOD}/b-brouillon.xlsx"] * len(projects)
    rows = read_status_csv(engagement / "data" / "status" / f"{PERIOD}.csv")
    assert [(r["project_id"], r["ac"], r["received_on"]) for r in rows] == [(p, "700", "26/11/2026") for p in projects]
