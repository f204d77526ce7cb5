"""The embedded demo service: built on first start, served on 127.0.0.1, logged into."""

from __future__ import annotations

from datetime import date

import httpx

from gridapp import Workspace
from gridapp.demo import build, store
from gridapp.demo.local_service import start_demo_service
from gridapp.demo.service_port import PORT_FILE, next_demo_url
from gridapp.domain.roles import Role


def small_demo(path, *, end=None, **_kwargs):
    """The demo district with a month of few cases: the real builder, ~10x faster."""
    return build.build_demo_store(path, end=end or date(2026, 10, 20), months=1, per_day=2.0)


def test_demo_service_builds_serves_and_keeps_its_port(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "build_demo_store", small_demo)
    steps: list = []  # DemoProgress values
    assert next_demo_url(tmp_path) is None  # never started: the address is not known
    service = Workspace.start_demo_service(tmp_path)
    try:
        assert (tmp_path / "demo" / "central.db").exists()
        assert not (tmp_path / "demo.building").exists()
        assert httpx.get(service.url + "/api/v1/health").status_code == 200
        roles = {u.role for u in service.users}
        assert roles == set(Role)
        by_name = {u.username: u for u in service.users}
        assert by_name["wg001"].organisation.endswith("个网格）")
        assert by_name["shouli"].organisation == "区城市管理指挥中心"
        assert by_name["bm-d02"].organisation  # a department's name
        assert all(u.display_name for u in service.users)

        ws = Workspace.open_client_store(tmp_path, service.url)
        session = ws.connect(service.url, tmp_path / "tokens", use_keyring=False)
        try:
            actor = session.login("zhiban", service.password)
            assert session.online and actor.role is Role.SHIFT_LEAD
            report = session.sync_now()
            assert report.pulled > 0 and ws.count_cases() > 0
        finally:
            ws.close()
        port = service.port
    finally:
        service.stop()
    assert (tmp_path / "demo" / PORT_FILE).read_text() == str(port)
    # the desktop opens the laptop's store for this address before the service starts
    assert next_demo_url(tmp_path) == f"http://127.0.0.1:{port}"

    # The second start reuses the store (no build) and the port, so the client store
    # (one per service URL) is the same one.
    monkeypatch.setattr(store, "build_demo_store", None)
    again = start_demo_service(tmp_path, on_progress=steps.append)
    try:
        assert again.port == port and [s.step for s in steps] == ["starting"]  # no build
        assert next_demo_url(tmp_path) is None  # taken (by it): a start now would move
    finally:
        again.stop()
