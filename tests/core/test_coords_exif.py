"""Coordinate transforms, distances, and GPS from photo EXIF."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from gridapp.domain.coords import (
    box_around,
    distance_m,
    gcj02_to_wgs84,
    out_of_china,
    wgs84_to_gcj02,
)
from gridapp.domain.exif import gps_from_image
from gridapp.errors import NotFoundError, ValidationError

# --- coords -----------------------------------------------------------------------------


def test_reference_pair_tiananmen() -> None:
    # The classic example used across GCJ-02 libraries (eviltransform, coordtransform).
    lon, lat = wgs84_to_gcj02(116.397428, 39.90923)
    assert lon == pytest.approx(116.40367, abs=1e-4)
    assert lat == pytest.approx(39.91063, abs=1e-4)


def test_offset_in_zibo_is_a_few_hundred_metres() -> None:
    lon, lat = wgs84_to_gcj02(117.87, 36.80)
    shift = distance_m(117.87, 36.80, lon, lat)
    assert 200.0 < shift < 800.0


def test_round_trip_is_tight() -> None:
    rng = random.Random(1)
    for _ in range(500):
        lon, lat = rng.uniform(74.0, 134.0), rng.uniform(4.0, 53.0)
        back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
        assert back[0] == pytest.approx(lon, abs=1e-7)
        assert back[1] == pytest.approx(lat, abs=1e-7)


@pytest.mark.parametrize(("lon", "lat"), [(2.35, 48.85), (-74.0, 40.7), (139.7, 35.7), (0.0, 0.0)])
def test_outside_china_unchanged(lon: float, lat: float) -> None:
    assert out_of_china(lon, lat)
    assert wgs84_to_gcj02(lon, lat) == (lon, lat)
    assert gcj02_to_wgs84(lon, lat) == (lon, lat)


def test_bad_points_are_refused() -> None:
    with pytest.raises(ValidationError) as err:
        wgs84_to_gcj02(float("nan"), 36.8)
    assert err.value.code == "bad_point"
    with pytest.raises(ValidationError):
        distance_m(117.8, 95.0, 117.8, 36.8)


def test_distance() -> None:
    assert distance_m(117.87, 36.8, 117.87, 36.801) == pytest.approx(111.2, abs=0.2)
    assert distance_m(117.87, 36.8, 117.87, 36.8) == 0.0
    # One degree of longitude at 36.8° N is cos(36.8°) of one of latitude.
    assert distance_m(117.0, 36.8, 118.0, 36.8) == pytest.approx(89_050, rel=2e-3)
    assert distance_m(0.0, 0.0, 180.0, 0.0) == pytest.approx(20_015_087, rel=1e-4)


def test_box_around_holds_the_circle() -> None:
    lon, lat = 117.87, 36.8
    min_lon, min_lat, max_lon, max_lat = box_around(lon, lat, 50.0)
    assert min_lon < lon < max_lon and min_lat < lat < max_lat
    # The edges are 50 m from the centre (the box is tight, not just safe).
    assert distance_m(lon, lat, lon, max_lat) == pytest.approx(50.0, abs=0.01)
    assert distance_m(lon, lat, max_lon, lat) == pytest.approx(50.0, abs=0.05)
    rng = random.Random(3)
    for _ in range(2000):
        x, y = rng.uniform(lon - 0.001, lon + 0.001), rng.uniform(lat - 0.001, lat + 0.001)
        if distance_m(lon, lat, x, y) <= 50.0:
            assert min_lon <= x <= max_lon and min_lat <= y <= max_lat


def test_box_around_edge_cases() -> None:
    assert box_around(117.87, 36.8, 0.0) == pytest.approx((117.87, 36.8, 117.87, 36.8))
    assert box_around(10.0, 89.9999, 1000.0)[0::2] == (-180.0, 180.0)
    with pytest.raises(ValidationError) as err:
        box_around(117.87, 36.8, -1.0)
    assert err.value.code == "bad_distance"


# --- exif -------------------------------------------------------------------------------


def jpeg(gps: dict[int, object] | None = None, fmt: str = "JPEG") -> bytes:
    """A real tiny image whose EXIF carries the given GPS IFD (0x8825)."""
    img = Image.new("RGB", (16, 12), (90, 140, 200))
    exif = Image.Exif()
    exif[0x010F] = "gridapp-test"  # Make
    if gps is not None:
        exif.get_ifd(0x8825).update(gps)
    buf = io.BytesIO()
    img.save(buf, fmt, exif=exif.tobytes())
    return buf.getvalue()


def dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60 * 1000)
    return IFDRational(d, 1), IFDRational(m, 1), IFDRational(s, 1000)


def test_gps_in_zibo() -> None:
    data = jpeg({1: "N", 2: dms(36.8), 3: "E", 4: dms(117.87)})
    got = gps_from_image(data)
    assert got is not None
    assert got[0] == pytest.approx(117.87, abs=1e-6)
    assert got[1] == pytest.approx(36.8, abs=1e-6)


def test_gps_south_west_and_path(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(jpeg({1: "S", 2: dms(33.8688), 3: "W", 4: dms(151.2093)}))
    got = gps_from_image(path)
    assert got is not None
    assert got[0] == pytest.approx(-151.2093, abs=1e-6)
    assert got[1] == pytest.approx(-33.8688, abs=1e-6)


def test_gps_in_png() -> None:
    got = gps_from_image(jpeg({1: "N", 2: dms(36.8), 3: "E", 4: dms(117.87)}, fmt="PNG"))
    assert got is not None and got[1] == pytest.approx(36.8, abs=1e-6)


def test_no_gps_gives_none() -> None:
    assert gps_from_image(jpeg()) is None
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "JPEG")  # no EXIF at all
    assert gps_from_image(buf.getvalue()) is None


@pytest.mark.parametrize(
    "gps",
    [
        {1: "N", 2: dms(36.8)},  # longitude missing
        {1: "N", 2: dms(36.8), 3: "E", 4: dms(117.87), 9: "V"},  # void fix
        {1: "N", 2: (IFDRational(0, 1),) * 3, 3: "E", 4: (IFDRational(0, 1),) * 3},  # (0, 0)
        {1: "N", 2: dms(36.8), 3: "E", 4: (IFDRational(117, 0), IFDRational(1, 1))},  # x/0
        {1: "N", 2: (IFDRational(95, 1),), 3: "E", 4: dms(117.87)},  # latitude 95°
        {1: "Q", 2: dms(36.8), 3: "E", 4: dms(117.87)},  # unknown ref
    ],
)
def test_unusable_gps_gives_none(gps: dict[int, object]) -> None:
    assert gps_from_image(jpeg(gps)) is None


def test_garbage_is_not_an_image(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as err:
        gps_from_image(b"this is not a photo at all")
    assert err.value.code == "not_an_image"
    with pytest.raises(ValidationError):
        gps_from_image(b"")
    path = tmp_path / "notes.jpg"
    path.write_bytes(b"\xff\xd8 truncated")
    with pytest.raises(ValidationError):
        gps_from_image(path)
    with pytest.raises(NotFoundError):
        gps_from_image(tmp_path / "missing.jpg")
