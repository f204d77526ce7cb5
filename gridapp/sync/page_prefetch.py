"""The next pulled page fetched while this one is applied.

A first pull is a few hundred pages; each is fetched (the service reads and sends it, the
client parses it) and then applied (one write on the laptop). Done in turn, the laptop
waits for the service and the service for the laptop. Here, as soon as a page says where
the next one starts, that page is asked for on a worker thread, so the service works on
page k + 1 while the laptop applies page k. At most one request is in flight, and pages
are still applied one at a time, in order, each in its own write.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

from gridapp.sync.protocol import PullResponse

log = logging.getLogger(__name__)

Fetch = Callable[[int], PullResponse]


class PagePrefetch:
    """One page asked for ahead: ``ahead(cursor)`` after a page, ``page(cursor)`` to use it.

    ``page`` returns the page after ``cursor``: the one fetched ahead if it was asked for
    that cursor (its failure is raised here, as if fetched now), else fetched now. Used as
    a context manager: on leaving, a request still in flight is waited for and its
    answer dropped (a pull that stopped on an error leaves no thread behind).
    """

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch
        self._pool: ThreadPoolExecutor | None = None
        self._ahead: tuple[int, Future[PullResponse]] | None = None

    def __enter__(self) -> PagePrefetch:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.drop()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def ahead(self, cursor: int) -> None:
        """Start fetching the page after ``cursor`` (dropping any other asked for)."""
        self.drop()
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull-ahead")
        self._ahead = (cursor, self._pool.submit(self._fetch, cursor))

    def page(self, cursor: int) -> PullResponse:
        if self._ahead is not None and self._ahead[0] == cursor:
            future = self._ahead[1]
            self._ahead = None
            return future.result()
        self.drop()
        return self._fetch(cursor)

    def drop(self) -> None:
        """Forget the page asked for ahead (waiting for it if its request is under way)."""
        if self._ahead is None:
            return
        future = self._ahead[1]
        self._ahead = None
        if not future.cancel():
            try:
                future.result()
            except Exception as exc:  # a page no one will use: its failure is moot
                log.debug("page fetched ahead and dropped: %s", exc)
