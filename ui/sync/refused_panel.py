"""Refused events: what the service would not accept, why, and what the user can do.

The event stays in the local log for good; "Acknowledge" only hides it here. A
refused report can be reported again from its saved fields ("Re-create report").
Above them, when there are any, the stuck events (``StuckSection``): the service
failed on them rather than refusing them, and they are retried.
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
from ui.screen_fit import fit_to_screen
from ui.sync.stuck_section import StuckSection
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from gridapp.sync.refusals import RefusedItem, StuckItem


class RefusedPanel(QWidget):
    open_case = Signal(str)  # case id
    recreate_report = Signal(object)  # dict of report fields + "photos" (sha256 list)
    acknowledged = Signal(str)  # event id (the refused count changed)
    retried = Signal()  # stuck events are being tried again
    loaded = Signal()

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = runner
        self.items: list[RefusedItem] = []
        self.setWindowTitle(self.tr("Refused by the service"))
        headers = [
            self.tr("Case"),
            self.tr("Action"),
            self.tr("When"),
            self.tr("Reason"),
            self.tr("What you can do"),
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
        for column, width in enumerate((170, 70, 120, 260)):
            self.table.setColumnWidth(column, width)
        self.stuck = StuckSection(ws, runner, self)
        self.stuck.open_case.connect(self.open_case)
        self.stuck.retried.connect(self.retried)
        self.stuck.retried.connect(self.reload)
        self.stuck.hide()
        self.refused_heading = QLabel(self.tr("Refused by the service"))
        self.refused_heading.setStyleSheet("font-weight: bold;")
        self.empty_label = QLabel(self.tr("Nothing was refused."))
        self.open_button = QPushButton(self.tr("Open case"))
        self.ack_button = QPushButton(self.tr("Acknowledge"))
        self.ack_button.setToolTip(self.tr("Hide it here; it stays in the case's log"))
        self.recreate_button = QPushButton(self.tr("Re-create report"))
        self.open_button.clicked.connect(self._open)
        self.ack_button.clicked.connect(self._acknowledge)
        self.recreate_button.clicked.connect(self._recreate)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._open)
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty_label)
        buttons.addStretch(1)
        for b in (self.open_button, self.recreate_button, self.ack_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stuck, 1)
        layout.addWidget(self.refused_heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 320)
        self._update_buttons()

    def hint_text(self, item: RefusedItem) -> str:
        """The advice in the UI language (the core's Chinese text when the code is new)."""
        texts = {
            "nothing_to_do": self.tr(
                "Someone else already handled this case; it now shows its current state. "
                "Nothing to do."
            ),
            "ask_centre": self.tr("Outside your role or area: ask the command centre."),
            "readd_photo": self.tr("A photo is missing or unusable: add it again and resubmit."),
            "recreate_report": self.tr("Report it again from the saved fields (fix them first)."),
            "fix_and_redo": self.tr("The content was not accepted: correct it and do it again."),
            "contact_admin": self.tr("Ask the system administrator."),
        }
        return texts.get(item.hint_code, item.hint)

    def reload(self) -> None:
        session = self.ws.sync
        if session is None:
            self._show(([], []))
            return
        self.runner.submit(
            lambda: (session.refused(), session.stuck()),
            self._show,
            lambda e: show_error(self, e),
            lane="db",
        )

    def _show(self, found: tuple[list[RefusedItem], list[StuckItem]]) -> None:
        items, stuck = found
        self.stuck.show_items(stuck)
        self.refused_heading.setVisible(bool(stuck))
        self.items = list(items)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            number = item.number or item.case_id[:8]
            cells = (
                number,
                item.action_label,
                item.at.strftime("%Y-%m-%d %H:%M"),
                item.message or item.code,
                self.hint_text(item),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(plain_tip(text if column != 3 else f"{text}\n[{item.code}]"))
                cell.setData(Qt.ItemDataRole.UserRole, item.event_id)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        self.empty_label.setVisible(not self.items)
        if self.items:
            self.table.selectRow(0)
        self._update_buttons()
        self.loaded.emit()

    def selected(self) -> RefusedItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        item = self.selected()
        self.open_button.setEnabled(item is not None and item.case_exists)
        self.ack_button.setEnabled(item is not None)
        self.recreate_button.setEnabled(item is not None and item.can_recreate)

    def _open(self) -> None:
        item = self.selected()
        if item is not None and item.case_exists:
            self.open_case.emit(item.case_id)

    def _acknowledge(self) -> None:
        item, session = self.selected(), self.ws.sync
        if item is None or session is None:
            return

        def done(_result: object) -> None:
            self.acknowledged.emit(item.event_id)
            self.reload()

        self.runner.submit(
            lambda: session.acknowledge_refused(item.event_id),
            done,
            lambda e: show_error(self, e),
            lane="db",
        )

    def _recreate(self) -> None:
        item, session = self.selected(), self.ws.sync
        if item is None or session is None or not item.can_recreate:
            return
        self.runner.submit(
            lambda: session.draft_from_refused(item.event_id),
            self.recreate_report.emit,
            lambda e: show_error(self, e),
            lane="db",
        )
