"""The example's data/pmo_measures.csv: what its PMO recorded each month (gate compliance, kit adoption)."""

from __future__ import annotations

from pathlib import Path

import yaml

from governance.core.atomic import write_bytes_atomic
from governance.core.formatting import percent
from governance.core.paths import DATA_DIR

HEADER = {"fr": "période;mesure;valeur", "en": "period;measure;value"}


def write_example_measures(root: Path, language: str) -> list[Path]:
    recorded = yaml.safe_load((DATA_DIR / "example_measures.yaml").read_text(encoding="utf-8"))
    lines = [HEADER[language]] + [
        f"{period};{measure};{percent(value, language)}"
        for measure, months in recorded.items()
        for period, value in months.items()
    ]
    text = "\ufeff" + "\r\n".join(lines) + "\r\n"
    return [write_bytes_atomic(root / "data" / "pmo_measures.csv", text.encode("utf-8"))]
