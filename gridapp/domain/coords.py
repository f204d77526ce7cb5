"""WGS-84 ⇄ GCJ-02 and small-distance helpers.

Storage is WGS-84; most Chinese web tiles are GCJ-02 ("Mars coordinates"), so the
map view shifts points on display and un-shifts clicks. The forward transform is the
widely published one (Krasovsky ellipsoid constants); the inverse has no closed
form and is solved by fixed-point iteration.
"""

from __future__ import annotations

import math

from gridapp.domain.geo import check_point
from gridapp.errors import ValidationError

__all__ = [
    "EARTH_RADIUS_M",
    "box_around",
    "distance_m",
    "gcj02_to_wgs84",
    "out_of_china",
    "wgs84_to_gcj02",
]

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius: haversine error < 0.5% anywhere
_A = 6_378_245.0  # Krasovsky 1940 semi-major axis, as the GCJ-02 algorithm uses
_EE = 0.00669342162296594323  # its first eccentricity squared
_INVERSE_TOL_DEG = 1e-9
_INVERSE_MAX_ITER = 30


def out_of_china(lon: float, lat: float) -> bool:
    """The rough box outside which GCJ-02 equals WGS-84 (the usual convention)."""
    return not (73.66 < lon < 135.05 and 3.86 < lat < 53.55)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _offset(lon: float, lat: float) -> tuple[float, float]:
    """GCJ-02 minus WGS-84 at a WGS-84 point, in degrees."""
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1.0 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """WGS-84 → GCJ-02 (for drawing on Chinese tiles); unchanged outside China."""
    x, y = check_point(lon, lat)
    if out_of_china(x, y):
        return x, y
    dlon, dlat = _offset(x, y)
    return x + dlon, y + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """GCJ-02 → WGS-84 (for a click on Chinese tiles), iterated to < 1e-9 degree."""
    gx, gy = check_point(lon, lat)
    if out_of_china(gx, gy):
        return gx, gy
    # The offset varies slowly (a few hundred metres over the country), so the
    # fixed-point iteration w ← g − offset(w) contracts fast: 3–5 rounds in practice.
    wx, wy = gx, gy
    for _ in range(_INVERSE_MAX_ITER):
        dlon, dlat = _offset(wx, wy)
        nx, ny = gx - dlon, gy - dlat
        done = abs(nx - wx) < _INVERSE_TOL_DEG and abs(ny - wy) < _INVERSE_TOL_DEG
        wx, wy = nx, ny
        if done:
            break
    return wx, wy


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle (haversine) distance in metres; good to metres at city scale."""
    x1, y1 = check_point(lon1, lat1)
    x2, y2 = check_point(lon2, lat2)
    p1, p2 = math.radians(y1), math.radians(y2)
    dp = p2 - p1
    dl = math.radians(x2 - x1)
    h = math.sin(dp / 2.0) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2.0) ** 2
    return 2.0 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def box_around(lon: float, lat: float, metres: float) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) holding every point within `metres`.

    Meant as an indexed SQL pre-filter ("open case of this kind within 50 m"); the
    caller confirms with distance_m. The box is exact for the haversine circle, so
    the pre-filter never drops a true match. Near a pole it spans all longitudes;
    it does not wrap across ±180° (no such grids exist).
    """
    x, y = check_point(lon, lat)
    try:
        r = float(metres)
    except (TypeError, ValueError):
        raise ValidationError("bad_distance", "距离无效", metres=metres) from None
    if not (math.isfinite(r) and r >= 0.0):
        raise ValidationError("bad_distance", "距离无效", metres=metres)
    # A relative pad of 1e-9 (a micrometre per km) absorbs float rounding at the edge.
    ang = min(r / EARTH_RADIUS_M * (1.0 + 1e-9), math.pi)
    dlat = math.degrees(ang)
    min_lat, max_lat = max(-90.0, y - dlat), min(90.0, y + dlat)
    s = math.sin(ang) / math.cos(math.radians(y)) if abs(y) < 90.0 else math.inf
    if ang >= math.pi / 2.0 or s >= 1.0 or max_lat >= 90.0 or min_lat <= -90.0:
        return -180.0, min_lat, 180.0, max_lat
    dlon = math.degrees(math.asin(s))
    return max(-180.0, x - dlon), min_lat, min(180.0, x + dlon), max_lat
