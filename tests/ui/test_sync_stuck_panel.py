"""A stuck event in the status bar and the refused panel, and "Retry" sending it.

A real service (SQLite) behind ``tests/sync/fault_service.PushFaults``, which answers
500 to a push carrying a marker: a stand-in for a service bug on one event (the
real service cannot be made to fail on demand). The laptop's rounds isolate the
event; the panel lists it apart from refused events, with what the service said;
once the fault is gone, "Retry" sends it through the running sync loop.
"""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from gridapp import Workspace
from gridapp.server.settings import ServerSettings
from gridapp.sync.engine import FAULT_ROUNDS
from gridapp.sync.transport import ServiceFault
from tests.core.helpers import GARBAGE, point_of
from tests.live_server import PASSWORD
from tests.sync.fault_service import start_faulty_server
from tests.sync.helpers import PHONE
from ui.sync.refused_panel import RefusedPanel
from ui.sync.status_bar import SyncStatusWidget
from ui.sync.sync_controller import SyncController
from ui.tasks import TaskRunner

WAIT = 15_000
MARKER = "POISON-7f3a"


@pytest.fixture
def faulty(reference_template, tmp_path):
    db = tmp_path / "central.db"
    shutil.copyfile(reference_template, db)
    settings = ServerSettings(db_url=f"sqlite:///{db}", files_dir=tmp_path / "central-files")
    server, faults = start_faulty_server(settings)
    yield server, faults
    server.stop()


@pytest.fixture
def runner():
    tasks = TaskRunner()
    yield tasks
    tasks.wait(10_000)


def hotline(ws: Workspace, k: int, text: str) -> str:
    x, y = point_of(ws, "wg001", k)
    (case_id,) = ws.report(
        source="hotline",
        category_code=GARBAGE,
        lon=x,
        lat=y,
        description=text,
        reporter_phone=PHONE,
    ).case_ids
    ws.act(case_id, "accept")
    return case_id


def make_stuck(ws: Workspace, session) -> str:
    """Three cases, the middle one poisoned; rounds until it is stuck. Its case id."""
    hotline(ws, 0, "热线 门前垃圾")
    poisoned = hotline(ws, 1, f"热线 占道经营 {MARKER}")
    hotline(ws, 2, "热线 井盖缺失")
    for _ in range(FAULT_ROUNDS - 1):
        with pytest.raises(ServiceFault):
            session.sync_now()
    for _ in range(FAULT_ROUNDS):
        session.sync_now()
    assert len(session.stuck()) == 1
    return poisoned


def test_stuck_event_is_listed_apart_and_retry_sends_it(qtbot, faulty, runner, tmp_path):
    server, faults = faulty
    faults.poison = MARKER.encode()
    ws = Workspace.open_client(tmp_path / "laptop.db")
    session = ws.connect(server.url, tmp_path / "tokens", use_keyring=False, interval=30)
    session.login("shouli", PASSWORD)
    controller = SyncController(ws, runner)
    try:
        poisoned = make_stuck(ws, session)
        widget = SyncStatusWidget()
        qtbot.addWidget(widget)
        controller.status_changed.connect(widget.set_status)
        widget.show()
        controller.refresh()
        qtbot.waitUntil(lambda: widget.refused_button.isVisible(), timeout=WAIT)
        assert widget.refused_button.text() == "1 held back"
        assert widget.pending_label.text() == "2 pending"

        panel = RefusedPanel(ws, runner)
        qtbot.addWidget(panel)
        widget.refused_requested.connect(panel.reload)
        widget.refused_requested.connect(panel.show)
        qtbot.mouseClick(widget.refused_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.stuck.table.rowCount() == 1, timeout=WAIT)
        assert panel.stuck.isVisible() and panel.refused_heading.isVisible()
        assert panel.table.rowCount() == 0 and panel.empty_label.isVisible()
        row = [panel.stuck.table.item(0, c).text() for c in range(6)]
        assert MARKER in row[0] and "占道经营" in row[0]
        assert row[1] == "上报"
        assert row[3] == "HTTP 500 · 服务内部错误"
        assert row[4].startswith(f"{FAULT_ROUNDS} tries")
        assert row[5] == "1 later action(s) of this case"
        assert "Held back (1)" in panel.stuck.heading.text()
        opened = []
        panel.open_case.connect(opened.append)
        qtbot.mouseClick(panel.stuck.open_button, Qt.MouseButton.LeftButton)
        assert opened == [poisoned]
        panel.resize(1366, 768)
        panel.grab().save(str(tmp_path / "stuck_panel.png"))

        # The service is fixed; "Retry" wakes the running loop, which sends it.
        faults.poison = None
        controller.start()
        qtbot.waitUntil(lambda: not controller.session._syncing, timeout=WAIT)
        synced = []
        controller.synced.connect(synced.append)
        qtbot.mouseClick(panel.stuck.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: poisoned in {c for ch in synced for c in ch.case_ids}, timeout=WAIT)
        qtbot.waitUntil(lambda: not widget.refused_button.isVisible(), timeout=WAIT)
        assert widget.pending_label.text() == "0 pending"
        panel.reload()
        qtbot.waitUntil(lambda: panel.stuck.table.rowCount() == 0, timeout=WAIT)
        assert not panel.stuck.isVisible() and not panel.refused_heading.isVisible()
    finally:
        controller.stop()
        runner.wait(10_000)
        session.close()
        ws.close()
