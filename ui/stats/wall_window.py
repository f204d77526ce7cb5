"""WallWindow: the 大屏 mode, the statistics view's figures on a command centre's wall.

Full screen, dark, large type: the headline tiles (with 环比/同比) stay on the left, the
panels on the right rotate (intake and closed per day, stages, streets, categories,
grids, the overdue board). It recomputes every ``refresh_seconds`` (and soon after a
sync brings changes), always off the GUI thread through ``ws.stats``. Keys: 1 today,
2 this week, 3 this month, → next panel, Esc leaves. A click on a figure emits
``figure_chosen`` like the view (the main window lists those cases).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from gridapp import Workspace
from gridapp.reports.model import Figure
from gridapp.stats.model import THIS_MONTH, THIS_WEEK, TODAY, Slice, StatsView
from gridapp.workspace import Changes
from ui.errors import show_error
from ui.plain import plain_label, set_plain
from ui.stats.charts import daily_chart, slice_chart
from ui.stats.figure_table import FigureTable
from ui.stats.grid_map_panel import GridMapPanel
from ui.stats.stats_tiles import StatsTiles
from ui.tasks import TaskRunner

REFRESH_KEY = "wall.refresh_seconds"
DEFAULT_REFRESH_S = 60
ROTATE_S = 15
WALL_STYLE = (
    "QWidget#wall{background:#061325;}"
    "QLabel{color:#e2e8f0;}"
    "QLabel#wall_title{font-size:34px;font-weight:bold;color:#7dd3fc;}"
    "QLabel#wall_status{font-size:18px;color:#94a3b8;}"
    "QLabel#wall_page{font-size:18px;color:#94a3b8;}"
)


class WallWindow(QWidget):
    figure_chosen = Signal(str, object)
    computed = Signal(object)  # the StatsView shown

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        *,
        kind: str = THIS_MONTH,
        refresh_seconds: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wall")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(WALL_STYLE)
        self.setWindowTitle(self.tr("Command centre wall display"))
        self.ws, self.runner, self.kind = ws, runner, kind
        self.view: StatsView | None = None
        self._busy = False
        seconds = refresh_seconds or int(_pref(ws, REFRESH_KEY, DEFAULT_REFRESH_S))
        self.refresh_timer = QTimer(self, interval=max(seconds, 5) * 1000)
        self.refresh_timer.timeout.connect(self.refresh)
        self.rotate_timer = QTimer(self, interval=ROTATE_S * 1000)
        self.rotate_timer.timeout.connect(self.next_panel)
        self._soon = QTimer(self, singleShot=True, interval=3000)
        self._soon.timeout.connect(self.refresh)

        self.title = plain_label(self.tr("City operations at a glance"))
        self.title.setObjectName("wall_title")
        self.status = plain_label()
        self.status.setObjectName("wall_status")
        self.page = plain_label()
        self.page.setObjectName("wall_page")
        self.tiles = StatsTiles(self._chosen, columns=3, dark=True)
        self.panels = QStackedWidget()
        self.panels.setObjectName("wall_panels")
        # The grids on the map: one page kept across refreshes (only its shading changes).
        self.grid_map = GridMapPanel(ws, runner, self._chosen, toolbar=False)
        self.grid_panel = _titled(self.tr("Cases filed per grid"), self.grid_map)

        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.status)
        body = QHBoxLayout()
        body.setSpacing(24)
        body.addWidget(self.tiles, 1)
        right = QVBoxLayout()
        right.addWidget(self.panels, 1)
        right.addWidget(self.page, 0, Qt.AlignmentFlag.AlignRight)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(16)
        layout.addLayout(head)
        layout.addLayout(body, 1)

    # -- running --------------------------------------------------------------------------

    def show_on_wall(self) -> None:
        """Full screen on the screen it opens on; starts refreshing and rotating."""
        self.showFullScreen()
        self.start()

    def start(self) -> None:
        self.refresh()
        self.refresh_timer.start()
        self.rotate_timer.start()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        kind = self.kind

        def done(view: StatsView) -> None:
            self._busy = False
            self.show_view(view)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.refresh_timer.stop()
            show_error(self, exc)

        self.runner.submit(lambda: self.ws.stats.view(kind), done, failed)

    def apply_changes(self, changes: Changes) -> None:
        if changes.case_ids or changes.reference:
            self._soon.start()

    def set_kind(self, kind: str) -> None:
        self.kind = kind
        self.refresh()

    def next_panel(self) -> None:
        n = self.panels.count()
        if n:
            self.panels.setCurrentIndex((self.panels.currentIndex() + 1) % n)
            self._show_page()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        kinds = {Qt.Key.Key_1: TODAY, Qt.Key.Key_2: THIS_WEEK, Qt.Key.Key_3: THIS_MONTH}
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key in kinds:
            self.set_kind(kinds[key])
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Space):
            self.next_panel()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.refresh_timer.stop()
        self.rotate_timer.stop()
        self._soon.stop()
        super().closeEvent(event)

    # -- showing --------------------------------------------------------------------------

    def _chosen(self, name: str, figure: Figure) -> None:
        self.figure_chosen.emit(name, figure)

    def show_view(self, view: StatsView) -> None:
        self.view = view
        set_plain(
            self.status,
            f"{view.region.name} · {view.label} · "
            + self.tr("updated {0}").format(f"{view.computed_at:%H:%M:%S}"),
        )
        self.tiles.show_view(view)
        current = self.panels.currentIndex()
        while self.panels.count():
            w = self.panels.widget(0)
            self.panels.removeWidget(w)
            if w is not self.grid_panel:
                w.deleteLater()
        on = self._chosen
        streets = sorted(
            (Slice(r.region.code, r.region.name, r.filed) for r in view.streets),
            key=lambda s: (-s.figure.value, s.key),
        )
        categories = [Slice(c.code, c.name, c.filed) for c in view.categories if c.filed.value]
        for panel in (
            daily_chart(
                self.tr("Intake and closed per day"),
                self.tr("Reported"),
                self.tr("Closed"),
                view.daily,
                on,
                dark=True,
            ),
            slice_chart(self.tr("Reports by stage now"), view.by_stage, on, dark=True),
            slice_chart(self.tr("Filed per street / town"), streets, on, dark=True),
            slice_chart(self.tr("Filed by category"), categories, on, top=10, dark=True),
            self.grid_panel,
            _overdue_board(
                self.tr("Overdue board (most late)"),
                [self.tr("Number"), self.tr("Category"), self.tr("Department"), self.tr("Late")],
                view,
                on,
            ),
        ):
            self.panels.addWidget(panel)
        self.grid_map.show_view(view)
        self.panels.setCurrentIndex(max(current, 0) % self.panels.count())
        self._show_page()
        self.computed.emit(view)

    def _show_page(self) -> None:
        set_plain(self.page, f"{self.panels.currentIndex() + 1} / {self.panels.count()}")


def _titled(title: str, body: QWidget) -> QWidget:
    """A panel with a heading in the wall's large type."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    heading = plain_label(title)
    heading.setStyleSheet("font-size:26px;font-weight:bold;color:#e2e8f0;")
    layout.addWidget(heading)
    layout.addWidget(body, 1)
    return box


