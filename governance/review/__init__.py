"""The monthly governance review: status input, policy, metrics, KPIs, pack, workbook, charts, store."""

from governance.review.charts import kpi_trend, rag_trend
from governance.review.inputs import FoundInputs, ReviewInputs, find_inputs, load_inputs
from governance.review.objectives import objective_standing, with_dimension_maturity
from governance.review.pack import objective_figure
from governance.review.policy import DIMENSIONS, ReviewPolicy, load_policy
from governance.review.run import (
    ComputedPeriod,
    StoredHistory,
    StoredReview,
    check_template,
    compute_periods,
    objective_history,
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
from governance.review.store import kpi_history, latest_snapshots

# What status collection uses: the review's own checks on returned forms, the status folder, the last figures;
# what the annual report uses: the stored KPI history, the objectives' standing, the policy's bodies, the charts.
__all__ = [
    "DIMENSIONS",
    "ReviewPolicy",
    "kpi_history",
    "kpi_trend",
    "objective_figure",
    "objective_history",
    "objective_standing",
    "rag_trend",
    "with_dimension_maturity",
    "COUNTS",
    "DATES",
    "MONEY",
    "PERCENTS",
    "date_range",
    "discover_status_files",
    "latest_snapshots",
    "load_policy",
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
