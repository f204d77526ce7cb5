"""The background sync survives what it meets: a full laptop disk, a bug, a busy service.

A full disk on the laptop (a real tmpfs filled for real, ``tests/fs_helpers.small_disk``)
makes every round fail with ``disk_full`` naming the folder, while the loop's thread
keeps running; once space is freed the next round delivers and pulls everything, once.
An unknown error inside a round is logged (types and first lines only) and reported
as ``client_error``, and the loop goes on. A service answering 503 (its own disk full)
is reachable: the session shows the service's words, and the loop waits at least
its Retry-After.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.store.schema import case_events, cases
from gridapp.sync.engine import pending_events
from gridapp.sync.round_outcome import LocalDiskFull
from gridapp.sync.session import SyncSession
from gridapp.sync.transport import RETRY_AFTER_CAP, SyncError, TransientError, retry_after
from gridapp.workspace import Workspace
from tests.core.helpers import point_of
from tests.faults.db_link import service_with_database_link
from tests.faults.test_disk_full import full_service, noise_jpeg  # noqa: F401 (a fixture)
from tests.live_server import PASSWORD
from tests.sync.helpers import PHONE, Client, assert_converged, make_client

DISK = 16 * 1024 * 1024
WAIT = 30.0
LEAK = f"\n[parameters: 市民来电 {PHONE}]"  # what a library's error repeats from its input


def wait_for(condition: Callable[[], bool], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def local_ids(ws: Workspace, ids: list[str]) -> set[str]:
    with ws.db.read() as conn:
        rows = conn.execute(select(case_events.c.id).where(case_events.c.id.in_(ids)))
        return set(rows.scalars())


def server_count(server, ids: list[str]) -> int:
    with server.central.db.read() as conn:
        q = select(func.count()).select_from(case_events).where(case_events.c.id.in_(ids))
        return int(conn.execute(q).scalar() or 0)


def truncate_wal(path: Path) -> None:
    """Empty the WAL, so that the next write must grow it: on a full disk, it cannot."""
    with closing(sqlite3.connect(path)) as conn:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0


def start(loop) -> threading.Thread:
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    return thread


# -- the laptop's disk is full -------------------------------------------------------------


@pytest.mark.parametrize("own_work", [3, 0], ids=["push fails to store", "pull fails to store"])
def test_full_laptop_disk_rounds_say_disk_full_the_loop_lives_and_nothing_is_lost(
    small_disk, live_server, tmp_path, own_work
):
    """With reports of its own, the push's answers cannot be stored (the events stay
    pending, the service answers "duplicate" later); without, the pulled page cannot."""
    server = live_server
    disk = small_disk(DISK)
    folder = disk.root / "gridapp" / "clients"
    folder.mkdir(parents=True)
    path = folder / "officer.db"
    ws = Workspace.open_client(path)
    session = SyncSession(
        ws, server.url, tmp_path / "tokens", interval=0.2, backoff_cap=0.3, use_keyring=False
    )
    officer = Client("officer", path, server.url, ws, session.client, usernames={"wg001"})
    tablet = make_client(tmp_path / "tablet", server.url, "tablet", "wg001")
    thread = None
    try:
        session.login("wg001", PASSWORD)
        # The officer's tablet reported a lot: this laptop has it all to pull.
        tablet = make_client(tmp_path / "tablet", server.url, "tablet", "wg001")
        remote_cases = [
            tablet.report(k, description=f"远端 #{k} " + "满" * 1500) for k in range(250)
        ]
        assert tablet.run().accepted == 250
        with tablet.ws.db.read() as conn:
            q = select(case_events.c.id).where(case_events.c.case_id.in_(remote_cases))
            remote_ids = list(conn.execute(q).scalars())
        mine = [officer.report(k) for k in range(own_work)]
        with ws.db.read() as conn:
            mine_ids = list(
                conn.execute(
                    select(case_events.c.id).where(case_events.c.case_id.in_(mine))
                ).scalars()
            )
        cursor_before = session.client.engine.state().get("cursor:wg001")

        truncate_wal(path)
        disk.fill(leave=0)
        errors: list[SyncError] = []
        loop = session.auto()
        told = loop.on_error
        assert told is not None
        loop.on_error = lambda exc: (errors.append(exc), told(exc))
        thread = start(loop)
        wait_for(lambda: len(errors) >= 3)

        assert thread.is_alive()
        assert {e.code for e in errors} == {"disk_full"}
        assert all(isinstance(e, LocalDiskFull) for e in errors)
        assert str(folder) in errors[0].message and errors[0].message.startswith("磁盘空间不足")
        status = session.status()
        assert status.last_error.startswith("同步暂停：磁盘空间不足") and str(folder) in (
            status.last_error
        )
        assert session.client.failures >= 3  # counted: the loop backs off
        # Nothing lost, nothing half-stored: the events wait, the cursor did not move.
        assert pending_events(ws) == len(mine_ids) == own_work
        assert local_ids(ws, remote_ids) == set()
        assert session.client.engine.state().get("cursor:wg001") == cursor_before
        assert server_count(server, mine_ids) <= own_work  # sent perhaps, never twice

        disk.release()
        reports = []
        loop.on_report = lambda report: (reports.append(report), session._succeeded(report))
        loop.poke()
        wait_for(lambda: bool(reports))
        wait_for(lambda: session.status().last_error is None and not session.status().syncing)
        assert thread.is_alive()
    finally:
        session.stop()
        if thread is not None:
            thread.join(10)
    try:
        assert pending_events(ws) == 0
        assert local_ids(ws, remote_ids) == set(remote_ids)
        assert server_count(server, mine_ids) == own_work and server_count(
            server, remote_ids
        ) == len(remote_ids)
        assert ws.db.integrity_check() == "ok"
        tablet.run()  # the tablet pulls the laptop's reports
        assert_converged(server.central, [officer, tablet])  # each event once, cursors at the end
    finally:
        session.close()
        ws.close()
        tablet.close()


# -- a bug inside a round ------------------------------------------------------------------


def test_an_unknown_error_in_a_round_is_logged_reported_and_the_loop_goes_on(
    live_server, tmp_path, caplog
):
    officer = make_client(tmp_path, live_server.url, "wg001", "wg001")
    engine = officer.sync.engine
    real_push = engine.push
    calls = {"n": 0}

    def broken_push(report):
        calls["n"] += 1
        if calls["n"] <= 2:  # stands in for a bug nobody knows yet
            raise RuntimeError("push broke" + LEAK)
        return real_push(report)

    engine.push = broken_push
    case_id = officer.report(0)
    errors: list[SyncError] = []
    reports = []
    session = SyncSession(officer.ws, live_server.url, tmp_path / "t2", use_keyring=False)
    loop = session.auto()  # the real loop class, but on this client
    loop.client, loop.interval, loop.backoff_cap = officer.sync, 0.2, 0.3
    loop.on_error, loop.on_report = errors.append, reports.append
    caplog.set_level(logging.INFO, logger="gridapp")
    thread = start(loop)
    try:
        wait_for(lambda: bool(reports))
        assert thread.is_alive()
    finally:
        loop.stop()
        thread.join(10)
        session.close()
    try:
        assert [e.code for e in errors] == ["client_error", "client_error"]
        assert "程序出错" in errors[0].message
        logged = [r for r in caplog.records if "unexpectedly" in r.getMessage()]
        assert len(logged) == 2 and logged[0].levelno == logging.ERROR
        text = logged[0].getMessage()
        assert "Traceback" in text and "RuntimeError: push broke" in text
        assert "broken_push" in text  # the frames are there
        assert PHONE not in caplog.text and "市民来电" not in caplog.text
        assert reports[0].accepted == 1 and pending_events(officer.ws) == 0
        with live_server.central.db.read() as conn:
            q = select(func.count()).where(case_events.c.case_id == case_id)
            assert conn.execute(q).scalar() == 1
        assert_converged(live_server.central, [officer])
    finally:
        officer.close()


# -- the service answers 503 ---------------------------------------------------------------


def test_a_503_is_the_services_words_not_unreachable_and_retry_after_is_waited(
    full_service,  # noqa: F811 (the fixture imported above)
    tmp_path,
):
    server, disk, _backend = full_service
    ws = Workspace.open_client(tmp_path / "laptop" / "officer.db")
    session = SyncSession(
        ws, server.url, tmp_path / "tokens", interval=0.2, backoff_cap=0.3, use_keyring=False
    )
    try:
        session.login("wg001", PASSWORD)
        photo = noise_jpeg(7)
        grid = sorted(ws.reference.user("wg001").grid_codes)[0]
        p = ws.reference.grids[grid].polygon.representative_point()
        ws.report(
            source="patrol",
            category_code="020102",
            lon=p.x,
            lat=p.y,
            description="暴露垃圾，服务器磁盘已满",
            photos=[photo],
        )
        disk.fill(leave=0)  # the service's photo disk (and on SQLite its database)

        with pytest.raises(TransientError) as failed:
            session.sync_now()
        err = failed.value
        assert (err.status, err.code, err.retry_after) == (503, "storage_full", 60)
        status = session.status()
        assert status.online  # it answered
        assert "服务器存储空间已满" in status.last_error and "约 60 秒后自动重试" in (
            status.last_error
        )
        assert "无法连接" not in status.last_error
        assert pending_events(ws) == 1

        loop = session.auto()
        delays = [loop._round() for _ in range(3)]  # backoff_cap 0.3 s, Retry-After 60 s
        assert all(60 <= d <= 66 for d in delays), delays
        assert session.client.online and session.client.failures == 4

        # In the loop: local changes poke it, but it does not come back before Retry-After.
        errors: list[SyncError] = []
        loop.on_error = errors.append
        thread = start(loop)
        try:
            wait_for(lambda: len(errors) == 1)
            for _ in range(10):
                loop.poke()
                time.sleep(0.1)
            assert len(errors) == 1 and thread.is_alive()
            loop.poke(force=True)  # the user insists: one round now
            wait_for(lambda: len(errors) == 2, timeout=5)
        finally:
            session.stop()
            thread.join(10)
        assert not thread.is_alive()  # stopping does not wait the minute out

        disk.release()
        report = session.sync_now()
        assert report.accepted == 1 and pending_events(ws) == 0
        status = session.status()
        assert status.online and status.last_error is None
        with server.central.db.read() as conn:
            assert conn.execute(select(func.count()).select_from(cases)).scalar() == 1
        assert server.central.files.read(hashlib.sha256(photo).hexdigest()) == photo
    finally:
        session.close()
        ws.close()


def test_retry_after_reads_seconds_and_dates_and_is_capped():
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert retry_after("60") == 60
    assert retry_after(" 7 ") == 7
    assert retry_after("86400") == RETRY_AFTER_CAP == 900
    assert retry_after(format_datetime(now + timedelta(seconds=120), usegmt=True), now) == 120
    assert retry_after(format_datetime(now - timedelta(seconds=5), usegmt=True), now) == 0
    assert retry_after(None) is None and retry_after("") is None
    assert retry_after("soon") is None and retry_after("-5") is None


def test_a_service_without_its_database_is_unavailable_not_unreachable(central_settings, tmp_path):
    """PostgreSQL gone behind the service: 503 service_unavailable, Retry-After 10."""
    with service_with_database_link(central_settings) as (server, database):
        ws = Workspace.open_client(tmp_path / "laptop" / "officer.db")
        session = SyncSession(ws, server.url, tmp_path / "tokens", use_keyring=False)
        try:
            session.login("wg001", PASSWORD)
            x, y = point_of(ws, "wg001")
            ws.report(source="patrol", category_code="020102", lon=x, lat=y, description="垃圾")
            database.cut()
            with pytest.raises(TransientError) as failed:
                session.sync_now()
            err = failed.value
            assert (err.status, err.code, err.retry_after) == (503, "service_unavailable", 10)
            status = session.status()
            assert status.online and "服务暂时不可用" in status.last_error
            assert "约 10 秒后自动重试" in status.last_error and "无法连接" not in status.last_error
            assert pending_events(ws) == 1

            database.restore()
            assert session.sync_now().accepted == 1
            assert pending_events(ws) == 0 and session.status().last_error is None
        finally:
            session.close()
            ws.close()
