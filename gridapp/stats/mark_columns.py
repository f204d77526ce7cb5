"""The statistics view's column store: each day's cases, marks and mark items as arrays.

Counting a year in SQL (``view_counts._scan``) evaluates every condition row by row:
≈13 µs a case, 6–8 s for 590,000 cases on two cores. Here the rows the scan reads are
kept per day of report (``cases.reported_at``) as column arrays in one blob
(``mark_columns``), so a view reads a year as 365 blobs and counts with numpy
(``column_scan``), the conditions still the SQL ones (``column_eval``).

A blob is never trusted for a day that changed: the day of every case inserted, changed
or deleted, or whose marks are written, is noted in ``mark_columns_dirty`` in the
writer's own transaction (``store.column_days``). A read builds such a day from the
rows of its own snapshot (never from a blob), and ``refresh`` stores the built blobs in
a write of its own, so the next read finds them. A day's blob is rebuilt whole: its
rows are few (≈1,500 at city scale).
"""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
    delete,
    func,
    insert,
    select,
    type_coerce,
)

from gridapp.reports.fact_store import FACTS_VERSION
from gridapp.stats.column_eval import Strings, Values, column_key, kind_of, micros
from gridapp.store.case_queries import stage_column
from gridapp.store.column_days import note_every_day
from gridapp.store.schema import (
    case_mark_items,
    case_marks,
    cases,
    mark_columns,
    mark_columns_dirty,
)

FORMAT = 3  # of the blob: a blob of another format is rebuilt (3: the stand-ins' columns)
# … and so is one of marks folded by another version of the fold (a refold after an
# upgrade rewrites every marks row)
_HEAD = {"format": FORMAT, "facts": FACTS_VERSION}
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
# Columns not kept: the item's case (``ITEM_CASE`` says it) and its order. The columns
# only the overdue board's stand-ins read are kept since format 3: read from SQL, a
# month's 7,000 stand-ins took 0.13 s, 0.22 s on an encrypted store (a page decrypted a
# row); from the batch, ~10 % more bytes read.
UNREAD = frozenset({"case_mark_items.case_id", "case_mark_items.n"})
NO_TEXT = -2


# -- one day's blob -------------------------------------------------------------------------


_SHORT = {"datetime": "t", "bool": "b", "text": "s", "int": "i"}


def _kind(column: Any) -> str:
    """How a column's values are kept (``column_eval``'s kind of its type): "t" time
    (int64 µs), "b" bool, "s" text, "i" int."""
    return _SHORT[kind_of(column.type) or "text"]


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


@cache
def _case_keys() -> list[tuple[str, Any]]:
    keys = [(column_key(c), c) for c in CASE_COLUMNS]
    keys.append((STAGE, stage_column()))
    keys += [(column_key(c), c) for c in case_marks.c if column_key(c) not in UNREAD]
    return keys


def _item_keys() -> list[tuple[str, Any]]:
    return [(column_key(c), c) for c in case_mark_items.c if column_key(c) not in UNREAD]


@dataclass(frozen=True)
class _Part:
    """How one table's columns lie in a blob: int64 columns (times, integers) as one
    matrix, text codes (int32) as another, and the flags and every column's NULL mask
    (one byte each) as a third; a day is then three arrays, not fifty."""

    keys: tuple[tuple[str, str], ...]  # (key, kind) in order

    def of(self, kinds: str) -> list[str]:
        return [key for key, kind in self.keys if kind in kinds]

    @property
    def wide(self) -> list[str]:
        return self.of("ti")

    @property
    def codes(self) -> list[str]:
        return self.of("s")

    @property
    def flags(self) -> list[str]:
        """The bool columns, then a NULL mask of every column."""
        return [*self.of("b"), *(f"{key}?" for key, _ in self.keys)]

    def shapes(self, n: int) -> list[tuple[str, int, int]]:
        return [("<i8", len(self.wide), n), ("<i4", len(self.codes), n), ("u1", len(self.flags), n)]


@cache
def _layout() -> tuple[_Part, _Part]:
    case = tuple((key, _KIND_OF.get(key) or _kind(c)) for key, c in _case_keys())
    items = tuple((key, _kind(c)) for key, c in _item_keys())
    return _Part(tuple(k for k in case if k[0] not in LISTED)), _Part(((ITEM_CASE, "i"), *items))


