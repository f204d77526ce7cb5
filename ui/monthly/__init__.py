"""The monthly supervision report dialog (issue 4/5 item 5)."""
