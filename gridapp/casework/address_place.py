"""Placing a free-text address on the district: community or street name → a point.

Outside systems (Open311's ``address_string``, a hotline work order) often send an
address and no coordinates. The longest community name found in the text wins, then
the longest street/town name; the point is a point inside that area that lies in a
grid, so the case lands in the right community's grid even when the exact spot is not
known (intake can move it later). No match: None, and the caller asks for a location.
"""

from __future__ import annotations

from functools import lru_cache

import shapely
from shapely import wkt as shapely_wkt

from gridapp.store.reference import ReferenceData

MAX_ADDRESS = 500


def place_address(reference: ReferenceData, text: str) -> tuple[float, float] | None:
    """(lon, lat) for ``text``, or None when it names no community or street we know."""
    text = (text or "")[:MAX_ADDRESS]
    if not text.strip():
        return None
    areas = [
        *sorted(reference.communities.values(), key=lambda c: -len(c.name)),
        *sorted(reference.streets.values(), key=lambda s: -len(s.name)),
    ]
    for area in areas:
        if area.name and area.name in text:
            point = _point_in(area.wkt, reference)
            if point is not None:
                return point
    return None


def _point_in(wkt: str, reference: ReferenceData) -> tuple[float, float] | None:
    lon, lat = _representative(wkt)
    if reference.grid_index.locate(lon, lat) is not None:
        return lon, lat
    area = shapely_wkt.loads(wkt)
    for grid in reference.grid_index:  # an odd-shaped area: the first grid inside it
        p = grid.polygon.representative_point()
        if area.contains(p):
            return p.x, p.y
    return None


@lru_cache(maxsize=512)
def _representative(wkt: str) -> tuple[float, float]:
    p = shapely.get_coordinates(shapely_wkt.loads(wkt).representative_point())[0]
    return float(p[0]), float(p[1])
