"""Tile sources and the MBTiles reader (TMS row flip, mime, missing tiles)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from gridapp.domain.coords import distance_m
from gridapp.errors import ValidationError
from gridapp.maps.mbtiles import MBTiles, sniff_mime, write_mbtiles
from gridapp.maps.tiles import TileSource


def png(color: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), color).save(buf, "PNG")
    return buf.getvalue()


def test_mbtiles_reader_flips_rows(tmp_path):
    red, blue = png((255, 0, 0)), png((0, 0, 255))
    path = write_mbtiles(tmp_path / "t.mbtiles", {(1, 0, 0): red, (1, 1, 1): blue})
    reader = MBTiles(path)
    assert reader.tile(1, 0, 0) == (red, "image/png")
    assert reader.tile(1, 1, 1) == (blue, "image/png")
    assert reader.tile(1, 0, 1) is None  # XYZ (0,1) is TMS row 0: not written
    assert reader.tile(1, 5, 0) is None and reader.tile(-1, 0, 0) is None
    assert reader.max_zoom == 1
    raw = reader._conn.execute("SELECT tile_row FROM tiles WHERE tile_column=0").fetchone()
    assert raw == (1,)  # stored as TMS
    reader.close()


def test_mbtiles_bad_files(tmp_path):
    with pytest.raises(ValidationError):
        MBTiles(tmp_path / "absent.mbtiles")
    junk = tmp_path / "junk.mbtiles"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(ValidationError):
        MBTiles(junk)


def test_sniff_mime():
    assert sniff_mime(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert sniff_mime(b"????", "webp") == "image/webp"
    assert sniff_mime(b"????") == "application/octet-stream"


def test_tile_source_values():
    assert TileSource().tile_url() is None and not TileSource().gcj02
    xyz = TileSource(kind="xyz", url="https://a/{z}/{x}/{y}.png", crs="gcj02")
    assert xyz.tile_url() == "https://a/{z}/{x}/{y}.png" and xyz.gcj02
    mb = TileSource(kind="mbtiles", url="/data/zc.mbtiles")
    assert mb.tile_url() == f"mbtiles://{mb.token}/{{z}}/{{x}}/{{y}}"
    assert TileSource.from_json(mb.to_json()) == mb
    assert TileSource.from_json("{broken") == TileSource()
    assert TileSource.from_json('{"kind": "alien"}') == TileSource()
    for bad in (
        {"kind": "wms"},
        {"kind": "xyz", "url": "ftp://x/{z}"},
        {"kind": "xyz", "url": "https://x/tile.png"},
        {"crs": "bd09"},
        {"max_zoom": 40},
        {"kind": "mbtiles"},
    ):
        with pytest.raises(ValidationError):
            TileSource(**bad)


def test_gcj_display_round_trip_only_in_china():
    gcj = TileSource(kind="xyz", url="https://a/{z}/{x}/{y}", crs="gcj02")
    x, y = gcj.to_display(117.87, 36.80)
    assert 100 < distance_m(117.87, 36.80, x, y) < 1000  # GCJ-02 moves points by metres
    assert gcj.from_display(x, y) == pytest.approx((117.87, 36.80), abs=1e-8)
    assert gcj.to_display(2.35, 48.85) == (2.35, 48.85)  # Paris: no shift outside China
    assert TileSource().to_display(117.87, 36.80) == (117.87, 36.80)
