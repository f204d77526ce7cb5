"""Map figures: from asking for N cases to the page having drawn them (10,000 / 50,000 /
700,000, a district's year), then zoom, pan, one new case and a click; memory apart.

Run from the repository root (offscreen is fine):
    QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 .venv/bin/python bench/bench_map.py \\
        [--sizes 10000,50000,700000] [--no-memory] [--screenshot map.png]

A demo-reference store gets N synthetic cases (copies of one real reported case at
random points inside the district's bounds, mixed states and overdue levels) written
straight into the ``cases`` table; it is built once into ``var/bench-map-<N>.db`` and
copied for every run (a run adds a case). A supervisor's ``MapView`` at 1200×800 runs
on the app's threaded ``TaskRunner`` (SQL on the db lane, clusters on the map lane).

Timing pass (no tracemalloc):
- "show N": ``MapView.show_cases`` → ``cases_shown``: SQL, the Python side, the push and
  the page's drawing of the first view — the time a user waits.
- "prepare": the Python side alone (``ws.maps.point_index``; before the clusters moved to
  Python: ``ws.maps.case_points`` and its JSON). "to page": the JSON of that first push.
- "zoom in" (street level, zoom 16, over the district's middle) and "pan" (one window
  width east): until the page has drawn the new view. Before, markercluster re-clustered
  inside ``setView``/``panBy``: until that call returned.
- "add one": ``apply_changes`` for one new report until the page counts it.
- "click": a case's dot clicked until its popup shows the number read on the click
  (once the db lane is idle: a change's grid recount would otherwise be ahead of it).

Memory pass (fresh page per size, after every timing): the page's renderer process
(VmRSS and peak VmHWM from /proc) and this process's RSS growth, once N are shown.

``--screenshot`` saves the largest size's map at 1366×768 (a laptop), the district in
view, half a second after its cases were drawn (the page paints after that).

The bench also runs against the code before a change: copy it into that checkout's
``bench/`` and run it there; columns the old page cannot answer show "—".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import shiboken6
from _common import VAR, current_schema, fresh_store, log, machine, sqlite_schema, table

from ui.map.schemes import register_schemes

register_schemes()

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gridapp.maps.data import MapData  # noqa: E402
from gridapp.workspace import Changes, Workspace  # noqa: E402
from ui.map.map_view import MapView  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

STATES = ["reported", "filed", "dispatched", "dispatched", "handled", "closed", "suspended"]
BUILT_KEY = "bench_map.cases"


def wait(signal, timeout_s: float = 300.0) -> list:
    loop, box = QEventLoop(), []

    def got(*args: object) -> None:
        box.append(args)
        loop.quit()

    signal.connect(got)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    signal.disconnect(got)
    if not box:
        raise TimeoutError(f"no {signal} within {timeout_s} s")
    return list(box[0])


def js(view: MapView, script: str) -> object:
    loop, box = QEventLoop(), []
    view.page.runJavaScript(script, 0, lambda v: (box.append(v), loop.quit()))
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    value = box[0] if box else None
    if isinstance(value, str) and value[:1] in "{[":
        return json.loads(value)
    return value


def until(test: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """Ask the page again and again (each ask a JS round trip of ~1 ms) until ``test``."""
    end = time.perf_counter() + timeout_s
    while not test():
        if time.perf_counter() > end:
            raise TimeoutError("the page did not get there")
        QApplication.processEvents()


def seed_cases(ws: Workspace, path: Path, n: int, rng: random.Random) -> None:
    """n synthetic cases: one real report copied with new ids, points, states, deadlines."""
    grid = next(iter(sorted(ws.reference.grids.values(), key=lambda g: g.code)))
    p = grid.polygon.representative_point()
    officer = sorted(u.username for u in ws.reference.officers_of_grid(grid.code))[0]
    ws.act_as(officer)
    ws.report(source="patrol", category_code="020102", lon=p.x, lat=p.y, description="样本")
    min_lon, min_lat, max_lon, max_lat = ws.maps.bounds()
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    template = dict(conn.execute("SELECT * FROM cases LIMIT 1").fetchone())
    cols = list(template)
    now = ws.clock().replace(microsecond=0)
    rows = []
    for i in range(n):
        row = dict(template)
        state = rng.choice(STATES)
        row.update(
            id=f"bench-{i:07d}",
            number=f"B{i:07d}",
            lon=round(rng.uniform(min_lon, max_lon), 7),  # as stored by a report
            lat=round(rng.uniform(min_lat, max_lat), 7),
            state=state,
            address=f"周村区 测试路 {i} 号",
        )
        if state == "dispatched":
            hours = rng.choice([-30, -2, 5, 50])  # red, yellow, none, none
            row["deadline"] = str(now + timedelta(hours=hours))
            row["warn_at"] = str(now - timedelta(hours=3 if hours < 10 else -40))
        rows.append(tuple(row[c] for c in cols))
    with conn:
        conn.execute("DELETE FROM cases")
        conn.executemany(
            f"INSERT INTO cases ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", rows
        )
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (BUILT_KEY, str(n)))
    conn.close()


def cached_store(n: int) -> Path:
    """var/bench-map-<n>.db with n cases and today's schema (built when missing)."""
    path = VAR / f"bench-map-{n}.db"
    if path.exists():
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            built = conn.execute("SELECT value FROM meta WHERE key = ?", (BUILT_KEY,)).fetchone()
        finally:
            conn.close()
        if built == (str(n),) and sqlite_schema(path) == current_schema():
            return path
        path.unlink()
    log(f"building {path} ({n:,} cases)…")
    VAR.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for extra in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        extra.unlink(missing_ok=True)
    fresh_store(tmp)
    ws = Workspace.open(tmp)
    seed_cases(ws, tmp, n, random.Random(n))
    ws.close()
    tmp.replace(path)
    return path


