"""The governance model (governance.yaml): schema, rules, the one resolver and default, calendar, diagram, charter, RACI, diff, proposal, store."""

from governance.structure.model import GovernanceModel
from governance.structure.resolve import ResolvedGovernance, default_governance, default_mandate, resolve_governance

__all__ = ["GovernanceModel", "ResolvedGovernance", "default_governance", "default_mandate", "resolve_governance"]
