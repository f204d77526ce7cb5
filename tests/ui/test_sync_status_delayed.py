"""The status bar when the service answers 503: reachable, delayed, in the service's words."""

from __future__ import annotations

import pytest

from gridapp.sync.session import SyncSession
from gridapp.sync.transport import TransientError
from gridapp.workspace import Workspace
from tests.core.helpers import point_of
from tests.faults.test_disk_full import full_service, noise_jpeg  # noqa: F401 (a fixture)
from tests.live_server import PASSWORD
from ui.sync.status_bar import SyncStatusWidget


def test_a_full_service_shows_sync_delayed_with_its_message_not_offline(
    qtbot,
    full_service,  # noqa: F811 (the fixture imported above)
    tmp_path,
):
    server, disk, _backend = full_service
    ws = Workspace.open_client(tmp_path / "laptop" / "officer.db")
    session = SyncSession(ws, server.url, tmp_path / "tokens", use_keyring=False)
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    try:
        session.login("wg001", PASSWORD)
        x, y = point_of(ws, "wg001")
        ws.report(
            source="patrol",
            category_code="020102",
            lon=x,
            lat=y,
            description="暴露垃圾",
            photos=[noise_jpeg(8)],
        )
        disk.fill(leave=0)
        with pytest.raises(TransientError):
            session.sync_now()
        widget.set_status(session.status())
        assert widget.state_label.text() == "Sync delayed"  # was "Offline"
        tip = widget.state_label.toolTip()
        assert "服务器存储空间已满" in tip and "自动重试" in tip and server.url in tip
        assert "无法连接" not in tip

        disk.release()
        session.sync_now()
        widget.set_status(session.status())
        assert widget.state_label.text() == "Online"
    finally:
        session.close()
        ws.close()
