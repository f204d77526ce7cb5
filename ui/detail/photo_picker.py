"""Photos a user adds to an action from files: checked when added, shown as thumbnails.

Each file is checked through ``ws.check_photo`` (the same type/size/pixel rules
the service applies on save), so a wrong file is refused at once with the
service's own message; the service checks again when the action is saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.errors import ValidationError
from ui.detail.photo_strip import PATH_ROLE, load_thumbnail, thumbnail_list
from ui.errors import show_error
from ui.plain import plain_label, plain_tip
from ui.tasks import TaskRunner

MAX_PHOTOS = 9  # the usual cap of field apps; the service has none


class PhotoPicker(QWidget):
    """ "Add photos…" plus the chosen files as thumbnails; ``paths()`` is what to send."""

    changed = Signal()

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.add_button = QPushButton(self.tr("Add photos…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setEnabled(False)
        self.count = plain_label()
        self.list = thumbnail_list(self)
        self.list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.list.selectedItems()))
        )
        self.add_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self._paths: list[Path] = []
        self._update_count()

    def choose(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add photos"),
            "",
            self.tr("Photos (*.jpg *.jpeg *.png *.webp);;All files (*)"),
        )
        self.add_files(Path(f) for f in files)

    def add_files(self, files: Iterable[Path | str]) -> None:
        """Check and add files (what the file dialog returns; tests call it directly)."""
        for file in files:
            path = Path(file)
            if path in self._paths:
                continue
            if len(self._paths) >= MAX_PHOTOS:
                message = self.tr("At most {n} photos.").format(n=MAX_PHOTOS)
                show_error(self, ValidationError("too_many_photos", message))
                return
            ws = self.ws

            def check(path: Path = path, ws: Workspace = ws) -> tuple[Path, QImage]:
                ws.check_photo(path)  # raises the service's ValidationError
                return path, load_thumbnail(path)

            self.runner.submit(check, self._add, lambda exc: show_error(self, exc), lane="db")

    def _add(self, result: tuple[Path, QImage]) -> None:
        path, image = result
        if path in self._paths:
            return
        self._paths.append(path)
        item = QListWidgetItem(QIcon(QPixmap.fromImage(image)), "")
        item.setData(PATH_ROLE, str(path))
        item.setToolTip(plain_tip(path.name))
        self.list.addItem(item)
        self._update_count()

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self._paths.remove(Path(item.data(PATH_ROLE)))
            self.list.takeItem(self.list.row(item))
        self._update_count()

    def paths(self) -> list[Path]:
        return list(self._paths)

    def _update_count(self) -> None:
        n = len(self._paths)
        self.count.setText(self.tr("{n} photo(s)").format(n=n) if n else self.tr("No photos yet"))
        self.count.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        self.list.setVisible(bool(n))
        self.changed.emit()
