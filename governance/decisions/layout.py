"""Where things are in a decision register: its sheets, columns and the hidden sheet that identifies it."""

from __future__ import annotations

REGISTER_FORMAT = "pmo-kit-decision-register"
REGISTER_VERSION = 1
META_SHEET = "_pmo"

TITLE_ROW = 1  # below the logo when there is one: the writer records the rows it used in the hidden sheet
# The decisions sheet: one row per exception; identity columns locked, the last four for the meeting to fill.
DECISION_COLUMNS = ("ref", "project_id", "project_name", "dimension", "deviation", "red", "red_streak", "expected")
DECISION_INPUTS = ("decision", "action", "owner", "due_on")
OTHER_ACTION_ROWS = 10  # blank rows under "Other actions", at least; as many as exceptions when there are more
# The follow-up sheet: one row per action still open when the register was written.
FOLLOW_UP_COLUMNS = ("action_ref", "project_id", "action", "owner", "due_on", "decided", "body")
FOLLOW_UP_INPUTS = ("status", "closed_on", "comment")
FOLLOW_UP_HEADER_ROW = 4


def letter(position: int) -> str:
    """Column letter of a 1-based position (registers stay under 26 columns)."""
    return chr(ord("A") + position - 1)


DECISION_LETTERS = {name: letter(i) for i, name in enumerate(DECISION_COLUMNS + DECISION_INPUTS, start=1)}
FOLLOW_UP_LETTERS = {name: letter(i) for i, name in enumerate(FOLLOW_UP_COLUMNS + FOLLOW_UP_INPUTS, start=1)}
