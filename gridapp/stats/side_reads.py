"""Reads of one statistics view run side by side, each on its own connection.

A view's SQL is several independent scans: its period's cases (split into parts by
case id, ``id_parts``), the previous period (环比) and the same period a year before
(同比). The database driver lets go of Python's lock while SQLite (or PostgreSQL)
works, so on a laptop's several cores these scans run at once instead of one after
another; Python's own work (folding the few cases SQL cannot mark) goes on meanwhile.

Each side read is its own read transaction: a sync that commits between their starts
is in some parts and not others for that one view; the view is computed again when a
sync brings events, and a figure's list is read from the store when opened anyway.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import pairwise
from types import TracebackType
from typing import TypeVar

from sqlalchemy import ColumnElement, Connection, and_

from gridapp.stats.case_lists import Opener
from gridapp.store.schema import cases

T = TypeVar("T")
MAX_SIDE = 4  # more side reads than this gain little: the scans share the disk cache
_HEX = "0123456789abcdef"


def side_count() -> int:
    """How many reads may run at once: one a core, at most ``MAX_SIDE``."""
    return max(1, min(MAX_SIDE, os.cpu_count() or 1))


def id_parts(n: int) -> list[ColumnElement[bool] | None]:
    """``n`` conditions on the case id that split every id into exactly one part: ranges
    of its first character (a case id is a UUID: its hex digits are even, and an id of
    any other form falls in the first or the last range). ``[None]`` for one part."""
    if n <= 1:
        return [None]
    bounds = [None, *(_HEX[len(_HEX) * i // n] for i in range(1, n)), None]
    return [
        and_(
            *([] if lo is None else [cases.c.id >= lo]),
            *([] if hi is None else [cases.c.id < hi]),
        )
        for lo, hi in pairwise(bounds)
    ]


class SideReads:
    """A few threads, each task given a read connection of its own (``open_read``)."""

    def __init__(self, open_read: Opener, workers: int | None = None) -> None:
        self._open = open_read
        self.workers = workers or side_count()
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="stats-read")

    def submit(self, task: Callable[[Connection], T]) -> Future[T]:
        def run() -> T:
            with self._open() as conn:
                return task(conn)

        return self._pool.submit(run)

    def __enter__(self) -> SideReads:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
