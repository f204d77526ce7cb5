"""处置反馈: what the department did, with photos of the result (the "after" for 核查)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.workspace import CaseDetail
from ui.detail.action_dialog import ActionDialog
from ui.detail.photo_picker import PhotoPicker
from ui.detail.texts import when
from ui.plain import plain_label
from ui.tasks import TaskRunner


class HandleDialog(ActionDialog):
    """A required note and the photos of the handled site."""

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        detail: CaseDetail,
        action: Action = Action.HANDLE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ws, runner, detail, action, parent)
        case = detail.case
        if detail.category is not None:
            closing = plain_label(
                self.tr("Closing condition: {text}").format(text=detail.category.closing_condition)
            )
            closing.setWordWrap(True)
            self.form.addRow(closing)
        if case.deadline:
            self.form.addRow(self.tr("Deadline"), QLabel(when(case.deadline)))
        self.text = self.text_field(self.tr("What was done*"), self.tr("Required"))
        self.picker = PhotoPicker(ws, runner, self)
        self.form.addRow(self.tr("Photos"), self.picker)
        self.finish_layout()
        self.text.setFocus()

    def payload(self) -> dict[str, Any]:
        return {"note": self.text.toPlainText().strip()}

    def photos(self) -> list[Path]:
        return self.picker.paths()

    def problem(self) -> str | None:
        if not self.text.toPlainText().strip():
            return self.tr("Please say what was done.")
        return None
