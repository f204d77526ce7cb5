"""A month and the instants around its edges, for flag tests that must catch ``<`` vs ``<=``."""

from __future__ import annotations

from datetime import datetime, timedelta

from gridapp.reports import figures as fg

P = fg.Period(datetime(2026, 10, 1), datetime(2026, 11, 1))
EDGES = (
    None,
    P.start - timedelta(days=3),
    P.start - timedelta(microseconds=1),
    P.start,
    P.start + timedelta(days=10, hours=17, minutes=30),
    P.end - timedelta(seconds=1),
    P.end,
    P.end + timedelta(hours=2),
)
