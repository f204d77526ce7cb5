"""Named roads of the demo district, and street addresses on them.

An officer writes where a problem is as a road and a house number ("周村区正阳路
128号附近") or a crossing ("正阳路与青年路交叉口东北角"), not as "X社区附近". The demo
district's boundaries are invented (``gridapp.demo.district``), so its roads are too:
a lattice of streets through the urban core, named after roads of 周村, and a few
county roads and town streets outside it. :func:`address_at` turns a point into the
address an officer would write: the nearest road, the house number from how far
along it the point lies (odd numbers on one side, even on the other), a crossing
when one is close, and the village for a point far from any road in a town.
:func:`on_road` moves a report's point onto the pavement of its road, so the marker
and the address agree.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cache

import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from gridapp.demo.district import DemoGeography, build_demo_geography
from gridapp.domain.geo import Grid

__all__ = ["Road", "address_at", "demo_roads", "on_road"]

PREFIX = "周村区"
_CENTRE = (117.866, 36.800)
_M_PER_LAT = 111_000.0
_M_PER_LON = 111_000.0 * math.cos(math.radians(_CENTRE[1]))  # ≈ 88.9 km at 36.8°
NEAR_M = 260.0  # within this of a road, an address is on the road
CROSSING_M = 70.0  # within this of a crossing, it is named by the crossing
METRES_PER_NUMBER = 7.0  # a house number every ~14 m on each side

# Through the urban core: east–west roads (by latitude offset) and north–south ones.
_EAST_WEST = (
    ("北环路", 0.0180),
    ("城北路", 0.0130),
    ("新建路", 0.0080),
    ("正阳路", 0.0030),
    ("丝绸路", -0.0020),
    ("永安街", -0.0070),
    ("南环路", -0.0130),
    ("站北路", -0.0180),
)
_NORTH_SOUTH = (
    ("西环路", -0.0230),
    ("米山路", -0.0165),
    ("大街", -0.0105),
    ("青年路", -0.0045),
    ("周隆路", 0.0015),
    ("东门路", 0.0075),
    ("棉纺路", 0.0135),
    ("东环路", 0.0200),
)
_CORE = (0.030, 0.024)  # half extent (lon, lat) the lattice covers around the centre
# County roads out of the core: name, bearing (degrees from east), reach (degrees).
_RADIAL = (
    ("周北路", 92.0, 0.10),
    ("周王路", 215.0, 0.11),
    ("周南路", 268.0, 0.10),
    ("机场路", 40.0, 0.10),
)
_NATIONAL = ("309国道", -0.032)  # east–west right across the district, south of the core
# Streets of each town's seat (a short cross of two roads at the town's centre).
_TOWN_STREETS = ("府前街", "兴业路", "文化路", "工业路")

_CORNERS = {(1, 1): "东北角", (-1, 1): "西北角", (1, -1): "东南角", (-1, -1): "西南角"}
_AFTER_NUMBER = ("附近", "附近", "附近", "门前", "对面", "东侧", "西侧")


@dataclass(frozen=True)
class Road:
    """A named road as a (lon, lat) line."""

    name: str
    wkt: str

    @property
    def line(self) -> LineString:
        return _line(self.wkt)


@cache
def _line(wkt: str) -> LineString:
    return shapely.from_wkt(wkt)


def _metres(geom: BaseGeometry) -> BaseGeometry:
    """Lon/lat scaled to local metres (near enough across one district)."""
    return shapely.transform(geom, lambda xy: xy * [_M_PER_LON, _M_PER_LAT])


@cache
def demo_roads(seed: int = 370306) -> tuple[Road, ...]:
    """The district's roads, clipped to its outline; derived from the geography's seed."""
    geo = build_demo_geography(seed)
    return tuple(_build_roads(geo))


def _build_roads(geo: DemoGeography) -> list[Road]:
    outline = shapely.from_wkt(geo.outline_wkt)
    cx, cy = _CENTRE
    dx, dy = _CORE
    roads: list[tuple[str, BaseGeometry]] = []
    for name, off in _EAST_WEST:
        roads.append((name, LineString([(cx - dx, cy + off), (cx + dx, cy + off)])))
    for name, off in _NORTH_SOUTH:
        roads.append((name, LineString([(cx + off, cy - dy), (cx + off, cy + dy)])))
    for name, bearing, reach in _RADIAL:
        a = math.radians(bearing)
        start = (cx + dx * 0.9 * math.cos(a), cy + dy * 0.9 * math.sin(a))
        end = (cx + reach * math.cos(a), cy + reach * 0.8 * math.sin(a))
        roads.append((name, LineString([start, end])))
    name, off = _NATIONAL
    roads.append((name, LineString([(cx - 0.13, cy + off), (cx + 0.13, cy + off)])))
    for street in geo.streets:
        if street.kind != "town":
            continue
        seat = street.polygon.representative_point()
        half = 0.012
        ew = LineString([(seat.x - half, seat.y), (seat.x + half, seat.y)])
        ns = LineString([(seat.x, seat.y - half * 0.8), (seat.x, seat.y + half * 0.8)])
        town = street.name.removesuffix("镇")
        roads.append((f"{town}{_TOWN_STREETS[0]}", ew))
        roads.append((f"{town}{_TOWN_STREETS[1]}", ns))
    out = []
    for name, line in roads:
        clipped = shapely.intersection(line, outline)
        parts = [p for p in shapely.get_parts(clipped) if p.length > 0]
        if parts:
            longest = max(parts, key=lambda p: p.length)
            out.append(Road(name, shapely.to_wkt(longest, rounding_precision=7, trim=True)))
    return out


@cache
def _tree(seed: int) -> tuple[shapely.STRtree, tuple[BaseGeometry, ...]]:
    lines = tuple(_metres(r.line) for r in demo_roads(seed))
    return shapely.STRtree(lines), lines


def _nearest(lon: float, lat: float, seed: int, k: int = 2) -> list[tuple[float, int]]:
    """(distance in metres, road index) of the ``k`` nearest roads."""
    tree, lines = _tree(seed)
    p = _metres(Point(lon, lat))
    near = tree.query(p, predicate="dwithin", distance=NEAR_M * 4)
    found = sorted((float(lines[i].distance(p)), int(i)) for i in near)
    return found[:k]


def on_road(lon: float, lat: float, rng: random.Random, seed: int = 370306) -> tuple[float, float]:
    """The point moved onto the pavement of its nearest road (3–12 m off the kerb line),
    or unchanged when no road is near."""
    found = _nearest(lon, lat, seed, k=1)
    if not found or found[0][0] > NEAR_M:
        return lon, lat
    _, i = found[0]
    line = _tree(seed)[1][i]
    p = _metres(Point(lon, lat))
    at = line.interpolate(line.project(p))
    dx, dy = p.x - at.x, p.y - at.y  # toward the side of the road the point was on
    norm = math.hypot(dx, dy) or 1.0
    off = rng.uniform(3.0, 12.0)
    x, y = at.x + dx / norm * off, at.y + dy / norm * off
    return round(x / _M_PER_LON, 7), round(y / _M_PER_LAT, 7)


def _number(line: BaseGeometry, p: BaseGeometry) -> int:
    """House number: distance along the road from its west or south end; odd on the
    left of the direction of numbering, even on the right."""
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    flip = (x1 - x0) < 0 if abs(x1 - x0) >= abs(y1 - y0) else (y1 - y0) < 0
    along = line.project(p)
    if flip:
        along = line.length - along
    n = max(1, int(along / METRES_PER_NUMBER))
    cross = (x1 - x0) * (p.y - y0) - (y1 - y0) * (p.x - x0)
    left = (cross > 0) != flip
    if (n % 2 == 1) != left:
        n += 1
    return n


def address_at(lon: float, lat: float, grid: Grid, rng: random.Random, seed: int = 370306) -> str:
    """The address an officer would write for a point in ``grid``."""
    roads = demo_roads(seed)
    found = _nearest(lon, lat, seed)
    if not found or found[0][0] > NEAR_M:
        direction = rng.choice(("东", "西", "南", "北"))
        if grid.community_name.endswith("村"):
            spot = rng.choice((f"村{direction}", f"村委会{direction}侧", f"{direction}头"))
        else:
            spot = rng.choice((f"{direction}侧", f"{direction}门附近"))
        return f"{PREFIX}{grid.street_name}{grid.community_name}{spot}"
    _, i = found[0]
    road = roads[i]
    line = _tree(seed)[1][i]
    p = _metres(Point(lon, lat))
    if len(found) > 1 and rng.random() < 0.5:
        other_line = _tree(seed)[1][found[1][1]]
        crossing = shapely.intersection(line, other_line)
        if isinstance(crossing, Point) and crossing.distance(p) <= CROSSING_M:
            corner = _CORNERS[(1 if p.x >= crossing.x else -1, 1 if p.y >= crossing.y else -1)]
            other = roads[found[1][1]].name
            return f"{PREFIX}{road.name}与{other}交叉口{corner}"
    if road.name.endswith("国道"):  # a national road is told by its kilometre, not houses
        km = line.project(p) / 1000.0
        side = "北侧" if (line.interpolate(line.project(p)).y < p.y) else "南侧"
        return f"{PREFIX}{road.name}周村段{km:.1f}公里处{side}"
    return f"{PREFIX}{road.name}{_number(line, p)}号{rng.choice(_AFTER_NUMBER)}"
