"""The case list view: filter bar, paged table and a count line.

The main window wires it to the map and the detail view: ``case_selected`` when the
user picks a row, ``select_case`` when a marker is clicked, ``set_query`` when a
queue is chosen, ``apply_changes`` after any mutation (the loaded rows reload and
the selected case stays selected).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.workspace import CaseQuery, Changes
from ui.cases.case_table_model import CASE_ID_ROLE, COLUMNS, CaseTableModel
from ui.cases.filter_bar import FilterBar
from ui.errors import show_error
from ui.tasks import TaskRunner

WIDTHS = (205, 90, 110, 170, 180, 80, 110, 125, 125)
WIDTHS_KEY = "cases.column_widths"
log = logging.getLogger(__name__)


class CaseListView(QWidget):
    case_selected = Signal(str)
    query_changed = Signal(object)  # CaseQuery (filters and sort; paging is the model's)

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self._selected: str | None = None
        self.model = CaseTableModel(ws, runner, self)
        self.filters = FilterBar(ws, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COLUMNS.index("reported_at"), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # the model sorts in SQL
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.filters.query_changed.connect(self._filters_changed)
        self.model.total_changed.connect(self._show_count)
        self.model.loaded.connect(self._restore_selection)
        self.model.failed.connect(lambda exc: show_error(self, exc))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        header.sortIndicatorChanged.connect(lambda *_: self.query_changed.emit(self.query()))
        self._restore_widths()
        # a drag resizes many times a second: save the widths once it settles
        self._widths_timer = QTimer(self, singleShot=True, interval=800)
        self._widths_timer.timeout.connect(self._save_widths)
        header.sectionResized.connect(lambda *_: self._widths_timer.start())
        self.model.set_query(CaseQuery())

    # -- the interface the main window uses ------------------------------------------------

    def query(self) -> CaseQuery:
        return self.model.query

    def set_query(self, query: CaseQuery) -> None:
        """Show ``query`` (a queue or a saved filter): widgets, sort indicator, first page."""
        self.filters.set_query(query)
        self._show_sort(query)
        self.model.set_query(query)
        self.query_changed.emit(self.model.query)

    def select_case(self, case_id: str) -> None:
        """Select and scroll to a case, loading the list down to it (a COUNT + one read)."""
        self._selected = case_id
        row = self.model.row_of(case_id)
        if row is not None:
            self._select_row(row)
            return

        def found(row: int | None) -> None:
            if self._selected != case_id:
                return
            if row is None:
                self.table.clearSelection()
                self.count_label.setText(
                    self._count_text() + "  " + self.tr("(the selected case is not in this list)")
                )
            else:
                self._select_row(row)

        self.model.seek(case_id, found)

    def apply_changes(self, changes: Changes) -> None:
        """Cases changed somewhere: reload what is loaded, keep the selection."""
        if changes.case_ids or changes.reference:
            self.model.reload()

    # -- inside --------------------------------------------------------------------------

    def _filters_changed(self, query: CaseQuery) -> None:
        current = self.model.query
        query = replace(query, sort=current.sort, descending=current.descending)
        self.model.set_query(query)
        self.query_changed.emit(self.model.query)

    def _show_sort(self, query: CaseQuery) -> None:
        if query.sort not in COLUMNS:
            return
        header = self.table.horizontalHeader()
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header.blockSignals(True)
        header.setSortIndicator(COLUMNS.index(query.sort), order)
        header.blockSignals(False)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        case_id = current.data(CASE_ID_ROLE)
        if case_id and case_id != self._selected:
            self._selected = case_id
            self.case_selected.emit(case_id)

    def _restore_selection(self) -> None:
        self._show_count(self.model.total)
        if self._selected is None:
            return
        row = self.model.row_of(self._selected)
        if row is not None and self.table.currentIndex().row() != row:
            self.table.selectionModel().blockSignals(True)
            self._select_row(row)
            self.table.selectionModel().blockSignals(False)
            self.table.viewport().update()

    def _count_text(self) -> str:
        return self.tr("{shown} of {total} cases loaded").format(
            shown=f"{self.model.rowCount():,}", total=f"{self.model.total:,}"
        )

    def _show_count(self, _total: int) -> None:
        self.count_label.setText(self._count_text())

    def _restore_widths(self) -> None:
        try:
            widths = self.ws.prefs.get(WIDTHS_KEY)
        except Exception as exc:  # no user yet or no store: keep the defaults
            log.warning("column widths not read: %s", exc)
            widths = None
        if isinstance(widths, list):
            for column, width in enumerate(widths[: len(COLUMNS)]):
                if isinstance(width, int) and width > 20:
                    self.table.setColumnWidth(column, width)

    def _save_widths(self) -> None:
        header = self.table.horizontalHeader()
        widths = [header.sectionSize(c) for c in range(len(COLUMNS))]
        ws = self.ws

        def failed(exc: BaseException) -> None:  # a nicety: log it, never interrupt the user
            log.warning("column widths not saved: %s", exc)

        self.runner.submit(lambda: ws.prefs.set(WIDTHS_KEY, widths), None, failed)
