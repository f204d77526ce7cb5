"""Where the case is: longitude/latitude (typed, picked on the map or from a photo),
and the unit grid, community and street that point falls in.

The grid decides who sees and handles the case, so it is never typed: it is looked
up from the point (``ws.locate``, an in-memory index lookup, fast enough for the GUI
thread) and a point outside every grid is said plainly before the user tries to save.
Coordinates are WGS-84, as stored; the map does any GCJ-02 shifting for display.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gridapp import Workspace
from gridapp.domain.geo import Grid
from ui.plain import plain_label


class LocationBox(QWidget):
    """Point fields + located grid; emits ``point_changed`` with (lon, lat) or None."""

    point_changed = Signal(object)
    pick_requested = Signal()

    def __init__(self, ws: Workspace, *, can_pick: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._point: tuple[float, float] | None = None
        self._grid: Grid | None = None

        self.lon_edit = QLineEdit()
        self.lon_edit.setObjectName("lon")
        self.lon_edit.setPlaceholderText(self.tr("Longitude, e.g. 117.870000"))
        self.lon_edit.setValidator(_validator(-180.0, 180.0, self))
        self.lat_edit = QLineEdit()
        self.lat_edit.setObjectName("lat")
        self.lat_edit.setPlaceholderText(self.tr("Latitude, e.g. 36.800000"))
        self.lat_edit.setValidator(_validator(-90.0, 90.0, self))
        for edit in (self.lon_edit, self.lat_edit):
            edit.editingFinished.connect(self._typed)
            # Never clipped: room for "-179.1234567" whatever the font and the pane width.
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("-179.1234567") + 16)

        self.pick_button = QPushButton(self.tr("Pick on map"))
        self.pick_button.setObjectName("pick_on_map")
        self.pick_button.setAutoDefault(False)
        self.pick_button.setVisible(can_pick)
        self.pick_button.clicked.connect(self.pick_requested)

        self.origin = QLabel()
        self.origin.setObjectName("point_origin")
        self.grid_label = plain_label("—")
        self.grid_label.setObjectName("grid")
        self.community_label = plain_label("—")
        self.community_label.setObjectName("community")
        self.street_label = plain_label("—")
        self.street_label.setObjectName("street")
        self.error = plain_label()
        self.error.setObjectName("point_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.hide()
        for edit in (self.lon_edit, self.lat_edit):  # and the whole hint of what to type
            hint = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 16
            edit.setMinimumWidth(max(edit.minimumWidth(), hint))

        coords = QHBoxLayout()
        coords.addWidget(self.lon_edit)
        coords.addWidget(self.lat_edit)
        source = QHBoxLayout()  # the button on the line below: the numbers keep the width
        source.addWidget(self.pick_button)
        source.addWidget(self.origin, 1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Point (lon, lat)"), coords)
        form.addRow("", source)
        form.addRow(self.tr("Grid"), self.grid_label)
        form.addRow(self.tr("Community"), self.community_label)
        form.addRow(self.tr("Street / town"), self.street_label)
        form.addRow("", self.error)

    # -- reading ----------------------------------------------------------------------------

    def point(self) -> tuple[float, float] | None:
        return self._point

    def grid(self) -> Grid | None:
        return self._grid

    # -- setting ----------------------------------------------------------------------------

    def set_point(self, lon: float, lat: float, origin: str = "") -> None:
        """Take a point from the map, a photo or a draft; fill in grid, community, street."""
        self.lon_edit.setText(f"{lon:.6f}")
        self.lat_edit.setText(f"{lat:.6f}")
        self.origin.setText(origin)
        self._apply(lon, lat)

    def clear(self) -> None:
        self.lon_edit.clear()
        self.lat_edit.clear()
        self.origin.clear()
        self._apply(None, None)

    def _typed(self) -> None:
        lon, lat = _number(self.lon_edit.text()), _number(self.lat_edit.text())
        if lon is None and lat is None and self._point is None:
            return
        if self._point is not None and (lon, lat) == tuple(float(f"{v:.6f}") for v in self._point):
            return  # focus left a field without a change (the shown value is rounded)
        self.origin.setText(self.tr("typed in"))
        self._apply(lon, lat)

    def _apply(self, lon: float | None, lat: float | None) -> None:
        old = self._point
        self._grid = None
        self.error.hide()
        if lon is None or lat is None:
            self._point = None
            texts = (self.lon_edit.text().strip(), self.lat_edit.text().strip())
            if any(t and _number(t) is None for t in texts):  # an empty one: still typing
                self._show_error(self.tr("Type both longitude and latitude as decimal degrees."))
        elif not (-180 <= lon <= 180 and -90 <= lat <= 90):
            self._point = None
            self._show_error(self.tr("Longitude must be within ±180 and latitude within ±90."))
        else:
            self._point = (lon, lat)
            self._grid = self.ws.locate(lon, lat)
            if self._grid is None:
                self._show_error(
                    self.tr(
                        "This point is outside every unit grid of the district. "
                        "Pick a point inside a grid."
                    )
                )
        grid = self._grid
        self.grid_label.setText(f"{grid.code}  {grid.name}" if grid else "—")
        self.community_label.setText(grid.community_name if grid else "—")
        self.street_label.setText(grid.street_name if grid else "—")
        if self._point != old:
            self.point_changed.emit(self._point)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


def _validator(low: float, high: float, parent: QWidget) -> QDoubleValidator:
    """Decimal degrees with a point whatever the locale (a German "," would refuse them)."""
    validator = QDoubleValidator(low, high, 7, parent)
    validator.setLocale(QLocale.c())
    validator.setNotation(QDoubleValidator.Notation.StandardNotation)
    return validator


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace("，", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None
