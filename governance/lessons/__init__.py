"""Lessons learned: reading registers, storing and searching them."""
