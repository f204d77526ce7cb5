"""The bell: a 催办 and a new task raise the badge, the list shows them, a double click
opens the case and counts it read (offscreen: no system tray, the in-app list only)."""

from __future__ import annotations

from PySide6.QtGui import QFont

from gridapp.notifications import Kind
from tests.core.helpers import URBAN, act, drive, report
from tests.ui.map_helpers import dispose
from ui.main_window import MainWindow
from ui.notifications.list_dialog import CASE_ROLE
from ui.tasks import TaskRunner


def test_badge_list_and_open_case(qtbot, ws):
    urged = report(ws, URBAN)
    drive(ws, urged, "dispatched", department="D02")
    new = report(ws, URBAN, index=1)
    drive(ws, new, "filed")

    ws.act_as("bm-d02")
    window = MainWindow(ws, TaskRunner(inline=True))
    qtbot.addWidget(window, before_close_func=lambda w: dispose(w.map))
    window.show()
    qtbot.waitSignal(window.map.ready, timeout=20_000).wait()
    bell, centre = window.bell, window.notifications
    assert centre.tray is None  # offscreen has no tray: the list still works
    assert bell.count == 0 and not bell.badge.isVisible()  # the past is not news
    bell.click()
    assert centre.dialog.isVisible() and centre.dialog.empty.isVisible()
    centre.dialog.close()

    act(ws, "paiqian", urged, "urge", {"note": "请尽快处置"})
    act(ws, "paiqian", new, "dispatch", {"department_code": "D02"})
    ws.act_as("bm-d02")
    centre.timer.timeout.emit()  # the periodic check
    assert bell.count == 2 and bell.badge.isVisible() and bell.badge.text() == "2"
    assert len(centre.popups) == 1 and "2" in centre.popups[0][0]

    bell.click()
    dialog = centre.dialog
    assert dialog is not None and dialog.isVisible()
    tree = dialog.list
    assert tree.topLevelItemCount() == 2 and not dialog.empty.isVisible()
    rows = {tree.topLevelItem(i).data(0, CASE_ROLE): tree.topLevelItem(i) for i in range(2)}
    assert set(rows) == {urged, new}
    assert all(item.font(2).weight() == QFont.Weight.Bold for item in rows.values())
    assert ws.record(urged).number in rows[urged].text(2)

    with qtbot.waitSignal(window.detail.loaded, timeout=10_000):
        tree.itemActivated.emit(rows[urged], 0)
    assert window.detail.case_id == urged
    qtbot.waitUntil(lambda: bell.count == 1)
    again = {tree.topLevelItem(i).data(0, CASE_ROLE): tree.topLevelItem(i) for i in range(2)}
    assert again[urged].font(2).weight() != QFont.Weight.Bold
    assert again[new].font(2).weight() == QFont.Weight.Bold

    dialog.unread_only.setChecked(True)
    assert tree.topLevelItemCount() == 1
    dialog.mute_boxes[Kind.TASK].setChecked(True)
    assert tree.topLevelItemCount() == 0 and bell.count == 0
    assert ws.notifications.muted() == {Kind.TASK}
    dialog.mark_all.click()  # nothing unread left: harmless
    dialog.close()
