"""StatsView: the 统计分析 tab for shift leads, dispatchers, supervisors (and a town's centre).

Choose today, this week, this month or a range; the figures come from ``ws.stats`` (the
monthly report's definitions) computed on the ``db`` lane, and every tile, bar and
table cell emits ``figure_chosen(name, Figure)``: the main window then lists exactly
those cases. It refreshes when sync or a local action changes cases (debounced, and
only while shown; a hidden view refreshes when it is shown again).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.reports.model import DepartmentScore, Figure, RegionFigures
from gridapp.reports.satisfaction import SatisfactionRow
from gridapp.stats.model import CUSTOM, THIS_MONTH, THIS_WEEK, TODAY, Slice, StatsView
from gridapp.workspace import Changes
from ui.errors import show_error
from ui.plain import plain_label, set_plain
from ui.stats.charts import daily_chart, slice_chart
from ui.stats.figure_table import Column, FigureTable
from ui.stats.grid_map_panel import GridMapPanel
from ui.stats.stats_tiles import StatsTiles
from ui.tasks import TaskRunner

REFRESH_DELAY_MS = 1500  # changes arrive in bursts during a sync: one recompute after


class StatisticsView(QWidget):
    """The statistics tab. ``figure_chosen(name, Figure)`` when any figure is clicked."""

    figure_chosen = Signal(str, object)
    computed = Signal(object)  # the StatsView values shown (tests, the wall)

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stats_view")
        self.ws, self.runner = ws, runner
        self.view: StatsView | None = None
        self._stale = True
        self._generation = 0
        self._debounce = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)

        self.period = QComboBox()
        self.period.setObjectName("stats_period")
        for kind, text in (
            (TODAY, self.tr("Today")),
            (THIS_WEEK, self.tr("This week")),
            (THIS_MONTH, self.tr("This month")),
            (CUSTOM, self.tr("Date range")),
        ):
            self.period.addItem(text, kind)
        self.period.setCurrentIndex(2)
        today = ws.clock().date()
        self.date_from = self._date(QDate(today.year, today.month, 1))
        self.date_to = self._date(QDate(today.year, today.month, today.day))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.status = plain_label()
        self.status.setObjectName("stats_status")
        self.period.currentIndexChanged.connect(self._period_changed)
        self.date_from.dateChanged.connect(lambda _d: self.refresh())
        self.date_to.dateChanged.connect(lambda _d: self.refresh())
        self._period_changed(refresh=False)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Period")))
        bar.addWidget(self.period)
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel("–"))
        bar.addWidget(self.date_to)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.status, 1)

        self.tiles = StatsTiles(self._chosen)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("stats_tabs")
        self.overview = QWidget()
        self.overview_grid = QGridLayout(self.overview)
        self.overview_grid.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.overview, self.tr("Overview"))
        self.streets = FigureTable("stats_streets", self._chosen)
        self.tabs.addTab(self.streets, self.tr("Streets / towns"))
        self.communities = FigureTable("stats_communities", self._chosen)
        self.tabs.addTab(self.communities, self.tr("Communities"))
        self.departments = FigureTable("stats_departments", self._chosen)
        self.tabs.addTab(self.departments, self.tr("Departments"))
        self.categories = QWidget()
        self.categories_box = QVBoxLayout(self.categories)
        self.tabs.addTab(self.categories, self.tr("Categories"))
        # Grids: the choropleth on the district map, the busiest grids' bars beside it.
        self.grids = QSplitter()
        self.grids.setObjectName("stats_grids")
        self.grid_map = GridMapPanel(ws, runner, self._chosen)
        self.grids.addWidget(self.grid_map)
        busiest = QWidget()
        self.grids_box = QVBoxLayout(busiest)
        self.grids_box.setContentsMargins(0, 0, 0, 0)
        self.grids.addWidget(busiest)
        self.grids.setStretchFactor(0, 3)
        self.grids.setStretchFactor(1, 1)
        self.grids.setSizes([900, 340])
        self.tabs.addTab(self.grids, self.tr("Grid map"))
        self.overdue = FigureTable("stats_overdue", self._chosen)
        self.tabs.addTab(self.overdue, self.tr("Overdue board"))
        self.satisfaction = FigureTable("stats_satisfaction", self._chosen)
        self.tabs.addTab(self.satisfaction, self.tr("Call-backs"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.tiles)
        layout.addWidget(self.tabs, 1)

    def _date(self, value: QDate) -> QDateEdit:
        edit = QDateEdit(value)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    # -- computing ------------------------------------------------------------------------

    def _period_changed(self, *_args: object, refresh: bool = True) -> None:
        custom = self.period.currentData() == CUSTOM
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if refresh:
            self.refresh()

    def refresh(self) -> None:
        """Compute the chosen period's figures off the GUI thread, then show them."""
        self._debounce.stop()
        self._stale = False
        self._generation += 1
        generation = self._generation
        kind = self.period.currentData()
        start = _day(self.date_from.date())
        end = _day(self.date_to.date())
        set_plain(self.status, self.tr("Computing…"))

        def work() -> StatsView:
            if kind == CUSTOM:
                return self.ws.stats.view(CUSTOM, start=start, end=end)
            return self.ws.stats.view(kind)

        def done(view: StatsView) -> None:
            if generation == self._generation:
                self.show_view(view)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                set_plain(self.status, "")
                show_error(self, exc)

        self.runner.submit(work, done, failed)

    def apply_changes(self, changes: Changes) -> None:
        """Cases changed (sync, an action): recompute soon if shown, else when shown."""
        if not (changes.case_ids or changes.reference):
            return
        if self.isVisible():
            self._debounce.start()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- showing --------------------------------------------------------------------------

    def region_columns(self) -> list[Column]:
        return [
            (self.tr("Reported"), lambda r: r.reported),
            (self.tr("Filed"), lambda r: r.filed),
            (self.tr("Closed"), lambda r: r.closed),
            (self.tr("Due to close"), lambda r: r.due),
            (self.tr("Close rate"), lambda r: r.close_rate),
            (self.tr("On-time close rate"), lambda r: r.on_time_close_rate),
            (self.tr("Rework rate"), lambda r: r.rework_rate),
            (self.tr("Overdue, open"), lambda r: r.overdue_open),
            (self.tr("Supervised"), lambda r: r.supervised),
        ]

    def department_columns(self) -> list[Column]:
        return [
            (self.tr("To handle"), lambda d: d.dispatched),
            (self.tr("Handled on time"), lambda d: d.handled_on_time),
            (self.tr("Due to close"), lambda d: d.due),
            (self.tr("Closed"), lambda d: d.closed),
            (self.tr("Reworked"), lambda d: d.reworked),
            (self.tr("Overdue, open"), lambda d: d.overdue_open),
        ]

    def _chosen(self, name: str, figure: Figure) -> None:
        self.figure_chosen.emit(name, figure)

    def show_view(self, view: StatsView) -> None:
        self.view = view
        set_plain(
            self.status,
            f"{view.region.name} · {view.label} · "
            + self.tr("computed {0}").format(f"{view.computed_at:%H:%M:%S}")
            + f" · {view.snapshot_label}",
        )
        self.tiles.show_view(view)
        self._fill_overview(view)
        cols = self.region_columns()
        name = lambda r: r.region.name  # noqa: E731
        self.streets.fill(self.tr("Street / town"), view.streets, name, cols)
        self.communities.fill(self.tr("Community"), view.communities, name, cols)
        self.departments.fill(
            self.tr("Department"), view.departments, _dept_name, self.department_columns()
        )
        self._replace(
            self.categories_box,
            slice_chart(
                self.tr("Filed by category"),
                [Slice(c.code, c.name, c.filed) for c in view.categories if c.filed.value],
                self._chosen,
                top=10,
            ),
        )
        grids = sorted(
            (Slice(g.code, g.name, g.count) for g in view.grids if g.count.value),
            key=lambda s: (-s.figure.value, s.key),
        )
        self._replace(
            self.grids_box,
            slice_chart(self.tr("Filed per grid (busiest)"), grids, self._chosen, top=10),
        )
        self.grid_map.show_view(view)
        self._fill_overdue(view)
        self._fill_satisfaction(view)
        self.computed.emit(view)

    def _fill_satisfaction(self, view: StatsView) -> None:
        """回访率, 满意率, 重办数: the total, then each department, then each street."""
        s = view.satisfaction
        rows: list[tuple[str, SatisfactionRow]] = []
        if s is not None:
            rows.append((self.tr("Total"), s.total))
            rows += [(self.tr("Department: {0}").format(r.name), r) for r in s.departments]
            rows += [(self.tr("Street: {0}").format(r.name), r) for r in s.streets]
        columns: list[Column] = [
            (self.tr("Closed (to call back)"), lambda r: r[1].closed),
            (self.tr("Called back"), lambda r: r[1].called_back),
            (self.tr("Call-back rate"), lambda r: r[1].callback_rate),
            (self.tr("Reached"), lambda r: r[1].reached),
            (self.tr("Satisfied (incl. basically)"), lambda r: r[1].satisfied),
            (self.tr("Satisfaction rate"), lambda r: r[1].satisfaction_rate),
            (self.tr("Reopened"), lambda r: r[1].reopened),
        ]
        self.satisfaction.fill(self.tr("Department / street"), rows, lambda r: r[0], columns)
        bases = self.tr(
            "To call back and called back count the cases closed in the period; reached and"
            " satisfied count the calls made in it, which include cases closed in the period"
            " before. So reached can be more than called back."
        )
        for column in (1, 2, 4, 5):  # the four counts on two different bases
            self.satisfaction.horizontalHeaderItem(column).setToolTip(bases)

    def _fill_overview(self, view: StatsView) -> None:
        while self.overview_grid.count():
            item = self.overview_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        daily = daily_chart(
            self.tr("Intake and closed per day"),
            self.tr("Reported"),
            self.tr("Closed"),
            view.daily,
            self._chosen,
        )
        self.daily_chart = daily  # the one shown (replaced ones are deleted later)
        self.overview_grid.addWidget(daily, 0, 0, 1, 2)
        self.overview_grid.addWidget(
            slice_chart(self.tr("Reports by stage now"), view.by_stage, self._chosen, top=8), 1, 0
        )
        self.overview_grid.addWidget(
            slice_chart(self.tr("Reports by source"), view.by_source, self._chosen), 1, 1
        )
        self.overview_grid.setRowStretch(0, 2)
        self.overview_grid.setRowStretch(1, 3)

    def _fill_overdue(self, view: StatsView) -> None:
        """The overdue board: the report's overdue lines, most late first; a row opens its case."""
        cols: list[Column] = [
            (self.tr("Category"), lambda line: line.category_name),
            (self.tr("Department"), lambda line: line.department_name),
            (self.tr("Street / town"), lambda line: line.street_name),
            (
                self.tr("Deadline"),
                lambda line: f"{line.deadline:%m-%d %H:%M}" if line.deadline else "",
            ),
            (self.tr("Late"), lambda line: f"{line.late:.1f} {line.late_unit}"),
            (self.tr("State"), lambda line: line.state_label),
            (self.tr("Note"), lambda line: line.note),
        ]
        self.overdue.fill(
            self.tr("Number"),
            view.overdue,
            lambda line: line.number,
            cols,
            row_figure=lambda line: Figure(1, (line.number,)),
            stretch=1,
        )

    @staticmethod
    def _replace(box: QVBoxLayout, widget: QWidget) -> None:
        while box.count():
            item = box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        box.addWidget(widget)


def _dept_name(d: DepartmentScore) -> str:
    return d.name


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def summary_figures(figures: RegionFigures) -> dict[str, Figure]:
    """The counts of a summary by field name (the wall's tiles, tests)."""
    return {
        k: getattr(figures, k)
        for k in ("reported", "filed", "closed", "due", "overdue_open", "supervised")
    }
