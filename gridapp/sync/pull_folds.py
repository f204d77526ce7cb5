"""Pulled pages applied together, and written in parts cut between cases.

A pull far behind (a new laptop's first pull, a catch-up after days offline) finds
several pages already fetched (``page_prefetch``). Applied one by one, a case with
events in each of them is folded and written once a page: its ``cases`` row and its
indexes, its facts and marks rows, its search tokens. Applied together, once. A pull
keeping up finds no page waiting and applies each page as it comes.

The events of pages applied together are written in parts of about
``EVENTS_PER_WRITE`` events, each its own transaction, a case's events all in one part:
a user's save made meanwhile waits for one part, not for all (the store's write lock
serves waiters in order, ``store.write_queue``). The cursor moves with the last part.
A store stopped between parts is consistent: each case holds the projection, facts and
marks of exactly its stored events; some cases hold events after the cursor early, and
the pull, asking again from the cursor, skips the events it holds (same id and seq).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gridapp.sync.page_prefetch import PagePrefetch
from gridapp.sync.protocol import EventOut, PullResponse

# Pages fetched ahead and applied together, at most. The first 150,000 events of the
# 45,000-case month (bench_apply --log month, load ~7): page by page 35.1 s CPU; 8
# together 22.1 s; 16 together 21.0 s, but 16 pages wait in memory (~12 MB a page).
PAGES_PER_FOLD = 8
# Events per write transaction, about. The same run: parts of 1,500 / 2,500 / 5,000 /
# 10,000 events cost about the same CPU, and a save made meanwhile waited p50 0.35 /
# 0.55 / 1.2 / 2.4 s for the write lock (page by page: 2.2 s, max 6 s).
EVENTS_PER_WRITE = 1_500
# Parts per write transaction at most, when no save waits: a commit per part cost the
# demo log ~10 % more CPU than a commit per page; a save arriving meanwhile waits for
# the part in hand (then the transaction commits), its search-index flush and commit.
PARTS_PER_WRITE = 4


def ready_pages(pages: PagePrefetch, first: PullResponse, limit: int) -> list[PullResponse]:
    """The pages after ``first`` already fetched and of its epoch, ``limit`` at most
    (taken out of ``pages``). A page of another epoch is left for the pull to check."""
    batch: list[PullResponse] = []
    last = first
    while last.more and len(batch) < limit:
        nxt = pages.ready(last.cursor)
        if nxt is None or nxt.epoch != first.epoch:
            break
        last = pages.page(last.cursor)
        batch.append(last)
    return batch


def by_cases(events: list[EventOut], size: int) -> list[list[EventOut]]:
    """Pulled events in parts of about ``size`` events, a case's events all in one part
    (in their order), the parts in the order their cases first come.

    Each part is written in its own transaction and the cursor moves with the last one:
    the locked spans stay short (a save made meanwhile waits for one part, not for all),
    and a store stopped between parts is consistent: every case there holds projections
    of exactly its stored events, whose later events it simply holds early. The pull
    then asks again from the cursor and skips the events it holds (same id and seq).
    """
    per_case: dict[str, list[EventOut]] = {}
    for ev in events:
        per_case.setdefault(ev.case_id, []).append(ev)
    parts: list[list[EventOut]] = [[]]
    for evs in per_case.values():
        if parts[-1] and len(parts[-1]) + len(evs) > size:
            parts.append([])
        parts[-1] += evs
    return parts


class PartWrite:
    """Parts handed out to one write transaction after another: up to ``most`` parts a
    transaction, and none after the first when ``awaited()`` says a save is waiting.
    ``last``: the parts are all handed out (the transaction in hand moves the cursor)."""

    def __init__(self, parts: list[list[EventOut]], most: int, awaited: Callable[[], bool]):
        self._parts, self._most, self._awaited = parts, max(1, most), awaited
        self._next = 0
        self.total = sum(map(len, parts))  # events in all the parts
        self.written = 0  # events in the parts handed out so far

    def share(self, since: int, cursor: int) -> int:
        """The log position the parts handed out so far stand for, ``since`` .. ``cursor``
        in proportion to their events: a first pull's progress moves with every write,
        not once a fold of several pages (the cursor itself moves with the last part)."""
        if self.last or not self.total:
            return cursor
        return since + (cursor - since) * self.written // self.total

    @property
    def last(self) -> bool:
        return self._next >= len(self._parts)

    def parts(self) -> Iterator[list[EventOut]]:
        """The parts for the next transaction."""
        for n in range(self._most):
            if self.last or (n and self._awaited()):
                return
            self._next += 1
            self.written += len(self._parts[self._next - 1])
            yield self._parts[self._next - 1]