def open_view(ws: Workspace, runner: TaskRunner) -> MapView:
    view = MapView(ws, runner)
    view.resize(1200, 800)
    view.show()
    view.load()
    wait(view.ready)
    return view


def close_view(view: MapView, ws: Workspace, runner: TaskRunner) -> None:
    runner.wait()
    shiboken6.delete(view.view)  # the page before the profile (Qt warns otherwise)
    view.close()
    view.deleteLater()
    ws.close()
    QApplication.processEvents()


def drawn_views(view: MapView) -> int:
    return int(js(view, "GridMap.stats()")["views"])


def timing(n: int, folder: Path, clustered: bool) -> list[str]:
    path = folder / "store.db"
    shutil.copyfile(cached_store(n), path)
    ws = Workspace.open(path)
    ws.act_as("ducha")  # supervisor: every case in scope
    runner = TaskRunner()
    ws.maps.page_file()
    view = open_view(ws, runner)

    t0 = time.perf_counter()
    view.show_cases(None)
    shown = wait(view.cases_shown)[0]
    show = time.perf_counter() - t0
    assert shown == n, shown
    assert js(view, "GridMap.stats()")["markers"] == n

    t0 = time.perf_counter()
    if clustered:
        index = ws.maps.point_index()
        b = index.bounds()
        box = "GridMap.map.getBounds().pad(0.2).toBBoxString().split(',').map(Number)"
        at = js(view, f"JSON.stringify([GridMap.map.getZoom()].concat({box}))")
        first = index.view(*at)
        prepare = time.perf_counter() - t0
        payload = json.dumps({"v": 1, "n": n, "bounds": b, "view": first, "sel": None},
                             ensure_ascii=False, separators=(",", ":"))  # fmt: skip
    else:
        rows = ws.maps.case_points()
        payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
        prepare = time.perf_counter() - t0
    to_page = len(payload.encode()) / 1024

    w, s, e, north = ws.maps.bounds()
    lat, lon = (s + north) / 2, (w + e) / 2

    def moved(script: str) -> float:
        before = drawn_views(view) if clustered else 0
        t0 = time.perf_counter()
        js(view, script + "; 1")
        if clustered:
            until(lambda: drawn_views(view) > before)
        return time.perf_counter() - t0

    zoom = moved(f"GridMap.map.setView([{lat}, {lon}], 16, {{animate: false}})")
    pan = moved("GridMap.map.panBy([GridMap.map.getSize().x, 0], {animate: false})")

    # one new case on the loaded map, as after a report
    lon1, lat1 = lon, lat
    if ws.locate(lon1, lat1) is None:
        g = next(iter(ws.reference.grids.values())).polygon.representative_point()
        lon1, lat1 = g.x, g.y
    officer = sorted(u.username for u in ws.reference.users.values()
                     if u.role.value == "grid_officer")[0]  # fmt: skip
    ws.act_as(officer)
    changes: Changes = ws.report(
        source="patrol", category_code="020102", lon=lon1, lat=lat1, description="新增"
    )
    ws.act_as("ducha")
    t0 = time.perf_counter()
    view.apply_changes(changes)
    until(lambda: js(view, "GridMap.stats()")["markers"] == n + 1)
    add = time.perf_counter() - t0

    runner.wait()  # the grid counts read after the case: not in the click's time
    QApplication.processEvents()
    click = "—"
    if clustered:
        new_id = next(iter(changes.case_ids))
        number = ws.record(new_id).number
        js(view, f"GridMap.map.setView([{lat1}, {lon1}], 18, {{animate: false}}); 1")
        until(lambda: js(view, f"GridMap.markers.has('{new_id}')") is True)
        t0 = time.perf_counter()
        js(view, f"GridMap.clickMarker('{new_id}')")
        until(lambda: number in (js(view, "GridMap.stats()")["popupText"] or ""))
        click = f"{(time.perf_counter() - t0) * 1000:.0f}"
    assert view.js_errors == [], view.js_errors
    close_view(view, ws, runner)
    return [f"{n:,}", f"{show:.2f}", f"{prepare:.2f}", f"{to_page:,.0f}", f"{zoom:.2f}",
            f"{pan:.2f}", f"{add * 1000:.0f}", click]  # fmt: skip


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def memory(n: int, folder: Path) -> list[str]:
    path = folder / "store.db"
    shutil.copyfile(cached_store(n), path)
    ws = Workspace.open(path)
    ws.act_as("ducha")
    runner = TaskRunner()
    view = open_view(ws, runner)
    app_before = _status_kb(os.getpid(), "VmRSS")
    view.show_cases(None)
    wait(view.cases_shown)
    pid = view.page.renderProcessPid()
    row = [f"{n:,}", f"{_status_kb(pid, 'VmRSS') / 1024:.0f}",
           f"{_status_kb(pid, 'VmHWM') / 1024:.0f}",
           f"{(_status_kb(os.getpid(), 'VmRSS') - app_before) / 1024:.0f}"]  # fmt: skip
    close_view(view, ws, runner)
    return row


