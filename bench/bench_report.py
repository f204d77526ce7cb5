"""Monthly report figures: time and peak memory for a district month of 45,000 cases.

Run from the repository root: .venv/bin/python bench/bench_report.py
(options: --month YYYY-MM, --region CODE, --no-pdf, --help)

Uses the October 2026 month that bench/month_store.py caches at var/bench-month-45k.db
(≈45,000 cases made by the real workflow; building it takes ~12 min on 2 busy cores and
is done here too when the cache is missing or stale). Each step runs on a private copy
of the store, in this process, one after the other:

1. indicators: ``ws.reports.monthly`` (events folded, regions, departments, staff,
   categories, days, grids, case lists, previous month);
2. xlsx: ``ws.reports.write_xlsx``;
3. pdf: ``ws.reports.write_pdf`` (when ``gridapp.reports.pdf`` is there).

Peak memory: tracemalloc's peak of Python allocations per step, and the process's
ru_maxrss (high-water mark of the whole process, so it only grows step after step).
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, table
from month_store import build_month, copy_sqlite, month_cached, month_path

from gridapp.workspace import Workspace


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measured(fn: Callable[[], Any]) -> tuple[Any, float, float, float]:
    """(result, seconds, tracemalloc peak MB, ru_maxrss MB after)."""
    tracemalloc.start()
    started = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak / 2**20, maxrss_mb()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--region", default="370306")
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args(argv)
    print(machine())
    src = month_path()
    if not month_cached(src):
        print(f"building {src} (~12 min)…", flush=True)
        build_month(src)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "month.db"
        copy_sqlite(src, db)
        ws = Workspace.open(db, clock=lambda: datetime(2026, 11, 21, 9, 0))
        ws.act_as("ducha")
        rows = []
        report, s, peak, rss = measured(lambda: ws.reports.monthly(args.month, region=args.region))
        n = report.summary
        print(
            f"{report.region.name} {report.period_label}: reported {n.reported.value:,}, "
            f"filed {n.filed.value:,}, closed {n.closed.value:,}, due {n.due.value:,}, "
            f"{len(report.departments)} departments, {len(report.role_holders)} staff, "
            f"{len(report.overdue_cases):,} overdue lines",
            flush=True,
        )
        rows.append(["indicators (ws.reports.monthly)", f"{s:.1f}", f"{peak:.0f}", f"{rss:.0f}"])
        xlsx = tmp / "report.xlsx"
        _, s, peak, rss = measured(lambda: ws.reports.write_xlsx(report, xlsx))
        size = xlsx.stat().st_size / 2**20
        rows.append([f"xlsx ({size:.1f} MB)", f"{s:.1f}", f"{peak:.0f}", f"{rss:.0f}"])
        if not args.no_pdf and importlib.util.find_spec("gridapp.reports.pdf") is not None:
            pdf = tmp / "report.pdf"
            _, s, peak, rss = measured(lambda: ws.reports.write_pdf(report, pdf))
            size = pdf.stat().st_size / 2**20
            rows.append([f"pdf ({size:.1f} MB)", f"{s:.1f}", f"{peak:.0f}", f"{rss:.0f}"])
        ws.close()
    print()
    print(table(["step", "seconds", "py peak MB", "maxrss MB"], rows))


if __name__ == "__main__":
    main()
