"""The document kit: manifest, context, rendering, registers, project list."""

from governance.kit.project_list import find_project_list, load_project_list, tier_for_budget

# What other capabilities use: the staffing plan counts the projects of the kit's project list by tier, status
# collection sends each of them a form.
__all__ = ["find_project_list", "load_project_list", "tier_for_budget"]
