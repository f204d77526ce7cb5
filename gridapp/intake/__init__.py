"""Intake adapters: outside records (12345 hotline work orders) turned into reports."""
