"""Map figures: page load, time to show 10,000 / 50,000 markers, time to add one marker.

Run from the repository root (offscreen is fine):
    QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 .venv/bin/python bench/bench_map.py

A fresh demo-reference store in a temp dir gets N synthetic cases (copies of one
real reported case at random points inside the district's bounds, mixed states and
overdue levels) written straight into the ``cases`` table. "Show N" runs what the
app runs: ``MapView.show_cases`` → ``ws.maps.case_points`` (SQL) → JSON →
``runJavaScript`` → MarkerCluster ``addLayers`` (chunked), until the page reports
every marker placed (``cases_shown``). "Add one" is ``apply_changes`` for one new
case: SQL for that case + grid counts, push, and a JS round trip that sees it.
"SQL rows GCJ-02" is the same fetch shifted for a GCJ-02 base map (vectorised).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import shiboken6
from _common import fresh_store, machine, table

from ui.map.schemes import register_schemes

register_schemes()

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gridapp.maps.tiles import TileSource  # noqa: E402
from gridapp.workspace import Changes, Workspace  # noqa: E402
from ui.map.map_view import MapView  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

STATES = ["reported", "filed", "dispatched", "dispatched", "handled", "closed", "suspended"]


def wait(signal, timeout_s: float = 120.0) -> list:
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
    QTimer.singleShot(30_000, loop.quit)
    loop.exec()
    return box[0] if box else None


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
    conn.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,50000")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    app = QApplication.instance() or QApplication([])
    results: list[list[object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"n{n}"
            folder.mkdir()
            path = fresh_store(folder / "store.db")
            ws = Workspace.open(path)
            seed_cases(ws, path, n, random.Random(n))
            ws.act_as("ducha")  # supervisor: every case in scope
            t0 = time.perf_counter()
            ws.maps.page_file()
            build = time.perf_counter() - t0
            view = MapView(ws, TaskRunner(inline=True))
            view.resize(1200, 800)
            view.show()
            t0 = time.perf_counter()
            view.load()
            wait(view.ready)
            load = time.perf_counter() - t0
            t0 = time.perf_counter()
            rows = ws.maps.case_points()
            sql = time.perf_counter() - t0
            assert len(rows) == n, len(rows)
            gcj = TileSource(kind="xyz", url="https://t{s}.example.cn/{z}/{x}/{y}", crs="gcj02")
            t0 = time.perf_counter()
            ws.maps.case_points(source=gcj)
            sql_gcj = time.perf_counter() - t0
            t0 = time.perf_counter()
            view.show_cases(None)
            shown = wait(view.cases_shown)[0]
            show = time.perf_counter() - t0
            assert shown == n, shown
            assert js(view, "GridMap.markers.size") == n
            payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
            t0 = time.perf_counter()
            view.show_rows(payload)
            wait(view.cases_shown)
            push = time.perf_counter() - t0
            # one new case on the loaded map, as after a report
            ws.act_as("ducha")
            lon = (ws.maps.bounds()[0] + ws.maps.bounds()[2]) / 2
            lat = (ws.maps.bounds()[1] + ws.maps.bounds()[3]) / 2
            if ws.locate(lon, lat) is None:
                g = next(iter(ws.reference.grids.values())).polygon.representative_point()
                lon, lat = g.x, g.y
            officer = sorted(u.username for u in ws.reference.users.values()
                             if u.role.value == "grid_officer")[0]  # fmt: skip
            ws.act_as(officer)
            changes: Changes = ws.report(
                source="patrol", category_code="020102", lon=lon, lat=lat, description="新增"
            )
            ws.act_as("ducha")
            new_id = next(iter(changes.case_ids))
            t0 = time.perf_counter()
            view.apply_changes(changes)
            ok = js(view, f"GridMap.markers.has('{new_id}')")
            add = time.perf_counter() - t0
            assert ok is True
            t0 = time.perf_counter()
            js(view, "GridMap.upsertCase(['x1', 117.87, 36.8, 'reported', 0, 'X', 'c', '']); 1")
            add_js = time.perf_counter() - t0
            assert view.js_errors == [], view.js_errors
            results.append(
                [f"{n:,}", f"{build:.2f}", f"{load:.2f}", f"{sql:.2f}", f"{sql_gcj:.2f}",
                 f"{show:.2f}",
                 f"{push:.2f}", f"{add * 1000:.0f}", f"{add_js * 1000:.1f}"]
            )  # fmt: skip
            if n == sizes[-1]:
                view.grab().save(str(Path(tmp).parent / "bench-map.png"))
            shiboken6.delete(view.view)  # the page before the profile (Qt warns otherwise)
            view.close()
            view.deleteLater()
            ws.close()
            app.processEvents()
    print(machine())
    print(
        table(
            ["markers", "page build s", "page load s", "SQL rows s", "SQL rows GCJ-02 s",
             "show N s",
             "JSON push+cluster s", "add one ms", "add one (JS only) ms"],
            results,
        )
    )  # fmt: skip


if __name__ == "__main__":
    main()
