"""WAL checkpoints run on their own thread, never in a writer's commit, and the WAL stays
bounded even when writes hardly pause (a first pull)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import text

from gridapp.store import wal_index
from gridapp.store.checkpointer import Checkpointer
from gridapp.store.database import Database


def _wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def _fill(db: Database, transactions: int, rows: int = 40) -> None:
    """Writes of ~10 pages each: rows of 1 KB in a scratch table."""
    with db.write() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS scratch (n INTEGER, blob TEXT)"))
    for t in range(transactions):
        with db.write() as conn:
            conn.execute(
                text("INSERT INTO scratch VALUES (:n, :blob)"),
                [{"n": t * rows + i, "blob": "x" * 1000} for i in range(rows)],
            )


def _unbackfilled(path: Path) -> int:
    """WAL frames not yet in the database file, as another connection sees it."""
    conn = sqlite3.connect(path)
    try:
        # a NOOP mode does not exist: a PASSIVE checkpoint that another checkpointer
        # beats returns busy; the frames/done it reports are still the WAL's
        _busy, frames, done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return frames - done
    finally:
        conn.close()


def test_the_writer_never_checkpoints_and_the_thread_does(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.db")
    try:
        with db.write() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        assert db.checkpoints is not None
        before = db.checkpoints.runs
        _fill(db, 5)
        assert db.checkpoints.backlog() > 0  # below the threshold: left until writing pauses
        assert _wait_for(lambda: db.checkpoints.runs > before), "no checkpoint after a pause"
        assert db.checkpoints.backlog() == 0
        assert _unbackfilled(tmp_path / "s.db") == 0
    finally:
        db.close()
    assert db.checkpoints._thread is not None and not db.checkpoints._thread.is_alive()


def test_the_wal_stays_bounded_under_back_to_back_writes(tmp_path: Path) -> None:
    """200 transactions of ~10 pages with no pause: 8 MB of WAL if it never started over;
    checkpointed past a backlog of 100 pages it stays within a few hundred."""
    db = Database(tmp_path / "s.db")
    assert db.checkpoints is not None
    db.checkpoints.close()
    shm = tmp_path / "s.db-shm"
    db.checkpoints = Checkpointer(db.reader.raw_connection, db._write_lock, shm, backlog_frames=100)
    try:
        _fill(db, 200)
        assert _wait_for(lambda: db.checkpoints.restarts > 0)
        wal = (tmp_path / "s.db-wal").stat().st_size
        assert wal < 3 * 1024 * 1024, f"WAL grew to {wal:,} bytes"
        with db.read() as conn:
            assert conn.execute(text("SELECT count(*) FROM scratch")).scalar() == 200 * 40
    finally:
        db.close()


def test_a_save_does_not_wait_for_the_bulk_of_a_checkpoint(tmp_path: Path) -> None:
    """While the thread copies the WAL (step 1, no lock), a write goes through."""
    db = Database(tmp_path / "s.db")
    assert db.checkpoints is not None
    db.checkpoints.close()
    started, release = threading.Event(), threading.Event()

    class SlowConnection:
        """The checkpoint connection, held inside its first checkpoint until released."""

        def __init__(self) -> None:
            self.inner = db.reader.raw_connection()

        def cursor(self):
            started.set()
            release.wait(10)
            return self.inner.cursor()

        def close(self) -> None:
            self.inner.close()

    shm = tmp_path / "s.db-shm"
    db.checkpoints = Checkpointer(SlowConnection, db._write_lock, shm, backlog_frames=1)
    try:
        _fill(db, 1)  # wakes the thread, which holds in its checkpoint
        assert started.wait(10)
        t0 = time.monotonic()
        _fill(db, 1)
        assert time.monotonic() - t0 < 2.0
        release.set()
    finally:
        release.set()
        db.close()


# SQLite's unix VFS: the "DMS" byte of the -shm, read-locked by every process with the
# store open; a process that can write-lock it takes itself for the only one and starts
# the -shm anew (truncating it under the others' mappings: SIGBUS).
_DMS_BYTE = (22 + 8) * 4 + 8
_PROBE = (
    "import fcntl, os, sys\n"
    "fd = os.open(sys.argv[1], os.O_RDWR)\n"
    "try:\n"
    "    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, int(sys.argv[2]))\n"
    "except OSError:\n"
    "    print('held')\n"
    "else:\n"
    "    print('free')\n"
)


def _dms_seen_by_another_process(shm: Path) -> str:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(shm), str(_DMS_BYTE)],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_reading_the_wal_index_keeps_sqlites_locks(tmp_path: Path) -> None:
    """Closing a descriptor of the -shm drops this process's locks on it: the checkpoints'
    reads of its header must not, or another process re-initialises it under us."""
    before = wal_index.held()
    db = Database(tmp_path / "s.db")
    shm = tmp_path / "s.db-shm"
    try:
        _fill(db, 3)
        assert db.checkpoints is not None
        assert _wait_for(lambda: db.checkpoints.runs > 0)
        for _ in range(3):
            assert db.checkpoints.backlog() is not None
        with db.read() as conn:  # SQLite's connections stay open in the pool
            conn.execute(text("SELECT count(*) FROM scratch")).scalar()
        assert _dms_seen_by_another_process(shm) == "held"
    finally:
        db.close()
    assert not shm.exists()  # SQLite's last connection removed it ...
    assert wal_index.held() == before  # ... and our descriptor of it went with it
