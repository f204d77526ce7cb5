"""SyncSession (``ws.sync``) against a real service: login, status, refused events, photos."""

from __future__ import annotations

import hashlib
import json
import threading
import time

import pytest
from sqlalchemy import select, update

from gridapp.errors import DomainError
from gridapp.store.schema import case_events
from gridapp.sync.session import HINT_NOTHING, HINT_RECREATE, SyncSession, changes_of
from gridapp.sync.transport import AuthError, TransientError
from gridapp.workspace import Workspace
from tests.core.helpers import jpeg, point_of
from tests.live_server import PASSWORD
from tests.sync.helpers import make_client


def open_session(tmp_path, url: str, name: str = "laptop") -> tuple[Workspace, SyncSession]:
    ws = Workspace.open_client(tmp_path / f"{name}.db")
    session = ws.connect(url, tmp_path / f"{name}-tokens", use_keyring=False)
    return ws, session


def report_on_server(tmp_path, url: str, n: int = 1, photo: bytes | None = None) -> list[str]:
    """wg001 reports ``n`` cases from another laptop and syncs them."""
    other = make_client(tmp_path / "other", url, "wg", "wg001")
    try:
        ids = [other.report(k, photo=photo) for k in range(n)]
        other.run()
        return ids
    finally:
        other.close()


def test_online_login_status_then_offline_login(live_server, tmp_path):
    report_on_server(tmp_path, live_server.url, 2)
    ws, session = open_session(tmp_path, live_server.url)
    try:
        actor = session.login("shouli", PASSWORD)
        assert actor.username == "shouli" and session.online
        before = session.status()
        assert before.online and before.pending == 0 and before.last_sync is None
        report = session.sync_now()
        assert report.pulled >= 2 and len(changes_of(report).case_ids) == 2
        status = session.status()
        assert status.username == "shouli" and status.last_sync is not None
        assert not status.syncing and status.last_error is None and status.refused == 0
        assert ws.count_cases() == 2

        with pytest.raises(DomainError) as wrong:
            session.login("shouli", "not-the-password")
        assert wrong.value.code == "bad_credentials"
    finally:
        ws.close()
    live_server.stop()

    ws, session = open_session(tmp_path, live_server.url)  # the laptop restarts offline
    try:
        actor = session.login("shouli", PASSWORD)
        assert actor.username == "shouli" and not session.online
        assert "离线" in (session.status().last_error or "")
        assert ws.count_cases() == 2  # what was pulled before is still here
        with pytest.raises(DomainError) as wrong:
            session.login("shouli", "not-the-password")
        assert wrong.value.code == "bad_credentials"
        with pytest.raises(DomainError) as first:
            session.login("shouli2", PASSWORD)  # never logged in on this laptop
        assert first.value.code == "offline_first_login"
        with pytest.raises(TransientError):
            session.sync_now()
        assert session.status().last_error == "无法连接同步服务"
    finally:
        ws.close()


def test_locked_account_is_not_logged_in_offline(live_server, tmp_path):
    ws, session = open_session(tmp_path, live_server.url)
    try:
        session.login("wg002", PASSWORD)  # the local verifier now exists
        for _ in range(live_server.settings.login_throttle_after):
            with pytest.raises(DomainError):
                session.login("wg002", "wrong")
        with pytest.raises(DomainError) as locked:
            session.login("wg002", PASSWORD)
        assert locked.value.code == "locked_out"
    finally:
        ws.close()


def test_refused_items_hints_acknowledge_and_draft(live_server, tmp_path):
    (case_id,) = report_on_server(tmp_path, live_server.url)
    rival = make_client(tmp_path / "rival", live_server.url, "rival", "shouli")
    ws, session = open_session(tmp_path, live_server.url)
    try:
        session.login("shouli2", PASSWORD)
        session.sync_now()
        rival.run()
        rival.ws.act(case_id, "accept")
        rival.run()  # the other intake clerk was first
        ws.act(case_id, "accept")
        assert session.status().pending == 1
        report = session.sync_now()
        assert report.rejected == 1
        status = session.status()
        assert status.pending == 0 and status.refused == 1
        (item,) = session.refused()
        assert item.case_id == case_id and item.action == "accept" and item.action_label == "受理"
        assert item.hint_code == HINT_NOTHING and "无需操作" in item.hint
        assert item.code in ("wrong_state", "already_accepted") and item.message
        assert item.case_exists and item.number and not item.can_recreate
        with pytest.raises(DomainError):
            session.draft_from_refused(item.event_id)

        session.acknowledge_refused(item.event_id)
        assert session.refused() == [] and session.status().refused == 0
        (kept,) = session.refused(include_acknowledged=True)
        assert kept.acknowledged
        with ws.db.read() as conn:  # the log keeps the event
            assert (
                conn.execute(
                    select(case_events.c.status).where(case_events.c.id == item.event_id)
                ).scalar()
                == "rejected"
            )
    finally:
        rival.close()
        ws.close()


