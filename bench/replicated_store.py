"""A 45,000-case month (and a 500,000-case year) in minutes, by replicating the demo.

bench/month_store.py makes its month by the real workflow (~12 min). Here the demo's
own build (``build_demo_store``: September 1 to November 21 2026 at ``PER_DAY`` reports
a weekday, ≈4,500 in October) is made once and its cases copied with new ids
(``~m1``…): ``MONTH_COPIES`` copies at the same times give ≈45,000 cases in October
(the copies' events interleave as a busier district's would). The year copies that
store back by whole 12-week steps (``~y1``…): ≈45,000 cases a month over a year. Case
facts of the copies are folded afterwards (``fact_store.refresh_stale``, timed: it is
what an upgraded store does once). Cached under var/ while at today's schema.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import date
from pathlib import Path

from _common import VAR, log
from month_store import copy_sqlite, remove_store

from gridapp.demo.build import build_demo_store
from gridapp.reports import fact_store
from gridapp.stats import mark_columns
from gridapp.store.column_days import note_every_day
from gridapp.store.database import Database, head_revision

PER_DAY = 167  # ≈4,500 reports in October (weekends at 0.55)
MONTH_COPIES = 10
YEAR_COPIES = 5  # the 82-day store and 4 copies 84 days apart: > a year
YEAR_STEP_DAYS = 84
END = date(2026, 11, 21)


def _columns(conn: sqlite3.Connection, table_name: str) -> list[tuple[str, str]]:
    return [(r[1], r[2].upper()) for r in conn.execute(f"PRAGMA table_info({table_name})")]


def replicate(path: Path, copies: int, step_days: int, tag: str) -> int:
    """Add ``copies`` - 1 copies of every case (events included), ``step_days`` apart."""
    conn = sqlite3.connect(path)
    try:
        case_cols = _columns(conn, "cases")
        event_cols = [(n, t) for n, t in _columns(conn, "case_events") if n != "n"]
        top = conn.execute("SELECT coalesce(max(seq), 0) FROM case_events").fetchone()[0]
        mark = f"%~{tag}%"
        for k in range(1, copies):
            shift = f"'-{k * step_days} days'"

            def value(name: str, kind: str, k: int = k, shift: str = shift) -> str:
                if name in ("id", "case_id", "merged_into", "number"):
                    return f"{name} || '~{tag}{k}'"
                if name == "seq":
                    return f"seq + {k * (top + 1)}"
                if kind.startswith(("DATETIME", "TIMESTAMP")) and step_days:
                    return f"strftime('%Y-%m-%d %H:%M:%f', {name}, {shift})"
                return name

            names = ", ".join(n for n, _ in case_cols)
            values = ", ".join(value(n, t) for n, t in case_cols)
            conn.execute(
                f"INSERT INTO cases ({names}) SELECT {values} FROM cases WHERE id NOT LIKE ?",
                (mark,),
            )
            names = ", ".join(n for n, _ in event_cols)
            values = ", ".join(value(n, t) for n, t in event_cols)
            conn.execute(
                f"INSERT INTO case_events ({names}) SELECT {values} FROM case_events "
                "WHERE case_id NOT LIKE ?",
                (mark,),
            )
            conn.execute(
                f"INSERT INTO case_departments SELECT case_id || '~{tag}{k}', department_code "
                "FROM case_departments WHERE case_id NOT LIKE ?",
                (mark,),
            )
            conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
        return conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    finally:
        conn.close()


def _at_head(path: Path) -> bool:
    if not path.exists():
        return False
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        done = conn.execute("SELECT value FROM meta WHERE key = 'bench_replicated'").fetchone()
        rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    if done == ("1",) and rev != (head_revision(),):
        # A complete build at an older schema: migrated in place and brought up to date
        # as the app would at its first view (minutes saved)
        log(f"  {path.name}: migrating from {rev[0] if rev else None} …")
        _brought_up_to_date(path)
        for copy in path.parent.glob(f"{path.stem}.before-upgrade-*"):
            copy.unlink()
        return True
    return done == ("1",) and rev == (head_revision(),)


def _brought_up_to_date(path: Path) -> float:
    """Case facts folded and the statistics' column store built, as the first view
    after an upgrade does (timed)."""
    db = Database(path)
    try:
        started = time.perf_counter()
        n = fact_store.refresh_stale(db)
        took = time.perf_counter() - started
        log(f"  case facts folded for {n:,} cases in {took:.1f} s")
        started = time.perf_counter()
        days = mark_columns.refresh_store(db)
        log(f"  column store: {days} days built in {time.perf_counter() - started:.1f} s")
        return took
    finally:
        db.close()


def _columns_current(path: Path) -> Path:
    """The cached store with its column store at today's blob format (a new format
    rebuilds every day once, here, not in a bench's timed first view)."""
    db = Database(path)
    try:
        started = time.perf_counter()
        days = mark_columns.refresh_store(db)
        if days:
            log(
                f"  {path.name}: column store, {days} days rebuilt in"
                f" {time.perf_counter() - started:.1f} s"
            )
    finally:
        db.close()
    return path


def _fold_copies(path: Path) -> float:
    db = Database(path)
    try:
        with db.write() as conn:  # the copies went in by SQL, past the writers' notes
            note_every_day(conn)
    finally:
        db.close()
    took = _brought_up_to_date(path)
    db = Database(path)
    try:
        with db.write() as conn:
            conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('bench_replicated', '1')")
        return took
    finally:
        db.close()


def month_store() -> Path:
    """≈45,000 cases in October 2026 (September to 21 November in all)."""
    path = VAR / "bench-replicated-month.db"
    if _at_head(path):
        return _columns_current(path)
    remove_store(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    base = VAR / "bench-replicated-base.db"
    if not base.exists():
        log(f"building the demo ({PER_DAY} reports a weekday, to {END}) …")
        started = time.perf_counter()
        build_demo_store(base, months=2, per_day=PER_DAY, end=END).close()
        log(f"  built in {time.perf_counter() - started:.0f} s")
    copy_sqlite(base, path)
    started = time.perf_counter()
    total = replicate(path, MONTH_COPIES, 0, "m")
    log(f"  {total:,} cases after {MONTH_COPIES} copies ({time.perf_counter() - started:.0f} s)")
    _fold_copies(path)
    return path


def year_store() -> Path:
    """≈45,000 cases a month for more than a year up to 21 November 2026."""
    path = VAR / "bench-replicated-year.db"
    if _at_head(path):
        return _columns_current(path)
    month = month_store()
    remove_store(path)
    copy_sqlite(month, path)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta WHERE key = 'bench_replicated'")
    conn.commit()
    conn.close()
    started = time.perf_counter()
    total = replicate(path, YEAR_COPIES, YEAR_STEP_DAYS, "y")
    log(f"  {total:,} cases after {YEAR_COPIES} copies ({time.perf_counter() - started:.0f} s)")
    _fold_copies(path)
    return path
