"""Passwords and, later, sessions."""
