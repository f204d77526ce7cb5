"""Writing a set of case projections: the ``cases`` and ``case_departments`` rows.

A ``cases`` row has some twenty indexes: deleting and inserting it again costs ten times
what an UPDATE of the columns that changed costs (SQLite leaves the indexes of columns
not SET alone). So the rows held are read (in stored form, one query per 500 cases),
compared with the new ones in stored form (no datetime parsing), new rows go in with one
``executemany`` and changed ones with one per set of changed *indexed* columns (every
unindexed column is SET along: it costs nothing an index would, and keeps the number of
statements per page to a handful instead of one per combination of changed columns);
the ones no longer projected are deleted together. ``case_departments`` likewise, per
case whose departments changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect

from gridapp.domain.case import CaseRecord
from gridapp.store import column_days
from gridapp.store.case_rows import record_to_row, row_to_record
from gridapp.store.fast_rows import TableRows
from gridapp.store.schema import case_departments, cases

CASES = TableRows(cases)
DEPARTMENTS = TableRows(case_departments, ("case_id", "department_code"))
_ID = CASES.names.index("id")
_VERSION = CASES.names.index("version")


def _indexed() -> frozenset[str]:
    names = {c.name for c in cases.primary_key.columns}
    for index in cases.indexes:
        names |= {c.name for c in index.columns}
    return frozenset(names)


_INDEXED = _indexed()
_INDEXED_AT = tuple(i for i, name in enumerate(CASES.names) if name in _INDEXED)
_ALWAYS = tuple(
    i for i, name in enumerate(CASES.names) if name not in _INDEXED
)  # unindexed columns: SET in every update


@dataclass
class HeldRows:
    """The projection rows a store holds for some cases, as stored (not parsed)."""

    rows: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    departments: dict[str, set[str]] = field(default_factory=dict)


def read_held(conn: Connection, case_ids: Iterable[str]) -> HeldRows:
    """The ``cases`` and ``case_departments`` rows of these cases (500 a query)."""
    ids = sorted(set(case_ids))
    held = HeldRows({row[_ID]: row for row in CASES.select_in(conn, "id", ids)})
    for case_id, dept in DEPARTMENTS.select_in(conn, "case_id", ids):
        held.departments.setdefault(case_id, set()).add(dept)
    return held


def held_version(row: tuple[Any, ...]) -> int:
    """How many events the held projection folded (``CaseRecord.version``)."""
    return int(row[_VERSION])


def record_of(dialect: Dialect, row: tuple[Any, ...]) -> CaseRecord:
    """The projection a held row says, to fold a case's newer events onto."""
    (loaded,) = CASES.loaded(dialect, [row])
    return row_to_record(dict(zip(CASES.names, loaded, strict=True)))


def write_projections(
    conn: Connection, records: Mapping[str, CaseRecord | None], held: HeldRows
) -> None:
    """Make the projection rows of these cases say ``records`` (None: no projection).
    ``held``: what the store holds for them (read before, by :func:`read_held`); a case
    not there has no rows."""
    dialect = conn.dialect
    old_rows, old_depts = held.rows, held.departments
    gone = [case_id for case_id, rec in records.items() if rec is None and case_id in old_rows]
    projected = [(case_id, rec) for case_id, rec in records.items() if rec is not None]
    rows = CASES.stored(dialect, [_row_of(rec) for _, rec in projected])
    new_rows: list[tuple[Any, ...]] = []
    changed: dict[tuple[int, ...], list[tuple[Any, ...]]] = {}
    dept_cases: list[str] = []
    depts: list[tuple[str, str]] = []
    for (case_id, rec), row in zip(projected, rows, strict=True):
        old = old_rows.get(case_id)
        if old is None:
            new_rows.append(row)
        elif old != row:  # stored forms: a value equal in Python is stored the same
            indexed = tuple(i for i in _INDEXED_AT if old[i] != row[i])
            changed.setdefault(indexed, []).append(row)
        wanted = dict.fromkeys(rec.departments)
        if set(wanted) != old_depts.get(case_id, set()):
            if case_id in old_depts:
                dept_cases.append(case_id)
            depts += [(case_id, d) for d in wanted]
    DEPARTMENTS.delete_in(conn, "case_id", sorted({*gone, *dept_cases}))
    column_days.note_cases(conn, gone)  # while their days can still be read
    CASES.delete_in(conn, "id", gone)
    CASES.insert(conn, new_rows, stored=True)
    for indexed, params in changed.items():
        columns = sorted({*_ALWAYS, *indexed})
        values = [(*(row[i] for i in columns), row[_ID]) for row in params]
        CASES.update(conn, "id", [CASES.names[i] for i in columns], values, stored=True)
    DEPARTMENTS.insert(conn, depts)


_IN_ORDER = itemgetter(*CASES.names)


def _row_of(rec: CaseRecord) -> tuple[Any, ...]:
    return _IN_ORDER(record_to_row(rec))  # type: ignore[no-any-return]
