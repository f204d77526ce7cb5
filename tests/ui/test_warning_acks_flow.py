"""Acknowledging and dismissing in the 预警 queue, and the open count on the toolbar entry
(pytest-qt, real store and main window)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gridapp.domain.case import CaseState
from gridapp.workspace import Changes
from tests.core.helpers import URBAN, drive, report
from tests.ui.test_main_window import open_window

LEFT = Qt.MouseButton.LeftButton
NOW = datetime(2026, 11, 19, 16, 0)


def _three_in_a_grid(ws, clock) -> list[str]:
    ids = []
    for n, target in ((3, CaseState.DISPATCHED), (2, CaseState.DISPATCHED), (1, "reported")):
        clock.now = NOW - timedelta(days=n)
        cid = report(ws, URBAN, index=0, source="camera")
        drive(ws, cid, target, department="D02")
        ids.append(cid)
    clock.now = NOW
    return ids


def test_acknowledge_dismiss_reopen_and_the_toolbar_count(qtbot, ws, clock):
    _three_in_a_grid(ws, clock)
    window = open_window(qtbot, ws, "zhiban")
    action, counter = window.warnings_action, window.warning_count
    assert counter.count == 1 and action.text().endswith("(1)")
    window.open_warnings()
    dialog = window.warnings_dialog
    qtbot.waitUntil(lambda: dialog.warning_table.rowCount() == 1)
    assert dialog.ack_button.isEnabled() and not dialog.reopen_button.isEnabled()

    # a dismissal without a note is refused (said in a message), nothing changes
    qtbot.mouseClick(dialog.dismiss_button, LEFT)
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "说明" in boxes[0].text()
    boxes[0].close()
    assert ws.warnings.acks() == {} and dialog.warning_table.rowCount() == 1

    dialog.ack_note.setText("已安排网格员每日巡查")
    with qtbot.waitSignal(counter.counted, timeout=10_000) as counted:
        qtbot.mouseClick(dialog.ack_button, LEFT)
    assert counted.args == [0] and action.text() == dialog.tr("Early warnings")
    assert dialog.warning_table.rowCount() == 0  # off the open list
    assert dialog.ack_note.text() == ""
    dialog.show_handled.setChecked(True)
    assert dialog.warning_table.rowCount() == 1
    assert "已安排网格员每日巡查" in dialog.warning_table.item(0, 3).text()
    dialog.warning_table.selectRow(0)
    assert dialog.reopen_button.isEnabled() and not dialog.dismiss_button.isEnabled()
    with qtbot.waitSignal(counter.counted, timeout=10_000) as counted:
        qtbot.mouseClick(dialog.reopen_button, LEFT)
    assert counted.args == [1] and action.text().endswith("(1)")
    dialog.warning_table.selectRow(0)
    dialog.ack_note.setText("重复上报，现场已清理")
    with qtbot.waitSignal(counter.counted, timeout=10_000) as counted:
        qtbot.mouseClick(dialog.dismiss_button, LEFT)
    assert counted.args == [0]
    assert ws.warnings.acks()[dialog.warnings[0].key].state.value == "dismissed"

    # a new case in the grid opens it again: the count comes back after the change
    report(ws, URBAN, index=0, source="camera")
    clock.now = NOW + timedelta(hours=1)
    ws.act_as("zhiban")
    with qtbot.waitSignal(counter.counted, timeout=10_000) as counted:
        window.broadcast(Changes(case_ids=frozenset({"a-case"})))
    assert counted.args == [1]
    dialog.close()


def test_no_count_for_a_department(qtbot, ws):
    window = open_window(qtbot, ws, "bm-d02")
    assert window.warning_count is None and not window.warnings_action.isVisible()


def test_a_count_finishing_after_its_window_closed_is_dropped(qtbot, ws, clock):
    """A window closed while its count runs: the late result touches nothing deleted
    (pytest-qt fails the test on any exception raised in the event loop)."""
    import shiboken6
    from PySide6.QtGui import QAction

    from ui.tasks import TaskRunner
    from ui.warnings.warning_count import WarningCount

    _three_in_a_grid(ws, clock)
    ws.act_as("zhiban")
    runner = TaskRunner()
    action = QAction("预警")
    counter = WarningCount(ws, runner, action)
    counter.refresh()  # on the db lane now
    shiboken6.delete(action)  # the window (and the action, the counter's parent) goes
    assert runner.wait()
    qtbot.wait(100)  # the queued result arrives and is dropped
