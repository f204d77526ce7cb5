"""WAL checkpoints on a thread of their own, not in a writer's commit.

SQLite's automatic checkpoint runs inside the commit that crosses its threshold, while
that writer still holds our write queue: a grid officer's save queued behind a pulled
part then also waited for up to 40 MB of pages to be copied into the database file and
synced (the worst save waits of a first pull, ~1.2 s). Here the writing connection has
``wal_autocheckpoint=0`` and this thread checkpoints a moment after commits, on a
connection of its own:

1. ``PRAGMA wal_checkpoint(PASSIVE)`` without any lock: writers go on appending to the
   WAL meanwhile; this copies the bulk.
2. Once the WAL has grown past ``RESTART_FRAMES``, the same again holding the write
   queue, so nothing is appended meanwhile: it copies only what came in during step 1,
   and with the WAL then wholly in the database file SQLite starts it over at the next
   write. Without this step a writer that hardly pauses (a first pull) would grow the
   WAL without end.

Durability is unchanged: each commit still syncs the WAL.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

log = logging.getLogger("gridapp.store")

# A checkpoint at most this often: each copies every page changed since the last (once,
# however often it changed), so one after every commit of a first pull would copy the
# same hot index pages again and again.
EVERY_S = 1.0
# The WAL (in pages) past which step 2 runs: SQLite's own threshold was 10,000 (40 MB).
RESTART_FRAMES = 10_000


class Checkpointer:
    """Checkpoints of one SQLite store, on a daemon thread woken by commits."""

    def __init__(
        self,
        connect: Callable[[], Any],
        write_lock: AbstractContextManager[Any],
        every_s: float = EVERY_S,
        restart_frames: int = RESTART_FRAMES,
    ) -> None:
        self._connect = connect  # a DB-API connection in autocommit (no transaction open)
        self._write_lock = write_lock
        self._every_s, self._restart_frames = every_s, restart_frames
        self._wake = threading.Event()
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()
        self.runs = 0  # checkpoints done (for tests and benches)
        self.restarts = 0  # of them under the write queue

    def committed(self) -> None:
        """A write transaction committed: checkpoint soon."""
        if self._thread is None:
            with self._guard:
                if self._thread is None and not self._halt.is_set():
                    self._thread = threading.Thread(
                        target=self._run, name="wal-checkpoint", daemon=True
                    )
                    self._thread.start()
        self._wake.set()

    def close(self) -> None:
        """Stop the thread (the last connection's close checkpoints what is left)."""
        with self._guard:
            self._halt.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        conn = None
        try:
            conn = self._connect()
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._halt.is_set():
                    return
                self.checkpoint(conn)
                if self._halt.wait(self._every_s):  # commits meanwhile wait for the next
                    return
        except Exception as exc:  # a checkpoint left undone loses nothing: log, stop
            log.warning("background WAL checkpoints stopped: %s", type(exc).__name__)
        finally:
            if conn is not None:
                conn.close()

    def checkpoint(self, conn: Any) -> None:
        """Step 1, then step 2 when the WAL is long (see the module's docstring)."""
        frames = self._passive(conn)
        if frames > self._restart_frames and not self._halt.is_set():
            with self._write_lock:
                self._passive(conn)
            self.restarts += 1

    def _passive(self, conn: Any) -> int:
        """One passive checkpoint; the WAL's length in pages (0 when it failed)."""
        try:
            cur = conn.cursor()
            try:
                _busy, frames, _done = cur.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                cur.close()
        except Exception as exc:  # busy, or the store went away: the next commit wakes us
            log.debug("WAL checkpoint skipped: %s", type(exc).__name__)
            return 0
        self.runs += 1
        return max(int(frames), 0)
