"""The map view on a real QtWebEngine page, offscreen: offline, markers, clicks, picking."""

from __future__ import annotations

import io
import math

import pytest
from PIL import Image

from gridapp.domain.case import CaseState
from gridapp.domain.coords import wgs84_to_gcj02
from gridapp.maps.mbtiles import write_mbtiles
from gridapp.maps.tiles import TileSource
from gridapp.workspace import CaseQuery
from tests.core.helpers import BEIJIAO, URBAN, act, centre, report
from tests.ui.map_helpers import RequestLog, dispose, js, open_map, reveal, show, stats

EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture
def requests():
    log = RequestLog()
    yield log


@pytest.fixture
def cases(ws):
    ids = [report(ws, URBAN, index=i) for i in range(4)]
    ids.append(report(ws, BEIJIAO, index=0, address=EVIL, description=EVIL))
    ws.act_as("ducha")
    return ids


@pytest.fixture
def view(qtbot, ws, cases, requests):
    v = open_map(qtbot, ws, requests)
    yield v
    v.profile.setUrlRequestInterceptor(None)


def test_page_loads_offline_with_grids_and_markers(qtbot, ws, cases, view, requests):
    assert show(qtbot, view) == len(cases)
    s = stats(qtbot, view)
    assert s["grids"] == len(ws.reference.grids) == 409
    assert s["markers"] == len(cases)
    assert view.js_errors == []
    assert requests.urls, "the interceptor saw the page load"
    assert requests.foreign() == []
    html = view.page_path.read_text(encoding="utf-8")
    assert "cdn" not in html and "https://" not in html
    # grid tooltips carry codes, and the counts colour the grids
    tip = js(qtbot, view, "GridMap.grids.getLayers()[0].feature.properties.code")
    assert tip in ws.reference.grids
    open_total = js(
        qtbot,
        view,
        "GridMap.grids.getLayers().reduce((n, l) => n + l.feature.properties.open, 0)",
    )
    assert open_total == len(cases)


def test_marker_click_emits_case_id(qtbot, ws, cases, view):
    show(qtbot, view)
    rec = ws.record(cases[1])
    reveal(qtbot, view, cases[1], rec.lat, rec.lon)  # zoomed in: the case is its own dot
    with qtbot.waitSignal(view.case_clicked, timeout=5_000) as blocker:
        assert js(qtbot, view, f"GridMap.clickMarker('{cases[1]}')") is True
    assert blocker.args == [cases[1]]
    assert stats(qtbot, view)["selected"] == cases[1]
    # the popup opens at once; the number comes with the details, read on the click
    qtbot.waitUntil(lambda: rec.number in (stats(qtbot, view)["popupText"] or ""), timeout=5_000)


def test_select_case_highlights_and_escapes_popup(qtbot, cases, view):
    show(qtbot, view)
    view.select_case(cases[-1])
    qtbot.waitUntil(lambda: (stats(qtbot, view)["popupText"] or "").find(EVIL) >= 0, timeout=10_000)
    s = stats(qtbot, view)
    assert s["selected"] == cases[-1]
    assert "&lt;img" in s["popupHtml"]
    assert js(qtbot, view, "document.querySelectorAll('.leaflet-popup-content img').length") == 0
    assert view.js_errors == []


def test_clicked_case_details_arrive_as_text(qtbot, ws, cases, view):
    """The details read on a click (number, category, address) are text, never markup."""
    show(qtbot, view)
    rec = ws.record(cases[-1])
    reveal(qtbot, view, cases[-1], rec.lat, rec.lon)
    assert js(qtbot, view, f"GridMap.clickMarker('{cases[-1]}')") is True
    qtbot.waitUntil(lambda: EVIL in (stats(qtbot, view)["popupText"] or ""), timeout=5_000)
    s = stats(qtbot, view)
    assert rec.number in s["popupText"] and "&lt;img" in s["popupHtml"]
    assert js(qtbot, view, "document.querySelectorAll('.leaflet-popup-content img').length") == 0
    assert view.js_errors == []


def test_select_case_outside_the_shown_query_fetches_it(qtbot, ws, cases, view):
    show(qtbot, view, CaseQuery(street_code=URBAN))
    assert stats(qtbot, view)["markers"] == 4
    view.select_case(cases[-1])
    qtbot.waitUntil(lambda: stats(qtbot, view)["selected"] == cases[-1], timeout=10_000)


