"""Departments: list with open cases and users, create, edit, (de)activate.

Deactivating a department that still holds open cases is refused by the service;
the refusal (with the count) is shown as it comes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from gridapp import Workspace
from gridapp.admin_client import Department
from ui.admin.department_dialog import DepartmentDialog
from ui.admin.table_tab import TableTab
from ui.tasks import TaskRunner


class DepartmentsTab(TableTab):
    records: dict[str, Department]

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ws, runner, parent)
        self.dialog: DepartmentDialog | None = None
        self.new_button = QPushButton(self.tr("New department…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.active_button = QPushButton(self.tr("Deactivate"))
        self.build(
            [
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Short name"),
                self.tr("Level"),
                self.tr("Town"),
                self.tr("Active"),
                self.tr("Open cases"),
                self.tr("Users"),
            ],
            [self.new_button, self.edit_button, self.active_button],
        )
        self.new_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(lambda: self.open_dialog(self.selected()))
        self.table.doubleClicked.connect(lambda _: self.open_dialog(self.selected()))
        self.active_button.clicked.connect(self.toggle_active)

    def reload(self, select: str | None = None) -> None:
        self.run(self.ws.admin.departments, lambda rows: self._show(rows, select))

    def _show(self, rows: list[Department], select: str | None = None) -> None:
        streets = self.ws.reference.streets
        level = {"district": self.tr("District"), "town": self.tr("Town")}
        self.show_rows(
            {d.code: d for d in rows},
            [
                [
                    d.code,
                    d.name,
                    d.short,
                    level.get(d.level, d.level),
                    streets[d.street_code].name if d.street_code in streets else "",
                    self.tr("yes") if d.active else self.tr("no"),
                    d.open_cases,
                    d.users,
                ]
                for d in rows
            ],
            select,
        )

    def _selection_changed(self) -> None:
        dept = self.selected()
        self.edit_button.setEnabled(dept is not None)
        self.active_button.setEnabled(dept is not None)
        if dept is not None:
            self.active_button.setText(
                self.tr("Deactivate") if dept.active else self.tr("Activate")
            )

    def open_dialog(self, dept: Department | None) -> DepartmentDialog:
        self.dialog = dialog = DepartmentDialog(self.ws, dept, self)
        dialog.accepted.connect(lambda: self._save(dept, dialog))
        dialog.open()
        return dialog

    def _save(self, dept: Department | None, dialog: DepartmentDialog) -> None:
        admin = self.ws.admin
        v = dialog.values()
        if dept is None:
            work = lambda: admin.create_department(  # noqa: E731
                v["code"], v["name"], v["short"], v["level"], v["street_code"]
            )
        else:
            changes = dialog.changes()
            if not changes:
                return
            work = lambda: admin.update_department(dept.code, **changes)  # noqa: E731
        self.run(work, lambda d: self.reload(select=d.code), changes=True)

    def toggle_active(self) -> None:
        dept = self.selected()
        if dept is None:
            return
        self.run(
            lambda: self.ws.admin.update_department(dept.code, active=not dept.active),
            lambda d: self.reload(select=d.code),
            changes=True,
        )
