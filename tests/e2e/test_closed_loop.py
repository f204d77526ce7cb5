"""The closed loop, each step done through the windows of the role that does it.

A real sync service on 127.0.0.1; every user has their own laptop (client store)
and main window, opened by the app's own login path. The officer reports while
the service is down, then the case goes round: 受理/立案 → 派遣 → 处置 → 核查 fail
(返工) → 处置 again → 核查 pass → 结案, every step a click in the window of the
user who does it, and every hand-over a "Sync now" in the status bar.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseState
from gridapp.server.settings import ServerSettings
from tests.live_server import start_server
from tests.ui.detail_helpers import click_action, click_ok, photo_file, type_text
from tests.ui.map_helpers import dispose
from tests.ui.report_helpers import BIN, officer_point
from ui.main_window import MainWindow
from ui.startup import Startup
from ui.sync.sync_controller import SyncController
from ui.tasks import TaskRunner

PASSWORD = "demo1234"


class Laptop:
    """One user's laptop: a client store of its own and the app's main window."""

    def __init__(self, qtbot, root: Path, url: str, username: str) -> None:
        self.qtbot = qtbot
        self.runner = TaskRunner()
        self.startup = Startup(self.runner, root / username, server_url=url)
        self.ws = self.startup.open_session(url, username, PASSWORD)
        self.sync = SyncController(self.ws, self.runner)
        self.window = MainWindow(self.ws, self.runner, sync_controller=self.sync)
        qtbot.addWidget(self.window, before_close_func=lambda w: dispose(w.map))
        self.window.resize(1440, 860)
        self.window.show()
        self.sync.start()
        self.sync_now()

    def sync_now(self) -> None:
        """Click "Sync now" and wait until the round is over with nothing left to send."""
        button = self.window.sync_status.sync_button
        self.qtbot.waitUntil(button.isEnabled, timeout=30_000)
        with self.qtbot.waitSignal(self.sync.round_done, timeout=60_000):
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        status = self.ws.sync.status()
        assert status.online and status.pending == 0 and status.refused == 0, status

    def open_from_queue(self, queue_id: str, case_id: str) -> None:
        """Click the queue, then the case's row in the list: the detail shows it."""
        panel = self.window.queues
        item = next(
            panel.list.item(i)
            for i in range(panel.list.count())
            if panel.list.item(i).data(Qt.ItemDataRole.UserRole) == queue_id
        )
        panel.list.scrollToItem(item)
        rect = panel.list.visualItemRect(item)
        self.qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        model = self.window.cases.model
        self.qtbot.waitUntil(lambda: model.row_of(case_id) is not None, timeout=15_000)
        table = self.window.cases.table
        index = model.index(model.row_of(case_id), 0)
        table.scrollTo(index)
        detail = self.window.detail
        if detail.case_id == case_id:  # still on screen from before (and kept current by sync)
            self.qtbot.mouseClick(
                table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
            )
            return
        with self.qtbot.waitSignal(detail.loaded, timeout=15_000):
            self.qtbot.mouseClick(
                table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
            )
        assert detail.case_id == case_id

    def act(self, action: Action, *, note: str | None = None, photos=(), failed=False):
        view = self.window.detail
        # After a sync the detail reloads off the GUI thread: its buttons follow shortly.
        self.qtbot.waitUntil(lambda: action in view.action_buttons, timeout=15_000)
        dialog = click_action(self.qtbot, view, action)
        if action is Action.CHECK:
            button = dialog.failed if failed else dialog.passed
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        if note is not None:
            type_text(self.qtbot, dialog.text, note)
        if photos:
            dialog.picker.add_files(photos)
            self.qtbot.waitUntil(lambda: len(dialog.picker.paths()) == len(photos))
        signals = [self.window.changed, view.loaded]  # broadcast, then the case shown anew
        with self.qtbot.waitSignals(signals, timeout=15_000):
            click_ok(self.qtbot, dialog)

    def state_of(self, case_id: str) -> CaseState:
        return self.ws.record(case_id).state

    def close(self) -> None:
        self.sync.stop()
        self.window.close()
        self.runner.wait()
        self.ws.close()


