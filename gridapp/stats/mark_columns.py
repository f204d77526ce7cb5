"""The statistics view's column store: each day's cases, marks and mark items as arrays.

Counting a year in SQL (``view_counts._scan``) evaluates every condition row by row:
≈13 µs a case, 6–8 s for 590,000 cases on two cores. Here the rows the scan reads are
kept per day of report (``cases.reported_at``) as column arrays in one blob
(``mark_columns``), so a view reads a year as 365 blobs and counts with numpy
(``column_scan``), the conditions still the SQL ones (``column_eval``).

A blob is never trusted for a day that changed: triggers (SQLite only) note the day of
every case inserted, changed or deleted, and of every ``case_marks`` or
``case_mark_items`` row written, in ``mark_columns_dirty``, in the writer's own
transaction. A read builds such a day from the rows of its own snapshot (never from a
blob), and ``refresh`` stores the built blobs in a write of its own, so the next read
finds them. A day's blob is rebuilt whole: its rows are few (≈1,500 at city scale).
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, String, delete, func, insert, select, type_coerce

from gridapp.stats.column_eval import Strings, Values, column_key
from gridapp.store.case_queries import stage_column
from gridapp.store.schema import (
    case_mark_items,
    case_marks,
    cases,
    mark_columns,
    mark_columns_dirty,
)

FORMAT = 1  # of the blob: a blob of another format is rebuilt
STAGE = "stage"  # the key of the stage now (``stage_column``), made when the day is built
ITEM_CASE = "item_case"  # an item's case, as its row number in the batch

# What the view's conditions read of ``cases`` (``period_cases``, the scan's keys); every
# column of ``case_marks`` and ``case_mark_items`` is kept.
CASE_COLUMNS = (
    cases.c.id,
    cases.c.number,
    cases.c.reported_at,
    cases.c.closed_at,
    cases.c.state,
    cases.c.callback_at,
    cases.c.street_code,
    cases.c.community_code,
)
# Kept as lists of text (each value its own: no use as codes); of these and of
# ``case_marks.case_id`` only whether they are NULL (never, or no marks row) is a column,
# whose values equal no text (``NO_TEXT``: a code is never negative).
LISTED = ("cases.id", "cases.number")
_KIND_OF = {STAGE: "s", "case_marks.case_id": "n"}
# Columns no count reads (the overdue board's stand-ins read them in SQL) and the
# item's case (``ITEM_CASE`` says it)
UNREAD = frozenset(
    {
        *(
            f"case_marks.{name}"
            for name in ("verified_at", "last_dept", "last_unit", "last_check_ok")
        ),
        "case_marks.last_returned_at",
        "case_mark_items.case_id",
        "case_mark_items.n",
    }
)
# How each kind of column is kept: times as int64 µs, text codes int32, flags a byte
DTYPE = {"t": "<i8", "i": "<i8", "s": "<i4", "b": "u1", "n": "u1"}
NO_TEXT = -2
_DAY = "substr({}, 1, 10)"
_MARK = "mark_columns_dirty"


def _noted(day_sql: str) -> str:
    """Note a day (NULL: none). Not ``INSERT OR IGNORE``: in a trigger, the statement
    that fired it imposes its own conflict clause (an upsert's makes it fail)."""
    return (
        f"INSERT INTO {_MARK} (day) SELECT d FROM (SELECT {day_sql} AS d) "
        f"WHERE d IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {_MARK} WHERE day = d);"
    )


def _case_day(case_id: str) -> str:
    return f"(SELECT {_DAY.format('reported_at')} FROM cases WHERE id = {case_id})"


_ROW_EVENTS = (("ins", "INSERT", "new"), ("upd", "UPDATE", "new"), ("del", "DELETE", "old"))
CREATE = [
    f"CREATE TRIGGER mark_columns_case_ins AFTER INSERT ON cases BEGIN "
    f"{_noted(_DAY.format('new.reported_at'))} END",
    f"CREATE TRIGGER mark_columns_case_upd AFTER UPDATE ON cases BEGIN "
    f"{_noted(_DAY.format('old.reported_at'))} {_noted(_DAY.format('new.reported_at'))} END",
    f"CREATE TRIGGER mark_columns_case_del AFTER DELETE ON cases BEGIN "
    f"{_noted(_DAY.format('old.reported_at'))} END",
    *(
        f"CREATE TRIGGER mark_columns_{table}_{verb} AFTER {event} ON {table} BEGIN "
        f"{_noted(_case_day(f'{row}.case_id'))} END"
        for table in ("case_marks", "case_mark_items")
        for verb, event, row in _ROW_EVENTS
    ),
]
TRIGGERS = [s.split()[2] for s in CREATE]
DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS]


