"""Portfolio and resources: demand intake, scoring, capacity against demand, selection, decision, provisioning."""

from governance.portfolio.analysis import Capacity, capacity_of
from governance.portfolio.criteria import Scoring, load_scoring
from governance.portfolio.decide import Provisioned, Sheets, decide, publish_provisioned, read_decision_sheets
from governance.portfolio.deck import committee_slides
from governance.portfolio.inputs import PortfolioInputs, load_inputs, portfolio_dir
from governance.portfolio.outputs import (
    Returned,
    read_returned_scores,
    store_proposal,
    write_board_pack,
    write_capacity,
    write_scoring_workbooks,
)
from governance.portfolio.run import SelectionRun, budget_of, run_selection, scored_table
from governance.portfolio.store import (
    decisions_frame,
    latest_proposal,
    replace_demands,
    replace_scores,
    scores_frame,
)
from governance.portfolio.summary import (
    capacity_summary,
    decision_summary,
    intake_summary,
    scoring_summary,
    selection_summary,
)

__all__ = [
    "Capacity",
    "PortfolioInputs",
    "Provisioned",
    "Returned",
    "Scoring",
    "SelectionRun",
    "Sheets",
    "budget_of",
    "capacity_of",
    "capacity_summary",
    "committee_slides",
    "latest_proposal",
    "store_proposal",
    "decide",
    "decision_summary",
    "decisions_frame",
    "intake_summary",
    "load_inputs",
    "load_scoring",
    "portfolio_dir",
    "publish_provisioned",
    "read_decision_sheets",
    "read_returned_scores",
    "replace_demands",
    "replace_scores",
    "run_selection",
    "scored_table",
    "scores_frame",
    "scoring_summary",
    "selection_summary",
    "write_board_pack",
    "write_capacity",
    "write_scoring_workbooks",
]
