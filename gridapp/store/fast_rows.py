"""Many rows of one table through the driver's ``executemany``, in the store's own form.

SQLAlchemy Core spends some 10 µs a row building each ``executemany`` parameter set (a
dict per row, a type processor per value looked up per call): for a pulled page of
2,000 events and their cases that was most of what its writes cost. Here a table's rows
are tuples in a fixed column order, converted with the very type processors Core uses
(so what is stored is what Core would store, byte for byte), and handed to the driver in
one ``exec_driver_sql`` call, in the caller's transaction. Rows read back the same way
come in stored form (SQLite: datetimes as text), which is what a "did it change"
comparison wants: compare stored forms, convert only what is used.

Only SQLite takes the fast path; on other dialects the same calls go through Core.

On SQLite the statements are ``INSERT OR FAIL`` / ``UPDATE OR FAIL``. With the default
conflict resolution (ABORT) a statement on a table with triggers (the search index's
on ``cases`` and ``case_departments``) runs in a statement sub-transaction: SQLite
copies every page the row, its twenty-odd indexes and the trigger touch into a
statement journal first, so it can undo that one row on a constraint error. That copy
was two thirds of inserting a ``cases`` row (4,480 rows: 0.62 s CPU → 0.20 s). FAIL
checks the same constraints and raises the same error; it only keeps what the failing
statement wrote before the error, and a statement here writes one row, whose checks
all come before its writes. Every caller writes inside ``Database.write``, whose
transaction is rolled back whole on any error, so nothing a failed statement left is
ever committed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update
from sqlalchemy.dialects.sqlite import DATETIME as SQLITE_DATETIME
from sqlalchemy.engine import Dialect

Processor = Callable[[Any], Any] | None
CHUNK = 500  # values per IN (…): well under SQLite's bound-parameter limit
OR_FAIL = "OR FAIL"  # no statement journal per row (see the module's docstring)
# SQLAlchemy's default text form of a SQLite DATETIME (what every store holds)
_SQLITE_FORMAT = (
    "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"
)


class TableRows:
    """One table's columns in a fixed order, written and read as tuples."""

    def __init__(self, table: Table, names: Sequence[str] | None = None) -> None:
        self.table = table
        self.names: tuple[str, ...] = tuple(names or (c.name for c in table.columns))
        # (kind, dialect class) -> one processor per column, made once
        self._processors: dict[tuple[str, type[Dialect]], list[Processor]] = {}

    # -- conversion ---------------------------------------------------------------------

    def binds(self, dialect: Dialect) -> list[Processor]:
        """The bind processor of each column (None: stored as given)."""
        return self._made("bind", dialect, _bind_processor)

    def results(self, dialect: Dialect) -> list[Processor]:
        """The result processor of each column (None: read as stored)."""
        return self._made("result", dialect, lambda impl, d: impl.result_processor(d, None))

    def _made(
        self, kind: str, dialect: Dialect, make: Callable[[Any, Dialect], Processor]
    ) -> list[Processor]:
        key = (kind, type(dialect))
        found = self._processors.get(key)
        if found is None:
            impls = [self.table.c[name].type.dialect_impl(dialect) for name in self.names]
            found = self._processors[key] = [make(impl, dialect) for impl in impls]
        return found

    def stored(self, dialect: Dialect, rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
        """Rows as the driver stores them (what a raw read gives back)."""
        return _convert(self.binds(dialect), rows)

    def loaded(self, dialect: Dialect, rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
        """Stored rows as Core would have read them (datetimes as datetimes)."""
        return _convert(self.results(dialect), rows)

    # -- statements ---------------------------------------------------------------------

    def insert(
        self, conn: Connection, rows: Sequence[Sequence[Any]], *, stored: bool = False
    ) -> None:
        """Insert ``rows`` (tuples in ``names`` order), one driver call. ``stored``: the
        rows are in stored form already (from :meth:`stored`)."""
        if not rows:
            return
        if not fast(conn):
            if stored:
                rows = self.loaded(conn.dialect, rows)
            conn.execute(insert(self.table), [dict(zip(self.names, r, strict=True)) for r in rows])
            return
        marks = ", ".join("?" * len(self.names))
        sql = f'INSERT {OR_FAIL} INTO "{self.table.name}" ({_names(self.names)}) VALUES ({marks})'
        conn.exec_driver_sql(sql, list(rows) if stored else self.stored(conn.dialect, rows))

    def update(
        self,
        conn: Connection,
        key: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        stored: bool = False,
    ) -> None:
        """``UPDATE … SET columns WHERE key = ?`` for each row (the values of ``columns``,
        then the key's), one driver call. ``stored``: the values are in stored form."""
        if not rows:
            return
        sub = TableRows(self.table, [*columns, key])
        if not fast(conn):
            if stored:
                rows = sub.loaded(conn.dialect, rows)
            stmt = (
                update(self.table)
                .where(self.table.c[key] == bindparam("b_key"))
                .values({c: bindparam(c) for c in columns})
            )
            conn.execute(
                stmt, [{**dict(zip(columns, r[:-1], strict=True)), "b_key": r[-1]} for r in rows]
            )
            return
        sets = ", ".join(f'"{c}" = ?' for c in columns)
        sql = f'UPDATE {OR_FAIL} "{self.table.name}" SET {sets} WHERE "{key}" = ?'
        conn.exec_driver_sql(sql, list(rows) if stored else sub.stored(conn.dialect, rows))

    def delete_in(self, conn: Connection, key: str, values: Sequence[Any]) -> None:
        """Rows whose ``key`` is among ``values`` deleted, 500 values a statement; on
        SQLite as plain SQL (Core's expanding ``IN`` cost more than the delete itself
        where nothing is there to delete, as for a pulled case's first facts rows)."""
        column = self.table.c[key]
        dialect = conn.dialect
        # as plain SQL when the key's values are stored as given (text ids: all callers)
        plain = fast(conn) and column.type.dialect_impl(dialect).bind_processor(dialect) is None
        for chunk in _chunks(list(values)):
            if plain:
                marks = ", ".join("?" * len(chunk))
                sql = f'DELETE FROM "{self.table.name}" WHERE "{key}" IN ({marks})'
                conn.exec_driver_sql(sql, tuple(chunk))
            else:
                conn.execute(delete(self.table).where(column.in_(chunk)))

    def select_in(self, conn: Connection, key: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Rows whose ``key`` is among ``values``, in stored form (see :meth:`loaded`), in
        no particular order."""
        out: list[tuple[Any, ...]] = []
        driver = fast(conn)
        for chunk in _chunks(list(values)):
            if driver:
                marks = ", ".join("?" * len(chunk))
                sql = (
                    f'SELECT {_names(self.names)} FROM "{self.table.name}" '
                    f'WHERE "{key}" IN ({marks})'
                )
                out += [tuple(r) for r in conn.exec_driver_sql(sql, tuple(chunk))]
            else:
                columns = [self.table.c[n] for n in self.names]
                q = select(*columns).where(self.table.c[key].in_(chunk))
                out += self.stored(conn.dialect, conn.execute(q).all())
        return out


def _convert(procs: list[Processor], rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    pairs = [(i, p) for i, p in enumerate(procs) if p is not None]
    if not pairs:
        return [tuple(r) for r in rows]
    out = []
    for row in rows:
        values = list(row)
        for i, proc in pairs:
            if values[i] is not None:
                values[i] = proc(values[i])
        out.append(tuple(values))
    return out


def _default_sqlite_datetime(impl: Any) -> bool:
    return isinstance(impl, SQLITE_DATETIME) and impl._storage_format == _SQLITE_FORMAT


def _fast_datetime(slow: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """SQLite's DATETIME text for a naive datetime, five times faster than SQLAlchemy's
    own processor and the same text ("YYYY-MM-DD HH:MM:SS.ffffff"); anything else (an
    aware time, a date) goes to SQLAlchemy's."""

    def process(value: Any) -> Any:
        if type(value) is datetime and value.tzinfo is None:
            return _TIMES.get(value) or stored_time(value)
        return slow(value)

    return process


# Naive datetimes formatted for the page being written, by value. A pulled case's times
# are mostly its events' (reported_at, updated_at, closed_at…) and its marks repeat its
# deadlines: formatted once for the event's row, the case's row and the marks row, the
# demo log's cases and marks rows took 0.09 s less (0.03 s). Equal naive datetimes have
# the same text (``fold`` changes neither), so a value is a safe key; aware ones never
# come here. ``forget_times`` at each page (``projections.apply_page``).
_TIMES: dict[datetime, str] = {}
_TIMES_MOST = 65_536  # then it starts afresh (~6 MB at most)


def forget_times() -> None:
    """Start the formatted times afresh (a pulled page: its times are its own)."""
    _TIMES.clear()


def stored_time(value: datetime) -> str:
    """A naive datetime as a SQLite store holds it (what the DATETIME processor gives):
    for a caller building rows in stored form itself, where a value's type is known."""
    text = _TIMES.get(value)
    if text is None:
        if len(_TIMES) >= _TIMES_MOST:
            _TIMES.clear()
        text = _TIMES[value] = value.isoformat(" ", "microseconds")
    return text


def fast(conn: Connection) -> bool:
    """Rows go to the driver as tuples in stored form (SQLite); else through Core."""
    return conn.dialect.name == "sqlite"


def _names(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _chunks(items: list[Any], size: int = CHUNK) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _bind_processor(impl: Any, dialect: Dialect) -> Processor:
    proc = impl.bind_processor(dialect)
    if proc is not None and _default_sqlite_datetime(impl):
        proc = _fast_datetime(proc)
    return proc
