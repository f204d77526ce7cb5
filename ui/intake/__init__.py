"""Intake screens: the 12345 work-order import and the orders waiting for a place."""
