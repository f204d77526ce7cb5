"""Reading a store's wal-index (``-shm``) header without dropping SQLite's locks on it.

POSIX record locks belong to a process and a file, not to a descriptor: closing *any*
descriptor of a file drops every lock the process holds on it, SQLite's own included.
SQLite keeps its descriptors open against this; a plain ``open()``/``close()`` does not.
Reading the header that way on every commit dropped SQLite's shared "DMS" lock on the
``-shm``, so another process opening the store took itself for the only one, truncated
the ``-shm`` to start it anew, and this process died of SIGBUS on its mapping of that
file (seen in the two-client fault test, twice).

So a ``-shm`` is opened once per process and read with ``pread``. Its descriptor is
closed only when the file it refers to has left its path: SQLite unlinks the ``-shm``
when its last connection in the process closes, so by then no lock of ours is left to
drop. A store closed while another process keeps its ``-shm`` leaves one descriptor
open until that file goes; ``sweep`` closes those.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

_open: dict[str, int] = {}
_guard = threading.Lock()


def read_header(shm: Path, size: int) -> bytes | None:
    """The first ``size`` bytes of ``shm``; None when it does not exist (yet)."""
    key = str(shm)
    with _guard:
        try:
            current = os.stat(key)
        except OSError:
            _forget(key)
            return None
        fd = _open.get(key)
        if fd is not None and not _same_file(fd, current):
            _forget(key)  # unlinked and made anew: SQLite holds no lock on the old one
            fd = None
        if fd is None:
            try:
                fd = os.open(key, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                return None
            _open[key] = fd
        try:
            return os.pread(fd, size, 0)
        except OSError:
            return None


def sweep() -> None:
    """Close the descriptors whose ``-shm`` has left its path (its store has closed)."""
    with _guard:
        for key, fd in list(_open.items()):
            try:
                gone = not _same_file(fd, os.stat(key))
            except OSError:
                gone = True
            if gone:
                _forget(key)


def held() -> int:
    """Descriptors open now (for tests)."""
    with _guard:
        return len(_open)


def _same_file(fd: int, current: os.stat_result) -> bool:
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (current.st_dev, current.st_ino)


def _forget(key: str) -> None:
    fd = _open.pop(key, None)
    if fd is not None:
        os.close(fd)
