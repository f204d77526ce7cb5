"""Accounts and sessions against a real service: login, hashed tokens, expiry,
logout and revocation, throttling, password change, disabled accounts, audit."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from gridapp import clock
from gridapp.server.settings import ServerSettings
from gridapp.store.schema import audit_log, metadata, sessions, users
from tests.conftest import Clock
from tests.live_server import PASSWORD, LiveServer, start_server

IDLE_S = 600
ABSOLUTE_S = 3600
MAX_FAILURES = 5
T0 = datetime(2026, 11, 16, 9, 0)


@dataclasses.dataclass
class Clocked:
    server: LiveServer
    clock: Clock


@pytest.fixture
def clocked(central_settings: ServerSettings) -> Iterator[Clocked]:
    """A second kind of server: short timeouts and a clock the test moves."""
    clock = Clock(T0)
    settings = dataclasses.replace(
        central_settings,
        idle_timeout_s=IDLE_S,
        absolute_timeout_s=ABSOLUTE_S,
        login_throttle_after=MAX_FAILURES,
    )
    server = start_server(settings, clock=clock)
    yield Clocked(server, clock)
    server.stop()


def _login(server: LiveServer, username: str, password: str = PASSWORD) -> httpx.Response:
    with server.client() as c:
        return c.post("/auth/login", json={"username": username, "password": password})


def _me(server: LiveServer, token: str | None) -> httpx.Response:
    with server.client(token) as c:
        return c.get("/auth/me")


def _audit_rows(server: LiveServer, username: str | None = None) -> list[dict]:
    stmt = sa.select(audit_log).order_by(audit_log.c.id)
    if username is not None:
        stmt = stmt.where(audit_log.c.username == username)
    with server.central.db.read() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def _actions(server: LiveServer, username: str) -> list[str]:
    return [r["action"] for r in _audit_rows(server, username)]


def _all_stored_text(server: LiveServer) -> str:
    """Every value of every table, as text: what a copy of the database would reveal."""
    parts = []
    with server.central.db.read() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(sa.select(table)):
                parts.extend(str(v) for v in row)
    return "\n".join(parts)


def _code(r: httpx.Response) -> str:
    return r.json()["code"]


# --- login -----------------------------------------------------------------------------


def test_login_returns_token_user_and_epoch(live_server: LiveServer) -> None:
    r = _login(live_server, "wg001")
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["token"]) >= 40
    assert body["epoch"] == live_server.central.epoch
    assert body["idle_timeout_s"] == live_server.settings.idle_timeout_s
    user = body["user"]
    assert user["username"] == "wg001" and user["role"] == "grid_officer"
    assert user["grid_codes"] == sorted(live_server.central.reference().users["wg001"].grid_codes)
    assert "password_hash" not in user
    expires = datetime.fromisoformat(body["expires_at"])
    assert expires.utcoffset() == timedelta(hours=8)  # RFC 3339 on the wire, in CST
    expires = expires.replace(tzinfo=None)
    expected = clock.now() + timedelta(seconds=live_server.settings.absolute_timeout_s)
    assert abs((expires - expected).total_seconds()) < 60

    me = _me(live_server, body["token"])
    assert me.status_code == 200
    assert me.json() == user


@pytest.mark.parametrize("central_settings", ["sqlite"], indirect=True)  # timing: one backend
def test_unknown_user_and_wrong_password_get_the_same_answer(live_server: LiveServer) -> None:
    wrong = _login(live_server, "wg001", "not-the-password")
    unknown = _login(live_server, "nobody-here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert _code(wrong) == "bad_credentials"

    def timed(username: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            assert _login(live_server, username, "not-the-password").status_code == 401
            times.append(time.perf_counter() - start)
        return sorted(times)[1]

    # Both run one Argon2 verification (a dummy hash for unknown users): comparable time.
    t_wrong, t_unknown = timed("wg002"), timed("nobody-else")
    assert t_unknown > 0.5 * t_wrong, (t_unknown, t_wrong)


def test_missing_unknown_and_oversized_tokens_are_401(live_server: LiveServer) -> None:
    r = _me(live_server, None)
    assert r.status_code == 401 and _code(r) == "missing_token"
    r = _me(live_server, "x" * 43)
    assert r.status_code == 401 and _code(r) == "invalid_token"
    r = _me(live_server, "y" * 5000)
    assert r.status_code == 401 and _code(r) == "invalid_token"
    with live_server.client() as c:
        r = c.get("/auth/me", headers={"Authorization": "Basic d2cwMDE6ZGVtbzEyMzQ="})
    assert r.status_code == 401 and _code(r) == "missing_token"


def test_token_is_stored_only_as_its_hash(live_server: LiveServer) -> None:
    token = live_server.login("wg001")
    digest = hashlib.sha256(token.encode()).hexdigest()
    with live_server.central.db.read() as conn:
        rows = conn.execute(sa.select(sessions).where(sessions.c.username == "wg001")).all()
    assert [r.token_hash for r in rows] == [digest]
    stored = _all_stored_text(live_server)
    assert token not in stored
    assert PASSWORD not in stored
    # the hash is the session key, but never copied into the audit log
    assert digest not in json.dumps(_audit_rows(live_server), default=str)

    central = live_server.central
    if central.db.is_sqlite:
        path = Path(central.db.path)
        for file in (path, path.with_name(path.name + "-wal")):
            if file.exists():
                data = file.read_bytes()
                assert token.encode() not in data, file
                assert PASSWORD.encode() not in data, file


# --- logout and revocation ---------------------------------------------------------


def test_logout_ends_only_that_session(live_server: LiveServer) -> None:
    laptop = live_server.login("wg001")
    phone = live_server.login("wg001")
    with live_server.client(laptop) as c:
        assert c.post("/auth/logout").status_code == 204
    r = _me(live_server, laptop)
    assert r.status_code == 401 and _code(r) == "session_revoked"
    assert _me(live_server, phone).status_code == 200
    assert "logout" in _actions(live_server, "wg001")


def test_admin_revocation_cuts_a_lost_laptop_off_at_its_next_request(
    live_server: LiveServer,
) -> None:
    laptop = live_server.login("wg001")
    other = live_server.login("wg002")
    assert _me(live_server, laptop).status_code == 200
    admin = live_server.login("admin")
    with live_server.client(admin) as c:
        r = c.post("/admin/sessions/revoke", json={"username": "wg001"})
    assert r.status_code == 200, r.text
    assert r.json() == {"username": "wg001", "revoked": 1}

    r = _me(live_server, laptop)
    assert r.status_code == 401 and _code(r) == "session_revoked"
    with live_server.client(laptop) as c:
        r = c.get("/sync/pull")
    assert r.status_code == 401
    assert _me(live_server, other).status_code == 200  # nobody else is touched
    assert _me(live_server, live_server.login("wg001")).status_code == 200  # may log in again
    rows = [r for r in _audit_rows(live_server, "admin") if r["action"] == "admin_revoke_sessions"]
    assert json.loads(rows[-1]["detail"]) == {"target": "wg001", "count": 1}


# --- expiry ------------------------------------------------------------------------------


def test_idle_session_expires_and_activity_keeps_it_alive(clocked: Clocked) -> None:
    """Idle expiry, and last_seen written at most once a minute (not once per request)."""
    server, clock = clocked.server, clocked.clock
    first = server.login("wg003")
    start = clock.now
    digest = hashlib.sha256(first.encode()).hexdigest()

    def last_seen() -> datetime:
        with server.central.db.read() as conn:
            stmt = sa.select(sessions.c.last_seen).where(sessions.c.token_hash == digest)
            return conn.execute(stmt).scalar_one()

    clock.advance(seconds=30)
    assert _me(server, first).status_code == 200
    assert last_seen() == start
    clock.advance(seconds=31)
    assert _me(server, first).status_code == 200
    assert last_seen() == start + timedelta(seconds=61)

    busy = server.login("wg001")
    idle = server.login("wg002")
    clock.advance(seconds=IDLE_S - 60)
    assert _me(server, busy).status_code == 200  # refreshes last_seen
    clock.advance(seconds=120)  # idle for IDLE_S + 60, busy only 120 s
    r = _me(server, idle)
    assert r.status_code == 401 and _code(r) == "session_expired"
    assert _me(server, busy).status_code == 200
    clock.advance(seconds=IDLE_S + 1)
    r = _me(server, busy)
    assert r.status_code == 401 and _code(r) == "session_expired"


def test_absolute_expiry_ends_even_a_busy_session(clocked: Clocked) -> None:
    server, clock = clocked.server, clocked.clock
    token = server.login("wg001")
    while clock.now + timedelta(seconds=IDLE_S // 2) < T0 + timedelta(seconds=ABSOLUTE_S):
        clock.advance(seconds=IDLE_S // 2)
        assert _me(server, token).status_code == 200
    clock.now = T0 + timedelta(seconds=ABSOLUTE_S)
    r = _me(server, token)
    assert r.status_code == 401 and _code(r) == "session_expired"


# --- throttling ------------------------------------------------------------------------
# (growing delays per account and address: tests/server/test_login_throttle.py)


def test_a_successful_login_resets_the_failure_count(clocked: Clocked) -> None:
    server = clocked.server
    for _ in range(MAX_FAILURES - 1):
        assert _login(server, "wg001", "wrong-pass").status_code == 401
    assert _login(server, "wg001").status_code == 200
    for _ in range(MAX_FAILURES - 1):
        assert _login(server, "wg001", "wrong-pass").status_code == 401
    assert _login(server, "wg001").status_code == 200


# --- password change ---------------------------------------------------------------------


def test_password_change(live_server: LiveServer) -> None:
    current = live_server.login("wg001")
    other = live_server.login("wg001")
    with live_server.client(current) as c:
        r = c.post(
            "/auth/password", json={"old_password": "bad-guess", "new_password": "Kx9-river-lamp"}
        )
        assert r.status_code == 409 and _code(r) == "wrong_password"
        r = c.post("/auth/password", json={"old_password": PASSWORD, "new_password": "short"})
        assert r.status_code == 422 and _code(r) == "password_too_short"
        r = c.post(
            "/auth/password", json={"old_password": PASSWORD, "new_password": "neues-geheim-42"}
        )
        assert r.status_code == 204, r.text
    assert _login(live_server, "wg001").status_code == 401
    assert _login(live_server, "wg001", "neues-geheim-42").status_code == 200
    assert _me(live_server, current).status_code == 200  # the session that changed it stays
    r = _me(live_server, other)
    assert r.status_code == 401 and _code(r) == "session_revoked"
    assert "password_changed" in _actions(live_server, "wg001")


# --- disabled accounts -------------------------------------------------------------------


def test_disabled_account_is_cut_off_and_cannot_log_in(live_server: LiveServer) -> None:
    token = live_server.login("wg001")
    admin = live_server.login("admin")
    with live_server.client(admin) as c:
        r = c.patch("/admin/users/wg001", json={"active": False})
        assert r.status_code == 200 and r.json()["active"] is False
    r = _me(live_server, token)
    assert r.status_code in (401, 403) and _code(r) in ("session_revoked", "account_disabled")
    r = _login(live_server, "wg001")
    assert r.status_code == 403 and _code(r) == "account_disabled"
    # a wrong password on a disabled account does not reveal that it is disabled
    r = _login(live_server, "wg001", "wrong-pass")
    assert r.status_code == 401 and _code(r) == "bad_credentials"

    with live_server.client(admin) as c:
        assert c.patch("/admin/users/wg001", json={"active": True}).status_code == 200
    assert _login(live_server, "wg001").status_code == 200

    # disabled directly in the table (another tool): the next request still fails
    behind = live_server.login("wg001")
    with live_server.central.db.write() as conn:
        conn.execute(sa.update(users).where(users.c.username == "wg001").values(active=False))
    r = _me(live_server, behind)
    assert r.status_code == 403 and _code(r) == "account_disabled"
    r = _me(live_server, behind)
    assert r.status_code == 401 and _code(r) == "session_revoked"  # treated like revoked


# --- audit and secrecy -------------------------------------------------------------------


def test_every_login_and_failure_is_audited(live_server: LiveServer) -> None:
    live_server.login("wg001")
    _login(live_server, "wg001", "wrong-pass")
    _login(live_server, "nobody", "wrong-pass")
    rows = _audit_rows(live_server)
    found = [(r["username"], r["action"], json.loads(r["detail"]).get("reason")) for r in rows]
    assert found == [
        ("wg001", "login_ok", None),
        ("wg001", "login_failed", "wrong_password"),
        ("nobody", "login_failed", "unknown_user"),
    ]
    assert all(r["ip"] == "127.0.0.1" and r["at"] is not None for r in rows)


def test_no_password_or_token_in_the_audit_log_or_the_logs(
    live_server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="gridapp")
    caplog.set_level(logging.DEBUG, logger="uvicorn")
    caplog.set_level(logging.INFO)
    new_password = "ganz-neu-2026"
    secrets = [PASSWORD, new_password, "wrong-pass-123"]
    token = live_server.login("wg001")
    secrets += [token, hashlib.sha256(token.encode()).hexdigest()]
    _login(live_server, "wg001", "wrong-pass-123")
    with live_server.client(token) as c:
        r = c.post("/auth/password", json={"old_password": PASSWORD, "new_password": new_password})
        assert r.status_code == 204
        assert c.post("/auth/logout").status_code == 204
    second = live_server.login("wg001", new_password)
    secrets += [second, hashlib.sha256(second.encode()).hexdigest()]
    _me(live_server, "guessed-token-value-0123456789")
    secrets.append("guessed-token-value-0123456789")

    assert any("gridapp" in rec.name for rec in caplog.records)  # we did capture the service
    audit_text = json.dumps(_audit_rows(live_server), default=str, ensure_ascii=False)
    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in audit_text
