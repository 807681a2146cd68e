"""Every flow loads the way a Prefect worker loads it: from a process whose sys.path starts with flows/."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FLOWS = ROOT / "flows"

# Run in a fresh interpreter: flows/ first on sys.path (Prefect puts a file-path entrypoint's folder there),
# then the repo root (the worker's working directory). Each entrypoint is loaded as Prefect loads it.
LOADER = """
import inspect, json, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from prefect.flows import Flow, load_flow_from_entrypoint
report = {}
for entrypoint in json.loads(sys.argv[3]):
    try:
        flow = load_flow_from_entrypoint(entrypoint)
    except Exception as exc:
        report[entrypoint] = {"error": f"{type(exc).__name__}: {exc}"}
        continue
    report[entrypoint] = {"is_flow": isinstance(flow, Flow),
                          "parameters": sorted(inspect.signature(flow.fn).parameters)}
print(json.dumps(report))
"""


def prefect_entrypoints() -> list[str]:
    return [d["entrypoint"] for d in yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]]


def test_every_entrypoint_loads_with_flows_first_on_sys_path():
    module_paths = prefect_entrypoints()
    # `pmo serve` deploys with file-path entrypoints (flows/review.py:...): those must load too.
    file_paths = [
        f"flows/{m.split(':')[0].split('.', 1)[1].replace('.', '/')}.py:{m.split(':')[1]}" for m in module_paths
    ]
    completed = subprocess.run(
        [sys.executable, "-c", LOADER, str(FLOWS), str(ROOT), json.dumps(module_paths + file_paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert set(report) == set(module_paths + file_paths)
    for entrypoint, loaded in report.items():
        assert "error" not in loaded, f"{entrypoint}: {loaded.get('error')}"
        assert loaded["is_flow"], entrypoint
        assert "engagement_dir" in loaded["parameters"], entrypoint


def test_prefect_yaml_uses_module_paths():
    for entrypoint in prefect_entrypoints():
        module, _, name = entrypoint.partition(":")
        assert name and "/" not in module and not module.endswith(".py"), entrypoint
        assert module.startswith("flows."), entrypoint


def top_level_names() -> set[str]:
    """Names a module in flows/ would shadow when flows/ is first on sys.path."""
    names = {p.stem for p in ROOT.iterdir() if not p.name.startswith((".", "_")) and (p.is_dir() or p.suffix == ".py")}
    names |= set(importlib.metadata.packages_distributions())  # installed: yaml, docx, prefect, ...
    return names | set(sys.stdlib_module_names)


def test_no_module_in_flows_shadows_a_top_level_package():
    taken = top_level_names()
    assert {"governance", "flows", "tests", "tools", "bench", "yaml", "prefect"} <= taken
    clashes = sorted(
        str(p.relative_to(ROOT))
        for p in FLOWS.rglob("*")
        if "__pycache__" not in p.parts
        and not p.name.startswith("__")
        and (p.suffix == ".py" or p.is_dir())
        and (p.stem if p.is_file() else p.name) in taken
    )
    assert clashes == [], f"these shadow a top-level package when flows/ is on sys.path: {clashes}"
