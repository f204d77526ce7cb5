"""Statistics view: time to compute ``ws.stats.view`` for a district month of 45,000 cases
and for a year of 500,000.

Run from the repository root: .venv/bin/python bench/bench_stats.py [--store month|replicated|year]

``month`` (default): the October 2026 month that bench/month_store.py caches at
var/bench-month-45k.db, made by the real workflow. It is NOT built here when missing (the
build takes ~5–12 minutes): it says so and stops; run bench/bench_report.py once to build
it. Its events end with October, so no case changed after the month.
``replicated``: October in bench/replicated_store.py's month (the demo ×10, events up to
21 November): ≈10,000 cases changed after October and are taken as they stood at its
end, as in a real past month. ``year``: the last 365 days of its year store (≈512,000
cases reported). Both are built and cached under var/ the first time (~3 and ~12 min).
``year-october``: October on the year store, as a laptop a year in holds it: every
earlier case is read (open ones count), and October 2025 is there for 同比.

The view is computed on a copy (flushed to disk first: a laptop's store has not just
been written whole), as the district's supervisor on 21 November 2026 at
09:00 (with its previous period for 环比 and the same period a year before for 同比),
``--runs`` times; the first run and the best are printed with their CPU seconds and the
load average, against the aim (issue 13: 1 s a month, 3 s a year).
"""

from __future__ import annotations

import argparse
import os
import secrets
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from _common import machine, table
from month_store import copy_sqlite, month_cached, month_path
from replicated_store import month_store, year_store

from gridapp.stats import compute
from gridapp.stats.model import CUSTOM
from gridapp.store.store_key import DataKey
from gridapp.workspace import Workspace

NOW = datetime(2026, 11, 21, 9, 0)
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
LAST_YEAR = (date(2025, 11, 22), date(2026, 11, 21))


def _store(kind: str) -> tuple[Path | None, tuple[date, date], float]:
    """The cached store, the period and the aim (seconds) of ``--store``."""
    if kind == "year":
        return year_store(), LAST_YEAR, 3.0
    if kind == "year-october":
        return year_store(), OCTOBER, 1.0
    if kind == "replicated":
        return month_store(), OCTOBER, 1.0
    src = month_path()
    if not month_cached(src):
        print(
            f"the cached month store {src} is missing (or not at today's schema): not built"
            " here (~12 min); run bench/bench_report.py once to build it"
        )
        return None, OCTOBER, 1.0
    return src, OCTOBER, 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--store", choices=("month", "replicated", "year", "year-october"), default="month"
    )
    parser.add_argument(
        "--count",
        choices=("columns", "sql"),
        default="columns",
        help="count over the column store (the app) or in SQL (its fallback; before 0023)",
    )
    parser.add_argument(
        "--encrypted",
        action="store_true",
        help="on an SQLCipher copy, as a laptop keeps its store (the conversion not timed)",
    )
    args = parser.parse_args(argv)
    print(machine())
    if args.count == "sql":
        compute._column_batch = lambda _conn, _end: None  # the fallback path, as before
    src, (start, end), aim = _store(args.store)
    if src is None:
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-stats-") as tmp_name:
        db = Path(tmp_name) / "store.db"
        copy_sqlite(src, db)
        key = DataKey(secrets.token_bytes(32)) if args.encrypted else None
        if key is not None:
            started = time.perf_counter()
            Workspace.open(db, key=key).close()  # converts the plain copy in place
            print(f"encrypted the copy in {time.perf_counter() - started:.0f} s")
        os.sync()  # the copy's writeback (GBs for the year) is not the view's to wait on
        ws = Workspace.open(db, key=key, clock=lambda: NOW)
        ws.act_as("ducha")
        runs = []
        view = None
        for _ in range(args.runs):
            started, cpu = time.perf_counter(), time.process_time()
            view = ws.stats.view(CUSTOM, start=start, end=end)
            runs.append((time.perf_counter() - started, time.process_time() - cpu))
        ws.close()
    assert view is not None
    s = view.summary
    print(
        f"{args.store} ({args.count}{', encrypted' if args.encrypted else ''}):"
        f" {view.region.name} {view.label}: reported"
        f" {s.reported.value:,}, filed {s.filed.value:,}, closed {s.closed.value:,},"
        f" overdue {s.overdue_open.value:,}"
    )
    best = min(runs)
    rows = [
        [label, f"{wall:.2f}", f"{cpu:.2f}", "yes" if wall <= aim else "NO"]
        for label, (wall, cpu) in (("stats view, first run", runs[0]), ("stats view, best", best))
    ]
    print(table(["step", "seconds", "CPU s", f"≤ {aim:.0f} s"], rows))
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
