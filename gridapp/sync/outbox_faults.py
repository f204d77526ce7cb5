"""Outbox events the service failed on: suspected, then *stuck*, never dropped.

A service bug can answer 500 for one event's content and so for every batch that
carries it; retried as a whole, that batch would hold back every later event of
the laptop for ever. The engine therefore pushes such a batch one event at a time,
and an event that fails alone is recorded here: first *suspected* (it is tried
alone again next round), then *stuck* once it failed alone ``stuck_after`` times.
A stuck event is skipped by the normal push and tried again now and then (every
``STUCK_RETRY``, after an app update, after new reference data or a new epoch, or
when the user asks). The later events of its case wait behind it: they build on it.

The event itself stays ``pending`` in ``case_events`` all along; the rows here only
say why it is held back. Everything runs in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from gridapp import __version__
from gridapp.store.schema import case_events, outbox_faults
from gridapp.sync.errors import SyncError
from gridapp.sync.local_state import OUTGOING

E = case_events.c
F = outbox_faults.c
STUCK_RETRY = timedelta(hours=1)


@dataclass(frozen=True)
class Fault:
    """What the service answered when it failed on one event."""

    http_status: int | None
    code: str
    message: str

    @classmethod
    def of(cls, exc: SyncError) -> Fault:
        return cls(exc.status, exc.code[:48], exc.message[:2000])


def prune(conn: Connection) -> None:
    """Forget the faults of events that left the outbox (accepted after all, or refused)."""
    still_out = select(E.id).where(E.status.in_(OUTGOING))
    conn.execute(delete(outbox_faults).where(F.event_id.not_in(still_out)))


def holds(conn: Connection) -> dict[str, int]:
    """Case id → outbox position (``n``) of its first held event: later ones wait."""
    q = (
        select(E.case_id, func.min(E.n))
        .join(outbox_faults, F.event_id == E.id)
        .where(E.status.in_(OUTGOING))
        .group_by(E.case_id)
    )
    return {case_id: n for case_id, n in conn.execute(q)}


def held_events(conn: Connection, actor: str | None, *, stuck: bool) -> list[dict[str, Any]]:
    """The suspected (or the stuck) events of ``actor`` in outbox order, with their fault."""
    q = (
        select(case_events, F.failures, F.stuck, F.retry_at, F.app_version)
        .join(outbox_faults, F.event_id == E.id)
        .where(E.status.in_(OUTGOING), E.local.is_(True), F.stuck.is_(stuck))
        .order_by(E.n)
    )
    if actor is not None:
        q = q.where(E.actor == actor)
    return [dict(r) for r in conn.execute(q).mappings()]


def is_due(row: Mapping[str, Any], now: datetime) -> bool:
    """A stuck event is tried again when its hour is up, or after an app update."""
    retry_at = row["retry_at"]
    return retry_at is None or retry_at <= now or row["app_version"] != __version__


def record_failure(
    conn: Connection, row: Mapping[str, Any], fault: Fault, now: datetime, *, stuck_after: int
) -> bool:
    """The event failed alone once more; True when that made it stuck (just now)."""
    known = conn.execute(select(F.failures, F.stuck).where(F.event_id == row["id"])).first()
    failures = (known.failures if known else 0) + 1
    stuck = failures >= stuck_after
    values = {
        "failures": failures,
        "stuck": stuck,
        "http_status": fault.http_status,
        "code": fault.code,
        "message": fault.message,
        "last_at": now,
        "retry_at": now + STUCK_RETRY if stuck else None,
        "app_version": __version__,
    }
    if known is None:
        conn.execute(
            insert(outbox_faults).values(
                event_id=row["id"], case_id=row["case_id"], first_at=now, **values
            )
        )
    else:
        conn.execute(update(outbox_faults).where(F.event_id == row["id"]).values(**values))
    return stuck and not (known is not None and known.stuck)


def clear(conn: Connection, event_id: str) -> None:
    """The service answered for the event (accepted, refused, or "later"): not held any more."""
    conn.execute(delete(outbox_faults).where(F.event_id == event_id))


def release(conn: Connection, event_id: str | None = None) -> int:
    """Make stuck events due at once (the user's "retry"); returns how many."""
    q = update(outbox_faults).where(F.stuck.is_(True)).values(retry_at=None)
    if event_id is not None:
        q = q.where(F.event_id == event_id)
    return conn.execute(q).rowcount or 0


def stuck_events(conn: Connection, actor: str | None) -> list[dict[str, Any]]:
    """Stuck events (newest first) with their fault and how many later events wait."""
    later = case_events.alias("later")
    waiting = (
        select(func.count())
        .where(
            and_(
                later.c.case_id == E.case_id,
                later.c.n > E.n,
                later.c.status.in_(OUTGOING),
            )
        )
        .scalar_subquery()
    )
    q = (
        select(
            case_events,
            F.failures,
            F.http_status,
            F.code.label("fault_code"),
            F.message.label("fault_message"),
            F.first_at,
            F.last_at,
            F.retry_at,
            waiting.label("waiting"),
        )
        .join(outbox_faults, F.event_id == E.id)
        .where(E.status.in_(OUTGOING), F.stuck.is_(True))
        .order_by(E.n.desc())
    )
    if actor is not None:
        q = q.where(E.actor == actor)
    return [dict(r) for r in conn.execute(q).mappings()]


def stuck_count(conn: Connection, actor: str | None) -> int:
    q = (
        select(func.count())
        .select_from(outbox_faults.join(case_events, F.event_id == E.id))
        .where(E.status.in_(OUTGOING), F.stuck.is_(True))
    )
    if actor is not None:
        q = q.where(E.actor == actor)
    return int(conn.execute(q).scalar() or 0)
