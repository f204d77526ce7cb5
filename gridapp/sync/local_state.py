"""What a client store says about its sync, read without the sync client.

The sync state rows, the outbox's size, the last sync and whether a user's first pull
is complete: the window reads these as it opens (the status bar, the first-pull
panel), before the HTTP client and the wire models are imported
(``gridapp.sync.engine`` and ``gridapp.sync.local`` re-export them).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, func, insert, select

from gridapp.domain.events import EventStatus
from gridapp.store.schema import case_events, sync_state

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

OUTGOING = (EventStatus.PENDING.value, EventStatus.RESEND.value)


def get_state(conn: Connection) -> dict[str, str]:
    return {r.key: r.value for r in conn.execute(select(sync_state))}


def set_state(conn: Connection, **values: object) -> None:
    for key, value in values.items():
        conn.execute(delete(sync_state).where(sync_state.c.key == key))
        if value is not None:
            conn.execute(insert(sync_state).values(key=key, value=str(value)))


def pending_count(conn: Connection) -> int:
    status = case_events.c.status
    return int(conn.execute(select(func.count()).where(status.in_(OUTGOING))).scalar() or 0)


def pulled_all_key(username: str) -> str:
    """sync_state key: "1" once this user's pull reached the end of the log, "0" while
    their first pull (or the pull again after a scope change) is not complete."""
    return f"pulled_all:{username}"


def first_pull_done(state: dict[str, str], username: str) -> bool:
    """Whether this user's store holds their whole scope (a first pull completed).

    A store from before the flag existed has a cursor and no flag: it was syncing
    already, so it counts as done.
    """
    flag = state.get(pulled_all_key(username))
    if flag is not None:
        return flag == "1"
    return bool(state.get(f"cursor:{username}"))


def pending_events(ws: Workspace) -> int:
    with ws.db.read() as conn:
        return pending_count(conn)


def last_sync(ws: Workspace) -> datetime | None:
    with ws.db.read() as conn:
        value = get_state(conn).get("last_sync")
    return datetime.fromisoformat(value) if value else None
