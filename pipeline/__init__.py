"""Orchestration: the stages fetch → store → extract → load → publish, and the ``casewatch`` CLI."""
