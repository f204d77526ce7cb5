"""A client's case projections refreshed set-based: a pulled page in a few statements.

A laptop's first pull brings hundreds of thousands of events. Folding them one case
at a time (read its history, delete its rows, insert them again: several statements
per case) spent most of a pull in SQL round trips. Here a page is handled as a set:

- the events: one look-up of the ids already held, one ``executemany`` insert for the
  new ones (through the driver, :mod:`gridapp.store.fast_rows`), one for the ones held
  with another status (our own, now accepted);
- the histories: read back only for cases this store already held (500 a query); a
  case first seen in this page folds from the page itself, which is all of it; each
  payload is parsed once, for the projection and the report facts alike;
- the projections: folded in memory (:func:`fold_case`, the one fold every path
  uses), then written set-based (:mod:`gridapp.sync.projection_rows`);
- the report facts (``case_facts``): folded from the same histories and written with
  one delete and one ``executemany`` (:func:`cases_changed`).

Every write that changes a case's events on the client ends in :func:`refresh`, and
:func:`refresh` ends in :func:`cases_changed`: the one place that knows, per page (per
push answer, per refusal), which cases changed, in the same transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, func, not_, select, update

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseRecord
from gridapp.domain.events import CaseEvent, EventStatus, event_of, loads_payload
from gridapp.domain.roles import Actor, Role
from gridapp.domain.workflow import apply_event, decide
from gridapp.errors import GridappError
from gridapp.reports import fact_store
from gridapp.store import case_log, column_days
from gridapp.store.fast_rows import TableRows, fast, forget_times, stored_time
from gridapp.store.reference import ReferenceData
from gridapp.store.schema import case_events
from gridapp.sync.projection_rows import held_version, read_held, record_of, write_projections
from gridapp.sync.protocol import EventOut

E = case_events.c
log = logging.getLogger(__name__)

ACCEPTED = EventStatus.ACCEPTED.value
PENDING = EventStatus.PENDING.value
REJECTED = EventStatus.REJECTED.value
HELD = (ACCEPTED, EventStatus.RESEND.value)  # what the service has (had)
CHUNK = 500  # ids per IN (…): well under SQLite's bound-parameter limit


def _payload_encoder() -> Callable[[Mapping[str, Any]], str]:
    """``json.dumps(payload, ensure_ascii=False, sort_keys=True)``, the text of every
    pulled event: ``JSONEncoder.encode`` builds a new C encoder per call (a third of its
    time on a payload); this one is built once, as ``encode`` builds it but without the
    circular-reference markers (a payload parsed from JSON holds no cycle)."""
    plain = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
    if c_make_encoder is None:  # no C accelerator: the plain encoder
        return plain.encode
    encode = c_make_encoder(
        None, plain.default, encode_basestring, None, plain.key_separator,
        plain.item_separator, True, False, True,
    )  # fmt: skip

    def dumps(payload: Mapping[str, Any]) -> str:
        return "".join(encode(payload, 0))

    return dumps


_dumps = _payload_encoder()

# (status, event, its payload as stored): one event of a case's history
Entry = tuple[str, CaseEvent, str]

_HELD = TableRows(case_events, ("id", "seq", "status"))
_HISTORY = TableRows(
    case_events,
    ("n", "id", "case_id", "action", "actor", "role", "at_client", "at_server", "seq",
     "payload", "status"),
)  # fmt: skip
_NEW = TableRows(
    case_events,
    ("id", "case_id", "action", "actor", "role", "at_client", "at_server", "seq", "payload",
     "status", "reject_code", "reject_reason", "digest", "local", "sent_payload"),
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
    projection it had. ``histories``: their events in log order as (status, event,
    payload text): accepted, resent and pending ones; refused ones are not part of a case.
    """

    case_ids: set[str]
    records: dict[str, CaseRecord | None] = field(default_factory=dict)
    histories: dict[str, list[Entry]] = field(default_factory=dict)
    # Cases folded onto the projection the store held (see ``apply_page``): only their
    # new events, in log order (they have no entry in ``histories``).
    tails: dict[str, list[Entry]] = field(default_factory=dict)


