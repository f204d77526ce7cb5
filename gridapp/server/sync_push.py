"""Applying a client's pushed events on the central store.

Each event is checked against the server's state of its case, the session's user
(actor and role come from the session, never from the client) and server time;
the accepted ones of a batch commit together, each refused one is rolled back to
its savepoint and answered with a code, a message and the server's record.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from gridapp.casework.service import USER_KEYS, CaseService, Stamp
from gridapp.domain.actions import Action
from gridapp.domain.roles import Actor, can_see
from gridapp.errors import GridappError, StorageError
from gridapp.server.central import Central
from gridapp.server.photo_access import photos_usable_by, uploaded_photo_info
from gridapp.store import case_log
from gridapp.store.files import PhotoInfo
from gridapp.store.schema import attachments, case_events
from gridapp.sync.codec import event_digest, record_to_json
from gridapp.sync.protocol import EventIn, EventResult, EventStatusOut

REPORT_KEYS = frozenset(
    {
        "source",
        "category_code",
        "lon",
        "lat",
        "description",
        "address",
        "urgency",
        "reporter_name",
        "reporter_phone",
    }
)
DEFAULT_KEYS = frozenset({"note", "reason"})


def push(central: Central, actor: Actor, events: list[EventIn]) -> list[EventResult]:
    service = central.service()
    held_back: set[str] = set()  # cases with an earlier event of this batch waiting
    results = []
    with service.batch(savepoints=True):
        for event in events:
            if event.case_id in held_back:
                result = EventResult(
                    id=event.id,
                    status=EventStatusOut.RETRY,
                    code="earlier_event_waiting",
                    message="同一案卷的前序事件尚未被接受",
                )
            else:
                result = _apply(central, service, actor, event)
            if result.status is EventStatusOut.RETRY:
                held_back.add(event.case_id)
            results.append(result)
    return results


def _apply(central: Central, service: CaseService, actor: Actor, ev: EventIn) -> EventResult:
    digest = event_digest(ev.case_id, ev.action, ev.payload)
    known = _known(service, ev.id, digest, actor)
    if known is not None:
        return known
    try:
        action = Action(ev.action)
        if ev.resend and action is not Action.REPORT and not _visible(service, actor, ev.case_id):
            # A resend after a restore: the case's report may still be on its way from
            # whoever made it, so wait rather than refuse for good. (Absent and out of
            # scope answer alike: ids are not an oracle.)
            return EventResult(
                id=ev.id, status=EventStatusOut.RETRY, code="case_unknown", message="案卷尚未同步"
            )
        try:
            photos = _photos(central, service, ev, actor)
        except StorageError as exc:
            # The photo store is down (or refuses our keys): the event is fine, so the
            # client keeps it pending and tries again, rather than losing it as refused.
            return EventResult(
                id=ev.id, status=EventStatusOut.RETRY, code=exc.code, message=exc.message
            )
        if photos is None:
            return EventResult(
                id=ev.id, status=EventStatusOut.RETRY, code="files_missing", message="照片尚未上传"
            )
        stamp = Stamp(ev.id, ev.case_id, ev.at_client.replace(tzinfo=None), digest)
        if action is Action.REPORT:
            fields = {k: v for k, v in ev.payload.items() if k in REPORT_KEYS}
            service.report(actor, photos=photos, stamp=stamp, **fields)
        else:
            keys = USER_KEYS.get(action, DEFAULT_KEYS)
            payload = {k: v for k, v in ev.payload.items() if k in keys}
            service.act(actor, ev.case_id, action, payload, photos, stamp=stamp)
    except (GridappError, IntegrityError) as exc:
        # A concurrent push of the same event (PostgreSQL) may have committed while we
        # waited for the case's lock: then this is a resend, not a refusal.
        again = _known(service, ev.id, digest, actor)
        if again is not None:
            return again
        if isinstance(exc, IntegrityError):
            raise
        return _refused(service, actor, ev, exc.code, exc.message)
    except (ValueError, TypeError) as exc:
        return _refused(service, actor, ev, "bad_event", f"事件内容无效：{type(exc).__name__}")
    with service.reading() as conn:
        row = conn.execute(select(case_events).where(case_events.c.id == ev.id)).mappings().one()
    return _accepted(dict(row), EventStatusOut.ACCEPTED)


def _known(service: CaseService, event_id: str, digest: str, actor: Actor) -> EventResult | None:
    """Same id again: "duplicate" when it is the same event, "conflict" otherwise."""
    with service.reading() as conn:
        row = (
            conn.execute(select(case_events).where(case_events.c.id == event_id)).mappings().first()
        )
    if row is None:
        return None
    if row["digest"] == digest and row["actor"] == actor.username:
        return _accepted(dict(row), EventStatusOut.DUPLICATE)
    return EventResult(
        id=event_id,
        status=EventStatusOut.CONFLICT,
        code="event_id_conflict",
        message="同一事件编号已用于不同内容",
    )


def _visible(service: CaseService, actor: Actor, case_id: str) -> bool:
    with service.reading() as conn:
        record = case_log.load_case(conn, case_id)
    return record is not None and can_see(actor, record)


def _photos(
    central: Central, service: CaseService, ev: EventIn, actor: Actor
) -> list[PhotoInfo] | None:
    """The event's photos, checked; None while any of them is not uploaded yet
    (by this actor, or on a case they can see: a photo of somebody else's is absent)."""
    shas = ev.payload.get("photos") or []
    if not isinstance(shas, list) or not all(isinstance(s, str) for s in shas):
        raise ValueError("photos must be a list of sha256")
    # The batch's own connection: a second one while the batch holds the sequence
    # lock could wait on a pool emptied by pushes that wait on that lock.
    with service.reading() as conn:
        if not photos_usable_by(central, actor, shas, conn) >= set(shas):
            return None
        known = {
            r.sha256: PhotoInfo(r.sha256, r.size, r.mime, r.width, r.height)
            for r in conn.execute(select(attachments).where(attachments.c.sha256.in_(shas)))
        }
    # A photo already named by a case was checked then; a new one when it was uploaded.
    return [known.get(sha) or uploaded_photo_info(central.files, sha) for sha in shas]


def _accepted(row: dict[str, Any], status: EventStatusOut) -> EventResult:
    return EventResult(
        id=row["id"],
        status=status,
        seq=row["seq"],
        at_server=row["at_server"],
        payload=json.loads(row["payload"]),
    )


def _refused(
    service: CaseService, actor: Actor, ev: EventIn, code: str, message: str
) -> EventResult:
    with service.reading() as conn:
        record = case_log.load_case(conn, ev.case_id)
    visible = record is not None and can_see(actor, record)
    return EventResult(
        id=ev.id,
        status=EventStatusOut.REJECTED,
        code=code,
        message=message,
        case=record_to_json(record.for_viewer(actor)) if visible and record else None,
    )
