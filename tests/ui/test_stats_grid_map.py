"""The statistics view's grids on the map (a choropleth on the real map page, offscreen
QtWebEngine): each grid is shaded by the report's filed-per-grid figure, the legend is
the figure's, and a click on a grid lists exactly the cases its shade counts."""

from __future__ import annotations

from PySide6.QtCore import QDate

from gridapp.stats.grid_map import choropleth, class_breaks
from gridapp.stats.model import CUSTOM, THIS_MONTH
from tests.core.test_report_month import hand_worked_month
from tests.ui.map_helpers import dispose, js
from tests.ui.test_main_window import open_window
from tests.ui.test_stats_view import listed
from ui.stats.wall_window import WallWindow
from ui.tasks import TaskRunner


def test_choropleth_shades_grids_and_a_click_opens_its_cases(qtbot, ws, clock):
    hand_worked_month(ws, clock)
    window = open_window(qtbot, ws, "ducha")
    stats = window.stats
    window.tabs.setCurrentWidget(stats)
    stats.period.setCurrentIndex(stats.period.findData(CUSTOM))
    stats.date_from.setDate(QDate(2026, 10, 1))
    stats.date_to.setDate(QDate(2026, 10, 31))
    stats.refresh()
    report = ws.reports.monthly("2026-10")
    assert {g.code: g.count for g in stats.view.grids} == {
        g.code: g.count for g in report.grid_counts
    }
    busy = [g for g in stats.view.grids if g.count.value]
    assert busy, "the hand-worked month files cases in some grids"

    panel = stats.grid_map
    assert panel.map is None  # the page is made when the tab is first shown
    with qtbot.waitSignal(panel.shaded, timeout=30_000) as shaded:
        stats.tabs.setCurrentWidget(stats.grids)
    view = panel.map
    try:
        assert shaded.args == [len(busy)]
        shape = choropleth(stats.view, "t", "n")
        colours = dict(shape["steps"])  # lower bound -> colour
        for g in busy:
            info = js(qtbot, view, f"GridMap.gridInfo({g.code!r})")
            assert info["count"] == g.count.value
            bound = max(b for b in colours if b <= g.count.value)
            assert info["fill"] == colours[bound]
        empty = next(g for g in stats.view.grids if not g.count.value)
        assert js(qtbot, view, f"GridMap.gridInfo({empty.code!r})")["count"] == 0
        legend = js(qtbot, view, "GridMap.legendInfo()")
        assert "立案" in legend["text"] or "Cases filed per grid" in legend["text"]
        assert "Case state" not in legend["text"] and "案件状态" not in legend["text"]
        assert view.js_errors == []

        top = max(busy, key=lambda g: g.count.value)
        assert js(qtbot, view, f"GridMap.clickGrid({top.code!r})") is True
        qtbot.waitUntil(lambda: listed(window) == set(top.count.case_numbers), timeout=10_000)
        assert window.cases.query().numbers == top.count.case_numbers
        assert len(listed(window)) == top.count.value
    finally:
        dispose(view)


def test_class_breaks():
    assert class_breaks([]) == [1]
    assert class_breaks([0, 0, 1, 1]) == [1]
    assert class_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [1, 3, 5, 7, 9]
    assert class_breaks([1] * 50 + [40, 90]) == [1, 40, 90]  # outliers still stand out
    assert class_breaks([5, 5, 5]) == [1, 5]


def test_wall_shows_the_grid_map_as_a_panel(qtbot, ws, clock):
    hand_worked_month(ws, clock)
    ws.act_as("ducha")
    clock.now = clock.now.replace(year=2026, month=10, day=31, hour=20)
    wall = WallWindow(ws, TaskRunner(inline=True), kind=THIS_MONTH, refresh_seconds=60)
    qtbot.addWidget(wall)
    wall.resize(1920, 1080)
    wall.show()
    wall.refresh()
    assert wall.panels.count() == 6 and wall.grid_map.map is None
    busy = [g for g in wall.view.grids if g.count.value]
    with qtbot.waitSignal(wall.grid_map.shaded, timeout=30_000) as shaded:
        while wall.panels.currentWidget() is not wall.grid_panel:
            wall.next_panel()
    view = wall.grid_map.map
    try:
        assert shaded.args == [len(busy)] and busy
        assert not view.toolbar.isVisible()
        wall.refresh()  # a refresh keeps the page and reshades it
        assert wall.grid_map.map is view and wall.panels.indexOf(wall.grid_panel) >= 0
        chosen = []
        wall.figure_chosen.connect(lambda name, fig: chosen.append(fig))
        top = max(busy, key=lambda g: g.count.value)
        assert js(qtbot, view, f"GridMap.clickGrid({top.code!r})") is True
        qtbot.waitUntil(lambda: bool(chosen), timeout=10_000)
        assert chosen[-1] == top.count
        assert view.js_errors == []
    finally:
        wall.close()
        dispose(view)
