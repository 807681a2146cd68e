"""A kill -9 at each step boundary of review, governance setup and kit generation leaves old-or-new, never a mix.

The real CLI runs in a subprocess with PMO_FAULT_AT naming a checkpoint (governance.core.faults), where it
kills itself with SIGKILL. Afterwards: the store is the old one or the new one (row contents compared), out/
holds one coherent set (pack and workbook of one run; charter, RACI and calendar of one version; kit documents
and their manifest), and leftovers are only under out/.staging/. Then the command runs again without the fault:
it succeeds, and nothing is left under out/.staging/ nor as .tmp or .kit-staging-* files.

The publishing machinery itself (hard-link staging, the fallback swap and its recovery) is tested in-process
at the end.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from sqlalchemy import MetaData, create_engine, select

from governance.core import publish
from support import document_text

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2026-10"
# Differ between two runs that store the same content (when, and the Message-ID of each message written).
VOLATILE_COLUMNS = {"id", "stored_at", "prepared_at", "written_at", "message_id"}
# Bookkeeping, not the runs' data: the register names the folder each copy ran in, and a killed run leaves its
# lock row, which names a dead process and is taken over by the next run (tests/core/test_locks.py; the rerun
# at the end of each test here shows it).
BOOKKEEPING_TABLES = {"engagement_record", "run_lock"}


# ------------------------------------------------------------------------------------------ helpers


def run_cli(*args: str, fault: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m flows.cli ARGS` as a user runs it. A killed CLI leaves Prefect's temporary server orphaned:
    the CLI gets its own process group, which is killed afterwards (only what this call started)."""
    env = {k: v for k, v in os.environ.items() if k != "PMO_FAULT_AT"}
    if fault:
        env["PMO_FAULT_AT"] = fault
    # Files, not pipes: an orphaned server would hold a pipe open.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        try:
            code = process.wait(timeout=timeout)
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(process.args, code, out.read(), err.read())


def store_rows(engagement: Path) -> dict[str, list]:
    """Every row of every table, without the columns that change between two runs storing the same content."""
    database = engagement / "pmo.db"
    if not database.exists():
        return {}
    engine = create_engine(f"sqlite:///{database}")
    try:
        metadata = MetaData()
        metadata.reflect(bind=engine)
        rows = {}
        with engine.connect() as connection:
            for name, table in sorted(metadata.tables.items()):
                if name in BOOKKEEPING_TABLES:
                    continue
                columns = sorted(c for c in table.columns.keys() if c not in VOLATILE_COLUMNS)
                rows[name] = sorted(
                    repr(tuple(row._mapping[c] for c in columns)) for row in connection.execute(select(table))
                )
        return rows
    finally:
        engine.dispose()


def leftovers(out: Path, *, staging_too: bool) -> list[str]:
    """Temporary files and staging folders under out/ (outside out/.staging unless `staging_too`)."""
    found = []
    for path in out.rglob("*"):
        relative = path.relative_to(out)
        if relative.parts[0] == ".staging":
            if staging_too:
                found.append(relative.as_posix())
            continue
        if path.name.endswith(".tmp") or path.name.startswith(".kit-staging-"):
            found.append(relative.as_posix())
    return sorted(found)


def run_flow_in_process(flow, **parameters) -> dict:
    from flows.runtime import run_flow

    outcome = run_flow(flow, **parameters)
    assert outcome.ok, outcome.problems
    return outcome.result


# ------------------------------------------------------------------------------------------ review


def review_outputs(engagement: Path) -> tuple[str, list]:
    """What a reader sees in the period's pack and workbook (the decision registers beside them left aside)."""
    folder = engagement / "out" / "reviews" / PERIOD
    (pack,) = folder.glob("*.docx")
    (workbook,) = folder.glob("revue-*.xlsx")
    book = load_workbook(workbook, read_only=True)
    try:
        cells = [(ws.title, list(ws.iter_rows(values_only=True))) for ws in book.worksheets]
    finally:
        book.close()
    return document_text(pack), cells


