"""The password policy on every path that sets a password, against a real service:
the self-service change, an admin creating an account, an admin resetting one.
Each weak password is refused with a 4xx and the rule's code; nothing changes."""

from __future__ import annotations

import httpx
import pytest

from tests.live_server import PASSWORD, LiveServer

GOOD = "Kx9-river-lamp"
# (new password for user wg002 / new account wg-neu, expected code)
WEAK = [
    ("short", "password_too_short"),
    ("          ", "password_blank"),
    ("password1", "password_common"),
    ("12345678", "password_common"),
    ("woaini1314", "password_common"),
    ("qq123456", "password_common"),
]


def _user_body(username: str, password: str) -> dict:
    return {
        "username": username,
        "display_name": "新网格员",
        "role": "grid_officer",
        "grid_codes": ["370306001001001"],
        "password": password,
    }


@pytest.fixture
def admin(live_server: LiveServer) -> httpx.Client:
    return live_server.client(live_server.login("admin"))


def _login_code(server: LiveServer, username: str, password: str) -> int:
    with server.client() as c:
        return c.post("/auth/login", json={"username": username, "password": password}).status_code


def test_self_service_change_refuses_weak_passwords(live_server: LiveServer) -> None:
    token = live_server.login("wg002")
    with live_server.client(token) as c:
        for weak, code in [*WEAK, ("WG002wg002", "password_like_username")]:
            r = c.post("/auth/password", json={"old_password": PASSWORD, "new_password": weak})
            assert 400 <= r.status_code < 500, (weak, r.text)
            assert r.json()["code"] == code, (weak, r.text)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["message"])
        assert _login_code(live_server, "wg002", PASSWORD) == 200  # nothing changed
        r = c.post("/auth/password", json={"old_password": PASSWORD, "new_password": GOOD})
        assert r.status_code == 204, r.text
    assert _login_code(live_server, "wg002", GOOD) == 200


def test_admin_created_accounts_follow_the_same_rules(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    for weak, code in [*WEAK, ("Wg-Neu-2026", "password_like_username")]:
        r = admin.post("/admin/users", json=_user_body("wg-neu", weak))
        assert r.status_code == 422, (weak, r.text)
        assert r.json()["code"] == code, (weak, r.text)
    assert "wg-neu" not in {u["username"] for u in admin.get("/admin/users").json()}
    r = admin.post("/admin/users", json=_user_body("wg-neu", GOOD))
    assert r.status_code == 201, r.text
    assert _login_code(live_server, "wg-neu", GOOD) == 200


def test_admin_password_reset_follows_the_same_rules(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    for weak, code in [*WEAK, ("wg003wg003", "password_like_username")]:
        r = admin.patch("/admin/users/wg003", json={"password": weak})
        assert r.status_code == 422, (weak, r.text)
        assert r.json()["code"] == code, (weak, r.text)
    assert _login_code(live_server, "wg003", PASSWORD) == 200  # still the old one
    r = admin.patch("/admin/users/wg003", json={"password": GOOD})
    assert r.status_code == 200, r.text
    assert _login_code(live_server, "wg003", GOOD) == 200
