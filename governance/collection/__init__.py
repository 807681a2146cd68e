"""Status collection: forms out to every project manager, returns in and merged, reminders, and a tracker."""

from governance.collection.contacts import load_contacts, person_key
from governance.collection.merge import MergeOutcome
from governance.collection.merged_file import (
    merge_result,
    merged_path,
    record_returns,
    refuse_unless_partial,
    write_merged,
)
from governance.collection.messages import Composed, send, smtp_password
from governance.collection.prepare import Prepared, collection_folder, prepare_forms, prepare_result
from governance.collection.reminders import Reminders, plan_reminders, remind_result, today_in
from governance.collection.returns import inbox_dir, inbox_files
from governance.collection.roster import collection_period
from governance.collection.store import mark_sent, now, recorded_messages
from governance.collection.tracker import Standing, read_returns, standing, standing_result

__all__ = [
    "load_contacts",
    "Composed",
    "MergeOutcome",
    "Prepared",
    "Reminders",
    "Standing",
    "collection_folder",
    "collection_period",
    "inbox_dir",
    "inbox_files",
    "mark_sent",
    "merge_result",
    "merged_path",
    "now",
    "person_key",
    "plan_reminders",
    "prepare_forms",
    "prepare_result",
    "read_returns",
    "record_returns",
    "recorded_messages",
    "refuse_unless_partial",
    "remind_result",
    "send",
    "smtp_password",
    "standing",
    "standing_result",
    "today_in",
    "write_merged",
]
