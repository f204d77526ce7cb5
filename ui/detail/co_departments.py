"""The 协办 (co-handling) part of the 派遣/改派 form: which departments help, and by when.

One checkbox per department the centre may dispatch to; the lead's own box is disabled
(a lead cannot co-handle its own case). The limit is in working days; 0 gives the
co-departments the lead's limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QGridLayout, QSpinBox, QWidget

from gridapp.domain.co_handling import MAX_CO_LIMIT_DAYS
from gridapp.workspace import DepartmentRecord
from ui.plain import plain_tip

COLUMNS = 3


class CoDepartmentPicker(QWidget):
    """Checkboxes of the possible co-handling departments, in a grid of three columns."""

    def __init__(self, departments: Sequence[DepartmentRecord], parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for i, dept in enumerate(departments):
            box = QCheckBox(dept.short or dept.name)
            box.setToolTip(plain_tip(dept.name))  # a department's name is data
            self.boxes[dept.code] = box
            grid.addWidget(box, i // COLUMNS, i % COLUMNS)

    def set_lead(self, code: str | None) -> None:
        """Disable (and clear) the lead's own box; enable the others."""
        for dept, box in self.boxes.items():
            lead = dept == code
            if lead:
                box.setChecked(False)
            box.setEnabled(not lead)

    def check(self, codes: Iterable[str]) -> None:
        for code in codes:
            if (box := self.boxes.get(code)) is not None and box.isEnabled():
                box.setChecked(True)

    def codes(self) -> list[str]:
        return [c for c, box in self.boxes.items() if box.isChecked() and box.isEnabled()]


def co_limit_field(parent: QWidget) -> QSpinBox:
    """Working days for the co-departments; 0 shows as "same as the lead"."""
    spin = QSpinBox(parent)
    spin.setRange(0, MAX_CO_LIMIT_DAYS)
    spin.setSuffix(QCoreApplication.translate("CoDepartmentPicker", " working day(s)"))
    spin.setSpecialValueText(
        QCoreApplication.translate("CoDepartmentPicker", "Same as the lead department")
    )
    return spin
