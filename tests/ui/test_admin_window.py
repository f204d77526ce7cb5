"""Admin screens driven like a user against a real local sync service.

Each test logs a client store in to a live service (tests/live_server.py), opens
the AdminWindow and clicks and types through it; results are checked in the
service and in the admin's own ``ws.reference`` (refreshed after every change).
Screenshots of each tab go to /tmp/admin-*.png.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from tests.live_server import LiveServer
from tests.server.test_admin_grids import NEW_COMMUNITY, two_new_grids
from tests.ui.admin_helpers import AdminSession, admin_session
from ui.admin.admin_window import AdminWindow
from ui.admin.common import select_key
from ui.tasks import TaskRunner

SHOTS = Path("/tmp")


@pytest.fixture
def session(live_server: LiveServer, tmp_path: Path) -> AdminSession:
    s = admin_session(live_server, tmp_path)
    yield s
    s.close()


@pytest.fixture
def window(qtbot, session: AdminSession) -> AdminWindow:
    w = AdminWindow(session.ws, TaskRunner(inline=True))
    qtbot.addWidget(w)
    w.resize(1100, 650)
    w.show()
    return w


def ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)


def type_in(qtbot, edit, text: str) -> None:
    """Type like a user: keys for ASCII, an input-method commit for Chinese
    (QTest cannot send non-Latin-1 key events)."""
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.setFocus()
        edit.insert(text)


def shot(widget, name: str) -> None:
    widget.grab().save(str(SHOTS / f"admin-{name}.png"))


def test_department_officer_and_rule(qtbot, window: AdminWindow, session: AdminSession) -> None:
    ws = session.ws
    assert window.users.table.rowCount() == len(ws.reference.users)
    shot(window, "users")

    window.tabs.setCurrentWidget(window.departments)
    tab = window.departments
    assert tab.table.rowCount() > 10
    qtbot.mouseClick(tab.new_button, Qt.LeftButton)
    dialog = tab.dialog
    qtbot.keyClicks(dialog.code, "D95")
    type_in(qtbot, dialog.name, "区网格化服务中心")
    type_in(qtbot, dialog.short, "网格")
    with qtbot.waitSignal(window.changed, timeout=5000):
        ok(qtbot, dialog)
    assert ws.reference.departments["D95"].name == "区网格化服务中心"
    assert tab.selected() is not None and tab.selected().code == "D95"
    shot(window, "departments")

    window.tabs.setCurrentWidget(window.users)
    qtbot.mouseClick(window.users.new_button, Qt.LeftButton)
    dialog = window.users.dialog
    qtbot.keyClicks(dialog.username, "wg-ui")
    type_in(qtbot, dialog.display_name, "界面网格员")
    dialog.role.setCurrentIndex(dialog.role.findData("grid_officer"))
    assert dialog.grids.isVisibleTo(dialog) and not dialog.department.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.grid_filter, "370306001001")
    shown = [
        dialog.grids.item(i)
        for i in range(dialog.grids.count())
        if not dialog.grids.item(i).isHidden()
    ]
    for item in shown[:2]:
        item.setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(dialog.password, "anfang-2026")
    ok(qtbot, dialog)
    user = ws.reference.users["wg-ui"]
    assert len(user.grid_codes) == 2 and all(c.startswith("370306001001") for c in user.grid_codes)
    assert window.users.selected().username == "wg-ui"

    # Move the new officer to the new department (role and organisation together).
    qtbot.mouseClick(window.users.edit_button, Qt.LeftButton)
    dialog = window.users.dialog
    dialog.role.setCurrentIndex(dialog.role.findData("department"))
    dialog.department.setCurrentIndex(dialog.department.findData("D95"))
    ok(qtbot, dialog)
    moved = ws.reference.users["wg-ui"]
    assert moved.department_code == "D95" and not moved.grid_codes

    window.tabs.setCurrentWidget(window.routing)
    qtbot.mouseClick(window.routing.add_button, Qt.LeftButton)
    dialog = window.routing.dialog
    dialog.choose(dialog.category, "020102")
    dialog.choose(dialog.street, "370306001")
    dialog.choose(dialog.department, "D95")
    type_in(qtbot, dialog.note, "试点")
    ok(qtbot, dialog)
    rules = ws.reference.routing_rules
    assert [(r.category_code, r.street_code, r.department_code) for r in rules] == [
        ("020102", "370306001", "D95")
    ]
    assert window.routing.table.rowCount() == 1
    shot(window, "routing")

    # Deactivating the new department (no open cases) works.
    window.tabs.setCurrentWidget(window.departments)
    assert select_key(tab.table, "D95")
    qtbot.mouseClick(tab.active_button, Qt.LeftButton)
    assert ws.reference.departments["D95"].active is False


def test_calendar_override_moves_deadlines(
    qtbot, window: AdminWindow, session: AdminSession
) -> None:
    ws = session.ws
    tab = window.calendar
    window.tabs.setCurrentWidget(tab)
    tab.year.setValue(2027)
    assert tab.warning.isVisible() and "2027" in tab.warning.text()
    assert tab.confirm_button.isEnabled()

    start = datetime(2027, 3, 5, 9, 0)  # a Friday
    before = ws.reference.calendar.deadline_for(start, 1, "work_day")
    tab.day.setDate(QDate(2027, 3, 8))
    tab.kind.setCurrentIndex(tab.kind.findData(False))
    type_in(qtbot, tab.note, "临时假日")
    qtbot.mouseClick(tab.add_button, Qt.LeftButton)
    assert tab.table.rowCount() == 1 and tab.table.item(0, 0).text() == "2027-03-08"
    after = ws.reference.calendar.deadline_for(start, 1, "work_day")
    assert after.date() > before.date()
    assert not ws.reference.calendar.is_workday(date(2027, 3, 8))
    shot(window, "calendar")

    qtbot.mouseClick(tab.confirm_button, Qt.LeftButton)
    assert ws.reference.calendar.is_confirmed(2027)
    assert "2027" not in tab.warning.text() or not tab.warning.isVisible()

    tab.table.selectRow(0)
    qtbot.mouseClick(tab.delete_button, Qt.LeftButton)
    assert tab.table.rowCount() == 0
    assert ws.reference.calendar.deadline_for(start, 1, "work_day") == before


def test_grid_import_preview_then_apply(
    qtbot, window: AdminWindow, session: AdminSession, tmp_path: Path
) -> None:
    ws = session.ws
    bad = two_new_grids()
    bad["features"][1]["properties"]["code"] = "370305009001002"
    bad_file = tmp_path / "bad.geojson"
    bad_file.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    good_file = tmp_path / "grids.geojson"
    good_file.write_text(json.dumps(two_new_grids(), ensure_ascii=False), encoding="utf-8")

    window.tabs.setCurrentWidget(window.grids)
    count = len(ws.reference.grids)
    qtbot.mouseClick(window.grids.import_button, Qt.LeftButton)
    dialog = window.grids.dialog
    qtbot.keyClicks(dialog.path, str(bad_file))
    qtbot.mouseClick(dialog.preview_button, Qt.LeftButton)
    assert dialog.preview.errors == 1 and not dialog.import_button.isEnabled()
    assert "370306" in dialog.table.item(1, 4).text()  # "not of this county (370306)"

    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(good_file))
    qtbot.mouseClick(dialog.preview_button, Qt.LeftButton)
    assert (dialog.preview.new, dialog.preview.errors) == (2, 0)
    assert dialog.import_button.isEnabled()
    assert len(ws.reference.grids) == count  # a preview changes nothing
    dialog.resize(900, 400)
    dialog.grab().save(str(SHOTS / "admin-grid-import.png"))

    with qtbot.waitSignal(window.changed, timeout=5000):
        qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    assert dialog.preview.applied
    assert len(ws.reference.grids) == count + 2
    assert ws.locate(117.975, 36.805).code == NEW_COMMUNITY + "002"
    assert ws.reference.grids[NEW_COMMUNITY + "001"].street_name == "新城街道"
    assert "新城街道" in [
        window.grids.table.item(r, 1).text() for r in range(window.grids.table.rowCount())
    ]
    shot(window, "grids")


def test_non_admin_gets_a_clear_refusal(qtbot, live_server: LiveServer, tmp_path: Path) -> None:
    s = admin_session(live_server, tmp_path, "paiqian")
    try:
        w = AdminWindow(s.ws, TaskRunner(inline=True))
        qtbot.addWidget(w)
        w.show()
        assert w.refusal.isVisible() and "administrators only" in w.refusal.text()
        assert not w.tabs.isEnabled()
        assert w.users.table.rowCount() == 0  # nothing was asked of the service
        # Even if the widget asked, the service refuses: the message says so.
        w.users.reload()
        boxes = [b for b in w.users.findChildren(QMessageBox) if b.isVisible()]
        assert boxes and boxes[-1].text() == "当前角色无权访问此功能"
        assert "forbidden" in boxes[-1].informativeText()  # "Error code: forbidden"
        shot(w, "refused")
    finally:
        s.close()
