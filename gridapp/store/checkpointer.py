"""WAL checkpoints on a thread of their own, not in a writer's commit.

SQLite's automatic checkpoint runs inside the commit that crosses its threshold, while
that writer still holds our write queue: a grid officer's save queued behind a pulled
part then also waited for up to 40 MB of pages to be copied into the database file and
synced (on a laptop disk with a slow flush, a second or more). Here the writing
connection has ``wal_autocheckpoint=0`` and this thread checkpoints on a connection of
its own, when the WAL holds ``BACKLOG_FRAMES`` pages not yet in the database file (the
threshold SQLite's own checkpoint had), or when writing has paused with some left:

1. ``PRAGMA wal_checkpoint(PASSIVE)`` without any lock: writers go on appending to the
   WAL meanwhile; this copies the bulk.
2. If the WAL is then longer than ``BACKLOG_FRAMES``, the same again holding the write
   queue, so nothing is appended meanwhile: it copies only what came in during step 1,
   and with the WAL wholly in the database file SQLite starts it over at the next
   write. Without this step a writer that hardly pauses (a first pull) would grow the
   WAL without end.

How long the WAL is, and how much of it is in the database file, are read from the
wal-index header in the ``-shm`` file (mxFrame at byte 16, nBackfill at byte 96:
https://www.sqlite.org/walformat.html), four bytes each, on every commit, through
``wal_index`` (which keeps SQLite's locks on that file); checkpointing
after every commit instead copied the same hot index pages again and again (+6–10 % CPU
on a pull). Where that file cannot be read, it checkpoints at most every ``EVERY_S``.
Durability is unchanged: each commit still syncs the WAL.
"""

from __future__ import annotations

import logging
import struct
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from gridapp.store import wal_index

log = logging.getLogger("gridapp.store")

# Pages in the WAL not yet in the database file that call for a checkpoint now (SQLite's
# own threshold was 10,000: 40 MB), and past which step 2 runs.
BACKLOG_FRAMES = 10_000
# Writing has paused when no commit came for this long: checkpoint what is left.
IDLE_S = 1.0
# Without the wal-index header: a checkpoint after commits, at most this often.
EVERY_S = 1.0
_MX_FRAME, _N_BACKFILL = 16, 96  # byte offsets in the -shm file (native-endian u32)


class Checkpointer:
    """Checkpoints of one SQLite store, on a daemon thread woken by commits."""

    def __init__(
        self,
        connect: Callable[[], Any],
        write_lock: AbstractContextManager[Any],
        shm: Path | None = None,
        backlog_frames: int = BACKLOG_FRAMES,
        idle_s: float = IDLE_S,
    ) -> None:
        self._connect = connect  # a DB-API connection in autocommit (no transaction open)
        self._write_lock = write_lock
        self._shm = shm  # the store's wal-index file
        self._backlog_frames, self._idle_s = backlog_frames, idle_s
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
            while not self._halt.is_set():
                self._wake.wait()
                self._wake.clear()
                if self._halt.is_set():
                    return
                backlog = self.backlog()
                if backlog is None:  # no header to read: after commits, now and then
                    self.checkpoint(conn)
                    self._halt.wait(EVERY_S)
                elif backlog >= self._backlog_frames:
                    self.checkpoint(conn)
                elif backlog > 0 and not self._wake.wait(self._idle_s):
                    self.checkpoint(conn)  # writing paused: what is left goes in
        except Exception as exc:  # a checkpoint left undone loses nothing: log, stop
            log.warning("background WAL checkpoints stopped: %s", type(exc).__name__)
        finally:
            if conn is not None:
                conn.close()

    def backlog(self) -> int | None:
        """WAL pages not yet in the database file; None when the header cannot be read."""
        if self._shm is None:
            return None
        head = wal_index.read_header(self._shm, _N_BACKFILL + 4)
        if head is None:
            return None
        try:
            mx_frame = struct.unpack_from("=I", head, _MX_FRAME)[0]
            backfilled = struct.unpack_from("=I", head, _N_BACKFILL)[0]
        except struct.error:
            return None
        return max(mx_frame - backfilled, 0)

    def checkpoint(self, conn: Any) -> None:
        """Step 1, then step 2 when the WAL is long (see the module's docstring)."""
        frames = self._passive(conn)
        if frames > self._backlog_frames and not self._halt.is_set():
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
