"""Serving accepted events to a client: in server order, only cases in the user's scope.

A page is the next events with ``seq > since`` of the cases the user may see. Events
get their seq only after their push committed, serialised by one publisher
(``gridapp.store.event_order``), so a seq seen here never has an unseen smaller one. When
an event of the page brings a case into the user's scope (dispatched to their
department, a 核实 task given to them), the case's earlier events come too, so it
arrives complete. A user whose own scope changed (new grids) pulls again from 0.
A client that asks is also told the log's head (highest seq), to show its progress.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, func, select

from gridapp.casework.duplicates import visible_candidates
from gridapp.domain.roles import Actor, Role, mask_phone
from gridapp.server.central import Central
from gridapp.store import event_order
from gridapp.store.case_queries import scope_condition
from gridapp.store.schema import case_events, cases
from gridapp.sync.protocol import MAX_PULL, EventOut, PullResponse


def pull(
    central: Central, actor: Actor, since: int, limit: int = MAX_PULL, with_head: bool = False
) -> PullResponse:
    limit = max(1, min(limit, MAX_PULL))
    with central.db.read() as conn:
        # Events a push committed but could not number (its process died in between)
        # would otherwise wait for the next push: number them first (one index probe).
        if not event_order.any_waiting(conn):
            return _page(central, conn, actor, since, limit, with_head)
    central.db.publish()
    with central.db.read() as conn:
        return _page(central, conn, actor, since, limit, with_head)


def _page(
    central: Central, conn: Connection, actor: Actor, since: int, limit: int, with_head: bool
) -> PullResponse:
    e = case_events.c
    extra: dict[str, Any] = {}  # fields only a client that asked for them gets
    if with_head:  # may trail the page by events committed meanwhile: clients clamp
        extra["head"] = int(conn.execute(select(func.max(e.seq))).scalar() or 0)
    page = (
        conn.execute(select(case_events).where(e.seq > since).order_by(e.seq).limit(limit))
        .mappings()
        .all()
    )
    if not page:
        return PullResponse(epoch=central.epoch, events=[], cursor=since, more=False, **extra)
    page_end = page[-1]["seq"]
    visible: set[str] = set()
    for chunk in _chunks(sorted({r["case_id"] for r in page}), 500):
        visible.update(
            conn.execute(
                select(cases.c.id).where(cases.c.id.in_(chunk), scope_condition(actor))
            ).scalars()
        )
    rows = [r for r in page if r["case_id"] in visible]
    # Cases that came into this user's scope in this page: send their earlier events.
    entering = sorted({r["case_id"] for r in rows if _brings_in(r, actor)})
    for chunk in _chunks(entering, 500):
        rows += (
            conn.execute(
                select(case_events).where(e.case_id.in_(chunk), e.seq.is_not(None), e.seq <= since)
            )
            .mappings()
            .all()
        )
    rows.sort(key=lambda r: r["seq"])
    masked = not actor.sees_phone_numbers
    events = [_event_out(r, masked, actor) for r in rows]
    return PullResponse(
        epoch=central.epoch, events=events, cursor=page_end, more=len(page) == limit, **extra
    )


def _brings_in(row: Any, actor: Actor) -> bool:
    """Whether this event puts its case into the scope of a user whose scope moves.

    Departments see what was sent to them; officers also see the 核实 tasks given to
    them. Everyone else's scope depends only on where a case is, which never changes.
    """
    action = row["action"]
    if actor.role is Role.DEPARTMENT and action in ("dispatch", "reassign"):
        return json.loads(row["payload"]).get("department_code") == actor.department_code
    if actor.role is Role.GRID_OFFICER and action == "request_verify":
        return json.loads(row["payload"]).get("assignee") == actor.username
    return False


def _event_out(row: Any, masked: bool, actor: Actor) -> EventOut:
    payload = json.loads(row["payload"])
    if row["action"] == "flag_duplicate":  # cases outside the user's scope: a count only
        payload = visible_candidates(payload, actor)
    if masked and payload.get("reporter_phone"):
        payload["reporter_phone"] = mask_phone(payload["reporter_phone"])
    return EventOut(
        id=row["id"],
        case_id=row["case_id"],
        action=row["action"],
        actor=row["actor"],
        role=row["role"],
        at_client=row["at_client"],
        at_server=row["at_server"],
        seq=row["seq"],
        payload=payload,
    )


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
