"""RAG codes and labels, the safe ratio, and the columns a period carries over: the review's shared vocabulary."""

from __future__ import annotations

import numpy as np

GREEN, AMBER, RED = 0, 1, 2
RAG_LABELS = {GREEN: "green", AMBER: "amber", RED: "red"}
RAG_CODES = {label: code for code, label in RAG_LABELS.items()}
TRENDS = ("new", "improving", "stable", "worsening")
# Rounding before comparing with the bands: 1 - 0.9 is 0.0999..., which must count as 0.10 (red).
DECIMALS = 9
# Columns a period needs from the project's previous stored snapshot.
PREVIOUS_COLUMNS = (
    "project_id",
    "project_name",
    "period",
    "status_date",
    "rag_overall",
    "severity",
    "streak",
    "ac",
    "ev",
    "bac_first",
    "first_status_date",
    "start_date",
    "start_basis",
    "next_milestone",
    "milestone_baseline",
    "percent_complete",
    "forecast_end",
    "baseline_end",
    "source_row",
)
DATA_QUALITY_FLAGS = (
    "missing",
    "stale",
    "late",
    "ac_without_ev",
    "percent_inconsistent",
    "unknown_tier",
    "rag_self_unknown",
)


def ratio(numerator, denominator) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is zero or either side is missing."""
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    ok = (den != 0) & ~np.isnan(den) & ~np.isnan(num)
    np.divide(num, den, out=out, where=ok)
    return out


def rag_codes(deviation, amber, red) -> np.ndarray:
    """0 green, 1 amber, 2 red, NaN not assessed: deviation >= amber is amber, >= red is red."""
    value = np.round(np.asarray(deviation, dtype=float), DECIMALS)
    codes = np.where(value >= red, RED, np.where(value >= amber, AMBER, GREEN)).astype(float)
    codes[np.isnan(value)] = np.nan
    return codes


def worst(codes: np.ndarray) -> np.ndarray:
    """Row-wise worst RAG of a (rows x dimensions) array; NaN only when nothing was assessed."""
    with np.errstate(invalid="ignore"):
        return np.fmax.reduce(codes, axis=1) if codes.shape[1] else np.full(codes.shape[0], np.nan)


def rag_labels(codes) -> np.ndarray:
    """Codes to 'green' / 'amber' / 'red' / None."""
    codes = np.asarray(codes, dtype=float)
    labels = np.array([None, "green", "amber", "red"], dtype=object)
    index = np.where(np.isnan(codes), 0, codes + 1).astype(int)
    return labels[index]
