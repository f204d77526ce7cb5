"""Photos of a new case: add from files, see thumbnails, remove; refuse bad files at once.

A wrong file (not an image, too big) is refused when it is added, with its name and
the reason, so the officer finds out on the street rather than at save time; the
photos already in the list are never touched by a refusal. Reading, checking and
decoding run off the GUI thread (a 20 MB photo takes a noticeable moment to decode).
A photo carrying EXIF GPS offers its location for the case's point.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.errors import GridappError
from ui.error_texts import error_text
from ui.plain import plain_label, plain_tip
from ui.tasks import TaskRunner

THUMB = QSize(96, 96)
LANE = "photos"  # decoding must not wait behind (or hold up) the db lane
# Mirrors gridapp.store.files; only used when the facade has no ws.check_photo.
FALLBACK_MAX_BYTES = 20 * 1024 * 1024
FALLBACK_FORMATS = {b"jpeg", b"jpg", b"png", b"webp"}
PATH_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Photo:
    """A checked photo ready to be saved with the case (bytes kept: the card may go)."""

    path: Path
    data: bytes
    sha256: str
    gps: tuple[float, float] | None
    thumb: QImage


class PhotoRefused(Exception):
    """A file that cannot be a case photo; the message says why, for the user."""


def load_photo(ws: Workspace, path: Path) -> Photo:
    """Check, read and thumbnail one file (runs on a worker thread; no widgets here)."""
    check = getattr(ws, "check_photo", None)
    try:
        if check is not None:
            check(path)  # the service's own rules: type, size, pixels
        data = path.read_bytes()
    except GridappError as exc:
        raise PhotoRefused(error_text(exc)) from exc
    except OSError as exc:
        why = QCoreApplication.translate("PhotoList", "cannot read the file ({0})")
        raise PhotoRefused(why.format(exc.strerror)) from exc
    if check is None and len(data) > FALLBACK_MAX_BYTES:
        raise PhotoRefused(
            QCoreApplication.translate(
                "PhotoList", "too big ({0:.1f} MB); the limit is {1} MB"
            ).format(len(data) / 1048576, FALLBACK_MAX_BYTES // 1048576)
        )
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # phones store portrait shots rotated by EXIF
    fmt = bytes(reader.format().data()).lower()
    if not reader.canRead() or (check is None and fmt not in FALLBACK_FORMATS):
        why = QCoreApplication.translate("PhotoList", "not a photo (JPEG, PNG or WebP expected)")
        raise PhotoRefused(why)
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio))
    thumb = reader.read()
    if thumb.isNull():
        why = QCoreApplication.translate("PhotoList", "the image cannot be decoded ({0})")
        raise PhotoRefused(why.format(reader.errorString()))
    try:
        gps = ws.point_from_photo(data)
    except GridappError:
        gps = None  # a broken GPS block must not refuse an otherwise good photo
    return Photo(path, data, hashlib.sha256(data).hexdigest(), gps, thumb)


class PhotoList(QWidget):
    """Thumbnails of the photos to save; ``use_location(lon, lat)`` when asked to."""

    photos_changed = Signal()
    busy_changed = Signal(bool)
    use_location = Signal(float, float)

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self._photos: dict[str, Photo] = {}  # by sha256, in the order added
        self._loading = 0

        self.list = QListWidget()
        self.list.setObjectName("photo_list")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setMinimumHeight(THUMB.height() + 40)
        self.list.currentItemChanged.connect(self._update_buttons)
        remove_key = QShortcut(QKeySequence.StandardKey.Delete, self.list)
        remove_key.activated.connect(self.remove_selected)

        self.add_button = QPushButton(self.tr("Add photos…"))
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.location_button = QPushButton(self.tr("Use the photo's location"))
        self.location_button.setObjectName("use_photo_location")
        self.location_button.clicked.connect(self._use_location)
        for button in (self.add_button, self.remove_button, self.location_button):
            button.setAutoDefault(False)

        self.message = plain_label()
        self.message.setObjectName("photo_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.location_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._update_buttons()

    # -- reading ----------------------------------------------------------------------------

    def photos(self) -> list[Photo]:
        return list(self._photos.values())

    def is_busy(self) -> bool:
        """True while files are still being checked (the dialog waits before saving)."""
        return self._loading > 0

    def location(self) -> tuple[float, float] | None:
        """The GPS point of the selected photo, else of the first photo that has one."""
        item = self.list.currentItem()
        if item is not None and (photo := self._photos.get(item.data(PATH_ROLE))) and photo.gps:
            return photo.gps
        return next((p.gps for p in self._photos.values() if p.gps), None)

    # -- adding -----------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add photos"),
            "",
            self.tr("Photos (*.jpg *.jpeg *.png *.webp);;All files (*)"),
        )
        self.add_files(paths)

    def add_files(self, paths: Iterable[Path | str]) -> None:
        """Check and add each file off the GUI thread; refusals are listed, never fatal."""
        self.message.clear()
        for raw in paths:
            path = Path(raw)
            self._set_loading(+1)
            self.runner.submit(
                lambda path=path: load_photo(self.ws, path),
                self._added,  # its widget owns the task: a closed dialog gets nothing
                lambda exc, path=path: self._refused(path, exc),
                lane=LANE,
            )

    def _set_loading(self, delta: int) -> None:
        was = self.is_busy()
        self._loading += delta
        if was != self.is_busy():
            self.busy_changed.emit(self.is_busy())

    def _added(self, photo: Photo) -> None:
        self._set_loading(-1)
        if photo.sha256 in self._photos:
            self._say(self.tr("{0}: this photo is already in the list").format(photo.path.name))
            return
        self._photos[photo.sha256] = photo
        item = QListWidgetItem(QIcon(QPixmap.fromImage(photo.thumb)), photo.path.name)
        item.setData(PATH_ROLE, photo.sha256)
        tip = f"{photo.path}\n{len(photo.data) / 1024:.0f} KB"
        if photo.gps:
            tip += "\n" + self.tr("Location: {0:.6f}, {1:.6f}").format(*photo.gps)
        item.setToolTip(plain_tip(tip))
        self.list.addItem(item)
        if photo.gps:
            self.list.setCurrentItem(item)
        self._update_buttons()
        self.photos_changed.emit()

    def _refused(self, path: Path, exc: BaseException) -> None:
        self._set_loading(-1)
        reason = str(exc) if isinstance(exc, PhotoRefused) else type(exc).__name__
        self._say(self.tr("{0} was not added: {1}").format(path.name, reason))

    def _say(self, text: str) -> None:
        old = self.message.text()
        self.message.setText(f"{old}\n{text}" if old else text)

    # -- removing and location --------------------------------------------------------------

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self._photos.pop(item.data(PATH_ROLE), None)
        self.list.takeItem(self.list.row(item))
        self._update_buttons()
        self.photos_changed.emit()

    def clear(self) -> None:
        self._photos.clear()
        self.list.clear()
        self.message.clear()
        self._update_buttons()
        self.photos_changed.emit()

    def _use_location(self) -> None:
        if (point := self.location()) is not None:
            self.use_location.emit(*point)

    def _update_buttons(self, *_: object) -> None:
        self.remove_button.setEnabled(self.list.currentItem() is not None)
        point = self.location()
        self.location_button.setVisible(point is not None)
        if point is not None:
            self.location_button.setToolTip(f"{point[0]:.6f}, {point[1]:.6f}")
