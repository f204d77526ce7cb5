"""Vectorised GCJ-02, XYZ template checks, MBTiles metadata and base-layer options."""

from __future__ import annotations

import random
import sqlite3

import numpy as np
import pytest

from gridapp.domain.coords import wgs84_to_gcj02
from gridapp.errors import ValidationError
from gridapp.maps.gcj import wgs84_to_gcj02_many
from gridapp.maps.mbtiles import describe_mbtiles, write_mbtiles
from gridapp.maps.tiles import TileSource, check_template
from tests.core.helpers import BEIJIAO, URBAN, report


def test_vectorised_gcj_equals_scalar():
    rng = random.Random(7)
    # across China, around its box edges, and outside (unchanged there)
    pts = [(rng.uniform(70.0, 140.0), rng.uniform(0.0, 58.0)) for _ in range(5_000)]
    pts += [(73.66, 30.0), (135.05, 30.0), (100.0, 3.86), (100.0, 53.55), (117.87, 36.8)]
    pts += [(2.35, 48.85), (-180.0, -90.0), (180.0, 90.0)]
    xs, ys = wgs84_to_gcj02_many([p[0] for p in pts], [p[1] for p in pts])
    for (lon, lat), x, y in zip(pts, xs, ys, strict=True):
        sx, sy = wgs84_to_gcj02(lon, lat)
        assert x == pytest.approx(sx, abs=1e-12) and y == pytest.approx(sy, abs=1e-12)
    assert round(xs[-4], 7) == 117.87 + round(wgs84_to_gcj02(117.87, 36.8)[0] - 117.87, 7)
    empty = wgs84_to_gcj02_many([], [])
    assert empty[0].size == 0 and empty[1].size == 0


def test_vectorised_gcj_refuses_bad_points_like_the_scalar():
    with pytest.raises(ValidationError) as exc:
        wgs84_to_gcj02_many([117.0, np.nan], [36.0, 36.0])
    assert exc.value.code == "bad_point"
    with pytest.raises(ValidationError):
        wgs84_to_gcj02_many([117.0], [95.0])


def test_case_points_on_gcj_source_match_scalar_shift(ws):
    ids = [report(ws, URBAN, index=i) for i in range(3)] + [report(ws, BEIJIAO, index=0)]
    ws.act_as("ducha")
    gcj = TileSource(kind="xyz", url="https://t{s}.example.cn/{z}/{x}/{y}.png", crs="gcj02")
    plain = {r[0]: r for r in ws.maps.case_points()}
    shifted = {r[0]: r for r in ws.maps.case_points(source=gcj)}
    assert set(plain) == set(shifted) == set(ids)
    for cid, row in plain.items():
        x, y = wgs84_to_gcj02(row[1], row[2])
        assert shifted[cid][1:3] == [round(x, 7), round(y, 7)]
        assert shifted[cid][3:] == row[3:]
    # grid polygons are shifted the same way, ring by ring
    fc_plain, fc_gcj = ws.maps.grid_features(TileSource()), ws.maps.grid_features(gcj)
    ring_plain = fc_plain["features"][0]["geometry"]["coordinates"][0]
    ring_gcj = fc_gcj["features"][0]["geometry"]["coordinates"][0]
    assert len(ring_plain) == len(ring_gcj)
    for (lon, lat), shown in zip(ring_plain[:5], ring_gcj[:5], strict=True):
        x, y = wgs84_to_gcj02(lon, lat)
        assert shown == [pytest.approx(x, abs=2e-6), pytest.approx(y, abs=2e-6)]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("", "http"),
        ("ftp://a/{z}/{x}/{y}", "http"),
        ("https:///{z}/{x}/{y}", "http"),
        ("https://a/{z}/{x}.png", "{y}"),
        ("https://a/tile.png", "{z}"),
        ("https://a/{z}/{x}/{y}?k={key}", "{key}"),
        ("https://a/{z}/{x}/{y} .png", "空格"),
    ],
)
def test_bad_templates_say_what_is_wrong(url, says):
    with pytest.raises(ValidationError) as exc:
        check_template(url)
    assert says in exc.value.message
    with pytest.raises(ValidationError):
        TileSource(kind="xyz", url=url)


