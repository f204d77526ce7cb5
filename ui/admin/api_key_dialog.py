"""The API key of an integration client, shown the one time the service gives it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ApiKeyDialog(QDialog):
    def __init__(self, client_name: str, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("API key"))
        intro = QLabel(
            self.tr(
                "The API key of %1. Copy it now and give it to the system's operator:"
                " it is not stored and cannot be shown again."
            ).replace("%1", client_name)
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)  # the name is an admin's text
        intro.setWordWrap(True)
        self.key = QLineEdit(key)
        self.key.setReadOnly(True)
        self.key.setMinimumWidth(420)
        self.copy = QPushButton(self.tr("Copy"))
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(key))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.key)
        layout.addWidget(self.copy)
        layout.addWidget(buttons)
