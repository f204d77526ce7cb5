"""Helpers for the case-detail tests: a view on a real store, dialogs driven like a user."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gridapp.domain.actions import Action
from ui.detail import action_dialog, case_detail_view, merge_dialog, photo_picker
from ui.detail.action_dialog import ActionDialog
from ui.detail.case_detail_view import CaseDetailView
from ui.tasks import TaskRunner

ERROR_MODULES = (action_dialog, case_detail_view, merge_dialog, photo_picker)


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Every exception the detail area would show to the user, instead of a message box."""
    shown: list[BaseException] = []
    for module in ERROR_MODULES:
        monkeypatch.setattr(module, "show_error", lambda _parent, exc: shown.append(exc))
    return shown


def make_view(qtbot, ws, runner: TaskRunner | None = None) -> CaseDetailView:
    view = CaseDetailView(ws, runner or TaskRunner(inline=True))
    qtbot.addWidget(view)
    view.resize(900, 900)
    view.show()
    return view


def open_case(qtbot, view: CaseDetailView, user: str, case_id: str) -> CaseDetailView:
    """Log in as ``user`` (demo shortcut) and show the case, as the main window would."""
    view.ws.act_as(user)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.show_case(case_id)
    return view


def buttons(view: CaseDetailView) -> list[Action]:
    return list(view.action_buttons)


def click_action(qtbot, view: CaseDetailView, action: Action) -> ActionDialog:
    button = view.action_buttons[action]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.action is action and dialog.isVisible()
    return dialog


def type_text(qtbot, widget, text: str) -> None:
    """Type like a keyboard/input method: QTest.keyClicks aborts on CJK characters,
    so each character goes as a key event carrying its text."""
    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def click_ok(qtbot, dialog: ActionDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def act_through(qtbot, view, user, case_id, action, note: str | None = None, photos=()):
    """Open the case as ``user``, click the action, type the note/reason, add photos, OK."""
    open_case(qtbot, view, user, case_id)
    dialog = click_action(qtbot, view, action)
    if note is not None:
        type_text(qtbot, dialog.text, note)
    if photos:
        dialog.picker.add_files(photos)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    return dialog


def photo_file(tmp_path: Path, name: str, color=(200, 30, 30)) -> Path:
    from tests.core.helpers import png

    path = tmp_path / name
    path.write_bytes(png(color, size=64))
    return path