@cache
def _kinds() -> dict[str, str]:
    case_part, item_part = _layout()
    return dict(case_part.keys) | dict(item_part.keys)


def _matrices(part: _Part, arrays: dict[str, tuple[np.ndarray, np.ndarray]], n: int) -> list:
    def stack(keys: list[str], dtype: str, value: Any) -> np.ndarray:
        rows = [value(key) for key in keys]
        return np.stack(rows).astype(dtype) if rows else np.zeros((0, n), dtype=dtype)

    return [
        stack(part.wide, "<i8", lambda k: arrays[k][0]),
        stack(part.codes, "<i4", lambda k: arrays[k][0]),
        stack(part.flags, "u1", lambda k: arrays[k[:-1]][1] if k.endswith("?") else arrays[k][0]),
    ]


def _text_block(values: Sequence[str]) -> bytes:
    """Texts as their offsets (int64, one more than texts) and their UTF-8 bytes (a lone
    surrogate kept: ``surrogatepass``)."""
    encoded = [v.encode("utf-8", "surrogatepass") for v in values]
    offsets = np.cumsum([0, *map(len, encoded)], dtype=np.int64)
    return offsets.tobytes() + b"".join(encoded)


def _reported_on(day: str) -> ColumnElement[bool]:
    """Every stored time of the day, compared as the text SQLite holds (the index serves it)."""
    reported = type_coerce(cases.c.reported_at, String)
    return and_(reported >= f"{day} 00:00:00", reported < f"{day} 99")


def day_items_query(day: str) -> Select[Any]:
    """The mark items of the day's cases, in (case, n) order.

    The day's cases are a subquery, not a join: joined, SQLite with the statistics of a
    big store (``ANALYZE``) walked every item of the store in (case_id, n) order to skip
    a sort, 0.97 s a day on a year's store (its blobs took 421 s to build); this way it
    looks up the day's 1,750 items, 3 ms.
    """
    return (
        select(case_mark_items.c.case_id, *(c for _, c in _item_keys()))
        .where(case_mark_items.c.case_id.in_(select(cases.c.id).where(_reported_on(day))))
        .order_by(case_mark_items.c.case_id, case_mark_items.c.n)
    )


def build_day(conn: Connection, day: str) -> bytes | None:
    """The day's blob from the rows as this connection sees them (None: no cases)."""
    keys = _case_keys()
    q = (
        select(*(c for _, c in keys))
        .select_from(cases.outerjoin(case_marks, case_marks.c.case_id == cases.c.id))
        .where(_reported_on(day))
        .order_by(cases.c.id)
    )
    rows = _raw(conn, q)
    if not rows:
        return None
    at = {r[0]: i for i, r in enumerate(rows)}
    item_keys = _item_keys()
    items = _raw(conn, day_items_query(day))
    case_part, item_part = _layout()
    kinds = _kinds()
    index: dict[str, int] = {}
    arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    texts: dict[str, list[str]] = {}
    for (key, _column), raw in zip(keys, zip(*rows, strict=True), strict=True):
        if key in LISTED:
            texts[key] = list(raw)
        else:
            arrays[key] = _array(kinds[key], raw, index)
    item_columns = list(zip(*items, strict=True)) if items else [()] * (len(item_keys) + 1)
    case_of = np.fromiter((at[i] for i in item_columns[0]), dtype=np.int64, count=len(items))
    arrays[ITEM_CASE] = (case_of, np.zeros(len(items), dtype=bool))
    for (key, _column), raw in zip(item_keys, item_columns[1:], strict=True):
        arrays[key] = _array(kinds[key], list(raw), index)
    head = json.dumps(
        {**_HEAD, "n": len(rows), "m": len(items), "strings": list(index)}
    ).encode()  # ASCII: a lone surrogate in a text stays escaped, not an encoding error
    body = [
        *(a.tobytes() for a in _matrices(case_part, arrays, len(rows))),
        *(a.tobytes() for a in _matrices(item_part, arrays, len(items))),
        *(_text_block(texts[key]) for key in LISTED),
    ]
    return struct.pack("<I", len(head)) + head + b"".join(body)


@dataclass
class Day:
    """One day's matrices (text as codes into its own ``strings``) and listed texts."""

    n: int
    m: int
    strings: list[str]
    case: list[np.ndarray]  # ``_Part`` matrices: int64, int32 codes, bytes
    items: list[np.ndarray]
    texts: dict[str, tuple[np.ndarray, bytes]]  # key → (offsets, UTF-8 bytes)


