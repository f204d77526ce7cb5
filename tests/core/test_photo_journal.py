"""Photos saved through the photo journal: one fsync per save, nothing lost on the way.

A save journals its photo in the event's transaction; a settler writes it into the
file store afterwards. Tests run the settler by hand (``background = False``) where the
moment matters, and check the store with plain sqlite3 where the code under test
could hide a loss.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from gridapp.errors import DiskFullError
from gridapp.store.database import Database
from gridapp.store.files import FileStore
from gridapp.store.store_key import DataKey
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE, jpeg, point_of
from tests.fs_helpers import small_disk  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]


def report(ws: Workspace, photo: bytes, n: int = 0) -> str:
    x, y = point_of(ws, "wg001")
    (case_id,) = ws.report(
        source="patrol",
        category_code=GARBAGE,
        lon=x,
        lat=y,
        description=f"暴露垃圾 {n}",
        photos=[photo],
    ).case_ids
    return case_id


def journal_rows(db: Path, key: DataKey | None = None) -> dict[str, bytes]:
    if key is None:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    else:
        from sqlcipher3 import dbapi2

        conn = dbapi2.connect(f"file:{db}?mode=ro", uri=True)
        conn.execute(f"PRAGMA key = \"x'{key.database_key.hex()}'\"")
    with closing(conn):
        return {s: bytes(d) for s, d in conn.execute("SELECT sha256, data FROM photo_journal")}


@pytest.fixture
def officer(store_path: Path, clock) -> Iterator[Workspace]:
    ws = Workspace.open(store_path, clock=clock)
    assert ws.journal is not None
    ws.journal.background = False  # the test settles by hand
    ws.act_as("wg001")
    yield ws
    ws.close()


def test_photo_is_journaled_with_its_event_then_settles_into_the_file_store(officer):
    photo = jpeg(1)
    sha = hashlib.sha256(photo).hexdigest()
    case_id = report(officer, photo)
    path = officer.files.path_for(sha)

    assert not path.exists()  # the save waited for no photo file
    assert journal_rows(officer.db.path) == {sha: photo}  # committed with the event
    assert officer.record(case_id).photos == (sha,)

    assert officer.journal.settle() == 1
    assert path.read_bytes() == photo
    assert journal_rows(officer.db.path) == {}
    assert officer.journal.pending() == [] and officer.journal.last_error is None


def test_a_photo_reads_the_same_before_it_settles(officer):
    photo = jpeg(2)
    sha = hashlib.sha256(photo).hexdigest()
    report(officer, photo)
    assert officer.files.has(sha) and not officer.files.path_for(sha).exists()
    assert officer.files.read(sha) == photo
    assert officer.photo_bytes(sha) == photo
    # A widget that opens the file by path gets it: that photo settles on the spot.
    assert officer.photo_file(sha).read_bytes() == photo
    assert officer.journal.pending() == []


def test_the_background_settler_writes_the_file_and_the_next_save_drops_the_row(officer):
    officer.journal.background = True
    first, second = jpeg(3), jpeg(4)
    report(officer, first, 1)
    sha = hashlib.sha256(first).hexdigest()
    deadline = time.monotonic() + 10
    while not officer.files.path_for(sha).is_file() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert officer.files.path_for(sha).read_bytes() == first
    assert sha in journal_rows(officer.db.path)  # its delete waits for the next commit
    report(officer, second, 2)
    assert sha not in journal_rows(officer.db.path)


KILL_AFTER_COMMIT = """
import os, signal, sys
from gridapp.workspace import Workspace
from tests.core.test_photo_journal import report
ws = Workspace.open(sys.argv[1])
ws.journal.background = False
ws.act_as("wg001")
report(ws, bytes.fromhex(sys.argv[2]))
print("saved", flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # between the commit and the settle
"""


def test_a_kill_between_commit_and_settle_loses_nothing_and_open_settles_it(
    store_path: Path, clock
):
    photo = jpeg(5)
    sha = hashlib.sha256(photo).hexdigest()
    done = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_COMMIT, str(store_path), photo.hex()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert done.returncode == -9 and done.stdout.strip() == "saved", done.stderr
    files = FileStore(store_path.with_name(store_path.stem + "-files"))
    assert not files.path_for(sha).exists()
    assert journal_rows(store_path) == {sha: photo}

    with Workspace.open(store_path, clock=clock) as ws:  # opening settles the leftover
        assert files.path_for(sha).read_bytes() == photo
        assert journal_rows(store_path) == {}
        ws.act_as("wg001")
        (case,) = ws.list_cases()
        assert ws.record(case.id).photos == (sha,)


def test_full_disk_while_settling_keeps_the_photo_in_the_journal_until_space_is_freed(
    small_disk,  # noqa: F811
    store_path: Path,
    clock,
    caplog,
):
    disk = small_disk(4 * 1024 * 1024)
    files = FileStore(disk.root / "files")
    ws = Workspace(Database(store_path), files=files, clock=clock)
    try:
        ws.journal.background = False
        ws.act_as("wg001")
        disk.fill(leave=0)
        photo = jpeg(7)
        sha = hashlib.sha256(photo).hexdigest()
        report(ws, photo)  # the database is elsewhere: the save itself succeeds

        with pytest.raises(DiskFullError) as failed:
            ws.journal.settle()
        assert failed.value.code == "disk_full" and str(disk.root) in failed.value.message
        assert ws.journal.last_error is failed.value  # why the photo waits, for the UI
        assert ws.journal.pending() == [sha] and journal_rows(store_path) == {sha: photo}
        assert not any(p.is_file() for p in files.root.rglob("*"))  # no torn, no temp file
        assert ws.files.read(sha) == photo

        ws.journal.background = True  # the settler thread logs and keeps it
        ws.journal.committed()
        deadline = time.monotonic() + 10
        while "photos wait in the journal (disk_full)" not in caplog.text:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert journal_rows(store_path) == {sha: photo}

        disk.release()
        ws.journal.background = False
        assert ws.journal.settle() == 1  # the retry, once space is freed
        assert files.path_for(sha).read_bytes() == photo
        assert journal_rows(store_path) == {} and ws.journal.last_error is None
    finally:
        ws.close()
