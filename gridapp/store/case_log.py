"""Writing a case event and its projection in one transaction, and reading them back.

This is the only place that writes ``case_events`` and ``cases``: an event is
appended and the projection replaced in the caller's transaction, so the two
can never disagree, whatever happens to the process in between.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from gridapp.domain.case import CaseRecord
from gridapp.domain.events import CaseEvent, EventStatus
from gridapp.store import column_days
from gridapp.store.case_rows import record_to_row, row_to_event, row_to_record
from gridapp.store.event_order import mark_unpublished
from gridapp.store.files import PhotoInfo
from gridapp.store.schema import attachments, case_departments, case_events, case_files, cases

# Statements built once: compiling per call costs more than running them on SQLite.
_SELECT_CASE = select(cases).where(cases.c.id == bindparam("case_id"))
_SELECT_CASE_FOR_UPDATE = _SELECT_CASE.with_for_update()
_INSERT_CASE = insert(cases)
_UPDATE_CASE = update(cases).where(cases.c.id == bindparam("b_id"))
_INSERT_EVENT = insert(case_events)
_INSERT_CASE_DEPT = insert(case_departments)
_INSERT_CASE_FILE = insert(case_files)

# Cases whose events this transaction wrote: their ``case_facts`` rows are folded again
# before it commits (``Database.write`` → ``gridapp.reports.fact_store.flush``).
FACTS_DIRTY = "gridapp.case_facts_dirty"


def mark_facts_changed(conn: Connection, case_ids: Iterable[str]) -> None:
    ids = sorted(set(case_ids))
    conn.info.setdefault(FACTS_DIRTY, set()).update(ids)
    column_days.note_cases(conn, ids)  # their marks are rewritten before the commit


def load_case(conn: Connection, case_id: str, *, for_update: bool = False) -> CaseRecord | None:
    """The projection row; ``for_update`` locks it until the transaction ends (PostgreSQL;
    SQLite writers are serialised by BEGIN IMMEDIATE anyway)."""
    stmt = _SELECT_CASE_FOR_UPDATE if for_update else _SELECT_CASE
    row = conn.execute(stmt, {"case_id": case_id}).mappings().first()
    return row_to_record(row) if row else None


def load_cases(conn: Connection, case_ids: Iterable[str]) -> dict[str, CaseRecord]:
    ids = list(case_ids)
    rows = conn.execute(select(cases).where(cases.c.id.in_(ids))).mappings()
    return {row["id"]: row_to_record(row) for row in rows}


def events_of(conn: Connection, case_id: str, *, include_rejected: bool = False) -> list[CaseEvent]:
    """A case's events in log order: server order first, then local pending order; up to
    the first one this version cannot read (what follows may rest on it)."""
    out: list[CaseEvent] = []
    for row in event_rows(conn, case_id, include_rejected=include_rejected):
        event = row_to_event(row)
        if event is None:
            break
        out.append(event)
    return out


def event_rows(conn: Connection, case_id: str, *, include_rejected: bool = True) -> list[dict]:
    q = select(case_events).where(case_events.c.case_id == case_id)
    if not include_rejected:
        q = q.where(case_events.c.status != EventStatus.REJECTED.value)
    q = q.order_by(case_events.c.seq.is_(None), case_events.c.seq, case_events.c.n)
    return [dict(r) for r in conn.execute(q).mappings()]


def record_photos(conn: Connection, photos: Iterable[PhotoInfo], at: object) -> None:
    """Attachment rows for photos durable on disk or journaled in this transaction (idempotent)."""
    for info in photos:
        exists = conn.execute(
            select(attachments.c.sha256).where(attachments.c.sha256 == info.sha256)
        ).first()
        if not exists:
            conn.execute(
                insert(attachments).values(
                    sha256=info.sha256,
                    size=info.size,
                    mime=info.mime,
                    width=info.width,
                    height=info.height,
                    created_at=at,
                )
            )


def append(
    conn: Connection,
    event: CaseEvent,
    record: CaseRecord,
    *,
    previous: CaseRecord | None,
    status: EventStatus,
    photos: Iterable[str] = (),
    at_client: datetime | None = None,
    digest: str | None = None,
) -> None:
    """Append ``event`` and store ``record`` (its result over ``previous``) as the projection.

    An accepted event (the authority's) gets its ``seq`` when the transaction has
    committed (``gridapp.store.event_order``): no lock shared by every writer is taken here.
    """
    accepted = status is EventStatus.ACCEPTED
    conn.execute(
        _INSERT_EVENT,
        {
            "id": event.id,
            "case_id": event.case_id,
            "action": event.action.value,
            "actor": event.actor,
            "role": event.role.value,
            "at_client": at_client or event.at,
            "at_server": event.at if accepted else None,
            "seq": None,
            "payload": event.payload_json(),
            "status": status.value,
            "reject_code": None,
            "reject_reason": None,
            "digest": digest,
            "local": not accepted,
            "sent_payload": None,
        },
    )
    if accepted:
        mark_unpublished(conn)
    save_projection(conn, record, previous)
    mark_facts_changed(conn, (event.case_id,))
    for sha in dict.fromkeys(photos):
        conn.execute(_INSERT_CASE_FILE, {"event_id": event.id, "sha256": sha, "case_id": record.id})


def save_projection(conn: Connection, record: CaseRecord, previous: CaseRecord | None) -> None:
    row = record_to_row(record)
    if previous is None:
        conn.execute(_INSERT_CASE, row)
    else:
        row["b_id"] = row.pop("id")
        conn.execute(_UPDATE_CASE, row)
    known = set(previous.departments) if previous else set()
    for dept in record.departments:
        if dept not in known:
            conn.execute(_INSERT_CASE_DEPT, {"case_id": record.id, "department_code": dept})


def delete_projection(conn: Connection, case_id: str) -> None:
    column_days.note_cases(conn, [case_id])  # while its day can still be read
    conn.execute(delete(case_departments).where(case_departments.c.case_id == case_id))
    conn.execute(delete(cases).where(cases.c.id == case_id))