def unpack(blob: bytes) -> Day | None:
    """A blob's matrices (views of the blob: nothing copied), None when of another
    format."""
    (size,) = struct.unpack_from("<I", blob)
    head = json.loads(blob[4 : 4 + size])
    if any(head.get(key) != value for key, value in _HEAD.items()):
        return None
    n, m = head["n"], head["m"]
    at = 4 + size
    matrices: list[np.ndarray] = []
    case_part, item_part = _layout()
    for dtype, rows, width in [*case_part.shapes(n), *item_part.shapes(m)]:
        count = rows * width
        matrices.append(
            np.frombuffer(blob, dtype=dtype, count=count, offset=at).reshape(rows, width)
        )
        at += np.dtype(dtype).itemsize * count
    texts = {}
    for key in LISTED:
        offsets = np.frombuffer(blob, dtype=np.int64, count=n + 1, offset=at)
        at += 8 * (n + 1)
        texts[key] = (offsets, blob[at : at + int(offsets[-1])])
        at += int(offsets[-1])
    return Day(n, m, head["strings"], matrices[:3], matrices[3:], texts)


# -- the batch a view counts ----------------------------------------------------------------


@dataclass
class Batch:
    """The cases reported before a time, with their marks, and their mark items: one
    array a column (text as codes into ``strings``, shared by every text column)."""

    n: int
    m: int
    strings: Strings
    columns: dict[str, Values]
    days: list[Day]
    starts: np.ndarray  # each day's first row

    def values(self, key: str, rows: np.ndarray) -> list[Any]:
        """A column's values at these rows as SQL returns them: times as naive datetimes,
        texts, bools, ints; None for NULL."""
        v = self.columns[key]
        kind = _kinds()[key]
        data = v.data[rows]
        if kind == "t":
            out: list[Any] = data.astype("datetime64[us]").astype(object).tolist()
        elif kind == "s":
            vocab = self.strings.vocab
            out = [None if c < 0 else vocab[c] for c in data.tolist()]
        elif kind == "b":
            out = data.astype(bool).tolist()
        else:
            out = data.tolist()
        if v.null is not None:
            out = [None if null else x for x, null in zip(out, v.null[rows].tolist(), strict=True)]
        return out

    def texts(self, key: str, rows: np.ndarray) -> list[str]:
        """A listed text (``LISTED``) of these rows, decoded now (a view reads a few)."""
        day_of = np.searchsorted(self.starts, rows, side="right") - 1
        out = []
        for d, local in zip(day_of.tolist(), (rows - self.starts[day_of]).tolist(), strict=True):
            offsets, data = self.days[d].texts[key]
            start, end = int(offsets[local]), int(offsets[local + 1])
            out.append(data[start:end].decode("utf-8", "surrogatepass"))
        return out


def _columns(part: _Part, matrices: list[np.ndarray], n: int) -> dict[str, Values]:
    wide, codes, flags = matrices
    nulls = {key[:-1]: i for i, key in enumerate(part.flags) if key.endswith("?")}
    out: dict[str, Values] = {}
    for key, kind in part.keys:
        null = flags[nulls[key]].view(bool)
        if kind == "n":
            data = np.full(n, NO_TEXT, dtype=np.int64)
        elif kind == "s":
            data = codes[part.codes.index(key)]
        elif kind == "b":
            data = flags[part.flags.index(key)].view(bool)
        else:
            data = wide[part.wide.index(key)]
        out[key] = Values(data, null if null.any() else None)
    return out


