"""Helpers of the sync fault tests: clients, cases, child processes, the convergence check.

Kept free of pytest fixtures so that ``sync_child.py`` (a plain program) can import
it too. The one check every fault test ends with is :func:`assert_converged`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import queue
import random
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from PIL import Image
from sqlalchemy import select

from gridapp.store.database import Database
from gridapp.store.files import FileStore
from gridapp.store.schema import case_events, cases
from gridapp.sync.client import SyncClient
from gridapp.sync.protocol import API_PREFIX, EventIn, EventStatusOut, PullResponse, PushResponse
from gridapp.sync.tokens import TokenStore
from gridapp.sync.transport import Transport
from gridapp.workspace import Workspace

PASSWORD = "demo1234"
OFFICER = "wg001"  # grid officer of community 370306001001 (丝绸路街道: district tier)
OTHER_OFFICER = "wg002"  # community 370306001002: out of wg001's scope
INTAKE = "shouli"  # district intake: sees every district-tier case
CATEGORY = "020102"  # 暴露垃圾
ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("sync_child.py")
WAIT_S = 60.0  # no single wait in these tests may take longer: a hang fails, never blocks CI


def soak_rounds(rounds: int) -> int:
    """Rounds of a crash loop: ``rounds`` in CI, times GRIDAPP_SOAK for a longer soak
    (e.g. GRIDAPP_SOAK=4 before a release; raise the pytest timeout with it)."""
    return max(1, round(rounds * float(os.environ.get("GRIDAPP_SOAK", "1"))))


ACKED = (EventStatusOut.ACCEPTED, EventStatusOut.DUPLICATE)


# -- photos and cases ---------------------------------------------------------------------


def jpeg(rng: random.Random, width: int = 48, height: int = 36) -> bytes:
    """A small real JPEG of noise (2–4 KB): every call gives new content, so a new SHA-256."""
    img = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70)
    return buf.getvalue()


def point_in(ws: Workspace, username: str, rng: random.Random) -> tuple[float, float]:
    """A random point that falls in one of ``username``'s grids."""
    codes = sorted(ws.reference.user(username).grid_codes)
    grid = ws.reference.grids[rng.choice(codes)]
    minx, miny, maxx, maxy = grid.polygon.bounds
    for _ in range(200):
        lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        found = ws.reference.grid_index.locate(lon, lat)
        if found is not None and found.code in codes:
            return lon, lat
    point = grid.polygon.representative_point()
    return point.x, point.y


def report(
    ws: Workspace, rng: random.Random, text: str, *, photo: bool = False, username: str = OFFICER
) -> str:
    """``username`` reports a case in their own grids; returns the case id."""
    lon, lat = point_in(ws, username, rng)
    changes = ws.report(
        source="patrol",
        category_code=CATEGORY,
        lon=lon,
        lat=lat,
        description=text,
        photos=[jpeg(rng)] if photo else [],
    )
    (case_id,) = changes.case_ids
    return case_id


# -- clients --------------------------------------------------------------------------------


