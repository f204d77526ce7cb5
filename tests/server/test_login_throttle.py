"""Login throttling against a real service: growing delays per (account, address) and
per address, never a lockout a stranger can put on someone else's account.

Client addresses are real: each attacker or user binds its own loopback address
(127.0.0.2, 127.0.0.3, …; Linux routes all of 127/8 to lo)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

from gridapp.server.settings import ServerSettings
from tests.conftest import Clock
from tests.live_server import PASSWORD, LiveServer, start_server

AFTER = 5  # free failures per (account, address)
IP_AFTER = 12  # free failures per address, any account
BASE = 5
CAP = 40
T0 = datetime(2026, 11, 16, 9, 0)
A, B, C = "127.0.0.2", "127.0.0.3", "127.0.0.4"


@dataclasses.dataclass
class Clocked:
    server: LiveServer
    clock: Clock


def _start(central_settings: ServerSettings, **extra: object) -> Clocked:
    clock = Clock(T0)
    settings = dataclasses.replace(
        central_settings,
        login_throttle_after=AFTER,
        login_throttle_ip_after=IP_AFTER,
        login_throttle_base_s=BASE,
        login_throttle_cap_s=CAP,
        login_throttle_window_s=3600,
        **extra,
    )
    return Clocked(start_server(settings, clock=clock), clock)


@pytest.fixture
def clocked(central_settings: ServerSettings) -> Iterator[Clocked]:
    started = _start(central_settings)
    yield started
    started.server.stop()


def _client(server: LiveServer, address: str, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=server.api, transport=transport, headers=headers, timeout=30)


def _login(
    server: LiveServer,
    username: str,
    password: str = PASSWORD,
    *,
    address: str = A,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    with _client(server, address) as c:
        body = {"username": username, "password": password}
        return c.post("/auth/login", json=body, headers=headers or {})


def _fail(server: LiveServer, username: str, times: int, **kw: object) -> list[int]:
    return [_login(server, username, f"wrong-{i}", **kw).status_code for i in range(times)]


def _audit(server: LiveServer, action: str) -> list[dict]:
    token = _login(server, "admin", address=C).json()["token"]
    with _client(server, C, token) as c:
        r = c.get("/admin/audit", params={"action": action, "limit": 1000})
    assert r.status_code == 200, r.text
    return r.json()


def test_failures_from_one_address_do_not_keep_the_user_out_from_another(
    clocked: Clocked,
) -> None:
    server = clocked.server
    assert _fail(server, "zhiban", 10, address=A) == [401] * AFTER + [429] * 5
    # the duty shift lead on their own computer: in at once, with the right password
    r = _login(server, "zhiban", address=B)
    assert r.status_code == 200, r.text
    # while the guesser's address still waits, even with the right password
    r = _login(server, "zhiban", address=A)
    assert r.status_code == 429 and r.json()["code"] == "locked_out"


def test_repeated_failures_wait_longer_and_longer_up_to_the_cap(clocked: Clocked) -> None:
    server, clock = clocked.server, clocked.clock
    assert _fail(server, "wg001", AFTER) == [401] * AFTER
    waits = []
    for _ in range(6):
        r = _login(server, "wg001", "again-wrong")
        assert r.status_code == 429
        assert r.json()["code"] == "locked_out"
        assert "秒后再试" in r.json()["message"]
        retry = int(r.headers["Retry-After"])
        assert r.json()["details"]["retry_after"] == retry
        waits.append(retry)
        clock.advance(seconds=retry - 1)
        assert _login(server, "wg001", "again-wrong").status_code == 429  # not yet
        clock.advance(seconds=1)
        assert _login(server, "wg001", "again-wrong").status_code == 401  # a new failure
    assert waits == [BASE, 2 * BASE, 4 * BASE, CAP, CAP, CAP]
    # the right password after the wait gets in and resets this pair's count (a wrong
    # one right after would wait CAP otherwise)
    clock.advance(seconds=CAP)
    assert _login(server, "wg001").status_code == 200
    assert _login(server, "wg001", "typo").status_code == 401


def test_unknown_usernames_are_throttled_like_real_ones(clocked: Clocked) -> None:
    server = clocked.server
    real = _fail(server, "wg001", AFTER + 1)
    ghost = _fail(server, "nobody-here", AFTER + 1)
    assert real == ghost == [401] * AFTER + [429]


def test_password_spraying_from_one_address_is_slowed_for_every_account(
    clocked: Clocked,
) -> None:
    server = clocked.server
    names = [f"wg{n:03d}" for n in range(1, IP_AFTER + 1)]
    assert [_login(server, n, "Spring2026!", address=A).status_code for n in names] == [401] * len(
        names
    )
    # a fresh account, never tried: still slowed from this address, not from another
    assert _login(server, "shouli", "Spring2026!", address=A).status_code == 429
    assert _login(server, "shouli", address=B).status_code == 200
    throttled = _audit(server, "login_throttled")
    assert any(row["detail"]["scope"] == "ip" and row["ip"] == A for row in throttled)


def test_wrong_old_passwords_on_a_password_change_are_throttled_too(clocked: Clocked) -> None:
    server = clocked.server
    token = _login(server, "wg002", address=A).json()["token"]
    with _client(server, A, token) as c:
        answers = [
            c.post(
                "/auth/password",
                json={"old_password": f"guess-{i}", "new_password": "Kx9-river-lamp"},
            )
            for i in range(AFTER + 1)
        ]
    assert [r.status_code for r in answers] == [409] * AFTER + [429]
    assert "Retry-After" in answers[-1].headers
    assert _login(server, "wg002", address=A).status_code == 429
    assert _login(server, "wg002", address=B).status_code == 200


def test_the_admin_sees_throttling_in_the_audit_log(clocked: Clocked) -> None:
    server = clocked.server
    _fail(server, "zhiban", AFTER + 2, address=A)
    rows = _audit(server, "login_throttled")
    assert len(rows) == 2
    for row in rows:
        assert row["username"] == "zhiban"
        assert row["ip"] == A
        assert row["detail"]["scope"] == "account_ip"
        assert row["detail"]["retry_after"] >= 1
        assert row["detail"]["attempt"] == "login"
        assert not any("password" in key for key in row["detail"])


def test_a_forged_x_forwarded_for_does_not_pick_the_address(clocked: Clocked) -> None:
    """From an address that is no trusted proxy, rotating the header escapes nothing."""
    server = clocked.server
    codes = [
        _login(
            server, "wg001", f"wrong-{i}", headers={"X-Forwarded-For": f"10.9.8.{i}"}
        ).status_code
        for i in range(AFTER + 1)
    ]
    assert codes == [401] * AFTER + [429]
    rows = _audit(server, "login_throttled")
    assert rows[0]["ip"] == A


def test_x_forwarded_for_is_believed_from_a_trusted_proxy_only(
    central_settings: ServerSettings,
) -> None:
    started = _start(central_settings, trusted_proxies=(A,))
    server = started.server
    try:
        # from the proxy (A): each forwarded client has its own count
        forwarded = {"X-Forwarded-For": "203.0.113.7"}
        assert _fail(server, "wg001", AFTER + 1, headers=forwarded) == [401] * AFTER + [429]
        other = {"X-Forwarded-For": "198.51.100.4"}
        assert _login(server, "wg001", headers=other).status_code == 200
        # a client that prepends its own X-Forwarded-For: nginx appends the real address
        spoof = {"X-Forwarded-For": "198.51.100.4, 203.0.113.7"}
        assert _login(server, "wg001", headers=spoof).status_code == 429
        # not from the proxy: the header is ignored, the peer address counts
        assert _login(server, "wg001", address=B, headers=forwarded).status_code == 200
        ips = {row["ip"] for row in _audit(server, "login_throttled")}
        assert ips == {"203.0.113.7"}
    finally:
        server.stop()


def test_by_default_only_the_host_itself_is_a_trusted_proxy(clocked: Clocked) -> None:
    """nginx on the same host (deploy/): its X-Forwarded-For names the client."""
    server = clocked.server
    assert server.settings.trusted_proxies == ("127.0.0.1", "::1")
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    assert _fail(server, "wg001", AFTER + 1, address="127.0.0.1", headers=forwarded)[-1] == 429
    rows = _audit(server, "login_throttled")
    assert [row["ip"] for row in rows] == ["203.0.113.9"]
