"""A client SIGKILLed while it pulls a backlog of several pages, ROUNDS times.

A page and the cursor move together or not at all. After each kill the store is
checked with plain sqlite3, then a normal sync finishes the pull and the convergence
check (``sync_helpers.assert_converged``) runs. Everything talks over 127.0.0.1;
every wait has a timeout.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest

from gridapp.server.settings import ServerSettings
from gridapp.sync.transport import Transport
from gridapp.workspace import Workspace
from tests.faults.sync_helpers import (
    INTAKE,
    OFFICER,
    OTHER_OFFICER,
    WAIT_S,
    Child,
    ChildPool,
    assert_converged,
    copy_store,
    cursor_of,
    event_rows,
    in_scope,
    login,
    open_client,
    report,
)
from tests.live_server import start_server

ROUNDS = 50
SEED = 20261118

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


# -- a client SIGKILLed while it pulls a backlog of many pages --------------------------

PAGE = 40  # events per pull page (the service's limit parameter)
BACKLOG_CASES = 130  # ~75 % in wg001's grids; with the accepts ≈ 180 events, 4–5 pages


def make_backlog(store: Path, rng: random.Random) -> None:
    """Cases written on the central store itself; accepts come later, so that a case's
    history spans pages (the service then resends its earlier events)."""
    ws = Workspace.open(store)
    try:
        with ws.service.batch():
            case_ids = []
            for i in range(BACKLOG_CASES):
                username = OFFICER if rng.random() < 0.75 else OTHER_OFFICER
                ws.act_as(username)
                case_ids.append(report(ws, rng, f"积压 {i}", username=username))
            ws.act_as(INTAKE)
            for case_id in rng.sample(case_ids, len(case_ids) * 2 // 5):
                ws.act(case_id, "accept")
    finally:
        ws.close()


def pages_of(url: str, token: str) -> dict[int, set[str]]:
    """Cursor after each page → every event a client holds once it committed that page."""
    transport = Transport(url, token, timeout=WAIT_S)
    held: set[str] = set()
    upto = {0: set[str]()}
    cursor = 0
    try:
        while True:
            page = transport.pull(cursor, PAGE)
            held |= {e.id for e in page.events}
            cursor = page.cursor
            upto[cursor] = set(held)
            if not page.more:
                return upto
    finally:
        transport.close()


def check_killed_client(store: Path, upto: dict[int, set[str]], seq_of: dict[str, int]) -> int:
    """The killed client's store is whole and holds exactly the pages up to its cursor.

    Applying a page and moving the cursor are one transaction, so there is no
    in-between state to allow: no event with a seq beyond the cursor (a page
    applied without its cursor), and every in-scope event up to the cursor (a
    cursor moved without its page). Read with plain sqlite3, not the code under test.
    """
    conn = sqlite3.connect(store, timeout=WAIT_S)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        cursor = cursor_of(dict(conn.execute("SELECT key, value FROM sync_state")), OFFICER)
        assert cursor in upto, f"cursor {cursor} is no page boundary {sorted(upto)}"
        held = dict(conn.execute("SELECT id, seq FROM case_events").fetchall())
        beyond = sorted(i for i, q in held.items() if q is None or q > cursor)
        assert not beyond, f"{len(beyond)} events beyond cursor {cursor}: half a page applied"
        missing = upto[cursor] - set(held)
        assert not missing, f"cursor {cursor} moved, {len(missing)} events of its pages missing"
        extra = set(held) - upto[cursor]
        assert not extra, f"{len(extra)} events held that no page up to {cursor} sent"
        assert all(seq_of[i] == q for i, q in held.items()), "a held event has a wrong seq"
        per_case = Counter(c for (c,) in conn.execute("SELECT case_id FROM case_events"))
        versions = dict(conn.execute("SELECT id, version FROM cases").fetchall())
        assert versions == dict(per_case), "projection and events disagree"
        return cursor
    finally:
        conn.close()


def test_client_sigkill_while_pulling(reference_template: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED + 4)
    central = tmp_path / "central.db"
    shutil.copyfile(reference_template, central)
    make_backlog(central, rng)
    service = start_server(ServerSettings(db_url=f"sqlite:///{central}", files_dir=tmp_path / "f"))
    url = service.url
    template = tmp_path / "template.db"
    open_client(template, url, OFFICER).close()  # logged in, reference data, no cases yet
    token = login(url, OFFICER)
    upto = pages_of(url, token)
    final = max(upto)
    assert len(upto) - 1 >= 3, f"the backlog spans only {len(upto) - 1} pages"
    scope = in_scope(url, token)
    assert set(scope) == upto[final] and scope
    seq_of = {r["id"]: r["seq"] for r in event_rows(service.central.db)}
    pool = ChildPool(tmp_path, "client", ahead=2)
    stats: Counter[str] = Counter()
    whole_pull = 0.0

    def prepare(round_no: int) -> tuple[Path, Child]:
        """A fresh copy of the template, and a child opening it (it waits for "go")."""
        store = tmp_path / f"client-{round_no}.db"
        copy_store(template, store)
        child = pool.take()
        job = {"mode": "pull", "store": str(store), "user": OFFICER, "url": url}
        child.send({**job, "token": token, "limit": PAGE})
        return store, child

    try:
        upcoming = prepare(0)
        pool.wait_warm()  # nothing else busy while round 0 times an undisturbed pull
        for round_no in range(ROUNDS + 1):  # round 0 measures an undisturbed pull
            store, child = upcoming
            said = child.expect("ready")
            child.send("go")
            said += child.expect("started")
            started = time.monotonic()
            if round_no == 0:
                said += child.expect("done")
                whole_pull = time.monotonic() - started
            else:
                time.sleep(rng.uniform(0.0, whole_pull))
            child.kill()
            if round_no < ROUNDS:
                upcoming = prepare(round_no + 1)  # opens its copy while we check this one
            pool.release(child)  # reads the child's output to its end
            said += child.drain()
            cursor = check_killed_client(store, upto, seq_of)
            got = [int(line.split()[1]) for line in said if line.startswith("got ")]
            if round_no == 0:
                assert cursor == final and "done" in said
            elif "done" in said or cursor == final:
                stats["after the whole pull"] += 1
            elif not got:
                stats["before the first page arrived"] += 1
            elif got[-1] > cursor:
                stats["while applying a page"] += 1
            else:
                stats["between pages"] += 1
            client = open_client(store, url, OFFICER, token=token)
            try:
                client.sync.sync()  # a normal sync finishes the pull
                assert_converged(
                    service.central.db, {"client": client.db}, scopes={"client": scope}
                )
            finally:
                client.close()
    finally:
        pool.close()
        service.stop()
    assert stats["while applying a page"] >= ROUNDS // 5, stats
    print(
        f"\nclient SIGKILL while pulling {len(upto) - 1} pages: {dict(stats)}, {whole_pull:.2f} s"
    )
