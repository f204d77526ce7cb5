"""The 签收 limit: an administrator sets it on the service, laptops dispatch with it."""

from __future__ import annotations

import httpx
import pytest

from tests.live_server import LiveServer
from tests.server.test_admin import _admin_rows, _version
from tests.sync.helpers import make_client


@pytest.fixture
def admin(live_server: LiveServer) -> httpx.Client:
    with live_server.client(live_server.login("admin")) as client:
        yield client


def test_set_read_and_reset_the_ack_limit(live_server, admin, tmp_path):
    assert admin.get("/admin/ack-limit").json() == {"hours": 2.0, "default": True}
    v0 = _version(live_server, admin)
    r = admin.put("/admin/ack-limit", json={"hours": 4})
    assert r.status_code == 200, r.text
    assert r.json() == {"hours": 4.0, "default": False}
    assert admin.get("/admin/ack-limit").json() == {"hours": 4.0, "default": False}
    assert _version(live_server, admin) > v0  # laptops reload their reference
    assert [a for a, _ in _admin_rows(live_server)][-1] == "admin_set_ack_limit"
    laptop = make_client(tmp_path / "laptop", live_server.url, "laptop", "paiqian")
    try:
        laptop.run()
        assert laptop.ws.reference.ack_limit_hours == 4.0
    finally:
        laptop.close()
    assert admin.delete("/admin/ack-limit").status_code == 204
    assert admin.get("/admin/ack-limit").json() == {"hours": 2.0, "default": True}
    r = admin.delete("/admin/ack-limit")
    assert r.status_code == 404 and r.json()["code"] == "no_ack_limit"


@pytest.mark.parametrize(
    "body", [{"hours": 0}, {"hours": -1}, {"hours": 73}, {"hours": "abc"}, {}, {"hours": None},
             {"hours": 2, "extra": 1}, {"hours": "NaN"}, {"hours": 1e308}],
)  # fmt: skip
def test_bad_ack_limits_are_refused(admin, body):
    r = admin.put("/admin/ack-limit", json=body)
    assert r.status_code == 422, r.text
    assert admin.get("/admin/ack-limit").json()["default"] is True


def test_only_an_administrator_sets_the_ack_limit(live_server):
    with live_server.client(live_server.login("zhiban")) as lead:
        assert lead.get("/admin/ack-limit").status_code == 403
        assert lead.put("/admin/ack-limit", json={"hours": 4}).status_code == 403
        assert lead.delete("/admin/ack-limit").status_code == 403
