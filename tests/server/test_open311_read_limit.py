"""The public-read ceiling on its own: a sliding minute per address, bounded memory."""

from __future__ import annotations

from gridapp.server.open311 import read_limit
from gridapp.server.open311.read_limit import ReadLimit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_ceiling_slides_with_the_minute() -> None:
    clock = Clock()
    limit = ReadLimit(2, clock)
    assert limit.take("a") is None
    clock.now += 20
    assert limit.take("a") is None
    assert limit.take("a") == 40  # the first read leaves the window in 40 s
    assert limit.take("b") is None  # another address has its own count
    clock.now += 40.5
    assert limit.take("a") is None  # the first read has left the window
    assert limit.take("a") is not None


def test_zero_means_no_ceiling_and_unknown_addresses_share_one_count() -> None:
    assert all(ReadLimit(0).take("a") is None for _ in range(1000))
    limit = ReadLimit(1, Clock())
    assert limit.take(None) is None
    assert limit.take(None) is not None


def test_memory_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(read_limit, "MAX_ADDRESSES", 100)
    limit = ReadLimit(1, Clock())
    for n in range(1000):
        limit.take(f"10.0.{n // 256}.{n % 256}")
    assert len(limit._seen) == 100
    assert limit.take("10.0.3.231") is not None  # the most recent are remembered
    assert limit.take("10.0.0.0") is None  # the oldest forgotten
