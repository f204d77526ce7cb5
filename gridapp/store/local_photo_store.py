"""Photos in a folder of one service host: the durable file store plus uploads.

Unfinished uploads are files ``.partial/<owner>/<sha256>`` written under an flock
(``<sha256>.lock`` beside them, so several service processes on the host take turns);
receipts are empty files ``.uploads/<sha256>/<owner>`` whose modification time is the
upload time.
"""

from __future__ import annotations

import fcntl
import io
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from gridapp.store.files import FileStore
from gridapp.store.photo_store import (
    OWNER,
    PARTIALS,
    RECEIPTS,
    SHA,
    Receipt,
    Removed,
    StoredPhoto,
    check_owner,
    check_sha,
)

FOLDER = re.compile(r"^[0-9a-f]{2}$")  # photos live in <first two hex digits>/<sha256>


class LocalPhotoStore(FileStore):
    """The photo folder of a single host: partial uploads under ``.partial/<owner>/``,
    receipts under ``.uploads/<sha>/``."""

    def describe(self) -> str:
        return str(self.root)

    def size(self, sha256: str) -> int | None:
        try:
            return self.path_for(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def check_writable(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.root, prefix=".health-")
        os.close(fd)
        os.unlink(name)

    # -- resumable uploads: one file per (owner, photo) ---------------------------------

    def _partial(self, owner: str, sha256: str) -> Path:
        return self.root / PARTIALS / check_owner(owner) / check_sha(sha256)

    @contextmanager
    def partial_lock(self, owner: str, sha256: str) -> Iterator[None]:
        """One writer per partial file, across threads and service processes (flock).

        The lock file goes with its partial (``drop_partial``, a sweep): a writer that
        waited on a lock file meanwhile unlinked sees it and locks the new one.
        """
        lock_path = self._partial(owner, sha256).with_suffix(".lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fh = open(lock_path, "a")  # noqa: SIM115  (held for the whole block)
            try:
                fcntl.flock(fh, fcntl.LOCK_EX)
            except BaseException:
                fh.close()
                raise
            if _still_linked(fh, lock_path):
                break
            fh.close()
        try:
            yield
        finally:
            fh.close()  # releases the lock

    def partial_offset(self, owner: str, sha256: str) -> int:
        part = self._partial(owner, sha256)
        return part.stat().st_size if part.exists() else 0

    def write_part(self, owner: str, sha256: str, start: int, body: bytes) -> None:
        part = self._partial(owner, sha256)
        part.parent.mkdir(parents=True, exist_ok=True)
        have = part.stat().st_size if part.exists() else 0
        with open(part, "r+b" if part.exists() else "wb") as fh:
            fh.seek(start)
            fh.write(body)
            fh.truncate(max(have, start + len(body)))
            fh.flush()
            os.fsync(fh.fileno())

    def read_partial(self, owner: str, sha256: str) -> bytes:
        return self._partial(owner, sha256).read_bytes()

    def drop_partial(self, owner: str, sha256: str) -> None:
        part = self._partial(owner, sha256)
        part.unlink(missing_ok=True)
        part.with_suffix(".lock").unlink(missing_ok=True)

    # -- receipts ----------------------------------------------------------------------

    def _receipt(self, owner: str, sha256: str) -> Path:
        return self.root / RECEIPTS / check_sha(sha256) / check_owner(owner)

    def add_receipt(self, owner: str, sha256: str) -> None:
        path = self._receipt(owner, sha256)
        for attempt in range(3):  # a sweep may remove the empty folder in between
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.touch()
                os.utime(path)  # an existing receipt: its time is the latest upload
                return
            except FileNotFoundError:
                if attempt == 2:
                    raise

    def receipt_time(self, owner: str, sha256: str) -> datetime | None:
        try:
            return _mtime(self._receipt(owner, sha256).stat())
        except FileNotFoundError:
            return None

    def receipts(self, sha256: str | None = None) -> Iterator[Receipt]:
        base = self.root / RECEIPTS
        folders = [base / check_sha(sha256)] if sha256 else _children(base)
        for folder in folders:
            if not SHA.match(folder.name):
                continue
            for path in _children(folder):
                with suppress(FileNotFoundError):
                    if OWNER.match(path.name):
                        yield Receipt(folder.name, path.name, _mtime(path.stat()))

    def remove_receipt(self, owner: str, sha256: str) -> None:
        path = self._receipt(owner, sha256)
        path.unlink(missing_ok=True)
        with suppress(OSError):  # not empty: another owner's receipt is there
            path.parent.rmdir()

    # -- what the collector needs ------------------------------------------------------

    def photos(self) -> Iterator[StoredPhoto]:
        for folder in _children(self.root):
            if not FOLDER.match(folder.name):
                continue
            for path in _children(folder):
                if SHA.match(path.name) and path.name.startswith(folder.name):
                    with suppress(FileNotFoundError):
                        stat = path.stat()
                        yield StoredPhoto(path.name, stat.st_size, _mtime(stat))

    def remove_photo(self, sha256: str) -> None:
        self.path_for(sha256).unlink(missing_ok=True)

    def sweep_partials(self, older_than: datetime) -> list[Removed]:
        removed: list[Removed] = []
        base = self.root / PARTIALS
        for entry in _children(base):
            if entry.is_dir() and OWNER.match(entry.name):
                names = {path.name.removesuffix(".lock") for path in _children(entry)}
                for sha256 in sorted(name for name in names if SHA.match(name)):
                    removed += self._sweep_partial(entry.name, sha256, older_than)
            else:  # the layout before partials had owners: <sha> and <sha>.lock
                removed += _remove_if_old(entry, older_than)
        # Temp files of writes a crash interrupted, and health probes never deleted.
        for leftover in (*self.root.glob("[0-9a-f][0-9a-f]/.tmp-*"), *self.root.glob(".health-*")):
            removed += _remove_if_old(leftover, older_than)
        return removed

    def _sweep_partial(self, owner: str, sha256: str, older_than: datetime) -> list[Removed]:
        """Remove one abandoned partial (and its lock file) unless a writer holds it."""
        part = self._partial(owner, sha256)
        lock_path = part.with_suffix(".lock")
        if not _older(part, older_than) or not _older(lock_path, older_than):
            return []
        try:
            with open(lock_path, "a") as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return []  # being written right now
                if not _still_linked(fh, lock_path) or not _older(part, older_than):
                    return []  # resumed meanwhile
                size = part.stat().st_size if part.exists() else 0
                part.unlink(missing_ok=True)
                lock_path.unlink(missing_ok=True)
        except FileNotFoundError:
            return []
        return [Removed(str(part.relative_to(self.root)), size)]


def _children(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []


def _still_linked(fh: io.TextIOBase, path: Path) -> bool:
    """Whether the open file is still the one at ``path`` (not unlinked meanwhile)."""
    try:
        return os.path.samestat(os.fstat(fh.fileno()), os.stat(path))
    except FileNotFoundError:
        return False


def _older(path: Path, older_than: datetime) -> bool:
    """Last changed before ``older_than``; a missing file counts as old."""
    try:
        return _mtime(path.stat()) < older_than
    except FileNotFoundError:
        return True


def _remove_if_old(path: Path, older_than: datetime) -> list[Removed]:
    try:
        stat = path.stat()
        if not path.is_file() or _mtime(stat) >= older_than:
            return []
        path.unlink()
    except FileNotFoundError:
        return []
    return [Removed(path.name, stat.st_size)]


def _mtime(stat: os.stat_result) -> datetime:
    return datetime.fromtimestamp(stat.st_mtime, UTC)
