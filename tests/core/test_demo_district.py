"""The synthetic geography of the demo district 淄博市周村区."""

from __future__ import annotations

import random
import time

import pytest
import shapely

from gridapp.demo.district import (
    COUNTY_CODE,
    DISTRICT_NAME,
    DemoGeography,
    build_demo_geography,
    random_point_in,
)
from gridapp.domain.geo import GridIndex, parse_grid_code

STREETS = {
    "370306001": ("丝绸路街道", "street"),
    "370306002": ("大街街道", "street"),
    "370306003": ("青年路街道", "street"),
    "370306004": ("永安街街道", "street"),
    "370306005": ("城北路街道", "street"),
    "370306101": ("北郊镇", "town"),
    "370306102": ("南郊镇", "town"),
    "370306103": ("王村镇", "town"),
}


@pytest.fixture(scope="module")
def geo() -> DemoGeography:
    return build_demo_geography()


def test_constants() -> None:
    assert COUNTY_CODE == "370306"
    assert DISTRICT_NAME == "淄博市周村区"


def test_deterministic_and_fast(geo: DemoGeography) -> None:
    start = time.perf_counter()
    again = build_demo_geography(370306)
    assert time.perf_counter() - start < 2.0
    assert again == geo
    assert repr(again) == repr(geo)  # byte-identical, WKT included
    other = build_demo_geography(1)
    assert other.grids != geo.grids


def test_streets(geo: DemoGeography) -> None:
    assert {s.code: (s.name, s.kind) for s in geo.streets} == STREETS
    assert [s.code for s in geo.streets] == sorted(STREETS)
    area = {s.code: s.polygon.area for s in geo.streets}
    # Towns are large, urban streets small.
    assert min(area[c] for c in STREETS if c[6] == "1") > 5 * max(
        area[c] for c in STREETS if c[6] == "0"
    )


def test_town_layout(geo: DemoGeography) -> None:
    centre = {s.name: s.polygon.centroid for s in geo.streets}
    urban = shapely.MultiPoint([p for n, p in centre.items() if n.endswith("街道")]).centroid
    assert 117.84 < urban.x < 117.90 and 36.78 < urban.y < 36.82
    assert centre["北郊镇"].y > urban.y + 0.02
    assert centre["王村镇"].x < urban.x and centre["王村镇"].y < urban.y
    assert centre["南郊镇"].y < urban.y


def test_grid_count_and_codes(geo: DemoGeography) -> None:
    assert 300 <= len(geo.grids) <= 600
    streets = {s.code for s in geo.streets}
    communities = {c.code: c for c in geo.communities}
    assert len(communities) == len(geo.communities)
    for c in geo.communities:
        assert len(c.code) == 12 and c.code[:9] == c.street_code and c.street_code in streets
        assert c.name.endswith(("社区", "村"))
    for g in geo.grids:
        county, street, community, seq = parse_grid_code(g.code)
        assert county == COUNTY_CODE and seq != "000"
        assert g.street_code == county + street and g.street_code in streets
        assert g.community_code == county + street + community
        assert communities[g.community_code].street_code == g.street_code
        assert g.name.startswith(g.street_name + g.community_name) and g.name.endswith("网格")
    assert len({g.code for g in geo.grids}) == len(geo.grids)
    assert len({g.name for g in geo.grids}) == len(geo.grids)
    assert len({c.name for c in geo.communities}) == len(geo.communities)
    every = {g.community_code for g in geo.grids}
    assert every == set(communities)  # no community without grids


def test_urban_grids_are_smaller(geo: DemoGeography) -> None:
    def mean_area(kind_digit: str) -> float:
        areas = [g.polygon.area for g in geo.grids if g.code[6] == kind_digit]
        return sum(areas) / len(areas)

    assert mean_area("0") * 4 < mean_area("1")


def test_grids_tile_the_outline(geo: DemoGeography) -> None:
    outline = shapely.from_wkt(geo.outline_wkt)
    assert outline.geom_type == "Polygon" and outline.is_valid
    assert outline.exterior.coords[:] != shapely.box(*outline.bounds).exterior.coords[:]
    assert len(outline.exterior.coords) > 50  # an irregular outline, not a rectangle
    polys = [g.polygon for g in geo.grids]
    assert all(p.is_valid and p.geom_type == "Polygon" for p in polys)
    assert sum(p.area for p in polys) == pytest.approx(outline.area, rel=0.005)
    union = shapely.union_all(polys)
    assert outline.difference(union).area <= 1e-9 * outline.area
    assert union.difference(outline).area <= 1e-9 * outline.area
    # No overlaps between neighbours (touching along borders is fine).
    tree = shapely.STRtree(polys)
    left, right = tree.query(polys, predicate="intersects")
    overlap = sum(
        polys[i].intersection(polys[j]).area for i, j in zip(left, right, strict=True) if i < j
    )
    assert overlap <= 1e-9 * outline.area


def test_streets_and_communities_are_unions_of_their_grids(geo: DemoGeography) -> None:
    for area in (*geo.streets, *geo.communities):
        members = [g.polygon for g in geo.grids if g.code.startswith(area.code)]
        assert area.polygon.symmetric_difference(shapely.union_all(members)).area < 1e-12


def test_inside_the_box(geo: DemoGeography) -> None:
    x0, y0, x1, y1 = shapely.total_bounds([g.polygon for g in geo.grids])
    assert 117.75 <= x0 < x1 <= 117.95
    assert 36.70 <= y0 < y1 <= 36.90


def test_random_points_fall_in_exactly_one_grid(geo: DemoGeography) -> None:
    outline = shapely.from_wkt(geo.outline_wkt)
    index = GridIndex(geo.grids)
    polys = [g.polygon for g in geo.grids]
    tree = shapely.STRtree(polys)
    rng = random.Random(2024)
    points = [random_point_in(outline, rng) for _ in range(1000)]
    hits = tree.query(shapely.points(points), predicate="intersects")
    counts = [0] * len(points)
    for i in hits[0]:
        counts[i] += 1
    assert counts == [1] * len(points)
    found = index.locate_many(points)
    assert all(g is not None for g in found)
    for (x, y), g in zip(points[:100], found[:100], strict=True):
        assert index.locate(x, y) == g


def test_random_point_in_grid(geo: DemoGeography) -> None:
    rng = random.Random(5)
    index = GridIndex(geo.grids)
    for grid in geo.grids[::40]:
        x, y = random_point_in(grid, rng)
        assert grid.polygon.covers(shapely.Point(x, y))
        assert (
            index.locate(x, y) == grid or grid.polygon.boundary.distance(shapely.Point(x, y)) < 1e-9
        )
    street = geo.streets[0]
    x, y = random_point_in(street, rng)
    assert street.polygon.covers(shapely.Point(x, y))
    a = random_point_in(geo.grids[0], random.Random(9))
    assert a == random_point_in(geo.grids[0].wkt, random.Random(9))
