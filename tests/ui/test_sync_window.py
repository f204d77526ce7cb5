"""Login dialog, status bar and refused panel, driven like a user against a real service."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gridapp import Workspace
from gridapp.demo.local_service import demo_users
from gridapp.server.settings import ServerSettings
from tests.core.helpers import point_of
from tests.live_server import PASSWORD, start_server
from tests.sync.helpers import make_client, start_on_port
from ui.sync.connect import Connector
from ui.sync.login_dialog import LoginDialog
from ui.sync.refused_panel import RefusedPanel
from ui.sync.status_bar import SyncStatusWidget
from ui.sync.sync_controller import SyncController
from ui.tasks import TaskRunner

WAIT = 15_000


@pytest.fixture
def central(reference_template, tmp_path):
    """A SQLite central store with the demo district and two cases reported by wg001."""
    db = tmp_path / "central.db"
    shutil.copyfile(reference_template, db)
    ws = Workspace.open(db)
    ws.act_as("wg001")
    for k in range(2):
        x, y = point_of(ws, "wg001", k)
        ws.report(source="patrol", category_code="020102", lon=x, lat=y, description=f"垃圾{k}")
    users = demo_users(ws)
    ws.close()
    settings = ServerSettings(db_url=f"sqlite:///{db}", files_dir=tmp_path / "central-files")
    server = start_server(settings)
    yield server, users
    server.stop()


@pytest.fixture
def runner():
    tasks = TaskRunner()
    yield tasks
    tasks.wait(10_000)


def login_through_dialog(qtbot, runner, login_fn, url, username, password, users=None):
    dialog = LoginDialog(None, server_url=url, login_fn=login_fn, runner=runner, demo_users=users)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.user_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    return dialog


def window_parts(qtbot, ws, runner):
    controller = SyncController(ws, runner)
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    controller.status_changed.connect(widget.set_status)
    widget.sync_requested.connect(controller.sync_now)
    synced = []
    controller.synced.connect(synced.append)
    widget.show()
    return controller, widget, synced


def test_login_sync_offline_pending_and_back(qtbot, central, runner, tmp_path):
    server, _users = central
    connector = Connector(tmp_path / "data", use_keyring=False, interval=30, backoff_cap=0.5)
    dialog = login_through_dialog(qtbot, runner, connector.login, server.url, "wg001", PASSWORD)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT)
    assert dialog.online and dialog.actor.username == "wg001"
    ws = connector.ws
    controller, widget, synced = window_parts(qtbot, ws, runner)
    try:
        controller.start()
        qtbot.waitUntil(
            lambda: bool(synced) and widget.state_label.text() == "Online", timeout=WAIT
        )
        assert synced[0].case_ids and ws.count_cases() == 2  # the pulled cases
        assert widget.pending_label.text() == "0 pending"
        assert widget.last_label.text() == "Last sync: just now"
        widget.grab().save("/tmp/sync_status_online.png")

        port = int(server.url.rsplit(":", 1)[1])
        server.stop()  # the laptop goes out of reach
        qtbot.mouseClick(widget.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: widget.state_label.text() == "Offline", timeout=WAIT)
        x, y = point_of(ws, "wg001", 3)
        ws.report(source="patrol", category_code="020102", lon=x, lat=y, description="离线上报")
        controller.poke()
        qtbot.waitUntil(lambda: widget.pending_label.text() == "1 pending", timeout=WAIT)
        widget.grab().save("/tmp/sync_status_offline.png")

        # A returning user logs in offline, with a clear notice first.
        # (login_fn may also return the Workspace it logged into, as ui/startup.py does)
        def open_session(url, username, password):
            connector.login(url, username, password)
            return connector.ws

        again = login_through_dialog(qtbot, runner, open_session, server.url, "wg001", PASSWORD)
        outcomes = []
        again.logged_in.connect(outcomes.append)
        qtbot.waitUntil(lambda: again.login_button.text() == "Continue offline", timeout=WAIT)
        assert "logged in offline as" in again.message.text() and not again.online
        again.grab().save("/tmp/sync_login_offline.png")
        qtbot.mouseClick(again.login_button, Qt.MouseButton.LeftButton)
        assert again.result() == QDialog.DialogCode.Accepted and outcomes == [ws]

        back = start_on_port(server.settings, port)  # the service returns
        try:
            synced.clear()
            qtbot.mouseClick(widget.sync_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(
                lambda: (
                    widget.pending_label.text() == "0 pending"
                    and widget.state_label.text() == "Online"
                ),
                timeout=WAIT,
            )
            assert ws.count_cases() == 3 and synced
        finally:
            controller.stop()
            runner.wait(10_000)
            back.stop()
    finally:
        controller.stop()
        connector.close()


def test_refused_event_shows_in_the_panel_with_its_hint(qtbot, central, runner, tmp_path):
    server, users = central
    connector = Connector(tmp_path / "data", use_keyring=False, interval=30)
    dialog = login_through_dialog(qtbot, runner, connector.login, server.url, "shouli2", "wrong")
    qtbot.waitUntil(lambda: dialog.message.text() == "Wrong username or password.", timeout=WAIT)
    dialog.close()

    # The demo list: one click fills the form, a double click logs in.
    dialog = LoginDialog(
        None, server_url=server.url, login_fn=connector.login, runner=runner, demo_users=users
    )
    qtbot.addWidget(dialog)
    dialog.show()
    tree = dialog.demo_list
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert len(groups) == 7 and groups[1].startswith("Intake")
    intake = tree.topLevelItem(1)
    item = next(
        intake.child(i) for i in range(intake.childCount()) if intake.child(i).text(1) == "shouli2"
    )
    tree.scrollToItem(item)
    dialog.grab().save("/tmp/sync_login_demo.png")
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.user_edit.text() == "shouli2" and dialog.password_edit.text() == PASSWORD
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT)
    ws = connector.ws

    controller, widget, synced = window_parts(qtbot, ws, runner)
    panel = RefusedPanel(ws, runner)
    qtbot.addWidget(panel)
    widget.refused_requested.connect(panel.reload)
    widget.refused_requested.connect(panel.show)
    panel.acknowledged.connect(lambda _id: controller.refresh())
    rival = make_client(tmp_path / "rival", server.url, "rival", "shouli")
    try:
        controller.start()
        qtbot.waitUntil(lambda: ws.count_cases() == 2 and bool(synced), timeout=WAIT)
        case_id = sorted(synced[0].case_ids)[0]
        rival.run()
        rival.ws.act(case_id, "accept")
        rival.run()  # the other intake clerk accepted it first
        ws.act(case_id, "accept")  # on screen the case was still new here
        controller.poke()
        qtbot.waitUntil(lambda: widget.refused_button.isVisible(), timeout=WAIT)
        assert widget.refused_button.text() == "1 refused"
        assert widget.pending_label.text() == "0 pending"
        widget.grab().save("/tmp/sync_status_refused.png")

        qtbot.mouseClick(widget.refused_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=WAIT)
        assert panel.table.item(0, 1).text() == "受理"
        assert panel.table.item(0, 4).text().startswith("Someone else already handled")
        assert panel.open_button.isEnabled() and not panel.recreate_button.isEnabled()
        opened = []
        panel.open_case.connect(opened.append)
        qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
        assert opened == [case_id]
        panel.grab().save("/tmp/sync_refused_panel.png")

        qtbot.mouseClick(panel.ack_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.table.rowCount() == 0, timeout=WAIT)
        qtbot.waitUntil(lambda: not widget.refused_button.isVisible(), timeout=WAIT)
        assert panel.empty_label.isVisible()
    finally:
        rival.close()
        controller.stop()
        runner.wait(10_000)
        connector.close()
