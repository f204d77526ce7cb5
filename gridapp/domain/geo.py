"""Unit grids (单元网格): codes, the Grid value and a fast point→grid index.

Every case is filed against the unit grid that contains its point, so the index is
on the hot path of reporting, importing and the demo generator. Coordinates are
WGS-84 lon/lat (storage never holds GCJ-02, see DESIGN.md "Reference facts").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from gridapp.errors import ValidationError

__all__ = [
    "GRID_CODE_LENGTH",
    "Grid",
    "GridIndex",
    "check_point",
    "community_code",
    "parse_grid_code",
    "street_code",
]

GRID_CODE_LENGTH = 15


def parse_grid_code(code: str) -> tuple[str, str, str, str]:
    """Split a 15-digit unit grid code into (county, street, community, seq).

    County is the 6-digit GB/T 2260 code; the rest are 3 digits each.
    """
    if not isinstance(code, str) or len(code) != GRID_CODE_LENGTH or not _ascii_digits(code):
        raise ValidationError("bad_grid_code", "单元网格编码应为15位数字", code=code)
    return code[:6], code[6:9], code[9:12], code[12:]


def street_code(code: str) -> str:
    """The 9-digit 街道/镇 code a grid belongs to (county + street)."""
    parse_grid_code(code)
    return code[:9]


def community_code(code: str) -> str:
    """The 12-digit 社区/村 code a grid belongs to (county + street + community)."""
    parse_grid_code(code)
    return code[:12]


def _ascii_digits(text: str) -> bool:
    # str.isdigit() accepts full-width and superscript digits; codes must be ASCII.
    return text.isascii() and text.isdigit()


def check_point(lon: float, lat: float) -> tuple[float, float]:
    """Return (lon, lat) as floats, or raise bad_point for NaN/inf/out of range."""
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        raise ValidationError("bad_point", "坐标无效", lon=lon, lat=lat) from None
    if not (math.isfinite(x) and math.isfinite(y) and -180.0 <= x <= 180.0 and -90.0 <= y <= 90.0):
        raise ValidationError("bad_point", "坐标无效", lon=lon, lat=lat)
    return x, y


@dataclass(frozen=True)
class Grid:
    """One unit grid with the names of its street and community, as shown in lists."""

    code: str
    name: str
    street_code: str
    street_name: str
    community_code: str
    community_name: str
    wkt: str  # Polygon (or MultiPolygon) in WGS-84 lon/lat

    def __post_init__(self) -> None:
        # Inconsistent codes would file cases under the wrong street in every report.
        parse_grid_code(self.code)
        if self.street_code != self.code[:9] or self.community_code != self.code[:12]:
            raise ValidationError(
                "bad_grid_code",
                "单元网格编码与街道/社区编码不一致",
                code=self.code,
                street_code=self.street_code,
                community_code=self.community_code,
            )

    @cached_property
    def polygon(self) -> BaseGeometry:
        """The parsed geometry; parsed once, lazily, since most uses only need names."""
        try:
            geom = shapely.from_wkt(self.wkt)
        except shapely.errors.ShapelyError as exc:
            raise ValidationError(
                "bad_grid_geometry", "单元网格边界无效", code=self.code, reason=str(exc)
            ) from None
        if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise ValidationError(
                "bad_grid_geometry", "单元网格边界应为多边形", code=self.code, wkt=self.wkt[:80]
            )
        return geom


class GridIndex:
    """Point → grid lookup over an STRtree of prepared polygons.

    Grids are held sorted by code so that "the smallest tree index" is "the smallest
    code": a point on a shared border always goes to the grid with the smallest code.
    """

    def __init__(self, grids: Iterable[Grid]) -> None:
        ordered = sorted(grids, key=lambda g: g.code)
        by_code: dict[str, Grid] = {}
        for grid in ordered:
            if grid.code in by_code:
                raise ValidationError("duplicate_grid_code", "单元网格编码重复", code=grid.code)
            by_code[grid.code] = grid
        geoms = np.array([g.polygon for g in ordered], dtype=object)
        if len(geoms):
            bad = np.flatnonzero(~shapely.is_valid(geoms))
            if len(bad):
                grid = ordered[int(bad[0])]
                raise ValidationError(
                    "bad_grid_geometry",
                    "单元网格边界无效",
                    code=grid.code,
                    reason=shapely.is_valid_reason(grid.polygon),
                )
            shapely.prepare(geoms)
        self._grids: tuple[Grid, ...] = tuple(ordered)
        self._by_code = by_code
        self._geoms = geoms
        self._tree = shapely.STRtree(geoms)

    def __len__(self) -> int:
        return len(self._grids)

    def __iter__(self) -> Iterator[Grid]:
        return iter(self._grids)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Grid | None:
        """The grid with this code, or None."""
        return self._by_code.get(code)

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        """(min_lon, min_lat, max_lon, max_lat) of all grids; None when empty."""
        if not self._grids:
            return None
        b = shapely.total_bounds(self._geoms)
        return float(b[0]), float(b[1]), float(b[2]), float(b[3])

    def locate(self, lon: float, lat: float) -> Grid | None:
        """The grid containing the point (border → smallest code), or None outside."""
        x, y = check_point(lon, lat)
        hits = self._tree.query(shapely.Point(x, y), predicate="intersects")
        if len(hits) == 0:
            return None
        return self._grids[int(hits.min())]

    def locate_or_raise(self, lon: float, lat: float) -> Grid:
        """Like locate, but a point outside every grid is a validation error."""
        grid = self.locate(lon, lat)
        if grid is None:
            raise ValidationError(
                "point_outside_grids", "该位置不在任何单元网格内", lon=lon, lat=lat
            )
        return grid

    def locate_many(self, points: Iterable[tuple[float, float]] | np.ndarray) -> list[Grid | None]:
        """Vectorised locate for many (lon, lat) points: one tree query for all.

        Same answers as calling locate on each point (border rule included).
        """
        try:
            coords = np.asarray(
                points if isinstance(points, np.ndarray) else list(points), dtype=float
            )
        except (TypeError, ValueError):
            raise ValidationError("bad_point", "坐标应为 (经度, 纬度) 对") from None
        if coords.size == 0:
            return []
        if coords.ndim != 2 or coords.shape[1] != 2:
            raise ValidationError("bad_point", "坐标应为 (经度, 纬度) 对", shape=coords.shape)
        ok = (
            np.isfinite(coords).all(axis=1)
            & (np.abs(coords[:, 0]) <= 180.0)
            & (np.abs(coords[:, 1]) <= 90.0)
        )
        if not ok.all():
            i = int(np.flatnonzero(~ok)[0])
            raise ValidationError(
                "bad_point", "坐标无效", index=i, lon=coords[i, 0], lat=coords[i, 1]
            )
        n = len(coords)
        best = np.full(n, len(self._grids), dtype=np.int64)
        if self._grids:
            src, hit = self._tree.query(shapely.points(coords), predicate="intersects")
            np.minimum.at(best, src, hit)
        grids = self._grids
        size = len(grids)
        return [grids[i] if i < size else None for i in best.tolist()]
