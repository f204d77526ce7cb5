"""Reset a user's password: typed twice, sent once (the service hashes it, Argon2id)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from gridapp import Workspace
from ui.admin.form_dialog import FormDialog


class PasswordDialog(FormDialog):
    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username = username
        self.setWindowTitle(self.tr("Reset password of %1").replace("%1", username))
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("New password"), self.password)
        form.addRow(self.tr("Repeat"), self.repeat)
        self.finish(
            form,
            intro=self.tr("The user's sessions end; they log in again with the new password."),
        )

    def problem_text(self) -> str:
        problem = Workspace.password_problem(self.password.text(), self.username)
        if problem:
            return problem  # the service's own rule and message (Chinese)
        if self.password.text() != self.repeat.text():
            return self.tr("The two passwords differ.")
        return ""
