"""Throughput of work_day deadlines: the demo generator computes tens of thousands of them.

Run from the repository root: .venv/bin/python bench/bench_worktime.py
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gridapp.domain.units import TimeUnit
from gridapp.domain.worktime import WorkCalendar


def _run(cal: WorkCalendar, jobs: list[tuple[datetime, float]]) -> float:
    t0 = time.perf_counter()
    for start, amount in jobs:
        cal.deadline_for(start, amount, TimeUnit.WORK_DAY)
    return time.perf_counter() - t0


def main(n: int = 10_000, seed: int = 42) -> None:
    """Print deadlines/s for n random work_day limits (0.5–30 days) started in 2025–2026."""
    rng = random.Random(seed)
    base, span = datetime(2025, 1, 1), 730 * 86_400
    jobs = [
        (base + timedelta(seconds=rng.randrange(span)), rng.choice((0.5, 1, 2, 3, 5, 10, 15, 30)))
        for _ in range(n)
    ]
    cal = WorkCalendar()
    for label in ("cold cache", "warm cache"):
        elapsed = _run(cal, jobs)
        print(f"{label}: {n / elapsed:,.0f} deadlines/s ({elapsed / n * 1e6:.1f} µs each)")
    elapsed = _run(cal, [(start, 30) for start, _ in jobs])
    print(f"30 work days each: {n / elapsed:,.0f} deadlines/s ({elapsed / n * 1e6:.1f} µs each)")


if __name__ == "__main__":
    main()
