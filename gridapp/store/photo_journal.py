"""Photos journaled in the event's transaction, settled into the file store afterwards.

Why: writing a photo durably into the file store costs two fsyncs (the file, then its
folder) on top of the commit's WAL fsync. Saving the bytes as a ``photo_journal`` row in
the same SQLite transaction as the event makes the one WAL fsync cover both, so a save
with a photo waits for one fsync instead of three.

A settler then writes each journaled photo into the file store (temp file, fsync,
rename, folder fsync) and only then deletes its row: a kill at any moment leaves the
photo either in the journal, in the file store, or in both, never in neither. Settling
runs on a background thread after each commit, and at open for rows a crash left.
The background settler does not commit the deletes itself (that would be one more WAL
fsync per photo, and the saving thread would queue behind it on the write lock): the
next save's transaction deletes the rows of photos settled by then, for free, and
closing the store deletes the rest. A row whose delete a crash lost is settled again
at open (writing a photo already there is a no-op).
A full disk (or any write error) leaves the row where it is; the next commit, the next
open or :meth:`PhotoJournal.settle` tries again, and ``last_error`` says why it waits.

Readers ask the file first, then the journal, then the file again (the settler may have
moved it in between), so a photo is readable from the moment its save returned.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from gridapp.errors import StorageError
from gridapp.store.database import Database
from gridapp.store.files import FileStore, PhotoInfo
from gridapp.store.schema import photo_journal

log = logging.getLogger(__name__)

RETRY_S = 30.0  # a settle that failed (disk full) is tried again after this, or sooner


class PhotoJournal:
    """The journal of one SQLite store and the file store its photos settle into."""

    def __init__(self, db: Database, files: FileStore, *, background: bool = True) -> None:
        if not db.is_sqlite:
            raise ValueError("the photo journal is for SQLite stores (one fsync per commit)")
        self.db = db
        self.files = files
        self.background = background
        self.last_error: StorageError | None = None  # why journaled photos wait, if they do
        self._settle_lock = threading.Lock()
        # One settle at a time (the background thread, a reader wanting the file, close):
        # two writing the same photo would each leave a temp file beside it for a moment.
        self._writing = threading.Lock()
        self._settled: set[str] = set()  # durable in the file store, row not yet deleted
        self._deleting: set[str] = set()  # rows the open transaction deletes
        self._wake = threading.Event()
        self._stop = False
        self._thread: threading.Thread | None = None

    # -- the saving path ------------------------------------------------------------

    def add(self, conn: Connection, info: PhotoInfo, data: bytes, at: datetime) -> None:
        """Journal a checked photo inside the caller's (event's) transaction.

        A photo already in the file store is not journaled again.
        """
        with self._settle_lock:
            self._deleting = set(self._settled)
        if self._deleting:  # photos settled since the last save: their rows go now
            conn.execute(delete(photo_journal).where(photo_journal.c.sha256.in_(self._deleting)))
        if self.files.has_file(info):
            return
        conn.execute(
            sqlite_insert(photo_journal)
            .values(sha256=info.sha256, data=data, created_at=at)
            .on_conflict_do_nothing()
        )

    def committed(self) -> None:
        """The transaction that journaled photos committed: settle them off this thread."""
        with self._settle_lock:
            self._settled -= self._deleting
            self._deleting = set()
        if not self.background:
            return
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(
                target=self._run, name="photo-journal-settler", daemon=True
            )
            self._thread.start()
        self._wake.set()

    # -- readers ----------------------------------------------------------------------

    def has(self, sha256: str) -> bool:
        with self.db.read() as conn:
            found = conn.execute(
                select(photo_journal.c.sha256).where(photo_journal.c.sha256 == sha256)
            ).first()
        return found is not None

    def get(self, sha256: str) -> bytes | None:
        with self.db.read() as conn:
            data = conn.execute(
                select(photo_journal.c.data).where(photo_journal.c.sha256 == sha256)
            ).scalar()
        return bytes(data) if data is not None else None

    def pending(self) -> list[str]:
        """The photos waiting in the journal to be written to the file store (oldest first)."""
        with self.db.read() as conn:
            rows = conn.execute(
                select(photo_journal.c.sha256).order_by(photo_journal.c.created_at)
            ).scalars()
            return [sha for sha in rows if sha not in self._settled]

    # -- settling ---------------------------------------------------------------------

    def settle(self, only: str | None = None, *, forget: bool = True) -> int:
        """Move journaled photos into the file store; returns how many settled.

        ``forget``: delete their rows now (one commit); else the next save deletes them.
        Raises the first write error (``DiskFullError`` on a full disk) after settling
        what it could; the failed photo's row stays, so nothing is lost.
        """
        with self._writing:
            return self._settle(only, forget=forget)

    def _settle(self, only: str | None, *, forget: bool) -> int:
        settled: list[str] = []
        try:
            for sha in [only] if only else self.pending():
                data = self.get(sha)
                if data is None:
                    continue  # settled meanwhile (another process)
                if hashlib.sha256(data).hexdigest() != sha:
                    raise StorageError("journal_corrupt", "照片日志数据损坏", sha256=sha)
                self.files.write(PhotoInfo(sha, len(data), "", 0, 0), data)
                settled.append(sha)
            self.last_error = None
        except StorageError as exc:
            self.last_error = exc
            raise
        finally:
            with self._settle_lock:
                self._settled.update(settled)
            if forget:
                self.forget()
        return len(settled)

    def forget(self) -> None:
        """Delete the rows of photos now durable in the file store (one transaction)."""
        with self._settle_lock:
            shas = sorted(self._settled)
        if not shas:
            return
        with self.db.write() as conn:
            conn.execute(delete(photo_journal).where(photo_journal.c.sha256.in_(shas)))
        with self._settle_lock:
            self._settled.difference_update(shas)

    def settle_quietly(self, *, forget: bool = True) -> int:
        """:meth:`settle`, logging instead of raising: rows that fail stay for a retry."""
        try:
            return self.settle(forget=forget)
        except StorageError as exc:
            log.warning("photos wait in the journal (%s): %s", exc.code, exc)
            return 0

    def _run(self) -> None:
        while not self._stop:
            self._wake.wait(RETRY_S)
            self._wake.clear()
            if self._stop:
                break
            _guard(lambda: self.settle_quietly(forget=False))

    def close(self) -> None:
        """Stop the settler and settle what is left (what fails stays for the next open)."""
        self._stop = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        _guard(self.settle_quietly)


def _guard(work: Callable[[], int]) -> None:
    """A settler thread must not die of an unexpected error: log it, try again later."""
    try:
        work()
    except Exception:
        log.exception("settling journaled photos failed")
