"""The administration screens in one widget with a tab each (admin role only).

The main window shows it for the admin role. The role check here only spares
other users a screen of refusals: the service refuses (and audits) every admin
call from anyone else, whatever this widget does.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from gridapp import Workspace
from gridapp.domain.roles import Role
from ui.admin.calendar_tab import CalendarTab
from ui.admin.common import AdminTab
from ui.admin.departments_tab import DepartmentsTab
from ui.admin.grids_tab import GridsTab
from ui.admin.integrations_tab import IntegrationsTab
from ui.admin.limits_tab import LimitsTab
from ui.admin.routing_tab import RoutingTab
from ui.admin.users_tab import UsersTab
from ui.admin.warning_rules_tab import WarningRulesTab
from ui.tasks import TaskRunner


class AdminWindow(QWidget):
    changed = Signal(object)  # Changes(reference=True): rebroadcast by the main window

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = runner
        self.setWindowTitle(self.tr("Administration"))
        self.refusal = QLabel(
            self.tr("Administration is for system administrators only. Your role: %1.")
        )
        self.refusal.setStyleSheet("color: #b00020; font-weight: bold; padding: 8px")
        self.refusal.setWordWrap(True)
        self.tabs = QTabWidget()
        self.users = UsersTab(ws, runner)
        self.departments = DepartmentsTab(ws, runner)
        self.routing = RoutingTab(ws, runner)
        self.calendar = CalendarTab(ws, runner)
        self.limits = LimitsTab(ws, runner)
        self.grids = GridsTab(ws, runner)
        self.warning_rules = WarningRulesTab(ws, runner)
        self.integrations = IntegrationsTab(ws, runner)
        self.tabs.addTab(self.users, self.tr("Users and roles"))
        self.tabs.addTab(self.departments, self.tr("Departments"))
        self.tabs.addTab(self.routing, self.tr("Routing rules"))
        self.tabs.addTab(self.limits, self.tr("Handling limits"))
        self.tabs.addTab(self.calendar, self.tr("Calendar"))
        self.tabs.addTab(self.grids, self.tr("Grids"))
        self.tabs.addTab(self.warning_rules, self.tr("Warning rules"))
        self.tabs.addTab(self.integrations, self.tr("Open311 clients"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.refusal)
        layout.addWidget(self.tabs)
        for tab in self.all_tabs():
            tab.changed.connect(self.changed)
        self.tabs.currentChanged.connect(self._tab_shown)
        self._loaded: set[int] = set()
        self.allowed = self._check_role()
        if self.allowed:
            self._tab_shown(self.tabs.currentIndex())

    def all_tabs(self) -> list[AdminTab]:
        return [
            self.users,
            self.departments,
            self.routing,
            self.limits,
            self.calendar,
            self.grids,
            self.warning_rules,
            self.integrations,
        ]

    def _check_role(self) -> bool:
        role = self.ws.user.role
        allowed = role is Role.ADMIN
        self.refusal.setVisible(not allowed)
        self.tabs.setEnabled(allowed)
        if not allowed:
            from ui.labels import role_label

            self.refusal.setText(self.refusal.text().replace("%1", role_label(role)))
        return allowed

    def _tab_shown(self, index: int) -> None:
        """Each tab loads from the service the first time it is shown."""
        if index < 0 or index in self._loaded or not self.allowed:
            return
        self._loaded.add(index)
        tab = self.tabs.widget(index)
        if isinstance(tab, AdminTab):
            tab.reload()

    def apply_changes(self, changes: object) -> None:
        """Reference data changed elsewhere (a sync round): reload the tabs already shown."""
        if not getattr(changes, "reference", False) or not self.allowed:
            return
        for i in sorted(self._loaded):
            tab = self.tabs.widget(i)
            if isinstance(tab, AdminTab) and not tab.busy:
                tab.reload()