def cases_changed(conn: Connection, changes: CaseChanges) -> None:
    """The hook: called once per pulled page (and per push answer, refusal or epoch
    reset) with the cases whose events changed, after their projections were written,
    inside the same transaction. Anything kept per case alongside the projection is
    refreshed here: the per-case report facts are folded from the histories already in
    memory (payloads parsed once, for the projection and the facts alike) and stored at
    once, instead of being read back from the log and parsed again before the commit;
    a case with only its new events in hand (``tails``) gets them folded onto its
    stored facts."""
    column_days.note_cases(conn, sorted(changes.case_ids))  # the statistics' column store
    missing = changes.case_ids - changes.histories.keys() - changes.tails.keys()
    if missing:  # no events in hand (never so from refresh): folded from the log
        case_log.mark_facts_changed(conn, missing)
    fact_store.store_folded(conn, _fact_rows(changes.histories))
    fact_store.store_continued(conn, _fact_rows(changes.tails))


# an enum's ``.value`` is a property costing ~0.3 µs; two per event of every case a pull
# touches: a dict look-up by member is a tenth of that
_ACTION_TEXT: dict[Action, str] = {a: a.value for a in Action}
_ROLE_TEXT: dict[Role, str] = {r: r.value for r in Role}


def _fact_rows(entries: Mapping[str, list[Entry]]) -> dict[str, list[dict[str, Any]]]:
    """The facts fold's input rows (``fact_store._log_rows``' shape) from histories."""
    return {
        case_id: [
            {
                "case_id": case_id,
                "action": _ACTION_TEXT[event.action],
                "actor": event.actor,
                "role": _ROLE_TEXT[event.role],
                "at": event.at,
                "payload": text,
                "parsed": event.payload,
            }
            for _, event, text in history
        ]
        for case_id, history in entries.items()
    }


def apply_page(conn: Connection, events: Iterable[EventOut], reference: ReferenceData) -> set[str]:
    """Store a pulled page (server truth wins for events we hold) and refresh the
    projections of the cases it changed; returns those cases.

    A case first seen in the page folds from the page alone (its events there are all
    of it). A case held whose stored events are all the service's, in its order, and
    whose new events all come after them (the common case: a case moving on) has only
    its new events folded onto the projection it has (``tails``), if that projection
    folded every stored event (``CaseRecord.version``). Any other case (our own pending
    events, an event held getting its server order, events arriving out of order, a
    projection left behind) is folded from its whole history, read back from the store.
    """
    page = list({ev.id: ev for ev in reversed(list(events))}.values())[::-1]  # first of an id
    forget_times()  # the times formatted for this page's rows only (fast_rows._TIMES)
    held: dict[str, tuple[int | None, str]] = {}
    for event_id, seq, status in _HELD.select_in(conn, "id", [ev.id for ev in page]):
        held[event_id] = (seq, status)
    touched: set[str] = set()
    new_rows: list[tuple[Any, ...]] = []
    new_events: dict[str, list[tuple[int, Entry]]] = {}
    updates: list[dict[str, Any]] = []
    updated: set[str] = set()  # cases with an event held getting the server's order
    unreadable: set[str] = set()  # cases with an event this version cannot read
    stored = fast(conn)  # new rows built in stored form here (see _new_row)
    for ev in page:
        known = held.get(ev.id)
        if known == (ev.seq, ACCEPTED):
            continue
        touched.add(ev.case_id)
        at_server = _naive(ev.at_server)
        text = _dumps(ev.payload)
        if known is not None:
            updates.append(
                {"b_id": ev.id, "status": ACCEPTED, "seq": ev.seq, "at_server": at_server,
                 "payload": text}
            )  # fmt: skip
            updated.add(ev.case_id)
            continue
        at_client = _naive(ev.at_client)
        new_rows.append(_new_row(ev, at_client, at_server, text, stored))
        event = event_of(
            ev.id, ev.case_id, ev.action, ev.actor, ev.role, at_server or at_client,
            loads_payload(text),  # as a replay reads it: the one parse
        )  # fmt: skip
        if event is None:
            unreadable.add(ev.case_id)
            continue
        new_events.setdefault(ev.case_id, []).append((ev.seq, (ACCEPTED, event, text)))
    # What the store held of these cases before the page, counted per case.
    before = _held_counts(conn, sorted(new_events))
    if updates:
        conn.execute(_UPDATE_PULLED, updates)
    _NEW.insert(conn, new_rows, stored=stored)
    in_order = {
        case_id: [entry for _, entry in sorted(evs, key=lambda pair: pair[0])]
        for case_id, evs in new_events.items()
    }
    # a case with an unreadable event is folded from its stored history (read_histories
    # stops at that event), never from the page alone nor as a tail
    fresh = {c: evs for c, evs in in_order.items() if c not in before and c not in unreadable}
    tails: dict[str, tuple[int, list[Entry]]] = {}
    for case_id, counts in before.items():
        evs = new_events[case_id]
        if (
            case_id not in updated
            and case_id not in unreadable
            and counts.others == 0
            and counts.accepted > 0
            and counts.last_seq is not None
            and counts.last_seq < min(seq for seq, _ in evs)
            and all(entry[1].action is not Action.REPORT for _, entry in evs)
        ):
            tails[case_id] = (counts.accepted, in_order[case_id])
    refresh(conn, touched, reference, known=fresh, tails=tails)
    return touched


