"""A map people can read, on a real QtWebEngine page: the credits line (no Leaflet
prefix or flag), street/community names and grid codes at the right zooms, and the
first view on each role's own area."""

from __future__ import annotations

import pytest
from shapely.geometry import box

from gridapp.domain.case import CaseState
from gridapp.maps.tiles import TileSource
from tests.core.helpers import BEIJIAO, URBAN, drive, report
from tests.ui.map_helpers import js, open_map, reveal, show

STREET_NAMES = {"丝绸路街道", "大街街道", "青年路街道", "永安街街道", "城北路街道", "北郊镇",
                "南郊镇", "王村镇"}  # fmt: skip


def attribution(qtbot, view) -> dict:
    return js(qtbot, view, "GridMap.attributionInfo()")


def view_info(qtbot, view) -> dict:
    return js(qtbot, view, "GridMap.viewInfo()")


def labels_at(qtbot, view, lat: float, lon: float, zoom: int) -> dict:
    js(qtbot, view, f"GridMap.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); 1")
    qtbot.waitUntil(lambda: js(qtbot, view, "GridMap.map.getZoom()") == zoom, timeout=5_000)
    js(qtbot, view, "GridMap.updateLabels()")
    return js(qtbot, view, "GridMap.labelInfo()")


def test_attribution_credits_sources_without_leaflet_prefix(qtbot, ws):
    ws.act_as("ducha")
    view = open_map(qtbot, ws)
    info = attribution(qtbot, view)
    assert info["text"] == "Grid data: 淄博市周村区"
    assert "Leaflet" not in info["html"] and info["images"] == 0 and info["links"] == 0
    assert js(qtbot, view, "document.querySelectorAll('.leaflet-attribution-flag').length") == 0
    # a base map adds its provider's own credit, escaped, still without Leaflet's prefix
    source = TileSource(kind="xyz", url="https://t.example.invalid/{z}/{x}/{y}.png",
                        attribution="© 高德地图 <b>x</b>")  # fmt: skip
    ws.maps.set_tile_source(source)
    with qtbot.waitSignal(view.tile_source_changed, timeout=5_000):
        view.set_tile_source(source)
    info = attribution(qtbot, view)
    assert "Base map: © 高德地图 x" in info["text"] and "Grid data: 淄博市周村区" in info["text"]
    assert "Leaflet" not in info["html"] and info["images"] == 0 and "<b>" not in info["html"]
    assert view.js_errors == []


def _centre(ws, street_code: str) -> tuple[float, float]:
    """(lat, lon) of a street's label point, as the page got it."""
    feats = ws.maps.outline_features(TileSource())["features"]
    return next(
        tuple(f["properties"]["label"]) for f in feats if f["properties"]["code"] == street_code
    )


def test_names_and_codes_show_at_the_zooms_where_they_help(qtbot, ws):
    ws.act_as("ducha")
    view = open_map(qtbot, ws)
    counts = js(qtbot, view, "JSON.stringify([GridMap.outlines.getLayers().length,"
                "GridMap.labelGroups.street.getLayers().length,"
                "GridMap.labelGroups.community.getLayers().length,"
                "GridMap.labelGroups.grid.getLayers().length])")  # fmt: skip
    assert counts == [8 + len(ws.reference.communities), 8, len(ws.reference.communities), 409]

    view.set_legend_visible(False)  # the legend hides what is under it: see below
    b = ws.maps.bounds()
    whole = labels_at(qtbot, view, (b[1] + b[3]) / 2, (b[0] + b[2]) / 2, 12)
    assert len(set(whole["street"]) & STREET_NAMES) >= 6, whole  # a few may yield to others
    assert whole["community"] == [] and whole["grid"] == []

    lat, lon = _centre(ws, URBAN)
    town = labels_at(qtbot, view, lat, lon, 14)
    assert "丝绸路街道" in town["street"] and len(town["community"]) >= 2 and town["grid"] == []
    communities = {c.name for c in ws.reference.communities.values()}
    assert set(town["community"]) <= communities

    near = labels_at(qtbot, view, lat, lon, 16)
    assert near["street"] == [] and near["community"] and len(near["grid"]) >= 3
    assert all(code in ws.reference.grids for code in near["grid"])

    close = labels_at(qtbot, view, lat, lon, 17)
    assert close["community"] == [] and close["grid"]
    view.set_legend_visible(True)
    qtbot.waitUntil(lambda: js(qtbot, view, "GridMap.legendInfo()")["visible"], timeout=5_000)
    # no two shown labels overlap
    boxes = js(qtbot, view, "JSON.stringify(Array.from(document.querySelectorAll('.gm-label'))"
               ".filter(e => e.style.visibility !== 'hidden')"
               ".map(e => { const r = e.getBoundingClientRect(); "
               "return [r.left, r.top, r.right, r.bottom]; }))")  # fmt: skip
    shapes = [box(*r) for r in boxes]
    for i, a in enumerate(shapes):
        assert not any(a.intersection(o).area > 1 for o in shapes[i + 1 :])
    legend = box(*js(qtbot, view, "GridMap.legendInfo()")["rect"])
    assert shapes and not any(legend.intersection(o).area > 1 for o in shapes)
    assert view.js_errors == []


