"""Where things are on a status form: the rows of the project's identity, of each figure, and the hidden sheet
that tells a returned form apart from any other workbook (its engagement, period and projects).

The writer (forms) and the reader (returns) both read these positions from here; a form also records its own
field order in the hidden sheet, so a later version of the layout can still read an older form.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from governance.core.paths import DATA_DIR

FORM_FORMAT = "pmo-kit status form"
FORM_VERSION = 1
META_SHEET = "_pmo"
IDENTITY = ("project_id", "project_name", "tier", "sponsor", "project_manager", "period")
IDENTITY_FIRST_ROW = 3  # label in column A, value in column B
DUE_ROW = IDENTITY_FIRST_ROW + len(IDENTITY)
MILESTONE_ROW = DUE_ROW + 1
HEADER_ROW = MILESTONE_ROW + 2
FIRST_FIELD_ROW = HEADER_ROW + 1
LABEL_COLUMN, LAST_COLUMN, VALUE_COLUMN, EXPECTED_COLUMN = "A", "B", "C", "D"
# The hidden sheet: key/value lines, then one line per project sheet from PROJECTS_ROW.
META_KEYS = ("format", "version", "engagement", "period", "prepared_at", "fields", "first_field_row", "value_column")
PROJECTS_ROW = len(META_KEYS) + 2
PROJECT_COLUMNS = ("sheet", "project_id", "project_name", "tier", "sponsor", "project_manager", "tier_id", "due_on")


@dataclass(frozen=True)
class FormField:
    name: str
    kind: str  # date | money | count | percent | text | rag
    label: dict[str, str]
    carry: bool = False
    required: bool = False

    def row(self, fields: tuple[FormField, ...]) -> int:
        return FIRST_FIELD_ROW + fields.index(self)


@cache
def form_fields() -> tuple[FormField, ...]:
    data = yaml.safe_load((DATA_DIR / "status_form.yaml").read_text(encoding="utf-8"))
    return tuple(FormField(**raw) for raw in data["fields"])


def identity_row(name: str) -> int:
    return IDENTITY_FIRST_ROW + IDENTITY.index(name)
