"""What the window shows instead of cases until this user's first pull is complete.

Before the last page of the first pull has arrived, the laptop holds a part of the
log: old cases with their report and not yet what happened to them since, so they
would show as 待受理 and every queue count would be wrong. Rather than show that as
current, the work area shows this panel: what is happening, a progress bar of the
log read out of the service's total, and what to do when the service is unreachable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ui.plain import plain_label

if TYPE_CHECKING:
    from gridapp.sync.session import SyncStatus

PERMILLE = 1000  # the bar's range: fine enough for a log of millions of events


class FirstSyncPanel(QWidget):
    sync_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_sync_panel")
        self.title = QLabel(self.tr("First sync in progress…"))
        self.title.setObjectName("first_sync_title")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.explain = QLabel(
            self.tr(
                "This computer is downloading the cases of your work area from the sync"
                " service. Cases and work queues appear when the download is complete, so"
                " that nothing is shown with an out-of-date state."
            )
        )
        self.explain.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("first_sync_progress")
        self.bar.setRange(0, 0)  # busy until the service says how far there is to go
        self.bar.setTextVisible(True)
        self.bar.setMinimumWidth(360)
        self.detail = plain_label()  # may quote the service's own words
        self.detail.setObjectName("first_sync_detail")
        self.detail.setWordWrap(True)
        self.server = plain_label("")  # the service's address: data, shown literally
        self.server.setStyleSheet("color: #666;")
        self.retry = QPushButton(self.tr("Try again now"))
        self.retry.clicked.connect(self.sync_requested)
        self.retry.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        for widget in (self.title, self.explain, self.bar, self.detail, self.server):
            layout.addWidget(widget)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(2)
        # What the bar shows, for tests and the status bar: (received, position, total).
        self.arrived: tuple[int, int, int | None] = (0, 0, None)

    def set_status(self, status: SyncStatus) -> None:
        self.server.setText(status.server_url)
        fraction = status.pull_fraction if status.syncing else None
        if status.syncing:
            self.arrived = (status.pulled, status.pull_cursor, status.pull_head)
        if fraction is not None:
            self.bar.setRange(0, PERMILLE)
            self.bar.setValue(round(fraction * PERMILLE))
            self.bar.setFormat(f"{fraction:.0%}")
        elif status.syncing:
            self.bar.setRange(0, 0)
        if status.syncing:
            head = status.pull_head
            if head is not None:
                text = self.tr("{n} events received · log position {at} of {total}").format(
                    n=f"{status.pulled:,}", at=f"{status.pull_cursor:,}", total=f"{head:,}"
                )
            else:
                text = self.tr("{n} events received…").format(n=f"{status.pulled:,}")
            self.detail.setText(text)
            self.retry.hide()
            self.title.setText(self.tr("First sync in progress…"))
        elif status.last_error:  # stopped part way (offline, the service failing)
            self.title.setText(self.tr("First sync not complete"))
            self.detail.setText(
                self.tr("{why} It continues by itself when the service can be reached.").format(
                    why=status.last_error
                )
            )
            self.bar.setRange(0, PERMILLE)
            self.retry.setVisible(not status.needs_login)
        else:  # between the window opening and the first round starting
            self.title.setText(self.tr("First sync in progress…"))
            self.detail.setText(self.tr("Connecting to the sync service…"))
            self.retry.hide()
