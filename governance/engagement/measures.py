"""The measures a PMO objective can be bound to (governance/data/measures.yaml), and how a target is read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from governance.core.paths import DATA_DIR

COMPARATORS = (">=", "<=", ">", "<")


@dataclass(frozen=True)
class Measure:
    id: str
    kpi: str
    kind: str  # share | ratio | level | count
    better: str  # higher | lower
    label: dict[str, str]

    @property
    def comparator(self) -> str:
        return ">=" if self.better == "higher" else "<="

    def target_value(self, text: str) -> float | None:
        """'95 %' or '0.95' -> 0.95 for a share; '3' -> 3.0 for a level; None when `text` holds no number."""
        match = re.search(r"-?\d+(?:[.,]\d+)?", str(text or ""))
        if not match:
            return None
        value = float(match.group().replace(",", "."))
        if self.kind == "share" and ("%" in str(text) or value > 1):
            value /= 100
        return value


@cache
def measures() -> dict[str, Measure]:
    data = yaml.safe_load((DATA_DIR / "measures.yaml").read_text(encoding="utf-8"))
    return {key: Measure(key, **value) for key, value in data["measures"].items()}
