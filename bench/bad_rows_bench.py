"""A status file of 100,000 bad rows: how long validation takes and how many lines it reports.

The issue's bar: at most 50 lines per file plus one counting the rest, in under 5 s of validation.

    python bench/bad_rows_bench.py [ROWS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HEADER = (
    "project_id;project_name;tier;status_date;bac;pv;ev;ac;percent_complete;open_risks;baseline_end;"
    "forecast_end;rag_self"
)
# Several kinds of bad value, in turn: not a number, negative, not a date, EV above BAC, outside the period,
# a duplicated id, a percentage out of range, a fractional count, an empty name, an extra field.
# Amounts differ on every row, as in a real portfolio; dates repeat, as status dates do.
BAD_ROWS = (
    "P{i};Project {i};tier2;15/10/2026;abc;500;400;{ac};40;2;31/12/2026;31/12/2026;vert",
    "P{i};Project {i};tier2;15/10/2026;{bac};-5;400;{ac};40;2;31/12/2026;31/12/2026;vert",
    "P{i};Project {i};tier2;32/13/2026;{bac};500;400;{ac};40;2;31/12/2026;31/12/2026;vert",
    "P{i};Project {i};tier2;15/10/2026;{bac};500;{over};{ac};40;2;31/12/2026;31/12/2026;vert",
    "P{i};Project {i};tier2;15/03/2025;{bac};500;400;{ac};40;2;31/12/2026;31/12/2026;vert",
    "DUP;Project {i};tier2;15/10/2026;{bac};500;400;{ac};40;2;31/12/2026;31/12/2026;vert",
    "P{i};Project {i};tier2;15/10/2026;{bac};500;400;{ac};140;2;31/12/2026;31/12/2026;vert",
    "P{i};Project {i};tier2;15/10/2026;{bac};500;400;{ac};40;2,5;31/12/2026;31/12/2026;vert",
    "P{i};;tier2;15/10/2026;{bac};500;400;{ac};40;2;31/12/2026;31/12/2026;vert",
    "P{i};Project {i};tier2;15/10/2026;{bac};500;400;{ac};40;2;31/12/2026;31/12/2026;vert;extra",
)


def write_bad_file(path: Path, rows: int) -> Path:
    lines = [HEADER] + [
        BAD_ROWS[i % len(BAD_ROWS)].format(
            i=i, bac=f"{1000 + i}", ac=f"{450 + i % 997},{i % 100:02d}", over=f"{2000 + i}"
        )
        for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(rows: int = 100_000) -> int:
    from governance.core.problems import InputError
    from governance.engagement.review_settings import ReviewSettings
    from governance.review.status_input import load_status_file

    with tempfile.TemporaryDirectory() as tmp:
        path = write_bad_file(Path(tmp) / "2026-10.csv", rows)
        start = time.perf_counter()
        try:
            load_status_file(path, "2026-10.csv", "2026-10", ReviewSettings())
        except InputError as exc:
            seconds = time.perf_counter() - start
            lines = str(exc).splitlines()
            print(
                f"{rows:,} bad rows: validated in {seconds:.2f} s; {len(lines)} lines reported "
                f"for {exc.total:,} problems"
            )
            print(f"last line: {lines[-1]}")
            return 0 if seconds < 5 and len(lines) <= 51 else 1
    print("no problem found: the bench file is not bad enough")
    return 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
