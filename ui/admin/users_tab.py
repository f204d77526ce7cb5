"""Users and roles: every account, with create, edit (role, organisation, grids,
active) and password reset. Edits go to the service; the list reloads from it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton, QWidget

from gridapp import Workspace
from gridapp.admin_client import AdminUser
from ui.admin.password_dialog import PasswordDialog
from ui.admin.table_tab import TableTab
from ui.admin.user_dialog import UserDialog
from ui.labels import role_label
from ui.tasks import TaskRunner


class UsersTab(TableTab):
    records: dict[str, AdminUser]

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ws, runner, parent)
        self.dialog: UserDialog | PasswordDialog | None = None
        self.new_button = QPushButton(self.tr("New user…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.password_button = QPushButton(self.tr("Reset password…"))
        self.active_button = QPushButton(self.tr("Disable"))
        self.build(
            [
                self.tr("Username"),
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Organisation"),
                self.tr("Grids"),
                self.tr("Active"),
            ],
            [self.new_button, self.edit_button, self.password_button, self.active_button],
        )
        self.new_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(lambda: self.open_dialog(self.selected()))
        self.table.doubleClicked.connect(lambda _: self.open_dialog(self.selected()))
        self.password_button.clicked.connect(self.open_password)
        self.active_button.clicked.connect(self.toggle_active)

    # -- loading ------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        self.run(self.ws.admin.users, lambda users: self._show(users, select))

    def _org(self, u: AdminUser) -> str:
        ref = self.ws.reference
        if u.department_code:
            dept = ref.departments.get(u.department_code)
            return dept.name if dept else u.department_code
        if u.street_code:
            street = ref.streets.get(u.street_code)
            return street.name if street else u.street_code
        return ""

    def _show(self, users: list[AdminUser], select: str | None = None) -> None:
        rows = [
            [
                u.username,
                u.display_name,
                role_label(u.role),
                self._org(u),
                ", ".join(u.grid_codes) if len(u.grid_codes) <= 3 else f"{len(u.grid_codes)}",
                self.tr("yes") if u.active else self.tr("no"),
            ]
            for u in users
        ]
        self.show_rows({u.username: u for u in users}, rows, select)

    def _selection_changed(self) -> None:
        user = self.selected()
        for b in (self.edit_button, self.password_button, self.active_button):
            b.setEnabled(user is not None)
        if user is not None:
            self.active_button.setText(self.tr("Disable") if user.active else self.tr("Enable"))

    # -- editing ------------------------------------------------------------------------

    def open_dialog(self, user: AdminUser | None) -> UserDialog:
        self.dialog = dialog = UserDialog(self.ws, user, self)
        dialog.accepted.connect(lambda: self._save(user, dialog.values()))
        dialog.open()
        return dialog

    def _save(self, before: AdminUser | None, v: dict[str, Any]) -> None:
        admin = self.ws.admin

        def work() -> AdminUser:
            if before is None:
                return admin.create_user(
                    v["username"],
                    v["display_name"],
                    v["role"],
                    v["password"],
                    street_code=v["street_code"],
                    department_code=v["department_code"],
                    grid_codes=v["grid_codes"],
                )
            user = before
            scope = (v["role"], v["street_code"], v["department_code"], sorted(v["grid_codes"]))
            was = (user.role, user.street_code, user.department_code, sorted(user.grid_codes))
            if scope != was:
                if v["role"] == user.role and scope[1:3] == was[1:3]:
                    user = admin.update_user(user.username, grid_codes=v["grid_codes"])
                else:
                    user = admin.set_role(
                        user.username,
                        v["role"],
                        street_code=v["street_code"],
                        department_code=v["department_code"],
                        grid_codes=v["grid_codes"],
                    )
            name = v["display_name"] if v["display_name"] != user.display_name else None
            active = v["active"] if v["active"] != user.active else None
            if name is not None or active is not None:
                user = admin.update_user(user.username, display_name=name, active=active)
            return user

        self.run(work, lambda user: self.reload(select=user.username), changes=True)

    def open_password(self) -> PasswordDialog | None:
        user = self.selected()
        if user is None:
            return None
        self.dialog = dialog = PasswordDialog(user.username, self)
        dialog.accepted.connect(
            lambda: self.run(
                lambda: self.ws.admin.reset_password(user.username, dialog.password.text()),
                lambda u: self.reload(select=u.username),
                changes=True,
            )
        )
        dialog.open()
        return dialog

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        self.run(
            lambda: self.ws.admin.update_user(user.username, active=not user.active),
            lambda u: self.reload(select=u.username),
            changes=True,
        )
