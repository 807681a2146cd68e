"""The governance model (governance.yaml): schema, rules, the one resolver and default, calendar, diagram, charter, RACI, diff, proposal, store."""