class RecordingTransport(Transport):
    """A transport that keeps every push acknowledgement the service sent back (2xx only).

    ``pull_limit`` makes each pull page small, so that a backlog spans many pages.
    """

    def __init__(self, *args: Any, pull_limit: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("timeout", WAIT_S / 2)
        super().__init__(*args, **kwargs)
        self.pull_limit = pull_limit
        self.results: list[tuple[str, str, int | None]] = []  # (event id, status, seq)

    def push(self, events: list[EventIn]) -> PushResponse:
        response = super().push(events)
        self.results += [(r.id, r.status.value, r.seq) for r in response.results]
        return response

    def pull(
        self, since: int, limit: int | None = None, catalog: int | None = None
    ) -> PullResponse:
        return super().pull(since, limit or self.pull_limit, catalog)

    def statuses(self, event_id: str) -> list[str]:
        return [status for i, status, _ in self.results if i == event_id]

    def acknowledged(self) -> dict[str, int]:
        """Event id → seq of every event the service said it holds."""
        acks: dict[str, int] = {}
        for event_id, status, seq in self.results:
            if status in ACKED:
                assert seq is not None, f"acknowledged without a seq: {event_id}"
                assert acks.setdefault(event_id, seq) == seq, f"two seqs for {event_id}"
        return acks


@dataclass
class Client:
    ws: Workspace
    sync: SyncClient
    transport: RecordingTransport
    username: str

    @property
    def db(self) -> Database:
        return self.ws.db

    def close(self) -> None:
        self.transport.close()
        self.ws.close()


def open_client(
    path: Path,
    url: str,
    username: str,
    *,
    token: str | None = None,
    pull_limit: int | None = None,
) -> Client:
    """A client store at ``path`` for ``username``: logged in online, or given a token."""
    ws = Workspace.open_client(path)
    transport = RecordingTransport(url, token, pull_limit=pull_limit)
    tokens = TokenStore(path.with_name(path.stem + "-tokens"), use_keyring=False)
    sync = SyncClient(ws, url, tokens, transport=transport)
    if token is None:
        sync.login(username, PASSWORD)
    else:
        ws.act_as(username)
    return Client(ws, sync, transport, username)


def login(url: str, username: str, password: str = PASSWORD) -> str:
    with httpx.Client(timeout=WAIT_S) as http:
        r = http.post(
            url + API_PREFIX + "/auth/login", json={"username": username, "password": password}
        )
    assert r.status_code == 200, r.text
    return r.json()["token"]


def copy_store(source: Path, target: Path) -> None:
    """Copy a closed client store (its WAL checkpointed) and its photo folder."""
    assert not Path(str(source) + "-wal").exists() or Path(str(source) + "-wal").stat().st_size == 0
    shutil.copyfile(source, target)
    files = source.with_name(source.stem + "-files")
    if files.is_dir():
        shutil.copytree(files, target.with_name(target.stem + "-files"))


def wait_healthy(
    url: str, *, proc: subprocess.Popen | None = None, timeout: float = WAIT_S
) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2) as http:
        while True:
            try:
                if http.get(url + API_PREFIX + "/health").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if proc is not None and proc.poll() is not None:
                raise AssertionError(f"the service exited with {proc.returncode}")
            if time.monotonic() > deadline:
                raise AssertionError(f"the service at {url} did not come up in {timeout} s")
            time.sleep(0.02)


def in_scope(url: str, token: str) -> dict[str, int]:
    """Event id → seq of everything the service would give this user from a cursor of 0."""
    transport = Transport(url, token, timeout=WAIT_S)
    found: dict[str, int] = {}
    cursor = 0
    try:
        while True:
            page = transport.pull(cursor)
            found.update({e.id: e.seq for e in page.events})
            cursor = page.cursor
            if not page.more:
                return found
    finally:
        transport.close()


# -- the convergence check --------------------------------------------------------------


def event_rows(db: Database) -> list[dict[str, Any]]:
    with db.read() as conn:
        return [dict(r) for r in conn.execute(select(case_events)).mappings()]


def _projection(db: Database) -> dict[str, int]:
    with db.read() as conn:
        return {r.id: r.version for r in conn.execute(select(cases.c.id, cases.c.version))}


