"""Run in-process code as if on a host in another time zone (``TZ`` + ``time.tzset``)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

# A data-centre host, and one whose offset even changes sign against China.
HOST_ZONES = ["UTC", "America/New_York"]


@contextmanager
def host_zone(name: str) -> Iterator[None]:
    """``datetime.now()`` and ``time.localtime()`` answer in zone ``name`` within the block."""
    previous = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = previous
        time.tzset()
