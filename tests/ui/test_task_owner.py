"""A background result for a widget deleted meanwhile is dropped, not delivered."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QLabel

from ui.tasks import TaskRunner


class Target(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.got: list[object] = []

    def show_result(self, value: object) -> None:
        self.setText(str(value))  # raises RuntimeError on a deleted widget
        self.got.append(value)

    def show_error(self, exc: BaseException) -> None:
        self.setText(str(exc))
        self.got.append(exc)


def _run(qtbot, runner: TaskRunner, target: Target, fn, *, delete: bool, **kw) -> None:
    release = threading.Event()

    def work():
        release.wait(10)
        return fn()

    runner.submit(work, target.show_result, target.show_error, **kw)
    if delete:
        shiboken6.delete(target)
    release.set()
    assert runner.wait(10_000)
    qtbot.wait(50)  # the queued result reaches the GUI thread


def test_a_live_owner_gets_its_result_and_its_error(qtbot):
    runner = TaskRunner()
    target = Target()
    _run(qtbot, runner, target, lambda: 42, delete=False)
    _run(qtbot, runner, target, lambda: 1 / 0, delete=False)
    assert target.got[0] == 42 and isinstance(target.got[1], ZeroDivisionError)


def test_a_deleted_owner_gets_nothing_and_nothing_raises(qtbot, caplog):
    runner = TaskRunner()
    done, failed = Target(), Target()
    _run(qtbot, runner, done, lambda: 42, delete=True)
    _run(qtbot, runner, failed, lambda: 1 / 0, delete=True)
    assert not shiboken6.isValid(done) and not shiboken6.isValid(failed)
    assert "background task failed" in caplog.text  # the error is logged, not lost


def test_an_explicit_owner_covers_a_lambda(qtbot):
    runner = TaskRunner()
    owner, seen = Target(), []
    release = threading.Event()
    runner.submit(lambda: release.wait(10), lambda r: seen.append(r), owner=owner)
    shiboken6.delete(owner)
    release.set()
    assert runner.wait(10_000)
    qtbot.wait(50)
    assert seen == []
