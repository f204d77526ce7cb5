"""Case numbers (案卷号): ``370306-20261121-0012``, given by the authority on 立案.

Before 立案 (and on a client until the central store answers) a case carries a
provisional number so people can still refer to it.

SQLite (one writer at a time) counts per county and day in a counter row. On
PostgreSQL that row would be held from the 立案 until the push commits, queueing every
push that files a case; there the number is the sequence ``case_number_seq`` minus the
day's base (a counter row written once, by the day's first number, and only read
after). Gaps are possible (a rolled-back push; other days' numbers drawn meanwhile),
duplicates are not (distinct sequence values over one fixed base; ``ux_cases_number``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, literal, select, text
from sqlalchemy.dialects import postgresql

from gridapp.store.counters import bump
from gridapp.store.schema import counters

_NEXT = text("SELECT nextval('case_number_seq')")
_BASE = select(counters.c.value).where(counters.c.name == bindparam("name"))
_NEW_BASE = (
    postgresql.insert(counters)
    .values(name=bindparam("name"), value=bindparam("base"))
    .on_conflict_do_nothing()
    .returning(literal(1))
)


def provisional_number(case_id: str, at: datetime) -> str:
    return f"临-{at:%Y%m%d}-{case_id[:6].upper()}"


def issue_number(conn: Connection, county_code: str, at: datetime) -> str:
    """Next number of the day, inside the caller's write transaction."""
    counter = f"case_no:{county_code}:{at:%Y%m%d}"
    on_pg = conn.dialect.name == "postgresql"
    n = _from_sequence(conn, counter) if on_pg else bump(conn, counter)
    return f"{county_code}-{at:%Y%m%d}-{n:04d}"


def _from_sequence(conn: Connection, counter: str) -> int:
    base_name = f"{counter}:base"
    base = conn.execute(_BASE, {"name": base_name}).scalar()
    if base is not None:
        # Drawn after the base was committed, so above the value that made it: never ≤ 0.
        return int(conn.execute(_NEXT).scalar_one()) - int(base)
    # The day's first number: its base is one below our value, less what a counter row
    # from before revision 0016 already gave out today (an upgrade mid-day).
    drawn = int(conn.execute(_NEXT).scalar_one())
    given = int(conn.execute(_BASE, {"name": counter}).scalar() or 0)
    # Another push may write the base at the same time: the unique key makes us wait
    # for its commit (once a day), then we read its base.
    if conn.execute(_NEW_BASE, {"name": base_name, "base": drawn - given - 1}).first():
        return given + 1
    base = int(conn.execute(_BASE, {"name": base_name}).scalar_one())
    if drawn - base > given + 1:  # above the winner's own value: ours is free
        return drawn - base
    # Drawn before the winner's value: draw again, now surely above it.
    return int(conn.execute(_NEXT).scalar_one()) - base
