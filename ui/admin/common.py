"""What every admin tab shares: the network lane, error display, table filling.

Admin calls go to the sync service, so they run on the runner's ``net`` lane and
come back to the GUI thread; every failure is shown through ``show_error`` (the
service's message: refusals, conflicts, validation) and never swallowed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from gridapp import Workspace
from gridapp.workspace import Changes
from ui.errors import show_error
from ui.tasks import TaskRunner


class AdminTab(QWidget):
    """A tab that loads its rows from ``ws.admin`` and reports reference changes."""

    changed = Signal(object)  # Changes(reference=True) after a successful edit
    loaded = Signal()  # rows are on screen (tests wait for it)

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = runner
        self.busy = 0

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        changes: bool = False,
    ) -> None:
        """Run ``fn`` on the net lane; errors go to show_error, changes are broadcast."""
        self.busy += 1
        self.setCursor(Qt.CursorShape.BusyCursor)

        def done(result: Any) -> None:
            self._idle()
            if on_done is not None:
                on_done(result)
            if changes:
                self.changed.emit(Changes(reference=True))

        def failed(exc: BaseException) -> None:
            self._idle()
            show_error(self, exc)

        self.runner.submit(fn, done, failed, lane="net")

    def _idle(self) -> None:
        self.busy = max(0, self.busy - 1)
        if not self.busy:
            self.unsetCursor()

    def reload(self) -> None:  # pragma: no cover - every tab overrides it
        raise NotImplementedError


def make_table(headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    # Qt's default indicator is descending: start in the service's (ascending) order.
    table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[Any]], keys: Sequence[Any]) -> None:
    """Replace the rows; each row's first item carries its key (UserRole) for selection."""
    table.setSortingEnabled(False)
    table.setRowCount(len(rows))
    for r, (row, key) in enumerate(zip(rows, keys, strict=True)):
        for c, value in enumerate(row):
            item = QTableWidgetItem()
            if isinstance(value, int) and not isinstance(value, bool):
                item.setData(Qt.ItemDataRole.DisplayRole, value)  # sorts as a number
            else:
                item.setText("" if value is None else str(value))
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(r, c, item)
    table.setSortingEnabled(True)


def selected_key(table: QTableWidget) -> Any:
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return item.data(Qt.ItemDataRole.UserRole) if item else None


def select_key(table: QTableWidget, key: Any) -> bool:
    for r in range(table.rowCount()):
        item = table.item(r, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
            table.selectRow(r)
            return True
    return False
