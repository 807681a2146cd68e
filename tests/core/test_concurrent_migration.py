"""Two processes opening one empty store at the same moment (two deployments due at 07:00): both succeed, the
schema is created once."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import inspect

from governance.core.store import open_store

OPEN = "import sys; from governance.core.store import open_store; open_store(sys.argv[1]).dispose(); print('ok')"


def test_two_first_runs_migrate_once(database_url):
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN, database_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outcomes = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], [err for _, err in outcomes]
    engine = open_store(database_url)
    assert {"review_snapshot", "engagement_record", "run_lock"} <= set(inspect(engine).get_table_names())
    engine.dispose()
