"""The GPS position a phone or camera wrote into a photo's EXIF.

A grid officer's photo often carries a better fix than a hand-placed map pin, so the
report dialog offers it as the case point. EXIF GPS is WGS-84 by specification.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from gridapp.errors import NotFoundError, ValidationError

__all__ = ["gps_from_image"]

_GPS_IFD = 0x8825
_GPS_LAT_REF, _GPS_LAT, _GPS_LON_REF, _GPS_LON = 1, 2, 3, 4
_GPS_STATUS = 9  # "A" measurement active, "V" void (no fix)


def gps_from_image(data: bytes | Path) -> tuple[float, float] | None:
    """(lon, lat) in WGS-84 decimal degrees from EXIF GPS, or None without a usable fix.

    None also covers a void fix (GPSStatus "V"), unreadable values and the (0, 0)
    that some cameras write when they have no fix: a wrong point is worse than none.
    """
    try:
        with _open(data) as img:
            gps = img.getexif().get_ifd(_GPS_IFD)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError("not_an_image", "文件不是可识别的图片", reason=str(exc)) from None
    if not gps or _ref(gps.get(_GPS_STATUS)) == "V":
        return None
    lat = _degrees(gps.get(_GPS_LAT))
    lon = _degrees(gps.get(_GPS_LON))
    lat_ref, lon_ref = _ref(gps.get(_GPS_LAT_REF)), _ref(gps.get(_GPS_LON_REF))
    if lat is None or lon is None or lat_ref not in ("N", "S") or lon_ref not in ("E", "W"):
        return None
    if lat_ref == "S":
        lat = -lat
    if lon_ref == "W":
        lon = -lon
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0) or (lat == 0.0 and lon == 0.0):
        return None
    return lon, lat


def _open(data: bytes | Path) -> Image.Image:
    if isinstance(data, Path):
        if not data.is_file():
            raise NotFoundError("file_not_found", "找不到图片文件", path=str(data))
        return Image.open(data)
    if isinstance(data, bytes | bytearray | memoryview):
        return Image.open(io.BytesIO(bytes(data)))
    raise ValidationError("not_an_image", "文件不是可识别的图片", type=type(data).__name__)


def _ref(value: Any) -> str:
    """ "N"/"S"/"E"/"W"/"A"/"V" from a str or bytes tag, tolerating NULs and case."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "ignore")
    if not isinstance(value, str):
        return ""
    return value.strip("\x00 ").upper()[:1]


def _number(value: Any) -> float | None:
    """A float from an IFDRational, a plain number or a raw (num, den) pair."""
    try:
        if isinstance(value, tuple) and len(value) == 2:
            num, den = value
            result = float(num) / float(den)
        else:
            result = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return result if math.isfinite(result) and result >= 0.0 else None


def _degrees(value: Any) -> float | None:
    """Degrees from the EXIF (deg, min, sec) triple; some writers give fewer parts."""
    if not isinstance(value, tuple | list) or not 1 <= len(value) <= 3:
        return None
    parts = [_number(v) for v in value]
    if any(p is None for p in parts):
        return None
    total = 0.0
    for part, scale in zip(parts, (1.0, 60.0, 3600.0), strict=False):
        total += (part or 0.0) / scale
    return total
