"""Reporting a new case (上报): category picker, photos, point, duplicate warning, dialog."""
