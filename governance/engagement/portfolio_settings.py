"""The `portfolio:` section of pmo.yaml (the deciding body, working days, budgets, reviewers), validated with pydantic.

It lives with the engagement's settings, below the capabilities: governance.portfolio reads these settings.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

# A full-time person's working days in a month, net of leave and public holidays (about 209 a year in France).
DEFAULT_DAYS_PER_MONTH = 17.5
# Reviewers two points apart on one criterion's 1-5 scale disagree: the demand is flagged for discussion.
DEFAULT_SPREAD_FLAG = 2.0


class PortfolioSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The body whose `portfolio:` criteria score the demands (default: the one body of governance.yaml that has them).
    body: str | None = None
    days_per_month: float = Field(default=DEFAULT_DAYS_PER_MONTH, gt=0, le=31)
    # The budget of new demands per calendar year, in the engagement's currency: {2027: 4500000, ...}.
    budget: dict[int, float] = Field(default_factory=dict)
    spread_flag: float = Field(default=DEFAULT_SPREAD_FLAG, gt=0, le=4)
    # Who scores the demands (one workbook each); default: the contacts whose role sits on the deciding body.
    reviewers: list[str] = Field(default_factory=list)
    currency: str = "EUR"

    @field_validator("budget")
    @classmethod
    def _positive(cls, value: dict[int, float]) -> dict[int, float]:
        bad = [f"{year}: {amount}" for year, amount in value.items() if amount < 0 or not 1990 <= year <= 2100]
        if bad:
            raise ValueError(f"expected a year (1990-2100) and an amount >= 0, got {', '.join(bad)}")
        return value
