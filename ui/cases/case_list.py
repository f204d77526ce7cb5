"""The case list view: filter bar, paged table and a count line.

The main window wires it to the map and the detail view: ``case_selected`` when the
user picks a row, ``select_case`` when a marker is clicked, ``set_query`` when a
queue is chosen, ``apply_changes`` after any mutation (the loaded rows reload and
the selected case stays selected).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.workspace import CaseQuery, Changes
from ui.cases.batch_dialog import BatchDialog, batch_actions_for
from ui.cases.case_columns import BY_KEY, COLUMNS
from ui.cases.case_table_model import CASE_ID_ROLE, CaseTableModel
from ui.cases.column_layout import ColumnLayout
from ui.cases.export_dialog import ExportDialog
from ui.cases.filter_bar import FilterBar
from ui.errors import show_error
from ui.tasks import TaskRunner


class CaseListView(QWidget):
    case_selected = Signal(str)
    query_changed = Signal(object)  # CaseQuery (filters and sort; paging is the model's)
    acted = Signal(object)  # Changes made from the list (a batch action)

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self._selected: str | None = None
        self.model = CaseTableModel(ws, runner, self)
        self.filters = FilterBar(ws, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # several rows for a batch action (Ctrl/Shift-click); the current row is the one shown
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        self.columns = ColumnLayout(ws, runner, self.table)
        self._user_sort = self.columns.saved_sort()  # (column key, descending) or None
        self._own_order = (CaseQuery.sort, CaseQuery.descending)  # the queue's, unless kept
        self.columns.sort_reset.connect(self.use_queue_order)
        first = self._with_user_sort(CaseQuery())
        header.setSortIndicator(self._sort_column(first), self._order(first))
        self.table.setSortingEnabled(True)  # the model sorts in SQL
        self.count_label = QLabel()
        self.batch_button = QPushButton(self.tr("Batch action…"))
        self.batch_button.setObjectName("batch_button")
        self.batch_button.setToolTip(self.tr("Accept, file or dispatch the selected cases"))
        self.batch_button.setVisible(bool(batch_actions_for(ws)))
        self.batch_button.setEnabled(False)
        self.batch_button.clicked.connect(self.open_batch)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("export_button")
        self.export_button.setToolTip(
            self.tr("The list as shown, or the request ledgers, to Excel")
        )
        self.export_button.clicked.connect(self.open_export)
        self.dialog: BatchDialog | ExportDialog | None = None
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.batch_button)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.filters.query_changed.connect(self._filters_changed)
        self.model.total_changed.connect(self._show_count)
        self.model.loaded.connect(self._restore_selection)
        self.model.failed.connect(lambda exc: show_error(self, exc))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        header.sortIndicatorChanged.connect(self._sorted_by_user)
        self.model.set_query(first)

    # -- the interface the main window uses ------------------------------------------------

    def query(self) -> CaseQuery:
        return self.model.query

    def set_query(self, query: CaseQuery) -> None:
        """Show ``query`` (a queue or a saved filter): widgets, sort indicator, first page.

        Once the user has sorted by a header, that sort is kept for every queue (and
        across log-ins); until then each queue comes in its own order.
        """
        self._own_order = (query.sort, query.descending)
        query = self._with_user_sort(query)
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

    def selected_case_ids(self) -> list[str]:
        """The selected rows' cases, top to bottom."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.case_at(r).id for r in rows if r < self.model.rowCount()]

    def visible_columns(self) -> list[str]:
        """Column keys as the user sees them: visual order, hidden ones left out."""
        header = self.table.horizontalHeader()
        logical = (header.logicalIndex(v) for v in range(header.count()))
        return [COLUMNS[i] for i in logical if not header.isSectionHidden(i)]

    def open_batch(self) -> BatchDialog | None:
        """The batch dialog for the selected cases (window-modal); returned for tests."""
        ids = self.selected_case_ids()
        if not ids:
            return None
        dialog = BatchDialog(self.ws, self.runner, ids, self)
        dialog.acted.connect(self.acted)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_export(self) -> ExportDialog:
        dialog = ExportDialog(self.ws, self.runner, self.query(), self.visible_columns(), self)
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- inside --------------------------------------------------------------------------

    def _selection_changed(self, *_args: object) -> None:
        self.batch_button.setEnabled(self.table.selectionModel().hasSelection())

    def _filters_changed(self, query: CaseQuery) -> None:
        current = self.model.query
        query = replace(query, sort=current.sort, descending=current.descending)
        self.model.set_query(query)
        self.query_changed.emit(self.model.query)

    def use_queue_order(self) -> None:
        """Forget the user's sort: the list goes back to each queue's own order."""
        self._user_sort = None
        sort, descending = self._own_order
        query = replace(self.model.query, sort=sort, descending=descending)
        self._show_sort(query)
        self.model.set_query(query)
        self.query_changed.emit(self.model.query)

    def _with_user_sort(self, query: CaseQuery) -> CaseQuery:
        if self._user_sort is None:
            return query
        key, descending = self._user_sort
        return replace(query, sort=BY_KEY[key].sort, descending=descending)

    def _sort_column(self, query: CaseQuery) -> int:
        """The header section that shows ``query``'s sort (the user's, or the same key)."""
        if self._user_sort is not None and BY_KEY[self._user_sort[0]].sort == query.sort:
            return COLUMNS.index(self._user_sort[0])
        if query.sort in COLUMNS:
            return COLUMNS.index(query.sort)
        same = [i for i, key in enumerate(COLUMNS) if BY_KEY[key].sort == query.sort]
        return same[0] if same else -1

    @staticmethod
    def _order(query: CaseQuery) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder

    def _show_sort(self, query: CaseQuery) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(self._sort_column(query), self._order(query))
        header.blockSignals(False)

    def _sorted_by_user(self, column: int, order: Qt.SortOrder) -> None:
        """A header click: remember it for this user, and tell the map the new order."""
        if 0 <= column < len(COLUMNS):
            descending = order == Qt.SortOrder.DescendingOrder
            self._user_sort = (COLUMNS[column], descending)
            self.columns.save_sort(COLUMNS[column], descending)
        self.query_changed.emit(self.query())

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
        if not self.model.counted:
            return self.tr("{shown} cases loaded, counting…").format(
                shown=f"{self.model.rowCount():,}"
            )
        return self.tr("{shown} of {total} cases loaded").format(
            shown=f"{self.model.rowCount():,}", total=f"{self.model.total:,}"
        )

    def _show_count(self, _total: int) -> None:
        self.count_label.setText(self._count_text())
