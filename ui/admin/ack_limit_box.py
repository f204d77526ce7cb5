"""The 签收 limit on the 处置时限 tab: working hours a department has to acknowledge a dispatch.

A row above the class limits (the other time setting); the tab runs the service calls,
so errors and the broadcast of the change go the way every admin change goes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QWidget

from gridapp.domain.co_handling import MAX_ACK_HOURS


class AckLimitBox(QWidget):
    """ "签收时限 [2.0] 工作时 (默认) [保存] [恢复默认]"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.hours = QDoubleSpinBox()
        self.hours.setDecimals(1)
        self.hours.setRange(0.5, MAX_ACK_HOURS)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(self.tr(" working hours"))
        self.state = QLabel()
        self.save_button = QPushButton(self.tr("Save"))
        self.reset_button = QPushButton(self.tr("Restore default"))
        row.addWidget(QLabel(self.tr("Acknowledge dispatches within")))
        row.addWidget(self.hours)
        row.addWidget(self.state)
        row.addWidget(self.save_button)
        row.addWidget(self.reset_button)
        row.addStretch(1)

    def show_limit(self, hours: float, default: bool) -> None:
        self.hours.setValue(hours)
        self.state.setText(self.tr("(default)") if default else self.tr("(set by the district)"))
        self.reset_button.setEnabled(not default)
