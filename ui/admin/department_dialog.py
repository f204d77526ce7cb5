"""Create or edit a department: name, short name, level (district/town) and its town."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from gridapp import Workspace
from gridapp.admin_client import Department
from ui.admin.form_dialog import FormDialog


class DepartmentDialog(FormDialog):
    def __init__(
        self, ws: Workspace, dept: Department | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.dept = dept
        self.setWindowTitle(
            self.tr("New department") if dept is None else self.tr("Edit department")
        )
        self.code = QLineEdit(dept.code if dept else "")
        self.code.setReadOnly(dept is not None)
        self.code.setMaxLength(16)
        self.name = QLineEdit(dept.name if dept else "")
        self.short = QLineEdit(dept.short if dept else "")
        self.short.setMaxLength(32)
        self.level = QComboBox()
        self.level.addItem(self.tr("District"), "district")
        self.level.addItem(self.tr("Town"), "town")
        self.street = QComboBox()
        for s in sorted(ws.reference.streets.values(), key=lambda s: s.code):
            if s.has_centre:
                self.street.addItem(s.name, s.code)
        self.active = QCheckBox(self.tr("Active (may receive cases)"))
        self.active.setChecked(dept.active if dept else True)
        self.form = QFormLayout()
        self.form.addRow(self.tr("Code"), self.code)
        self.form.addRow(self.tr("Name"), self.name)
        self.form.addRow(self.tr("Short name"), self.short)
        self.form.addRow(self.tr("Level"), self.level)
        self.form.addRow(self.tr("Town"), self.street)
        if dept is not None:
            self.form.addRow("", self.active)
            if dept.open_cases:
                note = self.tr("%1 open cases: redispatch them before deactivating.")
                self.form.addRow("", QLabel(note.replace("%1", str(dept.open_cases))))
            self.level.setCurrentIndex(self.level.findData(dept.level))
            if dept.street_code:
                self.street.setCurrentIndex(max(0, self.street.findData(dept.street_code)))
        self.finish(self.form)
        self.level.currentIndexChanged.connect(self._level_changed)
        self._level_changed()

    def _level_changed(self) -> None:
        self.form.setRowVisible(self.street, self.level.currentData() == "town")

    def values(self) -> dict[str, Any]:
        town = self.level.currentData() == "town"
        return {
            "code": self.code.text().strip(),
            "name": self.name.text().strip(),
            "short": self.short.text().strip(),
            "level": self.level.currentData(),
            "street_code": self.street.currentData() if town else None,
            "active": self.active.isChecked(),
        }

    def changes(self) -> dict[str, Any]:
        """Only what differs from the department as loaded (for PATCH)."""
        v = self.values()
        del v["code"]
        if self.dept is None:
            return v
        return {k: val for k, val in v.items() if getattr(self.dept, k) != val}

    def problem_text(self) -> str:
        v = self.values()
        if not v["code"] or not v["name"] or not v["short"]:
            return self.tr("Code, name and short name are required.")
        return ""
