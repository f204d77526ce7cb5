"""Helpers of the report tests: real photos (with and without EXIF GPS), points, a fake map.

``FakeMap`` stands in for ``ui.map.map_view.MapView`` (built by the maps area at the
same time): same ``point_picked`` signal and ``start_pick``/``cancel_pick`` methods,
so the dialog is tested against the agreed interface without a QtWebEngine page.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from PIL import Image
from PIL.TiffImagePlugin import IFDRational
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

GARBAGE = "020102"  # 暴露垃圾
BIN = "012105"  # 分类垃圾桶 (initials flljt)


class FakeMap(QWidget):
    """The MapView interface the report dialog uses, without a web page."""

    point_picked = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picks: list[tuple[float | None, float | None]] = []
        self.cancelled = 0

    def start_pick(self, lon: float | None = None, lat: float | None = None) -> None:
        self.picks.append((lon, lat))

    def cancel_pick(self) -> None:
        self.cancelled += 1


def _dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60 * 10000)
    return IFDRational(d, 1), IFDRational(m, 1), IFDRational(s, 10000)


def photo(
    path: Path,
    gps: tuple[float, float] | None = None,
    colour: tuple[int, int, int] = (90, 140, 200),
    size: tuple[int, int] = (64, 48),
) -> Path:
    """Write a real JPEG (EXIF GPS at (lon, lat) when given) and return its path."""
    img = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "gridapp-test"
    if gps is not None:
        lon, lat = gps
        exif.get_ifd(0x8825).update({1: "N", 2: _dms(lat), 3: "E", 4: _dms(lon)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    path.write_bytes(buf.getvalue())
    return path


def officer_point(ws, username: str = "wg001", k: int = 0) -> tuple[float, float]:
    """A point well inside the ``k``-th grid of an officer."""
    user = ws.reference.user(username)
    grid = ws.reference.grids[sorted(user.grid_codes)[k]]
    p = grid.polygon.representative_point()
    return p.x, p.y


def moved(point: tuple[float, float], east_m: float) -> tuple[float, float]:
    """The point ``east_m`` metres further east (small distances)."""
    lon, lat = point
    return lon + east_m / (111_320 * math.cos(math.radians(lat))), lat


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` as key events carrying the characters (what an input method sends).

    ``qtbot.keyClicks`` only knows ASCII (Qt asserts on anything else), and the
    users type Chinese.
    """
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )
