"""立案: the shift lead files the case, correcting its category and urgency if needed.

Officers in the street pick the nearest category they can find; the command centre
files under the right one (which also sets the handling time limit), so the dialog
offers the picker pre-set to the reported category. Only what changed is sent.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.domain.case import Urgency
from gridapp.workspace import CaseDetail
from ui.detail.action_dialog import ActionDialog
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
        self.picker.set_category(case.category_code)
        self.form.addRow(self.tr("Category"), self.picker)  # shows 立案/结案条件 of the choice
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
        return None
