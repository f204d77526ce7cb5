"""The main window (minimal until the desktop issue): who you are, and the cases you see."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QToolBar,
    QWidget,
)

from gridapp import Workspace
from gridapp.domain.case import CaseState
from gridapp.domain.roles import Role
from gridapp.domain.worktime import OverdueLevel
from gridapp.workspace import CaseQuery
from ui.case_table_model import CaseTableModel
from ui.errors import show_error
from ui.labels import role_label, state_label
from ui.tasks import TaskRunner

PAGE = 500


class Names:
    """Codes → display names from the workspace's reference data (in memory)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def category(self, code: str) -> str:
        return self.ws.catalog.get(code).name if code in self.ws.catalog else code

    def street(self, code: str) -> str:
        street = self.ws.reference.streets.get(code)
        return street.name if street else code

    def department(self, code: str | None) -> str:
        dept = self.ws.reference.departments.get(code or "")
        return dept.name if dept else ""


class MainWindow(QMainWindow):
    loaded = Signal()  # a page of cases is on screen

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.ws: Workspace | None = None
        self.setWindowTitle(self.tr("gridapp — urban grid management"))
        self.resize(1280, 760)
        self.user_box = QComboBox()
        self.user_box.setMinimumWidth(220)
        self.state_box = QComboBox()
        self.state_box.addItem(self.tr("All states"), None)
        for state in CaseState:
            self.state_box.addItem(state_label(state), state)
        self.level_box = QComboBox()
        self.level_box.addItem(self.tr("Any deadline"), None)
        self.level_box.addItem(self.tr("Yellow: 80% used"), OverdueLevel.YELLOW)
        self.level_box.addItem(self.tr("Red: overdue"), OverdueLevel.RED)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search number, address, description"))
        self.search.setClearButtonEnabled(True)
        bar = QToolBar(self.tr("Filters"))
        bar.setMovable(False)
        bar.addWidget(QLabel(self.tr("User:") + " "))
        bar.addWidget(self.user_box)
        bar.addSeparator()
        bar.addWidget(self.state_box)
        bar.addWidget(self.level_box)
        bar.addWidget(self.search)
        self.addToolBar(bar)
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.setCentralWidget(self.table)
        self.status = QLabel(self.tr("Opening the demo store…"))
        self.statusBar().addWidget(self.status, 1)
        self.user_box.currentIndexChanged.connect(self._user_changed)
        self.state_box.currentIndexChanged.connect(self.refresh)
        self.level_box.currentIndexChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.refresh)

    def show_building(self) -> None:
        self.status.setText(
            self.tr("Building the demo district (first start, about half a minute)…")
        )

    def set_workspace(self, ws: Workspace) -> None:
        self.ws = ws
        self.model = CaseTableModel(Names(ws), self)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((170, 90, 130, 100, 230, 90, 200, 130, 130)):
            self.table.setColumnWidth(column, width)
        self.user_box.blockSignals(True)
        users = sorted(
            ws.reference.users.values(), key=lambda u: (list(Role).index(u.role), u.username)
        )
        for user in users:
            self.user_box.addItem(
                f"{user.display_name}（{role_label(user.role)}·{user.username}）", user.username
            )
        default = self.user_box.findData("zhiban")
        self.user_box.setCurrentIndex(max(default, 0))
        self.user_box.blockSignals(False)
        self._user_changed()

    def _user_changed(self) -> None:
        if self.ws is None:
            return
        self.ws.act_as(self.user_box.currentData())
        self.refresh()

    def query(self) -> CaseQuery:
        state = self.state_box.currentData()
        return CaseQuery(
            states=(state,) if state else (),
            overdue=self.level_box.currentData(),
            text=self.search.text() or None,
            limit=PAGE,
        )

    def refresh(self) -> None:
        ws = self.ws
        if ws is None:
            return
        query = self.query()

        def load() -> tuple:
            return ws.list_cases(query), ws.count_cases(query), ws.clock()

        self.runner.submit(load, self._show_page, lambda exc: show_error(self, exc))

    def _show_page(self, result: tuple) -> None:
        rows, total, now = result
        self.model.set_rows(rows, now)
        user = self.ws.user if self.ws else None
        shown = min(total, len(rows))
        self.status.setText(
            self.tr("{total} cases in scope of {name}; showing the newest {shown}").format(
                total=total, name=user.display_name if user else "", shown=shown
            )
        )
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.loaded.emit()