def _contains(view: dict, b: tuple[float, float, float, float], slack: float = 1e-4) -> bool:
    return (view["west"] <= b[0] + slack and view["south"] <= b[1] + slack
            and view["east"] >= b[2] - slack and view["north"] >= b[3] - slack)  # fmt: skip


def _area(view: dict) -> float:
    return (view["east"] - view["west"]) * (view["north"] - view["south"])


@pytest.mark.parametrize("who", ["officer", "town", "department", "district"])
def test_first_view_fits_the_users_own_area(qtbot, ws, who):
    ws.act_as("ducha")
    district = ws.maps.bounds()
    d_area = (district[2] - district[0]) * (district[3] - district[1])
    grids = ws.reference.grids
    if who == "officer":
        user = "wg001"
        codes = ws.reference.user(user).grid_codes
        polys = [grids[c].polygon for c in codes]
        want = (min(p.bounds[0] for p in polys), min(p.bounds[1] for p in polys),
                max(p.bounds[2] for p in polys), max(p.bounds[3] for p in polys))  # fmt: skip
    elif who == "town":
        user = "bj-paiqian"
        polys = [g.polygon for g in grids.values() if g.street_code == BEIJIAO]
        want = (min(p.bounds[0] for p in polys), min(p.bounds[1] for p in polys),
                max(p.bounds[2] for p in polys), max(p.bounds[3] for p in polys))  # fmt: skip
    elif who == "department":
        for i in (0, 3, 6):
            drive(ws, report(ws, URBAN, index=i), CaseState.DISPATCHED, department="D02")
        user = "bm-d02"
        ws.act_as(user)
        points = ws.maps.case_points()
        assert len(points) == 3, "the department has cases to frame"
        want = (min(p[1] for p in points), min(p[2] for p in points),
                max(p[1] for p in points), max(p[2] for p in points))  # fmt: skip
    else:
        user, want = "ducha", district
    ws.act_as(user)
    view = open_map(qtbot, ws)
    shown = view_info(qtbot, view)
    assert _contains(shown, want), (shown, want)
    # the tightest whole zoom that shows it all, centred on it
    w, s, e, n = want
    tightest = js(qtbot, view, f"GridMap.map.getBoundsZoom(L.latLngBounds([[{s}, {w}], "
                  f"[{n}, {e}]]), false, L.point(32, 32))")  # fmt: skip
    assert shown["zoom"] == tightest
    assert (shown["west"] + shown["east"]) / 2 == pytest.approx((w + e) / 2, abs=(e - w) / 10)
    assert (shown["south"] + shown["north"]) / 2 == pytest.approx((s + n) / 2, abs=(n - s) / 10)
    if who in ("officer", "department"):
        assert _area(shown) < d_area / 3, "the first view is the user's area, not the district"
    # "My area" comes back to it after the user wandered off
    js(qtbot, view, "GridMap.map.setView([36.0, 117.0], 8, {animate: false}); 1")
    view.scope_action.trigger()
    qtbot.waitUntil(lambda: _contains(view_info(qtbot, view), want), timeout=5_000)
    assert view.js_errors == []


def test_officer_opens_close_enough_to_see_grid_codes(qtbot, ws):
    ws.act_as("wg001")
    view = open_map(qtbot, ws)
    show(qtbot, view)
    info = js(qtbot, view, "GridMap.labelInfo()")
    assert info["zoom"] >= 14
    mine = ws.reference.user("wg001").grid_codes
    assert info["grid"] or info["community"], info
    assert set(info["grid"]) & mine or info["community"]


@pytest.mark.parametrize("user", ["wg001", "bj-paiqian", "bm-d02"])
def test_legend_fits_the_map_on_a_1366x768_laptop(qtbot, ws, user):
    from tests.ui.map_helpers import dispose, legend_info
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    ws.act_as(user)
    window = MainWindow(ws, TaskRunner(inline=True))
    qtbot.addWidget(window, before_close_func=lambda w: dispose(w.map))
    window.resize(1366, 768)
    window.show()
    qtbot.waitSignal(window.map.ready, timeout=20_000).wait()
    qtbot.wait(300)
    legend = legend_info(qtbot, window.map)
    left, top, right, bottom = legend["rect"]
    mleft, mtop, mright, mbottom = legend["map"]
    assert legend["visible"] and not legend["scrolls"], legend
    assert mleft <= left and mtop <= top and right <= mright and bottom <= mbottom, legend
    fit = legend["fit"]
    if legend["collapsed"]:  # too tall for the map, or hiding too much of it: the header
        assert fit["tall"] or fit["share"] > legend["maxShare"], legend
    else:
        assert legend["rows"] >= 19 and fit["share"] <= legend["maxShare"], legend
    credits = js(qtbot, window.map, "JSON.stringify(document.querySelector("
                 "'.leaflet-control-attribution').getBoundingClientRect())")  # fmt: skip
    assert credits["top"] >= bottom - 1, "the credits line is not under the legend"
    assert window.map.js_errors == []


