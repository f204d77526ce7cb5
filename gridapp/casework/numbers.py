"""Case numbers (案卷号): ``370306-20261121-0012``, given by the authority on 立案.

Before 立案 (and on a client until the central store answers) a case carries a
provisional number so people can still refer to it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from gridapp.store.counters import bump


def provisional_number(case_id: str, at: datetime) -> str:
    return f"临-{at:%Y%m%d}-{case_id[:6].upper()}"


def issue_number(conn: Connection, county_code: str, at: datetime) -> str:
    """Next number of the day, inside the caller's write transaction (so no gaps on crash)."""
    n = bump(conn, f"case_no:{county_code}:{at:%Y%m%d}")
    return f"{county_code}-{at:%Y%m%d}-{n:04d}"
