"""Which days of report the statistics' column store must build again (SQLite only).

``stats/mark_columns.py`` keeps each day's cases and marks as arrays; a day is built
again when noted in ``mark_columns_dirty``. A case changes only with its events, and
every writer of events rewrites the case's marks in the same transaction (the
invariant ``fact_store.refresh_stale`` relies on), through one of two hooks that note
the cases' days here (``note_cases``, one statement per 500 cases):
``projections.cases_changed`` (pulls, push answers, refusals) and
``case_log.mark_facts_changed`` (an event saved here); the projection writers note a
case's day before deleting it. ``fact_store.refresh_stale`` (a refold after an upgrade)
notes the days of the cases it folds again. A blob of marks of another version of the
fold is rebuilt (``mark_columns``). Triggers on ``cases`` would
catch any writer, but cost 17 % of a pull's apply (``bench_apply``: 19,500 → 16,200
events/s, even on inserts and deletes alone); a writer that forgets is caught by
``mark_columns.load``'s count (a day lacking or holding a case more), which rebuilds
every day (``suspect``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, text

_DAY = "substr({}, 1, 10)"
_MARK = "mark_columns_dirty"
_PER_STATEMENT = 500


_NOTE_CASES = text(
    f"INSERT INTO {_MARK} (day) SELECT DISTINCT {_DAY.format('reported_at')} AS d FROM cases "
    f"WHERE id IN :ids AND d NOT IN (SELECT day FROM {_MARK})"
).bindparams(bindparam("ids", expanding=True))


def note_cases(conn: Connection, case_ids: Sequence[str]) -> None:
    """Note the days of these cases (their marks are being rewritten, or they are about
    to be deleted)."""
    if conn.dialect.name != "sqlite":
        return
    ids = list(case_ids)
    for start in range(0, len(ids), _PER_STATEMENT):
        conn.execute(_NOTE_CASES, {"ids": ids[start : start + _PER_STATEMENT]})


def note_every_day(conn: Connection) -> None:
    """Every day with cases noted to be built (a store that had no column store)."""
    conn.exec_driver_sql(
        f"INSERT OR IGNORE INTO {_MARK} (day) SELECT DISTINCT {_DAY.format('reported_at')} "
        "FROM cases"
    )
