"""One registration per capability: the CLI, `pmo bootstrap`, `pmo serve` and prefect.yaml come from one list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer

from flows import registry
from flows.cli import app

ROOT = Path(__file__).resolve().parents[2]


def test_committed_prefect_yaml_is_the_generated_one():
    assert (ROOT / "prefect.yaml").read_text(encoding="utf-8") == registry.prefect_yaml(), (
        "prefect.yaml is out of date: run `python -m flows.registry`"
    )


def test_registry_check_command_says_it_is_up_to_date():
    completed = subprocess.run(
        [sys.executable, "-m", "flows.registry", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stderr


def test_names_are_unique_and_targets_are_module_paths():
    capabilities = registry.CAPABILITIES
    assert len({c.name for c in capabilities}) == len(capabilities)
    groups = [c.command for c in capabilities if c.command]
    assert len(set(groups)) == len(groups)
    deployments = [d for c in capabilities for d in c.deployments]
    # A deployment is named after the engagement's id, so a flow has at most one deployment per engagement.
    assert len({d.flow for d in deployments}) == len(deployments)
    for target in [c.cli for c in capabilities] + [d.flow for d in deployments]:
        module, _, attribute = target.partition(":")
        assert attribute and "/" not in module and not module.endswith(".py"), target


def test_every_cli_target_is_a_typer_group_or_a_register_function():
    for capability in registry.CAPABILITIES:
        commands = registry.load(capability.cli)
        if isinstance(commands, typer.Typer):
            assert capability.command, f"{capability.name}: a Typer app needs its group name"
        else:
            assert callable(commands) and capability.command is None, capability.name


def test_the_cli_has_the_documented_commands():
    command = typer.main.get_command(app)
    assert list(command.commands) == [
        "init",
        "id",
        "bootstrap",
        "serve",
        "deployments",
        "review",
        "assess",
        "governance",
        "templates",
        "collect",
        "staffing",
        "lessons",
        "decisions",
        "portfolio",
        "report",
        "server",
    ]


def test_building_the_cli_imports_no_flow():
    code = (
        "import sys, flows.cli; heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('prefect', 'pandas', 'docx', 'openpyxl', 'matplotlib') or (m.startswith('flows.') and "
        "not m.startswith(('flows.cli', 'flows.registry')))); print(heavy)"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


def test_bootstrap_runs_the_registered_steps_in_order():
    from flows.bootstrap import INPUTS

    steps = registry.bootstrap_steps()
    assert [c.name for c in steps] == ["assessment", "governance", "kit", "staffing"]
    assert [c.bootstrap.needs for c in steps] == ["responses", None, None, None]
    assert all(c.bootstrap.needs is None or c.bootstrap.needs in INPUTS for c in steps)
    assert all(c.deployments for c in steps), "a bootstrap step runs its capability's flow"


def test_a_new_capability_is_one_entry(monkeypatch):
    new = registry.Capability(
        "audit",
        cli="flows.cli.lessons:app",
        command="audit",
        deployments=(
            registry.Deployment("flows.lessons:lessons_import", "Audit.", schedules=(registry.Schedule("0 6 1 * *"),)),
        ),
        bootstrap=registry.BootstrapStep(),
    )
    monkeypatch.setattr(registry, "CAPABILITIES", (*registry.CAPABILITIES, new))
    assert registry.bootstrap_steps()[-1] is new
    text = registry.prefect_yaml()
    example_id = registry.engagement_ref(registry.ROOT / registry.DEFAULT_ENGAGEMENT).engagement_id
    assert (
        f"  - name: {example_id}\n    description: Audit.\n    entrypoint: flows.lessons:lessons_import\n"
        f"    tags: [audit, {example_id}]\n" in text
    )
    assert "      - cron: 0 6 1 * *\n        timezone: Europe/Paris\n" in text
    assert [s["entrypoint"] for s in registry.deployment_specs()][-1] == "flows.lessons:lessons_import"