def _overdue_board(title: str, headers: list[str], view: StatsView, on) -> QWidget:
    """The most late cases (the report's overdue lines) in large type; a row opens its case."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    heading = plain_label(title)
    heading.setStyleSheet("font-size:26px;font-weight:bold;color:#e2e8f0;")
    table = FigureTable("wall_overdue", on)
    table.setStyleSheet(
        "QTableWidget{background:#0b1a2e;color:#e2e8f0;font-size:20px;gridline-color:#1e3a5f;"
        "alternate-background-color:#0f2340;}"
        "QHeaderView::section{background:#12294a;color:#7dd3fc;font-size:18px;padding:4px;}"
    )
    table.verticalHeader().setDefaultSectionSize(40)
    table.fill(
        headers[0],
        view.overdue[:12],
        lambda line: line.number,
        [
            (headers[1], lambda line: line.category_name),
            (headers[2], lambda line: line.department_name),
            (headers[3], lambda line: f"{line.late:.1f} {line.late_unit}"),
        ],
        row_figure=lambda line: Figure(1, (line.number,)),
        stretch=2,
    )
    layout.addWidget(heading)
    layout.addWidget(table, 1)
    return box


def _pref(ws: Workspace, key: str, default: int) -> int:
    try:
        return int(ws.prefs.get(key, default))
    except Exception:
        return default
