"""Contracts: every command has help; every prefect.yaml entrypoint imports and matches its flow."""
from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from flows.cli import app

ROOT = Path(__file__).resolve().parents[2]


def all_commands(typer_app: typer.Typer, prefix: tuple[str, ...] = ()):
    command = typer.main.get_command(typer_app)

    def walk(group, path):
        yield path
        for name, sub in getattr(group, "commands", {}).items():
            yield from walk(sub, path + (name,))

    yield from walk(command, prefix)


@pytest.mark.parametrize("path", list(all_commands(app)), ids=lambda p: " ".join(p) or "pmo")
def test_every_command_has_help(path):
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"


def deployments():
    return yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]


@pytest.mark.parametrize("deployment", deployments(), ids=lambda d: d["name"])
def test_prefect_yaml_entrypoints_import_and_parameters_match(deployment):
    module_path, function_name = deployment["entrypoint"].split(":")
    module = importlib.import_module(module_path.removesuffix(".py").replace("/", "."))
    flow = getattr(module, function_name)
    signature = inspect.signature(flow.fn)
    parameters = deployment.get("parameters", {})
    assert set(parameters) <= set(signature.parameters), f"unknown parameters {set(parameters) - set(signature.parameters)}"
    required = {n for n, p in signature.parameters.items() if p.default is inspect.Parameter.empty}
    assert required <= set(parameters), f"required parameters missing: {required - set(parameters)}"
    assert flow.name == function_name