def _naive(at: datetime) -> datetime:
    """The time without its zone, as stored (the wire's times come naive already:
    ``replace`` costs more than the check, twice an event)."""
    return at if at.tzinfo is None else at.replace(tzinfo=None)


def _new_row(
    ev: EventOut, at_client: datetime, at_server: datetime, text: str, stored: bool
) -> tuple[Any, ...]:
    """A pulled event's ``case_events`` row (``_NEW``'s columns), in stored form when
    ``stored`` (SQLite): what ``_NEW.stored`` makes of the plain row, without its
    per-value pass over fifteen columns (a page's events were a fifth of its inserts'
    CPU). A client's clock and the service's agree to the microsecond on most events
    pulled from a store whose events were made there: that time is formatted once."""
    if not stored:
        return (ev.id, ev.case_id, ev.action, ev.actor, ev.role, at_client, at_server, ev.seq,
                text, ACCEPTED, None, None, None, False, None)  # fmt: skip
    server = stored_time(at_server)
    client = server if at_client == at_server else stored_time(at_client)
    return (ev.id, ev.case_id, ev.action, ev.actor, ev.role, client, server, ev.seq, text,
            ACCEPTED, None, None, None, 0, None)  # fmt: skip


def refresh(
    conn: Connection,
    case_ids: Iterable[str],
    reference: ReferenceData,
    *,
    known: Mapping[str, list[Entry]] | None = None,
    tails: Mapping[str, tuple[int, list[Entry]]] | None = None,
) -> CaseChanges:
    """Projection = server-accepted events, then this client's pending ones on top.

    ``known``: the whole history of some of the cases, already in memory (in log
    order); ``tails``: for some cases held, (how many events the store held, all
    accepted, in server order; the events after them, in order): folded onto the held
    projection when it folded exactly those. The others' histories are read from the
    store. Then the projection rows are written set-based, and :func:`cases_changed`.
    """
    ids = sorted(set(case_ids))
    changes = CaseChanges(set(ids))
    if not ids:
        return changes
    known = known or {}
    held = read_held(conn, [c for c in ids if c not in known])
    bases: dict[str, tuple[CaseRecord, list[Entry]]] = {}
    for case_id, (count, entries) in (tails or {}).items():
        row = held.rows.get(case_id)
        if row is not None and held_version(row) == count:
            bases[case_id] = (record_of(conn.dialect, row), entries)
    histories = {case_id: list(known[case_id]) for case_id in ids if case_id in known}
    rest = [c for c in ids if c not in histories and c not in bases]
    histories.update(read_histories(conn, rest))
    for case_id in ids:
        try:
            if case_id in bases:
                record, entries = bases[case_id]
                changes.tails[case_id] = entries
                for _, event, _ in entries:
                    record = apply_event(record, event)
                changes.records[case_id] = record
            else:
                history = histories.get(case_id, [])
                changes.histories[case_id] = history
                changes.records[case_id] = fold_case(history, reference)
        except GridappError as exc:
            # History not complete yet (e.g. after a restore): keep what is shown now.
            log.warning("case %s not rebuilt: %s", case_id, exc.code)
    write_projections(conn, changes.records, held)
    cases_changed(conn, changes)
    return changes


