"""The main window: the role's queues, the case list, the map and the open case.

It owns no data: it wires the views together and rebroadcasts every ``Changes``
value (from a dialog, an action or a sync) to each view, which decides itself
whether to reload. What the window shows depends on the logged-in role.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QToolBar,
    QWidget,
)

from gridapp import Workspace
from gridapp.domain.roles import Role
from gridapp.workspace import CaseQuery, Changes
from ui.cases.case_list import CaseListView
from ui.cases.queue_panel import QueuePanel
from ui.detail.case_detail_view import CaseDetailView
from ui.labels import role_label
from ui.map.map_view import MapView
from ui.plain import plain_label
from ui.report.report_dialog import sources_for
from ui.tasks import TaskRunner

MONTHLY_REPORT_ROLES = {Role.SUPERVISOR, Role.SHIFT_LEAD, Role.DISPATCHER, Role.ADMIN}


class MainWindow(QMainWindow):
    changed = Signal(object)  # Changes, after any local action or sync
    logout_requested = Signal()
    closed = Signal()

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        *,
        sync_controller: object | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.sync = ws, runner, sync_controller
        user = ws.user
        self.setWindowTitle(
            self.tr("gridapp — urban grid management")
            + f" · {user.display_name}（{role_label(user.role)}）"
        )
        self.resize(1440, 860)

        self.queues = QueuePanel(ws, runner)
        self.cases = CaseListView(ws, runner)
        self.map = MapView(ws, runner)
        self.detail = CaseDetailView(ws, runner)
        self.views: list[QWidget] = [self.queues, self.cases, self.map, self.detail]

        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.cases)
        middle.addWidget(self.map)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 2)
        middle.setSizes([430, 330])
        work = QSplitter(Qt.Orientation.Horizontal)
        work.addWidget(self.queues)
        work.addWidget(middle)
        work.addWidget(self.detail)
        work.setStretchFactor(1, 3)
        work.setStretchFactor(2, 2)
        work.setSizes([190, 690, 560])
        self.detail.setMinimumWidth(440)  # two columns of fields side by side
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(work, self.tr("Cases"))
        if user.role is Role.ADMIN:
            from ui.admin.admin_window import AdminWindow

            self.admin = AdminWindow(ws, runner)
            self.admin.changed.connect(self.broadcast)
            self.views.append(self.admin)
            self.tabs.addTab(self.admin, self.tr("Administration"))
        self.setCentralWidget(self.tabs)

        self._build_toolbar(user.role)
        self._build_status()
        self._wire()
        self.map.load()
        self.queues.refresh_counts()
        self.queues.choose(self.queues.last_queue() or self.queues.queues[0].id)

    # -- building -------------------------------------------------------------------------

    def _build_toolbar(self, role: Role) -> None:
        bar = QToolBar(self.tr("Main"))
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_report_action = QAction(self.tr("New report"), self)
        self.new_report_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_report_action.triggered.connect(self.open_report_dialog)
        self.new_report_action.setVisible(bool(sources_for(role)))  # the core's report rule
        bar.addAction(self.new_report_action)
        self.monthly_action = QAction(self.tr("Monthly report"), self)
        self.monthly_action.triggered.connect(self.open_monthly_report)
        self.monthly_action.setVisible(role in MONTHLY_REPORT_ROLES)
        bar.addAction(self.monthly_action)
        self.sync_action = QAction(self.tr("Sync now"), self)
        self.sync_action.setShortcut(QKeySequence("F5"))
        self.sync_action.triggered.connect(self.sync_now)
        self.sync_action.setEnabled(self.sync is not None)
        bar.addAction(self.sync_action)
        self.refused_action = QAction(self.tr("Refused by the service"), self)
        self.refused_action.triggered.connect(self.show_refused)
        self.refused_action.setEnabled(self.sync is not None)
        bar.addAction(self.refused_action)
        bar.addSeparator()
        self.logout_action = QAction(self.tr("Log out"), self)
        self.logout_action.triggered.connect(self.logout_requested.emit)
        bar.addAction(self.logout_action)
        self.addToolBar(bar)

    def _build_status(self) -> None:
        self.user_label = plain_label(
            f"{self.ws.user.display_name} · {role_label(self.ws.user.role)}"
        )
        self.statusBar().addWidget(self.user_label)
        self.sync_status = None
        self.refused_dock: QDockWidget | None = None
        if self.sync is None:
            return
        from ui.sync.refused_panel import RefusedPanel
        from ui.sync.status_bar import SyncStatusWidget

        self.sync_status = SyncStatusWidget(self)
        self.statusBar().addPermanentWidget(self.sync_status)
        self.sync.status_changed.connect(self.sync_status.set_status)
        self.sync.synced.connect(self.broadcast)
        self.sync.needs_login.connect(self.relogin)
        self.sync_status.sync_requested.connect(self.sync_now)
        self.sync_status.refused_requested.connect(self.show_refused)
        self.refused_panel = RefusedPanel(self.ws, self.runner, self)
        self.refused_panel.open_case.connect(self.open_case)
        self.refused_panel.recreate_report.connect(self.open_report_dialog)
        self.refused_panel.acknowledged.connect(lambda _id: self.sync.refresh())
        self.sync.synced.connect(
            lambda _c: self.refused_panel.reload() if self.refused_dock.isVisible() else None
        )
        dock = QDockWidget(self.tr("Refused by the service"), self)
        dock.setObjectName("refused_dock")
        dock.setWidget(self.refused_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.hide()
        self.refused_dock = dock

    def _wire(self) -> None:
        self.queues.queue_chosen.connect(self.show_query)
        self.cases.query_changed.connect(self.map.show_cases)
        self.cases.case_selected.connect(self._case_selected)
        self.map.case_clicked.connect(self._marker_clicked)
        self.detail.changed.connect(self.broadcast)

    # -- behaviour ------------------------------------------------------------------------

    def show_query(self, query: CaseQuery) -> None:
        self.cases.set_query(query)
        self.map.show_cases(query)

    def _case_selected(self, case_id: str) -> None:
        self.detail.show_case(case_id)
        self.map.select_case(case_id)

    def _marker_clicked(self, case_id: str) -> None:
        self.cases.select_case(case_id)
        self.detail.show_case(case_id)

    def open_case(self, case_id: str) -> None:
        self._marker_clicked(case_id)
        self.map.select_case(case_id)

    def broadcast(self, changes: Changes) -> None:
        """Tell every view what changed; after a local change, sync soon."""
        if not changes:
            return
        for view in self.views:
            view.apply_changes(changes)
        self.changed.emit(changes)
        if self.sync is not None and changes.pending:
            self.sync.poke()

    def open_report_dialog(self, draft: dict | None = None) -> None:
        from ui.report.report_dialog import ReportDialog

        def map_factory(parent: QWidget) -> MapView:
            view = MapView(self.ws, self.runner, parent)
            view.toolbar.hide()  # a small map to pick one point: no base-map controls
            self.map.tile_source_changed.connect(view.set_tile_source)
            view.load()
            return view

        dialog = ReportDialog(self.ws, self.runner, self, map_factory=map_factory)
        if draft:
            dialog.load_draft(draft)
        dialog.changed.connect(self.broadcast)
        dialog.open_case.connect(self.open_case)
        dialog.open()
        self.report_dialog = dialog

    def open_monthly_report(self) -> None:
        from ui.monthly.report_dialog import MonthlyReportDialog

        dialog = MonthlyReportDialog(self.ws, self.runner, self)
        dialog.open()
        self.monthly_dialog = dialog

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.sync_now()

    def show_refused(self) -> None:
        if self.refused_dock is None:
            return
        self.refused_panel.reload()
        self.refused_dock.show()
        self.refused_dock.raise_()

    def relogin(self) -> None:
        """The service ended the session (revoked, expired): log in again, keep working."""
        from ui.sync.login_dialog import LoginDialog

        session = self.ws.sync
        assert session is not None and self.sync is not None
        dialog = LoginDialog(
            self,
            server_url=session.server_url,
            username=self.ws.user.username,
            login_fn=lambda _url, user, password: session.login(user, password),
            runner=self.runner,
        )
        dialog.logged_in.connect(lambda _result: self.sync.logged_in_again())
        dialog.open()
        self.login_dialog = dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.sync is not None:
            self.sync.stop()
        super().closeEvent(event)
        self.closed.emit()
