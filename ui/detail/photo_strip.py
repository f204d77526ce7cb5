"""Rows of photo thumbnails, loaded off the GUI thread, and the before/after pair.

A case's photos may not be on this laptop yet: ``ws.photo_file`` downloads them
on first view, so each thumbnail is fetched and scaled on the ``net`` lane and
only turned into a pixmap on the GUI thread (QPixmap is GUI-thread only).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from ui.detail.photo_viewer import PhotoViewer
from ui.plain import plain_tip
from ui.tasks import TaskRunner

THUMB = 96
PATH_ROLE = Qt.ItemDataRole.UserRole
SHA_ROLE = Qt.ItemDataRole.UserRole + 1
LOADED_ROLE = Qt.ItemDataRole.UserRole + 2


def placeholder_icon() -> QIcon:
    """A grey square while a thumbnail loads (or when the photo is not available)."""
    pixmap = QPixmap(THUMB, THUMB)
    pixmap.fill(QColor("#d8d8d8"))
    return QIcon(pixmap)


def load_thumbnail(path: Path, size: int = THUMB) -> QImage:
    """Decode a photo already scaled down (cheap for big JPEGs); null image if unreadable."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid() and (full.width() > size or full.height() > size):
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


def thumbnail_list(parent: QWidget | None = None) -> QListWidget:
    """A one-row icon list: the common look of every photo row."""
    view = QListWidget(parent)
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setIconSize(QSize(THUMB, THUMB))
    view.setGridSize(QSize(THUMB + 10, THUMB + 10))
    view.setUniformItemSizes(True)
    view.setFlow(QListView.Flow.LeftToRight)
    view.setWrapping(False)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setMovement(QListView.Movement.Static)
    view.setFixedHeight(THUMB + 32)  # one row plus a horizontal scroll bar
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return view


class PhotoStrip(QWidget):
    """A titled row of a case's photos (by SHA-256); a click opens the photo large."""

    loaded = Signal()  # every thumbnail of the last set_photos is in place

    def __init__(
        self, ws: Workspace, runner: TaskRunner, title: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight:bold;")
        self.empty = QLabel(self.tr("No photos"))
        self.empty.setStyleSheet("color:#777;")
        self.list = thumbnail_list(self)
        self.list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to select: a click opens
        self.list.itemClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        self.shas: tuple[str, ...] = ()
        self._generation = 0
        self._pending = 0
        self.viewer: PhotoViewer | None = None
        self.set_photos(())

    def set_photos(self, shas: Sequence[str]) -> None:
        self._generation += 1
        generation = self._generation
        self.shas = tuple(shas)
        self.list.clear()
        self.empty.setVisible(not self.shas)
        self.list.setVisible(bool(self.shas))
        self._pending = len(self.shas)
        if not self.shas:
            self.loaded.emit()
        for n, sha in enumerate(self.shas):
            item = QListWidgetItem(placeholder_icon(), "")
            item.setToolTip(self.tr("Loading…"))
            item.setData(SHA_ROLE, sha)
            self.list.addItem(item)
            ws = self.ws

            def fetch(sha: str = sha, ws: Workspace = ws) -> tuple[Path | None, QImage | None]:
                path = ws.photo_file(sha)
                return path, load_thumbnail(path) if path else None

            self.runner.submit(
                fetch,
                lambda result, n=n, g=generation: self._show(g, n, result),
                lambda exc, n=n, g=generation: self._show(g, n, (None, None)),
                lane="net",
            )

    def _show(self, generation: int, row: int, result: tuple[Path | None, QImage | None]) -> None:
        if generation != self._generation:
            return  # a newer set of photos replaced this one
        path, image = result
        item = self.list.item(row)
        if path is None or image is None or image.isNull():
            item.setToolTip(self.tr("Not available"))
        else:
            item.setIcon(QIcon(QPixmap.fromImage(image)))
            item.setData(LOADED_ROLE, True)
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(plain_tip(path.name))
        self._pending -= 1
        if self._pending == 0:
            self.loaded.emit()

    def thumbnail_count(self) -> int:
        """How many thumbnails show a picture (tests and the screenshot run)."""
        return sum(1 for i in range(self.list.count()) if not self.list.item(i).icon().isNull())

    def _open(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if not path:
            return
        self.viewer = PhotoViewer(Path(path), self)
        self.viewer.open()


class BeforeAfter(QWidget):
    """Report photos (before) beside handling photos (after): what 核查 compares."""

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.before = PhotoStrip(ws, runner, self.tr("Before (report)"), self)
        self.after = PhotoStrip(ws, runner, self.tr("After (handling)"), self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.before, 1)
        layout.addWidget(self.after, 1)

    def set_photos(self, before: Sequence[str], after: Sequence[str]) -> None:
        self.before.set_photos(before)
        self.after.set_photos(after)
