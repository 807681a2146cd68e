"""`pmo bootstrap`: the whole set-up as one parent flow with subflows, on the example engagement."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()


def test_bootstrap_runs_every_step_and_writes_their_outputs(example):
    (example / "governance.yaml").unlink()  # a new engagement: bootstrap proposes a model first
    result = runner.invoke(app, ["bootstrap", str(example), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["governance_proposed"] == str(example / "governance.yaml")
    assert (example / "governance.yaml").is_file()
    assert payload["assessment"]["campaign"] == "2026-10" and Path(payload["assessment"]["report"]).is_file()
    assert payload["governance"]["version"] == 1 and Path(payload["governance"]["charter"]).is_file()
    kit_files = [Path(d["file"]) for d in payload["kit"]["documents"]]
    assert payload["kit"]["count"] == len(kit_files) >= 12 and all(f.is_file() for f in kit_files)
    assert Path(payload["staffing"]["document"]).is_file() and payload["staffing"]["total_fte"] > 0
    from governance.engagement.config import load_engagement
    from governance.structure.model import load_governance

    model = load_governance(load_engagement(example))
    charter = Document(payload["governance"]["charter"])
    text = "\n".join(p.text for p in charter.paragraphs)
    assert [b.id for b in model.bodies] == payload["governance"]["bodies"]
    for body in model.bodies:
        assert body.name.fr in text, body.id


def test_bootstrap_stops_on_bad_governance_with_exit_2(example):
    path = example / "governance.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("escalates_to: null", "escalates_to: nowhere", 1), encoding="utf-8"
    )
    result = runner.invoke(app, ["bootstrap", str(example)], catch_exceptions=False)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines and all(line.startswith("[governance] governance.yaml: line ") for line in lines), result.stderr
    assert "nowhere" in result.stderr
    assert not (example / "out" / "kit").exists()  # the kit builds on governance: not generated


def test_bootstrap_skips_the_assessment_without_questionnaires(example):
    import shutil

    shutil.rmtree(example / "data" / "responses")
    result = runner.invoke(app, ["bootstrap", str(example)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "  assessment skipped: no questionnaire under data/responses/" in lines
    assert [line.split()[0] for line in lines[1:]] == ["assessment", "governance", "document", "staffing"]
