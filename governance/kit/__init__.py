"""The document kit: manifest, context, rendering, registers, project list."""

from governance.kit.project_list import COLUMNS as PROJECT_LIST_COLUMNS
from governance.kit.project_list import (
    check_project_id,
    find_project_list,
    load_project_list,
    normalise_header,
    tier_for_budget,
)
from governance.kit.render import KitPlan, plan_generation, render_jobs
from governance.kit.render import publish as publish_documents

# What other capabilities use: the staffing plan counts the projects of the kit's project list by tier, status
# collection sends each of them a form; the portfolio pre-fills the documents of the projects it starts.
__all__ = [
    "PROJECT_LIST_COLUMNS",
    "KitPlan",
    "check_project_id",
    "find_project_list",
    "load_project_list",
    "normalise_header",
    "plan_generation",
    "publish_documents",
    "render_jobs",
    "tier_for_budget",
]
