"""Two `templates generate --projects` runs on one engagement at once (issue 11: the last writer won and half
of manifest.csv was lost). The first is held at a checkpoint after rendering (PMO_PAUSE_AT) while the second
starts: the second waits for the run lock, then stages from what the first published, and the manifest lists
both batches."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def generate(root: Path, projects: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "pmo"), "templates", "generate", str(root), "--projects", str(projects)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )


def test_concurrent_project_batches_keep_every_manifest_row(example_template, tmp_path):
    root = tmp_path / "engagement"
    shutil.copytree(example_template, root)
    lines = (root / "data" / "projects.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    first, second = root / "data" / "first.csv", root / "data" / "second.csv"
    first.write_text(header + "".join(rows[:12]), encoding="utf-8")
    second.write_text(header + "".join(rows[12:]), encoding="utf-8")
    marker = tmp_path / "paused"

    held = generate(root, first, PMO_PAUSE_AT="kit:rendered:12", PMO_PAUSE_MARKER=str(marker))
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert held.poll() is None and time.monotonic() < deadline, held.communicate()
        time.sleep(0.2)
    waiting = generate(root, second)
    outcomes = [run.communicate(timeout=600) for run in (held, waiting)]
    assert [held.returncode, waiting.returncode] == [0, 0], outcomes

    manifest = (root / "out" / "projects" / "manifest.csv").read_text(encoding="utf-8-sig")
    listed = {row["project_id"] for row in csv.DictReader(io.StringIO(manifest), delimiter=";")}
    assert listed == {line.split(";", 1)[0] for line in rows}
    for project in listed:  # and every listed project's documents are there
        assert any((root / "out" / "projects" / project).iterdir()), project
