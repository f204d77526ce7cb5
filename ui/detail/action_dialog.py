"""What every action dialog shares: the case header, the form, OK/Cancel, the act call.

A dialog does its own ``ws.act`` on the ``db`` lane and stays open when the
service refuses, so the user can fix the input instead of retyping it; on
success it emits ``acted(Changes)`` and closes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.workspace import CaseDetail, Changes
from ui.detail.texts import action_label
from ui.errors import show_error
from ui.plain import escaped, plain_label
from ui.tasks import TaskRunner


class ActionDialog(QDialog):
    """Base of the action dialogs; subclasses fill ``self.form`` and say the payload."""

    acted = Signal(object)  # Changes returned by ws.act

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        detail: CaseDetail,
        action: Action,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.detail, self.action = ws, runner, detail, action
        self.changes: Changes | None = None
        case = detail.case
        self.setWindowTitle(f"{action_label(action)} — {case.number}")
        self.setMinimumWidth(460)
        header = QLabel(  # rich text on purpose (bold, grey); every part escaped
            f"<b>{escaped(action_label(action))}</b>　{escaped(case.number)}<br>"
            f"<span style='color:#555'>{escaped(_category(detail))}　"
            f"{escaped(case.address or detail.grid_name)}</span>"
        )
        header.setTextFormat(Qt.TextFormat.RichText)
        header.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.message = plain_label()  # what is missing, in red, above the buttons
        self.message.setStyleSheet("color:#c0392b;")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(action_label(action))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(QCoreApplication.translate("ActionDialog", "Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(header)
        self.body.addLayout(self.form)

    def finish_layout(self) -> None:
        """Subclasses call this last, after adding their own widgets."""
        self.body.addWidget(self.message)
        self.body.addWidget(self.buttons)

    # -- what subclasses say --------------------------------------------------------------

    def payload(self) -> dict[str, Any]:
        return {}

    def photos(self) -> list[Path]:
        return []

    def problem(self) -> str | None:
        """A message when the form is not complete yet (checked before calling the service)."""
        return None

    # -- helpers for subclasses --------------------------------------------------------

    def text_field(self, label: str, placeholder: str = "") -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(72)
        self.form.addRow(label, edit)
        return edit

    # -- acting ----------------------------------------------------------------------------

    def submit(self) -> None:
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            self.message.show()
            return
        self.message.hide()
        ws, case_id, action = self.ws, self.detail.case.id, self.action
        payload, photos = self.payload(), self.photos()
        self.ok.setEnabled(False)
        self.runner.submit(
            lambda: ws.act(case_id, action, payload, photos),
            self._done,
            self._failed,
            lane="db",
        )

    def _done(self, changes: Changes) -> None:
        self.changes = changes
        self.acted.emit(changes)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        show_error(self, exc)


def _category(detail: CaseDetail) -> str:
    if detail.category is None:
        return detail.case.category_code
    return f"{detail.category.code} {detail.category.name}"
