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
    recorded: bool = False  # recorded by the PMO in data/pmo_measures.csv, not computed by the review

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


MATURITY_PREFIX = "maturity:"  # maturity:<dimension>: the dimension's median score (1-5) at the latest assessment


@cache
def bank_dimensions() -> dict[str, dict[str, str]]:
    """The default question bank's dimensions: id -> name ({fr:, en:})."""
    data = yaml.safe_load((DATA_DIR / "question_bank.yaml").read_text(encoding="utf-8"))
    return {str(d["id"]): d["name"] for d in data["dimensions"]}


def find_measure(metric: str) -> Measure | None:
    """A measure of measures.yaml, or a dimension's maturity (`maturity:<dimension>`); None when unknown."""
    if metric in measures():
        return measures()[metric]
    dimension = metric.removeprefix(MATURITY_PREFIX)
    if metric.startswith(MATURITY_PREFIX) and dimension in bank_dimensions():
        name = bank_dimensions()[dimension]
        label = {
            "fr": f"Maturité : {name['fr']} (médiane, 1 à 5)",
            "en": f"Maturity: {name['en']} (median, 1 to 5)",
        }
        return Measure(metric, metric, "score", "higher", label)
    return None


def known_measures() -> list[str]:
    """Every metric an objective may name, for messages."""
    return [*measures(), *(MATURITY_PREFIX + d for d in bank_dimensions())]
