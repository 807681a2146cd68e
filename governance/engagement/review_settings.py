"""The `review:` section of pmo.yaml and the canonical status columns it maps client exports onto.

Kept free of pandas so that loading pmo.yaml stays light.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# One row per project and period. The first seven are the minimum a row needs.
REQUIRED_COLUMNS = ("project_id", "project_name", "status_date", "bac", "pv", "ev", "ac")
CANONICAL_COLUMNS = (
    "project_id",
    "project_name",
    "tier",
    "sponsor",
    "project_manager",
    "status_date",
    "bac",
    "pv",
    "ev",
    "ac",
    "percent_complete",
    "baseline_end",
    "forecast_end",
    "next_milestone",
    "milestone_baseline",
    "milestone_forecast",
    "open_risks",
    "open_issues",
    "risk_exposure",
    "benefits_planned",
    "benefits_realised",
    "rag_self",
)
# Optional extras many tools export: the project's start (for the planned duration) and the share of scope
# changed by approved change requests (0-100 %).
# A file merged from returned status forms (`pmo collect merge`) also says which form each row came from, when
# it was received and when it was due: a report received after its due date is flagged late.
EXTRA_COLUMNS = ("start_date", "scope_change", "received_on", "due_on", "source_form")
KNOWN_COLUMNS = CANONICAL_COLUMNS + EXTRA_COLUMNS


def normalise_header(name: str) -> str:
    """Headers match whatever the case, spacing and underscores ("Project ID " == "project_id")."""
    return " ".join(str(name).replace("_", " ").split()).casefold()


class ReviewSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The client's column names -> canonical names, e.g. {"Code projet": project_id}.
    columns: dict[str, str] = Field(default_factory=dict)
    # A status date more than this many days before the end of the period is stale (reported late).
    stale_after_days: int = Field(default=10, ge=0, le=31)
    # Percent complete and EV/BAC differing by more than this many points is a data-quality flag.
    percent_complete_tolerance: float = Field(default=10.0, gt=0, le=100)
    # Which EAC the cost dimension and the totals use: BAC/CPI, AC+(BAC-EV), AC+(BAC-EV)/(CPI x SPI).
    eac_method: Literal["cpi", "atypical", "composite"] = "cpi"
    # Red for this many consecutive months escalates one body further up.
    red_streak_escalation: int = Field(default=3, ge=2, le=24)
    # At most this many one-page project sheets in the Word pack (the rest are listed in the workbook).
    max_project_pages: int = Field(default=50, ge=0, le=500)
    # At most this many exception rows in the Word pack (all of them are in the workbook).
    max_exception_rows: int = Field(default=60, ge=1, le=2000)

    @field_validator("columns")
    @classmethod
    def _known_targets(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = {k: v for k, v in value.items() if v not in KNOWN_COLUMNS}
        if unknown:
            raise ValueError(f"unknown canonical column(s) {unknown}; expected one of {', '.join(KNOWN_COLUMNS)}")
        blank = [k for k in value if not str(k).strip()]
        if blank:
            raise ValueError("a column name to map is empty")
        return value
