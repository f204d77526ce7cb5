"""立案: the shift lead files the case, correcting its category and urgency if needed.

Officers in the street pick the nearest category they can find; the command centre
files under the right one (which also sets the handling time limit), so the dialog
offers the picker pre-set to the reported category (and 细类). Only what changed is
sent. Some classes are filed only from a time of day (道路不洁: once the morning
sweeping is over); the dialog says so before the user presses 立案.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.domain.case import Urgency
from gridapp.domain.catalog import Category
from gridapp.workspace import CaseDetail
from ui.detail.action_dialog import ActionDialog
from ui.plain import plain_label
from ui.report.category_picker import CategoryPicker
from ui.tasks import TaskRunner


class FileDialog(ActionDialog):
    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        detail: CaseDetail,
        action: Action = Action.FILE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ws, runner, detail, action, parent)
        case = detail.case
        self.picker = CategoryPicker(ws.catalog, self)
        self.picker.set_category(case.category_code, case.subclass)
        self.form.addRow(self.tr("Category"), self.picker)  # shows 立案/结案条件 of the choice
        self.timing = plain_label()
        self.timing.setObjectName("filing_time")
        self.timing.setWordWrap(True)
        self.form.addRow(self.timing)
        self.picker.category_chosen.connect(self._show_timing)
        self._show_timing(self.picker.category())
        self.urgency = QComboBox()
        self.urgency.addItem(self.tr("Normal"), Urgency.NORMAL)
        self.urgency.addItem(self.tr("Urgent"), Urgency.URGENT)
        self.urgency.setCurrentIndex(max(0, self.urgency.findData(case.urgency)))
        self.form.addRow(self.tr("Urgency"), self.urgency)
        self.text = self.text_field(self.tr("Note"), self.tr("Optional"))
        self.finish_layout()

    def payload(self) -> dict[str, Any]:
        case = self.detail.case
        out: dict[str, Any] = {}
        chosen = self.picker.category()
        if chosen is not None and chosen.code != case.category_code:
            out["category_code"] = chosen.code
            if subclass := self.picker.subclass():
                out["subclass"] = subclass
        elif self.picker.subclass() != case.subclass:
            out["subclass"] = self.picker.subclass()
        urgency = Urgency(self.urgency.currentData())
        if urgency is not Urgency(case.urgency):
            out["urgency"] = urgency.value
        note = self.text.toPlainText().strip()
        if note:
            out["note"] = note
        return out

    def problem(self) -> str | None:
        if self.picker.category() is None:
            return self.tr("Please choose the category to file under.")
        return self._too_early(self.picker.category())

    def _too_early(self, category: Category | None) -> str | None:
        """The service refuses 立案 before the class's hour: say so before trying."""
        if category is None or category.file_after is None:
            return None
        if self.ws.clock().time() >= category.file_after:
            return None
        return self._hour_text(category) + self.tr(" It is {0} now.").format(
            self.ws.clock().strftime("%H:%M")
        )

    def _hour_text(self, category: Category) -> str:
        return self.tr("{name} is filed only after the morning sweeping ends ({time}).").format(
            name=category.name,
            time=category.file_after.strftime("%H:%M") if category.file_after else "",
        )

    def _show_timing(self, category: Category | None) -> None:
        early = self._too_early(category)
        self.timing.setVisible(category is not None and category.file_after is not None)
        if category is not None and category.file_after is not None:
            self.timing.setText(early or self._hour_text(category))
        self.timing.setStyleSheet("color:#c0392b;" if early else "color:#555;")
