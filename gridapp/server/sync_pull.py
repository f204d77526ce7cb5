"""Serving accepted events to a client: in server order, only cases in the user's scope.

A page scans events with ``seq > since``; for every case they touch that the user
may see, it sends the case's whole accepted history up to the page's end, so a
case that entered the user's scope late (dispatched to their department, say)
arrives complete. The client ignores events it already holds.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from gridapp.domain.roles import Actor, mask_phone
from gridapp.server.central import Central
from gridapp.store.case_queries import scope_condition
from gridapp.store.schema import case_events, cases
from gridapp.sync.protocol import MAX_PULL, EventOut, PullResponse


def pull(central: Central, actor: Actor, since: int, limit: int = MAX_PULL) -> PullResponse:
    limit = max(1, min(limit, MAX_PULL))
    e = case_events.c
    with central.db.read() as conn:
        scanned = conn.execute(
            select(e.case_id, e.seq).where(e.seq > since).order_by(e.seq).limit(limit)
        ).all()
        if not scanned:
            return PullResponse(epoch=central.epoch, events=[], cursor=since, more=False)
        page_end = scanned[-1].seq
        touched = sorted({r.case_id for r in scanned})
        visible: list[str] = []
        for chunk in _chunks(touched, 500):
            visible += (
                conn.execute(
                    select(cases.c.id).where(cases.c.id.in_(chunk), scope_condition(actor))
                )
                .scalars()
                .all()
            )
        rows: list[Any] = []
        for chunk in _chunks(sorted(visible), 500):
            rows += (
                conn.execute(
                    select(case_events)
                    .where(e.case_id.in_(chunk), e.seq.is_not(None), e.seq <= page_end)
                    .order_by(e.seq)
                )
                .mappings()
                .all()
            )
    rows.sort(key=lambda r: r["seq"])
    masked = not actor.sees_phone_numbers
    events = [_event_out(r, masked) for r in rows]
    return PullResponse(
        epoch=central.epoch, events=events, cursor=page_end, more=len(scanned) == limit
    )


def _event_out(row: Any, masked: bool) -> EventOut:
    payload = json.loads(row["payload"])
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
