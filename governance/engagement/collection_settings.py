"""The `collection:` section of pmo.yaml: when status forms go out, are due and are chased, and how mail is sent.

The SMTP password is never in a file: `smtp.password_env` names the environment variable that holds it.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def check_address(value: str) -> str:
    """A plain address (name@host.tld); a display name goes in its own setting."""
    if not EMAIL.fullmatch(value.strip()):
        raise ValueError(f"expected an e-mail address such as pmo@client.example (got {value!r})")
    return value.strip()


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SmtpSettings(Strict):
    host: str = Field(min_length=1)
    port: int = Field(default=587, ge=1, le=65535)
    # starttls on 587, ssl on 465; none only for a relay on the local network or a test server.
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password_env: str = Field(default="PMO_SMTP_PASSWORD", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    timeout_seconds: float = Field(default=30, gt=0, le=300)


class CollectionSettings(Strict):
    # Names and addresses of project managers, sponsors and body chairs (CSV or XLSX, relative to the folder).
    contacts: str = "data/contacts.csv"
    # Who the messages come from, and the name shown beside the address.
    sender: str | None = None
    sender_name: str = ""
    # Reports are due this many days after the end of the month reported (0: its last day), moved back to a
    # working day, and never later than `meeting_lead_days` working days before the tier's body meets.
    due_after_days: int = Field(default=0, ge=0, le=20)
    meeting_lead_days: int = Field(default=2, ge=0, le=10)
    # Deployments: the status_collection deployment runs on these days (prepare, remind, close) only when this is
    # on; otherwise the review keeps its own schedule (a client who delivers the status file is never chased).
    scheduled: bool = False
    # The schedule (days of the month, in the engagement's time zone). A run works on the month of 15 days before
    # it: forms go out in the second half of the month they cover, reminders and the close come in the first half
    # of the next one.
    prepare_day: int = Field(default=25, ge=16, le=28)
    remind_days: list[int] = Field(default_factory=lambda: [1, 8], min_length=1, max_length=10)
    review_day: int = Field(default=3, ge=1, le=15)
    time: str = "08:00"
    smtp: SmtpSettings | None = None

    @field_validator("sender")
    @classmethod
    def _sender(cls, value: str | None) -> str | None:
        return None if value is None else check_address(value)

    @field_validator("remind_days")
    @classmethod
    def _days(cls, value: list[int]) -> list[int]:
        bad = [d for d in value if not 1 <= d <= 15]
        if bad:
            raise ValueError(f"reminders go out in the first half of the next month: days 1 to 15, got {bad}")
        return sorted(set(value))

    @field_validator("time")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not CLOCK.fullmatch(str(value)):
            raise ValueError(f"expected a time as HH:MM (got {value!r}); quote it in YAML: '08:00'")
        return str(value)

    @model_validator(mode="after")
    def _sender_for_smtp(self) -> CollectionSettings:
        if self.smtp is not None and not self.sender:
            raise ValueError("smtp is set but sender is not; expected the address the messages come from")
        return self

    @property
    def hour_minute(self) -> tuple[int, int]:
        hours, minutes = self.time.split(":")
        return int(hours), int(minutes)
