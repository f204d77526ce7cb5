"""The program's one clock: China Standard Time whatever the host's time zone.

The core works in naive Asia/Shanghai wall-clock time (stamps, deadlines on the
working calendar, report covers). The standard library's naive "now" is the host's
zone: a service on a UTC server would stamp every event eight hours off and count
working hours in the wrong part of the day. Everything that needs "now" takes it from here
(or from a clock injected into a Workspace/Central whose default is ``now``).

The zone data come from the system (``/usr/share/zoneinfo``) or, where there is
none (Windows, the PyInstaller bundle), from the ``tzdata`` package.

Tests can pin the clock with ``frozen(at)`` or any callable with ``use(source)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")

_source: Callable[[], datetime] | None = None


def china_now() -> datetime:
    """The real wall-clock time in China now (naive, to the second)."""
    return datetime.now(CHINA).replace(tzinfo=None, microsecond=0)


def now() -> datetime:
    """Naive Asia/Shanghai wall-clock time, to the second (or the injected clock's)."""
    return _source() if _source is not None else china_now()


def today() -> date:
    """Today's date in China."""
    return now().date()


def stamp() -> str:
    """``YYYYmmdd-HHMMSS`` in China time, for file names (backups)."""
    return now().strftime("%Y%m%d-%H%M%S")


@contextmanager
def use(source: Callable[[], datetime]) -> Iterator[None]:
    """Within the block, ``now()`` answers ``source()`` (tests)."""
    global _source
    previous, _source = _source, source
    try:
        yield
    finally:
        _source = previous


@contextmanager
def frozen(at: datetime) -> Iterator[None]:
    """Within the block, ``now()`` is ``at`` (tests)."""
    with use(lambda: at):
        yield
