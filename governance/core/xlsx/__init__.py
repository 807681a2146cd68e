"""Spreadsheets: safe cells and styles, fast frame writing, safe opening."""
