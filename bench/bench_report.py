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

Times are taken without tracemalloc; then each step runs again under tracemalloc for its
peak of Python allocations. ru_maxrss is the process's high-water mark after the timed
steps (it only grows step after step). ``--store replicated`` uses the demo replicated to
a 45k-case October (bench/replicated_store.py) instead of the workflow-made month.
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
from replicated_store import month_store

from gridapp.workspace import Workspace


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def peak_mb(fn: Callable[[], Any]) -> float:
    """tracemalloc's peak of Python allocations during ``fn`` (its own pass: not timed)."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--region", default="370306")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument(
        "--store",
        choices=("workflow", "replicated"),
        default="workflow",
        help="the month made by the real workflow (~12 min to build) or the demo "
        "replicated to 45k cases (bench/replicated_store.py, ~2 min)",
    )
    args = parser.parse_args(argv)
    print(machine())
    if args.store == "replicated":
        src = month_store()
    else:
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
        monthly = lambda: ws.reports.monthly(args.month, region=args.region)  # noqa: E731
        report, s = timed(monthly)
        n = report.summary
        print(
            f"{report.region.name} {report.period_label}: reported {n.reported.value:,}, "
            f"filed {n.filed.value:,}, closed {n.closed.value:,}, due {n.due.value:,}, "
            f"{len(report.departments)} departments, {len(report.role_holders)} staff, "
            f"{len(report.overdue_cases):,} overdue lines",
            flush=True,
        )
        steps: list[tuple[str, Callable[[], Any], Path | None]] = [
            ("indicators (ws.reports.monthly)", monthly, None)
        ]
        xlsx = tmp / "report.xlsx"
        steps.append(("xlsx", lambda: ws.reports.write_xlsx(report, xlsx), xlsx))
        if not args.no_pdf and importlib.util.find_spec("gridapp.reports.pdf") is not None:
            pdf = tmp / "report.pdf"
            steps.append(("pdf", lambda: ws.reports.write_pdf(report, pdf), pdf))
        total = 0.0
        for i, (name, fn, out) in enumerate(steps):
            if i:
                _, s = timed(fn)
            total += s
            size = f" ({out.stat().st_size / 2**20:.1f} MB)" if out else ""
            rows.append([name + size, f"{s:.1f}", "", f"{maxrss_mb():.0f}"])
        rows.append(["total (aim: 10 s, RSS 500 MB)", f"{total:.1f}", "", f"{maxrss_mb():.0f}"])
        for row, (_name, fn, _out) in zip(rows, steps, strict=False):
            row[2] = f"{peak_mb(fn):.0f}"  # memory in a pass of its own
        ws.close()
    print()
    print(table(["step", "seconds", "py peak MB", "maxrss MB (after timing)"], rows))


if __name__ == "__main__":
    main()
