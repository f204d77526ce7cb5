"""SQL for the map: compact case points and open-case counts per grid, in the user's scope.

Only the few columns a marker needs are selected, so 100,000 points stay quick.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Connection, Row, case, func, select

from gridapp.domain.case import CaseState
from gridapp.domain.roles import Actor
from gridapp.store.case_queries import CaseQuery, filter_conditions, scope_condition
from gridapp.store.schema import cases, meta

__all__ = ["LEVEL_CODES", "grid_counts", "point_rows", "read_meta", "write_meta"]

# Overdue level as a small int in the compact rows: 0 none, 1 yellow (80 % used), 2 red.
LEVEL_CODES = {"none": 0, "yellow": 1, "red": 2}
OPEN_STATES = tuple(s.value for s in CaseState if not s.is_terminal)


def _level(now: datetime):
    c = cases.c
    running = c.state == CaseState.DISPATCHED.value
    return case(
        (running & (c.deadline < now), 2),
        (running & (c.warn_at <= now), 1),
        else_=0,
    )


def point_rows(
    conn: Connection,
    query: CaseQuery,
    actor: Actor,
    now: datetime,
    ids: Iterable[str] | None = None,
    address_chars: int = 80,
) -> Sequence[Row]:
    """(id, lon, lat, state, level, number, category_code, address) for every match;
    the address cut to ``address_chars`` in SQL (a popup needs no more)."""
    c = cases.c
    conds = filter_conditions(query, actor, now)
    if ids is not None:
        conds.append(c.id.in_(sorted(set(ids))))
    address = func.substr(c.address, 1, address_chars)
    stmt = select(
        c.id, c.lon, c.lat, c.state, _level(now), c.number, c.category_code, address
    ).where(*conds)
    return conn.execute(stmt).all()


def grid_counts(conn: Connection, actor: Actor) -> dict[str, int]:
    """Open (non-terminal) cases per grid code, in the actor's scope."""
    c = cases.c
    stmt = (
        select(c.grid_code, func.count())
        .where(scope_condition(actor), c.state.in_(OPEN_STATES))
        .group_by(c.grid_code)
    )
    return {code: int(n) for code, n in conn.execute(stmt)}


def read_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()


def write_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(meta.delete().where(meta.c.key == key))
    conn.execute(meta.insert().values(key=key, value=value))
