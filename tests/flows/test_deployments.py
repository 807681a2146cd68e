"""Deployments per engagement: named after its id, with its folder and time zone; copies refused; the
prefect.yaml `pmo deployments` writes is what `prefect deploy --all` reads (run for real in
test_deployments_run.py)."""

from __future__ import annotations

import shutil

import yaml
from typer.testing import CliRunner

from flows.cli import app
from flows.deployments import build_deployments
from governance.engagement.config import load_engagement

runner = CliRunner()


def two_engagements(example_template, tmp_path):
    first, second = tmp_path / "paris", tmp_path / "montreal"
    for folder in (first, second):
        shutil.copytree(example_template, folder)
        assert runner.invoke(app, ["id", str(folder), "--new"]).exit_code == 0
    config = (second / "pmo.yaml").read_text(encoding="utf-8")
    (second / "pmo.yaml").write_text(config.replace("timezone: Europe/Paris", "timezone: America/Montreal"), "utf-8")
    return first, second


def test_each_engagement_gets_its_own_deployments(example_template, tmp_path):
    first, second = two_engagements(example_template, tmp_path)
    deployments = build_deployments([first, second])
    assert len(deployments) == 16
    for folder, timezone in ((first, "Europe/Paris"), (second, "America/Montreal")):
        engagement_id = load_engagement(folder).id
        mine = [d for d in deployments if d.name == engagement_id]
        assert len(mine) == 8 and all(d.parameters == {"engagement_dir": str(folder.resolve())} for d in mine)
        assert all(set(d.tags) >= {engagement_id} for d in mine)
        [review] = [d for d in mine if d.flow_name == "monthly_governance_review"]
        assert review.entrypoint == "flows.review.monthly_governance_review"  # a module path: imports the package
        assert review.schedules == []  # on a schedule, the collection's close runs it after the merge
        [collection] = [d for d in mine if d.flow_name == "status_collection"]
        assert [(s.schedule.cron, s.schedule.timezone, s.parameters) for s in collection.schedules] == [
            ("0 8 25 * *", timezone, {"stage": "prepare"}),
            ("0 8 1,8 * *", timezone, {"stage": "remind"}),
            ("0 8 3 * *", timezone, {"stage": "close"}),
        ]


def test_collection_schedules_follow_the_engagement_settings(example_template, tmp_path):
    folder = tmp_path / "engagement"
    shutil.copytree(example_template, folder)
    with (folder / "pmo.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    config = (folder / "pmo.yaml").read_text(encoding="utf-8")
    config = config.replace(
        "collection:\n", "collection:\n  prepare_day: 20\n  remind_days: [2]\n  review_day: 5\n  time: '06:30'\n"
    )
    (folder / "pmo.yaml").write_text(config, encoding="utf-8")
    [collection] = [d for d in build_deployments([folder]) if d.flow_name == "status_collection"]
    assert [s.schedule.cron for s in collection.schedules] == ["30 6 20 * *", "30 6 2 * *", "30 6 5 * *"]


def test_without_scheduled_collection_the_review_keeps_its_own_schedule(example_template, tmp_path):
    folder = tmp_path / "engagement"
    shutil.copytree(example_template, folder)
    config = (folder / "pmo.yaml").read_text(encoding="utf-8")
    assert "  scheduled: true\n" in config
    (folder / "pmo.yaml").write_text(config.replace("  scheduled: true\n", ""), encoding="utf-8")
    deployments = {d.flow_name: d for d in build_deployments([folder])}
    assert deployments["status_collection"].schedules == []  # nobody is sent a form unless the consultant says so
    assert [s.schedule.cron for s in deployments["monthly_governance_review"].schedules] == ["0 7 3 * *"]


def test_a_copied_engagement_is_refused_naming_both_folders(example_template, tmp_path):
    first, second = tmp_path / "one", tmp_path / "copy"
    shutil.copytree(example_template, first)
    shutil.copytree(example_template, second)
    result = runner.invoke(app, ["serve", str(first), str(second)])
    assert result.exit_code == 2
    assert f"{second.resolve()}/pmo.yaml" in result.stderr and str(first.resolve()) in result.stderr
    assert f"pmo id {second.resolve()} --new" in result.stderr


def test_serve_refuses_a_missing_engagement_among_several(example_template, tmp_path):
    result = runner.invoke(app, ["serve", str(example_template), str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "nowhere: engagement folder not found" in result.stderr


def test_pmo_deployments_writes_the_prefect_file(example_template, tmp_path):
    first, second = two_engagements(example_template, tmp_path)
    target = tmp_path / "prefect.yaml"
    result = runner.invoke(app, ["deployments", str(first), str(second), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert "16 deployment(s) of 2 engagement(s)" in result.stdout
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    entries = written["deployments"]
    assert {e["name"] for e in entries} == {load_engagement(first).id, load_engagement(second).id}
    assert all(e["work_pool"]["name"] == "pmo-kit" for e in entries)
    collections = [e for e in entries if e["entrypoint"] == "flows.collection:status_collection"]
    assert [(r["parameters"]["engagement_dir"], r["schedules"][0]["timezone"]) for r in collections] == [
        (str(first.resolve()), "Europe/Paris"),
        (str(second.resolve()), "America/Montreal"),
    ]
    assert "pull" not in written  # workers run from the folder `prefect deploy` ran in (Prefect's default)