def assert_converged(
    server: Database,
    clients: Mapping[str, Database] = {},
    *,
    acknowledged: Mapping[str, int] = {},
    exactly: Iterable[str] | None = None,
    scopes: Mapping[str, Iterable[str]] = {},
    files: FileStore | None = None,
    settled: bool = True,
) -> dict[str, int]:
    """Nothing acknowledged is lost, nothing is duplicated; server and clients agree.

    server: the central store. Each event id once, every event accepted with a seq
    of its own; every case has one report, the first of its events, and a projection
    row whose version counts its events; every photo an event names is in ``files``.
    acknowledged: event id → seq some client was told: there, once, with that seq.
    exactly: when given, the server holds these events and no others.
    clients: label → client store. ``settled``: nothing pending. Every event a client
    holds is on the server with the same seq, server time and payload; no event is
    refused; the client's projection covers exactly the cases of its events.
    scopes: label → event ids the client must hold, no more, no less.
    Returns the server's event id → seq.
    """
    rows = event_rows(server)
    ids = Counter(r["id"] for r in rows)
    twice = [i for i, n in ids.items() if n > 1]
    assert not twice, f"events stored twice on the server: {twice[:5]}"
    seqs = Counter(r["seq"] for r in rows)
    assert None not in seqs, "an event on the server without a seq"
    assert all(n == 1 for n in seqs.values()), "two events share a seq on the server"
    assert {r["status"] for r in rows} <= {"accepted"}, "a non-accepted event on the server"
    by_id = {r["id"]: r for r in rows}
    seq_of = {r["id"]: r["seq"] for r in rows}

    lost = {i: s for i, s in acknowledged.items() if i not in seq_of}
    assert not lost, f"{len(lost)} acknowledged events lost, e.g. {sorted(lost)[:3]}"
    moved = {i: (s, seq_of[i]) for i, s in acknowledged.items() if seq_of[i] != s}
    assert not moved, f"acknowledged with another seq (told, stored): {list(moved.items())[:3]}"
    if exactly is not None:
        wanted = set(exactly)
        # the service's own 疑似重复 flags (reports near each other) are made by no client
        flags = {r["id"] for r in rows if r["action"] == "flag_duplicate"}
        missing, extra = wanted - set(seq_of), set(seq_of) - wanted - flags
        assert not missing, f"{len(missing)} events never reached the server: {sorted(missing)[:3]}"
        assert not extra, f"{len(extra)} unexpected events on the server: {sorted(extra)[:3]}"

    per_case: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: r["seq"]):
        per_case.setdefault(r["case_id"], []).append(r)
    versions = _projection(server)
    assert set(versions) == set(per_case), "server: cases and their events disagree"
    for case_id, evs in per_case.items():
        actions = [e["action"] for e in evs]
        assert actions[0] == "report" and actions.count("report") == 1, f"{case_id}: {actions}"
        assert versions[case_id] == len(evs), f"{case_id}: version {versions[case_id]} ≠ {actions}"
    if files is not None:
        for r in rows:
            for sha in json.loads(r["payload"]).get("photos") or []:
                assert files.has(sha), f"event {r['id']} names a photo the server lacks: {sha}"

    for label, db in clients.items():
        held = event_rows(db)
        assert len({r["id"] for r in held}) == len(held), f"{label}: an event held twice"
        status = Counter(r["status"] for r in held)
        assert not status["rejected"], f"{label}: {status['rejected']} events refused"
        unsent = status["pending"] + status["resend"]
        if settled:
            assert not unsent, f"{label}: {unsent} events not acknowledged yet"
        for r in held:
            if r["status"] == "pending":
                assert r["seq"] is None, f"{label}: pending event {r['id']} has a seq"
            if r["status"] != "accepted":
                continue
            mine = by_id.get(r["id"])
            assert mine is not None, f"{label}: holds {r['id']} as accepted, the server not"
            assert r["seq"] == mine["seq"], f"{label}: {r['id']} seq {r['seq']} ≠ {mine['seq']}"
            assert r["at_server"] == mine["at_server"], f"{label}: {r['id']} server time differs"
            if r["action"] == "flag_duplicate":
                continue  # the pull cuts a 疑似重复 flag's payload to the viewer's scope
            assert json.loads(r["payload"]) == json.loads(mine["payload"]), (
                f"{label}: {r['id']} payload differs from the server's"
            )
        if label in scopes:
            want, have = set(scopes[label]), {r["id"] for r in held}
            assert have == want, (
                f"{label}: {len(want - have)} in-scope events missing, "
                f"{len(have - want)} held beyond scope"
            )
        if settled:
            assert set(_projection(db)) == {r["case_id"] for r in held}, (
                f"{label}: projection and events disagree"
            )
    return seq_of