def change_status(engagement: Path) -> None:
    """PRJ-001's actual cost up by 400,000: its CPI, RAG and the portfolio KPIs change in pack and workbook."""
    path = engagement / "data" / "status" / f"{PERIOD}.csv"
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    header = lines[0].split(";")
    column = header.index("Coût réel (CR)")
    for index, line in enumerate(lines):
        if line.startswith("PRJ-001;"):
            cells = line.split(";")
            cells[column] = "2456893,20"
            lines[index] = ";".join(cells)
            break
    else:
        raise AssertionError("PRJ-001 not found in the example's status file")
    path.write_text("\ufeff" + "\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory, example_template) -> Path:
    """The example with October reviewed (the old state) and October's status file then changed."""
    from flows.review import monthly_governance_review

    root = tmp_path_factory.mktemp("review") / "engagement"
    shutil.copytree(example_template, root)
    run_flow_in_process(monthly_governance_review, engagement_dir=str(root), period=PERIOD)
    change_status(root)
    return root


@pytest.mark.parametrize("step", ["rendered", "committed", "publishing"])
def test_review_killed(step, reviewed, tmp_path):
    engagement = tmp_path / "engagement"
    shutil.copytree(reviewed, engagement)
    old_store, old_outputs = store_rows(engagement), review_outputs(engagement)

    killed = run_cli("review", str(engagement), "--period", PERIOD, fault=f"review:{step}")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after_store, after_outputs = store_rows(engagement), review_outputs(engagement)
    assert leftovers(engagement / "out", staging_too=False) == []

    again = run_cli("review", str(engagement), "--period", PERIOD)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    new_store, new_outputs = store_rows(engagement), review_outputs(engagement)
    assert leftovers(engagement / "out", staging_too=True) == []
    assert not (engagement / "out" / ".staging").exists()

    assert old_store != new_store and old_outputs[0] != new_outputs[0] and old_outputs[1] != new_outputs[1]
    # Killed before the commit: old store, old files; after the commit, before the swap: new store, old files
    # (the next run renders them again); once the folder is swapped: new and new. Pack and workbook together.
    expected_store = old_store if step == "rendered" else new_store
    expected_outputs = new_outputs if step == "publishing" else old_outputs
    assert after_store == expected_store
    assert after_outputs == expected_outputs


# -------------------------------------------------------------------------------------- collection

COLLECTED = "2026-11"


def collection_outputs(engagement: Path) -> dict[str, str]:
    """Each form of out/collection/<month>/ and message, by name: the projects each form names, and its subject."""
    import email

    folder = engagement / "out" / "collection" / COLLECTED
    found = {}
    for form in sorted(folder.glob("forms/*.xlsx")):
        book = load_workbook(form, read_only=True)
        try:
            found[form.name] = " ".join(str(r[1]) for r in book["_pmo"].iter_rows(min_row=11, values_only=True))
        finally:
            book.close()
    for message in sorted(folder.glob("messages/*.eml")):
        found[message.name] = str(email.message_from_bytes(message.read_bytes())["Subject"])
    return found


@pytest.fixture(scope="module")
def collected(tmp_path_factory, example_template) -> Path:
    """The example with November's forms prepared once, then a project moved to another manager."""
    from flows.collection import status_collection

    root = tmp_path_factory.mktemp("collection") / "engagement"
    shutil.copytree(example_template, root)
    run_flow_in_process(status_collection, engagement_dir=str(root), stage="prepare", period=COLLECTED, send=False)
    path = root / "data" / "projects.csv"
    text = path.read_text(encoding="utf-8-sig").replace(";Marc Delorme;Julien Moreau;", ";Marc Delorme;Thomas Roux;")
    path.write_text("\ufeff" + text, encoding="utf-8")
    return root


@pytest.mark.parametrize("step", ["rendered", "committed", "publishing"])
def test_collection_prepare_killed(step, collected, tmp_path):
    engagement = tmp_path / "engagement"
    shutil.copytree(collected, engagement)
    old_store, old_outputs = store_rows(engagement), collection_outputs(engagement)
    command = ("collect", "prepare", str(engagement), "--period", COLLECTED, "--no-send")

    killed = run_cli(*command, fault=f"collect:{step}")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after_store, after_outputs = store_rows(engagement), collection_outputs(engagement)
    assert leftovers(engagement / "out", staging_too=False) == []

    again = run_cli(*command)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    new_store, new_outputs = store_rows(engagement), collection_outputs(engagement)
    assert not (engagement / "out" / ".staging").exists()
    assert old_store != new_store and old_outputs != new_outputs
    # Forms and messages come and go together, with the store: old before the commit, new once swapped.
    assert after_store == (old_store if step == "rendered" else new_store)
    assert after_outputs == (new_outputs if step == "publishing" else old_outputs)


# -------------------------------------------------------------------------------------- governance


def governance_versions(engagement: Path) -> dict[str, int]:
    """The version each output of out/governance/ was rendered from."""
    folder = engagement / "out" / "governance"
    (charter,) = folder.glob("*.docx")
    (raci,) = folder.glob("*.xlsx")
    (calendar,) = folder.glob("*.ics")
    sequences = set(re.findall(r"^SEQUENCE:(\d+)", calendar.read_text(encoding="utf-8"), flags=re.MULTILINE))
    assert len(sequences) == 1, sequences
    book = load_workbook(raci, read_only=True)
    try:
        cells = " ".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    finally:
        book.close()
    text = document_text(charter)
    return {
        "calendar": int(sequences.pop()),
        "raci": int(re.search(r"\bversion\s*(\d+)", cells, flags=re.IGNORECASE).group(1)),
        "charter": int(re.search(r"\bversion\s*(\d+)", text, flags=re.IGNORECASE).group(1)),
        "diagram": len(list(folder.glob("*.png"))),
    }


def change_governance(engagement: Path) -> None:
    """A quorum changed: a new version of the model, and of every output."""
    path = engagement / "governance.yaml"
    model = yaml.safe_load(path.read_text(encoding="utf-8"))
    model["bodies"][0]["quorum"] = int(model["bodies"][0].get("quorum") or 1) + 1
    path.write_text(yaml.safe_dump(model, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def governed(tmp_path_factory, example_template) -> Path:
    """The example with governance set up once (version 1), then governance.yaml changed."""
    from flows.governance_setup import governance_setup

    root = tmp_path_factory.mktemp("governance") / "engagement"
    shutil.copytree(example_template, root)
    run_flow_in_process(governance_setup, engagement_dir=str(root))
    change_governance(root)
    return root


@pytest.mark.parametrize("step", ["rendered", "committed", "publishing"])
def test_governance_setup_killed(step, governed, tmp_path):
    engagement = tmp_path / "engagement"
    shutil.copytree(governed, engagement)
    old_store, old_versions = store_rows(engagement), governance_versions(engagement)
    assert old_versions == {"calendar": 1, "raci": 1, "charter": 1, "diagram": 1}

    killed = run_cli("governance", "setup", str(engagement), fault=f"governance:{step}")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after_store, after_versions = store_rows(engagement), governance_versions(engagement)
    assert leftovers(engagement / "out", staging_too=False) == []

    again = run_cli("governance", "setup", str(engagement))
    assert again.returncode == 0, again.stderr
    new_store, new_versions = store_rows(engagement), governance_versions(engagement)
    assert leftovers(engagement / "out", staging_too=True) == []
    assert not (engagement / "out" / ".staging").exists()
    assert new_versions == {"calendar": 2, "raci": 2, "charter": 2, "diagram": 1}

    # The rerun after a committed kill stores nothing new (same content): the store is exactly the new one.
    assert after_store == (old_store if step == "rendered" else new_store)
    assert after_versions == (new_versions if step == "publishing" else old_versions)


# --------------------------------------------------------------------------------------------- kit


def kit_state(engagement: Path) -> set[str]:
    """The kit's file names, after checking that every file is in the manifest with its digest and back."""
    folder = engagement / "out" / "kit"
    manifest = (folder / "manifest.csv").read_text(encoding="utf-8-sig").splitlines()
    separator = ";" if manifest[0].count(";") > manifest[0].count(",") else ","
    columns = manifest[0].split(separator)
    rows = [dict(zip(columns, line.split(separator))) for line in manifest[1:] if line]
    listed = {r["file"]: r["sha256"] for r in rows}
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"manifest.csv"}
    assert files == set(listed), "the manifest and the files describe different kits"
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, (
            f"{name} is not the file the manifest describes"
        )
    return files


def rename_gates(engagement: Path) -> None:
    """Every gate renamed: the gate documents get other file names, the old ones are removed as stale."""
    path = engagement / "governance.yaml"
    model = yaml.safe_load(path.read_text(encoding="utf-8"))
    for gate in model["gates"]:
        gate["name"] = {"fr": f"Jalon renommé {gate['order']}", "en": f"Renamed gate {gate['order']}"}
    path.write_text(yaml.safe_dump(model, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def kit_generated(tmp_path_factory, example_template) -> Path:
    from flows.kit import template_generation

    root = tmp_path_factory.mktemp("kit") / "engagement"
    shutil.copytree(example_template, root)
    run_flow_in_process(template_generation, engagement_dir=str(root))
    rename_gates(root)
    return root


@pytest.mark.parametrize("step", ["rendered", "publishing"])
def test_kit_generation_killed(step, kit_generated, tmp_path):
    engagement = tmp_path / "engagement"
    shutil.copytree(kit_generated, engagement)
    old = kit_state(engagement)

    killed = run_cli("templates", "generate", str(engagement), fault=f"kit:{step}")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = kit_state(engagement)
    assert leftovers(engagement / "out", staging_too=False) == []

    again = run_cli("templates", "generate", str(engagement))
    assert again.returncode == 0, again.stderr
    new = kit_state(engagement)
    assert leftovers(engagement / "out", staging_too=True) == []
    assert not (engagement / "out" / ".staging").exists()

    assert old != new
    assert after == (new if step == "publishing" else old)


# ------------------------------------------------------------------------------ publishing, in-process


def dead_pid() -> int:
    """The pid of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_staging_keeps_what_the_run_does_not_rewrite(tmp_path):
    out = tmp_path / "out"
    (out / "assessment").mkdir(parents=True)
    (out / "assessment" / "rapport-2026-04.docx").write_bytes(b"april")
    (out / "assessment" / "rapport-2026-10.docx").write_bytes(b"old october")
    (out / "assessment" / f".rapport.docx.{dead_pid()}-abcd1234.tmp").write_bytes(b"left by a kill")
    (out / "assessment" / ".rapport.docx.abcd1234.tmp").write_bytes(b"left by an older version")
    (out / ".kit-staging-x1y2z3").mkdir()
    published = out / "assessment" / "rapport-2026-10.docx"
    with publish.staged_outputs(out) as staging:
        folder = staging.folder("assessment")
        kept = folder / "rapport-2026-04.docx"
        assert kept.stat().st_ino == (out / "assessment" / kept.name).stat().st_ino, "a hard link, not a copy"
        staging.write_bytes(folder / "rapport-2026-10.docx", b"new october")
        assert published.read_bytes() == b"old october", "a staged write never reaches the published file"
        assert staging.final(folder / "rapport-2026-10.docx") == published
        publish.publish(staging, "test")
    assert sorted(p.name for p in out.rglob("*")) == ["assessment", "rapport-2026-04.docx", "rapport-2026-10.docx"]
    assert published.read_bytes() == b"new october"


def test_a_refusal_inside_the_staging_leaves_out_as_it_was(tmp_path):
    out = tmp_path / "out"
    (out / "governance").mkdir(parents=True)
    (out / "governance" / "charte.docx").write_bytes(b"v1")
    with pytest.raises(RuntimeError), publish.staged_outputs(out) as staging:
        staging.write_bytes(staging.folder("governance") / "charte.docx", b"v2")
        raise RuntimeError("template refused")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["governance", "governance/charte.docx"]
    assert (out / "governance" / "charte.docx").read_bytes() == b"v1"


def test_the_fallback_swap_is_finished_by_the_next_run(tmp_path, monkeypatch):
    """Without an atomic exchange (not Linux), a kill between the two renames leaves out/<folder> missing for
    a moment; the next run renames the staged folder in (the store was committed before publishing began)."""
    out = tmp_path / "out"
    (out / "reviews" / PERIOD).mkdir(parents=True)
    (out / "reviews" / PERIOD / "pack.docx").write_bytes(b"old")

    class Killed(BaseException):
        pass

    def kill_aside(name: str) -> None:
        if name == "review:aside":
            raise Killed(name)

    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    monkeypatch.setattr(publish, "checkpoint", kill_aside)
    staging = publish.begin(out)
    staging.write_bytes(staging.folder(f"reviews/{PERIOD}") / "pack.docx", b"new")
    with pytest.raises(Killed):
        publish.publish(staging, "review")
    assert not (out / "reviews" / PERIOD).exists(), "killed between the two renames"
    # As after a kill: the staging folder belongs to a dead process.
    dead = staging.root.with_name(f"{dead_pid()}-deadbeef")
    staging.root.rename(dead)
    monkeypatch.undo()

    publish.clean_stale(out)
    assert (out / "reviews" / PERIOD / "pack.docx").read_bytes() == b"new"
    assert not (out / ".staging").exists()


def test_staging_of_a_live_run_is_kept(tmp_path):
    out = tmp_path / "out"
    live = publish.begin(out)
    (out / ".staging" / f"{dead_pid()}-0badf00d" / "kit").mkdir(parents=True)
    other = publish.begin(out)  # cleans the dead run's folder, not the live one
    assert sorted(p.name for p in (out / ".staging").iterdir()) == sorted([live.root.name, other.root.name])
    publish.discard(live)
    publish.discard(other)
    assert not (out / ".staging").exists()
