"""Case list at ≈700,000 cases: first page and count, per role and per common filter.

The store is the replicated month (bench/replicated_store.py, ≈118k cases from the demo)
copied six times 84 days apart with new ids (``~c1``…), cases and ``case_departments``
only (the list never reads events): ≈700,000 cases over about 18 months. Built once and
cached at ``var/bench-caselist-700k.db``; ``--build-only`` stops there.

Run it with main's code (``PYTHONPATH=/path/to/main``) for "before" and with this
tree's code for "after" on the same file: opening it through ``Workspace.open`` upgrades
it to this tree's head (the upgrade's time is printed: it is the backfill a district
store pays once). Each query runs ``--runs`` times (first page, then count); p50 and p95
in ms. "now" is fixed so the overdue figure is stable. Timed without tracemalloc.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from _common import VAR, log, machine, percentile, table
from month_store import copy_sqlite, remove_store
from replicated_store import month_store

from gridapp import Workspace
from gridapp.domain.case import CaseState
from gridapp.domain.worktime import OverdueLevel
from gridapp.store.case_queries import CaseQuery

COPIES = 6  # 6 × ≈118k ≈ 700k
STEP_DAYS = 84
NOW = datetime(2026, 11, 20, 10, 0)
BUILT_KEY = "bench_caselist"


def store_path() -> Path:
    return VAR / "bench-caselist-700k.db"


def _columns(conn: sqlite3.Connection, name: str) -> list[tuple[str, str]]:
    return [(r[1], r[2].upper()) for r in conn.execute(f"PRAGMA table_info({name})")]


def build(source: Path, path: Path) -> None:
    """Copy ``source`` and add ``COPIES`` - 1 copies of its cases, ``STEP_DAYS`` apart."""
    remove_store(path)
    copy_sqlite(source, path)
    conn = sqlite3.connect(path)
    try:
        cols = _columns(conn, "cases")
        for k in range(1, COPIES):
            shift = f"'-{k * STEP_DAYS} days'"

            def value(name: str, kind: str, k: int = k, shift: str = shift) -> str:
                if name in ("id", "merged_into", "number"):
                    return f"{name} || '~c{k}'"
                if kind.startswith(("DATETIME", "TIMESTAMP")):
                    return f"strftime('%Y-%m-%d %H:%M:%f', {name}, {shift})"
                return name

            names = ", ".join(n for n, _ in cols)
            values = ", ".join(value(n, t) for n, t in cols)
            conn.execute(
                f"INSERT INTO cases ({names}) SELECT {values} FROM cases WHERE id NOT LIKE '%~c%'"
            )
            conn.execute(
                f"INSERT INTO case_departments SELECT case_id || '~c{k}', department_code "
                "FROM case_departments WHERE case_id NOT LIKE '%~c%'"
            )
            conn.commit()
            log(f"  copy {k}: {conn.execute('SELECT count(*) FROM cases').fetchone()[0]:,} cases")
        # The app never runs ANALYZE: plan as a district's store is planned, without stats.
        conn.execute("DELETE FROM sqlite_stat1")
        conn.execute("INSERT INTO meta (key, value) VALUES (?, '1')", (BUILT_KEY,))
        conn.commit()
    finally:
        conn.close()


def in_step(path: Path) -> None:
    """Bring the text index in step with the copies' raw inserts (their triggers left
    notes; until a write flushes them the app searches with LIKE, which a district's
    store never does): one empty write through ``Database`` flushes them."""
    from gridapp.store.database import Database

    db = Database(path)
    try:
        started = time.perf_counter()
        with db.write():
            pass
        log(f"  text index in step ({time.perf_counter() - started:.1f} s)")
    finally:
        db.close()


def built(path: Path) -> bool:
    if not path.exists():
        return False
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (BUILT_KEY,)).fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return row == ("1",)


def _pick(path: Path) -> dict[str, str]:
    """The users and values the queries use: the busiest street, department, grid, …"""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:

        def one(sql: str) -> str:
            return str(conn.execute(sql).fetchone()[0])

        street = one(
            "SELECT street_code FROM cases GROUP BY street_code ORDER BY count(*) DESC LIMIT 1"
        )
        return {
            "street": street,
            "category": one(
                "SELECT category_code FROM cases GROUP BY category_code "
                "ORDER BY count(*) DESC LIMIT 1"
            ),
            "town": one(  # the busiest street with a town centre of its own
                "SELECT u.username FROM users u JOIN cases c ON c.street_code = u.street_code "
                "WHERE u.role = 'dispatcher' GROUP BY u.username ORDER BY count(*) DESC LIMIT 1"
            ),
            "department": one(
                "SELECT u.username FROM users u JOIN (SELECT department_code d, count(*) n "
                "FROM case_departments GROUP BY department_code ORDER BY n DESC LIMIT 1) "
                "ON u.department_code = d WHERE u.role = 'department' LIMIT 1"
            ),
            "officer": one(
                "SELECT username FROM user_grids GROUP BY username ORDER BY count(*) DESC LIMIT 1"
            ),
        }
    finally:
        conn.close()


def queries(picked: dict[str, str]) -> list[tuple[str, CaseQuery]]:
    dispatched = (CaseState.DISPATCHED,)
    return [
        ("none", CaseQuery()),
        ("text 井盖", CaseQuery(text="井盖")),
        ("text 垃圾", CaseQuery(text="垃圾")),
        (
            "category + street",
            CaseQuery(category_codes=(picked["category"],), street_code=picked["street"]),
        ),
        ("state dispatched", CaseQuery(states=dispatched)),
        ("overdue red", CaseQuery(overdue=OverdueLevel.RED)),
        ("text 垃圾 + state", CaseQuery(text="垃圾", states=dispatched)),
    ]


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def measure(path: Path, runs: int) -> str:
    picked = _pick(path)
    started = time.perf_counter()
    ws = Workspace.open(path, clock=lambda: NOW)
    print(f"opened (upgrade included) in {time.perf_counter() - started:.1f} s")
    users = [
        ("supervisor", "ducha"),
        ("town", picked["town"]),
        ("department", picked["department"]),
        ("officer", picked["officer"]),
    ]
    rows: list[tuple[object, ...]] = []
    worst = 0.0
    try:
        for role, user in users:
            ws.act_as(user)
            for label, query in queries(picked):
                page_ms, page = timed(lambda q=query: ws.list_rows_for_list(q), runs)
                count_ms, total = timed(lambda q=query: ws.count_cases(q), runs)
                assert isinstance(total, int) and isinstance(page, list)
                assert len(page) == min(total, query.limit), (role, label)
                worst = max(worst, percentile(count_ms, 95))
                rows.append(
                    (
                        f"{role} {user}",
                        label,
                        f"{total:,}",
                        f"{statistics.median(page_ms):.1f}",
                        f"{percentile(page_ms, 95):.1f}",
                        f"{statistics.median(count_ms):.1f}",
                        f"{percentile(count_ms, 95):.1f}",
                    )
                )
    finally:
        ws.close()
    headers = ("user", "filter", "rows", "page p50", "page p95", "count p50", "count p95")
    return table(headers, rows) + f"\nworst count p95: {worst:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--source", type=Path, help="a replicated month store to copy")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    path = store_path()
    if not built(path):
        source = args.source or month_store()
        log(f"building {path.name} from {source} …")
        started = time.perf_counter()
        build(source, path)
        log(f"  built in {time.perf_counter() - started:.0f} s")
    in_step(path)
    if args.build_only:
        return
    print(machine())
    print(f"{path.name}: {path.stat().st_size / 1e9:.2f} GB; {args.runs} runs; ms")
    print(measure(path, args.runs))


if __name__ == "__main__":
    main()
