"""A client's case projections refreshed set-based: a pulled page in a few statements.

A laptop's first pull brings hundreds of thousands of events. Folding them one case
at a time (read its history, delete its rows, insert them again: several statements
per case) spent most of a pull in SQL round trips. Here a page is handled as a set:

- the events: one look-up of the ids already held, one ``executemany`` insert for the
  new ones, one for the ones held with another status (our own, now accepted);
- the histories: read back only for cases this store already held (500 a query); a
  case first seen in this page folds from the page itself, which is all of it;
- the projections: folded in memory (:func:`fold_case`, the one fold every path
  uses), then one delete and one ``executemany`` per table (``cases``,
  ``case_departments``).

Every write that changes a case's events on the client ends in :func:`refresh`, and
:func:`refresh` ends in :func:`cases_changed`: the one place that knows, per page (per
push answer, per refusal), which cases changed, in the same transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseRecord
from gridapp.domain.events import CaseEvent, EventStatus
from gridapp.domain.roles import Actor, Role
from gridapp.domain.workflow import apply_event, decide
from gridapp.errors import GridappError
from gridapp.store import case_log
from gridapp.store.case_rows import record_to_row, row_to_event
from gridapp.store.reference import ReferenceData
from gridapp.store.schema import case_departments, case_events, cases
from gridapp.sync.protocol import EventOut

E = case_events.c
log = logging.getLogger(__name__)

ACCEPTED = EventStatus.ACCEPTED.value
PENDING = EventStatus.PENDING.value
REJECTED = EventStatus.REJECTED.value
HELD = (ACCEPTED, EventStatus.RESEND.value)  # what the service has (had)
CHUNK = 500  # ids per IN (…): well under SQLite's bound-parameter limit

_HISTORY = select(
    E.n, E.id, E.case_id, E.action, E.actor, E.role, E.at_client, E.at_server, E.seq,
    E.payload, E.status,
)  # fmt: skip
_UPDATE_PULLED = (
    update(case_events)
    .where(E.id == bindparam("b_id"))
    .values(
        status=bindparam("status"),
        seq=bindparam("seq"),
        at_server=bindparam("at_server"),
        payload=bindparam("payload"),
        reject_code=None,
        reject_reason=None,
    )
)


@dataclass
class CaseChanges:
    """What one write did to the cases whose events changed (all in one transaction).

    ``case_ids``: every case whose stored events changed. ``records``: the projection
    each rebuilt case now has (None: no projection, e.g. a refused report); a case
    whose history cannot be folded (not complete yet) is missing there and keeps the
    projection it had. ``histories``: their events in log order as (status, event)
    pairs: accepted, resent and pending ones; refused ones are not part of a case.
    """

    case_ids: set[str]
    records: dict[str, CaseRecord | None] = field(default_factory=dict)
    histories: dict[str, list[tuple[str, CaseEvent]]] = field(default_factory=dict)


def cases_changed(conn: Connection, changes: CaseChanges) -> None:
    """The hook: called once per pulled page (and per push answer, refusal or epoch
    reset) with the cases whose events changed, after their projections were written,
    inside the same transaction. Anything kept per case alongside the projection is
    refreshed here: the per-case report facts are refolded before the commit."""
    case_log.mark_facts_changed(conn, changes.case_ids)


def apply_page(conn: Connection, events: Iterable[EventOut], reference: ReferenceData) -> set[str]:
    """Store a pulled page (server truth wins for events we hold) and refresh the
    projections of the cases it changed; returns those cases."""
    page = list({ev.id: ev for ev in reversed(list(events))}.values())[::-1]  # first of an id
    held: dict[str, tuple[int | None, str]] = {}
    for chunk in _chunks([ev.id for ev in page]):
        for r in conn.execute(select(E.id, E.seq, E.status).where(E.id.in_(chunk))):
            held[r.id] = (r.seq, r.status)
    touched: set[str] = set()
    new_rows: list[dict[str, Any]] = []
    new_events: dict[str, list[tuple[str, CaseEvent]]] = {}
    updates: list[dict[str, Any]] = []
    for ev in page:
        known = held.get(ev.id)
        if known == (ev.seq, ACCEPTED):
            continue
        touched.add(ev.case_id)
        at_server = ev.at_server.replace(tzinfo=None)
        values = {
            "status": ACCEPTED,
            "seq": ev.seq,
            "at_server": at_server,
            "payload": json.dumps(ev.payload, ensure_ascii=False, sort_keys=True),
        }
        if known is not None:
            updates.append({"b_id": ev.id, **values})
            continue
        new_rows.append(
            {
                "id": ev.id,
                "case_id": ev.case_id,
                "action": ev.action,
                "actor": ev.actor,
                "role": ev.role,
                "at_client": ev.at_client.replace(tzinfo=None),
                "local": False,
                "reject_code": None,
                "reject_reason": None,
                "digest": None,
                "sent_payload": None,
                **values,
            }
        )
        event = CaseEvent(
            id=ev.id,
            case_id=ev.case_id,
            action=Action(ev.action),
            actor=ev.actor,
            role=Role(ev.role),
            at=at_server or ev.at_client.replace(tzinfo=None),
            payload=ev.payload,
        )
        new_events.setdefault(ev.case_id, []).append((ACCEPTED, event))
    # Cases this store held before the page: their history is read back after the write.
    # The others' history is exactly their events in this page (server order).
    before = _cases_held(conn, sorted(new_events))
    if updates:
        conn.execute(_UPDATE_PULLED, updates)
    if new_rows:
        conn.execute(insert(case_events), new_rows)
    fresh = {case_id: evs for case_id, evs in new_events.items() if case_id not in before}
    refresh(conn, touched, reference, known=fresh)
    return touched


def refresh(
    conn: Connection,
    case_ids: Iterable[str],
    reference: ReferenceData,
    *,
    known: Mapping[str, list[tuple[str, CaseEvent]]] | None = None,
) -> CaseChanges:
    """Projection = server-accepted events, then this client's pending ones on top.

    ``known``: the whole history of some of the cases, already in memory (in log
    order); the others' are read from the store. Then one delete and one insert per
    projection table, and :func:`cases_changed`.
    """
    ids = sorted(set(case_ids))
    changes = CaseChanges(set(ids))
    if not ids:
        return changes
    known = known or {}
    histories = {case_id: list(known[case_id]) for case_id in ids if case_id in known}
    histories.update(read_histories(conn, [c for c in ids if c not in histories]))
    for case_id in ids:
        history = histories.get(case_id, [])
        try:
            changes.records[case_id] = fold_case(history, reference)
        except GridappError as exc:
            # History not complete yet (e.g. after a restore): keep what is shown now.
            log.warning("case %s not rebuilt: %s", case_id, exc.code)
        changes.histories[case_id] = history
    write_projections(conn, changes.records, unheld=known.keys())
    cases_changed(conn, changes)
    return changes


def fold_case(history: list[tuple[str, CaseEvent]], reference: ReferenceData) -> CaseRecord | None:
    """A case's projection from its history: the events the service holds, in its
    order; then this client's pending ones, each only if it still fits (a pending event
    that no longer does is left out but stays pending: the service has the last word).
    Raises GridappError when the held events do not fold (history not complete)."""
    record: CaseRecord | None = None
    for status, event in history:
        if status in HELD:
            record = apply_event(record, event)
    for status, event in history:
        if status != PENDING:
            continue
        try:
            record = decide(record, event, _actor_of(reference, event.actor, event.role))
        except GridappError:
            continue
    return record


def read_histories(conn: Connection, case_ids: list[str]) -> dict[str, list[tuple[str, CaseEvent]]]:
    """The stored events of ``case_ids`` in log order (server order, then local order),
    refused ones left out (they never count)."""
    histories: dict[str, list[tuple[str, CaseEvent]]] = {case_id: [] for case_id in case_ids}
    order = (E.seq.is_(None), E.seq, E.n)
    for chunk in _chunks(case_ids):
        q = _HISTORY.where(E.case_id.in_(chunk), E.status != REJECTED).order_by(*order)
        for row in conn.execute(q).mappings():
            histories[row["case_id"]].append((row["status"], row_to_event(row)))
    return histories


def write_projections(
    conn: Connection, records: Mapping[str, CaseRecord | None], *, unheld: Iterable[str] = ()
) -> None:
    """Make the projection rows of these cases say ``records``, set-based.

    A ``cases`` row has some twenty indexes: deleting and inserting it again costs ten
    times what an UPDATE of the columns that changed costs (SQLite leaves the indexes
    of unchanged columns alone). So the rows held are read (one query per 500 cases),
    new ones go in with one ``executemany``, changed ones with one ``executemany`` per
    set of changed columns, and the ones no longer projected are deleted together;
    ``case_departments`` likewise, per case whose departments changed. ``unheld``:
    cases known to have no rows yet (first seen in this page): not looked up.
    """
    ids = sorted(records.keys() - set(unheld))
    old_rows: dict[str, dict[str, Any]] = {}
    old_depts: dict[str, set[str]] = {}
    for chunk in _chunks(ids):
        for row in conn.execute(select(cases).where(cases.c.id.in_(chunk))).mappings():
            old_rows[row["id"]] = dict(row)
        q = select(case_departments).where(case_departments.c.case_id.in_(chunk))
        for case_id, dept in conn.execute(q):
            old_depts.setdefault(case_id, set()).add(dept)
    gone = [case_id for case_id, rec in records.items() if rec is None and case_id in old_rows]
    new_rows: list[dict[str, Any]] = []
    changed: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    dept_cases: list[str] = []
    depts: list[dict[str, str]] = []
    for case_id, rec in records.items():
        if rec is None:
            continue
        row = record_to_row(rec)
        old = old_rows.get(case_id)
        if old is None:
            new_rows.append(row)
        else:
            diff = {k: v for k, v in row.items() if old[k] != v or type(old[k]) is not type(v)}
            if diff:
                changed.setdefault(tuple(sorted(diff)), []).append({"b_id": case_id, **diff})
        wanted = dict.fromkeys(rec.departments)
        if set(wanted) != old_depts.get(case_id, set()):
            if case_id in old_depts:
                dept_cases.append(case_id)
            depts += [{"case_id": case_id, "department_code": d} for d in wanted]
    for chunk in _chunks(sorted({*gone, *dept_cases})):
        conn.execute(delete(case_departments).where(case_departments.c.case_id.in_(chunk)))
    for chunk in _chunks(gone):
        conn.execute(delete(cases).where(cases.c.id.in_(chunk)))
    if new_rows:
        conn.execute(insert(cases), new_rows)
    for columns, params in changed.items():
        stmt = update(cases).where(cases.c.id == bindparam("b_id"))
        conn.execute(stmt.values({c: bindparam(c) for c in columns}), params)
    if depts:
        conn.execute(insert(case_departments), depts)


def _cases_held(conn: Connection, case_ids: list[str]) -> set[str]:
    held: set[str] = set()
    for chunk in _chunks(case_ids):
        held.update(
            conn.execute(select(E.case_id).where(E.case_id.in_(chunk)).distinct()).scalars()
        )
    return held


def _chunks(items: list[str], size: int = CHUNK) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _actor_of(reference: ReferenceData, username: str, role: Role) -> Actor:
    user = reference.users.get(username)
    if user is None:
        return Actor(username=username, role=role)
    actor = user.to_actor()
    return actor if actor.role is role else Actor(username=username, role=role)
