"""Synthetic geography of the demo district 淄博市周村区 (370306), built from a seed.

The real street and town names and codes are used, but every boundary is invented:
an irregular outline around the real centre, a compact urban core split into the
five 街道, three 镇 around it, communities by Voronoi cells and unit grids from a
lattice. Same seed → byte-identical output, so demo databases and screenshots are
reproducible. Coordinates sit on a 1e-7° (≈1 cm) grid, so WKT round-trips without
loss, and the grids are rebuilt from one planar graph at the end so that they tile
the outline exactly: every point inside falls in one grid (or on a shared border).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from gridapp.domain.geo import Grid
from gridapp.errors import ValidationError

__all__ = [
    "COUNTY_CODE",
    "DISTRICT_BOX",
    "DISTRICT_NAME",
    "Community",
    "DemoGeography",
    "Street",
    "build_demo_geography",
    "random_point_in",
]

COUNTY_CODE = "370306"
DISTRICT_NAME = "淄博市周村区"
DISTRICT_BOX = (117.75, 36.70, 117.95, 36.90)  # (min_lon, min_lat, max_lon, max_lat)

_PREC = 1e-7
_CENTRE = (117.866, 36.800)  # urban centre; outline and core are star-shaped around it
# code, name, Voronoi seed offset from the centre, community count
_URBAN = (
    ("001", "丝绸路街道", (-0.004, -0.010), 6),
    ("002", "大街街道", (-0.014, 0.002), 6),
    ("003", "青年路街道", (0.013, 0.003), 5),
    ("004", "永安街街道", (0.008, -0.012), 5),
    ("005", "城北路街道", (0.000, 0.012), 6),
)
# Towns take sectors of what lies outside the core, split at three bearings
# (degrees counter-clockwise from east): 北郊 north, 王村 south-west, 南郊 south and east.
_TOWNS = (("101", "北郊镇", 10), ("102", "南郊镇", 11), ("103", "王村镇", 12))
_TOWN_BEARINGS = (15.0, 165.0, 255.0)  # borders 南郊|北郊, 北郊|王村, 王村|南郊
_TOWN_SECTORS = {"101": (0, 1), "103": (1, 2), "102": (2, 0)}
_URBAN_CELL = (0.0040, 0.0032)  # lon, lat degrees: about 355 m × 355 m
_TOWN_CELL = (0.0130, 0.0104)  # about 1.15 km × 1.15 km
_SLIVER = 0.2  # pieces under this share of a cell are merged into a neighbour


@dataclass(frozen=True)
class Street:
    """A 街道 (kind "street") or 镇 (kind "town") with its 9-digit code."""

    code: str
    name: str
    kind: str
    wkt: str

    @cached_property
    def polygon(self) -> BaseGeometry:
        return shapely.from_wkt(self.wkt)


@dataclass(frozen=True)
class Community:
    """A 社区 or 村 with its 12-digit code."""

    code: str
    name: str
    street_code: str
    wkt: str

    @cached_property
    def polygon(self) -> BaseGeometry:
        return shapely.from_wkt(self.wkt)


@dataclass(frozen=True)
class DemoGeography:
    """Everything the demo data set needs to know about places."""

    outline_wkt: str
    streets: tuple[Street, ...]
    communities: tuple[Community, ...]
    grids: tuple[Grid, ...]


def build_demo_geography(seed: int = 370306) -> DemoGeography:
    """The demo district: 8 streets/towns, about 60 communities and 420 unit grids."""
    rng = random.Random(seed)
    regions = _regions(rng)
    used: set[str] = set()
    streets: list[tuple[str, str, str]] = []  # code, name, kind
    communities: list[tuple[str, str, str]] = []  # code, name, street code
    grids: list[tuple[str, str, str, str, str, str]] = []  # Grid fields but the geometry
    pieces: list[BaseGeometry] = []
    for code, name, kind, poly, n in sorted(regions, key=lambda r: r[0]):
        s_code = COUNTY_CODE + code
        streets.append((s_code, name, kind))
        cell = _URBAN_CELL if kind == "street" else _TOWN_CELL
        parts = _partition(poly, _spread_points(poly, n, rng))
        parts.sort(key=lambda p: (-round(p.centroid.y, 4), round(p.centroid.x, 4)))
        n_she = len(parts) if kind == "street" else 2  # a town has 2 社区, then 村 (2xx)
        for i, part in enumerate(parts):
            c_code = s_code + (f"{i + 1:03d}" if i < n_she else f"{200 + i - n_she + 1:03d}")
            c_name = _community_name(rng, used, village=i >= n_she)
            communities.append((c_code, c_name, s_code))
            for seq, piece in enumerate(_cells(part, cell), start=1):
                g_name = f"{name}{c_name}第{seq:02d}网格"
                grids.append((f"{c_code}{seq:03d}", g_name, s_code, name, c_code, c_name))
                pieces.append(piece)

    polys = _clean_coverage(pieces)
    grid_objs = tuple(Grid(*g, wkt=_wkt(p)) for g, p in zip(grids, polys, strict=True))

    def union_of(prefix: str) -> str:
        members = [p for g, p in zip(grids, polys, strict=True) if g[0].startswith(prefix)]
        return _wkt(_single(shapely.union_all(members)))

    return DemoGeography(
        outline_wkt=union_of(COUNTY_CODE),
        streets=tuple(Street(c, n, k, union_of(c)) for c, n, k in streets),
        communities=tuple(Community(c, n, s, union_of(c)) for c, n, s in communities),
        grids=grid_objs,
    )


def random_point_in(
    shape: Grid | Street | Community | BaseGeometry | str, rng: random.Random
) -> tuple[float, float]:
    """A uniform (lon, lat) inside a grid/area/polygon, by rejection from its bbox."""
    geom = shape if isinstance(shape, BaseGeometry) else None
    if geom is None:
        geom = shapely.from_wkt(shape) if isinstance(shape, str) else shape.polygon
    if geom.is_empty or geom.area <= 0.0:
        raise ValidationError("bad_grid_geometry", "区域为空，无法取点")
    shapely.prepare(geom)
    minx, miny, maxx, maxy = geom.bounds
    for _ in range(10_000):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shapely.contains_xy(geom, x, y):
            return x, y
    p = geom.representative_point()  # only for absurdly thin shapes
    return p.x, p.y


# --- building blocks ---------------------------------------------------------------


def _wkt(geom: BaseGeometry) -> str:
    return shapely.to_wkt(geom, rounding_precision=7, trim=True, output_dimension=2)


def _regions(rng: random.Random) -> list[tuple[str, str, str, BaseGeometry, int]]:
    """(code, name, kind, polygon, community count) for the 5 streets and 3 towns."""
    outline = _blob(rng, rx=(0.074, 0.100), ry=(0.087, 0.087), wobble=0.12, n=144)
    outline = shapely.intersection(outline, box(117.751, 36.701, 117.949, 36.899), grid_size=_PREC)
    core = _blob(rng, rx=(0.024, 0.022), ry=(0.020, 0.019), wobble=0.12, n=72)
    jitter = [(rng.uniform(-0.002, 0.002), rng.uniform(-0.002, 0.002)) for _ in _URBAN]
    seeds = [
        Point(_CENTRE[0] + dx + jx, _CENTRE[1] + dy + jy)
        for (_, _, (dx, dy), _), (jx, jy) in zip(_URBAN, jitter, strict=True)
    ]
    regions: list[tuple[str, str, str, BaseGeometry, int]] = [
        (code, name, "street", poly, n)
        for (code, name, _, n), poly in zip(_URBAN, _partition(core, seeds), strict=True)
    ]
    rest = shapely.difference(outline, core, grid_size=_PREC)
    borders = [_border(rng, b + rng.uniform(-6.0, 6.0)) for b in _TOWN_BEARINGS]
    strays: list[BaseGeometry] = []
    for code, name, n in _TOWNS:
        start, end = _TOWN_SECTORS[code]
        bits = list(
            shapely.get_parts(
                shapely.intersection(rest, _wedge(borders[start], borders[end]), grid_size=_PREC)
            )
        )
        bits.sort(key=lambda g: -g.area)
        regions.append((code, name, "town", bits[0], n))
        strays += bits[1:]  # a border wiggle can cut off a bit: it joins a neighbour
    polys = _merge_into([r[3] for r in regions], strays)
    return [(*r[:3], p, r[4]) for r, p in zip(regions, polys, strict=True)]


def _blob(
    rng: random.Random, rx: tuple[float, float], ry: tuple[float, float], wobble: float, n: int
) -> BaseGeometry:
    """An irregular polygon around the centre: a lopsided ellipse with harmonics.

    rx/ry are (east, west) and (north, south) half-axes; wobble bounds the relative
    radius change, so the result stays inside its box and star-shaped from the centre.
    """
    amps = [rng.uniform(0.3, 1.0) / k for k in range(2, 13)]
    phases = [rng.uniform(0.0, 2.0 * math.pi) for _ in amps]
    scale = 0.85 * wobble / sum(amps)
    pts = []
    for i in range(n):
        t = 2.0 * math.pi * i / n
        wave = sum(
            a * math.sin(k * t + p) for k, a, p in zip(range(2, 13), amps, phases, strict=True)
        )
        r = 1.0 + scale * wave + 0.15 * wobble * rng.uniform(-1.0, 1.0)
        ax = rx[0] if math.cos(t) >= 0.0 else rx[1]
        ay = ry[0] if math.sin(t) >= 0.0 else ry[1]
        pts.append((_CENTRE[0] + r * ax * math.cos(t), _CENTRE[1] + r * ay * math.sin(t)))
    return shapely.set_precision(Polygon(pts), grid_size=_PREC)


def _border(rng: random.Random, bearing: float) -> list[tuple[float, float]]:
    """A wiggly line out of the centre along a bearing (degrees from east), ending far out.

    Two neighbouring towns use the very same line, so they meet without gap.
    """
    pts = [_CENTRE]
    drift = 0.0
    for k in range(1, 16):
        drift = max(-10.0, min(10.0, drift + rng.uniform(-4.0, 4.0)))
        a = math.radians(bearing + drift)
        r = 0.012 * k
        pts.append((_CENTRE[0] + r * math.cos(a), _CENTRE[1] + r * math.sin(a)))
    a = math.radians(bearing + drift)
    pts.append((_CENTRE[0] + math.cos(a), _CENTRE[1] + math.sin(a)))
    return pts


def _wedge(first: list[tuple[float, float]], second: list[tuple[float, float]]) -> Polygon:
    """The area between two borders, counter-clockwise from first to second.

    The far ends (1 degree out, beyond the district) are joined by an arc.
    """
    (cx, cy), (x0, y0), (x1, y1) = _CENTRE, first[-1], second[-1]
    a0, a1 = math.atan2(y0 - cy, x0 - cx), math.atan2(y1 - cy, x1 - cx)
    span = (a1 - a0) % (2.0 * math.pi)
    arc = [
        (cx + math.cos(a0 + span * i / 24), cy + math.sin(a0 + span * i / 24)) for i in range(1, 24)
    ]
    return Polygon([*first, *arc, *reversed(second[1:])])


def _spread_points(poly: BaseGeometry, n: int, rng: random.Random) -> list[Point]:
    """n points inside poly, kept apart so that no community comes out tiny."""
    shapely.prepare(poly)
    minx, miny, maxx, maxy = poly.bounds
    spacing = 0.7 * math.sqrt(poly.area / n)
    pts: list[Point] = []
    for attempt in range(20_000):
        if len(pts) == n:
            break
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if not shapely.contains_xy(poly, x, y):
            continue
        gap = spacing * (0.5 if attempt > 10_000 else 1.0)
        if all(math.hypot(x - p.x, y - p.y) >= gap for p in pts):
            pts.append(Point(x, y))
    return pts


def _partition(region: BaseGeometry, seeds: list[Point]) -> list[BaseGeometry]:
    """Split region into one connected polygon per seed (Voronoi cells, clipped).

    A clipped cell can fall apart into several bits; the bit holding the seed stays,
    the others join the neighbour they share the longest border with.
    """
    cells = list(shapely.get_parts(shapely.voronoi_polygons(MultiPoint(seeds), extend_to=region)))
    owner = [next(c for c in cells if c.covers(s)) for s in seeds]
    mains: list[BaseGeometry] = []
    strays: list[BaseGeometry] = []
    for seed, cell in zip(seeds, owner, strict=True):
        bits = [
            g
            for g in shapely.get_parts(shapely.intersection(cell, region, grid_size=_PREC))
            if g.area > 0
        ]
        keep = next((b for b in bits if b.covers(seed)), max(bits, key=lambda g: g.area))
        mains.append(keep)
        strays.extend(b for b in bits if b is not keep)
    return _merge_into(mains, strays)


def _merge_into(mains: list[BaseGeometry], strays: list[BaseGeometry]) -> list[BaseGeometry]:
    """Union each stray with the main it shares the longest edge with (in place).

    A stray that touches mains only through other strays waits for a later pass; if a
    pass makes no progress (never seen, possible in theory), the next one gives each
    stray to the nearest main, even if that makes a MultiPolygon: coverage comes first.
    """
    force = False
    while strays:
        deferred: list[BaseGeometry] = []
        for bit in strays:
            shared = shapely.intersection(bit.boundary, shapely.boundary(mains), grid_size=_PREC)
            lengths = shapely.length(shared)
            best = int(lengths.argmax())
            if lengths[best] <= 0.0:
                if not force:
                    deferred.append(bit)
                    continue
                best = int(shapely.distance(bit, mains).argmin())
            mains[best] = shapely.union(mains[best], bit, grid_size=_PREC)
        force = len(deferred) == len(strays)
        strays = deferred
    return mains


def _clean_coverage(pieces: list[BaseGeometry]) -> list[BaseGeometry]:
    """Rebuild the grids from one planar graph so that neighbours share exact edges.

    Grids come from many separate overlays; snap rounding leaves millimetre slivers
    of gap or overlap along some shared borders. Noding all borders together and
    polygonizing gives faces that tile the district exactly; each face goes to the
    grid holding it (a gap sliver: the grid it shares the longest border with).
    """
    geoms = np.asarray(pieces, dtype=object)
    lines = shapely.union_all(shapely.boundary(geoms), grid_size=_PREC)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines).tolist()))
    tree = shapely.STRtree(geoms)
    probe, hit = tree.query(shapely.point_on_surface(faces), predicate="within")
    owner = [-1] * len(faces)
    for f, g in sorted(zip(probe.tolist(), hit.tolist(), strict=True), reverse=True):
        owner[f] = g  # in an overlap sliver the lowest grid index wins
    for f in (f for f, o in enumerate(owner) if o < 0):
        near = tree.query(faces[f], predicate="intersects")
        shared = shapely.length(
            shapely.intersection(faces[f].boundary, shapely.boundary(geoms[near]), grid_size=_PREC)
        )
        owner[f] = int(near[int(shared.argmax())])
    groups: list[list[BaseGeometry]] = [[] for _ in geoms]
    for f, o in enumerate(owner):
        groups[o].append(faces[f])
    # Faces already share exact vertices: a floating union keeps thin slivers that a
    # snapped union would collapse (and so drop from the grid).
    merged = [shapely.union_all(g) if g else p for g, p in zip(groups, pieces, strict=True)]
    return [_single(m) for m in merged]


def _single(geom: BaseGeometry) -> BaseGeometry:
    parts = shapely.get_parts(geom)
    return parts[0] if len(parts) == 1 else geom


def _cells(community: BaseGeometry, cell: tuple[float, float]) -> list[BaseGeometry]:
    """Unit grids of a community: lattice squares clipped to it, slivers merged.

    The lattice is anchored at the district box corner so neighbouring communities
    line up; grids are numbered row by row from the north-west.
    """
    dx, dy = cell
    x0, y0 = DISTRICT_BOX[0], DISTRICT_BOX[1]
    minx, miny, maxx, maxy = community.bounds
    i0, i1 = math.floor((minx - x0) / dx), math.ceil((maxx - x0) / dx)
    j0, j1 = math.floor((miny - y0) / dy), math.ceil((maxy - y0) / dy)
    xs = [x0 + i * dx for i in range(i0, i1 + 1)]
    ys = [y0 + j * dy for j in range(j0, j1 + 1)]
    boxes = [
        box(xs[i], ys[j], xs[i + 1], ys[j + 1])
        for j in range(len(ys) - 1)
        for i in range(len(xs) - 1)
    ]
    keys = [(-j, i) for j in range(len(ys) - 1) for i in range(len(xs) - 1)]
    clipped = shapely.intersection(boxes, community, grid_size=_PREC)
    pieces: list[tuple[tuple[int, int, float], BaseGeometry]] = []
    for key, geom in zip(keys, clipped, strict=True):
        for part in shapely.get_parts(geom):
            if part.geom_type == "Polygon" and part.area > 0.0:
                pieces.append(((key[0], key[1], round(part.centroid.x, 6)), part))
    min_area = _SLIVER * dx * dy
    big = [(k, g) for k, g in pieces if g.area >= min_area]
    small = [g for _, g in pieces if g.area < min_area]
    if not big:  # a community smaller than one fifth of a cell is a single grid
        return [community]
    mains = _merge_into([g for _, g in big], sorted(small, key=lambda g: -g.area))
    ordered = sorted(zip((k for k, _ in big), mains, strict=True), key=lambda kg: kg[0])
    return [g for _, g in ordered]


_SHE_A = "银金丰新华兴和安福康泰盛瑞祥文昌锦绣长明光正阳玉春秋德惠民乐"
_SHE_B = "山河园苑城湖泉桥坊门街源林峰岭湾"
_CUN_A = "东西南北前后大小上下王李张刘陈杨赵孙周吴郑马韩苏高朱石贾"
_CUN_B = "庄旺营屯店河桥家寨坡峪岭洼泉湖楼堡集园官固塘"


def _community_name(rng: random.Random, used: set[str], village: bool) -> str:
    """A plausible two-character 社区/村 name, unique in the district (e.g. 银山社区, 北旺村)."""
    first, second = (_CUN_A, _CUN_B) if village else (_SHE_A, _SHE_B)
    while True:
        base = rng.choice(first) + rng.choice(second)
        if base[0] != base[1] and base not in used:
            used.add(base)
            return base + ("村" if village else "社区")
