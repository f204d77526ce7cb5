"""Looks for news now and then and after each sync; tells the bell, the list and the tray.

The work is ``ws.notifications.check()`` on the ``db`` lane: a QTimer starts it every
minute (deadline marks pass with the clock alone, so a laptop offline is warned too)
and a sync or a local change starts it at once. New notifications pop up as a
desktop notification where the desktop has a system tray; without one (offscreen,
some Linux desktops) only the bell and the list show them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

from gridapp import Workspace
from gridapp.notifications import Notification
from gridapp.queues import queues
from ui.notifications.bell import BellButton
from ui.notifications.texts import popup_text
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 60_000


class NotificationCentre(QObject):
    """Owns the periodic check, the bell's count and the tray icon (when there is a tray)."""

    arrived = Signal(object)  # list[Notification], new since the last check
    count_changed = Signal(int)

    def __init__(
        self, ws: Workspace, runner: TaskRunner, window: QWidget, bell: BellButton
    ) -> None:
        super().__init__(window)
        self.ws, self.runner, self.window, self.bell = ws, runner, window, bell
        self.queues = {q.id: q for q in queues(ws)}
        self.popups: list[tuple[str, str]] = []  # what was (or would be) popped up
        self.dialog = None
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = window.windowIcon()
            if icon.isNull():
                icon = QApplication.style().standardIcon(
                    QStyle.StandardPixmap.SP_MessageBoxInformation
                )
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(window.windowTitle())
            self.tray.messageClicked.connect(self.open_list)
            self.tray.show()
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        bell.clicked.connect(self.open_list)

    def check(self) -> None:
        """Look for news off the GUI thread (one check at a time)."""
        if self._busy:
            return
        self._busy = True

        def work() -> tuple[list[Notification], int]:
            new = self.ws.notifications.check()
            return new, self.ws.notifications.unread_count()

        self.runner.submit(work, self._checked, self._failed)

    def _checked(self, result: tuple[list[Notification], int]) -> None:
        self._busy = False
        new, unread = result
        self._set_count(unread)
        if not new:
            return
        title, message = popup_text(new, self.queues)
        self.popups.append((title, message))
        if self.tray is not None:
            self.tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 8000)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reload()
        self.arrived.emit(new)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("notification check failed: %s", exc)

    def recount(self) -> None:
        self.runner.submit(self.ws.notifications.unread_count, self._set_count, self._failed)

    def _set_count(self, unread: int) -> None:
        self.bell.set_count(unread)
        self.count_changed.emit(unread)

    def open_list(self) -> None:
        from ui.notifications.list_dialog import NotificationsDialog

        if self.dialog is None:
            self.dialog = NotificationsDialog(self.ws, self.runner, self.window)
            self.dialog.read_changed.connect(self.recount)
            self.dialog.open_case.connect(self._open_case)
        else:
            self.dialog.reload()
        self.dialog.show()
        self.dialog.raise_()

    def _open_case(self, case_id: str) -> None:
        opener = getattr(self.window, "open_case", None)
        if opener is not None:
            opener(case_id)

    def stop(self) -> None:
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()
