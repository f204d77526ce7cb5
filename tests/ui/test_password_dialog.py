"""The admin's password dialog says the service's own password rule before sending."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from gridapp import Workspace
from ui.admin.password_dialog import PasswordDialog


def _ok(dialog: PasswordDialog, password: str, repeat: str | None = None) -> str:
    dialog.password.setText(password)
    dialog.repeat.setText(password if repeat is None else repeat)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog.problem.text()


def test_weak_passwords_are_named_and_a_good_one_is_accepted(qtbot) -> None:
    dialog = PasswordDialog("wg001")
    qtbot.addWidget(dialog)
    dialog.open()
    for weak in ("short", "         ", "woaini1314", "password1", "WG001-2026"):
        text = _ok(dialog, weak)
        assert text and text == Workspace.password_problem(weak, "wg001"), weak
        assert dialog.result() != QDialog.DialogCode.Accepted
    assert "常见" in _ok(dialog, "qq123456")
    assert "用户名" in _ok(dialog, "Wg001wg001")
    _ok(dialog, "Kx9-river-lamp")
    assert dialog.result() == QDialog.DialogCode.Accepted
