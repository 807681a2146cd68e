"""Issue 9's bug: with no governance.yaml, the kit, the review and the staffing plan each had their own bodies
and mandate. They now all take THE default model of governance.structure, and say so."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from flows.cli import app
from governance.engagement.config import load_engagement
from governance.engagement.vocabulary import MANDATE_FUNCTIONS
from governance.structure import default_governance

runner = CliRunner()


def run_json(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_kit_review_and_staffing_name_the_same_bodies_and_mandate(example):
    (example / "governance.yaml").unlink()
    pmo_type = load_engagement(example).config.pmo.type
    model = default_governance(pmo_type)
    bodies = {body.id for body in model.bodies}

    kit = run_json("templates", "generate", str(example))
    assert kit["governance"] == "default"
    agendas = {d["item"] for d in kit["documents"] if d["template_id"] == "meeting_agenda"}
    assert agendas == bodies  # one agenda per body of the default model, and no other body

    review = run_json("review", str(example), "--period", "2026-10")
    assert review["policy"] == "default"
    escalated_to = {e["body_id"] for e in review["exceptions"]}
    assert escalated_to and escalated_to <= bodies
    names = {b.id: b.name.en for b in model.bodies}
    assert {e["body"] for e in review["exceptions"]} == {names[b] for b in escalated_to}

    staffing = run_json("staffing", "plan", str(example))
    assert staffing["mandate_source"] == "default"
    assert staffing["mandate"] == [f for f in MANDATE_FUNCTIONS if f in model.mandate]
