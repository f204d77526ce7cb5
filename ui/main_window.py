"""The main window: the role's queues, the case list, the map and the open case.

It owns no data: it wires the views together and rebroadcasts every ``Changes``
value (from a dialog, an action or a sync) to each view, which decides itself
whether to reload. What the window shows depends on the logged-in role.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
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
from ui.errors import show_error
from ui.labels import role_label
from ui.map.map_view import MapView
from ui.notifications.bell import BellButton
from ui.notifications.centre import NotificationCentre
from ui.pane_sizes import remember_sizes
from ui.plain import plain_label
from ui.report.report_dialog import sources_for
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)
WORK_SIZES_KEY = "window.work_sizes"  # queues | list and map | detail
LIST_MAP_SIZES_KEY = "window.list_map_sizes"
QUEUES_VISIBLE_KEY = "window.queues_visible"
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
        map_view: MapView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``map_view``: one made before the store was open, its page already loading
        (``MapView.early_load``, from ``ui.startup``); else the window makes its own."""
        super().__init__(parent)
        self.ws, self.runner, self.sync = ws, runner, sync_controller
        user = ws.user
        self.setWindowTitle(
            self.tr("gridapp — urban grid management")
            + f" · {user.display_name}（{role_label(user.role)}）"
        )
        fit_to_screen(self, 1440, 860)

        self.queues = QueuePanel(ws, runner)
        self.cases = CaseListView(ws, runner)
        if map_view is None:
            map_view = MapView(ws, runner)
        else:
            map_view.attach(ws)
        self.map = map_view
        self.map.load(at_once=True)  # the browser loads the page while the window is built
        self.detail = CaseDetailView(ws, runner)
        self.views: list[QWidget] = [self.queues, self.cases, self.map, self.detail]

        middle = QSplitter(Qt.Orientation.Vertical)
        middle.setObjectName("list_map_splitter")
        middle.addWidget(self.cases)
        middle.addWidget(self.map)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 2)
        middle.setSizes([430, 330])
        work = QSplitter(Qt.Orientation.Horizontal)
        work.setObjectName("work_splitter")
        work.addWidget(self.queues)
        work.addWidget(middle)
        work.addWidget(self.detail)
        work.setStretchFactor(1, 3)
        work.setStretchFactor(2, 2)
        # On a 1366 px laptop: queues, list and map, and a detail wide enough for
        # its two columns of facts without a horizontal scroll bar.
        width = self.width()
        work.setSizes([170, max(width - 170 - 520, 400), 520])
        self.work_splitter, self.list_map_splitter = work, middle
        remember_sizes(work, ws.prefs, WORK_SIZES_KEY)
        remember_sizes(middle, ws.prefs, LIST_MAP_SIZES_KEY)
        # Until this user's first pull is complete the work area shows its progress
        # instead (ui/sync/first_sync_panel.py): a part of the log is not the present.
        self.work = work
        self.work_stack = QStackedWidget()
        self.work_stack.addWidget(work)
        self.first_sync = None
        if self.sync is not None:
            from ui.sync.first_sync_panel import FirstSyncPanel

            self.first_sync = FirstSyncPanel()
            self.first_sync.sync_requested.connect(self.sync_now)
            self.work_stack.addWidget(self.first_sync)
            if not ws.sync.first_pull_done:  # type: ignore[union-attr]
                self.work_stack.setCurrentWidget(self.first_sync)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.work_stack, self.tr("Cases"))
        if user.role is Role.ADMIN:
            from ui.admin.admin_window import AdminWindow

            self.admin = AdminWindow(ws, runner)
            self.admin.changed.connect(self.broadcast)
            self.views.append(self.admin)
            self.tabs.addTab(self.admin, self.tr("Administration"))
        self.stats = None
        if ws.stats.allowed():  # 统计分析 (ui/stats): figures open the cases behind them
            from ui.stats.stats_view import StatisticsView

            self.stats = StatisticsView(ws, runner)
            self.stats.figure_chosen.connect(self.show_figure_cases)
            self.views.append(self.stats)
            self.tabs.insertTab(1, self.stats, self.tr("Statistics"))
        self.setCentralWidget(self.tabs)

        self._build_toolbar(user.role)
        self._build_status()
        self._wire()
        self.notifications = NotificationCentre(ws, runner, self, self.bell)
        self.changed.connect(lambda _c: self.notifications.check())  # incl. after a sync
        self.notifications.check()
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
        self.hotline_action = QAction(self.tr("12345 work orders"), self)
        self.hotline_action.setObjectName("hotline_import")
        self.hotline_action.triggered.connect(self.open_hotline_import)
        self.hotline_action.setVisible(role is Role.INTAKE)  # the import's own rule
        bar.addAction(self.hotline_action)
        self.monthly_action = QAction(self.tr("Monthly report"), self)
        self.monthly_action.triggered.connect(self.open_monthly_report)
        self.monthly_action.setVisible(role in MONTHLY_REPORT_ROLES)
        bar.addAction(self.monthly_action)
        self.standing_action = QAction(self.tr("My standing"), self)
        self.standing_action.setObjectName("my_standing")
        self.standing_action.triggered.connect(self.open_standing)
        self.standing_action.setVisible(self.ws.standing.available())
        bar.addAction(self.standing_action)
        self.wall_action = QAction(self.tr("Wall display"), self)
        self.wall_action.setObjectName("open_wall")
        self.wall_action.triggered.connect(self.open_wall)
        self.wall_action.setVisible(self.ws.stats.allowed())
        bar.addAction(self.wall_action)
        self.warnings_action = QAction(self.tr("Early warnings"), self)
        self.warnings_action.setObjectName("open_warnings")
        self.warnings_action.triggered.connect(self.open_warnings)
        self.warnings_action.setVisible(self.ws.warnings.available())
        bar.addAction(self.warnings_action)
        self.warning_count = None
        if self.ws.warnings.available():  # the count of open warnings on the entry
            from ui.warnings.warning_count import WarningCount

            self.warning_count = WarningCount(self.ws, self.runner, self.warnings_action)
            self.changed.connect(self.warning_count.apply_changes)
            self.warning_count.refresh()
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
        self.queues_action = QAction(self.tr("Work queues"), self)
        self.queues_action.setObjectName("toggle_queues")
        self.queues_action.setCheckable(True)
        self.queues_action.setToolTip(self.tr("Show or hide the work queues"))
        self.queues_action.toggled.connect(self.show_queues)
        bar.addAction(self.queues_action)
        self.queues_action.setChecked(self._pref(QUEUES_VISIBLE_KEY, True) is not False)
        self.show_queues(self.queues_action.isChecked())
        bar.addSeparator()
        self.bell = BellButton(self)
        bar.addWidget(self.bell)
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
        self.sync.status_changed.connect(self._first_sync_status)
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
        self.cases.acted.connect(self.broadcast)

    # -- behaviour ------------------------------------------------------------------------

    def show_query(self, query: CaseQuery) -> None:
        self.cases.set_query(query)  # the list's query_changed shows it on the map too

    def _case_selected(self, case_id: str) -> None:
        self.detail.show_case(case_id)
        self.map.select_case(case_id)

    def _marker_clicked(self, case_id: str) -> None:
        self.cases.select_case(case_id)
        self.detail.show_case(case_id)

    @property
    def first_sync_shown(self) -> bool:
        """The first pull is not complete: the work area shows its progress, not cases."""
        return self.first_sync is not None and self.work_stack.currentWidget() is self.first_sync

    def _first_sync_status(self, status: object) -> None:
        if self.first_sync is None:
            return
        done = status.first_pull_done  # type: ignore[attr-defined]
        if not done:
            self.first_sync.set_status(status)  # type: ignore[arg-type]
            self.work_stack.setCurrentWidget(self.first_sync)
        elif self.first_sync_shown:
            # The whole scope is here now: every view reads it afresh, then shows.
            self.broadcast(Changes(reference=True))
            self.work_stack.setCurrentWidget(self.work)

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

    def _small_map(self, parent: QWidget) -> MapView:
        view = MapView(self.ws, self.runner, parent)
        view.toolbar.hide()  # a small map to pick one point: no base-map controls
        self.map.tile_source_changed.connect(view.set_tile_source)
        view.load()
        return view

    def open_hotline_import(self) -> None:
        from ui.intake.hotline_import_dialog import HotlineImportDialog

        dialog = HotlineImportDialog(self.ws, self.runner, self)
        dialog.changed.connect(self.broadcast)
        dialog.open_waiting.connect(self.open_hotline_waiting)
        dialog.open()
        self.hotline_dialog = dialog

    def open_hotline_waiting(self) -> None:
        from ui.intake.hotline_waiting_dialog import HotlineWaitingDialog

        parent = getattr(self, "hotline_dialog", None) or self
        dialog = HotlineWaitingDialog(self.ws, self.runner, parent, map_factory=self._small_map)
        dialog.changed.connect(self.broadcast)
        dialog.reload()
        dialog.open()
        self.hotline_waiting_dialog = dialog

    def open_standing(self) -> None:
        from ui.standing.standing_dialog import StandingDialog

        dialog = StandingDialog(self.ws, self.runner, self)
        dialog.open_case.connect(self.open_case)
        dialog.open()
        self.standing_dialog = dialog

    def show_figure_cases(self, name: str, figure: object) -> None:
        """A statistics figure was clicked: the case list shows exactly its cases.

        The view keeps counts only for most figures; the numbers are read from the store
        now (``ws.stats.case_numbers``, a second or two on a year: off the GUI thread)."""
        value = figure.value  # type: ignore[attr-defined]

        def listed(numbers: tuple[str, ...]) -> None:
            label = name
            if len(numbers) != value:  # cases changed since the view was computed
                label = self.tr("{name} (changed since: the {n} cases now)").format(
                    name=name, n=len(numbers)
                )
            self.tabs.setCurrentIndex(0)
            self.show_query(CaseQuery(numbers=numbers, numbers_label=label))

        self.runner.submit(
            lambda: self.ws.stats.case_numbers(figure),  # type: ignore[arg-type]
            listed,
            lambda exc: show_error(self, exc),
        )

    def open_wall(self) -> None:
        """The 大屏 wall display, full screen (ui/stats/wall_window.py)."""
        from ui.stats.wall_window import WallWindow

        self.wall = WallWindow(self.ws, self.runner)
        self.changed.connect(self.wall.apply_changes)
        self.wall.show_on_wall()

    def open_warnings(self) -> None:
        """The 预警 queue (one window; brought to the front when already open)."""
        from ui.warnings.warnings_dialog import WarningsDialog

        dialog = getattr(self, "warnings_dialog", None)
        if dialog is None:
            dialog = WarningsDialog(self.ws, self.runner, self)
            dialog.open_case.connect(self.open_case)
            dialog.changed.connect(self.broadcast)
            if self.warning_count is not None:
                dialog.acks_changed.connect(self.warning_count.refresh)
            self.views.append(dialog)
            self.warnings_dialog = dialog
        else:
            dialog.reload()
        dialog.show()
        dialog.raise_()

    def show_queues(self, visible: bool) -> None:
        """Collapse or bring back the queue panel (the list and map take its room)."""
        self.queues.setVisible(visible)
        if self.queues_action.isChecked() != visible:
            self.queues_action.setChecked(visible)
        if self._pref(QUEUES_VISIBLE_KEY, True) != visible:
            try:
                self.ws.prefs.set(QUEUES_VISIBLE_KEY, visible)
            except Exception as exc:
                log.warning("queue panel visibility not saved: %s", exc)

    def _pref(self, key: str, default: object) -> object:
        try:
            return self.ws.prefs.get(key, default)
        except Exception as exc:
            log.warning("preference %s not read: %s", key, exc)
            return default

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
        self.notifications.stop()
        if self.sync is not None:
            self.sync.stop()
        super().closeEvent(event)
        self.closed.emit()