def test_a_refused_report_can_be_drafted_again(live_server, tmp_path):
    ws, session = open_session(tmp_path, live_server.url)
    try:
        session.login("wg001", PASSWORD)
        x, y = point_of(ws, "wg001")
        photo = jpeg(7)
        (case_id,) = ws.report(
            source="patrol",
            category_code="020102",
            lon=x,
            lat=y,
            description="路边垃圾",
            address="某路 1 号",
            photos=[photo],
        ).case_ids
        # The service knows a different catalog (an outdated laptop): it refuses the report.
        with ws.db.write() as conn:
            row = conn.execute(
                select(case_events.c.id, case_events.c.payload).where(
                    case_events.c.case_id == case_id
                )
            ).one()
            payload = dict(json.loads(row.payload), category_code="999999")
            conn.execute(
                update(case_events)
                .where(case_events.c.id == row.id)
                .values(payload=json.dumps(payload, ensure_ascii=False))
            )
        session.sync_now()
        (item,) = session.refused()
        assert item.action == "report" and item.can_recreate and not item.case_exists
        assert item.hint_code == HINT_RECREATE and item.number  # the provisional number
        draft = session.draft_from_refused(item.event_id)
        assert draft["description"] == "路边垃圾" and draft["address"] == "某路 1 号"
        assert draft["photos"] == [hashlib.sha256(photo).hexdigest()]
        assert draft["missing_photos"] == []
        assert (draft["lon"], draft["lat"]) == (round(x, 7), round(y, 7))
    finally:
        ws.close()


def test_photo_fetched_on_view_and_checked(live_server, tmp_path):
    photo = jpeg(3)
    sha = hashlib.sha256(photo).hexdigest()
    report_on_server(tmp_path, live_server.url, photo=photo)
    ws, session = open_session(tmp_path, live_server.url)
    try:
        session.login("shouli", PASSWORD)
        session.sync_now()
        assert not ws.files.has(sha)
        path = ws.photo_file(sha)
        assert path is not None and path.read_bytes() == photo
        assert not session.fetch_photo("0" * 64)  # the service has no such photo
        live_server.stop()
        assert ws.photo_file(sha) == path  # local now: no network needed
        assert not session.fetch_photo("1" * 64)  # offline
    finally:
        ws.close()


def test_expired_session_needs_login(live_server, tmp_path):
    ws, session = open_session(tmp_path, live_server.url)
    try:
        session.login("wg001", PASSWORD)
        with live_server.client(session.client.transport.token) as http:
            assert http.post("/auth/logout").status_code in (200, 204)
        with pytest.raises(AuthError):
            session.sync_now()
        status = session.status()
        assert status.needs_login and status.last_error == "登录已失效，请重新登录"
        session.login("wg001", PASSWORD)
        assert not session.status().needs_login
        session.sync_now()
    finally:
        ws.close()


def test_auto_loop_reports_progress_and_stops_promptly(live_server, tmp_path):
    report_on_server(tmp_path, live_server.url, 3)
    ws, session = open_session(tmp_path, live_server.url)
    session.interval = 30
    statuses, reports = [], []
    try:
        session.login("shouli", PASSWORD)
        loop = session.auto(on_report=reports.append, on_status=statuses.append)
        thread = threading.Thread(target=loop.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not (reports and not statuses[-1].syncing) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert reports and reports[0].pulled >= 3
        assert any(s.syncing and s.first_pull for s in statuses)
        assert any(s.pulled >= 3 for s in statuses)  # progress of the first pull
        assert not statuses[-1].syncing
        started = time.monotonic()
        session.stop()
        thread.join(5)
        assert not thread.is_alive() and time.monotonic() - started < 2
    finally:
        session.stop()
        ws.close()
