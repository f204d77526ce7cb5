"""Applying a client's pushed events on the central store.

Each event of a batch is validated on its own (``EventIn``, whose texts, numbers and
times are checked by ``gridapp.sync.wire_types``): a malformed one is refused alone
with ``invalid_event``. A valid one is checked against the server's state of its case,
the session's user (actor and role come from the session, never from the client) and
server time, in a savepoint of its own: whatever refuses it (a workflow rule, the
database refusing a value, a bug: ``bad_event``, logged with the event's id) rolls back
that event alone and the rest of the batch commits together.

What is not the event's fault is not a refusal, which would lose the officer's case:
the database or the disk failing (OperationalError and the like, OSError, a photo store
that is down) propagates or answers ``retry``; the client keeps the events and retries.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError as WireError
from sqlalchemy import Connection, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from gridapp.casework.duplicates import flag_duplicates_quietly
from gridapp.casework.service import USER_KEYS, CaseService, Stamp
from gridapp.domain.actions import Action
from gridapp.domain.catalog_versions import codes_as_current
from gridapp.domain.roles import Actor, can_see
from gridapp.errors import GridappError, StorageError, ValidationError
from gridapp.server.central import Central
from gridapp.server.photo_access import photos_usable_by, uploaded_photo_info
from gridapp.server.unavailable import INFRASTRUCTURE_ERRORS
from gridapp.store import case_log
from gridapp.store.files import PhotoInfo
from gridapp.store.schema import attachments, case_events
from gridapp.sync.codec import event_digest, record_to_json
from gridapp.sync.protocol import EventIn, EventResult, EventStatusOut

log = logging.getLogger("gridapp.server.push")

REPORT_KEYS = frozenset(
    {
        "source",
        "category_code",
        "subclass",
        "lon",
        "lat",
        "description",
        "address",
        "urgency",
        "reporter_name",
        "reporter_phone",
        "work_order",
    }
)
DEFAULT_KEYS = frozenset({"note", "reason"})
EVENT_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def push(central: Central, actor: Actor, events: Sequence[object]) -> list[EventResult]:
    """One result per item of ``events`` (raw JSON values or EventIn), in order.

    The batch is one transaction that takes no lock shared with other pushes (only the
    rows of the cases it touches); its events get their ``seq`` when it has committed
    (``gridapp.store.event_order``), and the answer reads them back in one query.
    """
    service = central.service()
    held_back: set[str] = set()  # cases with an earlier event of this batch waiting
    parsed = [parse_event(raw) for raw in events]
    results = []
    # No savepoint per action in the service: _apply puts each whole event in one.
    with service.batch():
        with service.reading() as conn:  # every id of the batch the store has: one query
            known = _known_ids(conn, [ev.id for ev in parsed if isinstance(ev, EventIn)])
        for event in parsed:
            if isinstance(event, EventResult):
                results.append(event)
                continue
            if event.case_id in held_back:
                result = EventResult(
                    id=event.id,
                    status=EventStatusOut.RETRY,
                    code="earlier_event_waiting",
                    message="同一案卷的前序事件尚未被接受",
                )
            else:
                result = _apply(central, service, actor, event, known)
            if result.status is EventStatusOut.RETRY:
                held_back.add(event.case_id)
            results.append(result)
    return _with_server_order(central, results)


def parse_event(raw: object) -> EventIn | EventResult:
    """The event, or its refusal (``invalid_event``, keyed by its id when it has one)."""
    try:
        return EventIn.model_validate(raw)
    except WireError as exc:
        event_id = raw.get("id") if isinstance(raw, dict) else None
        usable = isinstance(event_id, str) and EVENT_ID.fullmatch(event_id)
        return EventResult(
            id=event_id if usable else "",
            status=EventStatusOut.REJECTED,
            code="invalid_event",
            message=invalid_message(exc),
        )


_FIELDS = frozenset(EventIn.model_fields)
_REASONS = {
    "missing": "缺少此字段",
    "extra_forbidden": "不支持的字段",
    "string_too_short": "不能为空",
    "string_too_long": "过长",
    "too_long": "项数过多",
    "string_pattern_mismatch": "格式不符",
    "string_unicode": "含有无效的 Unicode 字符",
    "model_type": "事件须为 JSON 对象",
    "model_attributes_type": "事件须为 JSON 对象",
}


def invalid_message(exc: WireError) -> str:
    """The first problem, in Chinese, naming the field but never echoing the value
    (which may be citizen data, or text no JSON encoder accepts)."""
    error = exc.errors(include_url=False, include_input=False)[0]
    loc = error["loc"]
    field = loc[0] if loc and loc[0] in _FIELDS else ("未知字段" if loc else "")
    msg = str(error.get("msg", ""))
    if error["type"] == "value_error":  # ours (wire_types): Chinese already
        reason = msg.removeprefix("Value error, ")
    elif error["type"].startswith(("datetime", "date_")):
        reason = "不是有效的时间"
    elif error["type"].endswith("_type") and error["type"] not in _REASONS:
        reason = "类型不符"
    else:
        reason = _REASONS.get(error["type"], "格式不符")
    return f"事件格式无效（{field}）：{reason}" if field else f"事件格式无效：{reason}"


def _apply(
    central: Central, service: CaseService, actor: Actor, ev: EventIn, known: _Known
) -> EventResult:
    try:
        # (EventIn's checks make the digest safe: still, inside the event's own handling.)
        digest = event_digest(ev.case_id, ev.action, ev.payload)
    except Exception as exc:
        return _refused(service, actor, ev, *_bad_event(ev, exc))
    try:
        with service.reading() as conn, conn.begin_nested():
            return _apply_in_savepoint(central, service, actor, ev, digest, known)
    except StorageError as exc:
        # The photo store is down (or refuses our keys): the event is fine, so the
        # client keeps it pending and tries again, rather than losing it as refused.
        return EventResult(
            id=ev.id, status=EventStatusOut.RETRY, code=exc.code, message=exc.message
        )
    except GridappError as exc:
        code, message = exc.code, exc.message
    except IntegrityError:
        code, message = _integrity(service, ev)
    except DataError as exc:  # a value the database refused: this event's fault
        code, message = _bad_event(ev, exc)
    except (DBAPIError, MemoryError, *INFRASTRUCTURE_ERRORS):
        raise  # the database or the disk failing (full, connection lost): retry, not refuse
    except Exception as exc:  # a bug met by this event must not refuse the whole batch
        code, message = _bad_event(ev, exc)
    # Rolled back to the event's savepoint: the batch's transaction is usable again.
    # A concurrent push of the same event (PostgreSQL) may have committed while we
    # waited for the case's lock: then this is a resend, not a refusal.
    with service.reading() as conn:
        again = _answer_known(_known_ids(conn, [ev.id]), ev.id, digest, actor)
    if again is not None:
        return again
    return _refused(service, actor, ev, code, message)


def _apply_in_savepoint(
    central: Central, service: CaseService, actor: Actor, ev: EventIn, digest: str, known: _Known
) -> EventResult:
    again = _answer_known(known, ev.id, digest, actor)
    if again is not None:
        return again
    try:
        action = Action(ev.action)
    except ValueError:
        raise ValidationError("unknown_action", "未知操作") from None
    if ev.resend and action is not Action.REPORT and not _visible(service, actor, ev.case_id):
        # A resend after a restore: the case's report may still be on its way from
        # whoever made it, so wait rather than refuse for good. (Absent and out of
        # scope answer alike: ids are not an oracle.)
        return EventResult(
            id=ev.id, status=EventStatusOut.RETRY, code="case_unknown", message="案卷尚未同步"
        )
    photos = _photos(central, service, ev, actor)
    if photos is None:
        return EventResult(
            id=ev.id, status=EventStatusOut.RETRY, code="files_missing", message="照片尚未上传"
        )
    stamp = Stamp(ev.id, ev.case_id, ev.at_client.replace(tzinfo=None), digest)
    # A laptop still on an older catalog sends its codes unmarked: read them as it meant them.
    given = codes_as_current(ev.payload, central.catalog.version)
    if action is Action.REPORT:
        fields = {k: v for k, v in given.items() if k in REPORT_KEYS}
        service.report(actor, photos=photos, stamp=stamp, **fields)
        with service.reading() as conn:  # the same savepoint: report and flag stand together
            flag_duplicates_quietly(conn, ev.case_id, central.clock())
    else:
        keys = USER_KEYS.get(action, DEFAULT_KEYS)
        payload = {k: v for k, v in given.items() if k in keys}
        service.act(actor, ev.case_id, action, payload, photos, stamp=stamp)
    known[ev.id] = (digest, actor.username)  # the same id again in this batch: a duplicate
    # seq, at_server and the stored payload are read for the whole batch after it commits
    return EventResult(id=ev.id, status=EventStatusOut.ACCEPTED)


def _integrity(service: CaseService, ev: EventIn) -> tuple[str, str]:
    """A unique key refused the event: a report under a case id that is taken, else a bug."""
    if ev.action == Action.REPORT.value:
        with service.reading() as conn:
            if case_log.load_case(conn, ev.case_id) is not None:
                return "case_exists", "案卷编号已被使用，请重新上报"
    return "bad_event", "事件无法处理（数据冲突）"


def _bad_event(ev: EventIn, exc: BaseException) -> tuple[str, str]:
    """Log (id, type and where, never the message: it may quote citizen data) and refuse."""
    where = "".join(traceback.format_tb(exc.__traceback__)[-3:])
    log.error("push: event %s refused, %s while applying it\n%s", ev.id, type(exc).__name__, where)
    return "bad_event", f"事件无法处理：{type(exc).__name__}"


_Known = dict[str, tuple[str | None, str]]  # event id → (digest, actor) of stored events


def _known_ids(conn: Connection, ids: list[str]) -> _Known:
    if not ids:
        return {}
    rows = conn.execute(
        select(case_events.c.id, case_events.c.digest, case_events.c.actor).where(
            case_events.c.id.in_(ids)
        )
    )
    return {r.id: (r.digest, r.actor) for r in rows}


def _answer_known(known: _Known, event_id: str, digest: str, actor: Actor) -> EventResult | None:
    """Same id again: "duplicate" when it is the same event, "conflict" otherwise."""
    if event_id not in known:
        return None
    if known[event_id] == (digest, actor.username):
        return EventResult(id=event_id, status=EventStatusOut.DUPLICATE)
    return EventResult(
        id=event_id,
        status=EventStatusOut.CONFLICT,
        code="event_id_conflict",
        message="同一事件编号已用于不同内容",
    )


def _with_server_order(central: Central, results: list[EventResult]) -> list[EventResult]:
    """Fill in seq, at_server and the stored payload of the accepted and duplicate
    events: one query for the batch, after it committed and was published."""
    ids = [r.id for r in results if r.status in _STORED]
    if not ids:
        return results
    rows = _stored_rows(central, ids)
    if any(row.seq is None for row in rows.values()):
        # A resend of an event whose first push died between commit and publish.
        central.db.publish()
        rows = _stored_rows(central, ids)
    out = []
    for result in results:
        row = rows.get(result.id) if result.status in _STORED else None
        if row is not None:
            result = EventResult(
                id=row.id,
                status=result.status,
                seq=row.seq,
                at_server=row.at_server,
                payload=json.loads(row.payload),
            )
        out.append(result)
    return out


_STORED = (EventStatusOut.ACCEPTED, EventStatusOut.DUPLICATE)
_SERVER_ORDER = select(
    case_events.c.id, case_events.c.seq, case_events.c.at_server, case_events.c.payload
)


def _stored_rows(central: Central, ids: list[str]) -> dict[str, Any]:
    with central.db.read() as conn:
        rows = conn.execute(_SERVER_ORDER.where(case_events.c.id.in_(ids)))
        return {row.id: row for row in rows}


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
        raise ValidationError("bad_field", "照片应为 SHA-256 列表", field="photos")
    if not shas:
        return []
    # The batch's own connection: a second one per push could wait on a pool emptied
    # by pushes that each hold one.
    with service.reading() as conn:
        if not photos_usable_by(central, actor, shas, conn) >= set(shas):
            return None
        known = {
            r.sha256: PhotoInfo(r.sha256, r.size, r.mime, r.width, r.height)
            for r in conn.execute(select(attachments).where(attachments.c.sha256.in_(shas)))
        }
    # A photo already named by a case was checked then; a new one when it was uploaded.
    return [known.get(sha) or uploaded_photo_info(central.files, sha) for sha in shas]


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
