"""Shared foundations of every capability: problems, bilingual text, formatting, store, tabular input, documents, spreadsheets."""
