"""Automatic sync: pending work reaches the service as soon as it becomes reachable."""

from __future__ import annotations

import threading
import time

from gridapp.sync.auto import AutoSync
from gridapp.sync.client import SyncClient
from gridapp.sync.engine import pending_events
from gridapp.sync.round_outcome import backoff_delay
from gridapp.sync.tokens import TokenStore
from gridapp.workspace import Workspace
from tests.live_server import start_server


def test_backoff_grows_and_is_capped():
    assert backoff_delay(0) == 0
    for n in range(1, 12):
        delays = [backoff_delay(n, base=1, cap=30) for _ in range(200)]
        assert all(0 <= d <= min(30, 2 ** (n - 1)) for d in delays)
    assert max(backoff_delay(3, base=1, cap=30) for _ in range(200)) > 2  # it does grow


def test_offline_work_syncs_when_the_service_comes_back(central_settings, tmp_path):
    server = start_server(central_settings)
    ws = Workspace.open_client(tmp_path / "officer.db")
    client = SyncClient(ws, server.url, TokenStore(tmp_path / "tokens", use_keyring=False))
    client.login("wg001", "demo1234")
    url = server.url
    server.stop()  # the laptop goes out of reach

    grid = sorted(ws.reference.user("wg001").grid_codes)[0]
    p = ws.reference.grids[grid].polygon.representative_point()
    ws.report(source="patrol", category_code="020102", lon=p.x, lat=p.y, description="路边垃圾")
    assert pending_events(ws) == 1

    reports = []
    auto = AutoSync(client, interval=0.2, backoff_cap=0.3, on_report=reports.append)
    thread = threading.Thread(target=auto.run, daemon=True)
    thread.start()
    try:
        time.sleep(0.8)
        assert pending_events(ws) == 1 and client.failures >= 1 and not client.online
        port = int(url.rsplit(":", 1)[1])
        server = start_server(central_settings, port=port)
        deadline = time.monotonic() + 15
        # the round ends (and the client counts as online) after the pull that follows
        while (pending_events(ws) or not reports) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pending_events(ws) == 0
        assert client.online and client.failures == 0
        assert any(r.accepted == 1 for r in reports)
    finally:
        auto.stop()
        thread.join(5)
        server.stop()
        ws.close()
