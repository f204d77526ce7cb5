"""Street (街道/镇) and community (社区/村) boundaries with label points, from the grids.

The offline base has no tiles, so these outlines and their names are what tells a
user where they are. The reference data holds only unit-grid polygons; a street or a
community is the union of its grids. Unions are computed once per loaded reference
(about 0.2 s for the demo's 409 grids) and kept with it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from gridapp.domain.geo import Grid

__all__ = ["Outline", "grid_label_points", "outlines_of", "region_outlines"]

Shift = Callable[[Sequence[float], Sequence[float]], tuple[list[float], list[float]]]


@dataclass(frozen=True)
class Outline:
    """One area's boundary: code, name, level ("street"/"community"), boundary geometry
    and a point inside it for its label (WGS-84)."""

    code: str
    name: str
    level: str
    geometry: BaseGeometry
    label: tuple[float, float]


def _label_point(geom: BaseGeometry) -> tuple[float, float]:
    """A point well inside the area (the pole of inaccessibility of its largest part),
    so a label of a crescent-shaped town does not sit outside it."""
    parts = list(getattr(geom, "geoms", [geom]))
    biggest = max(parts, key=lambda p: p.area)
    try:
        p = shapely.polylabel(biggest, tolerance=1e-4)
    except Exception:  # degenerate shapes: any inside point will do
        p = biggest.representative_point()
    return (round(p.x, 6), round(p.y, 6))


def _union(polys: list[BaseGeometry]) -> BaseGeometry:
    # A tiny buffer closes slivers between grids drawn with rounding gaps, so the
    # union is one clean boundary instead of a line along every grid edge.
    merged = shapely.union_all([shapely.buffer(p, 1e-6, join_style="mitre") for p in polys])
    return shapely.buffer(merged, -1e-6, join_style="mitre")


def _build(grids: Sequence[Grid]) -> list[Outline]:
    by_street: dict[str, list[Grid]] = {}
    by_community: dict[str, list[Grid]] = {}
    for g in grids:
        by_street.setdefault(g.street_code, []).append(g)
        by_community.setdefault(g.community_code, []).append(g)
    out: list[Outline] = []
    for level, groups in (("street", by_street), ("community", by_community)):
        for code in sorted(groups):
            members = groups[code]
            name = members[0].street_name if level == "street" else members[0].community_name
            geom = _union([g.polygon for g in members])
            if geom.is_empty:
                continue
            out.append(Outline(code, name, level, geom, _label_point(geom)))
    return out


# The last reference's outlines: a reload (admin edit, sync) brings a new object.
_last: tuple[weakref.ref[Any], list[Outline]] | None = None


def outlines_of(reference: Any) -> list[Outline]:
    """Street then community outlines of a loaded reference (cached with it)."""
    global _last
    if _last is not None and _last[0]() is reference:
        return _last[1]
    built = _build(list(reference.grids.values()))
    _last = (weakref.ref(reference), built)
    return built


def _shift_coords(coords: Any, shift: Shift) -> Any:
    if isinstance(coords[0][0], (int, float)):
        xs, ys = shift([c[0] for c in coords], [c[1] for c in coords])
        return [[round(x, 6), round(y, 6)] for x, y in zip(xs, ys, strict=True)]
    return [_shift_coords(c, shift) for c in coords]


def region_outlines(outlines: Sequence[Outline], shift: Shift) -> dict:
    """GeoJSON boundary lines of the outlines, drawn through ``shift`` (display datum);
    each feature carries code, name, level and its label point as [lat, lng]."""
    features = []
    for o in outlines:
        boundary = mapping(o.geometry.boundary)
        xs, ys = shift([o.label[0]], [o.label[1]])
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": boundary["type"],
                    "coordinates": _shift_coords(boundary["coordinates"], shift),
                },
                "properties": {
                    "code": o.code,
                    "name": o.name,
                    "level": o.level,
                    "label": [round(ys[0], 6), round(xs[0], 6)],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def grid_label_points(grids: Sequence[Grid]) -> dict[str, tuple[float, float]]:
    """code → a point inside each grid (WGS-84) for its code label."""
    return {g.code: _label_point(g.polygon) for g in grids}
