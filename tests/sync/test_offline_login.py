"""``SyncSession.login_offline``: a returning user's login before the service is asked.

The window of a returning demo user opens from the laptop's store; the sync client
(HTTP, wire models) is made after the map has drawn. The login must refuse what the
login through the service refuses offline, and the session saved at the last online
login must carry the rounds that follow (or ask for a login when it has expired),
with the work done meanwhile kept.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gridapp.errors import DomainError
from gridapp.sync.transport import AuthError
from gridapp.workspace import Workspace
from tests.core.helpers import point_of
from tests.live_server import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _session(folder: Path, url: str):
    ws = Workspace.open_client(folder / "laptop.db")
    return ws, ws.connect(url, folder / "tokens", use_keyring=False)


def _logged_in_once(folder: Path, url: str, username: str = "wg001") -> str:
    """An online login and a round on this laptop; the session's token."""
    ws, session = _session(folder, url)
    try:
        session.login(username, PASSWORD)
        session.sync_now()
        return session.client.transport.token
    finally:
        ws.close()


def test_offline_login_then_rounds_on_the_saved_session(live_server, tmp_path):
    token = _logged_in_once(tmp_path, live_server.url)
    ws, session = _session(tmp_path, live_server.url)
    try:
        actor = session.login_offline("wg001", PASSWORD)
        assert actor.username == "wg001" and ws.user.username == "wg001"
        status = session.status()
        assert not status.online and status.last_error == "无法连接同步服务，已离线登录"
        assert status.username == "wg001" and status.first_pull_done
        x, y = point_of(ws, "wg001")
        ws.report(source="patrol", category_code="020102", lon=x, lat=y, description="路边垃圾")
        assert session.status().pending == 1
        # The first round makes the client: it carries the saved session, no new login.
        report = session.sync_now()
        assert session.client.transport.token == token
        assert report.accepted == 1 and session.online
        status = session.status()
        assert status.online and status.pending == 0 and status.last_error is None
    finally:
        ws.close()


def test_offline_login_refuses_a_wrong_password_and_a_stranger(live_server, tmp_path):
    _logged_in_once(tmp_path, live_server.url)
    ws, session = _session(tmp_path, live_server.url)
    try:
        with pytest.raises(DomainError) as wrong:
            session.login_offline("wg001", "not-the-password")
        assert wrong.value.code == "bad_credentials"
        with pytest.raises(DomainError) as first:
            session.login_offline("shouli", PASSWORD)  # never logged in on this laptop
        assert first.value.code == "offline_first_login"
        with pytest.raises(DomainError) as unknown:
            session.login_offline("nobody", PASSWORD)
        assert unknown.value.code == "offline_first_login"
        assert ws._user is None and not session.status().username
    finally:
        ws.close()


def test_an_expired_session_asks_for_a_login_and_keeps_the_work(live_server, tmp_path):
    token = _logged_in_once(tmp_path, live_server.url)
    with live_server.client(token) as http:  # revoked on the service meanwhile
        assert http.post("/auth/logout").status_code in (200, 204)
    ws, session = _session(tmp_path, live_server.url)
    try:
        session.login_offline("wg001", PASSWORD)
        x, y = point_of(ws, "wg001")
        ws.report(source="patrol", category_code="020102", lon=x, lat=y, description="路边垃圾")
        with pytest.raises(AuthError):
            session.sync_now()
        status = session.status()
        assert status.needs_login and status.last_error == "登录已失效，请重新登录"
        assert status.pending == 1  # unsent work kept
        session.login("wg001", PASSWORD)  # online again: the work goes out
        assert session.sync_now().accepted == 1 and session.status().pending == 0
    finally:
        ws.close()


def test_the_offline_login_imports_no_http_client(live_server, tmp_path):
    _logged_in_once(tmp_path, live_server.url)
    # a fresh interpreter, as the app starts: store, session, offline login, status
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from gridapp.workspace import Workspace\n"
        f"folder, url = Path({str(tmp_path)!r}), {live_server.url!r}\n"
        "ws = Workspace.open_client(folder / 'laptop.db')\n"
        "session = ws.connect(url, folder / 'tokens', use_keyring=False)\n"
        f"session.login_offline('wg001', {PASSWORD!r})\n"
        "status = session.status()\n"
        "loaded = [m for m in ('httpx', 'gridapp.sync.transport', 'gridapp.sync.protocol',\n"
        "    'gridapp.sync.engine') if m in sys.modules]\n"
        "session.client  # made when asked: then they are imported\n"
        "print(json.dumps([loaded, status.first_pull_done, 'httpx' in sys.modules]))\n"
        "ws.close()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    loaded, first_pull_done, later = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == [] and first_pull_done and later
