"""The one helper that runs long work off the GUI thread.

Work goes to a lane: ``db`` (all SQLite access, one thread, so connections are
never shared across threads) or ``net`` (network). Results and errors come back
to the GUI thread as queued signals. Tests can make it run inline.

A result whose widget was deleted while the work ran (a window closed, a dialog
dismissed) is dropped: the callbacks of a deleted owner are never called (touching a
deleted widget raises, and pytest-qt fails whichever test is running then). The owner
is ``owner=`` or, by default, the object a bound-method callback belongs to; an error
for a deleted owner is logged instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # reported to the GUI, never lost
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


class TaskRunner(QObject):
    def __init__(self, *, inline: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.inline = inline
        self._pools: dict[str, QThreadPool] = {}
        self._live: set[_Relay] = set()

    def _pool(self, lane: str) -> QThreadPool:
        pool = self._pools.get(lane)
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            self._pools[lane] = pool
        return pool

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        lane: str = "db",
        owner: QObject | None = None,
    ) -> None:
        if self.inline:
            try:
                result = fn()
            except Exception as exc:
                self._fail(exc, on_error)
                return
            if on_done:
                on_done(result)
            return
        relay = _Relay()
        self._live.add(relay)
        owner = owner or _owner_of(on_done) or _owner_of(on_error)

        def gone() -> bool:
            return owner is not None and not shiboken6.isValid(owner)

        def finished(result: Any) -> None:
            self._live.discard(relay)
            if on_done and not gone():
                on_done(result)

        def failed(exc: BaseException) -> None:
            self._live.discard(relay)
            self._fail(exc, None if gone() else on_error)

        relay.done.connect(finished)
        relay.failed.connect(failed)
        self._pool(lane).start(_Job(fn, relay))

    def _fail(self, exc: BaseException, on_error: Callable[[BaseException], None] | None) -> None:
        if on_error is not None:
            on_error(exc)
        else:
            log.error("background task failed", exc_info=exc)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every lane is idle (shutdown and tests)."""
        return all(pool.waitForDone(msecs) for pool in self._pools.values())


def _owner_of(callback: Callable[..., Any] | None) -> QObject | None:
    """The QObject a bound-method callback belongs to (None for functions and lambdas)."""
    target = getattr(callback, "__self__", None)
    return target if isinstance(target, QObject) else None
