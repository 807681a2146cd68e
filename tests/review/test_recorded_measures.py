"""The measures the PMO records itself (data/pmo_measures.csv): read and checked with the review's inputs, stored,
and measuring the objectives bound to them; a bad row refuses the review, naming its row and column."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from flows.cli import app
from support.state import state_of

runner = CliRunner()


def test_the_examples_gate_compliance_objective_is_measured(example):
    result = runner.invoke(app, ["review", str(example), "--period", "2026-10", "--all", "--json"])
    assert result.exit_code == 0, result.output
    [gates] = [o for o in json.loads(result.stdout)["objectives"] if o["metric"] == "gate_compliance"]
    # 40 % in March to 75 % in October: 5 points a month, 5 months to March 2027's due date: 100 % reached.
    assert (gates["value"], gates["previous"], gates["target"]) == (0.75, 0.70, 1.0)
    assert (gates["status"], gates["trend"]) == ("on_track", "improving")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("2026-13;gate_compliance;50 %", "row 10: column période: period '2026-13'; expected a month as YYYY-MM"),
        ("2026-10;bonne_humeur;50 %", "row 10: column mesure: measure 'bonne_humeur' is not one the PMO records"),
        ("2026-10;kit_adoption;150 %", "row 10: column valeur: value '150 %' for kit_adoption; expected a share"),
        ("2026-10;gate_compliance;80 %", "row 10: column mesure: gate_compliance for 2026-10 is recorded twice"),
        ("2026-11;kit_adoption;12/20", "row 10: column valeur: value '12/20' for kit_adoption; expected a share"),
    ],
)
def test_a_bad_recorded_measure_refuses_the_review(example, row, expected):
    assert runner.invoke(app, ["review", str(example), "--period", "2026-09"]).exit_code == 0  # a store to keep
    path = example / "data" / "pmo_measures.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 15  # the header, 8 months of gate compliance, 6 of kit adoption: row 10 is the new one
    lines.insert(9, row)
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    before = state_of(example)
    result = runner.invoke(app, ["review", str(example), "--period", "2026-10"])
    assert result.exit_code == 2, result.output
    assert f"data/pmo_measures.csv: {expected}" in result.output
    assert state_of(example) == before


def test_the_file_is_the_record(example):
    """Without data/pmo_measures.csv, the next review keeps nothing recorded: the objective has no value."""
    assert runner.invoke(app, ["review", str(example), "--period", "2026-10", "--all"]).exit_code == 0
    (example / "data" / "pmo_measures.csv").unlink()
    result = runner.invoke(app, ["review", str(example), "--period", "2026-10", "--json"])
    [gates] = [o for o in json.loads(result.stdout)["objectives"] if o["metric"] == "gate_compliance"]
    assert gates["status"] == "no_value" and gates["value"] is None
