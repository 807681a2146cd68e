"""The monthly governance review: status input, policy, metrics, KPIs, pack, workbook, charts, store."""
