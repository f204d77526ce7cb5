"""A photo at full size (scaled to the screen), opened from a thumbnail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.screen_fit import fit_to_screen


class PhotoViewer(QDialog):
    """Shows one photo file; large photos are scaled down to fit, never cropped."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Photo"))
        self.path = path
        pixmap = QPixmap(str(path))
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if pixmap.isNull():
            self.image.setText(self.tr("This photo cannot be shown."))
        else:
            screen = self.screen().availableGeometry() if self.screen() else None
            max_w = int(screen.width() * 0.8) if screen else 1024
            max_h = int(screen.height() * 0.8) if screen else 768
            if pixmap.width() > max_w or pixmap.height() > max_h:
                pixmap = pixmap.scaled(
                    max_w,
                    max_h,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            self.image.setPixmap(pixmap)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        fit_to_screen(self, min(pixmap.width() + 40, 1100), min(pixmap.height() + 80, 800))
