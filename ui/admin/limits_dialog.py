"""Set a class's (or one 细类's) handling limits: stages per urgency, and the reason.

Starts from the limits in force (the catalog's or the district's earlier setting);
the service checks the stages again and records who set them and why.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QWidget,
)

from gridapp.domain.catalog_types import Limits
from gridapp.domain.units import TimeUnit
from ui.admin.form_dialog import FormDialog

URGENCIES = ("normal", "urgent")
UNITS = (TimeUnit.WORK_HOUR, TimeUnit.WORK_DAY, TimeUnit.URGENT_HOUR, TimeUnit.URGENT_DAY)


class LimitsDialog(FormDialog):
    def __init__(
        self, title: str, limits: Limits, source: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Handling limits: %1").replace("%1", title))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Urgency"), self.tr("Stage"), self.tr("Time"), self.tr("Unit")]
        )
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        for urgency in URGENCIES:
            for stage in limits.get(urgency, ()):
                self.add_stage(urgency, stage.stage, stage.amount, stage.unit)
        add, remove = QPushButton(self.tr("Add stage")), QPushButton(self.tr("Remove stage"))
        add.clicked.connect(lambda: self.add_stage("normal", "", 1.0, TimeUnit.WORK_DAY))
        remove.clicked.connect(self.remove_stage)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(self.tr("e.g. 区城管委会2026年第3号文件"))
        form = QFormLayout()
        form.addRow(self.table)
        form.addRow(buttons)
        form.addRow(self.tr("Basis for the change"), self.note)
        intro = self.tr(
            "Limits now: %1. The new limits apply to cases dispatched after the change."
        ).replace("%1", source)
        self.finish(form, intro=intro)
        self.resize(640, 420)

    def add_stage(self, urgency: str, name: str, amount: float, unit: TimeUnit) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        level = QComboBox()
        level.addItem(self.tr("Normal"), "normal")
        level.addItem(self.tr("Urgent"), "urgent")
        level.setCurrentIndex(URGENCIES.index(urgency) if urgency in URGENCIES else 0)
        stage = QLineEdit(name)
        stage.setMaxLength(16)
        time = QDoubleSpinBox()
        time.setDecimals(1)
        time.setRange(0.5, 2000)
        time.setValue(amount)
        units = QComboBox()
        for u in UNITS:
            units.addItem(u.label_zh, u.value)
        units.setCurrentIndex(UNITS.index(unit))
        for column, widget in enumerate((level, stage, time, units)):
            self.table.setCellWidget(row, column, widget)

    def remove_stage(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def time_limits(self) -> dict[str, list[dict[str, Any]]]:
        """The stages as the service takes them, in table order per urgency."""
        out: dict[str, list[dict[str, Any]]] = {}
        for row in range(self.table.rowCount()):
            level, stage, time, unit = (self.table.cellWidget(row, c) for c in range(4))
            out.setdefault(level.currentData(), []).append(
                {"stage": stage.text().strip(), "amount": time.value(), "unit": unit.currentData()}
            )
        return out

    def problem_text(self) -> str:
        limits = self.time_limits()
        if not limits.get("normal"):
            return self.tr("At least one stage for normal urgency is needed.")
        if any(not s["stage"] for stages in limits.values() for s in stages):
            return self.tr("Every stage needs a name (e.g. 设置警示, 修复).")
        if not self.note.text().strip():
            return self.tr("Say why the limits change (a document or a decision).")
        return ""