def cursor_of(state: Mapping[str, str], username: str) -> int:
    """The pull cursor a client store keeps for ``username`` (0 before the first page)."""
    return int(state.get(f"cursor:{username}") or state.get("cursor") or 0)


def sqlite_integrity(path: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(path, timeout=WAIT_S)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


# -- child processes ------------------------------------------------------------------------


@dataclass
class Child:
    """One ``sync_child.py`` of ``kind`` (serve or client): warms up, then takes jobs."""

    stderr_path: Path
    kind: str = "client"
    proc: subprocess.Popen = field(init=False)
    lines: queue.Queue = field(init=False, default_factory=queue.Queue)

    def __post_init__(self) -> None:
        self.warm = False  # said "warm": imports done
        self._stderr = self.stderr_path.open("wb")
        self.proc = subprocess.Popen(
            # faulthandler: a child killed by a signal (a SIGBUS seen twice, cause
            # unknown) leaves every thread's traceback in its stderr file
            [sys.executable, "-X", "faulthandler", str(CHILD), self.kind],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=ROOT,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            if raw.endswith(b"\n"):  # a torn last line (killed mid-write) is no message
                self.lines.put(raw.decode().rstrip("\n"))
        self.lines.put(None)

    def send(self, message: str | dict) -> None:
        assert self.proc.stdin is not None
        text = message if isinstance(message, str) else json.dumps(message)
        try:
            self.proc.stdin.write(text.encode() + b"\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            code = self.proc.wait(timeout=WAIT_S)
            raise AssertionError(f"child ended with {code} before a job{self.stderr()}") from None

    def expect(self, word: str, timeout: float = WAIT_S) -> list[str]:
        """Lines up to and including the first that starts with ``word``."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                msg = f"child said no {word!r} in {timeout} s{self.stderr()}"
                raise AssertionError(msg) from None
            if line is None:
                self.lines.put(None)
                raise AssertionError(f"child ended before {word!r}: {seen[-5:]}{self.stderr()}")
            seen.append(line)
            if line.split(" ", 1)[0] == word:
                return seen

    def drain(self) -> list[str]:
        out = []
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return out
            if line is None:
                self.lines.put(None)
                return out
            out.append(line)

    def stderr(self) -> str:
        self._stderr.flush()
        text = self.stderr_path.read_text(errors="replace")
        return f"\n--- child stderr ---\n{text[-3000:]}" if text.strip() else ""

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=WAIT_S)

    def close(self) -> None:
        self.kill()
        self._reader.join(timeout=WAIT_S)
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None and not pipe.closed:
                with contextlib.suppress(BrokenPipeError):
                    pipe.close()
        self._stderr.close()


class ChildPool:
    """Children started ahead, so their imports overlap the current round's work."""

    def __init__(self, folder: Path, kind: str, ahead: int = 1) -> None:
        self.folder = folder
        self.kind = kind
        self.ahead = ahead
        self.started = 0
        self.waiting: list[Child] = []
        self.taken: list[Child] = []
        self._fill()

    def _fill(self) -> None:
        while len(self.waiting) < self.ahead:
            self.started += 1
            err = self.folder / f"{self.kind}-{self.started}.err"
            self.waiting.append(Child(err, self.kind))

    def wait_warm(self) -> None:
        """Until every child started ahead has done its imports (before timing a round)."""
        for child in self.waiting:
            if not child.warm:
                child.expect("warm")
                child.warm = True

    def take(self) -> Child:
        child = self.waiting.pop(0)
        if not child.warm:
            child.expect("warm")
            child.warm = True
        self.taken.append(child)
        self._fill()
        return child

    def release(self, child: Child) -> None:
        child.close()
        self.taken.remove(child)

    def close(self) -> None:
        for child in self.waiting + self.taken:
            child.close()
        self.waiting, self.taken = [], []
