"""Monotonic counters that stay correct with concurrent writers (SQLite or PostgreSQL).

The row is created if missing (no-op on conflict) and then incremented with
UPDATE … RETURNING, which holds the row lock until the caller's transaction ends.
"""

from __future__ import annotations

from sqlalchemy import Connection, update
from sqlalchemy.dialects import postgresql, sqlite

from gridapp.store.schema import counters

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def bump(conn: Connection, name: str) -> int:
    """Add one to counter ``name`` (starting from 0) and return the new value."""
    insert = _INSERTS[conn.dialect.name]
    conn.execute(insert(counters).values(name=name, value=0).on_conflict_do_nothing())
    stmt = (
        update(counters)
        .where(counters.c.name == name)
        .values(value=counters.c.value + 1)
        .returning(counters.c.value)
    )
    return int(conn.execute(stmt).scalar_one())
