"""A child saving cases with photos is SIGKILLed at random moments, ROUNDS times.

Afterwards the database passes ``PRAGMA integrity_check``, every case whose save
returned (the child printed it) is complete — row, events, files on disk with the
right content (or, killed before it settled, the photo whole in ``photo_journal``;
the final open settles those into files) — and no half case exists anywhere.

One store is reused across all rounds, so state (and the WAL) accumulates as on a
real laptop. The store is checked with plain ``sqlite3`` and ``hashlib``, not with
the code under test. Leftover ``.tmp-*`` files in the photo folder are garbage the
file store may leave on a crash; they are allowed, a missing or wrong named file
is not.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import random
import secrets
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from gridapp.store.sealed_files import unseal
from gridapp.store.store_key import DataKey
from gridapp.workspace import Workspace
from tests.faults.crash_child import KEY_ENV
from tests.faults.sync_helpers import soak_rounds

ROUNDS = soak_rounds(120)
FULL_CHECK_EVERY = 10  # re-hash every photo on disk every 10th round and at the end
MAX_SLEEP_S = 0.3  # kill 0–300 ms after the child said "ready"
WAIT_S = 60.0  # a child that hangs fails the test instead of hanging CI
AHEAD = 2  # children started early, importing while the current one saves
SEED = 20261116
CHILD = Path(__file__).with_name("crash_child.py")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@dataclass
class Ledger:
    """What the children said had returned, over all rounds."""

    saved: dict[str, str] = field(default_factory=dict)  # case id → report photo sha256
    acted: list[tuple[str, str, str | None]] = field(default_factory=list)

    def add(self, line: str) -> None:
        parts = line.split()
        if parts[0] == "saved" and len(parts) == 3:
            self.saved[parts[1]] = parts[2]
        elif parts[0] == "acted" and len(parts) == 4:
            self.acted.append((parts[1], parts[2], None if parts[3] == "-" else parts[3]))
        else:
            raise AssertionError(f"unexpected line from the child: {line!r}")


class Child:
    """One run of crash_child.py, its stdout read line by line on a thread."""

    def __init__(self, store: Path, seed: int, stderr_path: Path, key: bytes | None = None) -> None:
        self.stderr_path = stderr_path
        self._stderr = stderr_path.open("wb")
        env = dict(os.environ)
        if key is not None:
            env[KEY_ENV] = key.hex()
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(store), str(seed), "--wait"],
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            stdin=subprocess.PIPE,
            cwd=ROOT,
            env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            if raw.endswith(b"\n"):  # a torn last line cannot be a finished save
                self.lines.put(raw.decode().rstrip("\n"))
        self.lines.put(None)

    def next_line(self, deadline: float) -> str | None:
        try:
            return self.lines.get(timeout=max(deadline - time.monotonic(), 0.001))
        except queue.Empty:
            raise AssertionError(f"child silent for {WAIT_S:.0f} s{self.stderr()}") from None

    def go(self) -> None:
        """Let the child (started early, imports done or under way) open the store."""
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(b"go\n")
            self.proc.stdin.close()
        except BrokenPipeError:
            pass  # it died while importing: wait_ready() reports its stderr

    def wait_ready(self) -> None:
        deadline = time.monotonic() + WAIT_S
        line = self.next_line(deadline)
        if line != "ready":
            raise AssertionError(f"child did not get ready: {line!r}{self.stderr()}")

    def kill(self) -> list[str]:
        """SIGKILL the child; every line it printed (its saves that returned)."""
        self.proc.send_signal(signal.SIGKILL)
        try:
            self.proc.wait(timeout=WAIT_S)
        except subprocess.TimeoutExpired:
            raise AssertionError("killed child did not exit") from None
        if self.proc.returncode != -signal.SIGKILL:
            raise AssertionError(
                f"child exited by itself ({self.proc.returncode}) before the kill{self.stderr()}"
            )
        deadline = time.monotonic() + WAIT_S
        lines = []
        while (line := self.next_line(deadline)) is not None:
            lines.append(line)
        self._reader.join(timeout=WAIT_S)
        return lines

    def stderr(self) -> str:
        self._stderr.flush()
        text = self.stderr_path.read_text(errors="replace")
        return f"\n--- child stderr ---\n{text[-4000:]}" if text else ""

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=WAIT_S)
        self._reader.join(timeout=WAIT_S)  # it ends at EOF, before its pipe is closed
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()
        self._stderr.close()


class Plain:
    """Reads the store as written: plain SQLite and photo files as they are."""

    def connect(self, store: Path) -> Any:
        return sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=WAIT_S)

    def photo(self, path: Path) -> bytes:
        return path.read_bytes()


class Encrypted(Plain):
    """Reads an encrypted client store with its key (SQLCipher, sealed photo files)."""

    def __init__(self, key: DataKey) -> None:
        self.key = key

    def connect(self, store: Path) -> Any:
        from sqlcipher3 import dbapi2

        conn = dbapi2.connect(f"file:{store}?mode=ro", uri=True, timeout=WAIT_S)
        conn.execute(f"PRAGMA key = \"x'{self.key.database_key.hex()}'\"")
        conn.execute("PRAGMA cipher_compatibility = 4")
        return conn

    def photo(self, path: Path) -> bytes:
        return unseal(self.key.photo_key, path.name, path.read_bytes())


JOURNALED: list[int] = []  # photos found in the journal (not yet settled), per check


def check_store(
    store: Path, ledger: Ledger, verified: set[str], *, full: bool, reader: Plain | None = None
) -> int:
    """Assert the store is whole; return the number of cases in it.

    ``verified`` holds photo names already hashed and found right; a ``full`` check
    hashes every file again (photos are immutable, so between full checks only new
    files are hashed).
    """
    files = store.with_name(store.stem + "-files")
    if full:
        verified.clear()
    # mode=ro: closing the connection must not checkpoint the WAL, so the WAL keeps
    # growing across rounds and the children's own checkpoints get killed too.
    reader = reader or Plain()
    conn = reader.connect(store)
    try:

        def rows(sql: str, *args: object) -> list[tuple]:
            return conn.execute(sql, args).fetchall()

        assert rows("PRAGMA integrity_check") == [("ok",)]
        assert rows("PRAGMA foreign_key_check") == []

        # Every save that returned is complete.
        case_ids = {r[0] for r in rows("SELECT id FROM cases")}
        events: dict[str, list[tuple[str, str]]] = {}
        for event_id, case_id, action in rows("SELECT id, case_id, action FROM case_events"):
            events.setdefault(case_id, []).append((event_id, action))
        case_files: dict[str, set[tuple[str, str]]] = {}  # case id → {(event id, sha)}
        for event_id, sha, case_id in rows("SELECT event_id, sha256, case_id FROM case_files"):
            case_files.setdefault(case_id, set()).add((event_id, sha))
        attachments = dict(rows("SELECT sha256, size FROM attachments"))

        for case_id, sha in ledger.saved.items():
            assert case_id in case_ids, f"returned save lost its case row: {case_id}"
            reports = [e for e, action in events.get(case_id, []) if action == "report"]
            assert len(reports) == 1, f"returned save has no report event: {case_id}"
            assert (reports[0], sha) in case_files.get(case_id, set()), (
                f"returned save lost its photo row: {case_id} {sha}"
            )
        for case_id, action, sha in ledger.acted:
            acts = [e for e, a in events.get(case_id, []) if a == action]
            assert acts, f"returned {action} lost its event: {case_id}"
            if sha is not None:
                assert any((e, sha) in case_files.get(case_id, set()) for e in acts), (
                    f"returned {action} lost its photo row: {case_id} {sha}"
                )

        # No half case: row and log agree, case by case.
        assert case_ids == set(events), (
            f"cases without events: {sorted(case_ids - set(events))[:5]}, "
            f"events without a case: {sorted(set(events) - case_ids)[:5]}"
        )
        versions = dict(rows("SELECT id, version FROM cases"))
        for case_id, case_events in events.items():
            actions = [a for _, a in case_events]
            assert actions.count("report") == 1, f"{case_id}: {actions}"
            assert versions[case_id] == len(case_events), (
                f"{case_id}: projection version {versions[case_id]} ≠ {len(case_events)} events"
            )
        event_case = {e: c for c, evs in events.items() for e, _ in evs}
        for case_id, refs in case_files.items():
            for event_id, sha in refs:
                assert event_case.get(event_id) == case_id, f"case_files row astray: {event_id}"
                assert sha in attachments, f"case_files names unknown photo {sha}"
        for case_id, photos_json in rows("SELECT id, photos FROM cases"):
            shas = {s for _, s in case_files.get(case_id, set())}
            assert set(json.loads(photos_json)) <= shas, f"{case_id}: photos without rows"

        # Every attachment row names a whole photo: its file on disk or, when the kill came
        # between the save's commit and the settling of its photo, its photo_journal row
        # (committed in the same transaction as the event; settled at the next open).
        journal = dict(rows("SELECT sha256, data FROM photo_journal"))
        JOURNALED.append(len(journal))
        for sha, size in attachments.items():
            if sha in verified:
                continue
            path = files / sha[:2] / sha
            if not path.is_file() and sha in journal:
                data = bytes(journal[sha])
                assert len(data) == size and hashlib.sha256(data).hexdigest() == sha, (
                    f"journaled photo torn or wrong: {sha}"
                )
                continue  # its file is checked once it has settled
            assert path.is_file(), f"attachment without its file: {sha}"
            data = reader.photo(path)
            assert len(data) == size and hashlib.sha256(data).hexdigest() == sha, (
                f"photo file torn or wrong: {sha}"
            )
            verified.add(sha)
    finally:
        conn.close()

    if full and files.is_dir():
        # Any file that got its final name is whole, referenced or not.
        for path in files.glob("*/*"):
            if path.name.startswith(".tmp-") or path.name in verified:
                continue
            digest = hashlib.sha256(reader.photo(path)).hexdigest()
            assert digest == path.name, f"file under a wrong name: {path}"
    return len(case_ids)


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_sigkill_while_saving_keeps_store_whole(
    store_path: Path, tmp_path: Path, encrypted: bool
) -> None:
    """Encrypted: the laptop's client store; the first child converts the plain store
    it finds (so a kill can also land in the conversion)."""
    key = None
    if encrypted:
        pytest.importorskip("sqlcipher3")
        key = DataKey(secrets.token_bytes(32))
    reader = Encrypted(key) if key else Plain()
    JOURNALED.clear()
    rng = random.Random(SEED)
    ledger = Ledger()
    verified: set[str] = set()
    empty_rounds = 0
    n_cases = 0
    started = time.monotonic()
    timing = {"start": 0.0, "check": 0.0}

    def spawn(round_no: int) -> Child:
        err = tmp_path / f"child{round_no % (AHEAD + 1)}.err"
        return Child(store_path, rng.randrange(1 << 30), err, key.secret if key else None)

    # The oldest child saves; the next AHEAD ones import meanwhile, then wait for "go".
    children = [spawn(n) for n in range(1, min(AHEAD, ROUNDS) + 1)]
    try:
        for round_no in range(1, ROUNDS + 1):
            child = children[0]
            t0 = time.monotonic()
            child.go()
            child.wait_ready()
            timing["start"] += time.monotonic() - t0
            if round_no + AHEAD <= ROUNDS:
                children.append(spawn(round_no + AHEAD))
            time.sleep(rng.uniform(0.0, MAX_SLEEP_S))
            lines = child.kill()
            child.close()
            children.remove(child)
            for line in lines:
                ledger.add(line)
            empty_rounds += not lines
            full = round_no % FULL_CHECK_EVERY == 0 or round_no == ROUNDS
            t0 = time.monotonic()
            if round_no == 1 and encrypted:  # a kill may land in the conversion: finish it
                from gridapp.store.client_store import open_encrypted

                db, _ = open_encrypted(store_path, key)
                db.close()
            n_cases = check_store(store_path, ledger, verified, full=full, reader=reader)
            timing["check"] += time.monotonic() - t0
    finally:
        for child in children:
            child.close()

    # Opening the store settles what the kills left in the journal: then every photo is a file.
    left, wal = JOURNALED[-1], _size(store_path, "-wal")
    ws = Workspace.open(store_path, key=key)
    ws.close()
    check_store(store_path, ledger, verified, full=True, reader=reader)
    assert JOURNALED[-1] == 0, "journaled photos left after an open"
    files = store_path.with_name(store_path.stem + "-files")
    temps = sum(1 for _ in files.glob("*/.tmp-*")) if files.is_dir() else 0
    print(
        f"\n{ROUNDS} kills in {time.monotonic() - started:.1f} s: "
        f"{len(ledger.saved)} returned saves, {len(ledger.acted)} returned actions, "
        f"{n_cases} cases stored, {empty_rounds} rounds killed before any save returned, "
        f"{temps} temp files left, {sum(1 for n in JOURNALED if n)} checks found photos "
        f"in the journal (the last: {left}), WAL {wal}; "
        f"waiting for ready {timing['start']:.1f} s, checking {timing['check']:.1f} s"
    )
    assert ledger.saved, "no save ever returned: the kills came too early to test anything"
    assert n_cases >= len(ledger.saved)


def _size(store: Path, suffix: str) -> str:
    path = store.with_name(store.name + suffix)
    return f"{path.stat().st_size / 1e6:.1f} MB" if path.exists() else "none"


def test_child_program_is_importable_without_pytest() -> None:
    """The child must stay light: it must not pull in pytest or the test package."""
    code = (
        "import runpy, sys; sys.argv=['x']; "
        f"runpy.run_path({str(CHILD)!r}, run_name='not_main'); "
        "print('pytest' in sys.modules, 'tests' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=WAIT_S
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]