def test_area_names_are_shown_as_text(qtbot, ws):
    """A street or community name with markup is a label's text, never markup."""
    from sqlalchemy import update

    from gridapp.store.schema import communities, streets

    evil_street = "<img src=x onerror=alert(1)>街道"
    evil_community = "<b>社区</b>&amp;"
    community = sorted(c for c in ws.reference.communities if c.startswith(URBAN))[0]
    with ws.db.write() as conn:
        conn.execute(update(streets).where(streets.c.code == URBAN).values(name=evil_street))
        conn.execute(
            update(communities).where(communities.c.code == community).values(name=evil_community)
        )
    ws.reload_reference()
    ws.act_as("ducha")
    view = open_map(qtbot, ws)
    view.set_legend_visible(False)
    lat, lon = _centre(ws, URBAN)
    shown = labels_at(qtbot, view, lat, lon, 14)
    assert evil_street in shown["street"], shown
    c_lat, c_lon = _label_of(ws, community)
    shown = labels_at(qtbot, view, c_lat, c_lon, 15)
    assert evil_community in shown["community"], shown
    pane = ".leaflet-gmLabels-pane"
    assert js(qtbot, view, f"document.querySelectorAll('{pane} .gm-label').length") > 2
    assert js(qtbot, view, f"document.querySelectorAll('{pane} img, {pane} b').length") == 0
    assert view.js_errors == []


def _label_of(ws, code: str) -> tuple[float, float]:
    feats = ws.maps.outline_features(TileSource())["features"]
    return next(tuple(f["properties"]["label"]) for f in feats if f["properties"]["code"] == code)


def test_legend_swatches_match_the_markers(qtbot, ws, clock):
    """Each state's legend dot has the fill and ring of that state's markers, and an
    overdue case wears the legend's red ring."""
    from tests.core.helpers import act, centre
    from ui.labels import state_label

    open_id = report(ws, URBAN, index=0)
    gone = report(ws, URBAN, index=1)
    act(ws, centre(ws, gone)["intake"], gone, "reject", {"reason": "重复上报"})
    late = report(ws, URBAN, index=2)
    drive(ws, late, CaseState.DISPATCHED, department="D02")
    clock.advance(days=30)
    ws.act_as("ducha")
    view = open_map(qtbot, ws)
    show(qtbot, view)
    swatches = js(
        qtbot,
        view,
        "JSON.stringify(Array.from(document.querySelectorAll('.gm-legend-row')).map(r => "
        "{ const d = r.querySelector('.gm-dot'); const s = d && getComputedStyle(d); "
        "return [r.textContent, s ? s.backgroundColor : null, s ? s.borderTopColor : null]; }))",
    )
    legend = {text: (bg, ring) for text, bg, ring in swatches}

    def rgb(hex_colour: str) -> str:
        h = hex_colour.lstrip("#")
        return "rgb({}, {}, {})".format(*(int(h[i : i + 2], 16) for i in (0, 2, 4)))

    def marker(case_id: str) -> dict:
        rec = ws.record(case_id)
        reveal(qtbot, view, case_id, rec.lat, rec.lon)  # zoomed in: the case's own dot
        return js(qtbot, view, f"JSON.stringify(GridMap.markers.get('{case_id}').options)")

    m = marker(open_id)
    assert legend[state_label(CaseState.REPORTED)] == (rgb(m["fillColor"]), rgb(m["color"]))
    m = marker(gone)  # finished: hollow, ring in the state's colour
    assert legend[state_label(CaseState.REJECTED)] == ("rgb(255, 255, 255)", rgb(m["color"]))
    m = marker(late)
    overdue = [v for k, v in legend.items() if k.endswith(view.tr("Overdue"))]
    assert overdue and overdue[0][1] == rgb(m["color"]) == "rgb(220, 38, 38)"
    assert view.js_errors == []


def test_legend_waits_for_the_windows_labels(qtbot, ws):
    """The page's built-in English words never show: without labels the legend is
    hidden, and it shows (in the window's words) once they come."""
    ws.act_as("ducha")
    view = open_map(qtbot, ws)
    visible = "getComputedStyle(document.querySelector('.gm-legend')).visibility"
    assert js(qtbot, view, visible) == "visible"
    hide = "window.savedLabels = GridMap.labels; GridMap.setLabels({}); "
    assert js(qtbot, view, hide + visible) == "hidden"
    assert js(qtbot, view, "GridMap.setLabels(window.savedLabels); " + visible) == "visible"
    assert view.js_errors == []
