"""Ready base maps (天地图 with its key, 高德 in GCJ-02), street/community outlines and
each role's first-view bounds."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from gridapp.domain.case import CaseState
from gridapp.domain.coords import distance_m, wgs84_to_gcj02
from gridapp.errors import ValidationError
from gridapp.maps.presets import PRESETS, key_of, preset
from gridapp.maps.tiles import TileSource
from tests.core.helpers import BEIJIAO, URBAN, drive, report

KEY = "0123456789abcdef0123456789ABCDEF"


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@pytest.mark.parametrize(
    ("pid", "base", "labels"),
    [("tianditu-vector", "vec", "cva"), ("tianditu-image", "img", "cia")],
)
def test_tianditu_templates_carry_the_key_and_a_label_layer(pid, base, labels):
    source = preset(pid).source(f"  {KEY} ")
    assert source.kind == "xyz" and source.crs == "wgs84" and not source.gcj02
    assert source.subdomains == "01234567" and source.max_zoom == 18 and source.preset == pid
    for url, layer in ((source.url, base), (source.label_url, labels)):
        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.netloc == "t{s}.tianditu.gov.cn"
        assert parts.path == f"/{layer}_w/wmts"
        q = _query(url)
        assert q["LAYER"] == layer and q["TILEMATRIXSET"] == "w" and q["tk"] == KEY
        assert (q["TILEMATRIX"], q["TILEROW"], q["TILECOL"]) == ("{z}", "{y}", "{x}")
        assert q["SERVICE"] == "WMTS" and q["REQUEST"] == "GetTile"
    assert key_of(source) == KEY
    assert "天地图" in source.attribution
    assert TileSource.from_json(source.to_json()) == source
    options = source.layer_options()
    assert options["labelUrl"] == source.label_url and options["url"] == source.url


@pytest.mark.parametrize("key", ["", "abc", "g" * 32, KEY + "0", "0123 4567"])
def test_tianditu_refuses_a_missing_or_malformed_key(key):
    with pytest.raises(ValidationError) as err:
        preset("tianditu-vector").source(key)
    assert err.value.code == "bad_tile_key"


def test_amap_is_gcj02_and_shifts_points_on_display():
    source = preset("amap-vector").source()
    assert source.url.startswith("https://webrd0{s}.is.autonavi.com/appmaptile?")
    q = _query(source.url)
    assert q["style"] == "8" and (q["x"], q["y"], q["z"]) == ("{x}", "{y}", "{z}")
    assert source.subdomains == "1234" and source.gcj02 and source.label_url == ""
    x, y = source.to_display(117.87, 36.80)
    assert (x, y) == pytest.approx(wgs84_to_gcj02(117.87, 36.80))
    assert 100 < distance_m(117.87, 36.80, x, y) < 1000
    image = preset("amap-image").source()
    assert _query(image.url)["style"] == "6" and _query(image.label_url)["style"] == "8"
    assert image.gcj02 and key_of(image) == ""
    assert {p.id for p in PRESETS} == {"tianditu-vector", "tianditu-image", "amap-vector",
                                       "amap-image"}  # fmt: skip
    with pytest.raises(ValidationError):
        preset("baidu")


def test_a_label_layer_needs_online_tiles():
    with pytest.raises(ValidationError):
        TileSource(kind="mbtiles", url="/x.mbtiles", label_url="https://a/{z}/{x}/{y}")
    with pytest.raises(ValidationError):
        TileSource(kind="xyz", url="https://a/{z}/{x}/{y}", label_url="https://a/{z}/{x}")
    # a setting saved before label layers existed still loads
    old = '{"kind": "xyz", "url": "https://a/{z}/{x}/{y}", "attribution": "", "max_zoom": 18, '
    old += '"crs": "wgs84"}'
    assert TileSource.from_json(old).url == "https://a/{z}/{x}/{y}"


def test_outlines_name_every_street_and_community(ws):
    ws.act_as("ducha")
    fc = ws.maps.outline_features(TileSource())
    by_level: dict[str, dict[str, dict]] = {"street": {}, "community": {}}
    for f in fc["features"]:
        by_level[f["properties"]["level"]][f["properties"]["code"]] = f
    ref = ws.reference
    assert set(by_level["street"]) == set(ref.streets)
    assert set(by_level["community"]) == set(ref.communities)
    for code, f in by_level["street"].items():
        assert f["properties"]["name"] == ref.streets[code].name
        assert f["geometry"]["type"] in ("LineString", "MultiLineString")
        lat, lon = f["properties"]["label"]
        grid = ws.locate(lon, lat)
        assert grid is not None and grid.street_code == code, "the label sits inside its street"
    # drawn on GCJ-02 tiles, the lines and labels move with the tiles
    gcj = TileSource(kind="xyz", url="https://a/{z}/{x}/{y}", crs="gcj02")
    shifted = ws.maps.outline_features(gcj)["features"][0]["properties"]["label"]
    plain = fc["features"][0]["properties"]["label"]
    gx, gy = wgs84_to_gcj02(plain[1], plain[0])
    assert shifted == [pytest.approx(gy, abs=1e-6), pytest.approx(gx, abs=1e-6)]


def _inside(inner, outer) -> bool:
    return (outer[0] <= inner[0] + 1e-9 and outer[1] <= inner[1] + 1e-9
            and outer[2] >= inner[2] - 1e-9 and outer[3] >= inner[3] - 1e-9)  # fmt: skip


def test_scope_bounds_per_role(ws):
    district = ws.maps.bounds()
    ws.act_as("wg001")
    mine = ws.reference.user("wg001").grid_codes
    b = ws.maps.scope_bounds()
    for code in mine:
        assert _inside(ws.reference.grids[code].polygon.bounds, b)
    assert (b[2] - b[0]) < (district[2] - district[0]) / 4
    assert ws.maps.scope_grid_codes() == mine

    ws.act_as("bj-paiqian")
    b = ws.maps.scope_bounds()
    town = [g for g in ws.reference.grids.values() if g.street_code == BEIJIAO]
    assert all(_inside(g.polygon.bounds, b) for g in town)
    others = [g for g in ws.reference.grids.values() if g.street_code != BEIJIAO]
    assert not all(_inside(g.polygon.bounds, b) for g in others)
    assert ws.maps.scope_grid_codes() == {g.code for g in town}

    ws.act_as("bm-d02")  # a department without cases: the district
    assert ws.maps.scope_bounds() == district
    ids = [report(ws, URBAN, index=i) for i in (0, 5)]
    for case_id in ids:
        drive(ws, case_id, CaseState.DISPATCHED, department="D02")
    ws.act_as("bm-d02")
    b = ws.maps.scope_bounds()
    for case_id in ids:
        rec = ws.record(case_id)
        assert b[0] <= rec.lon <= b[2] and b[1] <= rec.lat <= b[3]
    assert (b[2] - b[0]) < (district[2] - district[0]) / 4
    assert ws.maps.scope_grid_codes() == frozenset()

    for user in ("ducha", "admin", "paiqian"):
        ws.act_as(user)
        assert ws.maps.scope_bounds() == district


def test_one_case_is_framed_with_room_around_it(ws):
    case_id = report(ws, URBAN, index=2)
    drive(ws, case_id, CaseState.DISPATCHED, department="D02")
    ws.act_as("bm-d02")
    w, s, e, n = ws.maps.scope_bounds()
    assert e - w >= 0.004 - 1e-12 and n - s >= 0.004 - 1e-12
    rec = ws.record(case_id)
    assert (w + e) / 2 == pytest.approx(rec.lon) and (s + n) / 2 == pytest.approx(rec.lat)
