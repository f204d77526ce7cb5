"""Base map: the TileSourceDialog, swapping the page's tile layer in place, MBTiles
native zoom, and the legend (translated, escaped)."""

from __future__ import annotations

import io
import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog

from gridapp.domain.case import CaseState
from gridapp.domain.coords import wgs84_to_gcj02
from gridapp.maps.mbtiles import write_mbtiles
from gridapp.maps.tiles import TileSource
from tests.core.helpers import BEIJIAO, URBAN, report
from tests.ui.map_helpers import (
    JsonTranslator,
    RequestLog,
    base_info,
    js,
    legend_info,
    open_map,
    show,
    stats,
)
from ui.map.tiles_dialog import TileSourceDialog
from ui.tasks import TaskRunner

XYZ = "https://tiles.example.invalid/{z}/{x}/{y}.png"
LON, LAT = 117.87, 36.80


def _png(color: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), color).save(buf, "PNG")
    return buf.getvalue()


def _tile_xy(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def _town_file(tmp_path, name: str = "zc.mbtiles"):
    """Red tiles around the test point at zooms 12–13 (so maxzoom 13), with bounds."""
    tiles = {}
    for z in (12, 13):
        x, y = _tile_xy(LON, LAT, z)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                tiles[(z, x + dx, y + dy)] = _png((220, 0, 0))
    return write_mbtiles(tmp_path / name, tiles, name="周村城区", bounds="117.7,36.7,118.0,36.9")


def _dialog(qtbot, ws, parent=None) -> TileSourceDialog:
    dialog = TileSourceDialog(ws, TaskRunner(inline=True), parent)
    if parent is None:
        qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _save(qtbot, dialog: TileSourceDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def _pick(qtbot, radio) -> None:
    """Click a radio button on its indicator (its centre may be past the text)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))


def _type(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


@pytest.fixture
def cases(ws):
    ids = [report(ws, URBAN, index=i) for i in range(3)] + [report(ws, BEIJIAO, index=0)]
    ws.act_as("ducha")
    return ids


def test_dialog_refuses_bad_input_and_saves_nothing(qtbot, ws, tmp_path):
    dialog = _dialog(qtbot, ws)
    assert dialog.none_radio.isChecked() and not dialog.xyz_box.isEnabled()
    with qtbot.assertNotEmitted(dialog.changed):
        _pick(qtbot, dialog.xyz_radio)
        assert dialog.xyz_box.isEnabled() and not dialog.mbtiles_box.isEnabled()
        for url, says in [
            ("https://a.example/{z}/{x}.png", "{y}"),
            ("tiles/{z}/{x}/{y}.png", "http"),
            ("https://a.example/{z}/{x}/{y}?key={key}", "{key}"),
        ]:
            _type(qtbot, dialog.url_edit, url)
            _save(qtbot, dialog)
            assert dialog.error_label.isVisible() and says in dialog.error_label.text()
            assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        _pick(qtbot, dialog.mbtiles_radio)
        junk = tmp_path / "junk.mbtiles"
        junk.write_bytes(b"not a database" * 300)
        for path, says in [(junk, "不是有效"), (tmp_path / "absent.mbtiles", "不存在")]:
            _type(qtbot, dialog.path_edit, str(path))
            _save(qtbot, dialog)
            assert says in dialog.error_label.text()
        _type(qtbot, dialog.path_edit, "")
        _save(qtbot, dialog)
        assert "MBTiles" in dialog.error_label.text()
    assert ws.maps.tile_source() == TileSource()


def test_dialog_saves_each_kind(qtbot, ws, tmp_path, monkeypatch):
    dialog = _dialog(qtbot, ws)
    _pick(qtbot, dialog.xyz_radio)
    amap = "https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}"
    _type(qtbot, dialog.url_edit, amap)
    _type(qtbot, dialog.subdomains_edit, "1234")
    _type(qtbot, dialog.attribution_edit, "(c) AutoNavi")
    dialog.max_zoom_spin.setValue(18)
    dialog.gcj_check.setChecked(True)
    with qtbot.waitSignal(dialog.changed) as blocker:
        _save(qtbot, dialog)
    want = TileSource("xyz", amap, "(c) AutoNavi", 18, "gcj02", "1234")
    assert blocker.args == [want] and ws.maps.tile_source() == want
    assert dialog.result() == QDialog.DialogCode.Accepted

    again = _dialog(qtbot, ws)  # the saved choice is shown for editing
    assert again.xyz_radio.isChecked() and again.url_edit.text() == amap
    assert again.subdomains_edit.text() == "1234" and again.gcj_check.isChecked()
    path = _town_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    _pick(qtbot, again.mbtiles_radio)
    qtbot.mouseClick(again.browse_button, Qt.MouseButton.LeftButton)
    assert again.path_edit.text() == str(path)
    text = again.info_label.text()
    assert "周村城区" in text and "12–13" in text and "117.7000" in text, text
    again.gcj_check.setChecked(False)
    with qtbot.waitSignal(again.changed):
        _save(qtbot, again)
    assert ws.maps.tile_source() == TileSource(kind="mbtiles", url=str(path), max_zoom=13)

    last = _dialog(qtbot, ws)
    assert last.mbtiles_radio.isChecked() and "周村城区" in last.info_label.text()
    _pick(qtbot, last.none_radio)
    with qtbot.waitSignal(last.changed):
        _save(qtbot, last)
    assert ws.maps.tile_source() == TileSource()


def test_map_swaps_base_layer_in_place_and_keeps_selection(qtbot, ws, cases, tmp_path):
    requests = RequestLog()
    view = open_map(qtbot, ws, requests)
    assert base_info(qtbot, view) == {"url": None, "tileLayers": 0}
    show(qtbot, view)
    view.select_case(cases[0])
    qtbot.waitUntil(lambda: stats(qtbot, view)["selected"] == cases[0], timeout=5_000)
    js(qtbot, view, "window.__sameDocument = 7; 1")
    rec = ws.record(cases[0])

    # online tiles through the map's own toolbar button and the dialog
    view.base_action.trigger()
    dialog = view.findChild(TileSourceDialog)
    assert dialog is not None and dialog.isVisible()
    _pick(qtbot, dialog.xyz_radio)
    _type(qtbot, dialog.url_edit, XYZ)
    dialog.max_zoom_spin.setValue(17)
    with qtbot.waitSignal(view.tile_source_changed, timeout=5_000):
        _save(qtbot, dialog)
    qtbot.waitUntil(lambda: base_info(qtbot, view)["url"] == XYZ, timeout=5_000)
    info = base_info(qtbot, view)
    assert info["tileLayers"] == 1 and info["maxNativeZoom"] == 17
    assert {u.split("/")[2] for u in requests.foreign()} <= {"tiles.example.invalid"}

    # offline GCJ-02 tiles: the markers move to the shifted points, the selection stays
    path = _town_file(tmp_path)
    ws.maps.set_tile_source(TileSource(kind="mbtiles", url=str(path), crs="gcj02"))
    with qtbot.waitSignal(view.cases_shown, timeout=10_000):
        view.set_tile_source(ws.maps.tile_source())
    info = base_info(qtbot, view)
    assert info["url"].startswith("mbtiles://") and info["tileLayers"] == 1
    assert info["maxNativeZoom"] == 13 and info["minZoom"] == 12
    gx, gy = wgs84_to_gcj02(rec.lon, rec.lat)
    shown = js(qtbot, view, f"GridMap.markerLatLng('{cases[0]}')")
    assert shown == [pytest.approx(gy, abs=1e-6), pytest.approx(gx, abs=1e-6)]
    assert stats(qtbot, view)["selected"] == cases[0]
    assert stats(qtbot, view)["markers"] == len(cases)

    # back to none: no tile layer, stored points again
    ws.maps.set_tile_source(TileSource())
    with qtbot.waitSignal(view.cases_shown, timeout=10_000):
        view.set_tile_source(TileSource())
    assert base_info(qtbot, view) == {"url": None, "tileLayers": 0}
    shown = js(qtbot, view, f"GridMap.markerLatLng('{cases[0]}')")
    assert shown == [pytest.approx(rec.lat, abs=1e-7), pytest.approx(rec.lon, abs=1e-7)]
    assert stats(qtbot, view)["selected"] == cases[0]
    assert js(qtbot, view, "window.__sameDocument") == 7
    assert view.js_errors == []
    view.profile.setUrlRequestInterceptor(None)


def test_mbtiles_deepest_zoom_is_scaled_not_blank(qtbot, ws, tmp_path):
    path = _town_file(tmp_path)
    ws.act_as("ducha")
    ws.maps.set_tile_source(TileSource(kind="mbtiles", url=str(path)))
    requests = RequestLog()
    view = open_map(qtbot, ws, requests)
    assert base_info(qtbot, view)["maxNativeZoom"] == 13
    js(qtbot, view, f"GridMap.map.setView([{LAT}, {LON}], 16, {{animate: false}}); 1")
    loaded = (
        "JSON.stringify(Array.from(document.querySelectorAll('img.leaflet-tile-loaded'))"
        ".map(i => i.src))"
    )
    qtbot.waitUntil(lambda: len(js(qtbot, view, loaded)) >= 1, timeout=10_000)
    assert all("/13/" in src for src in js(qtbot, view, loaded))
    tiles = [u for u in requests.urls if u.startswith("mbtiles://")]
    assert tiles and not [u for u in tiles if u.split("/")[3] in ("14", "15", "16")]
    qtbot.wait(200)
    image = view.view.grab().toImage()
    w, h = image.width(), image.height()
    spots = [image.pixelColor(w * i // 7, h * j // 7) for i in (1, 2, 3) for j in (1, 3, 5)]
    red = [p for p in spots if p.red() > 150 and p.green() < 120]  # a few fall on grid lines
    assert len(red) >= 6, [p.name() for p in spots]
    # fit all falls back to the file's bounds when there is nothing else
    js(qtbot, view, "GridMap.grids.clearLayers(); GridMap.fitAll(); 1")
    centre = js(qtbot, view, "JSON.stringify(GridMap.map.getCenter())")
    assert centre["lat"] == pytest.approx(36.8, abs=0.01)
    assert centre["lng"] == pytest.approx(117.85, abs=0.01)
    assert view.js_errors == []
    view.profile.setUrlRequestInterceptor(None)


def test_legend_translated_escaped_and_toggled(qtbot, ws):
    translator = JsonTranslator("maps", "map2")
    app = QApplication.instance()
    app.installTranslator(translator)
    try:
        ws.act_as("ducha")
        view = open_map(qtbot, ws)
    finally:
        app.removeTranslator(translator)
    legend = legend_info(qtbot, view)
    # every state, the two deadline rings, three kinds of boundary, five count classes
    assert legend["visible"] and legend["rows"] == len(CaseState) + 2 + 3 + 5
    for text in ("案件状态", "处置时限", "网格未结案件数", "时限已用80%", "已超期", "6–10", "≥ 11",
                 "边界", "街道/镇", "社区", "单元网格"):  # fmt: skip
        assert text in legend["text"], text
    assert view.legend_action.text() == "图例" and view.base_action.text() == "底图…"
    evil = "<img src=x onerror=alert(1)>"
    js(qtbot, view, f"GridMap.setLabels({{legendStates: {evil!r}}}); 1")
    legend = legend_info(qtbot, view)
    assert evil in legend["text"] and "&lt;img" in legend["html"]
    assert js(qtbot, view, "document.querySelectorAll('.gm-legend img').length") == 0
    view.legend_action.trigger()
    qtbot.waitUntil(lambda: not legend_info(qtbot, view)["visible"], timeout=5_000)
    view.legend_action.trigger()
    qtbot.waitUntil(lambda: legend_info(qtbot, view)["visible"], timeout=5_000)
    assert view.js_errors == []


@pytest.fixture
def tile_server():
    """A local XYZ server (green tiles): online tiles without the internet."""
    hits: list[str] = []
    png = _png((0, 160, 0))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png", hits
    server.shutdown()
    server.server_close()


def test_online_tiles_load_after_switching_from_none(qtbot, ws, tile_server):
    url, hits = tile_server
    ws.act_as("ducha")
    view = open_map(qtbot, ws)
    qtbot.wait(300)
    assert hits == []  # no base map: nothing asked of any server
    source = TileSource(kind="xyz", url=url, max_zoom=18)
    ws.maps.set_tile_source(source)
    with qtbot.waitSignal(view.tile_source_changed, timeout=5_000):
        view.set_tile_source(source)
    count = "document.querySelectorAll('img.leaflet-tile-loaded').length"
    qtbot.waitUntil(lambda: js(qtbot, view, count) >= 1, timeout=10_000)
    assert hits and all(h.endswith(".png") for h in hits)
    assert view.js_errors == []
