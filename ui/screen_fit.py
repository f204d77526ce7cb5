"""Window sizes that fit the screen the window is on (a 1366×768 laptop, 150 % scaling).

Windows and dialogs ask for a comfortable size, but never more than the screen's
available area (minus a margin for the window frame and title bar): on a small
screen they open smaller, and their layouts (scroll areas, splitters, wrapping
rows) take the difference. Sizes are in logical pixels, so 1920×1080 at 150 %
counts as 1280×720 here, as Qt lays it out.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# What the window frame and title bar take on a typical desktop (Windows, GNOME).
FRAME_MARGIN = QSize(16, 40)


def available_area(widget: QWidget | None = None) -> QRect:
    """The screen area a window may use: the widget's screen, else the primary one."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window() if parent is not None else widget).screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def usable_size(widget: QWidget | None = None) -> QSize:
    """The largest client size whose frame still fits the available area."""
    area = available_area(widget)
    return QSize(
        max(area.width() - FRAME_MARGIN.width(), 320),
        max(area.height() - FRAME_MARGIN.height(), 240),
    )


def fit_to_screen(widget: QWidget, width: int, height: int) -> QSize:
    """Resize ``widget`` to ``width``×``height``, shrunk to what the screen can show."""
    room = usable_size(widget)
    size = QSize(min(width, room.width()), min(height, room.height()))
    widget.resize(size)
    return size
