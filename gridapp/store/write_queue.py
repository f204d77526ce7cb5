"""The in-process queue for a store's write transaction: first come, first served.

SQLite has one writer at a time. Threads of one process wait for it here before they
take SQLite's own lock (``BEGIN IMMEDIATE``), so they never spin on its busy timer.
``threading.RLock`` does not serve waiters in order: a thread releasing it and asking
again at once (a pull writing part after part) mostly wins again, and a user's save
waiting beside it waited for several parts (0.8–1.6 s measured, where one part takes a
few hundred ms). Here a thread asking while others wait goes behind them.
"""

from __future__ import annotations

import threading
from collections import deque
from types import TracebackType


class WriteQueue:
    """A reentrant lock whose waiters get it in the order they asked."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._owner: int | None = None
        self._depth = 0
        self._waiting: deque[int] = deque()  # tickets, the oldest first
        self._tickets = 0

    def acquire(self) -> None:
        me = threading.get_ident()
        with self._cond:
            if self._owner == me:
                self._depth += 1
                return
            self._tickets += 1
            ticket = self._tickets
            self._waiting.append(ticket)
            try:
                while self._owner is not None or self._waiting[0] != ticket:
                    self._cond.wait()
            except BaseException:  # interrupted while waiting: leave the line
                self._waiting.remove(ticket)
                self._cond.notify_all()
                raise
            self._waiting.popleft()
            self._owner, self._depth = me, 1

    def waited(self) -> bool:
        """Whether another thread is in line for the lock now."""
        with self._cond:
            return bool(self._waiting)

    def release(self) -> None:
        with self._cond:
            if self._owner != threading.get_ident():
                raise RuntimeError("write queue released by a thread that does not hold it")
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
                self._cond.notify_all()

    def __enter__(self) -> WriteQueue:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
