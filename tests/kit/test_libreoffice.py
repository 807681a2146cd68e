"""Every generated kit document opens in LibreOffice: all of them converted to PDF in one soffice call."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from governance.engagement.config import load_engagement
from governance.kit.render import generate


def test_every_kit_document_converts_to_pdf(example, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: install libreoffice-writer-nogui (CI does)")
    engagement = load_engagement(example)
    today = date(2026, 11, 21)
    kit = generate(engagement, today=today)  # the example's own governance model
    projects = generate(
        engagement, projects="data/projects.csv", only=["project_charter", "status_report"], today=today
    )
    sources = [Path(d["file"]) for d in kit["documents"]]
    sources += [Path(d["file"]) for d in projects["documents"] if d["project_id"] == "PRJ-001"]
    inputs = tmp_path / "in"
    inputs.mkdir()
    for source in sources:  # a register exists as .docx and .xlsx: distinct names, distinct PDFs
        shutil.copy(source, inputs / f"{source.stem}-{source.suffix[1:]}{source.suffix}")
    names = sorted(p.name for p in inputs.iterdir())
    output = tmp_path / "pdf"
    # A profile of its own: another LibreOffice running on the machine must not swallow the job.
    completed = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(output),
            *[str(inputs / n) for n in names],
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr
    for name in names:
        pdf = output / (Path(name).stem + ".pdf")
        assert pdf.is_file(), f"{name} did not convert: {completed.stdout[-500:]} {completed.stderr[-500:]}"
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 2000, name
    assert len(names) == len(sources) and len(names) > 25