def test_good_templates_and_subdomains():
    amap = "https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}"
    assert check_template(f"  {amap} ", "1234") == amap
    assert check_template("http://localhost:8080/{z}/{x}/{y}{r}.png")
    with pytest.raises(ValidationError, match="子域名"):
        check_template(amap, "")
    with pytest.raises(ValidationError):
        TileSource(kind="xyz", url=amap, subdomains="1;2")
    src = TileSource(kind="xyz", url=amap, subdomains="1234", crs="gcj02")
    assert TileSource.from_json(src.to_json()) == src
    old = '{"kind": "xyz", "url": "https://a/{z}/{x}/{y}", "attribution": "", '
    old += '"max_zoom": 18, "crs": "wgs84"}'
    assert TileSource.from_json(old).subdomains == "abc"  # settings saved before subdomains


def test_mbtiles_info_and_layer_options(tmp_path):
    tiles = {(z, 0, 0): b"\x89PNG-" + bytes([z]) for z in (11, 12, 13)}
    path = write_mbtiles(
        tmp_path / "zc.mbtiles",
        tiles,
        name="周村区",
        bounds="117.80,36.75,117.95,36.85",
        attribution='<a href="https://osm.org">© OSM</a> <script>x</script>',
    )
    info = describe_mbtiles(path)
    assert (info.name, info.format, info.min_zoom, info.max_zoom) == ("周村区", "png", 11, 13)
    assert info.bounds == (117.80, 36.75, 117.95, 36.85)
    src = TileSource(kind="mbtiles", url=str(path), max_zoom=19, crs="gcj02")
    opts = src.layer_options(info)
    assert opts["url"] == src.tile_url()
    assert opts["maxNativeZoom"] == 13 and opts["minZoom"] == 11
    assert opts["bounds"] == [[36.75, 117.80], [36.85, 117.95]]  # the tiles' own datum
    assert "<" not in opts["attribution"] and "© OSM" in opts["attribution"]
    xyz = TileSource(kind="xyz", url="https://a/{z}/{x}/{y}", max_zoom=17, attribution="<b>A&B")
    xo = xyz.layer_options()
    assert xo["maxNativeZoom"] == 17 and xo["bounds"] is None
    assert xo["attribution"] == "A&amp;B"
    assert TileSource().layer_options() is None


def test_mbtiles_without_zoom_metadata_or_bounds(tmp_path):
    path = write_mbtiles(tmp_path / "bare.mbtiles", {(3, 1, 1): b"x", (5, 2, 2): b"y"})
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM metadata WHERE name IN ('minzoom', 'maxzoom')")
        conn.execute("INSERT INTO metadata VALUES ('bounds', 'rubbish')")
    conn.close()
    info = describe_mbtiles(path)
    assert (info.min_zoom, info.max_zoom, info.bounds) == (3, 5, None)


def test_unusable_mbtiles_are_refused(tmp_path):
    vector = write_mbtiles(tmp_path / "v.mbtiles", {(1, 0, 0): b"pbf"}, format="pbf")
    with pytest.raises(ValidationError, match="pbf"):
        describe_mbtiles(vector)
    empty = write_mbtiles(tmp_path / "e.mbtiles", {})
    with pytest.raises(ValidationError, match="没有瓦片"):
        describe_mbtiles(empty)
    other = tmp_path / "other.mbtiles"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    conn.close()
    with pytest.raises(ValidationError, match="不是有效"):
        describe_mbtiles(other)  # SQLite, but no tiles table
    (tmp_path / "junk.mbtiles").write_bytes(b"\0" * 4096)
    with pytest.raises(ValidationError):
        describe_mbtiles(tmp_path / "junk.mbtiles")
    with pytest.raises(ValidationError, match="不存在"):
        describe_mbtiles(tmp_path)
