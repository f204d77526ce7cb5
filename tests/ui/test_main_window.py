"""The main window adapts to the role and keeps list, map and detail on the same case."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.map_helpers import dispose, js, reveal
from tests.ui.report_helpers import GARBAGE, officer_point
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


def open_window(qtbot, ws, username: str) -> MainWindow:
    ws.act_as(username)
    window = MainWindow(ws, TaskRunner(inline=True))
    qtbot.addWidget(window, before_close_func=lambda w: dispose(w.map))
    window.show()
    qtbot.waitSignal(window.map.ready, timeout=20_000).wait()
    return window


@pytest.mark.parametrize(
    ("username", "reports", "monthly", "admin"),
    [
        ("wg001", True, False, False),
        ("shouli", True, False, False),
        ("paiqian", False, True, False),
        ("bm-d02", False, False, False),
        ("ducha", False, True, False),
        ("admin", False, True, True),
    ],
)
def test_window_adapts_to_the_role(qtbot, ws, username, reports, monthly, admin):
    window = open_window(qtbot, ws, username)
    assert window.new_report_action.isVisible() is reports
    assert window.monthly_action.isVisible() is monthly
    assert window.warnings_action.isVisible() is (username in ("paiqian", "ducha"))  # 预警
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert ("Administration" in tabs) is admin
    assert window.queues.list.count() >= 1
    assert window.ws.user.display_name in window.windowTitle()


def test_marker_click_selects_the_row_and_shows_the_case(qtbot, ws):
    ws.act_as("wg001")
    lon, lat = officer_point(ws)
    ids = [
        next(iter(ws.report(source="patrol", category_code=GARBAGE, lon=lon + i * 1e-4,
                            lat=lat, description=f"垃圾{i}").case_ids))
        for i in range(3)
    ]  # fmt: skip
    window = open_window(qtbot, ws, "zhiban")
    window.queues.choose("inbox")
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 3)
    qtbot.waitUntil(lambda: js(qtbot, window.map, "GridMap.stats()")["markers"] == 3)

    reveal(qtbot, window.map, ids[1], lat, lon + 1e-4)  # zoomed in to the case's own dot
    with qtbot.waitSignal(window.detail.loaded, timeout=10_000):
        assert js(qtbot, window.map, f"GridMap.clickMarker('{ids[1]}')") is True
    table = window.cases.table
    assert window.cases.model.case_at(table.currentIndex().row()).id == ids[1]
    assert window.detail.case_id == ids[1]

    # And the other way: a row click opens the case and selects its marker.
    row = window.cases.model.row_of(ids[2])
    rect = table.visualRect(window.cases.model.index(row, 0))
    with qtbot.waitSignal(window.detail.loaded, timeout=10_000):
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.detail.case_id == ids[2]
    qtbot.waitUntil(lambda: js(qtbot, window.map, "GridMap.stats()")["selected"] == ids[2])


def test_new_report_picks_its_point_on_the_real_map(qtbot, ws):
    """From the toolbar: the dialog's own map (a real page) gives the point, grid filled."""
    window = open_window(qtbot, ws, "wg001")
    window.new_report_action.trigger()
    dialog = window.report_dialog
    qtbot.mouseClick(dialog.location.pick_button, Qt.MouseButton.LeftButton)
    small_map = dialog.map
    qtbot.waitUntil(lambda: small_map.is_ready, timeout=20_000)
    qtbot.waitUntil(lambda: js(qtbot, small_map, "GridMap.stats()")["picking"], timeout=10_000)
    lon, lat = officer_point(ws)
    with qtbot.waitSignal(small_map.point_picked, timeout=10_000):
        js(qtbot, small_map, f"GridMap.map.fire('click', {{latlng: L.latLng({lat}, {lon})}}); 1")
    grid = ws.locate(lon, lat)
    qtbot.waitUntil(lambda: dialog.location.grid_label.text().startswith(grid.code))
    assert dialog.location.point() == pytest.approx((lon, lat), abs=1e-6)
    dialog.close()
    dispose(small_map)
