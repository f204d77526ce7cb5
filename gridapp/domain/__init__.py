"""gridapp domain: pure rules, no I/O beyond reading shipped reference data."""
