"""What the admin dialogs share: a form over OK/Cancel, and a red line for what is wrong.

OK asks ``problem()`` first: the dialog is accepted only when it says nothing; the
tab that opened it then sends the values on the net lane.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from ui.plain import plain_label


class FormDialog(QDialog):
    def finish(self, form: QFormLayout, *, intro: str | None = None, checked: bool = True) -> None:
        """Lay out ``intro``, ``form``, the problem line (when ``checked``) and OK/Cancel."""
        if checked:
            self.problem = plain_label()
            self.problem.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro is not None:
            layout.addWidget(QLabel(intro))
        layout.addLayout(form)
        if checked:
            layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def problem_text(self) -> str:
        """What keeps the form from being sent ("" when nothing does)."""
        return ""

    def _check_and_accept(self) -> None:
        text = self.problem_text()
        if text:
            self.problem.setText(text)
        else:
            self.accept()
