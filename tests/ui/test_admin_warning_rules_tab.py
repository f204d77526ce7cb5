"""预警规则 tab driven like an administrator against a real local service: change two
thresholds with a reason, the service keeps them; restore brings the defaults back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gridapp.domain.warning_rules import DEFAULT_RULES
from tests.live_server import LiveServer
from tests.ui.admin_helpers import AdminSession, admin_session
from ui.admin.admin_window import AdminWindow
from ui.tasks import TaskRunner


@pytest.fixture
def session(live_server: LiveServer, tmp_path: Path) -> AdminSession:
    s = admin_session(live_server, tmp_path)
    yield s
    s.close()


def test_tune_and_restore_the_warning_rules(qtbot, session: AdminSession, live_server) -> None:
    window = AdminWindow(session.ws, TaskRunner(inline=True))
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    tab = window.warning_rules
    window.tabs.setCurrentWidget(tab)
    assert tab.rules == DEFAULT_RULES and tab.recurring_min.value() == 3
    tab.recurring_min.setValue(4)
    tab.surge_community.setChecked(False)
    tab.note.setText("试行两周")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    window.grab().save("/tmp/warn/admin-warning-rules.png")
    with live_server.central.db.read() as conn:
        from gridapp.store.reference import load_reference

        stored = load_reference(conn).warning_rules
    assert stored["recurring"]["min_count"] == 4 and stored["surge"]["levels"] == ["grid"]
    assert stored["note"] == "试行两周" and stored["changed_by"] == "admin"
    assert tab.rules.recurring_min == 4 and "admin" in tab.state.text()
    qtbot.mouseClick(tab.reset_button, Qt.MouseButton.LeftButton)
    assert tab.rules == DEFAULT_RULES and tab.recurring_min.value() == 3
    with live_server.central.db.read() as conn:
        assert load_reference(conn).warning_rules == {}
