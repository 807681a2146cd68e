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
    assert set(parameters) <= set(signature.parameters), (
        f"unknown parameters {set(parameters) - set(signature.parameters)}"
    )
    required = {n for n, p in signature.parameters.items() if p.default is inspect.Parameter.empty}
    assert required <= set(parameters), f"required parameters missing: {required - set(parameters)}"
    assert flow.name == function_name


def _fail(problems, as_json=False, total=None):
    from flows.cli.output import fail

    with pytest.raises(typer.Exit) as caught:
        fail(problems, as_json, total)
    return caught.value.exit_code


def _input_error(files: int, per_file: int):
    from governance.core.problems import InputError, Problem

    return InputError(
        Problem(f"status-{f}.csv", "bad value", row=r + 2, column="rag") for f in range(files) for r in range(per_file)
    )


def test_a_few_problems_print_one_line_each_and_nothing_else(capsys):
    from governance.core.problems import Problem

    problems = [
        Problem("a.csv", "bad", row=2).to_dict() | {"text": "a.csv: row 2: bad"},
        Problem("b.csv", "bad", row=3).to_dict() | {"text": "b.csv: row 3: bad"},
    ]
    assert _fail(problems) == 2
    assert capsys.readouterr().err.splitlines() == ["a.csv: row 2: bad", "b.csv: row 3: bad"]


def test_problems_are_capped_per_file_and_counted(capsys):
    import json

    from flows.runtime import problem_dicts

    error = _input_error(files=2, per_file=120)
    assert _fail(problem_dicts(error), as_json=True) == 2  # the total worked out from the "and N more" lines
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 2 * 51 + 1 and lines[-1] == "240 problem(s) in all"
    assert lines[100] == "status-0.csv: and 70 more problem(s) in this file (the first 50 are listed)"
    payload = json.loads(captured.out)
    assert payload["ok"] is False and payload["total"] == 240 and len(payload["problems"]) == 102


def test_the_terminal_shows_at_most_200_lines_and_json_has_them_all(capsys):
    import json

    from flows.cli.output import MAX_LINES
    from flows.runtime import problem_dicts

    error = _input_error(files=6, per_file=100_000 // 6)
    assert _fail(problem_dicts(error), as_json=True, total=error.total) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == MAX_LINES + 2
    assert lines[-2] == f"and {6 * 51 - MAX_LINES} more line(s) not shown (--json lists them)"
    assert lines[-1] == f"{error.total} problem(s) in all"
    payload = json.loads(captured.out)
    assert len(payload["problems"]) == 6 * 51 and payload["total"] == error.total == 6 * (100_000 // 6)


def test_an_input_error_outside_a_flow_is_capped_the_same_way(capsys):
    from flows.cli.output import guarded

    def bad():
        raise _input_error(files=1, per_file=60)

    with pytest.raises(typer.Exit) as caught:
        guarded(False, bad)
    assert caught.value.exit_code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 52 and lines[-1] == "60 problem(s) in all"
