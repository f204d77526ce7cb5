"""预警规则: the district's early-warning rules and thresholds, set by an administrator.

The form shows the rules in force on the service (its defaults where none were set);
"Save" sends them with the reason, "Restore defaults" removes the district's setting.
Every laptop receives them with its next reference snapshot.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.domain.warning_rules import MAX_NOTE, WarningRules
from ui.admin.common import AdminTab
from ui.plain import plain_label, set_plain
from ui.tasks import TaskRunner


def _spin(name: str, low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    return box


class WarningRulesTab(AdminTab):
    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ws, runner, parent)
        self.rules: WarningRules | None = None
        self.recurring_on = QCheckBox(self.tr("Recurring problem in a grid"))
        self.recurring_days = _spin("recurring_days", 1, 90)
        self.recurring_min = _spin("recurring_min", 2, 1000)
        self.surge_on = QCheckBox(self.tr("Surge of new cases"))
        self.surge_weeks = _spin("surge_weeks", 1, 26)
        self.surge_ratio = QDoubleSpinBox()
        self.surge_ratio.setObjectName("surge_ratio")
        self.surge_ratio.setRange(1.0, 100.0)
        self.surge_ratio.setSingleStep(0.5)
        self.surge_min = _spin("surge_min", 1, 10000)
        self.surge_grid = QCheckBox(self.tr("Grids"))
        self.surge_community = QCheckBox(self.tr("Communities"))
        self.overdue_on = QCheckBox(self.tr("A department's overdue count keeps rising"))
        self.overdue_days = _spin("overdue_days", 2, 30)
        self.rework_on = QCheckBox(self.tr("A case reworked again and again"))
        self.rework_min = _spin("rework_min", 1, 20)
        self.note = QLineEdit()
        self.note.setObjectName("rules_note")
        self.note.setMaxLength(MAX_NOTE)
        self.note.setPlaceholderText(self.tr("Reason for the change"))
        self.state = plain_label()
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("save_rules")
        self.reset_button = QPushButton(self.tr("Restore defaults"))
        self.reset_button.setObjectName("reset_rules")

        def group(check: QCheckBox, rows: list[tuple[str, QWidget]]) -> QGroupBox:
            box = QGroupBox()
            form = QFormLayout(box)
            form.addRow(check)
            for label, widget in rows:
                form.addRow(label, widget)
            return box

        levels = QWidget()
        level_row = QHBoxLayout(levels)
        level_row.setContentsMargins(0, 0, 0, 0)
        level_row.addWidget(self.surge_grid)
        level_row.addWidget(self.surge_community)
        level_row.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(
            group(
                self.recurring_on,
                [
                    (self.tr("Within days"), self.recurring_days),
                    (self.tr("At least reports"), self.recurring_min),
                ],
            )
        )
        left.addWidget(
            group(
                self.overdue_on, [(self.tr("Rising on each of the last days"), self.overdue_days)]
            )
        )
        left.addWidget(group(self.rework_on, [(self.tr("Failed checks"), self.rework_min)]))
        right = QVBoxLayout()
        right.addWidget(
            group(
                self.surge_on,
                [
                    (self.tr("Weeks compared"), self.surge_weeks),
                    (self.tr("Times the weekly average"), self.surge_ratio),
                    (self.tr("At least new cases"), self.surge_min),
                    (self.tr("For"), levels),
                ],
            )
        )
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.restore_defaults)

    def reload(self) -> None:
        self.run(self.ws.admin.warning_rules, self._show)

    def _show(self, rules: WarningRules) -> None:
        self.rules = rules
        self.recurring_on.setChecked(rules.recurring_on)
        self.recurring_days.setValue(rules.recurring_days)
        self.recurring_min.setValue(rules.recurring_min)
        self.surge_on.setChecked(rules.surge_on)
        self.surge_weeks.setValue(rules.surge_weeks)
        self.surge_ratio.setValue(rules.surge_ratio)
        self.surge_min.setValue(rules.surge_min)
        self.surge_grid.setChecked("grid" in rules.surge_levels)
        self.surge_community.setChecked("community" in rules.surge_levels)
        self.overdue_on.setChecked(rules.overdue_on)
        self.overdue_days.setValue(rules.overdue_days)
        self.rework_on.setChecked(rules.rework_on)
        self.rework_min.setValue(rules.rework_min)
        self.note.setText(rules.note)
        if rules.changed_by:
            said = self.tr("Set by {0} at {1}").format(
                rules.changed_by, rules.changed_at.replace("T", " ")
            )
        else:
            said = self.tr("The default rules are in force.")
        set_plain(self.state, said)
        self.loaded.emit()

    def values(self) -> dict[str, Any]:
        levels = [n for n, box in (("grid", self.surge_grid), ("community", self.surge_community))
                  if box.isChecked()]  # fmt: skip
        return {
            "recurring": {
                "enabled": self.recurring_on.isChecked(),
                "days": self.recurring_days.value(),
                "min_count": self.recurring_min.value(),
            },
            "surge": {
                "enabled": self.surge_on.isChecked(),
                "weeks": self.surge_weeks.value(),
                "ratio": self.surge_ratio.value(),
                "min_count": self.surge_min.value(),
                "levels": levels or ["grid"],
            },
            "overdue_rising": {
                "enabled": self.overdue_on.isChecked(),
                "days": self.overdue_days.value(),
            },
            "rework": {"enabled": self.rework_on.isChecked(), "min_count": self.rework_min.value()},
            "note": self.note.text(),
        }

    def save(self) -> None:
        body = self.values()
        self.run(lambda: self.ws.admin.set_warning_rules(body), self._show, changes=True)

    def restore_defaults(self) -> None:
        def reset() -> WarningRules:
            self.ws.admin.reset_warning_rules()
            return self.ws.admin.warning_rules()

        self.run(reset, self._show, changes=True)
