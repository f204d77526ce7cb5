"""12345 work-order import: rows per second for the 1,000-row sample export.

Run: .venv/bin/python bench/bench_hotline_import.py. Fixed sample (seed 12345): 810 rows
become reports, 70 wait for a place or category, 60 repeat a number, 60 are malformed.
Measured on a central store (events accepted at once, numbers and seq given) and on a
client store (events pending for the next sync), each fresh; then the same file again
(every row recognised as imported). Times are wall clock without tracemalloc, one process.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from _common import fresh_store

from gridapp.demo.hotline_export import sample_export
from gridapp.workspace import Workspace

ROWS = 1000


def run(ws: Workspace, path: Path) -> list[tuple[str, float, dict[str, int]]]:
    out = []
    t = time.perf_counter()
    table = ws.hotline.read(path)
    read_s = time.perf_counter() - t
    mapping = ws.hotline.guess_mapping(table.headers)
    out.append(("read file", read_s, {"rows": len(table.rows)}))
    for label in ("import", "import again"):
        t = time.perf_counter()
        result = ws.hotline.run(table, mapping)
        out.append((label, time.perf_counter() - t, result.counts()))
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = sample_export(ROWS)
        csv_path = sample.write_csv(folder / "orders.csv", "gb18030")
        xlsx_path = sample.write_xlsx(folder / "orders.xlsx")
        print(f"hotline import, {ROWS} rows (busy machine: other work shares its 2 cores)")
        print(f"{'store':<8} {'file':<5} {'step':<13} {'seconds':>8} {'rows/s':>8}  counts")
        for kind, path in (("central", csv_path), ("central", xlsx_path), ("client", csv_path)):
            store = fresh_store(folder / f"{kind}-{path.suffix[1:]}.db")
            if kind == "client":  # a laptop's store: the same reference, events pending
                with sqlite3.connect(store) as conn:
                    conn.execute("DELETE FROM meta WHERE key = 'store_role'")
                    conn.execute("INSERT INTO meta (key, value) VALUES ('store_role', 'client')")
            ws = Workspace.open(store)
            assert ws.authority == (kind == "central")
            ws.act_as("shouli")
            for step, seconds, counts in run(ws, path):
                rate = ROWS / seconds if seconds else float("inf")
                print(
                    f"{kind:<8} {path.suffix[1:]:<5} {step:<13} {seconds:>8.2f} {rate:>8.0f}  "
                    + " ".join(f"{k}={v}" for k, v in counts.items() if k != "rows")
                )
            ws.close()


if __name__ == "__main__":
    main()
