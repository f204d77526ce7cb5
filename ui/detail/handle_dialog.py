"""处置反馈: what the department did, with photos of the result (the "after" for 核查).

Also 协办反馈 (a co-department's own feedback). The lead's 处置反馈 names the 协办
departments whose feedback is not in and asks why (the service refuses it otherwise).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.domain.co_handling import missing_feedback
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
        self.missing = missing_feedback(case.co_departments) if action is Action.HANDLE else ()
        self.co_note: QLineEdit | None = None
        if self.missing:
            names = "、".join(
                d.name if (d := ws.reference.departments.get(c)) else c for c in self.missing
            )
            waiting = plain_label(
                self.tr("No co-handling feedback yet from {depts}").format(depts=names)
            )
            waiting.setWordWrap(True)
            waiting.setStyleSheet("color:#8a6d3b;")
            self.form.addRow(waiting)
            self.co_note = QLineEdit()
            self.co_note.setMaxLength(500)
            self.co_note.setPlaceholderText(self.tr("Required"))
            self.form.addRow(self.tr("Why it is missing*"), self.co_note)
        self.picker = PhotoPicker(ws, runner, self)
        self.form.addRow(self.tr("Photos"), self.picker)
        self.finish_layout()
        self.text.setFocus()

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"note": self.text.toPlainText().strip()}
        if self.co_note is not None:
            payload["co_missing_note"] = self.co_note.text().strip()
        return payload

    def photos(self) -> list[Path]:
        return self.picker.paths()

    def problem(self) -> str | None:
        if not self.text.toPlainText().strip():
            return self.tr("Please say what was done.")
        if self.co_note is not None and not self.co_note.text().strip():
            return self.tr("Please say why the co-handling feedback is missing.")
        return None
