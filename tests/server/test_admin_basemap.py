"""The district's base map: an administrator enters the 天地图 key once, every laptop
gets it with its reference snapshot; a user's own choice still wins on their laptop."""

from __future__ import annotations

import json

import pytest

from gridapp.maps.presets import preset
from gridapp.maps.tiles import TileSource
from tests.live_server import LiveServer
from tests.server.test_admin import _admin_rows, _code
from tests.sync.helpers import make_client

KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def admin(live_server: LiveServer):
    with live_server.client(live_server.login("admin")) as client:
        yield client


def _body(source: TileSource) -> dict:
    names = ("url", "attribution", "max_zoom", "crs", "subdomains", "label_url", "preset")
    return {n: getattr(source, n) for n in names}


def test_the_district_base_map_reaches_every_laptop(live_server, admin, tmp_path):
    tianditu = preset("tianditu-vector").source(KEY)
    laptop = make_client(tmp_path / "a", live_server.url, "a", "wg001")
    try:
        laptop.run()
        assert laptop.ws.maps.tile_source().kind == "none"  # the offline map
        r = admin.put("/admin/base-map", json=_body(tianditu))
        assert r.status_code == 200, r.text
        assert admin.get("/admin/base-map").json()["url"] == tianditu.url
        action, detail = _admin_rows(live_server)[-1]
        assert action == "admin_set_base_map" and KEY not in json.dumps(detail)
        laptop.run()
        assert laptop.ws.maps.tile_source() == tianditu
        # The user's own choice on this laptop wins over the district's.
        own = preset("amap-vector").source()
        laptop.ws.maps.set_tile_source(own)
        assert laptop.ws.maps.tile_source() == own
        laptop.ws.maps.set_tile_source(TileSource())  # "no tiles" is a choice too
        assert laptop.ws.maps.tile_source().kind == "none"
        # Removed on the service: a laptop that never chose goes back to the offline map.
        other = make_client(tmp_path / "b", live_server.url, "b", "wg002")
        try:
            other.run()
            assert other.ws.maps.tile_source() == tianditu
            assert admin.delete("/admin/base-map").status_code == 204
            other.run()
            assert other.ws.maps.tile_source().kind == "none"
        finally:
            other.close()
    finally:
        laptop.close()
    r = admin.delete("/admin/base-map")
    assert (r.status_code, _code(r)) == (404, "no_base_map")


@pytest.mark.parametrize(
    "change",
    [
        {"url": "file:///etc/passwd"},
        {"url": "javascript:alert(1)//{z}/{x}/{y}"},
        {"url": "https://t{s}.example.cn/{z}/{x}"},  # no {y}
        {"crs": "bd09"},
        {"max_zoom": 40},
        {"subdomains": "a;b"},
        {"url": "https://t{s}.example.cn/{z}/{x}/{y}\x00"},
        {"kind": "mbtiles"},
    ],
)
def test_a_bad_base_map_is_refused(live_server, admin, change):
    body = {**_body(preset("tianditu-vector").source(KEY)), **change}
    r = admin.put("/admin/base-map", json=body)
    assert r.status_code == 422, r.text
    assert admin.get("/admin/base-map").json() is None


def test_only_an_administrator_sets_the_base_map(live_server):
    body = _body(preset("tianditu-vector").source(KEY))
    with live_server.client(live_server.login("zhiban")) as lead:
        assert lead.put("/admin/base-map", json=body).status_code == 403
        assert lead.delete("/admin/base-map").status_code == 403
