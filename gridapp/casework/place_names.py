"""Placing a hotline address on the map by the district's place names.

A 12345 work order has an address as the caller said it, no coordinates. What the
district's data names can place it: a road and a house number (numbers run from the
road's west or south end, about one every 7 m on each side, as the district's roads
are numbered), a crossing of two roads, a kilometre on the national road, else a
community (社区/村) named in the address, placed at a point inside it. A road without
a number, or only a street (街道/镇), is too coarse for a grid: such rows wait for a
point picked on the map. Each found point must lie in a grid; a point on a grid edge is
nudged a few metres until it does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import shapely
from shapely.geometry import LineString, Point

from gridapp.domain.geo import Grid, GridIndex

METRES_PER_NUMBER = 7.0  # as gridapp.demo.roads numbers houses
_PREFIXES = ("山东省", "淄博市", "周村区")
_CORNERS = {"东北": (1, 1), "西北": (-1, 1), "东南": (1, -1), "西南": (-1, -1)}
_NUDGES = ((0, 0), (8, 0), (-8, 0), (0, 8), (0, -8), (15, 15), (-15, -15), (15, -15), (-15, 15))


@dataclass(frozen=True)
class Placement:
    lon: float
    lat: float
    grid: Grid
    how: str  # "number", "crossing", "kilometre" or "community"


@dataclass(frozen=True)
class NamedRoad:
    name: str
    wkt: str


class PlaceIndex:
    """Road and community names of one district, ready to place addresses."""

    def __init__(
        self,
        grid_index: GridIndex,
        communities: Iterable[tuple[str, str]],  # (name, polygon WKT)
        roads: Iterable[NamedRoad] = (),
    ) -> None:
        self.grid_index = grid_index
        self.roads = {r.name: shapely.from_wkt(r.wkt) for r in roads}
        self._road_names = sorted(self.roads, key=len, reverse=True)  # 周村大街 before 大街
        names: dict[str, list[Point]] = {}
        for name, wkt in communities:
            names.setdefault(name, []).append(shapely.from_wkt(wkt).representative_point())
        # A name two communities share places nothing: better a map pick than a wrong grid.
        self.communities = {n: pts[0] for n, pts in names.items() if len(pts) == 1}
        self._community_names = sorted(self.communities, key=len, reverse=True)

    def place(self, address: str) -> Placement | None:
        text = re.sub(r"\s+", "", address)
        for prefix in _PREFIXES:
            text = text.replace(prefix, "")
        if not text:
            return None
        return (
            self._crossing(text)
            or self._numbered(text)
            or self._kilometre(text)
            or self._community(text)
        )

    # -- by roads ----------------------------------------------------------------------

    def _road_in(self, text: str, after: int = 0) -> tuple[str, int] | None:
        """The longest road name in ``text`` at or after ``after``, and where it ends."""
        best: tuple[int, str] | None = None
        for name in self._road_names:
            at = text.find(name, after)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, name)
        return None if best is None else (best[1], best[0] + len(best[1]))

    def _crossing(self, text: str) -> Placement | None:
        if "交叉口" not in text and "路口" not in text:
            return None
        first = self._road_in(text)
        if first is None:
            return None
        second = self._road_in(text, first[1])
        if second is None or second[0] == first[0]:
            return None
        cross = shapely.intersection(self.roads[first[0]], self.roads[second[0]])
        if not isinstance(cross, Point):
            return None
        dx, dy = next((xy for word, xy in _CORNERS.items() if word in text), (1, 1))
        return self._in_grid(cross.x, cross.y, "crossing", toward=(dx * 20, dy * 20))

    def _numbered(self, text: str) -> Placement | None:
        found = self._road_in(text)
        if found is None:
            return None
        m = re.match(r"(\d{1,5})号", text[found[1] :])
        if m is None:
            return None
        line = self.roads[found[0]]
        along = int(m.group(1)) * METRES_PER_NUMBER
        return self._along(line, along, from_start=_numbered_from_start(line), how="number")

    def _kilometre(self, text: str) -> Placement | None:
        found = self._road_in(text)
        if found is None:
            return None
        m = re.search(r"(\d{1,3}(?:\.\d+)?)公里", text[found[1] :])
        if m is None:
            return None
        line = self.roads[found[0]]
        return self._along(line, float(m.group(1)) * 1000, from_start=True, how="kilometre")

    def _along(self, line: LineString, metres: float, *, from_start: bool, how: str):
        sx, sy = _scale(line.centroid.y)
        local = shapely.transform(line, lambda xy: xy * [sx, sy])
        if metres > local.length + 50:
            return None  # a number past the road's end: not this road
        at = local.interpolate(metres if from_start else local.length - metres)
        return self._in_grid(at.x / sx, at.y / sy, how)

    # -- by community ------------------------------------------------------------------

    def _community(self, text: str) -> Placement | None:
        for name in self._community_names:
            if name in text:
                p = self.communities[name]
                return self._in_grid(p.x, p.y, "community")
        return None

    def _in_grid(
        self, lon: float, lat: float, how: str, toward: tuple[float, float] = (0, 0)
    ) -> Placement | None:
        sx, sy = _scale(lat)
        for dx, dy in ((toward[0] + nx, toward[1] + ny) for nx, ny in _NUDGES):
            x, y = round(lon + dx / sx, 7), round(lat + dy / sy, 7)
            grid = self.grid_index.locate(x, y)
            if grid is not None:
                return Placement(x, y, grid, how)
        return None


def _scale(lat: float) -> tuple[float, float]:
    """Metres per degree of longitude and latitude near ``lat``."""
    return 111_000.0 * math.cos(math.radians(lat)), 111_000.0


def _numbered_from_start(line: LineString) -> bool:
    """Numbers run from the west end of an east–west road, the south end of a
    north–south one (gridapp.demo.roads._number)."""
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    if abs(x1 - x0) >= abs(y1 - y0):
        return x1 >= x0
    return y1 >= y0
