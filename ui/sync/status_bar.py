"""The sync corner of the status bar: online or not, what waits to be sent, what was refused
(and what is held back because the service failed on it).

A grid officer works offline for hours; this tells them at a glance whether their
reports reached the centre ("0 pending") and whether anything came back refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from gridapp import clock
from ui.plain import plain_tip

if TYPE_CHECKING:
    from gridapp.sync.session import SyncStatus

GREEN, GREY, AMBER, RED = "#2e7d32", "#9e9e9e", "#f9a825", "#c62828"


class SyncStatusWidget(QWidget):
    sync_requested = Signal()  # "Sync now"
    refused_requested = Signal()  # the refused count was clicked: show the panel

    def __init__(
        self, parent: QWidget | None = None, *, now: Callable[[], datetime] = clock.now
    ) -> None:
        super().__init__(parent)
        self.now = now
        self.status: SyncStatus | None = None
        self.dot = QLabel()
        self.dot.setFixedSize(12, 12)
        self.state_label = QLabel(self.tr("Not connected"))
        self.progress_label = QLabel()
        self.pending_label = QLabel()
        self.refused_button = QToolButton()
        self.refused_button.setAutoRaise(True)
        self.refused_button.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.refused_button.setToolTip(self.tr("Show the refused events and what to do"))
        self.refused_button.clicked.connect(self.refused_requested)
        self.photos_label = QLabel(self.tr("Photos waiting"))  # the photo folder's disk is full
        self.photos_label.setObjectName("photos_waiting")
        self.photos_label.setStyleSheet(f"color: {AMBER}; font-weight: bold;")
        self.photos_label.hide()
        self.last_label = QLabel()
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.clicked.connect(self.sync_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(8)
        for w in (
            self.dot,
            self.state_label,
            self.progress_label,
            self.pending_label,
            self.refused_button,
            self.photos_label,
            self.last_label,
            self.sync_button,
        ):
            layout.addWidget(w)
        self._paint_dot(GREY)
        self.refused_button.hide()
        self.progress_label.hide()
        self.timer = QTimer(self)  # "3 min ago" moves on by itself
        self.timer.setInterval(30_000)
        self.timer.timeout.connect(self._show_last_sync)
        self.timer.start()

    def set_status(self, status: SyncStatus) -> None:
        self.status = status
        if status.needs_login:
            colour, text = RED, self.tr("Log in again")
            tip = status.last_error or ""
        elif status.syncing:
            colour, text = AMBER if not status.online else GREEN, self.tr("Syncing…")
            tip = status.server_url
        elif status.online and status.last_error:
            # Reachable, but the last round failed (the service's 503, a full disk here):
            # what happened is in the tooltip, in the service's or the disk's own words.
            colour, text = AMBER, self.tr("Sync delayed")
            tip = f"{status.last_error}\n{status.server_url}"
        elif status.online:
            colour, text, tip = GREEN, self.tr("Online"), status.server_url
        else:
            colour, text = GREY, self.tr("Offline")
            tip = (status.last_error or "") + f"\n{status.server_url}"
        self._paint_dot(colour)
        self.state_label.setText(text)
        self.state_label.setToolTip(plain_tip(tip.strip()))  # the service's words, literally
        self.dot.setToolTip(plain_tip(tip.strip()))
        if status.syncing and status.first_pull:
            fraction = status.pull_fraction
            if fraction is None:  # a service that does not tell its total
                text = self.tr("Downloading cases: {n} events…").format(n=f"{status.pulled:,}")
            else:
                text = self.tr("First sync: {n} events received, {p} done").format(
                    n=f"{status.pulled:,}", p=f"{fraction:.0%}"
                )
            self.progress_label.setText(text)
            self.progress_label.show()
        else:
            self.progress_label.hide()
        self.pending_label.setText(self.tr("{n} pending").format(n=status.pending))
        self.pending_label.setToolTip(self.tr("Changes saved here, not yet sent to the service"))
        parts = []
        if status.refused:
            parts.append(self.tr("{n} refused").format(n=status.refused))
        if status.stuck:  # the service failed on these: held back, retried
            parts.append(self.tr("{n} held back").format(n=status.stuck))
        if parts:
            self.refused_button.setText(" · ".join(parts))
            self.refused_button.show()
        else:
            self.refused_button.hide()
        self.photos_label.setVisible(bool(status.photos_waiting))
        self.photos_label.setToolTip(
            plain_tip(
                self.tr(
                    "Photos are saved with their cases in this computer's database, but"
                    " could not be written to the photo folder: {why}\nFree some disk"
                    " space; they are written again by themselves."
                ).format(why=status.photos_waiting or "")
            )
        )
        self.sync_button.setEnabled(not status.syncing)
        self._show_last_sync()

    def _show_last_sync(self) -> None:
        status = self.status
        if status is None:
            return
        if status.last_sync is None:
            self.last_label.setText(self.tr("Never synced"))
            self.last_label.setToolTip("")
            return
        self.last_label.setText(
            self.tr("Last sync: {when}").format(when=self.ago(status.last_sync))
        )
        self.last_label.setToolTip(status.last_sync.strftime("%Y-%m-%d %H:%M:%S"))

    def ago(self, when: datetime) -> str:
        """ "just now", "3 min ago", "2 h ago", else the time (today) or the date."""
        seconds = (self.now() - when).total_seconds()
        if seconds < 60:
            return self.tr("just now")
        if seconds < 3600:
            return self.tr("{n} min ago").format(n=int(seconds // 60))
        if seconds < 6 * 3600:
            return self.tr("{n} h ago").format(n=int(seconds // 3600))
        if when.date() == self.now().date():
            return when.strftime("%H:%M")
        return when.strftime("%Y-%m-%d %H:%M")

    def _paint_dot(self, colour: str) -> None:
        self.dot.setStyleSheet(f"background-color: {colour}; border-radius: 6px;")
