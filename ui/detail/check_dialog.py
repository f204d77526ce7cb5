"""核查 (pass, or fail = 返工) and 核实 (the report is true or not), with photos.

For 核查 the officer compares the report's photos (before) with the
department's handling photos (after) side by side, then adds their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.workspace import CaseDetail
from ui.detail.action_dialog import ActionDialog
from ui.detail.photo_picker import PhotoPicker
from ui.detail.photo_strip import BeforeAfter, PhotoStrip
from ui.detail.texts import unit_label, when
from ui.plain import plain_label
from ui.tasks import TaskRunner


class CheckDialog(ActionDialog):
    """Result (pass/fail or true/false), note, photos; before/after for 核查."""

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        detail: CaseDetail,
        action: Action,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ws, runner, detail, action, parent)
        case = detail.case
        checking = action is Action.CHECK
        self.setMinimumWidth(640 if checking else 480)
        self.before_after: BeforeAfter | None = None
        self.report_photos: PhotoStrip | None = None
        if checking:
            self.before_after = BeforeAfter(ws, runner, self)
            self.before_after.set_photos(case.photos, case.handle_photos)
            self.form.addRow(self.before_after)
            if detail.category is not None:
                closing = plain_label(
                    self.tr("Closing condition: {text}").format(
                        text=detail.category.closing_condition
                    )
                )
                closing.setWordWrap(True)
                self.form.addRow(closing)
        else:
            self.report_photos = PhotoStrip(ws, runner, self.tr("Report photos"), self)
            self.report_photos.set_photos(case.photos)
            self.form.addRow(self.report_photos)
            description = plain_label(case.description)
            description.setWordWrap(True)
            self.form.addRow(self.tr("Reported"), description)
        self.passed = QRadioButton(self.tr("Passed") if checking else self.tr("True"))
        self.failed = QRadioButton(self.tr("Failed: rework") if checking else self.tr("Not true"))
        self.result_group = QButtonGroup(self)
        self.result_group.addButton(self.passed)
        self.result_group.addButton(self.failed)
        row = QHBoxLayout()
        row.addWidget(self.passed)
        row.addWidget(self.failed)
        row.addStretch(1)
        self.form.addRow(self.tr("Result*"), row)
        self.rework = QLabel()
        self.rework.setWordWrap(True)
        self.rework.setStyleSheet("color:#8a6d3b;")
        self.rework.hide()
        self.form.addRow(self.rework)
        self.failed.toggled.connect(self._show_rework)
        self.text = self.text_field(self.tr("Note"), self.tr("What you saw on site"))
        self.picker = PhotoPicker(ws, runner, self)
        self.form.addRow(self.tr("Photos"), self.picker)
        self.finish_layout()

    def _show_rework(self, failed: bool) -> None:
        if not failed or self.action is not Action.CHECK:
            self.rework.hide()
            return
        p = self.ws.deadline_preview(self.detail.case)
        self.rework.setText(
            self.tr("Back to the department with a new limit: deadline {at} ({unit})").format(
                at=when(p.deadline), unit=unit_label(p.unit)
            )
        )
        self.rework.show()

    def outcome(self) -> bool | None:
        if self.passed.isChecked():
            return True
        if self.failed.isChecked():
            return False
        return None

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"result": self.outcome()}
        text = self.text.toPlainText().strip()
        if text:
            payload["note"] = text
        return payload

    def photos(self) -> list[Path]:
        return self.picker.paths()

    def problem(self) -> str | None:
        if self.outcome() is None:
            return self.tr("Please choose a result.")
        return None
