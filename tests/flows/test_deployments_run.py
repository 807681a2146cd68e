"""Deployments that really run, on real engines: a Prefect server whose database is PostgreSQL, a process work
pool and worker fed by `prefect deploy --all`, `pmo serve` for two engagements at once, and the pmo store on
PostgreSQL too. Every process started here is stopped at the end (tests/support/prefect_server.py)."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest
from typer.testing import CliRunner

from flows.cli import app
from governance.core.store import open_store, transaction
from governance.engagement.config import load_engagement
from governance.review.store import stored_periods
from support.prefect_server import (
    BIN,
    ROOT,
    api,
    base_env,
    deployments_named,
    postgres_database,
    prefect_server,
    process,
    run_logs,
    wait_for_final_state,
    wait_until,
)

runner = CliRunner()
PERIOD = "2026-10"  # the example's last status file; the deployment's default (last month) depends on today


@pytest.fixture(scope="module")
def admin_url():
    url = os.environ.get("PMO_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PMO_TEST_POSTGRES_URL is not set (no PostgreSQL server for this run)")
    return url


@pytest.fixture(scope="module")
def server(admin_url, tmp_path_factory):
    with (
        postgres_database(admin_url, "prefect") as database,
        prefect_server(database, tmp_path_factory.mktemp("prefect-home")) as url,
    ):
        yield url


@pytest.fixture
def store_url(admin_url):
    with postgres_database(admin_url, "pmo_store") as url:
        yield url


def new_engagement(folder) -> str:
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    return load_engagement(folder).id


def start_review(url: str, engagement_id: str) -> str:
    deployment = api(url, f"/deployments/name/monthly_governance_review/{engagement_id}")
    run = api(url, f"/deployments/{deployment['id']}/create_flow_run", {"parameters": {"period": PERIOD}})
    return run["id"]


def assert_reviewed(url: str, run_id: str, folder, store_url: str, log) -> None:
    assert wait_for_final_state(url, run_id, 300, log=log) == "COMPLETED", run_logs(url, run_id)
    artifacts = api(
        url, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run_id]}, "type": {"any_": ["markdown"]}}}
    )
    assert artifacts and PERIOD in artifacts[0]["data"]
    published = sorted(p.suffix for p in (folder / "out" / "reviews" / PERIOD).iterdir())
    assert ".docx" in published and ".xlsx" in published and ".pptx" in published
    engine = open_store(store_url)
    with transaction(engine) as session:
        assert PERIOD in stored_periods(session=session, engagement=load_engagement(folder).id)
    engine.dispose()


def test_prefect_deploy_and_a_worker_run_the_monthly_review(server, store_url, tmp_path):
    """The README's server recipe: work pool, `prefect deploy --all` of a generated prefect.yaml, a worker."""
    folder = tmp_path / "client"
    engagement_id = new_engagement(folder)
    prefect_file = tmp_path / "prefect.yaml"
    assert runner.invoke(app, ["deployments", str(folder), "--out", str(prefect_file)]).exit_code == 0
    env = base_env(PREFECT_API_URL=server, PMO_DATABASE_URL=store_url)

    def prefect(*args: str) -> None:
        done = subprocess.run(
            [str(BIN / "prefect"), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
        )
        assert done.returncode == 0, done.stdout + done.stderr

    prefect("work-pool", "create", "pmo-kit", "--type", "process", "--overwrite")
    prefect("deploy", "--all", "--no-prompt", "--prefect-file", str(prefect_file))
    deployed = deployments_named(server, engagement_id)
    assert len(deployed) == 8 and {d["entrypoint"] for d in deployed} >= {"flows.review:monthly_governance_review"}
    assert all(d["parameters"]["engagement_dir"] == str(folder.resolve()) for d in deployed)

    log = tmp_path / "worker.log"
    with process([str(BIN / "prefect"), "worker", "start", "--pool", "pmo-kit"], env, log):
        run_id = start_review(server, engagement_id)
        assert_reviewed(server, run_id, folder, store_url, log)
        # The collection's scheduled close, as its schedule starts it: the example's November returns merged
        # (the form with an error left out and listed), then November reviewed, all on the worker.
        deployment = api(server, f"/deployments/name/status_collection/{engagement_id}")
        parameters = {"stage": "close", "period": "2026-11"}
        run = api(server, f"/deployments/{deployment['id']}/create_flow_run", {"parameters": parameters})
        assert wait_for_final_state(server, run["id"], 300, log=log) == "COMPLETED", run_logs(server, run["id"])
        merged = (folder / "data" / "status" / "2026-11.csv").read_text(encoding="utf-8-sig").splitlines()
        assert len(merged) == 1 + 10 and not any(line.startswith("PRJ-016;") for line in merged)
        names = {p.name for p in (folder / "out" / "reviews" / "2026-11").iterdir()}
        review = {f"revue-gouvernance-2026-11.{suffix}" for suffix in ("docx", "xlsx", "pptx")}
        # The pack, its workbook and the committee deck, and a decision register per body with an exception.
        assert review <= names and all(n.startswith("registre-decisions-") for n in names - review), names
        engine = open_store(store_url)
        with transaction(engine) as session:
            assert "2026-11" in stored_periods(session=session, engagement=engagement_id)
        engine.dispose()
        # The portfolio selection, run on demand before the board: the pack and its decision sheet on the worker.
        deployment = api(server, f"/deployments/name/portfolio_selection/{engagement_id}")
        run = api(server, f"/deployments/{deployment['id']}/create_flow_run", {"parameters": {}})
        assert wait_for_final_state(server, run["id"], 300, log=log) == "COMPLETED", run_logs(server, run["id"])
        board = sorted(p.name for p in (folder / "out" / "portfolio" / "board").iterdir())
        assert [n.split("-2")[0] for n in board] == ["decisions-portefeuille", "dossier-comite-portefeuille"], board


def test_pmo_serve_runs_two_engagements_side_by_side(server, store_url, tmp_path):
    """Two engagements of one client (same name, two ids) served by one `pmo serve` on one store: both sets of
    deployments with their own parameters, a run of each completes, and Ctrl-C stops serving cleanly."""
    first, second = tmp_path / "pmo-it", tmp_path / "pmo-ops"
    ids = [new_engagement(first), new_engagement(second)]
    env = base_env(PREFECT_API_URL=server, PMO_DATABASE_URL=store_url)
    log = tmp_path / "serve.log"
    with process([str(BIN / "pmo"), "serve", str(first), str(second)], env, log) as serving:
        for engagement_id, folder in zip(ids, (first, second), strict=True):
            deployed = wait_until(
                lambda i=engagement_id: len(found := deployments_named(server, i)) == 8 and found,
                120,
                "deployments",
                log=log,
            )
            review = next(d for d in deployed if d["entrypoint"].startswith("flows.review"))
            assert review["parameters"] == {"engagement_dir": str(folder.resolve())}
            collection = next(d for d in deployed if d["entrypoint"].startswith("flows.collection"))
            stages = sorted((s["schedule"]["timezone"], s["parameters"]["stage"]) for s in collection["schedules"])
            assert stages == [("Europe/Paris", stage) for stage in ("close", "prepare", "remind")]
        runs = [start_review(server, engagement_id) for engagement_id in ids]
        for run_id, folder in zip(runs, (first, second), strict=True):
            assert_reviewed(server, run_id, folder, store_url, log)
        os.kill(serving.pid, signal.SIGINT)  # what Ctrl-C sends
        serving.wait(timeout=60)
    assert "Traceback" not in log.read_text()
