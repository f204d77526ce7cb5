"""The toolbar's bell: a button and, at its top right, a red badge with the unread count."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget


class BellButton(QWidget):
    """Opens the notification list; the badge shows how many are unread (hidden at 0).

    The badge sits beside the button's text, raised to its top edge, so it never
    covers the text whatever the language's width.
    """

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notifications_bell")
        self.button = QToolButton()
        self.button.setObjectName("notifications_button")
        self.button.setText(self.tr("Notifications"))
        self.button.setToolTip(self.tr("Notifications: new tasks, urging, deadlines, refusals"))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.setAutoRaise(True)
        self.button.clicked.connect(self.clicked)
        self.badge = QLabel()
        self.badge.setObjectName("notifications_badge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setFixedHeight(16)
        self.badge.setMinimumWidth(16)
        self.badge.setStyleSheet(
            "background:#d32f2f;color:white;border-radius:8px;"
            "font-size:10px;font-weight:bold;padding:0 4px;"
        )
        self.badge.hide()
        column = QVBoxLayout()
        column.setContentsMargins(0, 1, 0, 0)
        column.addWidget(self.badge)
        column.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 4, 0)
        row.setSpacing(0)
        row.addWidget(self.button)
        row.addLayout(column)
        self.count = 0

    def click(self) -> None:
        self.button.click()

    def set_count(self, count: int) -> None:
        self.count = count
        self.setProperty("unread", count)
        self.badge.setText("99+" if count > 99 else str(count))
        self.badge.setVisible(count > 0)
        self.badge.setToolTip(self.tr("{0} unread").format(count))
