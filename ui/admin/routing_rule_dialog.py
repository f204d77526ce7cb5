"""A routing rule: small category × (grid | street | anywhere) → department.

The same rules suggest the department on the client and on the service
(``gridapp.casework.routing``); the most specific one wins.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from gridapp import Workspace
from ui.admin.form_dialog import FormDialog


def _searchable(combo: QComboBox) -> None:
    """Type part of a code or name to find an entry among hundreds."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)


class RoutingRuleDialog(FormDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New routing rule"))
        ref = ws.reference
        self.category = QComboBox()
        for cat in sorted(ws.catalog, key=lambda c: c.code):
            self.category.addItem(f"{cat.code} {cat.big_name} / {cat.name}", cat.code)
        _searchable(self.category)
        self.street = QComboBox()
        self.street.addItem(self.tr("Any street"), None)
        for s in sorted(ref.streets.values(), key=lambda s: s.code):
            self.street.addItem(s.name, s.code)
        self.grid = QComboBox()
        self.grid.addItem(self.tr("Any grid"), None)
        for g in sorted(ref.grids.values(), key=lambda g: g.code):
            self.grid.addItem(f"{g.code} {g.community_name} {g.name}", g.code)
        _searchable(self.grid)
        self.department = QComboBox()
        for d in sorted(ref.departments.values(), key=lambda d: d.code):
            if d.active:
                self.department.addItem(f"{d.name} ({d.code})", d.code)
        _searchable(self.department)
        self.note = QLineEdit()
        self.note.setMaxLength(128)
        form = QFormLayout()
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Street"), self.street)
        form.addRow(self.tr("Grid"), self.grid)
        form.addRow(self.tr("Department"), self.department)
        form.addRow(self.tr("Note"), self.note)
        self.finish(
            form,
            intro=self.tr("The most specific rule wins: grid, then street, then category."),
            checked=False,
        )

    def choose(self, combo: QComboBox, value: Any) -> None:
        combo.setCurrentIndex(combo.findData(value))

    def values(self) -> dict[str, Any]:
        return {
            "category_code": self.category.currentData(),
            "street_code": self.street.currentData(),
            "grid_code": self.grid.currentData(),
            "department_code": self.department.currentData(),
            "note": self.note.text().strip(),
        }
