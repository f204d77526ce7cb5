"""The installed Qt binding keeps Python's reference counts straight where we call it
most. PySide6 6.12.0's ``processEvents()`` dropped a reference to None on every call:
pytest-qt's waits and the app's progress loops call it thousands of times, and the
process then died at a random later point or at exit ("none_dealloc", "bool_dealloc").
pyproject.toml excludes that release; this fails loudly should a build like it return."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, Signal

CALLS = 2_000


class _Emitter(QObject):
    said = Signal(str)
    flag = Signal(bool)


def test_process_events_keeps_none_alive(qapp) -> None:
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        QCoreApplication.processEvents()
    assert sys.getrefcount(None) - before > -CALLS // 10


def test_signals_keep_none_and_bools_alive(qapp) -> None:
    emitter, got = _Emitter(), []
    emitter.said.connect(got.append)
    emitter.flag.connect(got.append)
    none, true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(CALLS):
        emitter.said.emit("?p=1")
        emitter.flag.emit(True)
    got.clear()
    assert sys.getrefcount(None) - none > -CALLS // 10
    assert sys.getrefcount(True) - true > -CALLS // 10
