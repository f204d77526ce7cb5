"""Create or edit an account: role, organisation (town or department), grids, active.

Only the fields the chosen role uses are shown, mirroring the service's rules (a
command role may belong to a town centre, a department account needs its
department, only grid officers hold grids); the service checks them again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from gridapp import Workspace
from gridapp.admin_client import AdminUser
from gridapp.domain.roles import Role
from ui.admin.form_dialog import FormDialog
from ui.labels import role_label

COMMAND = (Role.INTAKE, Role.SHIFT_LEAD, Role.DISPATCHER)


class UserDialog(FormDialog):
    def __init__(
        self, ws: Workspace, user: AdminUser | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.user = user
        self.setWindowTitle(self.tr("New user") if user is None else self.tr("Edit user"))
        self.username = QLineEdit(user.username if user else "")
        self.username.setReadOnly(user is not None)
        self.display_name = QLineEdit(user.display_name if user else "")
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role_label(role), role.value)
        self.street = QComboBox()
        self.street.addItem(self.tr("District centre"), None)
        for s in sorted(ws.reference.streets.values(), key=lambda s: s.code):
            if s.has_centre:
                self.street.addItem(s.name, s.code)
        self.department = QComboBox()
        for d in sorted(ws.reference.departments.values(), key=lambda d: d.code):
            if d.active:
                self.department.addItem(f"{d.name} ({d.code})", d.code)
        self.grid_filter = QLineEdit()
        self.grid_filter.setPlaceholderText(self.tr("Filter grids by code or name"))
        self.grids = QListWidget()
        self.grids.setMinimumHeight(160)
        held = set(user.grid_codes) if user else set()
        for g in sorted(ws.reference.grids.values(), key=lambda g: g.code):
            item = QListWidgetItem(f"{g.code} {g.street_name}{g.community_name} {g.name}")
            item.setData(Qt.ItemDataRole.UserRole, g.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if g.code in held else Qt.CheckState.Unchecked)
            self.grids.addItem(item)
        self.active = QCheckBox(self.tr("Account active"))
        self.active.setChecked(user.active if user else True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("At least 8 characters"))

        self.form = QFormLayout()
        self.form.addRow(self.tr("Username"), self.username)
        self.form.addRow(self.tr("Name"), self.display_name)
        self.form.addRow(self.tr("Role"), self.role)
        self.form.addRow(self.tr("Command centre"), self.street)
        self.form.addRow(self.tr("Department"), self.department)
        self.form.addRow(self.tr("Grids"), self.grid_filter)
        self.form.addRow("", self.grids)
        if user is None:
            self.form.addRow(self.tr("Password"), self.password)
        else:
            self.form.addRow("", self.active)
        self.finish(self.form)

        if user is not None:
            self.role.setCurrentIndex(self.role.findData(user.role.value))
            self.street.setCurrentIndex(max(0, self.street.findData(user.street_code)))
            if user.department_code:
                self.department.setCurrentIndex(self.department.findData(user.department_code))
        self.role.currentIndexChanged.connect(self._role_changed)
        self.grid_filter.textChanged.connect(self._filter_grids)
        self._role_changed()

    def _role_changed(self) -> None:
        role = Role(self.role.currentData())
        self.form.setRowVisible(self.street, role in COMMAND)
        self.form.setRowVisible(self.department, role is Role.DEPARTMENT)
        self.form.setRowVisible(self.grid_filter, role is Role.GRID_OFFICER)
        self.form.setRowVisible(self.grids, role is Role.GRID_OFFICER)

    def _filter_grids(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.grids.count()):
            item = self.grids.item(i)
            item.setHidden(bool(needle) and needle not in item.text().lower())

    def check_grids(self, codes: list[str]) -> None:
        """Tick these grids (and only these)."""
        wanted = set(codes)
        for i in range(self.grids.count()):
            item = self.grids.item(i)
            code = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if code in wanted else Qt.CheckState.Unchecked)

    def checked_grids(self) -> list[str]:
        return [
            self.grids.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.grids.count())
            if self.grids.item(i).checkState() == Qt.CheckState.Checked
        ]

    def values(self) -> dict[str, Any]:
        """What the form says, shaped for AdminClient (fields the role does not use: empty)."""
        role = Role(self.role.currentData())
        return {
            "username": self.username.text().strip(),
            "display_name": self.display_name.text().strip(),
            "role": role,
            "street_code": self.street.currentData() if role in COMMAND else None,
            "department_code": self.department.currentData() if role is Role.DEPARTMENT else None,
            "grid_codes": self.checked_grids() if role is Role.GRID_OFFICER else [],
            "active": self.active.isChecked(),
            "password": self.password.text(),
        }

    def problem_text(self) -> str:
        v = self.values()
        if not v["username"] or not v["display_name"]:
            return self.tr("Username and name are required.")
        if self.user is None:
            problem = Workspace.password_problem(v["password"], v["username"])
            if problem:
                return problem  # the service's own rule and message (Chinese)
        if v["role"] is Role.DEPARTMENT and not v["department_code"]:
            return self.tr("Choose the department of this account.")
        return ""
