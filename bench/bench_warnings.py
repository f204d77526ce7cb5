"""Early-warning evaluation (预警预判) over a year of cases on a client store: target ≤ 2 s.

Run from the repository root: .venv/bin/python bench/bench_warnings.py [--copies 12]

The year is made from the cached district month (bench/month_store.py,
var/bench-month-45k.db, ≈45,000 cases of October 2026 made by the real workflow) when it
is there: the month is copied ``--copies`` - 1 times, each copy shifted back by whole
4-week steps (new ids; every time column shifted), ≈540,000 cases. The month is not built
here: without it the demo's small build (build_demo_store(months=1): ≈4,500 cases) is
replicated instead, 120 copies 3 days apart (the same density), and said so. Then, on
that store, as the district's shift lead at the end of the latest month (the small build:
at its first day, where the copies overlap fully): each rule on its own and
``ws.warnings.evaluate()`` whole, best of 3. ``--store PATH`` keeps the year for reruns.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, table
from month_store import MONTH_END, copy_sqlite, month_cached, month_path

from gridapp.early_warning import evaluate as ev
from gridapp.store.case_queries import scope_condition
from gridapp.workspace import Workspace

STEP_DAYS = 28  # whole weeks: the weekday pattern of the copies stays the month's
# Without the cached month: the demo's two months (months=1 reaches back to the 1st of
# the month before) of ≈4,500 cases, 120 copies 3 days apart: a year
# (360 days) with the cached month's density, ≈45,000 cases a month, ≈540,000 in all.
SMALL_PER_DAY, SMALL_COPIES, SMALL_STEP = 75, 120, 3
# The copies overlap fully (20 at a time) from the demo's first day back: evaluated there
# (the cases reported later are left out), not at the demo's end where only the last
# copies reach.
SMALL_NOW = datetime(2026, 9, 1, 16, 0)
TARGET_S = 2.0


def _columns(conn: sqlite3.Connection, table_name: str) -> list[tuple[str, str]]:
    return [(r[1], r[2].upper()) for r in conn.execute(f"PRAGMA table_info({table_name})")]


def replicate(path: Path, copies: int, step_days: int = STEP_DAYS) -> int:
    """Add ``copies`` - 1 shifted copies of every case (and its events) to the store."""
    conn = sqlite3.connect(path)
    try:
        case_cols = _columns(conn, "cases")
        event_cols = [(n, t) for n, t in _columns(conn, "case_events") if n != "n"]
        top = conn.execute("SELECT coalesce(max(seq), 0) FROM case_events").fetchone()[0]
        for k in range(1, copies):
            shift = f"'-{k * step_days} days'"

            def value(name: str, kind: str, k: int = k, shift: str = shift) -> str:
                if name in ("id", "case_id", "merged_into"):
                    return f"{name} || '~{k}'"
                if name == "number":
                    return f"{name} || '~{k}'"
                if name == "seq":
                    return f"seq + {k * (top + 1)}"
                if kind.startswith(("DATETIME", "TIMESTAMP")):
                    return f"strftime('%Y-%m-%d %H:%M:%f', {name}, {shift})"
                return name

            names = ", ".join(n for n, _ in case_cols)
            values = ", ".join(value(n, t) for n, t in case_cols)
            conn.execute(
                f"INSERT INTO cases ({names}) SELECT {values} FROM cases WHERE id NOT LIKE '%~%'"
            )
            names = ", ".join(n for n, _ in event_cols)
            values = ", ".join(value(n, t) for n, t in event_cols)
            conn.execute(
                f"INSERT INTO case_events ({names}) SELECT {values} FROM case_events "
                "WHERE case_id NOT LIKE '%~%'"
            )
            conn.execute(
                f"INSERT INTO case_departments SELECT case_id || '~{k}', department_code "
                "FROM case_departments WHERE case_id NOT LIKE '%~%'"
            )
            conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
        return conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    finally:
        conn.close()


def trim_after(path: Path, now: datetime) -> int:
    """Leave out the cases reported after ``now`` (the store is then a year up to now)."""
    conn = sqlite3.connect(path)
    try:
        cut = now.strftime("%Y-%m-%d %H:%M:%S")
        late = "SELECT id FROM cases WHERE reported_at >= ?"
        conn.execute(f"DELETE FROM case_events WHERE case_id IN ({late})", (cut,))
        conn.execute(f"DELETE FROM case_departments WHERE case_id IN ({late})", (cut,))
        conn.execute("DELETE FROM cases WHERE reported_at >= ?", (cut,))
        conn.commit()
        return conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    finally:
        conn.close()


def best(fn, runs: int = 3) -> tuple[object, float]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return result, min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--copies", type=int, default=None)
    parser.add_argument("--store", type=Path, help="keep the year here (reused when there)")
    args = parser.parse_args(argv)
    copies, step = args.copies or 12, STEP_DAYS
    print(machine())
    with tempfile.TemporaryDirectory(prefix="bench-warnings-") as tmp_name:
        db = args.store or Path(tmp_name) / "year.db"
        src = month_path()
        made = db.exists()
        if made and month_cached(src):
            now = MONTH_END
        elif made:
            now = SMALL_NOW
        elif month_cached(src):
            copy_sqlite(src, db)
            now = MONTH_END
            print(f"year from the cached month {src}")
        else:
            from gridapp.demo.build import build_demo_store

            print(f"{src} not cached (not built here): a small demo month replicated instead")
            build_demo_store(db, months=1, per_day=SMALL_PER_DAY, end=date(2026, 10, 31)).close()
            now = SMALL_NOW
            copies, step = args.copies or SMALL_COPIES, SMALL_STEP
        if not made:
            started = time.perf_counter()
            total = replicate(db, copies, step)
            took = time.perf_counter() - started
            print(f"{total:,} cases, {copies} copies {step} days apart (made in {took:.0f} s)")
        if now == SMALL_NOW:
            print(f"{trim_after(db, now):,} cases reported before {now:%Y-%m-%d %H:%M}")
        print(f"evaluated at {now:%Y-%m-%d %H:%M} on {db}")
        ws = Workspace.open(db, clock=lambda: now)
        try:
            ws.act_as("zhiban")
            rules, scope = ws.warnings.rules, scope_condition(ws.user)
            rows = []
            with ws.db.read() as conn:
                for name, fn in (
                    ("recurring", lambda: ev.recurring(conn, rules, now, scope)),
                    ("surge", lambda: ev.surges(conn, rules, now, scope)),
                    ("overdue_rising", lambda: ev.overdue_rising(conn, rules, now, scope)),
                    ("rework", lambda: ev.rework(conn, rules, scope)),
                ):
                    found, s = best(fn)
                    rows.append((name, f"{s:.3f}", str(len(found))))
            found, whole = best(ws.warnings.evaluate)
            rows.append(("evaluate (all rules)", f"{whole:.3f}", str(len(found))))
            print(table(("step", "seconds (best of 3)", "warnings"), rows))
            verdict = "OK" if whole <= TARGET_S else "OVER"
            print(f"target ≤ {TARGET_S:.0f} s: {verdict} ({whole:.3f} s)")
            return 0 if whole <= TARGET_S else 1
        finally:
            ws.close()


if __name__ == "__main__":
    sys.exit(main())
