"""MapView: the folium-built Leaflet page in a QWebEngineView, fed with JSON.

The page is built once (``ws.maps.page_file``) and loaded from a file; grids, the
cases of the current view (``ui.map.case_layer``: clustered in Python) and the base
tile layer are pushed with ``runJavaScript`` and never reload the page. The page
answers through a QWebChannel bridge (view changed, marker clicked, point picked,
cases shown). A small toolbar above it fits the view, opens the base-map dialog and
toggles the legend.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAction
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QToolBar, QVBoxLayout, QWidget

from gridapp import Workspace
from gridapp.domain.case import CaseState
from gridapp.errors import DomainError
from gridapp.maps.cluster import js_value
from gridapp.maps.tiles import TileSource
from gridapp.workspace import CaseQuery, Changes
from ui.labels import state_label
from ui.map.bridge import MapBridge
from ui.map.case_layer import CaseLayer
from ui.map.schemes import mbtiles_handler

log = logging.getLogger(__name__)


_js = js_value


class MapPage(QWebEnginePage):
    """Collects JavaScript console errors (a healthy page has none)."""

    def __init__(self, profile: QWebEngineProfile, parent: QWidget | None = None) -> None:
        super().__init__(profile, parent)
        self.errors: list[str] = []

    def javaScriptConsoleMessage(
        self, level: QWebEnginePage.JavaScriptConsoleMessageLevel, message: str, line: int, src: str
    ) -> None:
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            self.errors.append(f"{src}:{line}: {message}")
            log.warning("map page: %s (%s:%s)", message, src, line)


class MapView(QWidget):
    ready = Signal()
    case_clicked = Signal(str)
    point_picked = Signal(float, float)  # stored WGS-84 lon, lat
    cases_shown = Signal(int)  # cases on the map after show_cases (a first view drawn)
    tile_source_changed = Signal(object)  # TileSource, once the page shows it
    grid_clicked = Signal(str)  # a grid of the choropleth (show_choropleth) was clicked

    def __init__(
        self,
        ws: Workspace | None,
        runner: Any,
        parent: QWidget | None = None,
        *,
        toolbar: bool = True,
    ) -> None:
        """``ws`` None: a view made before the store is open (``early_load``), given its
        workspace by ``attach`` before anything else is asked of it."""
        super().__init__(parent)
        self.ws: Workspace = ws  # type: ignore[assignment]  # None only until attach
        self.runner = runner
        self.profile = QWebEngineProfile.defaultProfile()
        self.view = QWebEngineView(self)
        self.page = MapPage(self.profile, self.view)
        settings = self.page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        self._allow_remote(False)
        self.view.setPage(self.page)
        self.bridge = MapBridge(self)
        self.channel = QWebChannel(self.page)
        self.channel.registerObject("bridge", self.bridge)
        self.page.setWebChannel(self.channel)
        self.bridge.page_ready.connect(self._on_page_ready)
        self.cases = CaseLayer(self)
        self.bridge.view_changed.connect(self.cases.view_changed)
        self.bridge.case_clicked.connect(self.cases.clicked)
        self.bridge.case_clicked.connect(self.case_clicked)
        self.bridge.point_clicked.connect(self._on_point_clicked)
        self.bridge.cases_shown.connect(self.cases_shown)
        self.bridge.grid_clicked.connect(self.grid_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.toolbar = self._make_toolbar()
        self.toolbar.setVisible(toolbar)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view)
        self.source = TileSource()
        self._layer: dict | None = None  # the base layer options the page shows
        self._legend_on = True
        self._pick_point: tuple[float, float] | None = None  # WGS-84, while picking
        self._cases_shown = False
        self.is_ready = False
        self.page_path = None
        self._query: CaseQuery | None = None
        self._wanted = False  # show_cases asked before the page was ready
        self._after_ready: list[Callable[[], None]] = []
        self._page_number = 0  # counts page loads: a late answer for an old page is dropped
        self._choropleth: dict[str, Any] | None = None  # kept over a reload of the page
        self._grids: tuple[str, str, str, str] | None = None  # read for the loading page
        self._page_loaded = False  # the loading page said it is ready
        self._early_page: Path | None = None  # loaded by early_load, before the store

    def _make_toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.setIconSize(QSize(16, 16))
        bar.setMovable(False)
        self.scope_action = QAction(self.tr("My area"), self)
        self.scope_action.setToolTip(self.tr("Back to the area this account works in"))
        self.scope_action.triggered.connect(self.fit_scope)
        self.fit_action = QAction(self.tr("Fit all"), self)
        self.fit_action.setToolTip(self.tr("Show every grid"))
        self.fit_action.triggered.connect(self.fit_all)
        self.base_action = QAction(self.tr("Base map…"), self)
        self.base_action.setToolTip(self.tr("Choose the base map under the grids"))
        self.base_action.triggered.connect(self.choose_tile_source)
        self.legend_action = QAction(self.tr("Legend"), self)
        self.legend_action.setCheckable(True)
        self.legend_action.setChecked(True)
        self.legend_action.toggled.connect(self.set_legend_visible)
        for action in (self.scope_action, self.fit_action, self.base_action, self.legend_action):
            bar.addAction(action)
        return bar

    def _allow_remote(self, on: bool) -> None:
        """Let the file:// page load remote images only while an online XYZ source is
        shown (Qt blocks them otherwise, whatever the page's CSP says). The CSP still
        keeps scripts, styles and fetches local."""
        self.page.settings().setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, on
        )

    @property
    def js_errors(self) -> list[str]:
        return self.page.errors

    # -- loading ---------------------------------------------------------------------

    def load(self, *, at_once: bool = False) -> None:
        """Build (once) and load the page for the configured tile source; the cases
        shown before are shown again once the new page is ready.

        ``at_once`` builds on the calling thread: the main window asks so while it is
        still being built, so that the page loads in the browser process meanwhile
        (a returning user's page is already on disk: a few milliseconds).
        """
        self.is_ready = False
        self._wanted = self._wanted or self._cases_shown

        def build() -> tuple[tuple[TileSource, Any, Any], Any]:
            return self._open_source(self.ws.maps.tile_source()), self.ws.maps.page_file()

        if at_once:
            try:
                result = build()
            except Exception as exc:  # shown like a failed background build
                self._failed(exc)
                return
            self._load_page(result)
            return
        self.runner.submit(build, self._load_page, self._failed, lane="db")

    def _open_source(self, source: TileSource) -> tuple[TileSource, Any, Any]:
        """(source, its layer options, MBTiles reader); a file that has gone bad since
        it was chosen shows no base tiles rather than no map."""
        try:
            layer = self.ws.maps.base_layer(source)
            reader = self.ws.maps.open_mbtiles(source)
        except DomainError as exc:
            log.warning("base map unavailable, no base tiles: %s", exc)
            return TileSource(), None, None
        return source, layer, reader

    def _load_page(self, result: tuple[tuple[TileSource, Any, Any], Any]) -> None:
        if not shiboken6.isValid(self.page):
            return  # the window is being torn down while the page was built
        (self.source, self._layer, reader), path = result
        self._allow_remote(self.source.kind == "xyz")
        if reader is not None:
            mbtiles_handler(self.profile).readers[self.source.token] = reader
        self.page_path = path
        self.is_ready = False
        self.cases.page_loaded()
        early, self._early_page = self._early_page, None
        if path != early:  # not the page already loading since before the store was open
            self._load_url(path)
        # While the browser loads the page, read what it will show first: the grids
        # and the cases (their scripts wait for the page, see _run).
        self._read_grids()
        if self._wanted:
            self._wanted = False
            self.cases.show(self._query)

    def _load_url(self, path: Path) -> None:
        self._page_number += 1
        self._page_loaded = False
        url = QUrl.fromLocalFile(str(Path(path).absolute()))  # a relative one loads nothing
        url.setQuery(f"p={self._page_number}")  # the page says which load it is (pageReady)
        self.view.load(url)

    def early_load(self, path: Path) -> None:
        """Load the page file the store used last (``Workspace.known_map_page``) before
        the store is open. The browser works on the GUI thread, which is idle while the
        store is unlocked, and a page loading only once the window is built drew the
        map ~0.3 s after the window. ``load`` then keeps this page if it is the store's."""
        self._early_page = self.page_path = path
        self._load_url(path)

    def attach(self, ws: Workspace) -> None:
        """The workspace of a view made by ``early_load``, once the store is open."""
        self.ws = ws

    def _failed(self, exc: BaseException) -> None:
        log.error("map: %s", exc, exc_info=exc)
        self.js_errors.append(f"python: {exc}")

    def _read_grids(self) -> None:
        """Read the grids, outlines and frame of the page being loaded (on the db lane,
        while the browser loads it); shown once both are there (``_show_grids``)."""
        source, page_number = self.source, self._page_number
        self._grids = None

        def grids() -> tuple[str, str, str, str]:
            maps = self.ws.maps
            try:
                fc = _js(maps.grid_features(source))
                scope = maps.display_bounds(maps.scope_bounds(), source)
            except DomainError:  # nobody logged in yet: grids without counts
                fc = _js({"type": "FeatureCollection", "features": []})
                scope = maps.display_bounds(maps.bounds(), source)
            name = maps.district_name()
            return fc, _js(maps.outline_features(source)), _js(scope), name

        def got(result: tuple[str, str, str, str]) -> None:
            if page_number != self._page_number:
                return  # that page was replaced while its grids were read; the new one asks
            self._grids = result
            if self._page_loaded:
                self._show_grids()

        self.runner.submit(grids, got, self._failed, lane="db")

    def _on_page_ready(self, search: str) -> None:
        if search != f"?p={self._page_number}":
            # A page replaced while it loaded (a reference reload on the first sync)
            # still says it is ready; the page now loading has not defined GridMap yet.
            log.info("map: ready from a replaced page (%s) ignored", search[:20])
            return
        self._page_loaded = True
        if self._grids is not None:
            self._show_grids()

    def _show_grids(self) -> None:
        labels: dict[str, Any] = {s.value: state_label(s) for s in CaseState}
        labels.update(level1=self.tr("80% of time used"), level2=self.tr("Overdue"))
        labels["open"] = self.tr("Open cases")
        labels["legendStates"] = self.tr("Case state")
        labels["legendDeadline"] = self.tr("Deadline")
        labels["legendGrids"] = self.tr("Open cases per grid")
        labels["legend"] = self.tr("Legend")
        labels["legendBoundaries"] = self.tr("Boundaries")
        labels["street"] = self.tr("Street / town")
        labels["community"] = self.tr("Community")
        labels["grid"] = self.tr("Unit grid")
        labels["states"] = [s.value for s in CaseState]
        labels["baseSource"] = self.tr("Base map: ")
        labels["clusterTitle"] = self.tr("{n} cases here: click to zoom in")
        assert self._grids is not None
        fc, outlines, scope, district = self._grids
        self.is_ready = True
        labels["dataSource"] = self.tr("Grid data: {district}").format(
            district=district or self.tr("this district")
        )
        self._run(
            f"GridMap.setLabels({_js(labels)});GridMap.setBaseLayer({_js(self._layer)});"
            f"GridMap.setLegendVisible({_js(self._legend_on)});"
            f"GridMap.setGrids({fc});GridMap.setOutlines({outlines});"
            f"GridMap.setScope({scope})"
            + (f";GridMap.setChoropleth({_js(self._choropleth)})" if self._choropleth else "")
        )
        if self._wanted:
            self.show_cases(self._query)
        pending, self._after_ready = self._after_ready, []
        for fn in pending:
            fn()
        self.ready.emit()

    def _run(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run ``script`` in the page. While a page (re)loads GridMap is not defined yet,
        so a script sent then (often a late answer from the db lane) waits for it."""
        if not shiboken6.isValid(self.page):
            return  # the window closed while the answer was on its way
        if not self.is_ready:
            self._after_ready.append(lambda: self._run(script, callback))
            return
        if callback is None:
            self.page.runJavaScript(script)
        else:
            self.page.runJavaScript(script, 0, callback)

    def _when_ready(self, fn: Callable[[], None]) -> None:
        if self.is_ready:
            fn()
        else:
            self._after_ready.append(fn)

    # -- cases -----------------------------------------------------------------------

    def show_cases(self, query: CaseQuery | None = None) -> None:
        """Show every case matching ``query`` (all pages): clustered, the page drawing
        only its view; ``cases_shown`` once a first view is drawn."""
        self._query = query
        self._cases_shown = True
        if self._page_number == 0:  # no page asked for yet: read once one loads
            self._wanted = True
            return
        # A page still loading gets them too: read now, drawn once it is ready (_run).
        self._wanted = False
        self.cases.show(query)

    def upsert_case(self, record: Any) -> None:
        """Add or refresh one case on the map (a CaseRecord or a case id)."""
        ids = [getattr(record, "id", record)]
        self._when_ready(lambda: self.cases.refresh(ids))

    def remove_case(self, case_id: str) -> None:
        self._when_ready(lambda: self.cases.remove(case_id))

    def apply_changes(self, changes: Changes) -> None:
        """Redraw the cases a mutation touched (and the grid counts)."""
        if changes.reference:
            self.load()
            return
        ids = list(changes.case_ids)
        self._when_ready(lambda: self.cases.refresh(ids))

    def select_case(self, case_id: str) -> None:
        """Highlight a case, open its popup and go to it (shown even when the current
        query does not hold it, as long as the user may see it)."""
        self._when_ready(lambda: self.cases.select(case_id))

    # -- choropleth ------------------------------------------------------------------------

    def show_choropleth(self, choropleth: dict[str, Any] | None) -> None:
        """Shade the grids by one figure (``gridapp.stats.grid_map.choropleth``) instead of
        open cases; a grid's click then emits ``grid_clicked(code)``. None: back to open
        cases per grid."""
        self._choropleth = choropleth
        self._when_ready(lambda: self._run(f"GridMap.setChoropleth({_js(choropleth)})"))

    # -- picking -----------------------------------------------------------------------

    def start_pick(self, lon: float | None = None, lat: float | None = None) -> None:
        """Let the user click a point; ``point_picked(lon, lat)`` gives it in WGS-84."""
        self._pick_point = None if lon is None or lat is None else (lon, lat)

        def start() -> None:
            if lon is None or lat is None:
                self._run("GridMap.startPick()")
            else:
                x, y = self.source.to_display(lon, lat)
                self._run(f"GridMap.startPick({x!r}, {y!r})")

        self._when_ready(start)

    def cancel_pick(self) -> None:
        self._pick_point = None
        self._when_ready(lambda: self._run("GridMap.cancelPick()"))

    def fit_all(self) -> None:
        self._when_ready(lambda: self._run("GridMap.fitAll()"))

    def fit_scope(self) -> None:
        """Back to the first view: this user's grids, town or department's cases."""
        self._when_ready(lambda: self._run("GridMap.fitScope()"))

    def _on_point_clicked(self, lat: float, lng: float) -> None:
        lon, lat = self.source.from_display(lng, lat)
        lon, lat = round(lon, 7), round(lat, 7)
        self._pick_point = (lon, lat)
        self.point_picked.emit(lon, lat)

    # -- base map and legend -------------------------------------------------------------

    def set_legend_visible(self, on: bool) -> None:
        self._legend_on = bool(on)
        if self.legend_action.isChecked() != self._legend_on:
            self.legend_action.setChecked(self._legend_on)
        self._when_ready(lambda: self._run(f"GridMap.setLegendVisible({_js(self._legend_on)})"))

    def choose_tile_source(self) -> None:
        """Open the base-map dialog; a saved choice is shown here at once."""
        from ui.map.tiles_dialog import TileSourceDialog

        dialog = TileSourceDialog(self.ws, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self.set_tile_source)
        dialog.open()

    def set_tile_source(self, source: TileSource) -> None:
        """Show ``source`` as the base map in the loaded page (no reload).

        The caller has saved it (``ws.maps.set_tile_source``). When the datum changes
        (WGS-84 ⇄ GCJ-02) grids, markers and the pick marker are redrawn at their
        shifted places; the selection is kept.
        """

        def swap(result: tuple[TileSource, Any, Any]) -> None:
            new, layer, reader = result
            old, self.source, self._layer = self.source, new, layer
            if reader is not None:
                mbtiles_handler(self.profile).readers[new.token] = reader
            self._allow_remote(new.kind == "xyz")
            self._run(f"GridMap.setBaseLayer({_js(layer)})")
            if old.gcj02 != new.gcj02:
                self._redraw_for_datum()
            self.tile_source_changed.emit(new)

        self._when_ready(
            lambda: self.runner.submit(
                lambda: self._open_source(source), swap, self._failed, lane="db"
            )
        )

    def _redraw_for_datum(self) -> None:
        source = self.source

        def fetch() -> str:
            maps = self.ws.maps
            scope = maps.display_bounds(maps.scope_bounds(), source)
            return (
                f"GridMap.setGrids({_js(maps.grid_features(source))});"
                f"GridMap.setOutlines({_js(maps.outline_features(source))});"
                f"GridMap.setScope({_js(scope)}, true)"
            )

        self.runner.submit(fetch, self._run, self._failed, lane="db")
        if self._cases_shown:
            self.show_cases(self._query)
        if self._pick_point is not None:
            x, y = source.to_display(*self._pick_point)
            self._run(f"if (GridMap.pickMarker) {{ GridMap.setPickMarker({y!r}, {x!r}); }} true")
