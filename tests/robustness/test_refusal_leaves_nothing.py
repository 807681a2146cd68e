"""A command refused because of its template leaves the store and out/ exactly as they were.

For review, assessment, governance setup and the staffing plan, a template override in templates/ is refused
either when the template is linted, before anything is stored (`{{ lipsum.__globals__ }}`), or only by the
sandbox while rendering, after the store was written in the open transaction (a loop over three million
steps). Either way: exit 2, the template named, no traceback, and the same store rows and files afterwards
(support.state compares row contents and file digests). A control run without the override changes the
store: the comparison would see a write.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from docx import Document

from support.state import state_of

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2026-10"

PAYLOADS = {
    # Nothing a lint can see: the sandbox's loop budget stops it while rendering.
    "render": "{% for i in range(3000000) %}{% endfor %}",
    # Reaches for an internal attribute: refused when the template is parsed and checked.
    "lint": "{{ lipsum.__globals__ }}",
}

COMMANDS = {
    "review": ("review_pack", ["review", "{eng}", "--period", PERIOD]),
    "assessment": ("assessment_report", ["assess", "run", "{eng}"]),
    "governance": ("governance_charter", ["governance", "setup", "{eng}"]),
    "staffing": ("staffing_plan", ["staffing", "plan", "{eng}"]),
}


def flow_of(command: str):
    if command == "review":
        from flows.review import monthly_governance_review

        return monthly_governance_review, {"period": PERIOD}
    if command == "assessment":
        from flows.assessment import capability_assessment

        return capability_assessment, {}
    if command == "governance":
        from flows.governance_setup import governance_setup

        return governance_setup, {}
    from flows.staffing import pmo_staffing

    return pmo_staffing, {}


def run_in_process(command: str, engagement: Path) -> None:
    from flows.runtime import run_flow

    flow, parameters = flow_of(command)
    outcome = run_flow(flow, engagement_dir=str(engagement), **parameters)
    assert outcome.ok, outcome.problems


def change_inputs(command: str, engagement: Path) -> None:
    """What makes the next run store something new (a successful run would change the rows)."""
    if command == "review":
        path = engagement / "data" / "status" / f"{PERIOD}.csv"
        text = path.read_text(encoding="utf-8-sig")
        lines = text.split("\n")
        column = lines[0].split(";").index("Coût réel (CR)")
        for index, line in enumerate(lines):
            if line.startswith("PRJ-001;"):
                cells = line.split(";")
                cells[column] = "2456893,20"
                lines[index] = ";".join(cells)
        path.write_text("\ufeff" + "\n".join(lines), encoding="utf-8")
    elif command == "governance":
        path = engagement / "governance.yaml"
        model = yaml.safe_load(path.read_text(encoding="utf-8"))
        model["bodies"][0]["quorum"] = int(model["bodies"][0].get("quorum") or 1) + 1
        path.write_text(yaml.safe_dump(model, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # assessment and staffing replace their campaign / month snapshot: new rows on every run


def write_override(engagement: Path, template_id: str, payload: str) -> Path:
    from governance.core.docx.template_source import default_templates_dir

    document = Document(str(default_templates_dir() / f"{template_id}.fr.docx"))
    document.add_paragraph(payload)
    target = engagement / "templates" / f"{template_id}.fr.docx"
    target.parent.mkdir(exist_ok=True)
    document.save(str(target))
    return target


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, example_template) -> dict[str, Path]:
    """Per command: the example after one successful run, its inputs then changed."""
    engagements = {}
    for command in COMMANDS:
        root = tmp_path_factory.mktemp(command) / "engagement"
        shutil.copytree(example_template, root)
        run_in_process(command, root)
        change_inputs(command, root)
        engagements[command] = root
    return engagements


@pytest.mark.parametrize("where", ["render", "lint"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_refused_template_stores_and_writes_nothing(command, where, prepared, tmp_path):
    engagement = tmp_path / "engagement"
    shutil.copytree(prepared[command], engagement)
    template_id, arguments = COMMANDS[command]
    override = write_override(engagement, template_id, PAYLOADS[where])
    if where == "render":
        from governance.core.docx import inspect_template

        assert inspect_template(override, "fr").problems == [], "the lint refuses it: not a render-time refusal"
    before = state_of(engagement)
    assert before["store"] and before["out"]

    completed = subprocess.run(
        [sys.executable, "-m", "flows.cli", *(a.replace("{eng}", str(engagement)) for a in arguments)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    assert f"templates/{template_id}.fr.docx" in completed.stderr
    assert state_of(engagement) == before

    if where == "render":  # control: without the override the same run writes, and the comparison sees it
        override.unlink()
        run_in_process(command, engagement)
        assert state_of(engagement)["store"] != before["store"]
