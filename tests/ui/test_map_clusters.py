"""50,000 cases on a real QtWebEngine page: clustered in Python, the page drawing only its
view; zooming in shows the cases themselves, and a click on one opens it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from gridapp.maps.cluster import CLUSTER_OFF_AT
from gridapp.workspace import CaseQuery
from tests.core.helpers import URBAN, report
from tests.ui.map_helpers import dispose, js, reveal, seed_cases, stats
from ui.map.map_view import MapView
from ui.tasks import TaskRunner

N = 50_000

DRAWN_TOTAL = (
    "GridMap.last.c.reduce(function (n, c) { return n + c[2]; }, 0) + GridMap.last.p.length"
)


@pytest.fixture
def big(ws):
    """Three real cases among 50,000 copies spread over the district."""
    ids = [report(ws, URBAN, index=i) for i in range(3)]
    seed_cases(ws, ids[0], N)
    ws.act_as("ducha")
    return ids


@pytest.fixture
def runner():
    runner = TaskRunner()  # the app's threads: SQL on the db lane, clusters on the map lane
    yield runner
    runner.wait()


def _open(qtbot, ws, runner) -> MapView:
    view = MapView(ws, runner)
    qtbot.addWidget(view, before_close_func=dispose)
    view.resize(1000, 700)
    view.show()
    with qtbot.waitSignal(view.ready, timeout=20_000):
        view.load()
    return view


def _zoom(qtbot, view, lat: float, lon: float, zoom: int) -> dict:
    """Set the view and wait for the page to draw the answer for it."""
    before = stats(qtbot, view)["views"]
    js(qtbot, view, f"GridMap.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); 1")
    qtbot.waitUntil(
        lambda: (s := stats(qtbot, view))["views"] > before and s["zoom"] == zoom, timeout=10_000
    )
    return stats(qtbot, view)


def test_fifty_thousand_cases_are_drawn_as_clusters_of_the_view(qtbot, ws, big, runner):
    view = _open(qtbot, ws, runner)
    with qtbot.waitSignal(view.cases_shown, timeout=20_000) as shown:
        view.show_cases(None)
    assert shown.args == [N + 3]
    s = stats(qtbot, view)
    assert s["markers"] == N + 3
    assert 0 < s["clusters"] < 600 and s["drawn"] < 600, s  # bubbles, not 50,000 dots
    # the whole district in view: every case is in a bubble or alone, once
    view.fit_all()
    qtbot.waitUntil(lambda: js(qtbot, view, DRAWN_TOTAL) == N + 3, timeout=10_000)
    whole = stats(qtbot, view)
    assert whole["clusters"] < 600 and whole["drawn"] < 600, whole
    bubbles = js(qtbot, view, "document.querySelectorAll('.gm-cluster').length")
    assert bubbles == whole["clusters"]
    # a filter is a new set of cases: drawn again, counted again
    with qtbot.waitSignal(view.cases_shown, timeout=20_000) as shown:
        view.show_cases(CaseQuery(states=("closed",)))
    closed = ws.maps.point_index(CaseQuery(states=("closed",))).total
    assert shown.args == [closed] and 5_000 < closed < N
    assert view.js_errors == []


def test_zooming_in_shows_the_cases_themselves_and_a_click_opens_one(qtbot, ws, big, runner):
    view = _open(qtbot, ws, runner)
    with qtbot.waitSignal(view.cases_shown, timeout=20_000):
        view.show_cases(None)
    rec = ws.record(big[1])
    near = _zoom(qtbot, view, rec.lat, rec.lon, CLUSTER_OFF_AT - 3)
    assert near["clusters"] > 0, near  # 50,000 cases: still bubbles a few streets wide
    street = _zoom(qtbot, view, rec.lat, rec.lon, CLUSTER_OFF_AT)
    assert street["clusters"] == 0 and 0 < street["drawn"] < 3_000, street
    assert js(qtbot, view, f"GridMap.markers.has('{big[1]}')") is True
    # a real mouse click on the case's dot (the page's canvas)
    p = js(
        qtbot, view, f"JSON.stringify(GridMap.map.latLngToContainerPoint([{rec.lat}, {rec.lon}]))"
    )
    target = view.view.focusProxy()
    with qtbot.waitSignal(view.case_clicked, timeout=5_000) as clicked:
        qtbot.mouseClick(
            target, Qt.MouseButton.LeftButton, pos=QPoint(round(p["x"]), round(p["y"]))
        )
    assert clicked.args == [big[1]]
    qtbot.waitUntil(lambda: rec.number in (stats(qtbot, view)["popupText"] or ""), timeout=5_000)
    assert stats(qtbot, view)["selected"] == big[1]
    # zoomed out again the case stays selected, drawn over the bubbles
    out = _zoom(qtbot, view, rec.lat, rec.lon, 12)
    assert out["clusters"] > 0 and out["selected"] == big[1]
    assert js(qtbot, view, "document.querySelectorAll('.leaflet-gmSelected-pane path').length") == 1
    assert view.js_errors == []


def test_a_bubble_click_zooms_onto_its_cases(qtbot, ws, big, runner):
    view = _open(qtbot, ws, runner)
    with qtbot.waitSignal(view.cases_shown, timeout=20_000):
        view.show_cases(None)
    before = stats(qtbot, view)
    assert before["clusters"] > 0
    views = before["views"]
    js(qtbot, view, "GridMap.bubbles.getLayers()[0].fire('click'); 1")
    qtbot.waitUntil(lambda: stats(qtbot, view)["views"] > views, timeout=10_000)
    assert stats(qtbot, view)["zoom"] > before["zoom"]
    assert view.js_errors == []


def test_a_selected_case_in_a_bubble_is_shown_alone(qtbot, ws, big, runner):
    """From the list: the map goes to the case, deep enough that it stands alone."""
    view = _open(qtbot, ws, runner)
    with qtbot.waitSignal(view.cases_shown, timeout=20_000):
        view.show_cases(None)
    view.select_case(big[2])
    qtbot.waitUntil(lambda: stats(qtbot, view)["selected"] == big[2], timeout=10_000)
    rec = ws.record(big[2])
    qtbot.waitUntil(lambda: rec.number in (stats(qtbot, view)["popupText"] or ""), timeout=5_000)
    zoom = stats(qtbot, view)["zoom"]
    assert zoom >= 16
    index = ws.maps.point_index()
    assert index.count_near(rec.lon, rec.lat, zoom) <= 1 or zoom >= CLUSTER_OFF_AT
    assert view.js_errors == []


def test_reveal_helper_matches_what_a_user_sees(qtbot, ws, big, runner):
    """The helper other tests use zooms in until the case is its own dot."""
    view = _open(qtbot, ws, runner)
    with qtbot.waitSignal(view.cases_shown, timeout=20_000):
        view.show_cases(None)
    rec = ws.record(big[0])
    s = reveal(qtbot, view, big[0], rec.lat, rec.lon)
    assert s["zoom"] == 18 and s["clusters"] == 0
    assert js(qtbot, view, f"GridMap.markerLatLng('{big[0]}')") == [
        pytest.approx(rec.lat, abs=1e-7),
        pytest.approx(rec.lon, abs=1e-7),
    ]
