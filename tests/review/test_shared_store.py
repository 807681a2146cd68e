"""Two engagements of one client (same display name, two ids) reviewed against one shared store: each review
sees its own history only (the bug of issue 11: rows keyed by the client's name mixed them)."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from flows.cli import app
from governance.core.store import open_store, transaction
from governance.engagement.config import load_engagement
from governance.review.store import count_rows, stored_periods

runner = CliRunner()


def review(root) -> dict:
    result = runner.invoke(app, ["review", str(root), "--period", "2026-10", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_same_client_two_engagements_one_store(example_template, tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("PMO_DATABASE_URL", database_url)
    first, second = tmp_path / "pmo-it", tmp_path / "pmo-ops"
    for root in (first, second):
        shutil.copytree(example_template, root)
        assert runner.invoke(app, ["id", str(root), "--new"]).exit_code == 0
    # The second PMO started in September: two months of status only.
    for path in (second / "data" / "status").iterdir():
        if path.stem < "2026-09":
            path.unlink()
    assert load_engagement(first).config.client.name == load_engagement(second).config.client.name

    full = review(first)
    short = review(second)
    assert len(full["computed_periods"]) == 12 and short["computed_periods"] == ["2026-09", "2026-10"]
    # No red streak can be longer than the second engagement's own two months.
    assert full["exceptions"] and max(e["red_streak"] for e in full["exceptions"]) > 2
    assert max(e["red_streak"] for e in short["exceptions"]) <= 2

    engine = open_store(database_url)
    with transaction(engine) as session:
        first_id, second_id = load_engagement(first).id, load_engagement(second).id
        assert len(stored_periods(session=session, engagement=first_id)) == 12
        assert stored_periods(session=session, engagement=second_id) == ["2026-09", "2026-10"]
        snapshots, periods = count_rows(session=session, engagement=second_id)
        same_months = [count_rows(session=session, engagement=first_id, period=p)[0] for p in ("2026-09", "2026-10")]
        assert periods == 2 and snapshots == sum(same_months)
    engine.dispose()
