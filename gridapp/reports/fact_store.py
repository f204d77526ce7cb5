"""Folded case facts kept in the store (``case_facts``), so figures need not fold every log.

``facts.py`` stays the one definition of what a case's events mean: this module only
stores its output. Each row holds, for one case, the fold of all its events (``facts``),
the fold's input rows (``events``, in log order) and the time of its latest event
(``last_at``). A period ending after ``last_at`` sees the stored facts as they are; a
period ending earlier (a past month of a case that changed since) folds the stored rows
up to its end with the same ``fold_cases``, which is what ``facts.load_facts`` does with
the log, without reading the log again. The fold at each month start the case lived
through is kept too (``fact_cuts``): a past month's view or report decodes it instead.

Rows are rewritten in the transaction that writes the case's events: ``mark_changed``
(called by ``case_log.append`` and the client's ``sync.local.rebuild``) notes the case on
the connection and ``Database.write`` calls ``flush`` before it commits. ``FACTS_VERSION``
is a hash of ``facts.py`` and ``mark_rows.py`` (the fold, the marks and item rows) and of
``ROWS_FORMAT``, so any change to the fold makes every row stale; a stale or missing row
is folded from the log when read (never wrong, only slower) and rewritten by
``refresh_stale``. (Until session 17 this module's own text was hashed too, so that any
edit here refolded every store and rebuilt its column blobs: 333 s on a year's store.)
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    and_,
    case,
    func,
    or_,
    select,
    true,
)

from gridapp.reports import fact_cuts, mark_rows
from gridapp.reports import facts as facts_module
from gridapp.reports.fact_codec import (  # decode_facts: the codec, as tests read it here
    decode_facts,  # noqa: F401
    decode_many,
    decode_or_none,
    encode_facts,
    encoder,
    event_rows,
)
from gridapp.reports.facts import CaseFacts, fold_cases, fold_more, period_cases
from gridapp.reports.mark_rows import dept_items, mark_columns
from gridapp.store import column_days
from gridapp.store.case_log import FACTS_DIRTY, mark_facts_changed
from gridapp.store.fast_rows import TableRows
from gridapp.store.schema import (
    case_events,
    case_facts,
    case_facts_cuts,
    case_mark_items,
    case_marks,
    cases,
)

CHUNK = 500

# What the rows hold beyond the fold's own output: bump it when this module or
# ``fact_cuts`` changes what a row says (2: every month start's cut, ``case_facts_cuts``).
ROWS_FORMAT = 2


def _version() -> str:
    digest = hashlib.sha256(f"rows {ROWS_FORMAT}".encode())
    for module_file in (facts_module.__file__, mark_rows.__file__):
        digest.update(Path(str(module_file)).read_bytes())
    return digest.hexdigest()[:16]


FACTS_VERSION = _version()
UNSTORABLE = "unstorable"  # a row's version when its facts cannot be stored (see refresh)


# -- writing ------------------------------------------------------------------------------

_AT = func.coalesce(case_events.c.at_server, case_events.c.at_client)


def _log_rows(conn: Connection, ids: list[str], end: datetime | None = None) -> Iterator[dict]:
    """The fold's input rows of ``ids`` (as ``facts.event_rows`` selects them)."""
    q = (
        select(
            case_events.c.case_id,
            case_events.c.action,
            case_events.c.actor,
            case_events.c.role,
            _AT.label("at"),
            case_events.c.payload,
        )
        .where(case_events.c.case_id.in_(ids), case_events.c.status != "rejected")
        .order_by(
            case_events.c.case_id,
            case_events.c.seq.is_(None),
            case_events.c.seq,
            case_events.c.n,
        )
    )
    if end is not None:
        q = q.where(end > _AT)
    for row in conn.execute(q).mappings():
        yield dict(row)


def _as_time(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def refresh(conn: Connection, case_ids: Iterable[str]) -> None:
    """Fold these cases' logs again and store the rows (in the caller's transaction)."""
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), CHUNK):
        store_folded(conn, log_rows_per_case(conn, ids[start : start + CHUNK]))


def log_rows_per_case(conn: Connection, ids: list[str]) -> dict[str, list[dict]]:
    """Each case's fold input rows from the log (``_log_rows``), times parsed."""
    per_case: dict[str, list[dict]] = {case_id: [] for case_id in ids}
    for row in _log_rows(conn, ids):
        row["at"] = _as_time(row["at"])
        per_case[row["case_id"]].append(row)
    return per_case


