"""`templates generate --projects` on a local Dask cluster of 2 processes writes what the sequential run writes."""

from __future__ import annotations

import csv
import io
import json
import pickle
import shutil
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from flows.cli import app
from governance.core.docx.template_source import default_templates_dir
from support.kit import document_text

runner = CliRunner()
DASK = ["--dask", "--workers", "2"]
TODAY = date(2026, 11, 21)
FAILING = "PRJ-014"  # a project in the middle of the list: its charter is not the first one rendered


@pytest.fixture
def twins(example_template: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the example engagement (25 projects, 66 documents): one per run."""
    copies = (tmp_path / "sequential", tmp_path / "dask")
    for copy in copies:
        shutil.copytree(example_template, copy)
    return copies


@pytest.fixture
def chunk_maps(monkeypatch) -> list[tuple[int, int]]:
    """(chunks mapped, worker processes) per batch mapped on a cluster: proof the Dask path ran."""
    from flows.parallel import ChunkMap

    monkeypatch.delenv("PMO_DASK_ADDRESS", raising=False)
    seen: list[tuple[int, int]] = []
    mapped = ChunkMap.__call__

    def recording(self, function, items, done=None, first=None):
        if self.distributed:
            seen.append((len(items), len(self.client.nthreads())))
        return mapped(self, function, items, done, first)

    monkeypatch.setattr(ChunkMap, "__call__", recording)
    return seen


def generate(engagement: Path, *options: str):
    return runner.invoke(app, ["templates", "generate", str(engagement), "--projects", "data/projects.csv", *options])


def manifest(engagement: Path) -> list[dict]:
    text = (engagement / "out" / "projects" / "manifest.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def files(engagement: Path) -> list[str]:
    folder = engagement / "out" / "projects"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_dask_and_sequential_runs_produce_the_same_manifest(twins, chunk_maps):
    sequential, dask = twins
    first = generate(sequential, "--json")
    assert first.exit_code == 0, first.output
    assert chunk_maps == []
    second = generate(dask, "--json", *DASK)
    assert second.exit_code == 0, second.output
    assert chunk_maps == [(8, 2)]  # 4 chunks per worker, 2 worker processes
    assert json.loads(second.stdout)["count"] == json.loads(first.stdout)["count"] == 66
    assert files(dask) == files(sequential)
    rows, chunked = manifest(sequential), manifest(dask)
    assert [r["file"] for r in chunked] == [r["file"] for r in rows]
    assert [r["sha256"] for r in chunked] == [r["sha256"] for r in rows]
    assert (dask / "out/projects/manifest.csv").read_bytes() == (sequential / "out/projects/manifest.csv").read_bytes()
    for row in rows:
        name = Path("out/projects") / row["file"]
        assert document_text(dask / name) == document_text(sequential / name)


@pytest.mark.parametrize("fails_on", ["==", "!="], ids=["every-project", "one-project"])
def test_a_document_failing_in_a_chunk_is_reported_as_in_the_sequential_run(twins, chunk_maps, fails_on):
    """A template that fails on one project only (not the first it renders), or on every one (the first documents,
    rendered in the parent while the chunks run, report it): the same problem lines, exit 2, nothing written."""
    for engagement in twins:
        document = Document(str(default_templates_dir() / "project_charter.fr.docx"))
        document.add_paragraph("{{ 1 // ((project.id " + fails_on + ' "' + FAILING + '") | int) }}')
        (engagement / "templates").mkdir(exist_ok=True)
        document.save(str(engagement / "templates" / "project_charter.fr.docx"))
    sequential, dask = twins
    first = generate(sequential, "--json")
    second = generate(dask, "--json", *DASK)
    assert first.exit_code == second.exit_code == 2, first.output + second.output
    assert chunk_maps == [(8, 2)]
    problems = json.loads(first.stdout)["problems"]
    assert len(problems) == 1 and "division" in problems[0]["message"]
    assert json.loads(second.stdout)["problems"] == problems
    assert second.stderr == first.stderr
    assert not (sequential / "out" / "projects").exists() and not (dask / "out" / "projects").exists()


def test_a_scheduler_address_nothing_answers_is_a_problem(example, monkeypatch):
    monkeypatch.setenv("PMO_DASK_ADDRESS", "tcp://127.0.0.1:9")  # the discard port: nothing listens
    monkeypatch.setattr("flows.parallel.CONNECT_TIMEOUT", "1s")
    result = generate(example, "--json")
    assert result.exit_code == 2, result.output
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["file"] == "PMO_DASK_ADDRESS" and problem["code"] == "dask-scheduler-unreachable"
    assert "tcp://127.0.0.1:9" in problem["message"] and not (example / "out" / "projects").exists()


def test_chunks_in_process_and_a_pickled_batch_render_the_same_records(example):
    """The governance side without a cluster: chunks mapped in this process (progress per finished chunk), and
    a chunk rendered from a pickled batch (a fresh renderer, as in a worker) give the sequential records."""
    from flows.parallel import ChunkMap
    from governance.engagement.config import load_engagement
    from governance.kit.chunks import batch_of, render_chunk
    from governance.kit.render import discard, plan_generation, render_jobs, staging_folder

    plan = plan_generation(load_engagement(example), projects="data/projects.csv", today=TODAY)
    staging = staging_folder(plan)
    try:
        sequential = render_jobs(plan, staging)
        steps: list[int] = []
        chunked = render_jobs(plan, staging, lambda done, total: steps.append(done), map_chunks=ChunkMap(), chunks=4)
        assert chunked == sequential
        assert steps == [1, 2, 3, 19, 35, 51, 66]  # the 3 first documents, then 4 chunks of 16, 16, 16 and 15
        batch = pickle.loads(pickle.dumps(batch_of(plan.renderer, staging)))
        assert batch.renderer is None
        result = render_chunk(batch, [(n, plan.jobs[n]) for n in (4, 40, 65)])
        assert result.problems == [] and [o for _, o in result.outputs] == [sequential[n] for n in (4, 40, 65)]
    finally:
        discard(staging)
