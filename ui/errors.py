"""Showing errors to the user: one function, so nothing is swallowed or shown twice."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from gridapp.errors import GridappError
from ui.error_texts import code_text, error_text

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, GridappError):
        text = error_text(exc)
        detail = code_text(exc)
    else:
        log.error("unexpected error", exc_info=exc)
        text = QWidget.tr("Something went wrong. The details were written to the log.")
        detail = type(exc).__name__
    box = QMessageBox(QMessageBox.Icon.Warning, "gridapp", text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a message may quote what a user typed
    box.setInformativeText(detail)
    box.open()
