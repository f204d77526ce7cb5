"""The statistics tab and the wall on the hand-worked October: the figures are the monthly
report's, and a click on a tile, a table cell or a bar lists exactly its cases with a
"统计" chip that clears back to the full list."""

from __future__ import annotations

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, Qt

from gridapp.stats.model import CUSTOM, TODAY
from gridapp.workspace import Changes
from tests.core.test_report_month import hand_worked_month
from tests.ui.test_main_window import open_window
from ui.app import parse_args
from ui.stats.wall_window import WallWindow
from ui.tasks import TaskRunner


def listed(window) -> set[str]:
    model = window.cases.model
    return {model.case_at(r).number for r in range(model.rowCount())}


def test_figures_open_their_cases(qtbot, ws, clock):
    hand_worked_month(ws, clock)
    window = open_window(qtbot, ws, "ducha")
    stats = window.stats
    assert stats is not None and window.wall_action.isVisible()
    window.tabs.setCurrentWidget(stats)
    stats.period.setCurrentIndex(stats.period.findData(CUSTOM))
    stats.date_from.setDate(QDate(2026, 10, 1))
    stats.date_to.setDate(QDate(2026, 10, 31))
    stats.refresh()
    report = ws.reports.monthly("2026-10")
    assert stats.view.summary == report.summary
    assert stats.view.previous == report.previous
    # the 回访 counts on two bases say so where a reader looks (header tooltips)
    header = stats.satisfaction.horizontalHeaderItem
    assert header(2).toolTip() and header(4).toolTip() == header(2).toolTip()
    assert not header(3).toolTip()  # the rates need no note

    filed = report.summary.filed
    qtbot.mouseClick(stats.tiles.buttons["filed"], Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: listed(window) == set(filed.case_numbers))
    chip = window.cases.filters.figure_chip
    assert chip.isVisible() and filed.case_numbers == window.cases.query().numbers

    # a street's 上报 cell
    window.tabs.setCurrentWidget(stats)
    street = next(i for i, r in enumerate(stats.view.streets) if r.reported.value)
    stats.streets.click_cell(street, 1)
    expected = set(stats.view.streets[street].reported.case_numbers)
    qtbot.waitUntil(lambda: listed(window) == expected)

    # a day's bar in the intake-and-closed chart
    window.tabs.setCurrentWidget(stats)
    chart = stats.daily_chart
    assert isinstance(chart, QChartView)
    intake = chart.chart().series()[0].barSets()[0]
    day = next(i for i, d in enumerate(stats.view.daily) if d.reported.value)
    intake.clicked.emit(day)
    qtbot.waitUntil(lambda: listed(window) == set(stats.view.daily[day].reported.case_numbers))

    chip.click()
    assert not chip.isVisible() and window.cases.query().numbers is None

    # changes from a sync or an action: the shown view recomputes (debounced)
    window.tabs.setCurrentWidget(stats)
    with qtbot.waitSignal(stats.computed, timeout=10_000):
        window.broadcast(Changes(case_ids=frozenset({"some-case"})))
        assert stats._debounce.isActive()

    # the wall: same figures, rotating panels, period keys
    wall = WallWindow(ws, TaskRunner(inline=True), kind=CUSTOM, refresh_seconds=60)
    qtbot.addWidget(wall)
    wall.resize(1920, 1080)
    wall.show()
    wall.kind = TODAY
    wall.start()
    assert wall.view is not None and wall.panels.count() == 6
    first = wall.panels.currentIndex()
    wall.next_panel()
    assert wall.panels.currentIndex() == (first + 1) % 6
    assert wall.refresh_timer.isActive() and wall.rotate_timer.interval() == 15_000
    qtbot.keyClick(wall, Qt.Key.Key_3)
    assert wall.view.start.day == 1
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    assert not wall.isVisible() and not wall.refresh_timer.isActive()


def test_wall_from_the_command_line():
    assert parse_args(["--wall"]).wall is True
    assert parse_args([]).wall is False


def test_grid_officer_has_no_statistics(qtbot, ws):
    window = open_window(qtbot, ws, "wg001")
    assert window.stats is None and not window.wall_action.isVisible()
