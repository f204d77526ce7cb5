"""A new Open311 integration client: its name, source, where it may post, how often."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from gridapp import Workspace
from ui.admin.form_dialog import FormDialog

MAX_RATE = 100_000


class IntegrationDialog(FormDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New integration client"))
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(self.tr("e.g. 12345 hotline platform"))
        self.source = QComboBox()
        self.source.addItem(self.tr("12345 hotline"), "hotline")
        self.source.addItem(self.tr("Public report"), "public")
        self.streets = QListWidget()
        for s in sorted(ws.reference.streets.values(), key=lambda s: s.code):
            item = QListWidgetItem(s.name)
            item.setData(Qt.ItemDataRole.UserRole, s.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.streets.addItem(item)
        self.streets.setMinimumHeight(160)
        self.rate = QSpinBox()
        self.rate.setRange(1, MAX_RATE)
        self.rate.setValue(600)
        self.rate.setSuffix(self.tr(" per hour"))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("May post in"), self.streets)
        form.addRow(self.tr("Rate limit"), self.rate)
        self.finish(
            form,
            intro=self.tr(
                "The API key is shown once, after OK. Reports from this client enter as"
                " hotline or public reports and are verified like any other."
            ),
        )

    def street_codes(self) -> list[str]:
        items = (self.streets.item(i) for i in range(self.streets.count()))
        return [
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]

    def problem_text(self) -> str:
        if not self.name.text().strip():
            return self.tr("Give the client a name.")
        if not self.street_codes():
            return self.tr("Choose at least one street or town.")
        return ""

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "source": self.source.currentData(),
            "street_codes": self.street_codes(),
            "rate_per_hour": self.rate.value(),
        }
