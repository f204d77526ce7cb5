"""Fixtures for every Qt suite: cyclic garbage is collected on the GUI thread only.

A widget left in a reference cycle by one test must never be freed by a worker
thread of a later test (a segfault in CI, see ui/gc_guard.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from ui.gc_guard import GuiThreadCollector


@pytest.fixture(scope="session", autouse=True)
def gui_thread_collector(qapp: object) -> Iterator[GuiThreadCollector]:
    collector = GuiThreadCollector(qapp)
    yield collector
    # Web pages must go before their profile does at exit, or QtWebEngine crashes the
    # process after the last test ("WebEnginePage still not deleted").
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    collector.stop()


@pytest.fixture(autouse=True)
def collect_after_test(gui_thread_collector: GuiThreadCollector) -> Iterator[None]:
    yield
    gc.collect()
