"""The cycle collector pauses for bulk reads and comes back after the last one."""

from __future__ import annotations

import gc
import threading

import pytest

from gridapp.bulk_work import bulk_work_running, collector_paused


@pytest.fixture(autouse=True)
def _collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_and_back_on_after() -> None:
    assert not bulk_work_running()
    with collector_paused():
        assert not gc.isenabled() and bulk_work_running()
    assert gc.isenabled() and not bulk_work_running()


def test_back_on_after_an_error() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a report failed")
    assert gc.isenabled() and not bulk_work_running()


def test_overlapping_reads_share_one_pause() -> None:
    """The first read to end must not switch it on under the second (other thread)."""
    entered, release = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other() -> None:
        with collector_paused():
            entered.set()
            release.wait(5)
            seen.append(gc.isenabled())

    worker = threading.Thread(target=other)
    with collector_paused():
        worker.start()
        assert entered.wait(5)
    assert not gc.isenabled()  # the other read still runs
    release.set()
    worker.join(5)
    assert seen == [False] and gc.isenabled()


def test_an_app_that_turned_it_off_keeps_it_off() -> None:
    """The desktop collects on its GUI thread only: a read must never switch it on."""
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
