"""The client side of sync, on the client's own store: outbox, results, pulled events.

Everything here runs inside one write transaction chosen by the caller, so that
applying pulled events and moving the cursor happen together or not at all.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, and_, delete, not_, or_, select, update

from gridapp.domain.actions import Action
from gridapp.domain.events import EventStatus
from gridapp.store.reference import ReferenceData
from gridapp.store.schema import case_events, sync_state
from gridapp.sync import projections
from gridapp.sync.local_state import (  # noqa: F401  (re-exported: the state's readers)
    OUTGOING,
    get_state,
    pending_count,
    set_state,
)
from gridapp.sync.protocol import EventIn, EventResult, EventStatusOut

E = case_events.c
log = logging.getLogger(__name__)


def take_outbox(
    conn: Connection,
    limit: int,
    actor: str,
    waiting_cases: set[str],
    held: Mapping[str, int] | None = None,
) -> list[dict[str, Any]]:
    """The oldest events ``actor`` made here that the service has not acknowledged.

    Only the logged-in user's own events go out under their session; a case with an
    event the service asked to wait for holds back its later events too, and so does
    a case with a held event (``held``: case id → outbox position of that event, which
    is itself left out: the engine pushes it alone). The payload is frozen as first
    sent, so a resend hashes the same.
    """
    q = (
        select(case_events)
        .where(E.status.in_(OUTGOING), E.actor == actor, E.local.is_(True))
        .order_by(E.n)
        .limit(limit)
    )
    if waiting_cases:
        q = q.where(E.case_id.not_in(sorted(waiting_cases)))
    if held:
        q = q.where(not_(or_(*(and_(E.case_id == c, E.n >= n) for c, n in sorted(held.items())))))
    rows = [dict(r) for r in conn.execute(q).mappings()]
    for row in rows:
        if row["sent_payload"] is None:
            conn.execute(
                update(case_events).where(E.id == row["id"]).values(sent_payload=row["payload"])
            )
            row["sent_payload"] = row["payload"]
    return rows


def outgoing(row: dict[str, Any]) -> EventIn:
    fields = {
        "id": row["id"],
        "case_id": row["case_id"],
        "action": row["action"],
        "at_client": row["at_client"],
        "payload": json.loads(row["sent_payload"] or row["payload"]),
        "resend": row["status"] == EventStatus.RESEND.value,
    }
    try:
        return EventIn(**fields)
    except ValueError:  # pydantic's ValidationError
        # Sent as stored all the same: the service refuses this one event with the
        # reason (invalid_event) and the rest of the outbox flows.
        return EventIn.model_construct(**fields)


def apply_result(conn: Connection, result: EventResult) -> None:
    if result.status in (EventStatusOut.ACCEPTED, EventStatusOut.DUPLICATE):
        conn.execute(
            update(case_events)
            .where(E.id == result.id)
            .values(
                status=EventStatus.ACCEPTED.value,
                seq=result.seq,
                at_server=result.at_server.replace(tzinfo=None) if result.at_server else None,
                payload=json.dumps(result.payload, ensure_ascii=False, sort_keys=True),
                reject_code=None,
                reject_reason=None,
            )
        )
    elif result.status in (EventStatusOut.REJECTED, EventStatusOut.CONFLICT):
        mark_rejected(conn, result.id, result.code or "rejected", result.message or "")


def mark_rejected(conn: Connection, event_id: str, code: str, reason: str) -> None:
    """Refused for good: kept in the log with its reason, shown to the user, never dropped."""
    conn.execute(
        update(case_events)
        .where(E.id == event_id)
        .values(status=EventStatus.REJECTED.value, reject_code=code, reject_reason=reason)
    )


def rebuild(conn: Connection, case_ids: Iterable[str], reference: ReferenceData) -> None:
    """Projection = server-accepted events, then this client's pending ones on top.

    A pending event that no longer fits the server's state is left out of the
    projection but stays pending: the service has the last word on it. Set-based, see
    :mod:`gridapp.sync.projections` (a pulled page goes through ``apply_page``).
    """
    projections.refresh(conn, case_ids, reference)


def reset_for_new_epoch(conn: Connection, epoch: str) -> set[str]:
    """The service was restored from a backup: forget server order, resend our own events.

    Our acknowledged events are marked ``resend`` but stay part of the case history
    (other users' events may build on them); the service answers "duplicate" for the
    ones it still has. Every user's cursor starts again from zero.
    """
    touched = set(conn.execute(select(E.case_id).where(E.local.is_(True))).scalars())
    # The service's own 疑似重复 flags are no one's to resend: the restored service flags
    # the resent reports again (under the same ids) where it still finds duplicates.
    flagged = select(E.case_id).where(E.action == Action.FLAG_DUPLICATE.value)
    touched |= set(conn.execute(flagged).scalars())
    conn.execute(delete(case_events).where(E.action == Action.FLAG_DUPLICATE.value))
    conn.execute(update(case_events).values(seq=None))
    conn.execute(
        update(case_events)
        .where(E.local.is_(True), E.status == EventStatus.ACCEPTED.value)
        .values(status=EventStatus.RESEND.value)
    )
    conn.execute(delete(sync_state).where(sync_state.c.key.like("cursor%")))
    set_state(conn, epoch=epoch)
    return touched