def _joined(days: list[Day]) -> Batch:
    """The days as one batch: matrices end to end, text codes into one vocabulary, item
    cases shifted by the rows before."""
    days = [d for d in days if d.n]
    index: dict[str, int] = {}
    remaps = []
    for d in days:
        codes = [index.setdefault(s, len(index)) for s in d.strings]
        remaps.append(np.array([*codes, -1], dtype=np.int32))  # -1 (NULL) stays -1
    starts = np.cumsum([0, *(d.n for d in days)])
    n, m = int(starts[-1]), sum(d.m for d in days)
    case_part, item_part = _layout()

    def joined(part: _Part, pick: str, width: int) -> list[np.ndarray]:
        out = []
        for at, (dtype, rows, _) in enumerate(part.shapes(width)):
            chunks = [getattr(d, pick)[at] for d in days]
            if at == 1:  # text codes: into the batch's vocabulary
                chunks = [remap[c] for remap, c in zip(remaps, chunks, strict=True)]
            out.append(np.concatenate(chunks, axis=1) if chunks else np.zeros((rows, 0), dtype))
        return out

    columns = _columns(case_part, joined(case_part, "case", n), n)
    item_matrices = joined(item_part, "items", m)
    shift = np.repeat(starts[:-1], [d.m for d in days]) if days else np.zeros(0, np.int64)
    item_matrices[0][item_part.wide.index(ITEM_CASE)] += shift
    columns |= _columns(item_part, item_matrices, m)
    columns.update((key, Values(np.full(n, NO_TEXT, dtype=np.int64), None)) for key in LISTED)
    return Batch(n, m, Strings(list(index)), columns, days, starts[:-1])


def _days_before(conn: Connection, end: datetime) -> tuple[dict[str, bytes], set[str]]:
    """The stored blobs of the days before ``end``, and the days to build from their rows
    (noted changed, or their blob of another version)."""
    last = end.strftime("%Y-%m-%d %H:%M:%S.%f")[:10]
    t = mark_columns.c
    current = select(t.day, t.data).where(t.day <= last, t.version == _version())
    blobs = dict(conn.execute(current).all())
    other = select(t.day).where(t.day <= last, t.version != _version())
    noted = select(mark_columns_dirty.c.day).where(mark_columns_dirty.c.day <= last)
    return blobs, {d for q in (other, noted) for (d,) in conn.execute(q)}


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
    if counted != int((reported < micros(end)).sum()):
        raise MissingDays(f"{counted} cases reported before {end}, the column store holds others")
    return batch


class MissingDays(RuntimeError):
    """The column store does not hold the cases the store does (a writer that did not
    note a day): the caller counts in SQL and calls ``suspect``."""


_suspected: set[str] = set()


def suspect(conn: Connection) -> None:
    """This store's column store missed a change: its next ``refresh_store`` builds every
    day again."""
    _suspected.add(str(conn.engine.url.database))


def refresh(conn: Connection, limit: int | None = None) -> int:
    """Build and store the days noted changed (oldest first, at most ``limit``); in the
    caller's write transaction. The number of days built."""
    q = select(mark_columns_dirty.c.day).order_by(mark_columns_dirty.c.day)
    days = [d for (d,) in conn.execute(q if limit is None else q.limit(limit))]
    for day in days:
        conn.execute(delete(mark_columns).where(mark_columns.c.day == day))
        blob = build_day(conn, day)
        if blob is not None:
            row = {"day": day, "version": _version(), "data": blob}
            conn.execute(insert(mark_columns).values(row))
        conn.execute(delete(mark_columns_dirty).where(mark_columns_dirty.c.day == day))
    return len(days)


DAYS_PER_WRITE = 16  # a write holds the store ≈0.5 s at most (≈30 ms a day at city scale)


def _version() -> str:
    return f"{FORMAT}:{FACTS_VERSION}"


def _other_format() -> Any:
    """The days whose blob is of another format or fold version."""
    return select(mark_columns.c.day).where(mark_columns.c.version != _version())


def refresh_store(db: Any) -> int:
    """``refresh`` the days noted (and those whose blob is of another format: an
    upgrade), ``DAYS_PER_WRITE`` a write of its own so syncs and saves go between
    (SQLite only): the view then reads stored blobs. The number of days built."""
    if not db.is_sqlite:
        return 0
    if str(db.url.database) in _suspected:
        with db.write() as conn:
            note_every_day(conn)
        _suspected.discard(str(db.url.database))
    with db.read() as conn:
        stale = conn.execute(_other_format().limit(1)).first() is not None
    if stale:
        with db.write() as conn:
            conn.execute(
                insert(mark_columns_dirty).from_select(
                    ["day"],
                    _other_format().where(
                        mark_columns.c.day.not_in(select(mark_columns_dirty.c.day))
                    ),
                )
            )
    done = 0
    while True:
        with db.read() as conn:
            if conn.execute(select(mark_columns_dirty.c.day).limit(1)).first() is None:
                return done
        with db.write() as conn:
            done += refresh(conn, DAYS_PER_WRITE)