@pytest.fixture
def settings(reference_template, tmp_path) -> ServerSettings:
    """A central store with the demo district and no cases yet."""
    db = tmp_path / "central.db"
    shutil.copyfile(reference_template, db)
    return ServerSettings(db_url=f"sqlite:///{db}", files_dir=tmp_path / "central-files")


def test_a_case_goes_round_the_loop_through_the_windows(qtbot, settings, tmp_path):
    service = start_server(settings)
    servers = [service]
    laptops: list[Laptop] = []

    def laptop(username: str) -> Laptop:
        laptops.append(Laptop(qtbot, tmp_path, service.url, username))
        return laptops[-1]

    try:
        officer = laptop("wg001")
        # In the street, offline: the service is down while the officer reports.
        port = int(service.url.rsplit(":", 1)[1])
        service.stop()
        officer.window.new_report_action.trigger()
        dialog = officer.window.report_dialog
        type_text(qtbot, dialog.picker.search, "ljt")
        qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
        assert dialog.picker.category().code == BIN
        lon, lat = officer_point(officer.ws)
        for edit, value in ((dialog.location.lon_edit, lon), (dialog.location.lat_edit, lat)):
            edit.setFocus()
            edit.selectAll()
            qtbot.keyClicks(edit, f"{value:.6f}")
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        type_text(qtbot, dialog.description, "垃圾桶破损，垃圾外溢")
        dialog.photos.add_files([photo_file(tmp_path, "before.png")])
        qtbot.waitUntil(lambda: len(dialog.photos.photos()) == 1 and not dialog.photos.is_busy())
        with qtbot.waitSignal(dialog.saved, timeout=15_000) as saved:
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        case_id = saved.args[0]
        dialog.close()
        qtbot.waitUntil(lambda: officer.ws.sync.status().pending == 1)
        # Back in coverage: the same port answers again.
        servers.append(start_server(settings, port=port))
        officer.sync_now()
        central = servers[-1].central

        lead = laptop("zhiban")
        lead.open_from_queue("inbox", case_id)
        lead.act(Action.ACCEPT)
        lead.act(Action.FILE)
        lead.sync_now()

        dispatcher = laptop("paiqian")
        dispatcher.open_from_queue("to_dispatch", case_id)
        dispatcher.act(Action.DISPATCH)
        dispatcher.sync_now()
        department = dispatcher.ws.record(case_id).department_code
        assert department

        handler = laptop(f"bm-{department.lower()}")
        handler.open_from_queue("my_tasks", case_id)
        handler.act(Action.HANDLE, note="已更换垃圾桶", photos=[photo_file(tmp_path, "a1.png")])
        handler.sync_now()

        officer.sync_now()
        officer.open_from_queue("check_tasks", case_id)
        officer.act(
            Action.CHECK,
            failed=True,
            note="现场仍有垃圾",
            photos=[photo_file(tmp_path, "c1.png", (20, 20, 200))],
        )
        officer.sync_now()

        handler.sync_now()
        handler.open_from_queue("rework", case_id)
        handler.act(Action.HANDLE, note="已清理干净", photos=[photo_file(tmp_path, "a2.png")])
        handler.sync_now()

        officer.sync_now()
        officer.open_from_queue("check_tasks", case_id)
        officer.act(Action.CHECK, note="核查通过")
        officer.sync_now()

        lead.sync_now()
        lead.open_from_queue("to_close", case_id)
        lead.act(Action.CLOSE)
        lead.sync_now()

        # The central store holds the whole story, in order, from four laptops.
        with central.db.read() as conn:
            actions = [
                row.action
                for row in conn.exec_driver_sql(
                    "SELECT action FROM case_events WHERE case_id = ? ORDER BY seq", (case_id,)
                )
            ]
        assert actions == [
            "report", "accept", "file", "dispatch", "handle", "check",
            "handle", "check", "close",
        ]  # fmt: skip
        for user in laptops:
            user.sync_now()
            assert user.state_of(case_id) is CaseState.CLOSED
        timeline = officer.ws.case(case_id).timeline
        assert len(timeline) == 9
    finally:
        for user in laptops:
            user.close()
        servers[-1].stop()
