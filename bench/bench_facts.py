"""Kept case facts: the statistics view and the report's indicators on 45k-case months.

Run from the repository root: .venv/bin/python bench/bench_facts.py [--no-old] [--no-year]

Stores from bench/replicated_store.py (the demo replicated with new ids; built and
cached under var/ the first time, a few minutes): a month of ≈45,000 cases (October
2026) and a year of ≈540,000. On a copy, as the district's supervisor on 21 November
2026: the 统计分析 view of October (a past month: its cases that changed since are cut
at its end; with its previous month and the same month a year before), of this month,
and of the last 365 days (the year store); the monthly report's indicators
(``ws.reports.monthly``) for October. Each on the kept facts (best of ``--runs``) and,
unless ``--no-old``, once on the log path (every event folded again, as before
``case_facts``). Aims (issue 13): view ≤ 1 s for the month, ≤ 3 s for the year; the
indicators a clear share of the report's 10 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, table
from month_store import copy_sqlite
from replicated_store import month_store, year_store

from gridapp.reports import facts, indicators
from gridapp.reports.model import Figure
from gridapp.stats import compute as stats_compute
from gridapp.stats.model import CUSTOM
from gridapp.workspace import Workspace

NOW = datetime(2026, 11, 21, 9, 0)


@contextmanager
def log_path() -> Any:
    """The figures folded from the event logs, as before the kept facts (the view marks
    every case in Python then: ``build_from_marks``)."""
    builder = stats_compute.StatsBuilder
    saved = indicators.load_facts, stats_compute.load_facts, builder.build
    indicators.load_facts = stats_compute.load_facts = facts.load_facts
    builder.build = builder.build_from_marks  # type: ignore[method-assign]
    try:
        yield
    finally:
        indicators.load_facts, stats_compute.load_facts, builder.build = saved


def counts(value: Any) -> Any:
    """A result with every figure's list left out: the view keeps counts and fetches a
    list when it is read (one query a figure: thousands for a whole view); the lists are
    compared by tests/stats/test_view_counts.py."""
    if isinstance(value, Figure):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return tuple((f.name, counts(getattr(value, f.name))) for f in fields(value))
    if isinstance(value, (tuple, list)):
        return tuple(counts(v) for v in value)
    return value


def timed(fn: Callable[[], Any], runs: int) -> tuple[Any, float, float]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return result, times[0], min(times)


def _jobs(kind: str, ws: Workspace) -> list[tuple[str, Callable[[], Any], float | None]]:
    """(name, what to time, aim in seconds) for one store."""
    if kind == "month":
        return [
            (
                "stats view, October (past month)",
                lambda: ws.stats.view(CUSTOM, start=date(2026, 10, 1), end=date(2026, 10, 31)),
                1.0,
            ),
            ("stats view, this month", lambda: ws.stats.view(), 1.0),
            (
                "report indicators, October",
                lambda: ws.reports.monthly("2026-10"),
                None,
            ),
        ]
    else:
        return [
            (
                "stats view, last 365 days",
                lambda: ws.stats.view(CUSTOM, start=date(2025, 11, 22), end=date(2026, 11, 21)),
                3.0,
            )
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-old", action="store_true", help="skip the log path")
    parser.add_argument("--no-year", action="store_true")
    args = parser.parse_args(argv)
    print(machine())
    stores = [("month", month_store())]
    if not args.no_year:
        stores.append(("year", year_store()))
    rows = []
    for kind, src in stores:
        with tempfile.TemporaryDirectory(prefix="bench-facts-") as tmp_name:
            db = Path(tmp_name) / "store.db"
            copy_sqlite(src, db)
            ws = Workspace.open(db, clock=lambda: NOW)
            ws.act_as("ducha")
            try:
                jobs = _jobs(kind, ws)
                for name, fn, aim in jobs:
                    result, first, best = timed(fn, args.runs)
                    summary = getattr(result, "summary", None)
                    cases = f"{summary.reported.value:,}" if summary else ""
                    old = ""
                    if not args.no_old and kind == "month":
                        with log_path():
                            before, old_s, _ = timed(fn, 1)
                        old = f"{old_s:.2f}"
                        if counts(before) != counts(result):
                            old += " (DIFFERS)"
                    verdict = "" if aim is None else ("yes" if best <= aim else "NO")
                    rows.append([name, cases, old, f"{first:.2f}", f"{best:.2f}", verdict or "-"])
                    print(" | ".join(rows[-1]), flush=True)
            finally:
                ws.close()
    print()
    print(
        table(
            ["step", "reported", "log path s", "kept facts first s", "best s", "within aim"],
            rows,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
