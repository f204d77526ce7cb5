"""处置时限 tab driven like an administrator against a real local service.

Select 暴露垃圾, set its normal limit to 1 工作时 with a reason: the service keeps it,
the admin's own catalog applies it, the row says where it comes from; restore brings
the catalog's back. Screenshot at 1366x768: /tmp/admin-limits.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.live_server import LiveServer
from tests.ui.admin_helpers import AdminSession, admin_session
from tests.ui.test_admin_window import ok, shot, type_in
from ui.admin.admin_window import AdminWindow
from ui.admin.common import select_key
from ui.tasks import TaskRunner

GARBAGE = "020102"  # 暴露垃圾


@pytest.fixture
def session(live_server: LiveServer, tmp_path: Path) -> AdminSession:
    s = admin_session(live_server, tmp_path)
    yield s
    s.close()


def _row_text(tab, key: str) -> list[str]:
    for r in range(tab.table.rowCount()):
        if tab.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == key:
            return [tab.table.item(r, c).text() for c in range(tab.table.columnCount())]
    raise AssertionError(key)


def test_set_and_restore_a_class_limit(qtbot, session: AdminSession, live_server) -> None:
    ws = session.ws
    window = AdminWindow(ws, TaskRunner(inline=True))
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    window.tabs.setCurrentWidget(window.limits)
    tab = window.limits
    tab.reload()
    shipped = ws.catalog.get(GARBAGE)
    active = ws.catalog.active()
    assert tab.table.rowCount() == len(active) + sum(len(c.subclasses) for c in active)
    local_default = next(c for c in active if not c.limits_source and not c.subclasses)
    assert _row_text(tab, local_default.code)[4] == tab._source("")
    assert select_key(tab.table, GARBAGE)
    assert tab.edit_button.isEnabled() and not tab.reset_button.isEnabled()

    dialog = tab.open_dialog()
    while dialog.table.rowCount() > 1:
        dialog.table.selectRow(1)
        dialog.remove_stage()
    dialog.table.cellWidget(0, 1).setText("清理")
    dialog.table.cellWidget(0, 2).setValue(1)
    dialog.table.cellWidget(0, 3).setCurrentIndex(0)  # 工作时
    ok(qtbot, dialog)
    assert dialog.isVisible()  # no reason given: refused in the dialog
    assert dialog.problem.text()
    type_in(qtbot, dialog.note, "区城管委〔2026〕3号")
    with qtbot.waitSignal(window.changed, timeout=5000):
        ok(qtbot, dialog)

    stages = ws.catalog.get(GARBAGE).stages_for("normal")
    assert [(s.stage, s.amount, s.unit.value) for s in stages] == [("清理", 1.0, "work_hour")]
    assert live_server.central.local_catalog().get(GARBAGE).stages_for("normal") == stages
    row = _row_text(tab, GARBAGE)
    assert row[2] == "清理 1工作时" and row[4].startswith("本地调整（admin")
    assert select_key(tab.table, GARBAGE) and tab.reset_button.isEnabled()
    shot(window, "limits")

    with qtbot.waitSignal(window.changed, timeout=5000):
        qtbot.mouseClick(tab.reset_button, Qt.LeftButton)
    assert ws.catalog.get(GARBAGE).limits == shipped.limits
    assert not _row_text(tab, GARBAGE)[4].startswith("本地调整")


def test_ack_limit_is_set_and_restored_on_the_limits_tab(qtbot, session: AdminSession) -> None:
    ws = session.ws
    window = AdminWindow(ws, TaskRunner(inline=True))
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    window.tabs.setCurrentWidget(window.limits)
    tab = window.limits
    tab.reload()
    box = tab.ack
    assert box.hours.value() == 2.0 and not box.reset_button.isEnabled()
    box.hours.setValue(4.5)
    with qtbot.waitSignal(window.changed, timeout=5000):
        qtbot.mouseClick(box.save_button, Qt.LeftButton)
    assert ws.admin.ack_limit() == (4.5, False)
    assert box.reset_button.isEnabled() and box.state.text()
    shot(window, "ack-limit")
    with qtbot.waitSignal(window.changed, timeout=5000):
        qtbot.mouseClick(box.reset_button, Qt.LeftButton)
    assert ws.admin.ack_limit() == (2.0, True)
    assert box.hours.value() == 2.0 and not box.reset_button.isEnabled()
