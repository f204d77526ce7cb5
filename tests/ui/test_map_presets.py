"""Ready base maps on a real page: 天地图 (key, base + label layer) and 高德 (GCJ-02),
chosen in the dialog and fetched from a local tile server standing in for the
providers (the page's requests to their hosts are redirected to it)."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor
from PySide6.QtWidgets import QDialogButtonBox

from gridapp.domain.coords import wgs84_to_gcj02
from gridapp.maps import presets
from gridapp.maps.tiles import TileSource
from tests.core.helpers import URBAN, report
from tests.ui.map_helpers import base_info, js, open_map, show
from ui.map.tiles_dialog import TileSourceDialog

KEY = "0123456789abcdef0123456789abcdef"


class Requests(QWebEngineUrlRequestInterceptor):
    """Records the page's requests; anything not local is blocked."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        self.seen.append(url.toString())
        if url.scheme() in ("http", "https") and url.host() != "127.0.0.1":
            info.block(True)


@pytest.fixture
def provider_server(monkeypatch):
    """A local server standing in for the providers: the presets' roots point at it
    (one path per provider host, so the templates are otherwise exactly theirs)."""
    hits: list[str] = []
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), (0, 150, 60)).save(buf, "PNG")
    png = buf.getvalue()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setattr(presets, "TIANDITU_ROOT", root + "/t{s}.tianditu.gov.cn")
    monkeypatch.setattr(presets, "AMAP_ROOT", root + "/{host}0{s}.is.autonavi.com")
    yield server.server_port, hits
    server.shutdown()
    server.server_close()


def _choose(qtbot, view, preset_id: str, key: str = "") -> TileSourceDialog:
    view.base_action.trigger()
    dialog = view.findChild(TileSourceDialog)
    radio = dialog.xyz_radio
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData(preset_id))
    dialog.key_edit.setText(key)
    return dialog


def _save(qtbot, dialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def _layers(hits: list[str]) -> set[str]:
    return {parse_qs(urlsplit(h).query).get("LAYER", ["?"])[0] for h in list(hits)}


def _loaded(qtbot, view) -> int:
    return js(qtbot, view, "document.querySelectorAll('img.leaflet-tile-loaded').length")


def test_tianditu_preset_asks_for_the_key_and_loads_base_and_labels(qtbot, ws, provider_server):
    _port, hits = provider_server
    ws.act_as("ducha")
    requests = Requests()
    view = open_map(qtbot, ws, requests)
    dialog = _choose(qtbot, view, "tianditu-vector")
    assert dialog.key_edit.isEnabled() and dialog.url_edit.isReadOnly()
    assert "tianditu.gov.cn/vec_w/wmts" in dialog.url_edit.text()
    assert not dialog.gcj_check.isChecked() and not dialog.gcj_check.isEnabled()
    with qtbot.assertNotEmitted(dialog.changed):
        _save(qtbot, dialog)  # no key: refused, nothing saved
    assert dialog.error_label.isVisible() and "密钥" in dialog.error_label.text()
    assert ws.maps.tile_source().kind == "none"

    dialog.key_edit.setText(KEY)
    with qtbot.waitSignal(view.tile_source_changed, timeout=5_000):
        _save(qtbot, dialog)
    saved = ws.maps.tile_source()
    assert saved.preset == "tianditu-vector" and KEY in saved.url and KEY in saved.label_url
    info = base_info(qtbot, view)
    assert info["tileLayers"] == 2 and "/cva_w/" in info["labelUrl"]
    qtbot.waitUntil(lambda: {"vec", "cva"} <= _layers(hits), timeout=30_000)  # a busy machine
    qtbot.waitUntil(lambda: _loaded(qtbot, view) >= 2, timeout=30_000)
    hosts = {urlsplit(h).path.split("/")[1] for h in hits}
    assert len(hosts) >= 2 and hosts <= {f"t{i}.tianditu.gov.cn" for i in range(8)}
    assert not [u for u in requests.seen if "tianditu.gov.cn" in urlsplit(u).netloc]
    for path in list(hits):
        q = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
        assert q["tk"] == KEY and q["TILEMATRIXSET"] == "w"
        assert 0 <= int(q["TILEROW"]) < 2 ** int(q["TILEMATRIX"])
    assert _layers(hits) == {"vec", "cva"}
    credits = js(qtbot, view, "GridMap.attributionInfo()")
    assert "天地图" in credits["text"] and "Leaflet" not in credits["html"]
    fresh = TileSourceDialog(ws, view.runner)  # shows the saved ready map and its key
    qtbot.addWidget(fresh)
    assert fresh.preset_combo.currentData() == "tianditu-vector"
    assert fresh.key_edit.text() == KEY
    assert view.js_errors == []


def test_amap_preset_draws_cases_at_gcj02_points(qtbot, ws, provider_server):
    _port, hits = provider_server
    case_id = report(ws, URBAN, index=0)
    ws.act_as("ducha")
    requests = Requests()  # kept referenced: Qt does not own an interceptor
    view = open_map(qtbot, ws, requests)
    show(qtbot, view)
    rec = ws.record(case_id)
    dialog = _choose(qtbot, view, "amap-vector")
    assert dialog.gcj_check.isChecked() and not dialog.key_edit.isEnabled()
    with qtbot.waitSignal(view.cases_shown, timeout=10_000):
        _save(qtbot, dialog)
    gx, gy = wgs84_to_gcj02(rec.lon, rec.lat)
    shown = js(qtbot, view, f"GridMap.markerLatLng('{case_id}')")
    assert shown == [pytest.approx(gy, abs=1e-6), pytest.approx(gx, abs=1e-6)]
    # the grid outlines and the user's first view move with the tiles too
    grid = ws.record(case_id).grid_code
    find = f"GridMap.grids.getLayers().find(l => l.feature.properties.code === '{grid}')"
    label = js(qtbot, view, f"JSON.stringify({find}.feature.properties.label)")
    plain = ws.maps.grid_features(TileSource())["features"]
    wgs = next(f["properties"]["label"] for f in plain if f["properties"]["code"] == grid)
    assert label[1] - wgs[1] == pytest.approx(gx - rec.lon, abs=2e-5)
    qtbot.waitUntil(lambda: _loaded(qtbot, view) >= 1, timeout=30_000)  # a busy machine
    assert hits and all("style=8" in h and "is.autonavi.com/appmaptile" in h for h in hits)
    assert view.js_errors == []


def test_a_failed_tile_is_asked_for_again(qtbot, ws):
    """A server that fails each tile's first request: the tiles still show."""
    asked: dict[str, int] = {}
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), (0, 90, 200)).save(buf, "PNG")
    png = buf.getvalue()

    class Flaky(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked[self.path] = asked.get(self.path, 0) + 1
            if asked[self.path] == 1:
                self.send_error(503)
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        ws.act_as("ducha")
        requests = Requests()
        view = open_map(qtbot, ws, requests)
        url = f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png"
        source = TileSource(kind="xyz", url=url, max_zoom=18)
        ws.maps.set_tile_source(source)
        with qtbot.waitSignal(view.tile_source_changed, timeout=5_000):
            view.set_tile_source(source)
        qtbot.waitUntil(lambda: _loaded(qtbot, view) >= 4, timeout=30_000)
        assert asked and max(asked.values()) >= 2
        assert view.js_errors == []
    finally:
        server.shutdown()
        server.server_close()
