"""Server order (``case_events.seq``) given at commit by a single publisher.

Why: a push used to take the next seq from a locked counter row at its first event
and hold that lock until it committed, so every push in every process queued on one
row for the whole of its transaction. Now the authority's write transaction appends
its events with ``seq`` NULL (no shared lock), and right after it commits a short
*publish* transaction numbers every committed, unnumbered event in append order
(``n``). Publishers are serialised (an advisory lock; SQLite's writer lock) and each commits
before the next one starts, so a reader that sees seq N also sees every seq below N:
a pull's ``seq > since`` cursor stays exactly-once and in order.

Events of one case are serialised by the case row lock (``load_case(for_update)``),
so their ``n`` order is the case's order and a case's published events are always a
prefix of its history: readers order a case by ``seq`` NULLS LAST, then ``n``.

On SQLite the writer lock is global, so the same numbering runs inside the write
transaction just before it commits (no second fsync); on PostgreSQL it is its own
transaction after the commit. A process that dies between its commit and its publish
leaves events that the next publish (any push, or a pull that finds them) numbers.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, func, select, update

from gridapp.store.schema import case_events

# conn.info key: this transaction appended accepted events that have no seq yet.
UNPUBLISHED = "gridapp.events_unpublished"
ACCEPTED = "accepted"
# pg_advisory_xact_lock key of the publisher (any constant; "GRIDSEQ" in ASCII).
PUBLISH_LOCK = 0x47524944534551

_E = case_events.c
_WAITING = (_E.seq.is_(None)) & (_E.status == ACCEPTED)
_LOCK = select(func.pg_advisory_xact_lock(PUBLISH_LOCK))
_TOP = select(func.coalesce(func.max(_E.seq), 0))
_RANKED = (
    select(_E.n.label("n"), func.row_number().over(order_by=_E.n).label("r"))
    .where(_WAITING)
    .subquery("todo")
)
_NUMBER = update(case_events).values(seq=bindparam("top") + _RANKED.c.r).where(_E.n == _RANKED.c.n)
_ANY_WAITING = select(_E.n).where(_WAITING).limit(1)


def mark_unpublished(conn: Connection) -> None:
    """Called by whoever appends an accepted event without a seq (the authority)."""
    conn.info[UNPUBLISHED] = True


def number_waiting(conn: Connection) -> int:
    """Give every committed (or own) accepted event without a seq the next numbers, in
    ``n`` order, inside the caller's transaction; how many were numbered.

    The publisher's lock is taken first, so the statements after it see every event
    committed before this publisher got its turn (READ COMMITTED takes a new snapshot
    per statement on PostgreSQL; SQLite's writer holds the database). The next number
    follows the highest seq given (numbers drawn by a rolled-back transaction of old,
    from the ``event_seq`` counter, were never seen by anyone).
    """
    if conn.dialect.name == "postgresql":
        # An advisory lock, not a row lock: a publish with nothing to number then writes
        # nothing, and its commit costs no WAL flush.
        conn.execute(_LOCK)
    top = int(conn.execute(_TOP).scalar_one())  # the unique index's last entry
    return int(conn.execute(_NUMBER, {"top": top}).rowcount)


def any_waiting(conn: Connection) -> bool:
    """Cheap (a partial index on ``seq IS NULL``): is there anything to publish?"""
    return conn.execute(_ANY_WAITING).first() is not None
