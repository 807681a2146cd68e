"""Decisions and actions: the register each body fills after its meeting, imported, stored and followed up."""

from governance.decisions.follow_up import overdue_exceptions, standing_at
from governance.decisions.importing import (
    RegistersRead,
    decisions_dir,
    find_registers,
    known_people,
    read_registers,
    store_registers,
)
from governance.decisions.listing import decision_list
from governance.decisions.register import RegisterContent, register_file_name, write_register
from governance.decisions.store import ACTION_STATUSES, ActionRecord, DecisionRecord, actions_frame, decisions_frame

__all__ = [
    "ACTION_STATUSES",
    "ActionRecord",
    "DecisionRecord",
    "RegisterContent",
    "RegistersRead",
    "actions_frame",
    "decision_list",
    "decisions_dir",
    "decisions_frame",
    "find_registers",
    "known_people",
    "overdue_exceptions",
    "read_registers",
    "register_file_name",
    "standing_at",
    "store_registers",
    "write_register",
]