def test_pick_mode_emits_wgs84_point(qtbot, ws, view):
    view.start_pick()
    qtbot.waitUntil(lambda: stats(qtbot, view)["picking"], timeout=5_000)
    with qtbot.waitSignal(view.point_picked, timeout=5_000) as blocker:
        js(qtbot, view, "GridMap.map.fire('click', {latlng: L.latLng(36.8012, 117.8734)}); 1")
    assert blocker.args == [pytest.approx(117.8734), pytest.approx(36.8012)]
    view.cancel_pick()
    qtbot.waitUntil(lambda: not stats(qtbot, view)["picking"], timeout=5_000)
    with qtbot.assertNotEmitted(view.point_picked, wait=300):
        js(qtbot, view, "GridMap.map.fire('click', {latlng: L.latLng(36.8, 117.87)}); 1")


def test_changes_update_markers_without_reload(qtbot, ws, cases, view):
    show(qtbot, view)
    js(qtbot, view, "window.__sameDocument = 42; 1")
    new_id = report(ws, URBAN, index=7)
    ws.act_as("ducha")
    view.apply_changes(_changes_of(new_id))
    qtbot.waitUntil(lambda: stats(qtbot, view)["markers"] == len(cases) + 1, timeout=5_000)
    staff = centre(ws, cases[0])
    changes = act(ws, staff["intake"], cases[0], "reject", {"reason": "不属于受理范围"})
    ws.act_as("ducha")
    view.apply_changes(changes)
    rec = ws.record(cases[0])
    reveal(qtbot, view, cases[0], rec.lat, rec.lon)
    qtbot.waitUntil(
        lambda: js(qtbot, view, f"GridMap.markers.get('{cases[0]}').caseRow[3]") == "rejected",
        timeout=5_000,
    )
    # a filter that excludes the changed case removes its marker
    assert show(qtbot, view, CaseQuery(states=(CaseState.REPORTED,))) == len(cases)
    view.remove_case(cases[1])
    qtbot.waitUntil(lambda: stats(qtbot, view)["markers"] == len(cases) - 1, timeout=5_000)
    assert js(qtbot, view, "window.__sameDocument") == 42
    assert view.js_errors == []


def _changes_of(case_id: str):
    from gridapp.workspace import Changes

    return Changes(case_ids=frozenset({case_id}))


def _tile_xy(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def _png(color: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), color).save(buf, "PNG")
    return buf.getvalue()


