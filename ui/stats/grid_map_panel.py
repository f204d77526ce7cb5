"""GridMapPanel: the statistics' cases-per-grid figure as a choropleth on the district map.

It reuses the map page (``ui.map.map_view.MapView``: the same grids, boundaries, labels
and base map as the 地图 tab) and only shades the grids by the view's figure
(``gridapp.stats.grid_map``). A click on a grid hands back that grid's Figure, so the
case list shows exactly the cases its shade counts. The page is loaded the first time
the panel is shown (a QtWebEngine page costs memory and a second or so to start).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gridapp import Workspace
from gridapp.reports.model import Figure
from gridapp.stats.grid_map import choropleth, grid_figure
from gridapp.stats.model import StatsView
from ui.map.map_view import MapView
from ui.tasks import TaskRunner

OnFigure = Callable[[str, Figure], None]


class GridMapPanel(QWidget):
    """The choropleth; ``shaded`` fires with how many grids have cases once it is drawn."""

    shaded = Signal(int)

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        on_figure: OnFigure,
        parent: QWidget | None = None,
        *,
        toolbar: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stats_grid_map")
        self.ws, self.runner, self.on_figure = ws, runner, on_figure
        self._toolbar = toolbar
        self.map: MapView | None = None
        self.drawn: int | None = None  # grids shaded at the last draw (None: not drawn yet)
        self.view: StatsView | None = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def title(self) -> str:
        return self.tr("Cases filed per grid")

    def ensure_map(self) -> MapView:
        """The map page (made and loaded on first use)."""
        if self.map is None:
            self.map = MapView(self.ws, self.runner, self, toolbar=self._toolbar)
            self.map.setObjectName("stats_grid_map_view")
            self.map.grid_clicked.connect(self._clicked)
            self.layout_.addWidget(self.map)
            self.map.load()
            if self.view is not None:
                self._push()
        return self.map

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_map()

    def show_view(self, view: StatsView) -> None:
        self.view = view
        if self.map is not None:
            self._push()

    def _push(self) -> None:
        assert self.view is not None and self.map is not None
        shape = choropleth(
            self.view,
            f"{self.title()} · {self.view.label}",
            self.tr("Filed in the period"),
        )
        self.map.show_choropleth(shape)
        shaded = sum(1 for n in shape["counts"].values() if n)
        self.map._when_ready(lambda: self._drawn(shaded))

    def _drawn(self, shaded: int) -> None:
        self.drawn = shaded
        self.shaded.emit(shaded)

    def _clicked(self, code: str) -> None:
        if self.view is None:
            return
        found = grid_figure(self.view, code)
        if found is None:
            return  # a grid outside the view's region: no figure of this view
        grid, figure = found
        self.on_figure(f"{self.title()} · {grid.code} {grid.name}", figure)
