"""The next pulled pages fetched while the ones before are applied.

A first pull is some hundred pages; each is fetched (the service reads and sends it, the
client parses it) and then applied (one write on the laptop). Done in turn, the laptop
waits for the service and the service for the laptop. Here, as soon as a page says where
the next one starts, that page is asked for on a worker thread, and so on for up to
``depth`` pages not yet used: the service works on what comes next while the laptop
applies, and a laptop far behind finds several pages ready, which the engine writes
together (one write per few pages: a case touched in each of them is written once).
One request is in flight at a time, and pages are used in order.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

from gridapp.sync.protocol import PullResponse

log = logging.getLogger(__name__)

Fetch = Callable[[int], PullResponse]


class PagePrefetch:
    """Pages asked for ahead: ``ahead(cursor)`` starts, ``page(cursor)`` uses one.

    ``page`` returns the page after ``cursor``: the one fetched ahead if it was asked for
    that cursor (its failure is raised here, as if fetched now), else fetched now.
    ``ready`` says whether it is already here, without waiting. After a page that has
    ``more``, the one after it is asked for while fewer than ``depth`` pages wait unused.
    Used as a context manager: on leaving, a request still in flight is waited for and
    its answer dropped (a pull that stopped on an error leaves no thread behind).
    """

    def __init__(self, fetch: Fetch, depth: int = 1) -> None:
        self._fetch = fetch
        self.depth = max(1, depth)
        self._pool: ThreadPoolExecutor | None = None
        # (cursor asked from, its page): consecutive, the oldest first
        self._chain: deque[tuple[int, Future[PullResponse]]] = deque()
        self._lock = threading.RLock()
        self._closed = False

    def __enter__(self) -> PagePrefetch:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._lock:
            self._closed = True
        self.drop()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def ahead(self, cursor: int) -> None:
        """Start fetching the page after ``cursor`` (dropping any other chain asked for)."""
        with self._lock:
            if any(start == cursor for start, _ in self._chain):
                return
        self.drop()
        with self._lock:
            if self._closed:
                return
            self._submit(cursor)

    def ready(self, cursor: int) -> PullResponse | None:
        """The page after ``cursor`` if it was fetched ahead and has come (not used up)."""
        with self._lock:
            if not self._chain or self._chain[0][0] != cursor:
                return None
            future = self._chain[0][1]
            if not future.done() or future.cancelled() or future.exception() is not None:
                return None
            return future.result()

    def page(self, cursor: int) -> PullResponse:
        with self._lock:
            future = None
            if self._chain and self._chain[0][0] == cursor:
                future = self._chain.popleft()[1]
        if future is None:
            self.drop()
            return self._fetch(cursor)
        page = future.result()
        self._top_up()
        return page

    def drop(self) -> None:
        """Forget the pages asked for ahead (waiting for a request under way)."""
        with self._lock:
            chain = list(self._chain)
            self._chain.clear()
        for _, future in chain:
            if not future.cancel():
                try:
                    future.result()
                except Exception as exc:  # a page no one will use: its failure is moot
                    log.debug("page fetched ahead and dropped: %s", exc)

    def _submit(self, cursor: int) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull-ahead")
        future = self._pool.submit(self._fetch, cursor)
        self._chain.append((cursor, future))
        future.add_done_callback(lambda _: self._top_up())

    def _top_up(self) -> None:
        """Ask for the page after the last one fetched, while fewer than ``depth`` wait."""
        with self._lock:
            if self._closed or not self._chain or len(self._chain) >= self.depth:
                return
            last = self._chain[-1][1]
            if not last.done() or last.cancelled() or last.exception() is not None:
                return
            page = last.result()
            if page.more:
                self._submit(page.cursor)