def test_mbtiles_tiles_are_served_and_shown(qtbot, ws, tmp_path, requests):
    from ui.map.schemes import mbtiles_handler, scheme_registered

    assert scheme_registered()
    lon, lat, z = 117.87, 36.80, 13
    x, y = _tile_xy(lon, lat, z)
    path = write_mbtiles(
        tmp_path / "zc.mbtiles",
        {
            (z, x, y): _png((220, 0, 0)),
            (z, x + 1, y): _png((0, 0, 220)),
            (z, x, y + 1): _png((0, 200, 0)),  # the row south of it: shows the TMS flip
        },
    )
    ws.act_as("ducha")
    ws.maps.set_tile_source(TileSource(kind="mbtiles", url=str(path), max_zoom=z))
    view = open_map(qtbot, ws, requests)
    js(qtbot, view, f"GridMap.map.setView([{lat}, {lon}], {z}, {{animate: false}}); 1")
    tile = f"/{z}/{x}/{y}"
    loaded = (
        "Array.from(document.querySelectorAll('img.leaflet-tile-loaded'))"
        f".filter(i => i.src.endsWith('{tile}') && i.naturalWidth === 256).length"
    )
    qtbot.waitUntil(lambda: js(qtbot, view, loaded) == 1, timeout=10_000)
    assert mbtiles_handler(view.profile).served >= 2
    assert any(u.startswith("mbtiles://") for u in requests.urls)
    assert requests.foreign() == []
    qtbot.wait(300)
    image = view.grab().toImage()
    centre_px = image.pixelColor(image.width() // 2, image.height() // 2)
    assert centre_px.red() > 150 and centre_px.green() < 120, centre_px.name()
    # the middle of XYZ tile (x, y + 1) is green: rows are read back south of (x, y)
    south = js(qtbot, view, f"JSON.stringify(GridMap.map.latLngToContainerPoint("
               f"GridMap.map.unproject([{x + 0.5} * 256, {y + 1.5} * 256], {z})))")  # fmt: skip
    assert 0 < south["y"] < view.view.height() - 2, south
    px = image.pixelColor(int(south["x"]), int(south["y"]) + view.view.y())
    assert px.green() > 150 and px.red() < 100, px.name()
    assert view.js_errors == []
    view.profile.setUrlRequestInterceptor(None)


def test_gcj02_source_shifts_display_not_storage(qtbot, ws, cases, tmp_path, requests):
    path = write_mbtiles(tmp_path / "gcj.mbtiles", {(0, 0, 0): _png((200, 200, 200))})
    ws.maps.set_tile_source(TileSource(kind="mbtiles", url=str(path), max_zoom=16, crs="gcj02"))
    view = open_map(qtbot, ws, requests)
    show(qtbot, view)
    rec = ws.record(cases[0])
    gx, gy = wgs84_to_gcj02(rec.lon, rec.lat)
    reveal(qtbot, view, cases[0], gy, gx)
    shown = js(qtbot, view, f"GridMap.markerLatLng('{cases[0]}')")
    assert shown == [pytest.approx(gy, abs=1e-6), pytest.approx(gx, abs=1e-6)]
    assert abs(shown[1] - rec.lon) > 1e-3
    assert ws.record(cases[0]).lon == rec.lon
    view.start_pick()
    with qtbot.waitSignal(view.point_picked, timeout=5_000) as blocker:
        js(qtbot, view, f"GridMap.map.fire('click', {{latlng: L.latLng({gy}, {gx})}}); 1")
    assert blocker.args == [pytest.approx(rec.lon, abs=1e-6), pytest.approx(rec.lat, abs=1e-6)]
    assert view.js_errors == []
    view.profile.setUrlRequestInterceptor(None)


def test_threaded_runner_loads_and_shows(qtbot, ws, cases):
    """As in the app: the page is built and points are fetched on the runner's db lane."""
    from ui.map.map_view import MapView
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    view = MapView(ws, runner)
    qtbot.addWidget(view, before_close_func=dispose)
    view.show_cases(None)  # asked before the page is ready: shown once it is
    with qtbot.waitSignals([view.ready, view.cases_shown], timeout=20_000):
        view.load()
    assert stats(qtbot, view)["markers"] == len(cases)
    assert view.js_errors == []
    runner.wait()


def test_scripts_sent_while_the_page_reloads_wait_for_it(qtbot, ws, cases):
    """A reference change reloads the page while answers for the old one are still on
    the db lane: they wait for the new page (no "GridMap is not defined"), and the cases
    shown before are shown again."""
    from gridapp.workspace import Changes
    from ui.map.map_view import MapView
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    view = MapView(ws, runner)
    qtbot.addWidget(view, before_close_func=dispose)
    with qtbot.waitSignals([view.ready, view.cases_shown], timeout=20_000):
        view.load()
        view.show_cases(None)
    with qtbot.waitSignals([view.ready, view.cases_shown], timeout=20_000):
        view.apply_changes(_changes_of(cases[0]))  # a fetch in flight…
        view.apply_changes(Changes(reference=True))  # …when the page reloads
        view.select_case(cases[1])
        view.fit_scope()
    qtbot.waitUntil(lambda: stats(qtbot, view)["selected"] == cases[1], timeout=10_000)
    assert stats(qtbot, view)["markers"] == len(cases)
    assert view.js_errors == []
    runner.wait()


def test_a_replaced_page_saying_ready_runs_nothing_in_the_new_one(qtbot, ws, cases):
    """On a new laptop the first sync reloads the page while the first one still loads;
    the first page's ``pageReady`` then arrives while the second has not defined GridMap.
    Each load carries its number (``?p=<n>``) and a ready from another load is dropped."""
    from gridapp.workspace import Changes
    from ui.map.map_view import MapView
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    view = MapView(ws, runner)
    qtbot.addWidget(view, before_close_func=dispose)
    said: list[str] = []
    view.bridge.page_ready.connect(said.append)
    with qtbot.waitSignals([view.ready, view.cases_shown], timeout=20_000):
        view.load()
        view.show_cases(None)
    assert said == ["?p=1"]  # the page passes back which load it is

    view.bridge.page_ready.disconnect(view._on_page_ready)  # hold the new page's own ready
    view.apply_changes(Changes(reference=True))
    qtbot.waitUntil(lambda: view._page_number == 2 and view._grids is not None, timeout=10_000)
    view._on_page_ready("?p=1")  # the replaced page's late ready
    assert not view.is_ready  # nothing may run in a page that has not said it is ready
    qtbot.waitUntil(lambda: "?p=2" in said, timeout=20_000)
    with qtbot.waitSignals([view.ready, view.cases_shown], timeout=20_000):
        view._on_page_ready("?p=2")
    assert stats(qtbot, view)["markers"] == len(cases)
    assert view.js_errors == []
    runner.wait()


def test_a_page_under_a_relative_data_folder_loads(qtbot, ws, cases, requests, monkeypatch):
    """``gridapp --data-dir data`` gives the store, and so the page, a relative path: a
    relative file URL is no page (loadFinished false, the map never drew)."""
    page = ws.maps.page_file()
    monkeypatch.chdir(page.parent.parent)
    relative = page.relative_to(page.parent.parent)
    monkeypatch.setattr(ws.maps, "page_file", lambda: relative)
    view = open_map(qtbot, ws, requests)
    assert show(qtbot, view) == len(cases)
    assert view.js_errors == []
    view.profile.setUrlRequestInterceptor(None)