def fold_case(history: list[Entry], reference: ReferenceData) -> CaseRecord | None:
    """A case's projection from its history: the events the service holds, in its
    order; then this client's pending ones, each only if it still fits (a pending event
    that no longer does is left out but stays pending: the service has the last word).
    Raises GridappError when the held events do not fold (history not complete)."""
    record: CaseRecord | None = None
    for status, event, _ in history:
        if status in HELD:
            record = apply_event(record, event)
    for status, event, _ in history:
        if status != PENDING:
            continue
        try:
            record = decide(record, event, _actor_of(reference, event.actor, event.role))
        except GridappError:
            continue
    return record


def read_histories(conn: Connection, case_ids: list[str]) -> dict[str, list[Entry]]:
    """The stored events of ``case_ids`` in log order (server order, then local order),
    refused ones left out (they never count)."""
    histories: dict[str, list[Entry]] = {case_id: [] for case_id in case_ids}
    rows = [r for r in _HISTORY.select_in(conn, "case_id", case_ids) if r[10] != REJECTED]
    rows.sort(key=lambda r: (r[8] is None, r[8] or 0, r[0]))  # seq NULLS LAST, then n
    cut: set[str] = set()
    for row in _HISTORY.loaded(conn.dialect, rows):
        _, event_id, case_id, action, actor, role, at_client, at_server, _, text, status = row
        if case_id in cut:
            continue
        event = event_of(
            event_id, case_id, action, actor, role, at_server or at_client, loads_payload(text)
        )
        if event is None:
            # what follows may rest on it: the case shows what came before, until a
            # version that reads it folds the whole history again
            log.warning("case %s: event %s (%s, %s) unknown here", case_id, event_id, action, role)
            cut.add(case_id)
            continue
        histories[case_id].append((status, event, text))
    return histories


@dataclass
class _Counts:
    accepted: int  # the case's events the service has, in its order
    others: int  # pending, resent, or accepted without a server order (epoch reset)
    last_seq: int | None


def _held_counts(conn: Connection, case_ids: list[str]) -> dict[str, _Counts]:
    """Per case held (any stored event, refused ones too), what its history holds."""
    accepted = and_(E.status == ACCEPTED, E.seq.is_not(None))
    q = select(
        E.case_id,
        func.count(case((accepted, 1))),
        func.count(case((and_(E.status != REJECTED, not_(accepted)), 1))),
        func.max(case((E.status != REJECTED, E.seq))),
    ).group_by(E.case_id)
    out: dict[str, _Counts] = {}
    for chunk in _chunks(case_ids):
        for case_id, n_accepted, n_others, last_seq in conn.execute(q.where(E.case_id.in_(chunk))):
            out[case_id] = _Counts(n_accepted, n_others, last_seq)
    return out


def _chunks(items: list[str], size: int = CHUNK) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _actor_of(reference: ReferenceData, username: str, role: Role) -> Actor:
    user = reference.users.get(username)
    if user is None:
        return Actor(username=username, role=role)
    actor = user.to_actor()
    return actor if actor.role is role else Actor(username=username, role=role)
