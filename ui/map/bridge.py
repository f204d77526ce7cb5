"""The QWebChannel object the page calls back into (registered as ``bridge``)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot


class MapBridge(QObject):
    """Slots for JavaScript; each re-emits as a Qt signal for the MapView."""

    page_ready = Signal(str)  # the page's query string: which load of the page it is
    view_changed = Signal(float, float, float, float, float)  # zoom, west, south, east, north
    case_clicked = Signal(str)
    point_clicked = Signal(float, float)  # displayed lat, lng (GCJ-02 on a GCJ-02 source)
    cases_shown = Signal(int)
    grid_clicked = Signal(str)  # a choropleth's grid (its code)

    @Slot(str)
    def pageReady(self, search: str) -> None:
        """``search`` is the page's ``location.search`` (``?p=<n>``), so the view can tell
        a ready page from one it has since replaced."""
        self.page_ready.emit(search)

    @Slot(float, float, float, float, float)
    def viewChanged(
        self, zoom: float, west: float, south: float, east: float, north: float
    ) -> None:
        """What the page shows (displayed coordinates, a little wider than the window)."""
        self.view_changed.emit(zoom, west, south, east, north)

    @Slot(str)
    def caseClicked(self, case_id: str) -> None:
        self.case_clicked.emit(case_id)

    @Slot(float, float)
    def pointPicked(self, lat: float, lng: float) -> None:
        self.point_clicked.emit(lat, lng)

    @Slot(int)
    def casesShown(self, count: int) -> None:
        self.cases_shown.emit(count)

    @Slot(str)
    def gridClicked(self, code: str) -> None:
        self.grid_clicked.emit(code)
