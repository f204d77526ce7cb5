"""Cyclic garbage is freed on the GUI thread even when a worker thread allocates."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from gridapp.bulk_work import collector_paused
from ui.gc_guard import GuiThreadCollector
from ui.tasks import TaskRunner


class _Marker:
    """Records the thread that frees it."""

    freed_in: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it

    def __del__(self) -> None:
        _Marker.freed_in.append(threading.current_thread().name)


def test_worker_allocations_do_not_collect_gui_garbage(qtbot, gui_thread_collector) -> None:
    assert not gc.isenabled()
    gc.collect()
    _Marker.freed_in.clear()
    _Marker()  # unreachable now, waiting for a collection

    def allocate() -> int:
        # Far past every threshold: automatic collection would run right here.
        keep = [[i] for i in range(200_000)]
        return len(keep)

    runner = TaskRunner()
    results: list[int] = []
    runner.submit(allocate, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert runner.wait()
    assert _Marker.freed_in in ([], ["MainThread"])  # never the worker
    junk = [[] for _ in range(gc.get_threshold()[0] * 2)]  # now the GUI thread is due
    qtbot.waitUntil(lambda: _Marker.freed_in == ["MainThread"], timeout=5_000)
    del junk


def test_collect_if_due_picks_the_generation_over_threshold(qapp) -> None:
    collector = GuiThreadCollector(qapp, interval_ms=60_000)
    try:
        gc.collect()
        assert collector.collect_if_due() == -1
        junk = [[] for _ in range(gc.get_threshold()[0] + 10)]
        assert collector.collect_if_due() >= 0
        del junk
    finally:
        collector._timer.stop()


def test_collector_waits_while_a_bulk_read_runs(qapp) -> None:
    collector = GuiThreadCollector(qapp, interval_ms=60_000)
    try:
        gc.collect()
        junk = [[] for _ in range(gc.get_threshold()[0] + 10)]
        with collector_paused():
            assert collector.collect_if_due() == -1  # due, but a statistics view is folding
            assert not gc.isenabled()  # and the app's own switch-off is left alone
        assert not gc.isenabled()
        assert collector.collect_if_due() >= 0
        del junk
    finally:
        collector._timer.stop()
