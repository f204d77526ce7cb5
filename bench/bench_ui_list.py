"""Case list responsiveness at 100,000 cases: filter, sort and deep scroll in the Qt model.

Times what a user waits for in the real widget (``ui.cases.case_list.CaseListView``)
with the real background ``db`` lane: from setting a query (or clicking a header)
until the first page and the count are on screen, the fetchMore round trips (keyset
pages of slim rows) to reach row 50,000, and a marker click on the case at row
60,000 of a fresh list (``select_case``: one COUNT, one read) until it is the
selected row. Memory: Python heap growth (tracemalloc) and process RSS, to show the
model holds only the rows scrolled past. Reuses bench_store's cached 100k store
(var/bench-100k.db; built once, a few minutes on an idle machine); a cached store
from an older schema revision is migrated in place rather than rebuilt.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui_list.py [--cases N]
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from _common import VAR, machine, table  # noqa: E402
from bench_store import (  # noqa: E402
    BUILT_KEY,
    END,
    N_CASES,
    build_store,
    cache_path,
    cached_ok,
)
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gridapp.domain.case import CaseState  # noqa: E402
from gridapp.domain.worktime import OverdueLevel  # noqa: E402
from gridapp.queues import queues_for  # noqa: E402
from gridapp.store.database import Database  # noqa: E402
from gridapp.workspace import CaseQuery, Workspace  # noqa: E402
from ui.cases.case_list import CaseListView  # noqa: E402
from ui.cases.case_table_model import COLUMNS  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

RUNS = 5
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
DEEP_ROW = 50_000
SELECT_ROW = 60_000
USER = "zhiban"  # district shift lead: every case is in scope


def rss_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def until_loaded(view: CaseListView, start: Callable[[], None], timeout_s: float = 120) -> float:
    """ms from ``start()`` until the model says a page (with its count) is shown."""
    loop = QEventLoop()
    view.model.loaded.connect(loop.quit)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    t0 = time.perf_counter()
    start()
    loop.exec()
    ms = (time.perf_counter() - t0) * 1000
    view.model.loaded.disconnect(loop.quit)
    QApplication.processEvents()
    return ms


def timed(view: CaseListView, start: Callable[[], None], reset: Callable[[], None]) -> list[float]:
    times = []
    for _ in range(RUNS):
        until_loaded(view, reset)
        times.append(until_loaded(view, start))
    return times


def row(name: str, times: list[float], view: CaseListView) -> list[str]:
    return [
        name,
        f"{times[0]:.0f}",
        f"{statistics.median(times):.0f}",
        f"{view.model.total:,}",
        f"{view.model.rowCount():,}",
    ]


def run(path: Path) -> str:
    app = QApplication.instance() or QApplication([])
    ws = Workspace.open(path, clock=lambda: END)
    ws.act_as(USER)
    runner = TaskRunner()
    rss0 = rss_mb()
    view = CaseListView(ws, runner)
    view.resize(1400, 800)
    view.show()
    until_loaded(view, lambda: view.set_query(CaseQuery()))
    everything = lambda: view.set_query(CaseQuery())  # noqa: E731
    rows: list[list[str]] = []
    filters = {
        "state = in handling": CaseQuery(states=(CaseState.DISPATCHED,)),
        "overdue board (yellow+red)": next(
            q.query for q in queues_for(ws.user) if q.id == "overdue"
        ),
        "red, one street": CaseQuery(overdue=OverdueLevel.RED, street_code="370306001"),
        "category + street": CaseQuery(category_codes=("020102",), street_code="370306003"),
        'text "井盖"': CaseQuery(text="井盖"),
        'text "路口 垃圾"': CaseQuery(text="路口 垃圾"),
    }
    for name, query in filters.items():
        times = timed(view, lambda q=query: view.set_query(q), everything)
        rows.append(row(f"filter: {name}", times, view))
    header = view.table.horizontalHeader()
    newest = COLUMNS.index("reported_at")
    until_loaded(view, everything)
    for key in ("deadline", "address", "number"):
        column = COLUMNS.index(key)
        times = []
        for _ in range(RUNS):
            times.append(until_loaded(view, lambda c=column: header.setSortIndicator(c, ASC)))
            shown = row(f"sort by {key} (header click)", times, view)
            until_loaded(view, lambda: header.setSortIndicator(newest, DESC))
        rows.append(shown)
    model = view.model
    until_loaded(view, everything)
    deep_ms, fetches = scroll_deep(view)
    rows.append(
        [
            f"scroll to row {DEEP_ROW:,} ({fetches} fetchMore)",
            f"{deep_ms:.0f}",
            f"{deep_ms / max(fetches, 1):.1f}/page",
            f"{model.total:,}",
            f"{model.rowCount():,}",
        ]
    )
    held = model.rowCount()
    reload_ms = until_loaded(view, model.reload)  # what apply_changes costs this deep
    rows.append(
        [f"reload (apply_changes) holding {held:,} rows", f"{reload_ms:.0f}", "", "", f"{held:,}"]
    )
    rows.append(select_far(view, ws))
    # Memory in a pass of its own: tracemalloc slows every allocation about twofold,
    # so the times above are taken without it.
    until_loaded(view, everything)
    tracemalloc.start()
    heap_before = tracemalloc.get_traced_memory()[0]
    scroll_deep(view)
    heap_after, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    scrolled = model.rowCount()
    runner.wait()
    out = table(
        ["action (first page + count on screen)", "first ms", "median ms", "total", "rows held"],
        rows,
    )
    mem = (
        f"memory: python heap +{(heap_after - heap_before) / 1e6:.1f} MB from one page to "
        f"{scrolled:,} rows ({(heap_after - heap_before) / max(scrolled - 200, 1):.0f} B/row, "
        f"peak +{(heap_peak - heap_before) / 1e6:.0f} MB); RSS {rss0:.0f} → {rss_mb():.0f} MB "
        "over the whole run (incl. tracemalloc's bookkeeping and SQLite's page cache)"
    )
    view.close()
    ws.close()
    del app
    return out + "\n" + mem


def scroll_deep(view: CaseListView) -> tuple[float, int]:
    """fetchMore round trips from the first page down to DEEP_ROW: (ms, round trips)."""
    model = view.model
    t0 = time.perf_counter()
    fetches = 0
    while model.rowCount() < min(DEEP_ROW, model.total):
        # the view may have asked for the next page itself: then wait for that one
        until_loaded(view, model.fetchMore)
        fetches += 1
    view.table.scrollTo(model.index(model.rowCount() - 1, 0))
    QApplication.processEvents()
    return (time.perf_counter() - t0) * 1000, fetches


def select_far(view: CaseListView, ws: Workspace) -> list[str]:
    """A marker click on the case at SELECT_ROW of a freshly set list, until it is selected."""
    until_loaded(view, lambda: view.set_query(CaseQuery()))
    target_row = min(SELECT_ROW, view.model.total - 1)
    target = ws.list_cases(CaseQuery(offset=target_row, limit=1))[0].id
    t0 = time.perf_counter()
    view.select_case(target)
    loop = QEventLoop()
    timer = QTimer(interval=5)
    timer.timeout.connect(
        lambda: loop.quit() if view.table.currentIndex().row() == target_row else None
    )
    timer.start()
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()
    timer.stop()
    ms = (time.perf_counter() - t0) * 1000
    found = view.model.row_of(target) == target_row == view.table.currentIndex().row()
    return [
        f"select case at row {target_row:,} ({'selected' if found else 'NOT FOUND'})",
        f"{ms:.0f}",
        "",
        f"{view.model.total:,}",
        f"{view.model.rowCount():,}",
    ]


def migrate_cached(path: Path, n: int) -> None:
    """A fully built store of an older schema revision: migrate it (seconds), not rebuild."""
    if not path.exists():
        return
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            built = conn.execute("SELECT value FROM meta WHERE key = ?", (BUILT_KEY,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return
    if built == (str(n),):
        Database(path).close()  # opening a store runs the migrations up to head


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=N_CASES)
    args = parser.parse_args(argv)
    print(machine())
    path = cache_path(args.cases)
    migrate_cached(path, args.cases)
    if not cached_ok(path, args.cases):
        print(f"building {path.relative_to(VAR.parent)} ({args.cases:,} cases)…", flush=True)
        print(f"built in {build_store(path, args.cases):.0f} s")
    print(f"{args.cases:,} cases; page = 200 rows; {RUNS} runs each; user {USER}")
    print(run(path), flush=True)
    os._exit(0)  # PySide6 may crash while finalizing at exit; the figures are out


if __name__ == "__main__":
    main()
