"""Placing a free-text address on the district: one matcher for every way in.

Outside systems send an address and no coordinates: a 12345 work order (the hotline
import) or Open311's ``address_string``. Both go through the same ``PlaceIndex``
(road and house number, crossing, kilometre, community: ``place_names.py``), so one
address lands on one point whichever way it came. Open311 alone may then fall back to
a street or town named in the text (a point inside it that lies in a grid): an
integration cannot wait for a map pick, and intake can move the point later; the
hotline import asks for a pick instead.
"""

from __future__ import annotations

from functools import lru_cache

import shapely
from shapely import wkt as shapely_wkt

from gridapp.casework.place_names import NamedRoad, PlaceIndex
from gridapp.store.reference import ReferenceData

MAX_ADDRESS = 500
DEMO_COUNTY = "370306"  # the demo district (淄博市周村区), whose road names ship with it

_indexes: dict[tuple[int, str], tuple[ReferenceData, PlaceIndex]] = {}


def place_index(reference: ReferenceData, county_code: str) -> PlaceIndex:
    """The district's place names, built once per reference data (a new one after an
    admin changes communities or grids)."""
    key = (id(reference), county_code)
    held = _indexes.get(key)
    if held is not None and held[0] is reference:
        return held[1]
    roads: list[NamedRoad] = []
    if county_code == DEMO_COUNTY:
        from gridapp.demo.roads import demo_roads

        roads = [NamedRoad(r.name, r.wkt) for r in demo_roads()]
    communities = [(c.name, c.wkt) for c in reference.communities.values()]
    index = PlaceIndex(reference.grid_index, communities, roads)
    if len(_indexes) >= 4:  # a few references at most (tests, an admin's edits)
        _indexes.clear()
    _indexes[key] = (reference, index)
    return index


def place_address(
    reference: ReferenceData, county_code: str, text: str, *, street_fallback: bool = False
) -> tuple[float, float] | None:
    """(lon, lat) for ``text``, or None when it names no place precise enough."""
    text = (text or "")[:MAX_ADDRESS]
    if not text.strip():
        return None
    placed = place_index(reference, county_code).place(text)
    if placed is not None:
        return placed.lon, placed.lat
    if not street_fallback:
        return None
    for street in sorted(reference.streets.values(), key=lambda s: -len(s.name)):
        if street.name and street.name in text:
            point = _point_in(street.wkt, reference)
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
