"""Sync between clients and the central store: protocol and the client engine."""
