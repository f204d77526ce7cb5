"""A ceiling on public Open311 reads per client address.

The GET endpoints need no key, as the specification has them; without a ceiling one
script could keep the service's workers busy listing requests. Each worker process
counts in its own memory (a sliding minute per address), so the service as a whole
allows ``per_minute`` × workers: a guard against floods, not an accounting.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from threading import Lock

WINDOW_S = 60.0
MAX_ADDRESSES = 10_000  # the least recently seen are forgotten first: memory stays bounded


class ReadLimit:
    """Reads per address in the last minute; ``per_minute`` 0 means no ceiling."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = Lock()

    def take(self, address: str | None) -> int | None:
        """Count one read; the seconds to wait (for Retry-After) when over the ceiling."""
        if self.per_minute <= 0:
            return None
        key = address or "unknown"
        now = self.clock()
        with self._lock:
            times = self._seen.pop(key, None) or deque()
            while times and times[0] <= now - WINDOW_S:
                times.popleft()
            self._seen[key] = times  # now the most recently seen
            while len(self._seen) > MAX_ADDRESSES:
                self._seen.popitem(last=False)
            if len(times) >= self.per_minute:
                return max(1, math.ceil(times[0] + WINDOW_S - now))
            times.append(now)
            return None
