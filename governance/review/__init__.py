"""The monthly governance review: status input, policy, metrics, KPIs, pack, workbook, charts, store."""

from governance.review.inputs import FoundInputs, ReviewInputs, find_inputs, load_inputs
from governance.review.run import (
    ComputedPeriod,
    StoredHistory,
    StoredReview,
    check_template,
    compute_periods,
    output_names,
    read_history,
    render_outputs,
    result_of,
    review_folder,
    store_periods,
    summary_markdown,
)
from governance.review.status_checks import COUNTS, DATES, MONEY, PERCENTS, date_range, validate_status
from governance.review.status_input import discover_status_files, status_dir
from governance.review.store import latest_snapshots

# What status collection uses: the review's own checks on returned forms, the status folder, the last figures.
__all__ = [
    "COUNTS",
    "DATES",
    "MONEY",
    "PERCENTS",
    "date_range",
    "discover_status_files",
    "latest_snapshots",
    "status_dir",
    "validate_status",
    "ComputedPeriod",
    "FoundInputs",
    "ReviewInputs",
    "StoredHistory",
    "StoredReview",
    "check_template",
    "compute_periods",
    "find_inputs",
    "load_inputs",
    "output_names",
    "read_history",
    "render_outputs",
    "result_of",
    "review_folder",
    "store_periods",
    "summary_markdown",
]
