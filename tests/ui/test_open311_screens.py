"""The Open311 clients tab and the 疑似重复 banner, driven against a real local service.

The admin registers a client in the dialog, sees its key once and the key works; the
district's intake, on a laptop store, pulls a report the service flagged, sees
"possible duplicate of <number>" and merges it with one click, offline first, then the
service accepts the merge at the next sync.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from PySide6.QtCore import Qt

from gridapp.domain.case import CaseState
from tests.core.helpers import GARBAGE, point_of
from tests.live_server import LiveServer
from tests.sync.helpers import event
from tests.ui.admin_helpers import admin_session
from tests.ui.detail_helpers import make_view
from ui.admin.admin_window import AdminWindow
from ui.tasks import TaskRunner

SHOTS = Path("/tmp/open311-shots")


def test_register_a_client_and_use_its_key(qtbot, live_server: LiveServer, tmp_path: Path):
    session = admin_session(live_server, tmp_path)
    try:
        window = AdminWindow(session.ws, TaskRunner(inline=True))
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        tab = window.integrations
        window.tabs.setCurrentWidget(tab)
        dialog = tab.open_dialog()
        dialog.buttons.accepted.emit()  # nothing filled in: refused in the dialog
        assert dialog.isVisible() and dialog.problem.text()
        dialog.name.setText("12345热线平台")
        dialog.source.setCurrentIndex(dialog.source.findData("hotline"))
        lon, lat = point_of(live_server.central.reference(), "wg001")
        street = live_server.central.reference().grid_index.locate(lon, lat).street_code
        for i in range(dialog.streets.count()):
            item = dialog.streets.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == street:
                item.setCheckState(Qt.CheckState.Checked)
        dialog.rate.setValue(120)
        SHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SHOTS / "integration-dialog.png"))
        dialog.buttons.accepted.emit()
        key_dialog = tab.key_dialog
        assert key_dialog is not None and key_dialog.isVisible()
        key = key_dialog.key.text()
        assert len(key) >= 40 and key_dialog.key.isReadOnly()
        key_dialog.grab().save(str(SHOTS / "api-key-dialog.png"))
        key_dialog.accept()
        assert tab.table.rowCount() == 1 and tab.table.item(0, 4).text() == key[:6] + "…"
        window.grab().save(str(SHOTS / "admin-open311-tab.png"))
        r = httpx.post(
            live_server.url + "/open311/v2/requests.json",
            data={"api_key": key, "service_code": GARBAGE, "lat": lat, "long": lon},
        )
        assert r.status_code == 200, r.text
        # disable: the key stops working
        tab.table.selectRow(0)
        assert tab.toggle_button.isEnabled()
        qtbot.mouseClick(tab.toggle_button, Qt.MouseButton.LeftButton)
        assert not tab.records[next(iter(tab.records))].active
        r = httpx.post(
            live_server.url + "/open311/v2/requests.json",
            data={"api_key": key, "service_code": GARBAGE, "lat": lat, "long": lon},
        )
        assert r.status_code == 403
    finally:
        session.close()


def _report(lon: float, lat: float) -> dict:
    payload = {
        "source": "patrol",
        "category_code": GARBAGE,
        "catalog": 2,
        "lon": lon,
        "lat": lat,
        "description": "暴露垃圾",
    }
    return event(str(uuid.uuid4()), "report", payload).model_dump(mode="json")


def test_possible_duplicate_banner_merges_in_one_click(
    qtbot, live_server: LiveServer, tmp_path: Path
):
    lon, lat = point_of(live_server.central.reference(), "wg001")
    first, second = _report(lon, lat), _report(lon + 0.0001, lat)  # about 9 m apart
    with live_server.client(live_server.login("wg001")) as c:
        results = c.post("/sync/push", json={"events": [first, second]}).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "accepted"]
    kept_number = live_server.central.service().load(first["case_id"]).number
    session = admin_session(live_server, tmp_path, "shouli")
    try:
        session.sync.sync()
        ws = session.ws
        view = make_view(qtbot, ws)
        view.resize(1366 - 420, 768)
        with qtbot.waitSignal(view.loaded, timeout=5000):
            view.show_case(second["case_id"])
        banner = view.duplicate
        assert banner.isVisible() and kept_number in banner.text.text()
        assert banner.merge.isVisible() and kept_number in banner.merge.text()
        SHOTS.mkdir(exist_ok=True)
        view.grab().save(str(SHOTS / "duplicate-banner.png"))
        with qtbot.waitSignal(view.loaded, timeout=5000):
            qtbot.mouseClick(banner.merge, Qt.MouseButton.LeftButton)
        # merged on the laptop at once (pending), before any sync
        local = ws.record(second["case_id"])
        assert local.state is CaseState.MERGED and local.merged_into == first["case_id"]
        assert not banner.isVisible()
        assert view.timeline.entries[-1].action.value == "merge"
        flags = [e for e in view.timeline.entries if e.action.value == "flag_duplicate"]
        assert len(flags) == 1 and kept_number in flags[0].text
        session.sync.sync()
        server = live_server.central.service().load(second["case_id"])
        assert server.state is CaseState.MERGED and server.merged_into == first["case_id"]
    finally:
        session.close()