def note_every_day(conn: Connection) -> None:
    """Every day with cases noted to be built (a store that had no column store)."""
    conn.exec_driver_sql(
        f"INSERT OR IGNORE INTO {_MARK} (day) SELECT DISTINCT {_DAY.format('reported_at')} "
        "FROM cases"
    )


# -- one day's blob -------------------------------------------------------------------------


def _kind(column: Any) -> str:
    """How a column's values are kept: "t" time (int64 µs), "b" bool, "s" text, "i" int."""
    name = type(column.type).__name__
    if name == "DateTime":
        return "t"
    if name == "Boolean":
        return "b"
    if name == "Integer":
        return "i"
    return "s"


def _array(kind: str, raw: Sequence[Any], index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Raw SQLite values as (data, NULL mask)."""
    if kind == "n":
        null = np.fromiter((v is None for v in raw), dtype=bool, count=len(raw))
        return np.full(len(raw), NO_TEXT, dtype=np.int64), null
    if kind == "t":
        times = np.array(raw, dtype="datetime64[us]")
        return times.view(np.int64), np.isnat(times)
    null = np.fromiter((v is None for v in raw), dtype=bool, count=len(raw))
    if kind == "s":
        codes = (-1 if v is None else index.setdefault(v, len(index)) for v in raw)
        return np.fromiter(codes, dtype=np.int64, count=len(raw)), null
    values = (0 if v is None else int(v) for v in raw)
    return np.fromiter(values, dtype=np.int64, count=len(raw)), null


def _raw(conn: Connection, q: Any) -> list[tuple[Any, ...]]:
    """The rows of ``q`` as the driver returns them (text times, 0/1 booleans): no
    per-value conversion in Python."""
    sql = q.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    return conn.exec_driver_sql(str(sql)).fetchall()


def _case_keys() -> list[tuple[str, Any]]:
    keys = [(column_key(c), c) for c in CASE_COLUMNS]
    keys.append((STAGE, stage_column()))
    keys += [(column_key(c), c) for c in case_marks.c if column_key(c) not in UNREAD]
    return keys


def _item_keys() -> list[tuple[str, Any]]:
    return [(column_key(c), c) for c in case_mark_items.c if column_key(c) not in UNREAD]


def build_day(conn: Connection, day: str) -> bytes | None:
    """The day's blob from the rows as this connection sees them (None: no cases)."""
    # every stored time of the day, compared as the text SQLite holds (the index serves it)
    reported = type_coerce(cases.c.reported_at, String)
    start, end = f"{day} 00:00:00", f"{day} 99"
    keys = _case_keys()
    q = (
        select(*(c for _, c in keys))
        .select_from(cases.outerjoin(case_marks, case_marks.c.case_id == cases.c.id))
        .where(reported >= start, reported < end)
        .order_by(cases.c.id)
    )
    rows = _raw(conn, q)
    if not rows:
        return None
    ids = [r[0] for r in rows]
    at = {case_id: i for i, case_id in enumerate(ids)}
    item_keys = _item_keys()
    iq = (
        select(case_mark_items.c.case_id, *(c for _, c in item_keys))
        .join(cases, cases.c.id == case_mark_items.c.case_id)
        .where(reported >= start, reported < end)
        .order_by(case_mark_items.c.case_id, case_mark_items.c.n)
    )
    items = _raw(conn, iq)
    index: dict[str, int] = {}
    arrays: list[tuple[str, str, np.ndarray, np.ndarray]] = []
    columns = list(zip(*rows, strict=True))
    lists = {}
    for (key, column), raw in zip(keys, columns, strict=True):
        if key in LISTED:
            lists[key] = list(raw)
            continue
        kind = _KIND_OF.get(key) or _kind(column)
        arrays.append((key, kind, *_array(kind, raw, index)))
    item_columns = list(zip(*items, strict=True)) if items else [()] * (len(item_keys) + 1)
    case_of = np.fromiter((at[i] for i in item_columns[0]), dtype=np.int64, count=len(items))
    arrays.append((ITEM_CASE, "i", case_of, np.zeros(len(items), dtype=bool)))
    for (key, column), raw in zip(item_keys, item_columns[1:], strict=True):
        kind = _kind(column)
        arrays.append((key, kind, *_array(kind, list(raw), index)))
    return _pack(len(rows), len(items), list(index), lists, arrays)


def _pack(
    n: int,
    m: int,
    strings: list[str],
    lists: dict[str, list[str]],
    arrays: list[tuple[str, str, np.ndarray, np.ndarray]],
) -> bytes:
    """Header (JSON: counts, strings, the listed columns, the array columns and which
    have NULLs), then each array column's int64 values and, when it has NULLs, its mask."""
    body: list[bytes] = []
    columns = []
    for key, kind, data, null in arrays:
        has_null = bool(null.any())
        columns.append([key, kind, has_null])
        body.append(data.astype(DTYPE[kind]).tobytes())
        if has_null:
            body.append(null.astype(np.uint8).tobytes())
    head = json.dumps(
        {
            "format": FORMAT,
            "n": n,
            "m": m,
            "strings": strings,
            "lists": lists,
            "columns": columns,
        }  # ASCII: a lone surrogate in a text stays escaped, not an encoding error
    ).encode()
    return struct.pack("<I", len(head)) + head + b"".join(body)


@dataclass
class Day:
    """One day's arrays (text as codes into its own ``strings``)."""

    n: int
    m: int
    strings: list[str]
    lists: dict[str, list[str]]
    columns: dict[str, Values]


def unpack(blob: bytes) -> Day | None:
    """A blob's arrays (views of the blob: nothing copied), None when of another format."""
    (size,) = struct.unpack_from("<I", blob)
    head = json.loads(blob[4 : 4 + size])
    if head.get("format") != FORMAT:
        return None
    n, m = head["n"], head["m"]
    at = 4 + size
    columns: dict[str, Values] = {}
    for key, kind, has_null in head["columns"]:
        length = m if key == ITEM_CASE or key.startswith("case_mark_items.") else n
        dtype = np.dtype(DTYPE[kind])
        data = np.frombuffer(blob, dtype=dtype, count=length, offset=at)
        at += dtype.itemsize * length
        if kind == "b":
            data = data.view(bool)
        elif kind == "n":
            data = np.full(length, NO_TEXT, dtype=np.int64)
        null = None
        if has_null:
            null = np.frombuffer(blob, dtype=np.uint8, count=length, offset=at).view(bool)
            at += length
        columns[key] = Values(data, null)
    return Day(n, m, head["strings"], head["lists"], columns)


# -- the batch a view counts ----------------------------------------------------------------


@dataclass
class Batch:
    """The cases reported before a time, with their marks, and their mark items: one
    array a column (text as codes into ``strings``, shared by every text column)."""

    n: int
    m: int
    strings: Strings
    lists: dict[str, list[str]]
    columns: dict[str, Values]
    kinds: dict[str, str]

    def text(self, key: str) -> list[str | None]:
        """A text column's values as text."""
        vocab = [*self.strings.vocab, None]  # code -1: NULL
        return [vocab[c] for c in self.columns[key].data.tolist()]


def _kinds() -> dict[str, str]:
    out = {key: _KIND_OF.get(key) or _kind(c) for key, c in _case_keys() if key not in LISTED}
    out.update((key, _kind(c)) for key, c in _item_keys())
    out[ITEM_CASE] = "i"
    return out


def _joined(days: Iterable[Day]) -> Batch:
    """The days as one batch: arrays end to end, text codes into one vocabulary, item
    cases shifted by the rows before."""
    days = [d for d in days if d.n]
    kinds = _kinds()
    index: dict[str, int] = {}
    remaps = []
    for d in days:
        codes = [index.setdefault(s, len(index)) for s in d.strings]
        remaps.append(np.array([*codes, -1], dtype=np.int64))  # -1 (NULL) stays -1
    offsets = np.cumsum([0, *(d.n for d in days)])
    columns: dict[str, Values] = {}
    for key, kind in kinds.items():
        parts, nulls = [], []
        for d, remap, offset in zip(days, remaps, offsets, strict=False):
            v = d.columns[key]
            data = remap[v.data] if kind == "s" else v.data
            parts.append(data + offset if key == ITEM_CASE else data)
            nulls.append(v.null if v.null is not None else np.zeros(len(v.data), dtype=bool))
        data = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        null = np.concatenate(nulls) if nulls else np.zeros(0, dtype=bool)
        columns[key] = Values(data, null if null.any() else None)
    n, m = int(offsets[-1]), sum(d.m for d in days)
    lists = {key: [v for d in days for v in d.lists[key]] for key in LISTED}
    columns.update((key, Values(np.full(n, NO_TEXT, dtype=np.int64), None)) for key in LISTED)
    return Batch(n, m, Strings(list(index)), lists, columns, kinds)


def _days_before(conn: Connection, end: datetime) -> tuple[dict[str, bytes], set[str]]:
    """The stored blobs of the days before ``end``, and the days noted changed."""
    last = end.strftime("%Y-%m-%d %H:%M:%S.%f")[:10]
    q = select(mark_columns.c.day, mark_columns.c.data).where(mark_columns.c.day <= last)
    blobs = dict(conn.execute(q).all())
    dirty = select(mark_columns_dirty.c.day).where(mark_columns_dirty.c.day <= last)
    return blobs, {d for (d,) in conn.execute(dirty)}


def load(conn: Connection, end: datetime) -> Batch:
    """Every case reported before ``end`` (and on its day after it: the conditions say
    which count) as this connection's snapshot has them."""
    blobs, dirty = _days_before(conn, end)
    days: list[Day] = []
    for day in sorted(blobs.keys() | dirty):
        got = unpack(blobs[day]) if day in blobs and day not in dirty else None
        if got is None:
            built = build_day(conn, day)
            got = unpack(built) if built is not None else None
        if got is not None:
            days.append(got)
    batch = _joined(days)
    counted = conn.execute(
        select(func.count()).select_from(cases).where(cases.c.reported_at < end)
    ).scalar_one()
    reported = batch.columns[column_key(cases.c.reported_at)].data
    if counted != int((reported < _micros_of(end)).sum()):
        raise MissingDays(f"{counted} cases reported before {end}, the column store holds others")
    return batch


class MissingDays(RuntimeError):
    """The column store does not hold every case (a store written without its triggers):
    the caller counts in SQL and notes every day to be built."""


def _micros_of(t: datetime) -> int:
    return int(np.datetime64(t, "us").view(np.int64))


def refresh(conn: Connection, limit: int | None = None) -> int:
    """Build and store the days noted changed (oldest first, at most ``limit``); in the
    caller's write transaction. The number of days built."""
    q = select(mark_columns_dirty.c.day).order_by(mark_columns_dirty.c.day)
    days = [d for (d,) in conn.execute(q if limit is None else q.limit(limit))]
    for day in days:
        conn.execute(delete(mark_columns).where(mark_columns.c.day == day))
        if day is not None:
            blob = build_day(conn, day)
            if blob is not None:
                conn.execute(insert(mark_columns).values(day=day, data=blob))
        conn.execute(delete(mark_columns_dirty).where(mark_columns_dirty.c.day == day))
    return len(days)


def refresh_store(db: Any) -> int:
    """``refresh`` in a write of its own when some day is noted (SQLite only): the view
    then reads stored blobs. The number of days built."""
    if not db.is_sqlite:
        return 0
    with db.read() as conn:
        if conn.execute(select(mark_columns_dirty.c.day).limit(1)).first() is None:
            return 0
    with db.write() as conn:
        return refresh(conn)
