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

__all__ = [
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
