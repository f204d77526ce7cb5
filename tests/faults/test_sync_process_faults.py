"""Sync under process and network faults, each repeated ROUNDS times on real sockets.

1. The connection is cut after the service committed a push, before its reply
   reached the client (``tcp_proxy.py``): the client keeps the events pending, the
   resend is answered "duplicate".
2. The service is SIGKILLed at a random moment while a client pushes batches of
   events with photos, and restarted on the same store.
3. The same batch is pushed at the same moment by two processes holding copies
   of one client store.
4. A client pulling a backlog of several pages is SIGKILLed at a random moment:
   a page and the cursor move together or not at all.

After each round the convergence check (``sync_helpers.assert_converged``):
nothing acknowledged is lost, nothing is duplicated, client and service agree.
Everything talks over 127.0.0.1; every wait has a timeout.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp.server.settings import ServerSettings
from gridapp.store.database import Database
from gridapp.store.files import FileStore
from gridapp.store.schema import case_events, cases
from gridapp.sync.transport import SyncError, TransientError, Transport
from gridapp.workspace import Workspace
from tests.faults.sync_helpers import (
    INTAKE,
    OFFICER,
    OTHER_OFFICER,
    WAIT_S,
    Child,
    ChildPool,
    Client,
    assert_converged,
    copy_store,
    cursor_of,
    event_rows,
    in_scope,
    jpeg,
    login,
    open_client,
    report,
    sqlite_integrity,
    wait_healthy,
)
from tests.faults.tcp_proxy import CuttingProxy
from tests.live_server import free_port, start_server

ROUNDS = 50
SEED = 20261118

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def local_ids(client: Client) -> set[str]:
    """The events this client made itself."""
    with client.db.read() as conn:
        return set(conn.execute(select(case_events.c.id).where(case_events.c.local)).scalars())


def pending(client: Client) -> set[str]:
    with client.db.read() as conn:
        q = select(case_events.c.id).where(case_events.c.status == "pending")
        return set(conn.execute(q).scalars())


# -- 1. connection cut after the commit, before the reply -------------------------------


def cut_and_resend(proxy: CuttingProxy, client: Client, server: Database, reset: bool) -> int:
    """Sync through the armed proxy (cut), then again through the healed one."""
    sent = pending(client)
    assert sent, "nothing to push this round"
    told = len(client.transport.results)
    proxy.arm(reset=reset)
    with pytest.raises(TransientError):
        client.sync.sync()
    assert proxy.wait_cut(WAIT_S), "the proxy did not cut the push"
    assert not proxy.armed
    assert len(client.transport.results) == told, "a reply got through the cut"
    # Nothing is marked accepted without a 2xx …
    with client.db.read() as conn:
        rows = conn.execute(
            select(case_events.c.id, case_events.c.status, case_events.c.seq).where(
                case_events.c.id.in_(sent)
            )
        ).all()
    assert {(r.status, r.seq) for r in rows} == {("pending", None)}, rows
    # … though the service did commit them before it answered.
    on_server = {r["id"] for r in event_rows(server)}
    assert sent <= on_server, "the service answered before committing"
    client.sync.sync()
    resent = [(i, s) for i, s, _ in client.transport.results[told:] if i in sent]
    assert sorted(i for i, _ in resent) == sorted(sent), "not every event was sent again"
    assert {s for _, s in resent} == {"duplicate"}, resent
    return len(sent)


def test_cut_after_commit_before_reply(live_server, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    server = live_server.central.db
    port = int(live_server.url.rsplit(":", 1)[1])
    stats: Counter[str] = Counter()
    with CuttingProxy(port) as proxy:
        officer = open_client(tmp_path / "officer.db", proxy.url, OFFICER)
        centre = open_client(tmp_path / "centre.db", proxy.url, INTAKE)
        try:
            for round_no in range(1, ROUNDS + 1):
                # The officer reports, and answers the 核实 tasks the centre gave him.
                for k in range(rng.randint(1, 2)):
                    report(officer.ws, rng, f"切断 {round_no}-{k}", photo=rng.random() < 0.3)
                with officer.db.read() as conn:
                    tasks = conn.execute(
                        select(cases.c.id).where(
                            cases.c.verify_assignee == OFFICER,
                            cases.c.verify_result.is_(None),
                            cases.c.state == "reported",
                        )
                    ).scalars()
                    tasks = sorted(tasks)
                for case_id in tasks:
                    officer.ws.act(case_id, "verify_report", {"result": True, "note": "属实"})
                    stats["follow-ups"] += 1
                stats["officer events"] += cut_and_resend(proxy, officer, server, round_no % 2 == 0)
                stats["cuts"] += 1

                # Every other round or so the centre (through the same proxy) triages a case.
                if rng.random() < 0.6:
                    centre.sync.sync()
                    with centre.db.read() as conn:
                        fresh = conn.execute(
                            select(cases.c.id).where(
                                cases.c.state == "reported",
                                cases.c.accepted.is_(False),
                                cases.c.verify_assignee.is_(None),
                            )
                        ).scalars()
                        fresh = sorted(fresh)
                    if fresh:
                        case_id = rng.choice(fresh)
                        if rng.random() < 0.5:
                            centre.ws.act(case_id, "request_verify", {"assignee": OFFICER})
                        else:
                            centre.ws.act(case_id, "accept")
                        stats["centre events"] += cut_and_resend(
                            proxy, centre, server, rng.random() < 0.5
                        )
                        stats["cuts"] += 1
                assert_converged(
                    server,
                    {"officer": officer.db, "centre": centre.db},
                    acknowledged=officer.transport.acknowledged() | centre.transport.acknowledged(),
                    exactly=local_ids(officer) | local_ids(centre),
                    files=live_server.central.files,
                )
            # Both end up holding exactly their scope.
            officer.sync.sync()
            centre.sync.sync()
            scopes = {
                "officer": in_scope(live_server.url, officer.transport.token or ""),
                "centre": in_scope(live_server.url, centre.transport.token or ""),
            }
            assert_converged(
                server,
                {"officer": officer.db, "centre": centre.db},
                exactly=local_ids(officer) | local_ids(centre),
                scopes=scopes,
            )
        finally:
            officer.close()
            centre.close()
        assert proxy.cuts == stats["cuts"]
    assert stats["follow-ups"] > 0 and stats["centre events"] > 0, stats
    print(f"\ncut after commit: {proxy.cuts} cuts, {dict(stats)}")


# -- 2. the service SIGKILLed mid-batch, restarted on the same store -----------------------

EVENTS_PER_ROUND = 150
PHOTO_EVERY = 10
PUSH_BATCH = 50


def serve_argv(settings, port: int) -> list[str]:
    argv = ["serve", "--db", settings.db_url, "--files", str(settings.files_dir)]
    argv += ["--port", str(port), "--log-level", "warning"]
    if settings.db_schema:
        argv += ["--schema", settings.db_schema]
    return argv


def test_server_sigkill_mid_batch(central_settings, tmp_path: Path) -> None:
    rng = random.Random(SEED + 2)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    pool = ChildPool(tmp_path, "serve", ahead=1)

    def start():  # type: ignore[no-untyped-def]
        child = pool.take()
        child.send({"mode": "serve", "argv": serve_argv(central_settings, port)})
        wait_healthy(url, proc=child.proc)
        return child

    server_db = Database(central_settings.db_url, schema=central_settings.db_schema)
    files = FileStore(central_settings.files_dir)
    sqlite_path = server_db.path
    stats: Counter[str] = Counter()
    service = start()
    client = open_client(tmp_path / "officer.db", url, OFFICER)
    client.sync.engine.batch_size = PUSH_BATCH
    whole_sync = 0.0
    done: set[str] = set()
    try:
        for round_no in range(ROUNDS + 1):  # round 0 measures an undisturbed sync
            with client.ws.service.batch():  # one local transaction: quicker, same events
                for i in range(EVENTS_PER_ROUND):
                    report(client.ws, rng, f"断电 {round_no}-{i}", photo=i % PHOTO_EVERY == 0)
            outcome: list[str] = []

            def run(outcome: list[str] = outcome) -> None:
                try:
                    client.sync.sync()
                    outcome.append("completed")
                except TransientError:
                    outcome.append("cut")
                except SyncError as exc:  # not a dead service: fails the round below
                    outcome.append(f"{type(exc).__name__}: {exc}")

            if round_no == 0:
                pool.wait_warm()  # nothing else busy while round 0 times a whole sync
            thread = threading.Thread(target=run, daemon=True)
            started = time.monotonic()
            thread.start()
            if round_no == 0:
                thread.join(WAIT_S)
                whole_sync = time.monotonic() - started
                assert outcome == ["completed"]
                done = local_ids(client)
                continue
            time.sleep(rng.uniform(0.0, whole_sync))
            service.kill()
            pool.release(service)
            thread.join(WAIT_S)
            assert not thread.is_alive(), "the client hung on a dead service"
            assert outcome[0] in ("completed", "cut"), f"round {round_no}: {outcome}"
            stats[outcome[0]] += 1
            # What the client was told before the kill (and marked accepted: only on a 2xx).
            told = client.transport.acknowledged()
            with client.db.read() as conn:
                marked = dict(
                    conn.execute(
                        select(case_events.c.id, case_events.c.seq).where(
                            case_events.c.status == "accepted"
                        )
                    ).all()
                )
            unfounded = {i: q for i, q in marked.items() if told.get(i) != q}
            assert not unfounded, f"marked accepted without an acknowledgement: {unfounded}"
            made = local_ids(client)
            this_round = made - done
            acked_now = len(this_round & set(told))
            stats["events acknowledged before the kill"] += acked_now
            stats["rounds with part of the events acknowledged"] += 0 < acked_now < len(this_round)

            service = start()
            assert_converged(
                server_db,
                {"officer": client.db},
                acknowledged=told,
                files=files,
                settled=False,
            )
            client.sync.sync()
            assert_converged(
                server_db,
                {"officer": client.db},
                acknowledged=told,
                exactly=made,
                files=files,
            )
            done = made
            if sqlite_path is not None:
                assert sqlite_integrity(sqlite_path) == "ok"
        scope = in_scope(url, client.transport.token or "")
        assert_converged(server_db, {"officer": client.db}, exactly=made, scopes={"officer": scope})
    finally:
        client.close()
        pool.close()
        server_db.close()
    assert stats["cut"] >= ROUNDS // 3, stats  # most kills land mid-sync
    print(f"\nserver SIGKILL: {dict(stats)}, whole sync {whole_sync:.2f} s")


# -- 3. the same batch from two processes at once ----------------------------------------


def ids_in(store: Path) -> set[str]:
    db = Database(store)
    try:
        return {r["id"] for r in event_rows(db)}
    finally:
        db.close()


def upload_photos(ws: Workspace, transport: Transport) -> None:
    """Put the pending events' photos on the service ahead of the race.

    Two clients uploading the same photo at once can get a 422 (one asks for the
    status while the other's upload is complete but not yet moved into place: see
    ``test_complete_partial_upload_wedges_the_client``). That is a bug of its own; this
    test is about the events, so the photos are there before the children start.
    """
    with ws.db.read() as conn:
        payloads = conn.execute(select(case_events.c.payload)).scalars().all()
    for payload in payloads:
        for sha in json.loads(payload).get("photos") or []:
            assert transport.upload(sha, ws.files.read(sha)).present


def test_same_batch_from_two_processes(live_server, tmp_path: Path) -> None:
    rng = random.Random(SEED + 3)
    url = live_server.url
    template = tmp_path / "template.db"
    open_client(template, url, OFFICER).close()
    tokens = [login(url, OFFICER), login(url, OFFICER)]
    uploader = Transport(url, tokens[0], timeout=WAIT_S)
    pool = ChildPool(tmp_path, "client", ahead=2)
    children = [pool.take(), pool.take()]
    stats: Counter[str] = Counter()
    try:
        for round_no in range(1, ROUNDS + 1):
            folder = tmp_path / f"r{round_no}"
            folder.mkdir()
            base = folder / "base.db"
            copy_store(template, base)
            ws = Workspace.open_client(base)
            ws.act_as(OFFICER)
            with ws.service.batch():  # one local transaction: quicker, same events
                for i in range(rng.randint(5, 40)):
                    report(ws, rng, f"双发 {round_no}-{i}", photo=rng.random() < 0.15)
            upload_photos(ws, uploader)
            ws.close()
            stores = [folder / "a.db", folder / "b.db"]
            for store in stores:
                copy_store(base, store)
            batch = rng.choice([20, 50, 200])
            for child, store, token in zip(children, stores, tokens, strict=True):
                child.send(
                    {
                        "mode": "push",
                        "store": str(store),
                        "user": OFFICER,
                        "url": url,
                        "token": token,
                        "batch": batch,
                    }
                )
            for child in children:
                child.expect("ready")
            for child in children:
                child.send("go")
            said = [child.expect("done") for child in children]
            errors = [line for lines in said for line in lines if line.startswith("error ")]
            assert not errors, f"round {round_no}: {errors}"
            results = [json.loads(lines[-2].split(" ", 1)[1]) for lines in said]
            (a0, a1), (b0, b1) = ([float(x) for x in lines[-3].split()[1:]] for lines in said)
            stats["rounds where the two pushes overlapped"] += max(a0, b0) < min(a1, b1)
            made = ids_in(base)
            per_event: dict[str, list[tuple[str, int]]] = {}
            for got in results:
                assert sorted(i for i, _, _ in got) == sorted(made), "an event unanswered"
                for event_id, status, seq in got:
                    per_event.setdefault(event_id, []).append((status, seq))
            for event_id, answers in per_event.items():
                assert sorted(s for s, _ in answers) == ["accepted", "duplicate"], answers
                assert len({q for _, q in answers}) == 1, f"{event_id}: two seqs {answers}"
            winners = Counter(
                tuple(s for _, s, _ in got).count("accepted") == len(got) for got in results
            )
            stats["one child took the whole batch"] += winners[True] == 1
            stats["events"] += len(made)
            dbs = {label: Database(store) for label, store in zip("ab", stores, strict=True)}
            try:
                assert_converged(
                    live_server.central.db,
                    dbs,
                    acknowledged={i: a[0][1] for i, a in per_event.items()},
                    files=live_server.central.files,
                )
            finally:
                for db in dbs.values():
                    db.close()
    finally:
        uploader.close()
        pool.close()
    assert stats["rounds where the two pushes overlapped"] >= ROUNDS // 2, stats
    print(f"\nsame batch twice: {dict(stats)}")


# -- 4. a client SIGKILLed while it pulls a backlog of many pages --------------------------

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


# -- bugs these tests found (fixed) ------------------------------------------------------------


def test_complete_partial_upload_wedges_the_client(reference_template: Path, tmp_path: Path):
    central = tmp_path / "central.db"
    shutil.copyfile(reference_template, central)
    files = tmp_path / "files"
    service = start_server(ServerSettings(db_url=f"sqlite:///{central}", files_dir=files))
    transport = Transport(service.url, login(service.url, OFFICER), timeout=WAIT_S)
    try:
        data = jpeg(random.Random(SEED))
        sha = hashlib.sha256(data).hexdigest()
        # The service wrote and fsynced every byte of the upload, then died before
        # moving the file into place (gridapp/server/uploads.py, receive → _finish).
        partial = files / ".partial" / sha
        partial.parent.mkdir(parents=True)
        partial.write_bytes(data)
        # The status says "not present, offset = size"; the client then PUTs
        # bytes size-(size-1)/size with an empty body and the service answers 422.
        assert transport.upload(sha, data).present
    finally:
        transport.close()
        service.stop()


def test_refused_photo_upload_blocks_the_whole_queue(reference_template: Path, tmp_path: Path):
    central = tmp_path / "central.db"
    shutil.copyfile(reference_template, central)
    settings = ServerSettings(
        db_url=f"sqlite:///{central}", files_dir=tmp_path / "files", max_body_bytes=1024
    )
    service = start_server(settings)  # refuses any body over 1 KB with 413
    client = open_client(tmp_path / "officer.db", service.url, OFFICER)
    try:
        rng = random.Random(SEED)
        report(client.ws, rng, "照片过大", photo=True)  # 2–4 KB: its upload gets a 413
        report(client.ws, rng, "没有照片")
        client.sync.sync()
        # The event without a photo reaches the service whatever became of the other.
        assert len(event_rows(service.central.db)) == 1
    finally:
        client.close()
        service.stop()
