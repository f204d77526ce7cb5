"""Stuck events: what the service kept failing on, held back so the rest is sent.

Not refused: the service never said no, it failed (an error on its side). The
event stays in the outbox, is tried again every hour and after an update, and
"Retry" tries it at once; the later actions of its case wait behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from ui.errors import show_error
from ui.plain import plain_tip
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from gridapp.sync.refusals import StuckItem

AMBER_DARK = "#8d6e00"


class StuckSection(QWidget):
    open_case = Signal(str)  # case id
    retried = Signal()  # a retry was asked for (the next round starts now)

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = runner
        self.items: list[StuckItem] = []
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setStyleSheet(f"color: {AMBER_DARK}; font-weight: bold;")
        self.heading.setWordWrap(True)
        headers = [
            self.tr("Case"),
            self.tr("Action"),
            self.tr("When"),
            self.tr("What the service said"),
            self.tr("Tries"),
            self.tr("Waiting behind it"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((260, 70, 120, 260, 200)):
            self.table.setColumnWidth(column, width)
        self.open_button = QPushButton(self.tr("Open case"))
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setToolTip(self.tr("Send it again now"))
        self.open_button.clicked.connect(self._open)
        self.retry_button.clicked.connect(self._retry)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._open)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def show_items(self, items: list[StuckItem]) -> None:
        self.items = list(items)
        self.heading.setText(
            self.tr(
                "Held back ({n}): the service failed on these, the rest of your work is "
                "being sent. They are tried again every hour, or now with Retry."
            ).format(n=len(self.items))
        )
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            number = item.number or item.case_id[:8]
            case = f"{number} {item.description}".strip()
            said = item.message or item.code
            if item.http_status is not None:
                said = f"HTTP {item.http_status} · {said}"
            tries = self.tr("{n} tries, last {when}").format(
                n=item.attempts, when=item.last_tried.strftime("%m-%d %H:%M")
            )
            waiting = (
                self.tr("{n} later action(s) of this case").format(n=item.waiting)
                if item.waiting
                else ""
            )
            cells = (
                case,
                item.action_label,
                item.at.strftime("%Y-%m-%d %H:%M"),
                said,
                tries,
                waiting,
            )
            tips = {
                3: f"{said}\n[{item.code}]\n"
                + self.tr("First failed: {when}").format(
                    when=item.first_failed.strftime("%Y-%m-%d %H:%M")
                ),
                4: self.tr("Next automatic try: {when}").format(
                    when=item.next_try.strftime("%Y-%m-%d %H:%M")
                    if item.next_try
                    else self.tr("at the next sync")
                ),
            }
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(plain_tip(tips.get(column, text)))
                cell.setData(Qt.ItemDataRole.UserRole, item.event_id)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        self.setVisible(bool(self.items))
        if self.items:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> StuckItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        item = self.selected()
        self.open_button.setEnabled(item is not None and item.case_exists)
        self.retry_button.setEnabled(item is not None)

    def _open(self) -> None:
        item = self.selected()
        if item is not None and item.case_exists:
            self.open_case.emit(item.case_id)

    def _retry(self) -> None:
        item, session = self.selected(), self.ws.sync
        if item is None or session is None:
            return
        self.retry_button.setEnabled(False)
        self.runner.submit(
            lambda: session.retry_stuck(item.event_id),
            lambda _n: self.retried.emit(),
            lambda e: show_error(self, e),
            lane="db",
        )
