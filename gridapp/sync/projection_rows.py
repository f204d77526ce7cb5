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
from typing import Any

from sqlalchemy import Connection

from gridapp.domain.case import CaseRecord
from gridapp.store.case_rows import record_to_row
from gridapp.store.fast_rows import TableRows
from gridapp.store.schema import case_departments, cases

CASES = TableRows(cases)
DEPARTMENTS = TableRows(case_departments, ("case_id", "department_code"))
_ID = CASES.names.index("id")


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


def write_projections(
    conn: Connection, records: Mapping[str, CaseRecord | None], *, unheld: Iterable[str] = ()
) -> None:
    """Make the projection rows of these cases say ``records`` (None: no projection).
    ``unheld``: cases known to have no rows yet (first seen in this page): not looked up."""
    dialect = conn.dialect
    ids = sorted(records.keys() - set(unheld))
    old_rows = {row[_ID]: row for row in CASES.select_in(conn, "id", ids)}
    old_depts: dict[str, set[str]] = {}
    for case_id, dept in DEPARTMENTS.select_in(conn, "case_id", ids):
        old_depts.setdefault(case_id, set()).add(dept)
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
    CASES.delete_in(conn, "id", gone)
    CASES.insert(conn, new_rows, stored=True)
    for indexed, params in changed.items():
        columns = sorted({*_ALWAYS, *indexed})
        values = [(*(row[i] for i in columns), row[_ID]) for row in params]
        CASES.update(conn, "id", [CASES.names[i] for i in columns], values, stored=True)
    DEPARTMENTS.insert(conn, depts)


def _row_of(rec: CaseRecord) -> tuple[Any, ...]:
    row = record_to_row(rec)
    return tuple(row[name] for name in CASES.names)