def screenshot(n: int, folder: Path, out: Path) -> None:
    path = folder / "store.db"
    shutil.copyfile(cached_store(n), path)
    ws = Workspace.open(path)
    ws.act_as("ducha")
    runner = TaskRunner()
    view = MapView(ws, runner)
    view.resize(1366, 768)
    view.show()
    view.load()
    wait(view.ready)
    view.show_cases(None)
    wait(view.cases_shown)
    loop = QEventLoop()
    QTimer.singleShot(500, loop.quit)
    loop.exec()
    view.grab().save(str(out))
    log(f"saved {out}")
    close_view(view, ws, runner)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,50000,700000")
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--screenshot", type=Path, default=None)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    app = QApplication.instance() or QApplication([])
    clustered = hasattr(MapData, "point_index")  # False on the code before the change
    for n in sizes:
        cached_store(n)  # built before anything is timed
    load = os.getloadavg()
    times: list[list[str]] = []
    mem: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-map-", dir=VAR) as tmp:
        for n in sizes:
            folder = Path(tmp) / f"t{n}"
            folder.mkdir()
            log(f"timing {n:,}…")
            times.append(timing(n, folder, clustered))
        if not args.no_memory:
            for n in sizes:
                folder = Path(tmp) / f"m{n}"
                folder.mkdir()
                log(f"memory {n:,}…")
                mem.append(memory(n, folder))
        if args.screenshot is not None:
            folder = Path(tmp) / "shot"
            folder.mkdir()
            screenshot(sizes[-1], folder, args.screenshot)
    app.processEvents()
    print(machine())
    print(f"code: {'clusters in Python' if clustered else 'markercluster in the page'}; "
          f"load average {load[0]:.2f} before, {os.getloadavg()[0]:.2f} after")  # fmt: skip
    print(
        table(
            ["cases", "show N s", "prepare s", "to page KB", "zoom in s", "pan s",
             "add one ms", "click ms"],
            times,
        )
    )  # fmt: skip
    if mem:
        print(table(["cases", "renderer RSS MB", "renderer peak MB", "app RSS +MB"], mem))


if __name__ == "__main__":
    main()