def store_folded(conn: Connection, per_case: Mapping[str, list[dict]]) -> None:
    """Fold and store the rows of these cases, given each one's whole fold input in log
    order (``_log_rows``' rows; a row may carry its payload parsed already as
    ``parsed``, see ``facts.fold_cases``). The rows are then current: the cases are no
    longer noted for ``flush``. One delete and one ``executemany`` per 500 cases."""
    ids = sorted(per_case)
    _written(conn, ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        values = []
        cuts: dict[str, list[fact_cuts.Cut]] = {}
        for case_id in chunk:
            rows = per_case[case_id]
            folded = fold_cases(rows)
            last = max((r["at"] for r in rows), default=None)
            values.append(_values(case_id, folded[0] if folded else None, last, _events_json(rows)))
            cuts[case_id] = fact_cuts.cuts_of(rows, last)
        _replace(conn, chunk, values)
        fact_cuts.replace(conn, chunk, cuts)


def store_continued(conn: Connection, tails: Mapping[str, list[dict]]) -> None:
    """Fold each case's later rows (``tails``: rows as for :func:`store_folded`, in log
    order, all after the case's stored ones) onto its stored facts, without reading or
    folding its earlier rows again; its stored ``events`` get the new rows appended.

    Only a current row can be continued (this version of the fold, facts that decode);
    any other case, or one whose tail holds a report, is folded from its log (the tail
    is already written there). The rows are then current, as after ``store_folded``.
    """
    ids = sorted(tails)
    _written(conn, ids)
    from_log: list[str] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        q = select(
            case_facts.c.case_id,
            case_facts.c.version,
            case_facts.c.last_at,
            case_facts.c.facts,
            case_facts.c.events,
        ).where(case_facts.c.case_id.in_(chunk))
        held = {r.case_id: r for r in conn.execute(q)}
        done: list[str] = []
        values = []
        added: dict[str, list[fact_cuts.Cut]] = {}  # cuts to add to the held ones
        remade: dict[str, list[fact_cuts.Cut]] = {}  # cuts made again from all rows
        for case_id in chunk:
            rows, row = tails[case_id], held.get(case_id)
            folded = None
            if row is not None and row.version == FACTS_VERSION and row.facts is not None:
                folded = decode_or_none(row.facts)
            if folded is None or not fold_more(folded, rows) or not rows:
                from_log.append(case_id)
                continue
            last = max(r["at"] for r in rows)
            held_last = None if row.last_at is None else _as_time(row.last_at)
            if held_last is not None:
                last = max(last, held_last)
            old = str(row.events)
            more = _events_json(rows)
            events = more if old == "[]" else old[:-1] + "," + more[1:]
            cuts = None
            if held_last is not None:
                first = min(r["at"] for r in rows)
                cuts = fact_cuts.continued(held_last, str(row.facts), first, last)
            if cuts is None:
                remade[case_id] = fact_cuts.cuts_of(_rows_of_json(case_id, events), last)
            elif cuts:
                added[case_id] = cuts
            done.append(case_id)
            values.append(_values(case_id, folded, last, events))
        _replace(conn, done, values)
        fact_cuts.replace(conn, sorted(remade), remade)
        fact_cuts.add(conn, added)
    if from_log:
        refresh(conn, from_log)


def _written(conn: Connection, ids: list[str]) -> None:
    """These cases' rows are being made current in this transaction: not for ``flush``."""
    dirty = conn.info.get(FACTS_DIRTY)
    if dirty:
        dirty.difference_update(ids)


Values = tuple[dict, dict, list[tuple]]  # a case's facts row, marks row, item rows


def _values(case_id: str, folded: CaseFacts | None, last_at: Any, events: str) -> Values:
    """A case's ``case_facts``, ``case_marks`` and ``case_mark_items`` rows."""
    version, text = FACTS_VERSION, None
    if folded is not None:
        try:
            text = encode_facts(folded)
        except (UnicodeEncodeError, OverflowError, TypeError):
            # e.g. a lone surrogate a payload escaped: kept as stale, so the case is
            # folded from its log when read (slower, never lost)
            version = UNSTORABLE
    facts_row = {
        "case_id": case_id,
        "version": version,
        "last_at": last_at,
        "facts": text,
        "events": events,
    }
    marks_row = {
        "case_id": case_id,
        "version": version,
        "last_at": last_at,
        **mark_columns(folded),
    }
    items = [(case_id, n, *item) for n, item in enumerate(dept_items(folded))]
    return facts_row, marks_row, items


def _events_json(rows: list[dict]) -> str:
    stored = [[r["action"], r["actor"], r["role"], r["at"].isoformat(), r["payload"]] for r in rows]
    try:
        # the same text as json.dumps below for strings, which every value here is
        # (compact, non-ASCII kept, the same escapes: tests/reports/test_fact_store.py;
        # not for floats: NaN), three times faster: a pull writes every event of every
        # case it touches here, its payload escaped as a string
        return encoder.encode(stored).decode()
    except (UnicodeEncodeError, TypeError):  # a lone surrogate; not a string
        return json.dumps(stored, ensure_ascii=False, separators=(",", ":"))


_ITEM_NAMES = ("case_id", "n", "kind", "dept", "due", "done")


def _replace(conn: Connection, ids: list[str], values: list[Values]) -> None:
    """Rewrite the facts, marks and item rows of ``ids`` (≤ CHUNK): one delete and one
    ``executemany`` per table, the rows handed to the driver as tuples
    (``store.fast_rows``: Core's per-row parameter handling was most of this)."""
    if ids:
        for table in (case_facts, case_marks, case_mark_items):
            _rows_of(table, ("case_id",)).delete_in(conn, "case_id", ids)
    if values:
        for table, rows in (
            (case_facts, [f for f, _, _ in values]),
            (case_marks, [m for _, m, _ in values]),
        ):
            names = tuple(rows[0])
            writer = _rows_of(table, names)
            pick = itemgetter(*names)  # by name: every row has these keys, in any order
            writer.insert(conn, [pick(row) for row in rows])
        items = [item for _, _, case_items in values for item in case_items]
        if items:
            _rows_of(case_mark_items, _ITEM_NAMES).insert(conn, items)


_ROWS: dict[tuple[str, tuple[str, ...]], TableRows] = {}


def _rows_of(table: Table, names: tuple[str, ...]) -> TableRows:
    """A table's rows with these columns, in this order (the keys of ``_values``' rows)."""
    key = (table.name, names)
    found = _ROWS.get(key)
    if found is None:
        found = _ROWS[key] = TableRows(table, names)
    return found


mark_changed = mark_facts_changed  # cases whose events changed in this transaction


def flush(conn: Connection) -> None:
    """Rewrite the rows of the cases noted in this transaction (before it commits)."""
    dirty = conn.info.pop(FACTS_DIRTY, None)
    if dirty:
        refresh(conn, dirty)


def stale_ids(conn: Connection, limit: int | None = None, after: str = "") -> list[str]:
    """Cases (in id order, after ``after``) whose row is missing or of another version."""
    q = (
        select(cases.c.id)
        .select_from(cases.outerjoin(case_facts, case_facts.c.case_id == cases.c.id))
        .where(
            cases.c.id > after,
            or_(case_facts.c.case_id.is_(None), case_facts.c.version != FACTS_VERSION),
        )
        .order_by(cases.c.id)
    )
    if limit is not None:
        q = q.limit(limit)
    return list(conn.execute(q).scalars())


# Stores found with a current row for every case, in this process.
_current: weakref.WeakSet[Any] = weakref.WeakSet()


def _one_row_per_case(db: Any) -> bool:
    with db.read() as conn:
        n_cases = conn.execute(select(func.count()).select_from(cases)).scalar()
        n_rows = conn.execute(select(func.count()).select_from(case_facts)).scalar()
    return n_cases == n_rows


def _all_this_version(db: Any) -> bool:
    """No row of another version (two ranges of ``ix_case_facts_version``)."""
    v = case_facts.c.version
    with db.read() as conn:
        q = select(v).where(or_(v < FACTS_VERSION, v > FACTS_VERSION)).limit(1)
        return conn.execute(q).first() is None


def refresh_stale(db: Any, batch: int = 5_000) -> int:
    """Fold every case whose row is missing or made by another version of the fold.

    Once after an upgrade (the revision adds the table empty) or a change to the fold;
    in batches, each its own transaction, so readers are not held up for long, in id
    order (a case whose facts cannot be stored stays stale: it is passed, not folded
    again and again).
    A store is taken as current when it has as many rows as cases and none of another
    version (looking at every case's row cost 1–4.5 s on a year's store, at the first
    view or report after each start); once found current, a later call only compares
    the two counts: every writer of this version rewrites its cases' rows in its own
    transaction, so after that only a case arriving without a row can be missing one,
    and then the counts differ. A row missed anyway is folded from the log when read:
    slower, never wrong.
    """
    if _one_row_per_case(db) and (db in _current or _all_this_version(db)):
        _current.add(db)
        return 0
    done, after = 0, ""
    while True:
        with db.read() as conn:
            ids = stale_ids(conn, batch, after)
        if not ids:
            _current.add(db)
            return done
        with db.write() as conn:
            refresh(conn, ids)
            column_days.note_cases(conn, ids)  # their marks changed: rebuild their days
        done += len(ids)
        after = ids[-1]


# -- reading ------------------------------------------------------------------------------


def _rows_of_json(case_id: str, events_json: str) -> list[dict]:
    """A row's stored ``events`` as the fold's input rows."""
    return [
        {
            "case_id": case_id,
            "action": action,
            "actor": actor,
            "role": role,
            "at": t,
            "payload": payload,
        }
        for action, actor, role, t, payload in event_rows.decode(events_json)
    ]


def _cut(case_id: str, events_json: str, end: datetime) -> list[CaseFacts]:
    return fold_cases([r for r in _rows_of_json(case_id, events_json) if r["at"] < end])


def load(
    conn: Connection,
    region: str,
    since: datetime,
    end: datetime,
    where: ColumnElement[bool] | None = None,
) -> list[CaseFacts]:
    """What ``facts.load_facts`` returns, from the stored rows.

    The same cases (the same conditions on ``cases``), in the same order, each as it
    stood at ``end``: stored facts when nothing happened to the case since, else the
    stored rows folded up to ``end``; a missing or stale row is folded from the log.
    ``where`` narrows the cases further (a condition on ``cases`` and ``case_facts``).
    """
    cut = case_facts_cuts.c
    held = case_facts.c.last_at < end  # the stored facts hold at ``end`` (NULL: cut)
    kept = cut.case_id.is_not(None)  # the fold up to ``end`` is kept (a month's start)
    q = (
        select(
            cases.c.id,
            cases.c.number,
            case_facts.c.version,
            case((held, 1), (kept, 1), else_=0),
            # each row's one text it needs: SQLite reads a long text's overflow pages
            # only when a CASE takes it (a past month's cut cases read no facts text)
            case((held, case_facts.c.facts), (kept, cut.facts), else_=None),
            case((held, None), (kept, None), else_=case_facts.c.events),
        )
        .select_from(
            cases.outerjoin(case_facts, case_facts.c.case_id == cases.c.id).outerjoin(
                case_facts_cuts, and_(cut.case_id == cases.c.id, cut.cut_at == end)
            )
        )
        .where(period_cases(region, since, end), true() if where is None else where)
    )  # no ORDER BY: SQLite would sort every row with its facts text; ids sort below
    order: list[str] = []
    numbers: dict[str, str] = {}
    whole: list[str] = []  # ids whose stored facts (whole or cut) hold at ``end``
    texts: list[str] = []
    found: dict[str, CaseFacts] = {}
    from_log: list[str] = []
    for case_id, number, version, holds, facts_json, events_json in conn.execute(q):
        order.append(case_id)
        numbers[case_id] = number
        if version != FACTS_VERSION:
            from_log.append(case_id)
        elif holds:
            if facts_json is not None:
                whole.append(case_id)
                texts.append(facts_json)
        elif events_json is not None:
            for f in _cut(case_id, events_json, end):
                found[f.case_id] = f
    for case_id, decoded in zip(whole, decode_many(texts), strict=True):
        if decoded is None:
            from_log.append(case_id)
        else:
            found[case_id] = decoded
    for start in range(0, len(from_log), CHUNK):
        for f in fold_cases(_log_rows(conn, from_log[start : start + CHUNK], end)):
            found[f.case_id] = f
    order.sort()
    result = [found[i] for i in order if i in found]
    for f in result:
        f.number = numbers[f.case_id] or f.number
    return result
